"""Provides the HTML rendering of the exported PR/FAQ: one standalone page, inline CSS, for screen and print.

No external assets (no fonts, scripts, images or style sheets to fetch), so
the file reads the same offline, attached to a mail or printed. Every piece
of user text is shown as typed (control characters as symbols, via
`workshop.safe.shown`) and HTML-escaped, so nothing typed becomes markup.
"""

from __future__ import annotations

from html import escape

from ..safe import shown
from . import structure as st

CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1a1a1a;
  font: 17px/1.6 Georgia, "Times New Roman", serif; }
main { max-width: 42rem; margin: 0 auto; padding: 3rem 1.5rem 4rem; }
h1, h2, h3, h4 { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  line-height: 1.25; color: #111; }
h1 { font-size: 2rem; margin: 0 0 .5rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
p, ul, ol, blockquote, table { margin: 0 0 1rem; }
h1 + p em { font-size: 1.15rem; color: #333; }
blockquote { margin-left: 0; padding: .25rem 0 .25rem 1.25rem; border-left: 4px solid #999; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { border: 1px solid #bbb; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num, th.num { text-align: right; }
a { color: #0645ad; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  h2 { margin-top: 1.5rem; }
  blockquote, tr, li { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
  a { color: inherit; text-decoration: none; }
}
""".strip()
"""The page's whole style: readable line length on screen, clean pages on paper."""


def text(value: str) -> str:
    """User text as HTML: controls shown as symbols, then escaped (quotes too)."""
    return escape(shown(value), quote=True)


def spans(pieces: st.Inline) -> str:
    out = []
    for piece in pieces:
        body = text(piece.text)
        if piece.style == "strong":
            body = f"<strong>{body}</strong>"
        elif piece.style == "em":
            body = f"<em>{body}</em>"
        out.append(body)
    return "".join(out).strip()


def prose(value: str, lead: st.Inline = ()) -> list[str]:
    out: list[str] = []
    pending = spans(lead)
    for chunk in st.chunks(value):
        if chunk.kind == "p":
            body = "<br>\n".join(text(line) for line in chunk.lines)
            out.append(f"<p>{pending + ' ' if pending else ''}{body}</p>")
            pending = ""
        else:
            if pending:
                out.append(f"<p>{pending}</p>")
                pending = ""
            rows = "".join(f"<li>{text(line)}</li>" for line in chunk.lines)
            out.append(f"<{chunk.kind}>{rows}</{chunk.kind}>")
    if pending:
        out.append(f"<p>{pending}</p>")
    return out


def _table(table: st.Table) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i < len(table.numeric) and table.numeric[i] else ""

    head = "".join(f"<th{cls(i)}>{text(cell)}</th>" for i, cell in enumerate(table.header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{spans(cell)}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(document: st.Document) -> str:
    """Return `document` as one standalone HTML page."""
    body: list[str] = []
    for item in document.blocks:
        if isinstance(item, st.Heading):
            anchor = f' id="{text(item.anchor)}"' if item.anchor else ""
            body.append(f"<h{item.level}{anchor}>{text(item.text)}</h{item.level}>")
        elif isinstance(item, st.Para):
            body.append(f"<p>{spans(item.spans)}</p>")
        elif isinstance(item, st.Prose):
            body += prose(item.text, item.lead)
        elif isinstance(item, st.Quote):
            body.append("<blockquote>" + "".join(prose(item.text)) + "</blockquote>")
        elif isinstance(item, st.Items):
            tag = "ol" if item.ordered else "ul"
            body.append(f"<{tag}>" + "".join(f"<li>{spans(row)}</li>" for row in item.items) + f"</{tag}>")
        elif isinstance(item, st.Table):
            body.append(_table(item))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="workshop">\n'
        f"<title>{text(document.title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
