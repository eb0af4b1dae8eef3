"""Provides the Markdown PR/FAQ export of a session."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from ..model.session import Answer, FaqItem, Session
from ..model.template import FAQ_KINDS, Field, FieldType, Stage, StageKind, Step, Template
from ..model.text import normalise, word_count
from ..safe import shown

PRESS_RELEASE_WORD_LIMIT = 500
"""About one printed page of press release prose."""

FAQ_HEADINGS = {"customer": "Customer FAQ", "internal": "Internal FAQ"}
"""Subsection titles of the two FAQ lists."""

UNTITLED = "Untitled session"
"""The first heading of a session whose title is blank."""

# A line's container prefix: indentation, block-quote markers and list markers.
_PREFIX = re.compile(
    r"^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?)*[ \t]*"
)
_ATX = re.compile(r"^#{1,6}(?=[ \t]|$)")
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_BACKTICKS = re.compile(r"`+")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_LINK_SCHEME = re.compile(r"(?i)(?<![a-z0-9.+-])(https?|ftp|mailto):")
"""A URL scheme that linkify (GitHub-style Markdown) would turn into a link."""
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
_PLAIN_START = re.compile(r"^[^\s\\#>*+\-=`~<|0-9]")
"""A first line that can follow other text on the same line without changing meaning."""


class _Heading(str):
    """A heading line the export writes on purpose (the outline check expects exactly these)."""

    level: int

    def __new__(cls, level: int, text: str) -> "_Heading":
        line = super().__new__(cls, f"{'#' * level} {text}".rstrip())
        line.level = level
        return line


# ------------------------------------------------------------------ checking
@lru_cache(maxsize=1)
def _parser() -> Any:
    """Return a CommonMark parser, or None if markdown-it-py is missing."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - markdown-it-py comes with rich
        return None
    # Only the block structure matters for the outline: skip inline parsing.
    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def _headings(text: str) -> list[tuple[int, int, int]] | None:
    """Return `(line, level, nesting)` of every heading in `text` (None: can't check)."""
    parser = _parser()
    if parser is None:  # pragma: no cover
        return None
    return [
        (token.map[0] if token.map else -1, int(token.tag[1:]), token.level)
        for token in parser.parse(text)
        if token.type == "heading_open"
    ]


_PROSE_LINE = re.compile(r"(?:- )?[^\W\d_]")
"""A line that starts with a letter, or is a `- ` list item that does."""


def _plain_prose(text: str) -> bool:
    """True if every line is plain prose, which can't open or close a block that changes the outline.

    A line that starts with a letter (or `- ` and a letter) and holds no `<`,
    backtick or backslash can't be a heading or a setext underline, can't open
    a code fence, an HTML block, a link definition, a table or indented code,
    so the CommonMark check below can be skipped (it is most of an export's
    time). Escaped text always holds a backslash, so it still gets the check.
    """
    if "<" in text or "`" in text or "\\" in text:
        return False
    return all(not line or _PROSE_LINE.match(line) for line in text.split("\n"))


def _keeps_outline(text: str) -> bool:
    """True if `text`, between two blocks of a document, adds no heading and swallows none."""
    if _plain_prose(text):
        return True
    found = _headings(f"{text}\n\n# end\n")
    if found is None:  # pragma: no cover
        return True
    return found == [(text.count("\n") + 2, 1, 0)]


def _outline_ok(lines: list[str]) -> bool:
    """True if the headings in the joined `lines` are exactly the `_Heading` lines."""
    expected: list[tuple[int, int, int]] = []
    row = 0
    for piece in lines:
        if isinstance(piece, _Heading):
            expected.append((row, piece.level, 0))
        row += piece.count("\n") + 1
    found = _headings("\n".join(lines))
    return found is None or found == expected


# ------------------------------------------------------------------ escaping
def visible(text: str) -> str:
    """Return `text` with control characters (but tab and newline) shown as symbols.

    `workshop export` may print to a terminal: a session file must not be
    able to send it escape sequences. The same stand-ins as everywhere else
    (`workshop.safe.shown`): ␛, ␇, ␡ and ⟨9B⟩ for a C1 control.
    """
    return shown(text)


def _escape_html(text: str) -> str:
    """Escape `<` outside code spans so raw HTML shows literally."""
    if "<" not in text:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            out.append(text[index : index + 2])
            index += 2
        elif char == "`":
            run = _BACKTICKS.match(text, index)
            assert run is not None
            end = next(
                (m for m in _BACKTICKS.finditer(text, run.end()) if len(m.group()) == len(run.group())),
                None,
            )
            stop = end.end() if end else run.end()
            out.append(text[index:stop])
            index = stop
        else:
            out.append("\\<" if char == "<" else char)
            index += 1
    return "".join(out)


def _escape_lines(text: str) -> str:
    """Escape what would change the document's outline, keeping the rest of the Markdown."""
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if (
                match
                and match.group(2)[0] == fence[0]
                and len(match.group(2)) >= len(fence)
                and not match.group(3).strip()
            ):
                fence = None
                previous_blank = False
            continue
        if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
            fence = match.group(2)
            out.append(line)
            continue
        bare = line.lstrip(" \t")
        if _SETEXT.match(bare) and not previous_blank:
            # An underline (even a lone `-`) turns the paragraph above into a heading.
            prefix, rest = line[: len(line) - len(bare)], "\\" + bare
        else:
            prefix_match = _PREFIX.match(line)
            prefix = prefix_match.group(0) if prefix_match else ""
            rest = line[len(prefix) :]
            if _ATX.match(rest) or (_SETEXT.match(rest) and not previous_blank):
                rest = "\\" + rest
        rest = _escape_html(rest)
        previous_blank = not rest.strip()
        out.append(prefix + rest)
    if fence is not None:
        out.append(fence)
    return "\n".join(out)


