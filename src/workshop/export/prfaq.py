"""Provides the builder of the exported PR/FAQ: what the document says, in the order a PR/FAQ is read.

Press release first (the headline as the title, subheading, dateline,
body, quotes, call to action), then the customer FAQ and the internal FAQ
(each question a heading with its answer), then the appendices: working
notes (customer, problem, evidence, experience, review) and the session
record. A `clean` copy (the one you circulate) leaves out the appendices and
the questions nobody answered. The result is an `export.structure.Document`
that every format renders.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from ..model.session import Answer, FaqItem, Session
from ..model.template import FAQ_KINDS, Field, FieldType, StageKind, Step, Template
from . import words
from .structure import (
    Anchors,
    Block,
    Document,
    Heading,
    Inline,
    Items,
    Para,
    Prose,
    Quote,
    Span,
    em,
    plain,
    strong,
)

UNTITLED = "Untitled session"
"""The title of a session with neither headline nor title."""

FAQ_HEADINGS = {"customer": "Customer FAQ", "internal": "Internal FAQ"}
"""Section titles of the two FAQ lists (when the template does not name them)."""

NOTES_HEADING = "Appendix: working notes"
"""The heading of the working notes (every answer outside the press release and FAQ)."""

NOT_WRITTEN = "The press release is not written yet."
NOT_ANSWERED = "Not answered yet."
DRAFT = "Draft answer — not yet marked answered."
NO_QUESTIONS = "No questions yet."
NO_QUESTION_TEXT = "(no question written yet)"


# ------------------------------------------------------------------ dateline
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%b %d %Y", "%d/%m/%Y")


def press_date(text: str) -> str:
    """Return a launch date the way a press release writes it ("April 1, 2027"); other text as typed."""
    text = " ".join(text.split())
    when: date | None = None
    match = _ISO.match(text)
    try:
        if match:
            when = date(int(match[1]), int(match[2]), int(match[3]))
        else:
            for pattern in _DATE_FORMATS:
                try:
                    when = datetime.strptime(text.replace(".", ""), pattern).date()
                    break
                except ValueError:
                    continue
    except ValueError:
        when = None
    return f"{when:%B} {when.day}, {when.year}" if when else text


def press_city(text: str) -> str:
    """Return the city in capitals, as a dateline opens ("Columbus, Ohio" gives "COLUMBUS, Ohio")."""
    text = " ".join(text.split())
    city, comma, rest = text.partition(",")
    return city.upper() + comma + rest


def dateline(city: str, when: str) -> str:
    """The dateline without its dash: "ROTTERDAM, April 1, 2027" (either part may be missing)."""
    return ", ".join(part for part in (press_city(city) if city.strip() else "", press_date(when) if when.strip() else "") if part)


# ------------------------------------------------------------------ values
def pr_values(session: Session, template: Template | None) -> dict[str, str]:
    """The press release's text by role (`headline`, `city`, …), stripped (none without a template)."""
    return words.pr_values(session, template) if template is not None else {}


def has_text(value: Answer) -> bool:
    return bool(value.strip()) if isinstance(value, str) else any(v.strip() for v in value)


# ------------------------------------------------------------------ press release
def press_release_blocks(values: dict[str, str]) -> list[Block]:
    """The press release body under the headline (which is the document's title)."""
    blocks: list[Block] = []
    if values.get("subheading"):
        blocks.append(Para(em(values["subheading"])))
    line = dateline(values.get("city", ""), values.get("date", ""))
    if values.get("summary"):
        lead: Inline = (Span(line, "strong"), Span(" — ")) if line else ()
        blocks.append(Prose(values["summary"], lead=lead))
    elif line:
        blocks.append(Para((Span(line, "strong"), Span(" —"))))
    for role in ("problem", "solution"):
        if values.get(role):
            blocks.append(Prose(values[role]))
    if values.get("leader_quote"):
        blocks.append(Quote(values["leader_quote"]))
    if values.get("how_it_works"):
        blocks.append(Prose(values["how_it_works"]))
    if values.get("customer_quote"):
        blocks.append(Quote(values["customer_quote"]))
    if values.get("call_to_action"):
        blocks.append(Para(strong(values["call_to_action"])))
    return blocks


# ------------------------------------------------------------------ FAQ
def faq_blocks(title: str, items: list[FaqItem], *, clean: bool, ref: str = "") -> list[Block]:
    """One FAQ: its heading, then each question as a heading with its answer."""
    if clean:
        items = [item for item in items if item.answer.strip()]
        if not items:
            return []
    blocks: list[Block] = [Heading(2, title, ref=ref)]
    if not items:
        return blocks + [Para(em(NO_QUESTIONS))]
    for item in items:
        question = " ".join(item.question.split()) or NO_QUESTION_TEXT
        blocks.append(Heading(3, question, ref=item.id))
        if item.answer.strip():
            blocks.append(Prose(item.answer))
            if item.status != "answered" and not clean:
                blocks.append(Para(em(DRAFT)))
        else:
            blocks.append(Para(em(NOT_ANSWERED)))
    return blocks


