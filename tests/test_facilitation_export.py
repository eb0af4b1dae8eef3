"""The export's appendix: only sections with content, outline intact, main PR/FAQ untouched."""

from __future__ import annotations

from datetime import date

import pytest
from markdown_it import MarkdownIt

from facilitation_helpers import (
    FakeClock,
    install_fake_clock,
    mini_template,
    restore_clock,
)
from workshop.export.appendix import APPENDIX_HEADING, appendix
from workshop.export.markdown import export, render_blocks
from workshop.model.live import LiveSession
from workshop.model.session import Session

NASTY = "# Heading? | pipe <b>html</b> **bold**\n===\n```"
"""User text that would break a careless export's outline."""


@pytest.fixture
def fake_clock():
    fake, previous = install_fake_clock()
    yield fake
    restore_clock(previous)


@pytest.fixture
def live(fake_clock: FakeClock) -> LiveSession:
    return LiveSession(
        Session("Demo", facilitator="Dana", participants=["Ana", "Ben", "Caro"]), mini_template()
    )


def appendix_markdown(session: Session, template, *, gfm: bool = True) -> str:
    """The session record alone, as Markdown (GFM tables by default, as these tests read them)."""
    return render_blocks(appendix(session, template), gfm=gfm)


def headings(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        (token.tag, tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def test_without_live_activity_the_record_says_what_the_session_was(live: LiveSession):
    live.session.set_answer("story", "story", "Once upon a time")
    text = appendix_markdown(live.session, live.template)
    assert headings(text) == [("h2", APPENDIX_HEADING), ("h3", "Participants")]
    assert "facilitator: Dana · participants: Ana, Ben, Caro" in text
    assert "- Ana\n- Ben\n- Caro" in text  # nobody contributed through the live tools
    assert APPENDIX_HEADING not in export(live.session, live.template, clean=True)


def test_only_sections_with_content(live: LiveSession):
    live.park("Pricing", "benefit", author="Ben")
    text = appendix_markdown(live.session, live.template)
    assert headings(text) == [
        ("h2", APPENDIX_HEADING),
        ("h3", "Participants"),
        ("h3", "Parking lot"),
    ]
    assert "- Ben — 1 parked item" in text
    assert "- Pricing *(raised by Ben, during “Most important benefit”)*" in text


def test_full_appendix(live: LiveSession, fake_clock: FakeClock):
    live.start_timer("benefit")
    fake_clock.advance(minutes=12)
    live.follow("benefit", "needs")
    fake_clock.advance(minutes=3)
    live.pause_timer("needs")
    live.add_idea("benefit", "Deposit back", author="Ana")
    live.add_idea("benefit", "Less hassle", author="Ben")
    live.add_idea("benefit", "Peace of mind", author="Caro")
    vote = live.start_vote("benefit")
    for voter, index in [("Ana", 0), ("Ben", 0), ("Caro", 1), ("Caro", 1)]:
        live.cast(vote, vote.options[index].id, voter)
    live.close_vote(vote)
    live.start_round("needs")
    live.add_idea("needs", "Still hidden", author="Ben")
    live.decide("Renters first", "one-way", "Caro", on=date(2026, 3, 2))
    text = appendix_markdown(live.session, live.template)
    assert [h for _, h in headings(text)] == [
        APPENDIX_HEADING,
        "Participants",
        "Agenda",
        "Votes",
        "Ideas not yet revealed",
        "Decisions",
    ]
    assert "Facilitated by Dana." in text
    assert "- Ana — 1 idea, 1 dot" in text
    assert "- Caro — 1 idea, 2 dots, 1 decision owned" in text
    assert "| Most important benefit | 10 min | 12 min |" in text
    assert "| Needs | 5 min | 3 min |" in text
    assert "| Story |" not in text  # no plan, no time: not on the agenda
    assert "| **Total** | **35 min** | **15 min** |" in text
    assert "**Most important benefit** — 3 dots each, 4 dots cast, closed 2 March 2026" in text
    assert "*A tie between the top options.*" in text
    assert "- Deposit back — 2 dots (tied)\n- Less hassle — 2 dots (tied)\n- Peace of mind — 0 dots" in text
    assert "- Still hidden — Ben, Needs" in text
    assert "| Renters first | one-way | Caro | 2 March 2026 |" in text  # no reason recorded: no Why column


def test_user_text_cannot_break_the_outline(live: LiveSession):
    live.add_participant(NASTY)
    live.set_contributor(live.participants[-1])
    live.add_idea("benefit", NASTY)
    live.add_idea("benefit", "plain")
    vote = live.start_vote("benefit", title=NASTY)
    live.cast(vote, vote.options[0].id)
    live.park(NASTY, "benefit")
    live.decide(NASTY, owner=NASTY)
    document = export(live.session, live.template, gfm=True)
    found = headings(document)
    appendix_at = found.index(("h2", APPENDIX_HEADING))
    assert [h for h in found[appendix_at:]] == [
        ("h2", APPENDIX_HEADING),
        ("h3", "Participants"),
        ("h3", "Votes"),
        ("h3", "Parking lot"),
        ("h3", "Decisions"),
    ]
    tables = [t for t in MarkdownIt("commonmark").enable("table").parse(document) if t.type == "tr_open"]
    assert len(tables) == 2  # decisions: header + one row, the pipe stays inside its cell
    strict = export(live.session, live.template)  # CommonMark: no table, the decision is a list item
    assert headings(strict)[appendix_at:] == found[appendix_at:]
    tokens = MarkdownIt("commonmark").enable("table").parse(strict)
    assert not [t for t in tokens if t.type.startswith("table")]
    assert "| --- |" not in strict


def test_main_pr_faq_stays_clean(live: LiveSession):
    live.start_round("benefit")
    live.add_idea("benefit", "Secret idea", author="Ana")
    live.park("Parked thing")
    document = export(live.session, live.template)
    before, _, after = document.partition(f"## {APPENDIX_HEADING}")
    assert "Secret idea" not in before and "Parked thing" not in before
    assert "Secret idea" in after and "Parked thing" in after
    assert document.rstrip().endswith("- Parked thing")


def test_appendix_without_a_template(fake_clock: FakeClock):
    session = Session("Orphan", participants=["Ana"])
    live = LiveSession(session, None)
    live.start_timer("gone-step")
    fake_clock.advance(minutes=4)
    live.pause_timer("gone-step")
    live.park("Later", "gone-step", author="Ana")
    text = appendix_markdown(session, None)
    assert "| gone-step | — | 4 min |" in text
    assert "- Later *(raised by Ana, during “gone-step”)*" in text


def test_large_session_appendix(fake_clock: FakeClock):
    session = Session("Big", participants=[f"P{i}" for i in range(12)])
    live = LiveSession(session, mini_template())
    for i in range(3000):
        live.add_idea("benefit", f"Idea number {i}", author=f"P{i % 12}")
    for i in range(500):
        live.park(f"Parked {i}", "needs", author=f"P{i % 12}")
    items = live.items("benefit")
    text = appendix_markdown(session, live.template)
    assert len(items) == 3000 and items[-1] == ("Idea number 2999", "P11")
    assert text.count("\n- Parked") == 500
    assert "- P0 — 250 ideas, 42 parked items" in text