def _code_block(text: str) -> str:
    """Return `text` as a fenced code block that nothing inside can close."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def block(text: str, *, safe: bool = False) -> str:
    """Return user text as Markdown that cannot break the document's outline.

    The user's Markdown is kept (lists, emphasis, code), but a line that would
    become a heading (`# …`, also inside lists and quotes, or a setext
    `===`/`---` underline) is escaped, raw HTML is shown literally, and an
    unclosed code fence is closed so it can't swallow the sections that follow.
    Control characters are shown as symbols (see `visible`). The result is checked with a CommonMark parser; text the escaping can't
    make safe is shown verbatim in a code block instead.

    Args:
        text: The user's text.
        safe: Skip the escaping and always use a code block.
    """
    body = visible(normalise(text)).strip("\n")
    if not safe:
        escaped = _escape_lines(body)
        if _keeps_outline(escaped) and not _raw_html(escaped):
            return escaped
    return _code_block(body)


def _raw_html(text: str) -> bool:
    """True if CommonMark would pass some of `text` through as raw HTML.

    `_escape_html` works a line at a time, but a code span can run over a line
    break: in ``"`\n`<div>`"`` the second line's first backtick closes the span
    the first line opened, so `<div>` is outside it. Only text holding both a
    backtick and `<` can fall into that, so only such text pays for a full parse.
    """
    if "<" not in text or "`" not in text:
        return False
    from markdown_it import MarkdownIt

    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "html_block":
            return True
        if any(child.type == "html_inline" for child in token.children or ()):
            return True
    return False


def inline(text: str) -> str:
    """Return user text as one line of literal Markdown (for headings, bold, list items)."""
    flat = visible(" ".join(normalise(text).split()))
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    if flat.endswith("#"):  # a closing sequence would be dropped from a heading
        flat = flat[:-1] + "\\#"
    if flat.startswith(("#", "-", "+", "=")):
        flat = "\\" + flat
    flat = _ORDERED_START.sub(r"\1\\\2", flat)
    # GitHub-style renderers turn `http://…` into a link and show the escapes inside it
    # literally (`x\>` stays `x\>`); an escaped colon keeps the URL plain text.
    flat = _LINK_SCHEME.sub(r"\1\\:", flat)
    return flat


def _quote(text: str, *, safe: bool = False) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in block(text, safe=safe).split("\n"))


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
    return [_Heading(3, inline(step.title)), ""] + body


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
        lines += [_Heading(3, inline(v["headline"])), ""]
    if v.get("subheading"):
        lines += [f"**{inline(v['subheading'])}**", ""]
    dateline = ", ".join(inline(v[k]) for k in ("city", "date") if v.get(k))
    summary = block(v["summary"], safe=safe) if v.get("summary") else ""
    if dateline and summary and not safe and _PLAIN_START.match(summary):
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
        lines += [_quote(v["leader_quote"], safe=safe), ""]
    if v.get("how_it_works"):
        lines += [block(v["how_it_works"], safe=safe), ""]
    if v.get("customer_quote"):
        lines += [_quote(v["customer_quote"], safe=safe), ""]
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
    if not _outline_ok(lines + ["", _Heading(2, "end")]):  # self-contained: swallows nothing after
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
    if not _outline_ok(lines):
        lines = _document(session, template, safe=True)
    return "\n".join(lines).rstrip("\n") + "\n"


def _document(session: Session, template: Template | None, safe: bool) -> list[str]:
    title = inline(session.title) or UNTITLED
    lines: list[str] = [_Heading(1, title), "", _metadata(session, template), ""]
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
        lines += [_Heading(2, heading), ""]
        if template is not None:
            lines += ["*These answers belong to steps the template no longer has.*", ""]
        for step_id, fields in leftovers:
            lines += [_Heading(3, inline(step_id)), ""]
            for field_id, value in fields.items():
                fake = Field(id=field_id, label=field_id, type=FieldType.LONG_TEXT)
                lines += _answer_markdown(fake, value, show_label=True, safe=safe)
    missing = [k for k in FAQ_KINDS if k not in shown_kinds and session.faq_items(k)]
    if missing:
        lines += [_Heading(2, "FAQ"), ""]
        for kind in missing:
            lines += [_Heading(3, FAQ_HEADINGS[kind]), ""]
            lines += faq_markdown(session.faq_items(kind), safe=safe)
    if session.notes.strip():
        lines += [_Heading(2, "Notes"), "", block(session.notes, safe=safe), ""]
    from .appendix import appendix  # imported here: the app's start-up doesn't need it

    lines += appendix(session, template)  # facilitation record: see export/appendix.py
    return lines


def _stage_markdown(
    session: Session, template: Template, stage: Stage, safe: bool, shown_kinds: set[str]
) -> list[str]:
    heading = _Heading(2, inline(stage.title))
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
                    lines += [_Heading(3, inline(step.title)), ""]
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
