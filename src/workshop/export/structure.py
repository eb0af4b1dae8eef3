"""Provides the one intermediate structure of an exported PR/FAQ, which every format (Markdown, HTML, Word) renders.

The builder (`export.prfaq`) decides what the document says and in which
order; the renderers (`export.markdown`, `export.html`, `export.docx`) decide
only how each block looks in their format. User text is carried as typed
(never pre-escaped): each renderer escapes it for its own format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Span:
    """A run of inline text with one style."""

    text: str
    """The text, as typed (renderers escape it)."""
    style: str = ""
    """`""` (plain), `"strong"` or `"em"`."""


Inline = tuple[Span, ...]
"""A line of inline text: spans in order."""


def plain(text: str) -> Inline:
    """A plain inline run."""
    return (Span(text),)


def strong(text: str) -> Inline:
    """A bold inline run."""
    return (Span(text, "strong"),)


def em(text: str) -> Inline:
    """An italic inline run."""
    return (Span(text, "em"),)


@dataclass(frozen=True)
class Heading:
    """A heading of the document's outline."""

    level: int
    """1 (the headline) to 4."""
    text: str
    """The heading text, as typed."""
    anchor: str = ""
    """The stable id a link can point at (HTML id, Word bookmark); the Markdown heading's own slug matches it."""
    ref: str = ""
    """What of the session the section shows: a stage or step id, an FAQ question's id ("" for none); review comments anchor to it."""


@dataclass(frozen=True)
class Para:
    """A paragraph of inline spans (text the export writes itself, or one line of user text)."""

    spans: Inline


@dataclass(frozen=True)
class Prose:
    """A user's long text: paragraphs separated by blank lines, `- ` or `1.` lists.

    Markdown keeps the user's own Markdown (escaped so it can't break the
    outline); HTML and Word show paragraphs, line breaks and simple lists.
    """

    text: str
    """The text as typed."""
    lead: Inline = ()
    """Spans that open the first paragraph (the press release's dateline)."""


@dataclass(frozen=True)
class Quote:
    """A quotation (the press release's leader and customer quotes)."""

    text: str


@dataclass(frozen=True)
class Items:
    """A bulleted (or numbered) list, one inline line per item."""

    items: tuple[Inline, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """A small table (agenda, decisions). Strict CommonMark shows it as a list of definition-style items."""

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    numeric: tuple[bool, ...] = ()
    """Per column: True to align it right (durations)."""


Block = Union[Heading, Para, Prose, Quote, Items, Table]
"""Any block of the document."""


@dataclass(frozen=True)
class Document:
    """A whole exported PR/FAQ."""

    title: str
    """The document's title (the headline, else the session title): an HTML <title>, the Word core property."""
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def headings(self) -> list[Heading]:
        """The outline, in order."""
        return [block for block in self.blocks if isinstance(block, Heading)]


# ------------------------------------------------------------------ anchors
_SLUG_DROP = re.compile(r"[^\w\- ]")


def slug(text: str) -> str:
    """Return GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces as hyphens.

    GitHub, GitLab and most Markdown sites link a heading by this slug, so
    the HTML ids and Word bookmarks use the same one: `#pricing` reaches the
    same question in every format. A question's anchor follows its words,
    not its position, so reordering or adding questions never moves a link.
    """
    text = unicodedata.normalize("NFC", " ".join(text.split())).lower()
    return _SLUG_DROP.sub("", text).replace(" ", "-")


class Anchors:
    """Hands out unique anchors in document order (`faq`, `faq-1`, `faq-2`, as GitHub numbers repeats)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = slug(text) or "section"
        count = self._seen.get(base)
        self._seen[base] = 0 if count is None else count + 1
        return base if count is None else f"{base}-{count + 1}"


# ------------------------------------------------------------------ prose for formats without Markdown
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s{0,3}\d{1,9}[.)]\s+(.*)$")


@dataclass(frozen=True)
class Chunk:
    """One paragraph or list of a user's text, for HTML and Word."""

    kind: str
    """`"p"` (lines of one paragraph), `"ul"` or `"ol"` (one item per line)."""
    lines: tuple[str, ...]


def chunks(text: str) -> list[Chunk]:
    """Split a user's text into paragraphs (at blank lines) and simple lists (`- `, `* `, `1. ` lines).

    HTML and Word show what a reader of the Markdown would see, without
    interpreting the rest of the user's Markdown: every other character is
    shown as typed (escaped by the format), so no typed text becomes markup.
    """
    from ..model.text import normalise

    out: list[Chunk] = []
    for part in re.split(r"\n[ \t]*\n", normalise(text).strip("\n")):
        rows = [row for row in part.split("\n") if row.strip()]
        if not rows:
            continue
        if all(_BULLET.match(row) for row in rows):
            out.append(Chunk("ul", tuple(_BULLET.match(row)[1] for row in rows)))  # type: ignore[index]
        elif all(_NUMBERED.match(row) for row in rows):
            out.append(Chunk("ol", tuple(_NUMBERED.match(row)[1] for row in rows)))  # type: ignore[index]
        else:
            out.append(Chunk("p", tuple(row.strip() for row in rows)))
    return out
