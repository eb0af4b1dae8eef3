"""Unit tests for the Markdown export: layout, and an outline no user text can break (issue 2 §5).

The export is parsed with markdown-it-py (CommonMark, and the GFM-like preset
the app's Markdown widget uses) and its heading outline is checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workshop.export import blocks, markdown
from workshop.export.blocks import block, inline
from workshop.export.markdown import export, press_release, press_release_words
from workshop.model import FieldType, Session, StageKind, Template

HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
"""Health checks that only measure this machine's speed (CI shares 2 cores): never a failure here."""

COMMONMARK = MarkdownIt("commonmark")
GFM = MarkdownIt("gfm-like")
PARSERS = {"commonmark": COMMONMARK, "gfm-like": GFM}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    nested: bool
    """True when the heading sits inside a list or quote (never wanted)."""


def text_of(inline_token: Token) -> str:
    """The visible text of an inline token (what a reader sees)."""
    parts = []
    for child in inline_token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def outline(text: str, parser: MarkdownIt = COMMONMARK) -> list[Heading]:
    tokens = parser.parse(text)
    return [
        Heading(int(tok.tag[1:]), text_of(tokens[i + 1]), tok.level > 0)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]


def pictures(text: str) -> str:
    """Control characters (but tab and newline) as the export shows them: ␀…␟, ␡, and ⟨80⟩…⟨9F⟩ for C1."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\t\n" or 0x20 <= code < 0x7F or code >= 0xA0:
            out.append(char)
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        else:
            out.append(f"\u27e8{code:02X}\u27e9")
    return "".join(out)


def shown(text: str) -> str:
    """How `inline(text)` should read once rendered: whitespace collapsed, controls as pictures."""
    return pictures(" ".join(text.split()))


def fill(session: Session, template: Template, text_for, items_for) -> None:
    """Answer every text and list field of `template` in `session`."""
    for step in template.steps:
        for item in step.fields:
            if item.type is FieldType.LIST:
                session.set_answer(step.id, item.id, items_for(step.id, item.id))
            elif item.type is not FieldType.FAQ:
                session.set_answer(step.id, item.id, text_for(step.id, item.id))


def role_field(template: Template, role: str) -> tuple[str, str]:
    for step in template.steps:
        for item in step.fields:
            if item.role == role:
                return step.id, item.id
    raise AssertionError(f"no field has role {role}")


@pytest.fixture
def complete(template: Template) -> Session:
    """Every step answered with plain text; two answered and one open question per kind."""
    session = Session(title="Pocket Planner", facilitator="Ana Lima", participants=["Bo", "Cy Dee"])
    fill(
        session,
        template,
        lambda step, field: f"Answer for {step} {field}.\nSecond line of {field}.",
        lambda step, field: [f"{field} item one", f"{field} item two"],
    )
    for kind in ("customer", "internal"):
        session.add_faq(f"{kind} question one?", kind, answer=f"{kind} answer one.")
        session.add_faq(f"{kind} question two?", kind, answer=f"{kind} answer two.")
        session.add_faq(f"{kind} open question?", kind)
    return session


# ---------------------------------------------------------------- layout
def test_the_headline_is_the_h1_and_the_title_only_a_fallback(complete: Session, template: Template) -> None:
    complete.set_answer(*role_field(template, "headline"), "Pocket Planner plans\nyour week")
    text = export(complete, template)
    assert text.splitlines()[0] == "# Pocket Planner plans your week"
    tokens = COMMONMARK.parse(text)
    assert (tokens[0].type, tokens[0].tag) == ("heading_open", "h1")
    assert [h for h in outline(text) if h.level == 1] == [Heading(1, "Pocket Planner plans your week", False)]
    assert text.endswith("\n") and not text.endswith("\n\n")
    complete.set_answer(*role_field(template, "headline"), "  ")
    assert export(complete, template).splitlines()[0] == "# Pocket Planner"


def test_the_outline_reads_as_a_pr_faq(complete: Session, template: Template) -> None:
    heads = outline(export(complete, template))
    assert [h.text for h in heads if h.level == 2] == [
        "Customer FAQ", "Internal FAQ", "Appendix: working notes", "Appendix: session record",
    ]
    notes = [h.text for h in heads if h.level == 3]
    for stage in ("Customer", "Problem", "Experience", "Review and Next Steps"):
        assert stage in notes  # the working notes keep every answer, stage by stage
    for word in ("Customer", "Problem", "FAQ"):
        assert word in " | ".join(h.text for h in heads)


def test_each_faq_question_is_a_heading_under_its_faq(complete: Session, template: Template) -> None:
    heads = outline(export(complete, template))
    at = heads.index(Heading(2, "Customer FAQ", False))
    assert heads[at + 1 : at + 4] == [
        Heading(3, "customer question one?", False),
        Heading(3, "customer question two?", False),
        Heading(3, "customer open question?", False),
    ]
    assert heads[at + 4] == Heading(2, "Internal FAQ", False)


def test_no_heading_is_nested_in_a_list_or_quote(complete: Session, template: Template) -> None:
    assert not any(h.nested for h in outline(export(complete, template)))


def test_strict_commonmark_has_no_tables_and_gfm_may(template: Template) -> None:
    from workshop.model.live import LiveSession

    session = Session(title="T", participants=["Ana"])
    live = LiveSession(session, template)
    live.decide("Renters first | then owners", "one-way", "Ana")
    strict = export(session, template)
    with_tables = MarkdownIt("commonmark").enable("table")
    assert not [t for t in with_tables.parse(strict) if t.type.startswith("table")]
    assert "| --- |" not in strict and "|" not in strict.replace("\\|", "")
    assert "- Renters first \\| then owners — Door: one-way; Owner: Ana; Date: " in strict
    gfm = export(session, template, gfm=True)
    rows = [t for t in with_tables.parse(gfm) if t.type == "tr_open"]
    assert len(rows) == 2


def test_the_session_record_names_date_facilitator_and_participants(complete: Session, template: Template) -> None:
    text = export(complete, template)
    record = text.split("## Appendix: session record", 1)[1]
    meta = record.strip().splitlines()[0]
    assert "15 January 2026" in meta
    assert "facilitator: Ana Lima" in meta
    assert "participants: Bo, Cy Dee" in meta


def press_release_values(template: Template) -> dict[str, str]:
    return {
        "headline": "Pocket Planner Plans Your Week",
        "subheading": "Busy parents get a weekly plan in one minute",
        "city": "Leeds",
        "date": "2026-03-03",
        "summary": "Today we launch Pocket Planner.",
        "problem": "Parents juggle five calendars.",
        "solution": "Pocket Planner merges them.",
        "leader_quote": "\u201cWe built this for every parent,\u201d said Ana.",
        "how_it_works": "Install the app and link your calendars.",
        "customer_quote": "\u201cI got my Sundays back,\u201d said Bo.",
        "call_to_action": "Try it free at pocketplanner.example",
    }


def test_press_release_is_laid_out_as_a_press_release(template: Template) -> None:
    session = Session(title="PP")
    for role, value in press_release_values(template).items():
        session.set_answer(*role_field(template, role), value)
    text = export(session, template)
    tokens = COMMONMARK.parse(text)
    heads = outline(text)
    assert heads[0] == Heading(1, "Pocket Planner Plans Your Week", False)
    # the subheading is the emphasised paragraph right after the headline
    after = tokens[3:6]
    assert after[0].type == "paragraph_open"
    kinds = [c.type for c in after[1].children if c.type != "text" or c.content]
    assert kinds == ["em_open", "text", "em_close"]
    assert text_of(after[1]) == "Busy parents get a weekly plan in one minute"
    assert "**LEEDS, March 3, 2026** — Today we launch Pocket Planner." in text
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert len(quotes) == 2
    assert "**Try it free at pocketplanner.example**" in text
    # the press release reads as prose, in order, before the first FAQ: no field names
    body = text.split("\n## ", 1)[0]
    assert "Leader quote" not in body and "Call to action" not in body
    order = [body.index(v[:20]) for v in press_release_values(template).values() if v[:20] in body]
    assert order == sorted(order) and len(order) == 9  # city and date are rewritten: "LEEDS, March 3, 2026"
    assert press_release(session, template).startswith("### Pocket Planner Plans Your Week")
    assert "**LEEDS, March 3, 2026** —" in press_release(session, template)  # the preview agrees
    assert press_release_words(session, template) == sum(
        len(v.split()) for v in press_release_values(template).values()
    )


@pytest.mark.parametrize(
    ("city", "date", "line"),
    [
        ("Rotterdam", "2027-04-01", "ROTTERDAM, April 1, 2027"),
        ("Columbus, Ohio", "August 18, 2026", "COLUMBUS, Ohio, August 18, 2026"),
        ("Amsterdam", "1 April 2027", "AMSTERDAM, April 1, 2027"),
        ("Paris", "next spring", "PARIS, next spring"),
        ("", "2027-04-01", "April 1, 2027"),
        ("Oslo", "", "OSLO"),
    ],
)
def test_the_dateline_is_press_style(city: str, date: str, line: str) -> None:
    from workshop.export.prfaq import dateline

    assert dateline(city, date) == line


def test_unanswered_questions_are_marked_and_left_out_of_a_clean_copy(complete: Session, template: Template) -> None:
    text = export(complete, template)
    assert text.count("*Not answered yet.*") == 2  # one open question per kind
    draft = complete.faq_items("customer")[0]
    complete.update_faq(draft.id, status="open")
    text = export(complete, template)
    assert "*Draft answer — not yet marked answered.*" in text
    clean = export(complete, template, clean=True)
    assert "Not answered yet" not in clean and "open question?" not in clean
    assert "Draft answer" not in clean and "customer answer one." in clean
    assert [h.text for h in outline(clean) if h.level == 2] == ["Customer FAQ", "Internal FAQ"]
    assert "Appendix" not in clean and "Second line of segment" not in clean


def test_faq_is_question_heading_then_answer(complete: Session, template: Template) -> None:
    text = export(complete, template)
    assert "### customer question one?\n\ncustomer answer one." in text
    assert "### internal open question?\n\n*Not answered yet.*" in text


def test_empty_session_marks_what_is_missing(template: Template) -> None:
    text = export(Session(title="Empty"), template)
    heads = outline(text)
    assert heads[0] == Heading(1, "Empty", False)
    assert "*The press release is not written yet.*" in text
    assert "*No questions yet.*" in text
    assert "*Not answered yet.*" in text
    optional_only = [s.title for s in template.stages if all(step.optional for step in s.steps)]
    assert optional_only and all(h.text not in optional_only for h in heads)  # shown only when used
    clean = export(Session(title="Empty"), template, clean=True)
    assert outline(clean) == [Heading(1, "Empty", False)]


def test_every_answer_is_in_the_export(complete: Session, template: Template) -> None:
    text = export(complete, template)
    for step in template.steps:
        for item in step.fields:
            if item.type is FieldType.LIST:
                assert f"{item.id} item two" in text
            elif item.type is not FieldType.FAQ:
                assert f"Second line of {item.id}." in text or item.type is FieldType.TEXT


def test_export_without_a_template_keeps_every_answer(complete: Session) -> None:
    complete.notes = "Remember the snacks."
    text = export(complete, None)
    heads = outline(text)
    assert heads[0] == Heading(1, "Pocket Planner", False)
    assert [h.text for h in heads if h.level == 2] == [
        "Customer FAQ", "Internal FAQ", "Appendix: working notes", "Appendix: session record",
    ]
    assert [h.text for h in heads if h.level == 3 and h.text in ("Answers", "Notes")] == ["Answers", "Notes"]
    for step_id in complete.answers:
        assert Heading(4, step_id, False) in heads
    assert "customer answer two." in text and "internal open question?" in text
    assert "Remember the snacks." in text


def test_answers_for_steps_the_template_lost_are_kept(complete: Session, template: Template) -> None:
    complete.set_answer("retired-step", "old", "Still here.")
    text = export(complete, template)
    assert Heading(3, "Other answers", False) in outline(text)
    assert "Still here." in text


def test_faq_kinds_the_template_lacks_are_still_exported(complete: Session, template: Template) -> None:
    from dataclasses import replace

    stages = tuple(
        replace(s, steps=tuple(st_ for st_ in s.steps if st_.id != "faq-internal")) if s.kind is StageKind.FAQ else s
        for s in template.stages
    )
    text = export(complete, replace(template, stages=stages))
    assert "internal question two?" in text
    assert Heading(2, "Internal FAQ", False) in outline(text)


def test_blank_title_exports_as_untitled(template: Template) -> None:
    assert export(Session(title="  "), template).startswith(f"# {markdown.UNTITLED}\n")


# ---------------------------------------------------------------- escaping, case by case
HOSTILE_BLOCKS = [
    "# Not a heading",
    "## two\n### three",
    "#\tTabbed",
    "#",
    "   # indented three",
    "    # indented four (code)",
    "> # quoted heading",
    ">#still heading?",
    "- # listed heading",
    "1. # numbered heading",
    "10. item\n    # continuation heading",
    "- item\n\n  # after a blank in the item",
    "Setext one\n===",
    "Setext two\n---",
    "- item\n  ===",
    "- item\n    ===",
    "> quote\n> ---",
    "> lazy\n===",
    "```",
    "```python\nprint('# not closed')",
    "``` a`b\n# heading after a non-fence",
    "```\n``` not a closer\n# inside",
    "~~~\n# in tilde fence",
    "````\n```\n# still inside\n",
    "- ```\n  # in a list fence\n# outside",
    "<script>\nalert(1)\n# after script",
    "<!--\n# commented out?",
    "<div>\n\n# after div",
    "<pre>\n# inside pre",
    "<?php\n# pi",
    "<![CDATA[\n# cdata",
    "<!DOCTYPE html>\n# doctype",
    "<textarea>\n# ta",
    "Text with <b>inline</b> html",
    "`code <span>` and <b>",
    "\\# already escaped",
    "&#35; entity hash",
    "| a | b |\n|---|---|\n| # | x |",
    "[ref]: https://example.com\n# after ref",
    "Line\\\n# after hard break",
    "***\n# after rule",
    "\t# tab-indented",
    "- a\n- b\n\n      # deep",
    "* * *\n===",
]


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize("text", HOSTILE_BLOCKS)
def test_block_never_makes_or_swallows_a_heading(text: str, parser: MarkdownIt) -> None:
    result = block(text)
    heads = outline(f"Intro.\n\n{result}\n\n## Next section\n\nMore.\n", parser)
    assert heads == [Heading(2, "Next section", False)], result


@pytest.mark.parametrize("text", HOSTILE_BLOCKS)
def test_block_loses_no_words(text: str) -> None:
    rendered = COMMONMARK.render(block(text))
    for word in ("heading", "quoted", "listed", "numbered", "Setext", "inside", "script", "doctype"):
        if word in text:
            assert word in rendered, (text, rendered)


def test_ordinary_markdown_is_kept_as_written() -> None:
    text = "Some *emphasis* and `code`.\n\n- one\n- two\n\n1. first\n2. second\n\n```py\nx = 1  # comment\n```\n\n> a quote"
    assert block(text) == text


def test_block_normalises_line_endings_and_trims_blank_lines() -> None:
    assert block("\r\n\r\nfirst\r\nsecond\r\n\r\n") == "first\nsecond"


def test_safe_block_is_a_verbatim_code_block() -> None:
    text = "odd ```` fence\n# heading\n<script>"
    result = block(text, safe=True)
    tokens = COMMONMARK.parse(result)
    assert [t.type for t in tokens] == ["fence"]
    assert tokens[0].content == text + "\n"


@pytest.mark.parametrize(
    "text",
    ["# title", "- item", "+ item", "1. item", "1) item", "> quote", "=== ", "---", "a #", "a ##", "ends with \\",
     "*stars* _under_ `tick` [link](x) <b> & &amp; | pipe ~~strike~~", "  spaced   out  ", "a\nb\r\nc", "#hashtag",
     "<!-- c -->", "![img](x)", "http://example.com www.example.com"],
)
@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
def test_inline_is_literal_in_a_heading(text: str, parser: MarkdownIt) -> None:
    heads = outline(f"### {inline(text)}\n", parser)
    assert heads == [Heading(3, shown(text), False)]


# ---------------------------------------------------------------- properties
MD_PIECES = [
    "#", "# ", "## x", "###### y", "####### z", "#\t", " #", "   #", "    #", "\t#", "> ", ">", "- ", "* ", "+ ",
    "1. ", "1) ", "10. ", "===", "---", "___", "***", "- - -", "```", "~~~", "````", "``` js", "```a`b", "<script>",
    "</script>", "<!--", "-->", "<div>", "<pre>", "<?", "<![CDATA[", "<!DOCTYPE", "<textarea>", "<style>", "|a|b|",
    "|-|-|", "[x]: /url", "\\", "\\#", "&#35;", "&lt;", "`", "``", "*", "_", "  ", "   ", "\t", "\n", "\n", "\n\n",
    "x", "word", "Title", "<http://x>", "=", "-", "- [ ] task", "\u00a0", "\x00", "\r\n", "\r", "🎉", "שלום",
]

md_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(MD_PIECES), st.text(max_size=4)), max_size=30).map("".join),
    st.text(max_size=60),
)


def build(data: st.DataObject, template: Template) -> tuple[Session, Session, str]:
    """Draw a session full of hostile text, and its twin with plain text in the same places.

    Returns both and the id of the step the template does not know ("" if none).
    """
    headline = role_field(template, "headline")

    def twin(text: str, where: tuple[str, str] | None = None) -> str:
        """Plain text where `text` has some, blank where it is blank (so the same parts show)."""
        if not text.strip():
            return text
        return "HEADLINE" if where == headline else "plain words"

    nasty = Session(title=data.draw(md_text), facilitator=data.draw(md_text), participants=data.draw(st.lists(md_text, max_size=2)))
    plain = Session(
        title="TITLE",
        facilitator=twin(nasty.facilitator),
        participants=[twin(p) and f"P{i}" for i, p in enumerate(nasty.participants)],
    )

    for step in template.steps:
        for item in step.fields:
            if item.type is FieldType.LIST:
                values = data.draw(st.lists(md_text, max_size=3))
                nasty.set_answer(step.id, item.id, values)
                plain.set_answer(step.id, item.id, [twin(v) for v in values])
            elif item.type is not FieldType.FAQ:
                value = data.draw(md_text)
                nasty.set_answer(step.id, item.id, value)
                plain.set_answer(step.id, item.id, twin(value, (step.id, item.id)))
    for _ in range(data.draw(st.integers(0, 4))):
        kind = data.draw(st.sampled_from(["customer", "internal"]))
        question, answer = data.draw(md_text), data.draw(md_text)
        status = data.draw(st.sampled_from(["open", "answered"]))
        for session, q, a in ((nasty, question, answer), (plain, twin(question), twin(answer))):
            item = session.add_faq("", kind)
            session.update_faq(item.id, question=q, answer=a, status=status)
    step_id = ""
    if data.draw(st.booleans()):
        known = {s.id for s in template.steps}
        step_id = data.draw(md_text.filter(lambda t: t not in known))
        value = data.draw(md_text)
        nasty.set_answer(step_id, "old", value)
        plain.set_answer("STEP", "old", twin(value))
    notes = data.draw(md_text)
    nasty.notes, plain.notes = notes, twin(notes)
    return nasty, plain, step_id


def check_outline(
    nasty: Session, plain: Session, leftover: str, template: Template | None, parser: MarkdownIt
) -> None:
    got = outline(export(nasty, template), parser)
    want = outline(export(plain, template), parser)
    assert [(h.level, h.nested) for h in got] == [(h.level, h.nested) for h in want]
    headline = role_field(template, "headline") if template else None
    questions = [
        item.question for kind in ("customer", "internal") for item in nasty.faq_items(kind) if item.question.strip()
    ]
    for have, expected in zip(got, want):
        if expected.text == "plain words" and expected.level == 3:  # an FAQ question
            assert have.text == shown(questions.pop(0))
        elif expected.text == "TITLE":
            assert have.text == (shown(nasty.title) or markdown.UNTITLED)
        elif expected.text == "HEADLINE":
            assert have.text == shown(nasty.get_text(*headline))
        elif expected.text == "STEP":
            assert have.text == shown(leftover)
        else:
            assert have.text == expected.text


@given(data=st.data())
@settings(max_examples=120, deadline=None, suppress_health_check=HEALTH)
def test_user_text_never_changes_the_outline(template: Template, data: st.DataObject) -> None:
    nasty, plain, leftover = build(data, template)
    for parser in PARSERS.values():
        check_outline(nasty, plain, leftover, template, parser)


@given(data=st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)
def test_user_text_never_changes_the_outline_without_a_template(template: Template, data: st.DataObject) -> None:
    nasty, plain, leftover = build(data, template)
    check_outline(nasty, plain, leftover, None, COMMONMARK)


@given(text=md_text)
@example("- ```\n  x\n# y")
@example("```\n``` x\n# y")
@settings(max_examples=400, deadline=None, suppress_health_check=HEALTH)
def test_any_block_keeps_the_outline(text: str) -> None:
    for parser in PARSERS.values():
        heads = outline(f"Intro.\n\n{block(text)}\n\n## After\n", parser)
        assert heads == [Heading(2, "After", False)]
        quoted = "\n".join(f"> {line}" for line in block(text).split("\n"))
        assert outline(f"{quoted}\n\n## After\n", parser) == [Heading(2, "After", False)]


@given(text=st.one_of(md_text, st.text()))
@settings(max_examples=400, deadline=None, suppress_health_check=HEALTH)
def test_inline_renders_exactly_the_text(text: str) -> None:
    for parser in PARSERS.values():
        assert outline(f"## {inline(text)}\n", parser) == [Heading(2, shown(text), False)]
        tokens = parser.parse(f"- {inline(text)}\n") if text.split() else []
        if tokens:
            assert [t.type for t in tokens if t.type.endswith("_open")][:2] == ["bullet_list_open", "list_item_open"]
            para = next(t for t in tokens if t.type == "inline")
            if parser is COMMONMARK:
                assert text_of(para) == shown(text)


@given(text=md_text)
@settings(max_examples=200, deadline=None, suppress_health_check=HEALTH)
def test_safe_blocks_show_the_text_verbatim(text: str) -> None:
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    tokens = COMMONMARK.parse(block(text, safe=True))
    assert [t.type for t in tokens] == ["fence"]
    assert tokens[0].content == pictures(body) + "\n"


# ---------------------------------------------------------------- the safety net
@pytest.mark.parametrize("layer", ["block check", "document check"])
def test_the_outline_check_catches_what_escaping_misses(
    complete: Session, template: Template, monkeypatch: pytest.MonkeyPatch, layer: str
) -> None:
    """If the escaping ever lets something through, the parser check falls back to code blocks."""
    want = outline(export(complete, template))
    step = template.steps[0]
    long_field = next(f for f in step.fields if f.type is FieldType.LONG_TEXT)
    hostile = "# Injected heading\n\nSome words\n===\n\n```\nunclosed fence"
    complete.set_answer(step.id, long_field.id, hostile)
    monkeypatch.setattr(blocks, "_escape_lines", lambda text: text)  # escaping "forgets" everything
    if layer == "document check":
        monkeypatch.setattr(blocks, "_keeps_outline", lambda text: True)
    text = export(complete, template)
    assert outline(text) == want
    fences = [t for t in COMMONMARK.parse(text) if t.type == "fence"]
    assert any(t.content == hostile + "\n" for t in fences)  # shown verbatim, nothing lost


def test_press_release_preview_has_the_same_safety_net(template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    session = Session(title="PP")
    session.set_answer(*role_field(template, "headline"), "Launch")
    session.set_answer(*role_field(template, "summary"), "```\n# swallowed?")
    monkeypatch.setattr(blocks, "_escape_lines", lambda text: text)
    monkeypatch.setattr(blocks, "_keeps_outline", lambda text: True)
    assert outline(press_release(session, template) + "\n\n## After\n") == [
        Heading(3, "Launch", False),
        Heading(2, "After", False),
    ]


@given(data=st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
def test_export_holds_no_terminal_control_characters(template: Template, data: st.DataObject) -> None:
    """`workshop export` may print to a terminal: no session text can send it escape sequences."""
    nasty, _, _ = build(data, template)
    step = template.steps[0]
    nasty.set_answer(step.id, step.fields[0].id, "\x1b]0;pwned\x07\x1b[2J\x9b31m\x00\x7f")
    nasty.title += "\x1b[5m"
    text = export(nasty, template)
    assert [c for c in text if c not in "\t\n" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0)] == []
    assert "0;pwned\u2407\u241b" in text  # shown as symbols, not dropped


# ------------------------------------------------------------ plain-prose shortcut
_PROSE_ALPHABET = st.sampled_from(
    list("abcXYZéß ") + list("=-#*_+>|[]()!:.,;'\"~0123456789") + ["\n", "\n\n", "- ", "    ", "\t"]
)


def _outline_check(text: str) -> bool:
    """The CommonMark check `_keeps_outline` runs when the shortcut doesn't apply."""
    found = blocks._headings(f"{text}\n\n# end\n")
    return found is None or found == [(text.count("\n") + 2, 1, 0)]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PROSE_ALPHABET, max_size=60).map("".join))
