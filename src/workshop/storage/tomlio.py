"""Provides TOML reading with clear, located error messages, and the TOML writer."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any, Iterator, Mapping

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Files larger than this are refused before parsing (a session is far smaller)."""

MAX_DEPTH = 32
"""Tables and arrays nested deeper than this are refused (a session needs about five levels).

Python's TOML parser recurses once per level and would end in a RecursionError
(a traceback) on a few hundred; the writers and the checks recurse too.
"""

# The patterns below are compiled on first use (re keeps them): only a broken file or a
# write needs them, and compiling them all costs ~0.4 ms of `workshop open` (issue 12 §4).
_LOCATION = r"\(at line (\d+), column (\d+)\)"
_AT_END = "(at end of document)"


class FileProblem(Exception):
    """A file can't be used; the message names the file and where.

    Attributes:
        path: The file.
        line: 1-based line of the problem, when known.
        column: 1-based column, when known.
        key: Dotted key path of the problem, when known.
        detail: The message without the location.
    """

    def __init__(
        self,
        path: Path | str,
        detail: str,
        *,
        line: int | None = None,
        column: int | None = None,
        key: str = "",
    ) -> None:
        self.path = Path(path)
        self.detail = detail
        self.line = line
        self.column = column
        self.key = key
        super().__init__(self.describe())

    def describe(self) -> str:
        """Return `file:line:column: message` or `file: key: message`."""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.key:
            return f"{where}: {self.key}: {self.detail}"
        return f"{where}: {self.detail}"


def decode(raw: bytes, path: Path | str) -> str:
    """Decode file bytes as UTF-8 (a leading BOM is accepted and dropped).

    Raises:
        FileProblem: for bytes that are not UTF-8 text, with the line.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:8192]:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise FileProblem(
            path, "this is a binary file, not TOML text (found a NUL byte)", line=line
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileProblem(
            path,
            "not UTF-8 text; save the file as UTF-8 and try again",
            line=line,
            column=column,
        ) from None


def parse(text: str, path: Path | str) -> dict[str, Any]:
    """Parse TOML text.

    Raises:
        FileProblem: with the line and column of a syntax error.
    """
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise _too_deep(text, path) from None
    except MemoryError:
        raise FileProblem(path, "too large to read into memory; is this really a workshop file?") from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        location = re.compile(_LOCATION)
        match = location.search(message)
        at_end = _AT_END in message
        detail = location.sub("", message).replace(_AT_END, "").strip()
        detail = f"invalid TOML: {detail[0].lower() + detail[1:] if detail else 'syntax error'}"
        if match:
            raise FileProblem(
                path, detail, line=int(match.group(1)), column=int(match.group(2))
            ) from None
        if at_end:
            # tomllib gives no line here: point at the end of the file.
            line = text.count("\n") + 1
            column = len(text) - (text.rfind("\n") + 1) + 1
            raise FileProblem(
                path, f"{detail} at the end of the file (is something left open?)",
                line=line, column=column,
            ) from None
        raise FileProblem(path, detail) from None
    for key, value in data.items():
        if _too_nested(value):
            raise _too_deep(text, path, key)
    return data


def _too_nested(value: Any) -> bool:
    """True when tables and arrays nest more than MAX_DEPTH levels in `value` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level > MAX_DEPTH:
            return True
        stack.extend((child, level + 1) for child in children)
    return False


_TOKENS = r'"""|\'\'\'|"|\'|#|\n|[\[\]{}]'
_BASIC_END = r'["\\\n]'
_LITERAL_END = r"['\n]"


def _too_deep(text: str, path: Path | str, key: str = "") -> FileProblem:
    """Return the problem for data nested deeper than MAX_DEPTH.

    Located at the bracket that goes too deep when there is one (the line and
    column), else by the top-level `key` (deep `[a.b.c…]` table headers).
    """
    detail = (
        f"tables and arrays nested more than {MAX_DEPTH} levels deep (a workshop file "
        "needs a few); is this really a workshop file?"
    )
    tokens, basic_end, literal_end = (re.compile(p) for p in (_TOKENS, _BASIC_END, _LITERAL_END))
    depth = 0
    pos = 0
    while True:
        match = tokens.search(text, pos)
        if match is None:
            return FileProblem(path, detail, key=key)
        token = match.group()
        pos = match.end()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                return FileProblem(path, detail, line=line, column=column)
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
        elif token == "#":
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
        elif token in ('"""', "'''"):
            end = text.find(token, pos)
            pos = len(text) if end < 0 else end + 3
        elif token == '"':
            while True:
                end = basic_end.search(text, pos)
                if end is None or end.group() == "\n":
                    pos = len(text) if end is None else end.start()
                    break
                pos = end.end() + (1 if end.group() == "\\" else 0)
                if end.group() == '"':
                    break
        elif token == "'":
            end = literal_end.search(text, pos)
            pos = len(text) if end is None else (end.end() if end.group() == "'" else end.start())


