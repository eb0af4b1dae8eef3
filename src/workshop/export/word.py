"""Provides the Word (.docx) rendering of the exported PR/FAQ, with python-docx.

Real Word structure, so the document pastes into Word, Google Docs or
Confluence with its outline intact: headings in the built-in "Heading 1-4"
styles (with a bookmark named after each heading's anchor, so the same
`#anchor` links work as in the HTML), body text in "Normal" paragraphs,
lists in "List Bullet" / "List Number", quotes in "Quote", tables in
"Table Grid". python-docx is imported here only, on first use: the app's
start-up never loads it. User text goes through `workshop.safe.shown`
(control characters, which XML cannot hold, become visible symbols).
"""

from __future__ import annotations

import io
from typing import Any

from ..safe import shown
from . import structure as st

STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet", "List Number", "Quote")
"""The built-in paragraph styles the export uses."""


class _Writer:
    """Adds paragraphs in a style by its id: python-docx looks a style name up among every style
    on each use (13 s for the large session's 2,000 questions; about 1 s this way)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids = {name: doc.styles[name].style_id for name in STYLES}

    def numbered(self, lines: list[Any]) -> None:
        """Make `lines` (List Number paragraphs) one list that starts at 1.

        Every "List Number" paragraph shares the style's one numbering, so a
        second numbered list in another answer would go on counting where
        the first stopped (4, 5, …). Each list gets its own `w:num` on the
        same definition, restarting at 1 (python-docx's numbering XML).
        """
        style = self.doc.styles["List Number"].element
        num_pr = style.pPr.numPr if style.pPr is not None else None
        if num_pr is None or num_pr.numId is None:
            return
        numbering = self.doc.part.numbering_part.element
        definition = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
        num = numbering.add_num(definition)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        for line in lines:
            own = line._p.get_or_add_pPr().get_or_add_numPr()  # noqa: SLF001
            own.get_or_add_ilvl().val = 0
            own.get_or_add_numId().val = num.numId

    def add(self, style: str | None = None, text: str = "") -> Any:
        paragraph = self.doc.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.ids[style]  # the w:pStyle of python-docx's paragraph XML  # noqa: SLF001
        return paragraph


def _runs(paragraph: Any, pieces: st.Inline) -> None:
    first = True
    for piece in pieces:
        value = shown(piece.text)
        if first:
            value = value.lstrip()
            first = False
        if not value:
            continue
        run = paragraph.add_run(value)
        if piece.style == "strong":
            run.bold = True
        elif piece.style == "em":
            run.italic = True


def _lines(paragraph: Any, lines: tuple[str, ...]) -> None:
    for index, line in enumerate(lines):
        run = paragraph.add_run(shown(line))
        if index < len(lines) - 1:
            run.add_break()


def _prose(out: _Writer, value: str, lead: st.Inline = (), style: str | None = None) -> None:
    pending = lead
    for chunk in st.chunks(value):
        if chunk.kind == "p":
            paragraph = out.add(style)
            if pending:
                _runs(paragraph, pending + (st.Span(" "),))
                pending = ()
            _lines(paragraph, chunk.lines)
        else:
            if pending:
                _runs(out.add(style), pending)
                pending = ()
            list_style = "List Bullet" if chunk.kind == "ul" else "List Number"
            lines = [out.add(list_style, shown(line)) for line in chunk.lines]
            if chunk.kind == "ol":
                out.numbered(lines)
    if pending:
        _runs(out.add(style), pending)


def bookmark_name(anchor: str, used: set[str]) -> str:
    """Word's spelling of an anchor: a letter first, letters, digits and `_` only, at most 40 characters, unique.

    Word rejects (or "repairs") a document whose bookmark names break these
    rules, so `what-does-it-cost` becomes `what_does_it_cost`, `2027-plan`
    becomes `h_2027_plan`, and a long name cut to 40 characters that another
    already has gets a number.
    """
    name = "".join(c if c.isalnum() else "_" for c in anchor) or "h"
    if not name[0].isalpha():
        name = "h_" + name
    name = name[:40]
    base, number = name, 1
    while name in used:
        number += 1
        suffix = f"_{number}"
        name = base[: 40 - len(suffix)] + suffix
    used.add(name)
    return name


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    """Mark the heading paragraph with a bookmark `name` (Word's link target)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    element = paragraph._p  # python-docx's documented way to the paragraph's XML  # noqa: SLF001
    element.insert(1 if element.pPr is not None else 0, start)
    element.append(end)


def _table(doc: Any, table: st.Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    for row_index, row in enumerate([tuple(st.strong(cell) for cell in table.header), *table.rows]):
        for col, cell in enumerate(row):
            paragraph = grid.cell(row_index, col).paragraphs[0]
            _runs(paragraph, cell)
            if col < len(table.numeric) and table.numeric[col]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def render(document: st.Document) -> bytes:
    """Return `document` as the bytes of a .docx file."""
    from docx import Document as new_document

    doc = new_document()
    doc.core_properties.title = shown(document.title)
    doc.core_properties.author = ""
    out = _Writer(doc)
    bookmarks = 0
    used: set[str] = set()
    for item in document.blocks:
        if isinstance(item, st.Heading):
            heading = out.add(f"Heading {min(item.level, 4)}", shown(item.text))
            if item.anchor:
                _bookmark(heading, bookmark_name(item.anchor, used), bookmarks)
                bookmarks += 1
        elif isinstance(item, st.Para):
            _runs(out.add(), item.spans)
        elif isinstance(item, st.Prose):
            _prose(out, item.text, item.lead)
        elif isinstance(item, st.Quote):
            _prose(out, item.text, style="Quote")
        elif isinstance(item, st.Items):
            style = "List Number" if item.ordered else "List Bullet"
            lines = []
            for row in item.items:
                lines.append(out.add(style))
                _runs(lines[-1], row)
            if item.ordered:
                out.numbered(lines)
        elif isinstance(item, st.Table):
            _table(doc, item)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
