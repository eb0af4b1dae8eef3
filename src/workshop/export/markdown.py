"""Provides the Markdown rendering of the exported PR/FAQ (strict CommonMark, or GFM tables with `gfm`), and the live press-release preview."""

from __future__ import annotations

from ..model.session import Session
from ..model.template import Template
from . import structure as st
from .blocks import PLAIN_START, Heading, block, inline, outline_ok, quote
from .prfaq import FAQ_HEADINGS, UNTITLED, build
from .prfaq import dateline as press_dateline
from .words import PRESS_RELEASE_WORD_LIMIT, press_release_words
from .words import pr_values as _pr_values

__all__ = [
    "FAQ_HEADINGS",
    "PRESS_RELEASE_WORD_LIMIT",
    "UNTITLED",
    "export",
    "press_release",
    "press_release_words",
    "render",
]


# ------------------------------------------------------------------ document
def export(
    session: Session,
    template: Template | None,
    *,
    clean: bool = False,
    gfm: bool = False,
    with_comments: bool = False,
) -> str:
    """Return the whole session as a Markdown PR/FAQ (see `export.prfaq.build` for what it holds).

    Args:
        session: The session to export.
        template: Its template; None when the template can't be found.
        clean: The copy to circulate: no appendices, no unanswered questions.
        gfm: Use GitHub tables (the default is strict CommonMark: lists instead).
        with_comments: Add the appendix of open review comments.
    """
    return render(build(session, template, clean=clean, with_comments=with_comments), gfm=gfm)


def render(document: st.Document, *, gfm: bool = False) -> str:
    """Return `document` as Markdown.

    The result's headings are exactly the document's, whatever the user
    typed: the outline is checked with a CommonMark parser and, if some text
    still got through the escaping, every user text is rendered verbatim
    (in code blocks) instead.
    """
    lines = _lines(document.blocks, gfm=gfm, safe=False)
    if not outline_ok(lines):
        lines = _lines(document.blocks, gfm=gfm, safe=True)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_blocks(blocks: list[st.Block], *, gfm: bool = False) -> str:
    """Return some blocks (a part of a document) as Markdown, with the same safety net as `render`."""
    return render(st.Document(title="", blocks=tuple(blocks)), gfm=gfm)


def span(piece: st.Span) -> str:
    """One span as Markdown: escaped text, with its emphasis; outer spaces kept."""
    text = inline(piece.text)
    if not text:
        return " " if piece.text and piece.text.isspace() else ""
    if piece.style == "strong":
        text = f"**{text}**"
    elif piece.style == "em":
        text = f"*{text}*"
    before = " " if piece.text[:1].isspace() else ""
    after = " " if piece.text[-1:].isspace() else ""
    return before + text + after


def spans(pieces: st.Inline) -> str:
    """A line of spans as Markdown."""
    return "".join(span(piece) for piece in pieces).strip()


def _table(table: st.Table, gfm: bool) -> list[str]:
    if gfm:
        align = [("---:" if table.numeric[i] else "---") if i < len(table.numeric) else "---" for i in range(len(table.header))]
        lines = [
            "| " + " | ".join(inline(cell) for cell in table.header) + " |",
            "| " + " | ".join(align) + " |",
        ]
        lines += ["| " + " | ".join(spans(cell) or " " for cell in row) + " |" for row in table.rows]
        return lines
    # Strict CommonMark has no tables: one definition-style list item per row.
    lines = []
    for row in table.rows:
        first, rest = spans(row[0]) if row else "", row[1:]
        details = "; ".join(
            f"{inline(table.header[i + 1])}: {spans(cell)}" for i, cell in enumerate(rest) if spans(cell)
        )
        lines.append(f"- {first} — {details}" if details else f"- {first}")
    return lines


def _lines(blocks: tuple[st.Block, ...], *, gfm: bool, safe: bool) -> list[str]:
    lines: list[str] = []
    for item in blocks:
        if isinstance(item, st.Heading):
            lines.append(Heading(item.level, inline(item.text)))
        elif isinstance(item, st.Para):
            lines.append(spans(item.spans))
        elif isinstance(item, st.Prose):
            body = block(item.text, safe=safe)
            lead = spans(item.lead)
            if lead and not safe and PLAIN_START.match(body):
                lines.append(f"{lead} {body}")
            else:
                if lead:
                    lines += [lead, ""]
                lines.append(body)
        elif isinstance(item, st.Quote):
            lines.append(quote(item.text, safe=safe))
        elif isinstance(item, st.Items):
            marker = "1." if item.ordered else "-"
            lines += [f"{marker} {spans(row)}" for row in item.items]
        elif isinstance(item, st.Table):
            lines += _table(item, gfm)
        lines.append("")
    return lines


# ------------------------------------------------------------------ live preview
def _press_release_lines(session: Session, template: Template, safe: bool) -> list[str]:
    v = _pr_values(session, template)
    lines: list[str] = []
    if v.get("headline"):
        lines += [Heading(3, inline(v["headline"])), ""]
    if v.get("subheading"):
        lines += [f"**{inline(v['subheading'])}**", ""]
    dateline = inline(press_dateline(v.get("city", ""), v.get("date", "")))
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
    """Return the assembled press release as Markdown (no section heading), for the app's live preview."""
    lines = _press_release_lines(session, template, safe=False)
    if not outline_ok(lines + ["", Heading(2, "end")]):  # self-contained: swallows nothing after
        lines = _press_release_lines(session, template, safe=True)
    return "\n".join(lines)
