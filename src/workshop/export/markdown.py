"""Provides the Markdown PR/FAQ export of a session."""

from __future__ import annotations

from typing import Iterable

from ..model.session import Answer, FaqItem, Session
from ..model.template import (
    FAQ_KINDS,
    Field,
    FieldType,
    Stage,
    StageKind,
    Step,
    Template,
)
from ..model.text import word_count
from .blocks import PLAIN_START, Heading, block, inline, outline_ok, quote

PRESS_RELEASE_WORD_LIMIT = 500
"""About one printed page of press release prose."""

FAQ_HEADINGS = {"customer": "Customer FAQ", "internal": "Internal FAQ"}
"""Subsection titles of the two FAQ lists."""

UNTITLED = "Untitled session"
"""The first heading of a session whose title is blank."""

# ------------------------------------------------------------------ pieces
def _answer_markdown(
    item: Field, value: Answer, *, show_label: bool, safe: bool = False
) -> list[str]:
    lines: list[str] = []
    if isinstance(value, list):
        items = [v for v in value if v.strip()]
        if not items:
            return lines
        if show_label:
            lines += [f"**{inline(item.label)}**", ""]
        lines += [f"- {inline(v)}" for v in items]
        lines.append("")
        return lines
    if not value.strip():
        return lines
    if item.type is FieldType.TEXT:
        lines += [f"**{inline(item.label)}:** {inline(value)}" if show_label else inline(value), ""]
    else:
        if show_label:
            lines += [f"**{inline(item.label)}**", ""]
        lines += [block(value, safe=safe), ""]
    return lines


def _step_markdown(session: Session, step: Step, safe: bool) -> list[str]:
    body: list[str] = []
    text_fields = [f for f in step.fields if f.type is not FieldType.FAQ]
    filled = [
        (f, session.get_answer(step.id, f.id))
        for f in text_fields
        if session.get_text(step.id, f.id).strip()
    ]
    for item, value in filled:
        body += _answer_markdown(item, value, show_label=len(text_fields) > 1, safe=safe)
    if not body:
        return []
    return [Heading(3, inline(step.title)), ""] + body


def _pr_values(session: Session, template: Template) -> dict[str, str]:
    values: dict[str, str] = {}
    for stage in template.stages:
        if stage.kind is not StageKind.PRESS_RELEASE:
            continue
        for step in stage.steps:
            for item in step.fields:
                if item.role:
                    values[item.role] = session.get_text(step.id, item.id).strip()
    return values


def _press_release_lines(session: Session, template: Template, safe: bool) -> list[str]:
    v = _pr_values(session, template)
    lines: list[str] = []
    if v.get("headline"):
        lines += [Heading(3, inline(v["headline"])), ""]
    if v.get("subheading"):
        lines += [f"**{inline(v['subheading'])}**", ""]
    dateline = ", ".join(inline(v[k]) for k in ("city", "date") if v.get(k))
    summary = block(v["summary"], safe=safe) if v.get("summary") else ""
    if dateline and summary and not safe and PLAIN_START.match(summary):
        lines += [f"**{dateline}** — {summary}", ""]
    else:
        if dateline:
            lines += [f"**{dateline}** —" if summary else f"**{dateline}**", ""]
        if summary:
            lines += [summary, ""]
    for role in ("problem", "solution"):
        if v.get(role):
            lines += [block(v[role], safe=safe), ""]
    if v.get("leader_quote"):
        lines += [quote(v["leader_quote"], safe=safe), ""]
    if v.get("how_it_works"):
        lines += [block(v["how_it_works"], safe=safe), ""]
    if v.get("customer_quote"):
        lines += [quote(v["customer_quote"], safe=safe), ""]
    if v.get("call_to_action"):
        lines += [f"**{inline(v['call_to_action'])}**", ""]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def press_release(session: Session, template: Template) -> str:
    """Return the assembled press release as Markdown (no section heading).

    Used by the export and by the app's live preview.
    """
    lines = _press_release_lines(session, template, safe=False)
    if not outline_ok(lines + ["", Heading(2, "end")]):  # self-contained: swallows nothing after
        lines = _press_release_lines(session, template, safe=True)
    return "\n".join(lines)


def press_release_words(session: Session, template: Template) -> int:
    """Words in the press release's prose (what the one-page limit counts)."""
    return sum(word_count(text) for text in _pr_values(session, template).values())


