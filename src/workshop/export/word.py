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
        run.bold = piece.style == "strong" or None
        run.italic = piece.style == "em" or None


def _lines(paragraph: Any, lines: tuple[str, ...]) -> None:
    for index, line in enumerate(lines):
        run = paragraph.add_run(shown(line))
        if index < len(lines) - 1:
            run.add_break()


def _prose(doc: Any, value: str, lead: st.Inline = (), style: str | None = None) -> None:
    pending = lead
    for chunk in st.chunks(value):
        if chunk.kind == "p":
            paragraph = doc.add_paragraph(style=style)
            if pending:
                _runs(paragraph, pending + (st.Span(" "),))
                pending = ()
            _lines(paragraph, chunk.lines)
        else:
            if pending:
                _runs(doc.add_paragraph(style=style), pending)
                pending = ()
            list_style = "List Bullet" if chunk.kind == "ul" else "List Number"
            for line in chunk.lines:
                doc.add_paragraph(shown(line), style=list_style)
    if pending:
        _runs(doc.add_paragraph(style=style), pending)


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    """Mark the heading paragraph with a bookmark `name` (Word's link target)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name[:40])  # Word's limit for a bookmark name
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
    bookmarks = 0
    for item in document.blocks:
        if isinstance(item, st.Heading):
            heading = doc.add_heading(shown(item.text), level=min(item.level, 9))
            if item.anchor:
                _bookmark(heading, item.anchor, bookmarks)
                bookmarks += 1
        elif isinstance(item, st.Para):
            _runs(doc.add_paragraph(), item.spans)
        elif isinstance(item, st.Prose):
            _prose(doc, item.text, item.lead)
        elif isinstance(item, st.Quote):
            _prose(doc, item.text, style="Quote")
        elif isinstance(item, st.Items):
            style = "List Number" if item.ordered else "List Bullet"
            for row in item.items:
                _runs(doc.add_paragraph(style=style), row)
        elif isinstance(item, st.Table):
            _table(doc, item)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