def read(path: Path | str) -> dict[str, Any]:
    """Read and parse a TOML file.

    Raises:
        FileProblem: for a missing, unreadable, oversized, binary or invalid
            file, or anything that is not a regular file (a FIFO or device
            is refused without blocking).
    """
    path = Path(path)
    return parse(decode(read_bytes(path), path), path)


def read_bytes(path: Path | str) -> bytes:
    """Return a regular file's bytes (at most MAX_FILE_BYTES).

    The file is checked with `os.stat` before it is opened, and opened
    non-blocking, so a FIFO or device named by mistake never hangs the caller.

    Raises:
        FileProblem: missing, unreadable, oversized, or not a regular file.
    """
    path = Path(path)
    try:
        info = os.stat(path)
        _check_regular(path, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_big(path, info.st_size)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            opened = os.fstat(fd)
            _check_regular(path, opened.st_mode)  # replaced between stat and open
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
        if len(raw) > MAX_FILE_BYTES:
            raise _too_big(path, max(len(raw), opened.st_size))
    except FileNotFoundError:
        raise FileProblem(path, "no such file") from None
    except IsADirectoryError:
        raise FileProblem(path, "is a folder, not a file") from None
    except PermissionError:
        raise FileProblem(path, "permission denied; check the file's permissions") from None
    except OSError as error:
        raise FileProblem(path, f"can't read: {error.strerror or error}") from None
    return raw


def _check_regular(path: Path, mode: int) -> None:
    """Refuse anything but a regular file (folders, FIFOs, devices, sockets)."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise FileProblem(path, "is a folder, not a file")
    kind = (
        "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a special file"
    )
    raise FileProblem(path, f"is {kind}, not a regular file; name a .toml file instead")


def _too_big(path: Path, size: int) -> FileProblem:
    return FileProblem(
        path,
        f"file is {size / 1_048_576:.1f} MB, over the "
        f"{MAX_FILE_BYTES // 1_048_576} MB limit; is this really a workshop file?",
    )


# ------------------------------------------------------------------ writing
_BARE_KEY = r"[A-Za-z0-9_-]+"


def dumps(data: Mapping[str, Any], *, multiline_strings: bool = True) -> str:
    """Return `data` as TOML, every array of records written as `[[tables]]`.

    tomli-w writes an array of tables inline (`faq = [{ ... }]`) when every
    record fits on a short line, and as `[[faq]]` tables otherwise, so a whole
    block flipped form in a diff when one answer grew past ~100 characters.
    Here the tables and key order are laid out the way tomli-w lays them out,
    except that a non-empty array whose items are all tables is always
    `[[tables]]`; the values themselves are formatted by tomli-w.
    """
    return "".join(_chunks(data, "", False, multiline_strings))


def _chunks(table: Mapping[str, Any], name: str, in_array: bool, multiline: bool) -> Iterator[str]:
    import tomli_w

    started = False
    literals: dict[str, Any] = {}
    tables: list[tuple[str, Mapping[str, Any], bool]] = []
    for key, value in table.items():
        if isinstance(value, Mapping):
            tables.append((key, value, False))
        elif _is_records(value):
            tables.extend((key, item, True) for item in value)
        else:
            literals[key] = value
    if in_array or (name and (literals or not tables)):
        started = True
        yield f"[[{name}]]\n" if in_array else f"[{name}]\n"
    if literals:
        started = True
        yield tomli_w.dumps(literals, multiline_strings=multiline)
    for key, value, is_item in tables:
        if started:
            yield "\n"
        started = True
        part = _key_part(key)
        yield from _chunks(value, f"{name}.{part}" if name else part, is_item, multiline)


def _is_records(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(
        isinstance(item, Mapping) for item in value
    )


def _key_part(key: str) -> str:
    """Return a key as TOML writes it in a table header (quoted unless bare)."""
    import tomli_w

    if re.fullmatch(_BARE_KEY, key):
        return key
    return tomli_w.dumps({"k": key}).split(" = ", 1)[1].rstrip("\n")
