"""Provides outside-edit detection: a session file's fingerprint and what changed on disk.

An editor, `git checkout` or a sync tool may replace a session file while it
is open. The document remembers the file's `Fingerprint` after every load
and every save it makes; before the next save it reads the file again and
compares the bytes (by size and SHA-256: a touch that only changes the
modification time is not a change, and equal size and time do not prove
equal bytes). A different file is an `OutsideChange`: it is kept in the
backups (reason `outside`) and not overwritten until the user decides.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

OUTSIDE = "outside"
"""Backup reason: the version found on disk, changed outside workshop."""
MINE = "mine"
"""Backup reason: this window's version, not written because the file changed outside."""


@dataclass(frozen=True)
class Fingerprint:
    """What a session file held when workshop last loaded or saved it."""

    size: int
    """Size in bytes."""
    mtime_ns: int
    """Modification time (ns since the epoch; 0 when unknown). Shown, never compared."""
    sha256: str
    """SHA-256 of the bytes, in hex."""

    @classmethod
    def of(cls, data: bytes, mtime_ns: int = 0) -> "Fingerprint":
        """Return the fingerprint of `data` (a file's whole content)."""
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())

    def same_bytes(self, other: "Fingerprint") -> bool:
        """True when both fingerprints are of the same bytes (times are not compared)."""
        return (self.size, self.sha256) == (other.size, other.sha256)

    @property
    def modified(self) -> datetime | None:
        """The modification time as a UTC datetime (None when unknown)."""
        if not self.mtime_ns:
            return None
        return datetime.fromtimestamp(self.mtime_ns / 1e9, tz=timezone.utc)


def mtime_ns(path: Path) -> int:
    """Return a file's modification time in ns (0 when it can't be read)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def read(path: Path) -> tuple[bytes, Fingerprint] | None:
    """Read a file's bytes and fingerprint (time from the open file); None when it is missing.

    Raises:
        OSError: the file exists but can't be read.
    """
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError:
        return None
    return data, Fingerprint.of(data, stat.st_mtime_ns)


@dataclass
class OutsideChange:
    """The session file was changed outside workshop; saves to it wait for the user."""

    path: Path
    """The session file."""
    theirs: Fingerprint
    """The version found on disk."""
    backup: Path | None = None
    """The backup that holds their version (None if it could not be kept)."""
    mine_backup: Path | None = None
    """The backup that holds this window's latest unsaved version."""

    @property
    def when(self) -> str:
        """`HH:MM` (local time) of the outside change, or empty when unknown."""
        modified = self.theirs.modified
        return modified.astimezone().strftime("%H:%M") if modified else ""

    def describe(self) -> str:
        """Return e.g. `/s/idea.toml was changed outside workshop (at 14:02)`."""
        at = f" (at {self.when})" if self.when else ""
        return f"{self.path} was changed outside workshop{at}"


__all__ = ["MINE", "OUTSIDE", "Fingerprint", "OutsideChange", "mtime_ns", "read"]