@example("Plain words\n===")
@example("- a list\n---")
@example("Words | more\n--- | ---")
@example("A line\n    indented code")
@example("Looks fine\n```")
def test_plain_prose_shortcut_never_skips_a_check_that_would_fail(text: str) -> None:
    """Text the shortcut calls plain prose always passes the full outline check."""
    text = text.strip("\n")
    if blocks._plain_prose(text):
        assert _outline_check(text), text


@pytest.mark.parametrize("title", ["<http://x>@0", "see https://a.b/c_d*e", "_http://x>y", "MAILTO:a@b.c"])
def test_a_url_in_a_heading_reads_the_same_in_every_renderer(title: str) -> None:
    """GitHub-style Markdown links `http://…` and then shows the escapes inside the link
    (found by the outline property test: `<http://x\\>@0`)."""
    for parser in PARSERS.values():
        tokens = parser.parseInline(markdown.inline(title))[0].children
        assert "".join(t.content for t in tokens if t.type == "text") == title


def test_a_code_span_over_a_line_break_lets_no_html_through() -> None:
    """The second line's first backtick closes the span the first opened, so `<div>` was
    outside any span and passed as raw HTML (found by the hostile-text property test)."""
    for text in ("`\n`<div>`", "a `b\nc` <b>x</b> `d`", "``\n``<!-- x -->``"):
        tokens = COMMONMARK.parse(markdown.block(text))
        assert not [t for t in tokens if t.type == "html_block"]
        assert not [c for t in tokens for c in (t.children or []) if c.type == "html_inline"]
