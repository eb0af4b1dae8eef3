"""Provides the Markdown building blocks of every export: headings, and user text that can't break the outline."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..model.text import normalise
from ..safe import shown

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
PLAIN_START = re.compile(r"^[^\s\\#>*+\-=`~<|0-9]")
"""A first line that can follow other text on the same line without changing meaning."""


class Heading(str):
    """A heading line the export writes on purpose (the outline check expects exactly these)."""

    level: int

    def __new__(cls, level: int, text: str) -> "Heading":
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


def outline_ok(lines: list[str]) -> bool:
    """True if the headings in the joined `lines` are exactly the `Heading` lines."""
    expected: list[tuple[int, int, int]] = []
    row = 0
    for piece in lines:
        if isinstance(piece, Heading):
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


def quote(text: str, *, safe: bool = False) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in block(text, safe=safe).split("\n"))