# ------------------------------------------------------------------ working notes
def answer_blocks(item: Field, value: Answer, *, show_label: bool) -> list[Block]:
    """One answer: a list, a line or a text, labelled when its step has several fields."""
    if not has_text(value):
        return []
    label = [Para(strong(item.label))] if show_label else []
    if isinstance(value, list):
        return label + [Items(tuple(plain(v) for v in value if v.strip()))]
    if item.type is FieldType.TEXT:
        line = " ".join(value.split())
        return [Para(strong(f"{item.label}:") + plain(f" {line}") if show_label else plain(line))]
    return label + [Prose(value)]


def step_blocks(session: Session, step: Step, fields: list[Field]) -> list[Block]:
    """A step's answers under its title (nothing when none is filled)."""
    body: list[Block] = []
    for item in fields:
        body += answer_blocks(item, session.get_answer(step.id, item.id), show_label=len(fields) > 1)
    return [Heading(4, step.title, ref=step.id)] + body if body else []


def working_notes(session: Session, template: Template | None) -> list[Block]:
    """Every answer outside the press release prose and the FAQ lists, stage by stage."""
    blocks: list[Block] = []
    known: set[str] = set()
    if template is not None:
        for stage in template.stages:
            known.update(step.id for step in stage.steps)
            body: list[Block] = []
            for step in stage.steps:
                fields = [
                    f for f in step.fields
                    if f.type is not FieldType.FAQ and not (stage.kind is StageKind.PRESS_RELEASE and f.role)
                ]
                body += step_blocks(session, step, fields)
            if stage.kind is StageKind.QUESTIONS and not body and not all(s.optional for s in stage.steps):
                body = [Para(em(NOT_ANSWERED))]
            if body:
                blocks += [Heading(3, stage.title, ref=stage.id)] + body
    leftovers = [
        (step_id, fields)
        for step_id, fields in session.answers.items()
        if step_id not in known and any(has_text(v) for v in fields.values())
    ]
    if leftovers:
        title = "Answers" if template is None else "Other answers"
        blocks.append(Heading(3, title))
        if template is not None:
            blocks.append(Para(em("These answers belong to steps the template no longer has.")))
        for step_id, fields in leftovers:
            blocks.append(Heading(4, step_id))
            for field_id, value in fields.items():
                fake = Field(id=field_id, label=field_id, type=FieldType.LONG_TEXT)
                blocks += answer_blocks(fake, value, show_label=True)
    if session.notes.strip():
        blocks += [Heading(3, "Notes"), Prose(session.notes)]
    if not blocks:
        return []
    return [Heading(2, NOTES_HEADING)] + blocks


# ------------------------------------------------------------------ document
def faq_sections(template: Template | None) -> list[tuple[str, str, str]]:
    """`(faq kind, section title, step id)` in the template's order (kinds it lacks come later)."""
    found: list[tuple[str, str, str]] = []
    if template is not None:
        for stage in template.stages:
            for step in stage.steps:
                for item in step.fields:
                    if item.type is FieldType.FAQ and item.faq_kind not in {k for k, _, _ in found}:
                        found.append((item.faq_kind, step.title, step.id))
    return found


def build(
    session: Session,
    template: Template | None,
    *,
    clean: bool = False,
    with_comments: bool = False,
) -> Document:
    """Return the PR/FAQ of `session` as one structure every format renders.

    Args:
        session: The session to export.
        template: Its template; None when it can't be found (every answer is
            still exported, under its step id, in the working notes).
        clean: The copy you circulate: no appendices, no unanswered questions.
        with_comments: Add the appendix of open review comments (never in a clean copy).
    """
    values = pr_values(session, template)
    title = " ".join((values.get("headline") or session.title).split()) or UNTITLED
    pr_stage = next((s.id for s in template.stages if s.kind is StageKind.PRESS_RELEASE), "") if template else ""
    blocks: list[Block] = [Heading(1, title, ref=pr_stage)]
    body = press_release_blocks(values)
    if not body and not clean and template is not None:
        body = [Para(em(NOT_WRITTEN))]
    blocks += body
    sections = faq_sections(template)
    shown = {kind for kind, _, _ in sections}
    sections += [(k, FAQ_HEADINGS[k], "") for k in FAQ_KINDS if k not in shown and session.faq_items(k)]
    for kind, heading, step_id in sections:
        blocks += faq_blocks(heading, list(session.faq_items(kind)), clean=clean, ref=step_id)
    if not clean:
        blocks += working_notes(session, template)
        from .appendix import appendix  # the live-session record

        blocks += appendix(session, template)
        if with_comments:
            from .comments import comments_appendix

            blocks += comments_appendix(session, template)
    anchors = Anchors()
    blocks = [replace(b, anchor=anchors(b.text)) if isinstance(b, Heading) else b for b in blocks]
    return Document(title=title, blocks=tuple(blocks))

