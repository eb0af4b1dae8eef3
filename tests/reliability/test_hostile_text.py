"""Tests hostile text: escaped in the export, kept exactly by the store, under any edits.

Property tests (hypothesis):
- any sequence of model edits, saved and loaded, gives the same session;
- any text, in every field of every stage kind, exports to Markdown whose
  outline (headings) is exactly the template's, with no raw HTML.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)
from markdown_it import MarkdownIt

from workshop import content, store
from workshop.export.markdown import export
from workshop.model import clock
from workshop.model.session import FaqItem, Session
from workshop.model.template import FieldType
from workshop.model.text import normalise

from .helpers import FIXTURES

HOSTILE = [
    "# Fake heading",
    "## Fake section\nSetext title\n===\nanother\n---",
    "<script>alert('x')</script> <b>bold</b> <!-- comment -->",
    "\\<div>escaped backslash then html</div>",
    "[bold]rich markup[/bold] [link=https://example.com]link[/link] [/]",
    "[b]textual[/b] [@click=app.quit]quit[/] $variable",
    "\x1b[31mred\x1b[0m \x1b]0;window title\x07 \x1b]52;c;Y2xpcGJvYXJk\x07 \x9b31m",
    "```\nunclosed fence",
    "~~~python\nx = 1",
    "> quote\n# inside quote",
    "- item\n  # heading in a list item",
    "1. numbered\n2) other",
    "| a | b |\n|---|---|",
    '"""triple""" \'\'\' \\ backslash \t tab \x00 nul \x7f del',
    "line\r\nwindows\rmac",
    "\u202etext reversed\u202c \u05e9\u05dc\u05d5\u05dd \U0001f600 e\u0301",
    "    indented code\n# after code",
    "x\n\n\n\n# after blank lines",
    "* * *\n___\n- - -",
    "&lt; &amp; &#35; entity",
    "trailing #",
    "#hashtag not a heading",
]

FROZEN = FIXTURES / "templates" / "golden-workshop.toml"


@pytest.fixture(autouse=True)
def fixed_clock():
    clock.set_clock(lambda: datetime(2026, 1, 31, 9, 30, tzinfo=timezone.utc))
    yield
    clock.set_clock(None)


@pytest.fixture(scope="module")
def template():
    return content.load_template_file(FROZEN)


_md = MarkdownIt("commonmark")


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def outline(markdown: str) -> list[tuple[str, str]]:
    """Return `(tag, text)` of every heading."""
    tokens = _md.parse(markdown)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append((token.tag, tokens[index + 1].content))
    return found


def html_tokens(markdown: str) -> list[str]:
    return [t.content for t in _walk(_md.parse(markdown)) if t.type in ("html_block", "html_inline")]


def fill_everything(template, text: str) -> Session:
    """A session with `text` in every field, the title, the FAQ and the notes."""
    clean = normalise(text)
    session = Session(
        title=clean, template_id=template.id, id="s-hostile", facilitator=clean.strip(),
        participants=[clean.strip()],
    )
    for step in template.steps:
        for item in step.fields:
            if item.type is FieldType.FAQ:
                session.add_faq(text, item.faq_kind, author=text, answer=text)
                session.add_faq(text, item.faq_kind)
            elif item.type is FieldType.LIST:
                session.set_answer(step.id, item.id, [text, text])
            else:
                session.set_answer(step.id, item.id, text)
    session.set_answer("not-in-template", "field", text)
    session.notes = clean
    return session


def expected_outline(template) -> list[tuple[str, str]]:
    """The outline of a session with "x" everywhere, user-text headings masked."""
    return _masked(outline(export(fill_everything(template, "x"), template)))


def _masked(found):
    # The title (h1) and the press-release headline (first h3 under Press Release) are user text.
    masked = []
    for tag, text in found:
        masked.append((tag, text if tag != "h1" else "<title>"))
    return masked


def _check_export(template, text: str) -> None:
    markdown = export(fill_everything(template, text), template)
    got = outline(markdown)
    want = outline(export(fill_everything(template, "x"), template))
    assert [tag for tag, _ in got] == [tag for tag, _ in want], markdown
    # Headings the template owns keep their exact text.
    owned = {
        template.title,
        *(stage.title for stage in template.stages),
        *(step.title for step in template.steps),
        "Customer FAQ",
        "Internal FAQ",
        "Other answers",
        "Notes",
    }
    for (tag, got_text), (_, want_text) in zip(got, want):
        if want_text in owned:
            assert got_text == want_text, markdown
    assert html_tokens(markdown) == [], markdown


# ------------------------------------------------------------------ export
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_cannot_change_the_outline(template, text):
    _check_export(template, text)


def test_hostile_fixture_outline(template):
    path = FIXTURES / "v1" / "hostile.toml"
    session = store.load(path)
    markdown = export(session, template)
    assert [tag for tag, _ in outline(markdown)] == [
        "h1", "h2", "h3", "h2",  # the headline, the customer FAQ and its question, the internal FAQ
        "h2", "h3", "h4",  # working notes: a stage, a step
        "h2",  # the session record
    ]
    assert html_tokens(markdown) == []


def test_export_holds_no_terminal_control_characters(template):
    """A session file must not be able to drive the terminal that `workshop export` prints to."""
    markdown = export(fill_everything(template, HOSTILE[6]), template)
    controls = sorted({hex(ord(c)) for c in markdown if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0})
    assert controls == [], controls
    assert "red" in markdown and "window title" in markdown  # the text itself is kept


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=80))
def test_any_text_keeps_the_outline(template, text):
    if not text.strip() or not "".join(text.split()):
        return  # blank answers export as "not answered": a different, correct outline
    _check_export(template, text)


_markdownish = st.lists(
    st.sampled_from(
        ["#", "##", "###", "=", "===", "-", "---", "*", ">", "`", "```", "~~~", "<", ">", "</b>", "<b>",
         "\\", "[", "]", "(", ")", "!", "|", "1.", "2)", "+", "_", "&", ";", "\n", "\n\n", " ", "    ",
         "\t", "x", "word", "<!--", "-->", "<div>", "\r\n"]
    ),
    min_size=1,
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_markdownish)
def test_markdown_looking_text_keeps_the_outline(template, text):
    if not text.strip() or not "".join(text.split()):
        return
    _check_export(template, text)


# ------------------------------------------------------------------ store
@settings(max_examples=150, deadline=None)
@given(text=st.text())
def test_any_text_round_trips_through_the_file(template, text):
    session = fill_everything(template, text or "x")
    loaded = store.loads(store.dumps(session, template))
    assert loaded == session


STEP_IDS = ["who", "problem", "pr-top", "pr-body", "next", "not-in-template", "with space", "ünï", "a.b"]
FIELD_IDS = ["segment", "context", "needs", "headline", "x", "quoted \"key\"", "1"]


class EditSequence(RuleBasedStateMachine):
    """Any sequence of edits, saved and loaded at any point, gives the same session."""

    items = Bundle("items")

    def __init__(self) -> None:
        super().__init__()
        self.template = content.load_template_file(FROZEN)
        self.session = Session(title="Edits", template_id=self.template.id, id="s-edits")
        self.removed: list[tuple[int, FaqItem]] = []

    @rule(step=st.sampled_from(STEP_IDS), field=st.sampled_from(FIELD_IDS), value=st.text(max_size=40))
    def set_text(self, step, field, value):
        self.session.set_answer(step, field, value)

    @rule(step=st.sampled_from(STEP_IDS), field=st.sampled_from(FIELD_IDS), value=st.lists(st.text(max_size=20), max_size=4))
    def set_list(self, step, field, value):
        self.session.set_answer(step, field, value)

    @rule(target=items, question=st.text(max_size=40), kind=st.sampled_from(["customer", "internal"]),
          author=st.text(max_size=10), answer=st.text(max_size=40))
    def add_faq(self, question, kind, author, answer):
        return self.session.add_faq(question, kind, author=author, answer=answer).id

    @rule(item=items, name=st.sampled_from(["question", "answer", "author"]), value=st.text(max_size=40))
    def update_faq(self, item, name, value):
        if self.session.find_faq(item) is not None:
            self.session.update_faq(item, **{name: value})

    @rule(item=items, status=st.sampled_from(["open", "answered"]), kind=st.sampled_from(["customer", "internal"]))
    def set_status_and_kind(self, item, status, kind):
        if self.session.find_faq(item) is not None:
            self.session.update_faq(item, status=status, kind=kind)

    @rule(item=items, voter=st.text(min_size=1, max_size=8), dots=st.integers(0, 5))
    def vote(self, item, voter, dots):
        found = self.session.find_faq(item)
        if found is not None:
            found.votes[voter] = dots
            self.session.touch()

    @rule(item=items, offset=st.sampled_from([-1, 1]))
    def move_faq(self, item, offset):
        if self.session.find_faq(item) is not None:
            self.session.move_faq(item, offset)

    @rule(item=consumes(items))
    def remove_faq(self, item):
        if self.session.find_faq(item) is not None:
            self.removed.append(self.session.remove_faq(item))

    @precondition(lambda self: self.removed)
    @rule()
    def undo_remove(self):
        index, item = self.removed.pop()
        self.session.restore_faq(index, item)

    @rule(step=st.sampled_from(STEP_IDS))
    def go_to(self, step):
        self.session.go_to(step)

    @rule(notes=st.text(max_size=60))
    def write_notes(self, notes):
        self.session.notes = normalise(notes)
        self.session.touch()

    @rule()
    def save_and_reload(self):
        text = store.dumps(self.session, self.template)
        loaded = store.loads(text)
        assert loaded == self.session
        assert store.dumps(loaded, self.template) == text
        self.session = loaded

    @invariant()
    def exports(self):
        export(self.session, self.template)

    def teardown(self):
        loaded = store.loads(store.dumps(self.session, self.template))
        assert loaded == self.session


EditSequence.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
test_any_edit_sequence_round_trips = EditSequence.TestCase


def test_edits_round_trip_through_open_document(tmp_path, template):
    """The same property through the real file and OpenDocument (once, with every hostile text)."""
    from workshop.document import OpenDocument

    folder = content.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FROZEN, folder / FROZEN.name)
    path = tmp_path / "hostile.toml"
    session = fill_everything(template, "seed")
    store.save(session, path, template)
    doc = OpenDocument.open(path)
    for number, text in enumerate(HOSTILE):
        doc.session.set_answer("who", "context", text)
        doc.session.set_answer("who", "needs", [text, str(number)])
        doc.session.add_faq(text, "internal", answer=text)
        assert doc.save_now().ok
    doc.close()
    assert store.load(path) == doc.session