def faq_markdown(items: Iterable[FaqItem], *, safe: bool = False) -> list[str]:
    """Return FAQ items as numbered question/answer pairs."""
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        question = inline(item.question) or "*(no question written yet)*"
        lines += [f"**Q{number}. {question}**", ""]
        if item.answer.strip():
            lines += [block(item.answer, safe=safe), ""]
            if item.status != "answered":
                lines += ["*Draft answer — not yet marked answered.*", ""]
        else:
            lines += ["*Not answered yet.*", ""]
    return lines


def _metadata(session: Session, template: Template | None) -> str:
    parts = [inline(template.title) if template else inline(session.template_id)]
    parts.append(f"updated {session.updated.day} {session.updated:%B %Y}")
    if session.facilitator.strip():
        parts.append(f"facilitator: {inline(session.facilitator)}")
    people = [inline(p) for p in session.participants if p.strip()]
    if people:
        parts.append("participants: " + ", ".join(people))
    return "*" + " · ".join(p for p in parts if p) + "*"


# ------------------------------------------------------------------ document
def export(session: Session, template: Template | None) -> str:
    """Return the whole session as a Markdown PR/FAQ.

    The result's headings are exactly the ones the export writes, whatever
    the user typed: the outline is checked with a CommonMark parser and, if
    some text still got through, every answer is rendered verbatim instead.

    Args:
        session: The session to export.
        template: Its template; None when the template can't be found (every
            answer is still exported, under its step id).
    """
    lines = _document(session, template, safe=False)
    if not outline_ok(lines):
        lines = _document(session, template, safe=True)
    return "\n".join(lines).rstrip("\n") + "\n"


def _document(session: Session, template: Template | None, safe: bool) -> list[str]:
    title = inline(session.title) or UNTITLED
    lines: list[str] = [Heading(1, title), "", _metadata(session, template), ""]
    known_steps: set[str] = set()
    shown_kinds: set[str] = set()
    if template is not None:
        for stage in template.stages:
            known_steps.update(step.id for step in stage.steps)
            lines += _stage_markdown(session, template, stage, safe, shown_kinds)
    leftovers = [
        (step_id, fields)
        for step_id, fields in session.answers.items()
        if step_id not in known_steps
        and any(
            (v.strip() if isinstance(v, str) else any(x.strip() for x in v))
            for v in fields.values()
        )
    ]
    if leftovers:
        heading = "Answers" if template is None else "Other answers"
        lines += [Heading(2, heading), ""]
        if template is not None:
            lines += ["*These answers belong to steps the template no longer has.*", ""]
        for step_id, fields in leftovers:
            lines += [Heading(3, inline(step_id)), ""]
            for field_id, value in fields.items():
                fake = Field(id=field_id, label=field_id, type=FieldType.LONG_TEXT)
                lines += _answer_markdown(fake, value, show_label=True, safe=safe)
    missing = [k for k in FAQ_KINDS if k not in shown_kinds and session.faq_items(k)]
    if missing:
        lines += [Heading(2, "FAQ"), ""]
        for kind in missing:
            lines += [Heading(3, FAQ_HEADINGS[kind]), ""]
            lines += faq_markdown(session.faq_items(kind), safe=safe)
    if session.notes.strip():
        lines += [Heading(2, "Notes"), "", block(session.notes, safe=safe), ""]
    from .appendix import appendix  # imported here: the app's start-up doesn't need it

    lines += appendix(session, template)  # facilitation record: see export/appendix.py
    return lines


def _stage_markdown(
    session: Session, template: Template, stage: Stage, safe: bool, shown_kinds: set[str]
) -> list[str]:
    heading = Heading(2, inline(stage.title))
    if stage.kind is StageKind.PRESS_RELEASE:
        text = _press_release_lines(session, template, safe)
        if not text:
            return [heading, "", "*Not written yet.*", ""]
        return [heading, ""] + text + [""]
    if stage.kind is StageKind.FAQ:
        lines = [heading, ""]
        for step in stage.steps:
            for item in step.fields:
                if item.type is FieldType.FAQ:
                    shown_kinds.add(item.faq_kind)
                    items = session.faq_items(item.faq_kind)
                    lines += [Heading(3, inline(step.title)), ""]
                    lines += faq_markdown(items, safe=safe) if items else ["*No questions yet.*", ""]
                else:
                    lines += _answer_markdown(
                        item, session.get_answer(step.id, item.id), show_label=True, safe=safe
                    )
        return lines
    body: list[str] = []
    for step in stage.steps:
        body += _step_markdown(session, step, safe)
    if not body:
        if all(step.optional for step in stage.steps):
            return []
        body = ["*Not answered yet.*", ""]
    return [heading, ""] + body
