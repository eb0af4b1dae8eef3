"""Provides file positions for findings: the line and column in the session file itself.

A finding knows where its words are inside a field's text (`Finding.line`,
`Finding.column`). An editor or a CI annotation needs the place in the TOML file,
where that text sits inside a quoted string, maybe a multi-line one, maybe with
escapes. This module reads the file's text once, finds every string value under
`[answers.<step>]`, in each `[[faq]]` table and the top-level `title`, decodes it
with the offset in the file of every decoded character, and maps findings through
that table. It never imports Textual and needs no TOML library: it is a small
scanner for the subset of TOML a session file uses (tables, arrays of tables,
bare or quoted keys, strings of all four kinds, arrays, other scalars skipped).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .findings import Finding

_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


@dataclass
class _String:
    """One decoded string value: its text and where each character came from."""

    text: str
    """The decoded value."""
    offsets: list[int]
    """For each character of `text`, its offset in the file; one more for the end."""
    start: int
    """Offset of the opening quote."""


@dataclass
class FilePositions:
    """Where a session file's values are; `place(finding)` gives a finding's file position."""

    source: str
    """The file's text."""
    values: dict[tuple[str, ...], list[_String]] = field(default_factory=dict)
    """String values by place: ("answers", step, field), ("faq", item id, key), ("title",)."""
    tables: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Offset of each table header: ("answers", step), ("faq", item id)."""
    line_starts: list[int] = field(default_factory=list)
    """Offset of each line's first character."""

    def at(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a file offset (columns count characters)."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def place(self, finding: Finding) -> tuple[int, int, int, int]:
        """Return (line, column, end line, end column) of a finding in the file.

        The words when the finding has them; otherwise the start of the field's
        value, or its step's table, or line 1 (a step with no answers yet).
        """
        if finding.field_id == "title" and not finding.step_id:
            key: tuple[str, ...] = ("title",)
        elif finding.item_id:
            key = ("faq", finding.item_id, finding.part or "question")
        else:
            key = ("answers", finding.step_id, finding.field_id)
        strings = self.values.get(key)
        if strings:
            span = self._span(strings, finding)
            if span is not None:
                return (*self.at(span[0]), *self.at(span[1]))
            start = self.at(strings[0].start)
            return (*start, *start)
        table = (
            ("faq", finding.item_id) if finding.item_id else ("answers", finding.step_id)
        )
        offset = self.tables.get(table)
        if offset is None:
            return (1, 1, 1, 1)
        start = self.at(offset)
        return (*start, *start)

    def _span(self, strings: list[_String], finding: Finding) -> tuple[int, int] | None:
        """File offsets of the finding's words, or None for a whole-field finding."""
        if not finding.line:
            return None
        if len(strings) > 1:  # a list field: line N is item N
            if finding.line > len(strings) or finding.end_line != finding.line:
                return None
            piece = strings[finding.line - 1]
            return _offset(piece, 1, finding.column), _offset(piece, 1, finding.end_column)
        piece = strings[0]
        return (
            _offset(piece, finding.line, finding.column),
            _offset(piece, finding.end_line, finding.end_column),
        )


def _offset(piece: _String, line: int, column: int) -> int:
    """File offset of (line, column) in a decoded string (clamped to the string)."""
    index = 0
    for _ in range(line - 1):
        found = piece.text.find("\n", index)
        if found < 0:
            break
        index = found + 1
    index = min(index + max(column, 1) - 1, len(piece.text))
    return piece.offsets[index]


class _Scanner:
    def __init__(self, source: str) -> None:
        self.s = source
        self.i = 0
        self.n = len(source)

    def skip_blank(self, newlines: bool = True) -> None:
        s, n = self.s, self.n
        while self.i < n:
            ch = s[self.i]
            if ch == "#":
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end
            elif ch in " \t\r" or (newlines and ch == "\n"):
                self.i += 1
            else:
                break

    def to_line_end(self) -> None:
        end = self.s.find("\n", self.i)
        self.i = self.n if end < 0 else end

    def key(self) -> list[str]:
        """A dotted key; stops before `=` or `]`."""
        parts: list[str] = []
        while self.i < self.n:
            self.skip_blank(newlines=False)
            ch = self.s[self.i] if self.i < self.n else ""
            if ch in ('"', "'"):
                parts.append(self.string().text)
            else:
                start = self.i
                while self.i < self.n and (self.s[self.i].isalnum() or self.s[self.i] in "_-"):
                    self.i += 1
                if self.i == start:
                    break
                parts.append(self.s[start : self.i])
            self.skip_blank(newlines=False)
            if self.i < self.n and self.s[self.i] == ".":
                self.i += 1
                continue
            break
        return parts

    def string(self) -> _String:
        s = self.s
        start = self.i
        quote = s[self.i]
        multi = s.startswith(quote * 3, self.i)
        self.i += 3 if multi else 1
        if multi and s.startswith("\r\n", self.i):
            self.i += 2
        elif multi and self.i < self.n and s[self.i] == "\n":
            self.i += 1
        text: list[str] = []
        offsets: list[int] = []
        literal = quote == "'"
        while self.i < self.n:
            ch = s[self.i]
            if multi and s.startswith(quote * 3, self.i) and not s.startswith(quote * 4, self.i):
                self.i += 3
                break
            if multi and s.startswith(quote * 4, self.i):
                # Up to two quotes may end the content just before the closing three.
                extra = 1 if not s.startswith(quote * 5, self.i) else 2
                for _ in range(extra):
                    text.append(quote)
                    offsets.append(self.i)
                    self.i += 1
                continue
            if not multi and ch == quote:
                self.i += 1
                break
            if not multi and ch == "\n":
                break  # unterminated: leave it
            if ch == "\\" and not literal:
                nxt = s[self.i + 1 : self.i + 2]
                if nxt in _ESCAPES:
                    text.append(_ESCAPES[nxt])
                    offsets.append(self.i)
                    self.i += 2
                    continue
                if nxt in ("u", "U"):
                    width = 4 if nxt == "u" else 8
                    try:
                        text.append(chr(int(s[self.i + 2 : self.i + 2 + width], 16)))
                    except ValueError:
                        text.append("\ufffd")
                    offsets.append(self.i)
                    self.i += 2 + width
                    continue
                if multi and nxt in " \t\r\n":  # line-ending backslash: trims to next text
                    j = self.i + 1
                    while j < self.n and s[j] in " \t\r\n":
                        j += 1
                    self.i = j
                    continue
            if ch == "\r" and s.startswith("\r\n", self.i):
                self.i += 1
                continue
            text.append(ch)
            offsets.append(self.i)
            self.i += 1
        end = self.i - (3 if multi else 1)
        offsets.append(max(end, offsets[-1] + 1 if offsets else end))
        return _String("".join(text), offsets, start)

    def value(self) -> list[_String]:
        """A value: the strings in it (a string, or an array's strings); others skipped."""
        self.skip_blank(newlines=False)
        if self.i >= self.n:
            return []
        ch = self.s[self.i]
        if ch in ('"', "'"):
            return [self.string()]
        if ch == "[":
            self.i += 1
            found: list[_String] = []
            while self.i < self.n:
                self.skip_blank()
                if self.i >= self.n:
                    break
                if self.s[self.i] == "]":
                    self.i += 1
                    break
                if self.s[self.i] == ",":
                    self.i += 1
                    continue
                found += self.value_in_array()
            return found
        if ch == "{":
            depth = 0
            while self.i < self.n:
                c = self.s[self.i]
                if c in ('"', "'"):
                    self.string()
                    continue
                depth += c == "{"
                depth -= c == "}"
                self.i += 1
                if depth == 0:
                    break
            return []
        self.to_line_end()
        return []

    def value_in_array(self) -> list[_String]:
        ch = self.s[self.i]
        if ch in ('"', "'", "[", "{"):
            return self.value()
        while self.i < self.n and self.s[self.i] not in ",]\n":
            self.i += 1
        return []


def scan(source: str) -> FilePositions:
    """Read a session file's text; return where its values are."""
    positions = FilePositions(source)
    positions.line_starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    scanner = _Scanner(source)
    table: list[str] = []
    faq_start = -1
    faq_values: dict[str, list[_String]] = {}

    def close_faq() -> None:
        item_id = faq_values.get("id")
        if item_id:
            key = item_id[0].text
            positions.tables[("faq", key)] = faq_start
            for name in ("question", "answer"):
                if name in faq_values:
                    positions.values[("faq", key, name)] = faq_values[name]

    while True:
        scanner.skip_blank()
        if scanner.i >= scanner.n:
            break
        start = scanner.i
        if source[scanner.i] == "[":
            double = source.startswith("[[", scanner.i)
            scanner.i += 2 if double else 1
            name = scanner.key()
            scanner.to_line_end()
            if table == ["faq"] or (table[:1] == ["faq"] and faq_values):
                if double or name[:1] != ["faq"]:
                    close_faq()
                    faq_values = {}
            table = name
            if double and name == ["faq"]:
                faq_start = start
                faq_values = {}
            elif len(name) == 2 and name[0] == "answers":
                positions.tables[("answers", name[1])] = start
            continue
        key = scanner.key()
        scanner.skip_blank(newlines=False)
        if scanner.i < scanner.n and source[scanner.i] == "=":
            scanner.i += 1
            strings = scanner.value()
        else:
            scanner.to_line_end()
            continue
        full = table + key
        if full == ["title"]:
            positions.values[("title",)] = strings
        elif len(full) == 3 and full[0] == "answers" and strings:
            positions.values[("answers", full[1], full[2])] = strings
        elif table == ["faq"] and len(key) == 1:
            faq_values[key[0]] = strings
    if table[:1] == ["faq"]:
        close_faq()
    return positions
