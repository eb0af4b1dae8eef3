"""Tests of review comments and readiness ticks: model, file round trip, export appendix, CLI flag."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w

from workshop import cli, store
from workshop.export import blocks, markdown
from workshop.export.comments import COMMENTS_HEADING
from workshop.export.comments import comments_appendix as comments_blocks
from workshop.model import Session, SessionDataError
from workshop.model.comments import (
    Comment,
    add_comment,
    anchor_choices,
    anchor_label,
    anchor_stage,
    anchor_step,
    comment_to_faq,
    find_comment,
    open_comments,
    open_counts,
    remove_comment,
    restore_comment,
    set_status,
)
from workshop.model.readiness import Readiness, stage_checklist, tick


def _round_trip(session: Session, template=None) -> Session:
    text = tomli_w.dumps(session.to_dict(template))
    return Session.from_dict(tomllib.loads(text))


@pytest.fixture
def reviewed(template, clock) -> Session:
    session = Session("Loaner bikes")
    session.add_faq("How much does it cost?", "customer")
    session.add_faq("What if a bike is stolen?", "internal")
    add_comment(session, "Headline is too long", anchor="pr-headline", author="Ana")
    clock.advance(minutes=3)
    add_comment(session, "Which city first?", anchor="press-release", author="Bo")
    clock.advance(minutes=3)
    add_comment(session, "Great start", author="Cy")
    add_comment(session, "Say the price", anchor=session.faq[0].id, author="Dee")
    return session


# ------------------------------------------------------------------ model
def test_comments_round_trip_through_toml(reviewed: Session, template) -> None:
    set_status(reviewed, reviewed.comments[1].id, "resolved")
    reviewed.comments[2].extra["mood"] = "happy"  # a newer version's key is kept
    again = _round_trip(reviewed, template)
    assert again.comments == reviewed.comments
    assert [c.status for c in again.comments] == ["open", "resolved", "open", "open"]
    assert again.comments[0].created.tzinfo is not None
    assert again.comments[2].extra == {"mood": "happy"}
    assert again.to_dict(template) == reviewed.to_dict(template)


def test_no_comments_or_ticks_write_no_keys(template) -> None:
    data = Session("Plain").to_dict(template)
    assert "comments" not in data and "readiness" not in data


def test_comments_are_saved_as_comment_tables(reviewed: Session, template, sessions_dir: Path) -> None:
    path = sessions_dir / "reviewed.toml"
    store.save(reviewed, path, template)
    text = path.read_text(encoding="utf-8")
    assert text.count("[[comments]]") == 4
    assert 'anchor = "pr-headline"' in text and 'status = "open"' in text
    assert store.load(path).comments == reviewed.comments


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"comments": {"id": "c-1"}}, "comments"),
        ({"comments": ["text"]}, "comments[0]"),
        ({"comments": [{"id": "c-1", "text": "x", "status": "done"}]}, "comments[0].status"),
        ({"comments": [{"id": "c-1"}]}, "comments[0].text"),
        ({"comments": [{"text": "x"}]}, "comments[0].id"),
        ({"comments": [{"id": "c-1", "text": "x", "created": "yesterday"}]}, "comments[0].created"),
        ({"comments": [{"id": "c-1", "text": "x"}, {"id": "c-1", "text": "y"}]}, "comments[1].id"),
        ({"readiness": []}, "readiness"),
        ({"readiness": {"ticked": {"customer-who": "all"}}}, "readiness.ticked.customer-who"),
        ({"readiness": {"ticked": {"customer-who": [1]}}}, "readiness.ticked.customer-who[0]"),
    ],
)
def test_bad_comment_or_readiness_data_names_the_key(raw: dict, key: str) -> None:
    with pytest.raises(SessionDataError) as caught:
        Session.from_dict({"title": "x", **raw})
    assert caught.value.key == key


def test_add_comment_refuses_blank_text_or_author() -> None:
    session = Session("x")
    with pytest.raises(ValueError, match="type the comment"):
        add_comment(session, "  \n ", author="Ana")
    with pytest.raises(ValueError, match="who makes the comment"):
        add_comment(session, "Good", author="  ")
    assert session.comments == [] and session.revision == 0
    comment = add_comment(session, "  Line one\r\nline two  ", anchor=" faq ", author=" Ana  B ")
    assert (comment.text, comment.anchor, comment.author) == ("Line one\nline two", "faq", "Ana B")
    assert session.revision == 1


def test_resolve_reopen_delete_and_restore(reviewed: Session) -> None:
    first = reviewed.comments[0]
    assert set_status(reviewed, first.id, "resolved") is True
    assert set_status(reviewed, first.id, "resolved") is False
    assert first not in open_comments(reviewed)
    assert set_status(reviewed, first.id, "open") is True
    with pytest.raises(ValueError):
        set_status(reviewed, first.id, "closed")
    with pytest.raises(KeyError):
        set_status(reviewed, "c-missing", "open")
    index, removed = remove_comment(reviewed, first.id)
    assert find_comment(reviewed, first.id) is None
    restore_comment(reviewed, index, removed)
    assert reviewed.comments[0] is first


def test_a_comment_becomes_an_faq_question_in_one_step(reviewed: Session) -> None:
    comment = reviewed.comments[1]
    revision = reviewed.revision
    item = comment_to_faq(reviewed, comment.id, "internal")
    assert item in reviewed.faq and item.kind == "internal"
    assert (item.question, item.author, item.status, item.answer) == (
        "Which city first?", "Bo", "open", ""
    )
    assert comment.faq_item == item.id and comment.status == "resolved"
    assert reviewed.revision > revision
    with pytest.raises(ValueError, match="already a question"):
        comment_to_faq(reviewed, comment.id, "customer")
    reviewed.remove_faq(item.id)  # the question was deleted: the comment can become one again
    again = comment_to_faq(reviewed, comment.id, "customer", resolve=False)
    assert again.kind == "customer" and comment.faq_item == again.id
    with pytest.raises(ValueError, match="unknown FAQ kind"):
        comment_to_faq(reviewed, comment.id, "partner")


def test_anchors_name_sections_steps_and_questions(reviewed: Session, template) -> None:
    question = reviewed.faq[0]
    assert anchor_label("", reviewed, template) == "Whole document"
    assert anchor_label("press-release", reviewed, template) == "Press Release"
    assert anchor_label("pr-headline", reviewed, template).startswith("Press Release › ")
    assert anchor_label(question.id, reviewed, template) == "Customer FAQ Q1: How much does it cost?"
    assert anchor_label("q-gone", reviewed, template) == "A deleted FAQ question (q-gone)"
    assert anchor_label("someday", reviewed, None) == "someday"
    faq_step = next(s for s in template.steps if any(f.faq_kind == "customer" for f in s.fields))
    assert anchor_step(question.id, reviewed, template) == faq_step.id
    assert anchor_step("pr-headline", reviewed, template) == "pr-headline"
    assert anchor_step("press-release", reviewed, template) == ""
    assert anchor_stage("pr-headline", reviewed, template) == "press-release"
    assert anchor_stage(question.id, reviewed, template) == "faq"
    choices = [anchor for anchor, _ in anchor_choices(reviewed, template)]
    assert choices[0] == "" and choices.index("press-release") < choices.index("pr-headline")
    assert choices.index(faq_step.id) < choices.index(question.id)
    assert len(choices) == len(set(choices))


def test_open_counts_for_the_navigator(reviewed: Session, template) -> None:
    faq_step = anchor_step(reviewed.faq[0].id, reviewed, template)
    assert open_counts(reviewed, template) == {
        "pr-headline": 1,
        "press-release": 1,
        "": 1,
        faq_step: 1,
    }
    set_status(reviewed, reviewed.comments[0].id, "resolved")
    assert "pr-headline" not in open_counts(reviewed, template)


# ------------------------------------------------------------------ readiness
def test_readiness_ticks_round_trip_and_count(template) -> None:
    session = Session("Ready?")
    stage = template.stages[0]
    items = stage_checklist(stage)
    assert items and all(item in step.checklist for step, item in items)
    step, item = items[0]
    assert tick(session, step.id, item) is True
    assert tick(session, step.id, item) is False
    assert session.readiness.count(stage) == (1, len(items))
    again = _round_trip(session, template)
    assert again.readiness.is_ticked(step.id, item)
    assert again.readiness == session.readiness
    assert tick(again, step.id, item, False) is True
    assert again.readiness.ticked == {} and Readiness().to_dict() == {}
    assert "readiness" not in again.to_dict(template)


def test_readiness_keeps_unknown_keys() -> None:
    session = Session.from_dict({"title": "x", "readiness": {"ticked": {}, "owner": "Ana"}})
    assert session.readiness.extra == {"owner": "Ana"}
    assert session.to_dict()["readiness"] == {"owner": "Ana"}


# ------------------------------------------------------------------ export
def comments_appendix(session: Session, template) -> list[str]:
    """The comments appendix alone, as Markdown lines."""
    return markdown.render_blocks(comments_blocks(session, template)).rstrip("\n").split("\n")


def export_with_comments(session: Session, template) -> str:
    return markdown.export(session, template, with_comments=True)


def test_appendix_lists_open_comments_by_section_in_document_order(reviewed: Session, template) -> None:
    set_status(reviewed, reviewed.comments[2].id, "resolved")
    lines = comments_appendix(reviewed, template)
    text = "\n".join(lines)
    assert lines[0] == f"## {COMMENTS_HEADING}"
    assert "3 open comments." in text
    assert "Great start" not in text, "resolved comments are left out"
    order = [text.index(s) for s in ("Which city first?", "Headline is too long", "Say the price")]
    assert order == sorted(order), "sections follow the document"
    assert "*Ana, 15 January 2026*" in text


def test_appendix_cannot_break_the_outline(template, clock) -> None:
    session = Session("Hostile")
    add_comment(session, "# Not a heading\n```\nunclosed", anchor="faq", author="**Eve**")
    text = export_with_comments(session, template)
    headings = blocks._headings(text)
    assert [level for _, level, _ in headings].count(1) == 1
    titles = [line for line in text.splitlines() if line.startswith("#")]
    assert titles[-1] == f"## {COMMENTS_HEADING}"
    assert "\\# Not a heading" in text and "\\*\\*Eve\\*\\*" in text


def test_appendix_says_so_when_nothing_is_open(template) -> None:
    session = Session("Quiet")
    assert comments_appendix(session, template)[-1] == "*No open comments.*"


def test_cli_export_with_comments(reviewed: Session, template, sessions_dir: Path, capsys) -> None:
    path = sessions_dir / "reviewed.toml"
    store.save(reviewed, path, template)
    assert cli.main(["export", str(path), "--with-comments"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert out.startswith(markdown.export(reviewed, template).rstrip("\n"))
    assert f"## {COMMENTS_HEADING}" in out and "Headline is too long" in out
    assert cli.main(["export", str(path)]) == 0
    assert COMMENTS_HEADING not in capsys.readouterr().out
    out_file = sessions_dir / "out.md"
    assert cli.main(["export", str(path), "--with-comments", "-o", str(out_file)]) == 0
    assert COMMENTS_HEADING in out_file.read_text(encoding="utf-8")


def test_comment_times_keep_their_zone(clock) -> None:
    session = Session("x")
    comment = add_comment(session, "Hi", author="Ana")
    assert comment.created == clock.now
    clock.advance(hours=1)
    assert Comment("x").created - comment.created == timedelta(hours=1)
