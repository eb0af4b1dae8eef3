"""Checks the example sessions shipped in sessions/: valid, complete where promised, canonical."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from workshop import cli, content, store
from workshop.export.markdown import (
    PRESS_RELEASE_WORD_LIMIT,
    export,
    press_release_words,
)
from workshop.model.session import Session
from workshop.model.template import FieldType, StageKind, Template

SESSIONS = Path(__file__).resolve().parents[1] / "sessions"
WORKED = SESSIONS / "worked-example.toml"
HALF = SESSIONS / "half-finished.toml"
EXAMPLES = [WORKED, HALF]
MIN_FAQ = 8


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the tests away from the real sessions, data and config folders."""
    monkeypatch.setenv("WORKSHOP_SESSIONS_DIR", str(tmp_path / "sessions"))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    # platformdirs ignores XDG_* on macOS and Windows: a user template there
    # must not replace the built-in one these files are checked against.
    monkeypatch.setattr(content, "user_templates_dir", lambda: tmp_path / "templates")


@pytest.fixture
def template() -> Template:
    return content.resolve("working-backwards")


def _load(path: Path) -> Session:
    return store.load(path)


def _headings(markdown: str) -> list[tuple[int, str]]:
    """Return `(level, plain text)` for every heading markdown-it finds."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    found: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = "".join(
                child.content
                for child in inline.children or []
                if child.type in ("text", "code_inline")
            )
            found.append((int(token.tag[1]), text))
    return found


# ------------------------------------------------------------------ both files
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_loads_with_its_template(path: Path, template: Template) -> None:
    session = _load(path)
    assert session.template_id == template.id
    assert session.title.strip()
    assert session.facilitator.strip()
    assert 3 <= len(session.participants) <= 4
    assert session.created.tzinfo is not None and session.updated.tzinfo is not None
    assert session.created <= session.updated
    step_ids = {step.id for step in template.steps}
    assert set(session.answers) <= step_ids
    for step_id, fields in session.answers.items():
        field_ids = {item.id for item in template.step(step_id).fields}
        assert set(fields) <= field_ids, f"{step_id}: unknown fields {set(fields) - field_ids}"
    assert session.current_step in step_ids
    assert not session.extra, f"keys the app does not know: {sorted(session.extra)}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_workshop_validate_passes(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "valid session" in out
    assert err == "", f"validate warned: {err}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_file_is_canonical(path: Path, template: Template) -> None:
    """The file is exactly what the app writes: saving it again changes nothing."""
    text = path.read_bytes().decode("utf-8")
    assert "\r" not in text
    assert text.startswith("schema_version = 1\n")
    assert store.dumps(store.load(path), template) == text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_faq_ids_are_stable_and_readable(path: Path) -> None:
    session = _load(path)
    for item in session.faq:
        prefix = "q-cust-" if item.kind == "customer" else "q-int-"
        assert re.fullmatch(re.escape(prefix) + r"\d{2}", item.id), item.id
        assert item.author in [session.facilitator, *session.participants], item.id
        assert set(item.votes) <= set(session.participants), item.id


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_export_outline(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = _load(path)
    code = cli.main(["export", str(path)])
    markdown, err = capsys.readouterr()
    assert code == 0 and err == "", err
    headings = _headings(markdown)
    headline = " ".join(session.get_text("pr-headline", "headline").split())
    assert [text for level, text in headings if level == 1] == [headline or session.title]
    assert headings[0] == (1, headline or session.title), "the press release's headline opens the document"
    h2 = [text for level, text in headings if level == 2]
    assert h2 == ["Customer FAQ", "Internal FAQ", "Appendix: working notes", "Appendix: session record"]
    notes = [text for level, text in headings if level == 3]
    positions = []
    for wanted in ("Customer", "Problem", "Experience"):
        assert wanted in notes, f"no working notes for {wanted!r} in {notes}"
        positions.append(notes.index(wanted))
    assert positions == sorted(positions), f"working notes out of order: {notes}"
    for item in session.faq_items("customer"):
        assert (3, " ".join(item.question.split())) in headings, "each FAQ question is a heading"


# ------------------------------------------------------------------ complete example
def test_worked_example_answers_every_step(template: Template) -> None:
    session = _load(WORKED)
    answered, total = session.progress(template)
    assert total > 0 and answered == total
    unanswered = [s.id for s in template.steps if session.step_status(s) != "answered"]
    assert unanswered == [], "optional steps count here too"
    empty = [
        f"{step.id}.{item.id}"
        for step in template.steps
        for item in step.fields
        if item.type is not FieldType.FAQ and not session.get_text(step.id, item.id).strip()
    ]
    assert empty == [], "every field, optional ones too, is filled in"
    assert session.current_step == template.steps[-1].id


def test_worked_example_faq_is_full_and_answered() -> None:
    session = _load(WORKED)
    for kind in ("customer", "internal"):
        items = session.faq_items(kind)
        assert len(items) >= MIN_FAQ, kind
        assert all(item.status == "answered" and item.answered for item in items), kind
        assert all(item.author for item in items), kind
    assert sum(1 for item in session.faq if item.votes) >= 3
    internal = " ".join(item.question.casefold() for item in session.faq_items("internal"))
    for topic in (
        "disappointed",
        "one-way door",
        "reject",
        "minimum lovable",
        "cost",
        "single-threaded leader",
    ):
        assert topic in internal, f"the internal FAQ lacks the hard question about {topic!r}"


def test_worked_example_press_release_is_complete_and_fits(template: Template) -> None:
    session = _load(WORKED)
    roles = {
        item.role: session.get_text(step.id, item.id)
        for stage in template.stages
        if stage.kind is StageKind.PRESS_RELEASE
        for step in stage.steps
        for item in step.fields
        if item.role
    }
    assert all(text.strip() for text in roles.values()), [r for r, t in roles.items() if not t.strip()]
    words = press_release_words(session, template)
    assert 250 <= words < PRESS_RELEASE_WORD_LIMIT, words
    assert "said" in roles["customer_quote"] and "said" in roles["leader_quote"]


def test_worked_example_decisions_name_their_doors() -> None:
    session = _load(WORKED)
    decisions = " ".join(session.get_answer("review-decisions", "decisions")).casefold()
    assert "one-way door" in decisions and "two-way door" in decisions


# ------------------------------------------------------------------ half-finished example
def test_half_finished_stops_in_the_press_release(template: Template) -> None:
    session = _load(HALF)
    answered, total = session.progress(template)
    assert 0 < answered < total
    stage = template.stage_of(session.current_step)
    assert stage is not None and stage.kind is StageKind.PRESS_RELEASE
    status = {step.id: session.step_status(step) for step in template.steps}
    before = [s for s in template.steps if template.stage_of(s.id).id in ("customer", "problem", "experience")]
    assert all(status[s.id] == "answered" for s in before)
    assert status["pr-headline"] == "answered" and status["pr-summary"] == "answered"
    pr_steps = [s.id for s in stage.steps]
    later = pr_steps[pr_steps.index(session.current_step):]
    assert later and all(status[step_id] == "not_started" for step_id in later)
    assert status["review-decisions"] == "not_started"


def test_half_finished_has_open_questions_only() -> None:
    session = _load(HALF)
    assert len(session.faq) >= 2
    assert all(item.status == "open" and not item.answer for item in session.faq)
    markdown = export(session, content.resolve(session.template_id))
    assert markdown.count("*Not answered yet.*") >= len(session.faq)


# ------------------------------------------------------------------ docs/session-format.md
DOC = SESSIONS.parent / "docs" / "session-format.md"


def _doc_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"```toml\n(.*?)```", text, re.S)
    assert match, "docs/session-format.md has no ```toml example"
    return match.group(1)


def test_doc_example_is_what_the_app_writes(
    template: Template, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The annotated example, comments removed, is a canonical, valid session file."""
    annotated = _doc_example()
    bare = "".join(
        line for line in annotated.splitlines(keepends=True) if not line.startswith("#")
    )
    assert store.dumps(store.loads(annotated), template) == bare
    path = tmp_path / "example.toml"
    path.write_text(annotated, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_doc_names_every_key_the_app_writes() -> None:
    doc = DOC.read_text(encoding="utf-8")
    session = _load(WORKED)
    keys = set(session.to_dict()) | {"notes"}
    keys |= {key for item in session.faq for key in item.to_dict()}
    missing = sorted(key for key in keys if f"`{key}`" not in doc)
    assert missing == [], f"docs/session-format.md does not describe {missing}"
