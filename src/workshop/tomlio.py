"""Provides TOML reading with clear, located error messages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Files larger than this are refused before parsing (a session is far smaller)."""

_LOCATION = re.compile(r"\(at line (\d+), column (\d+)\)")
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
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _LOCATION.search(message)
        at_end = _AT_END in message
        detail = _LOCATION.sub("", message).replace(_AT_END, "").strip()
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


def read(path: Path | str) -> dict[str, Any]:
    """Read and parse a TOML file.

    Raises:
        FileProblem: for a missing, unreadable, oversized, binary or invalid file.
    """
    path = Path(path)
    return parse(decode(read_bytes(path), path), path)


def read_bytes(path: Path | str) -> bytes:
    """Read a TOML file's bytes (not parsed), refusing an oversized one.

    Raises:
        FileProblem: for a missing, unreadable or oversized file.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem(
                path,
                f"file is {size / 1_048_576:.1f} MB, over the "
                f"{MAX_FILE_BYTES // 1_048_576} MB limit; is this really a workshop file?",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(path, "no such file") from None
    except IsADirectoryError:
        raise FileProblem(path, "is a folder, not a file") from None
    except PermissionError:
        raise FileProblem(path, "permission denied; check the file's permissions") from None
    except OSError as error:
        raise FileProblem(path, f"can't read: {error.strerror or error}") from None
    return raw
