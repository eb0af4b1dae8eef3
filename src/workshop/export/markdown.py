"""Provides the Markdown PR/FAQ export of a session."""

from __future__ import annotations

import re
from typing import Iterable

from ..model.session import Answer, FaqItem, Session
from ..model.template import FAQ_KINDS, Field, FieldType, Stage, StageKind, Step, Template
from ..model.text import normalise, word_count

PRESS_RELEASE_WORD_LIMIT = 500
"""About one printed page of press release prose."""

FAQ_HEADINGS = {"customer": "Customer FAQ", "internal": "Internal FAQ"}

_HEADING_LIKE = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT_LIKE = re.compile(r"^( {0,3})(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


# ------------------------------------------------------------------ escaping
def block(text: str) -> str:
    """Return user text as Markdown that cannot break the document's outline.

    The user's Markdown is kept (lists, emphasis, code), but a line that would
    become a heading (`# …`, or a setext `===`/`---` underline) is escaped, raw
    HTML is shown literally, and an unclosed code fence is closed so it can't
    swallow the sections that follow.
    """
    lines = normalise(text).strip("\n").split("\n")
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            continue
        line = _HEADING_LIKE.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", line)
        if _SETEXT_LIKE.match(line) and out and out[-1].strip():
            line = re.sub(r"^( {0,3})([=-])", r"\1\\\2", line)
        line = line.replace("<", "\\<")
        out.append(line)
    if fence is not None:
        out.append(fence)
    return "\n".join(out)


def inline(text: str) -> str:
    """Return user text as one line of literal Markdown (for headings, bold, list items)."""
    flat = " ".join(normalise(text).split())
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    if flat.startswith("#"):
        flat = "\\" + flat
    if re.match(r"^(\d+)([.)])", flat):
        flat = re.sub(r"^(\d+)([.)])", r"\1\\\2", flat)
    if re.match(r"^[-+=]", flat):
        flat = "\\" + flat
    if flat.endswith("#"):
        flat = flat[:-1] + "\\#"
    return flat


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in block(text).split("\n"))


# ------------------------------------------------------------------ pieces
def _answer_markdown(step: Step, item: Field, value: Answer, *, show_label: bool) -> list[str]:
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
        lines += [block(value), ""]
    return lines


def _step_markdown(session: Session, step: Step) -> list[str]:
    body: list[str] = []
    text_fields = [f for f in step.fields if f.type is not FieldType.FAQ]
    filled = [
        (f, session.get_answer(step.id, f.id))
        for f in text_fields
        if session.get_text(step.id, f.id).strip()
    ]
    for item, value in filled:
        body += _answer_markdown(step, item, value, show_label=len(text_fields) > 1)
    if not body:
        return []
    return [f"### {inline(step.title)}", ""] + body


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


def press_release(session: Session, template: Template) -> str:
    """Return the assembled press release as Markdown (no section heading).

    Used by the export and by the app's live preview.
    """
    v = _pr_values(session, template)
    lines: list[str] = []
    if v.get("headline"):
        lines += [f"### {inline(v['headline'])}", ""]
    if v.get("subheading"):
        lines += [f"**{inline(v['subheading'])}**", ""]
    dateline = ", ".join(inline(v[k]) for k in ("city", "date") if v.get(k))
    summary = block(v["summary"]) if v.get("summary") else ""
    if dateline and summary:
        lines += [f"**{dateline}** — {summary}", ""]
    elif dateline:
        lines += [f"**{dateline}**", ""]
    elif summary:
        lines += [summary, ""]
    for role in ("problem", "solution"):
        if v.get(role):
            lines += [block(v[role]), ""]
    if v.get("leader_quote"):
        lines += [_quote(v["leader_quote"]), ""]
    if v.get("how_it_works"):
        lines += [block(v["how_it_works"]), ""]
    if v.get("customer_quote"):
        lines += [_quote(v["customer_quote"]), ""]
    if v.get("call_to_action"):
        lines += [f"**{inline(v['call_to_action'])}**", ""]
    return "\n".join(lines).strip("\n")


def press_release_words(session: Session, template: Template) -> int:
    """Words in the press release's prose (what the one-page limit counts)."""
    return sum(word_count(text) for text in _pr_values(session, template).values())


def faq_markdown(items: Iterable[FaqItem]) -> list[str]:
    """Return FAQ items as numbered question/answer pairs."""
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        lines += [f"**Q{number}. {inline(item.question)}**", ""]
        if item.answer.strip():
            lines += [block(item.answer), ""]
            if item.status != "answered":
                lines += ["*Draft answer — not yet marked answered.*", ""]
        else:
            lines += ["*Not answered yet.*", ""]
    return lines


def _metadata(session: Session, template: Template | None) -> str:
    parts = [inline(template.title) if template else inline(session.template_id)]
    parts.append(f"updated {session.updated:%d %B %Y}".replace(" 0", " "))
    if session.facilitator:
        parts.append(f"facilitator: {inline(session.facilitator)}")
    if session.participants:
        parts.append("participants: " + ", ".join(inline(p) for p in session.participants))
    return "*" + " · ".join(parts) + "*"


# ------------------------------------------------------------------ document
def export(session: Session, template: Template | None) -> str:
    """Return the whole session as a Markdown PR/FAQ.

    Args:
        session: The session to export.
        template: Its template; None when the template can't be found (every
            answer is still exported, under its step id).
    """
    lines: list[str] = [f"# {inline(session.title)}", "", _metadata(session, template), ""]
    known_steps: set[str] = set()
    if template is not None:
        for stage in template.stages:
            known_steps.update(step.id for step in stage.steps)
            lines += _stage_markdown(session, template, stage)
    leftovers = [
        (step_id, fields)
        for step_id, fields in session.answers.items()
        if step_id not in known_steps and any(
            (v.strip() if isinstance(v, str) else any(x.strip() for x in v))
            for v in fields.values()
        )
    ]
    if leftovers:
        heading = "Answers" if template is None else "Other answers"
        lines += [f"## {heading}", ""]
        if template is not None:
            lines += ["*These answers belong to steps the template no longer has.*", ""]
        for step_id, fields in leftovers:
            lines += [f"### {inline(step_id)}", ""]
            for field_id, value in fields.items():
                fake = Field(id=field_id, label=field_id, type=FieldType.LONG_TEXT)
                lines += _answer_markdown(Step(step_id, step_id, ""), fake, value, show_label=True)
    if template is None or not any(s.kind is StageKind.FAQ for s in template.stages):
        if session.faq:
            lines += ["## FAQ", ""]
            for kind in FAQ_KINDS:
                items = session.faq_items(kind)
                if items:
                    lines += [f"### {FAQ_HEADINGS[kind]}", ""] + faq_markdown(items)
    if session.notes.strip():
        lines += ["## Notes", "", block(session.notes), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _stage_markdown(session: Session, template: Template, stage: Stage) -> list[str]:
    if stage.kind is StageKind.PRESS_RELEASE:
        text = press_release(session, template)
        if not text:
            return [f"## {inline(stage.title)}", "", "*Not written yet.*", ""]
        return [f"## {inline(stage.title)}", "", text, ""]
    if stage.kind is StageKind.FAQ:
        lines = [f"## {inline(stage.title)}", ""]
        for step in stage.steps:
            for item in step.fields:
                if item.type is FieldType.FAQ:
                    items = session.faq_items(item.faq_kind)
                    lines += [f"### {inline(step.title)}", ""]
                    lines += faq_markdown(items) if items else ["*No questions yet.*", ""]
                else:
                    lines += _answer_markdown(
                        step, item, session.get_answer(step.id, item.id), show_label=True
                    )
        return lines
    body: list[str] = []
    for step in stage.steps:
        body += _step_markdown(session, step)
    if not body:
        if all(step.optional for step in stage.steps):
            return []
        body = ["*Not answered yet.*", ""]
    return [f"## {inline(stage.title)}", ""] + body
