"""Provides rotating backups: the previous few versions of each session, kept beside it.

Backups live in `<folder>/.backups/<file stem>/<UTC time>-<reason>.toml`, where
`<folder>` is the session file's folder; `.backups/.gitignore` (`*`) keeps them
out of git. They are exact copies of the file's
bytes at that moment, taken

- when a session is opened (reason `open`; also the copy of the original
  before a schema migration is written by the next save),
- before a save replaces the file, at most once per `MIN_INTERVAL` seconds of
  editing (reason `edit`),
- before `workshop restore` replaces the file (reason `restore`),
- when a save finds the file changed outside workshop: the version found on
  disk (reason `outside`) and this window's unsaved version (reason `mine`),
  see workshop.storage.outside.

A copy identical to the newest backup is not taken again. Each session keeps
its newest `KEEP` backups; older ones are deleted (`outside` and `mine`
backups are counted apart, so hours of edit backups never push them out). Taking a backup never stops
a save or an open: failures are reported to the caller and ignored.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .paths import make_helper_dir

BACKUPS_NAME = ".backups"
"""The folder of backups, inside a session's folder."""
KEEP = 10
"""Backups kept per session."""
MIN_INTERVAL = 300.0
"""Seconds between two `edit` backups of the same session."""
KEPT_APART = ("outside", "mine")
"""Reasons pruned separately from the rotation (each group keeps its newest `KEEP`)."""

_NAME = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)-([a-z-]+)(?:-(\d+))?\.toml$")
_last_edit_backup: dict[str, float] = {}
_guard = threading.Lock()


@dataclass(frozen=True)
class Backup:
    """One kept copy of a session file."""

    path: Path
    """The backup file."""
    taken: datetime
    """When it was taken (UTC)."""
    reason: str
    """`open`, `edit`, `restore`, `migrate`, `outside` or `mine`."""

    @property
    def size(self) -> int:
        """Size in bytes (0 if it vanished)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def backup_dir(session_path: Path | str) -> Path:
    """Return the folder that holds a session's backups."""
    path = Path(session_path)
    return path.parent / BACKUPS_NAME / path.stem


def list_backups(session_path: Path | str) -> list[Backup]:
    """Return a session's backups, newest first."""
    folder = backup_dir(session_path)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found: list[Backup] = []
    for name in names:
        match = _NAME.match(name)
        if not match or not (folder / name).is_file():  # a FIFO or folder would hang or fail a read
            continue
        taken = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S.%fZ").replace(
            tzinfo=timezone.utc
        )
        found.append(Backup(folder / name, taken, match.group(2)))
    found.sort(key=lambda b: (b.taken, b.path.name), reverse=True)
    return found


def take(
    session_path: Path | str,
    reason: str = "edit",
    *,
    keep: int | None = None,
    data: bytes | None = None,
) -> Backup | None:
    """Copy the session file (or `data`) into its backups; prune old ones.

    Args:
        session_path: The session file.
        reason: Why (`open`, `edit`, `restore`, `migrate`); part of the name.
        keep: How many backups to keep (default `KEEP`).
        data: The bytes to keep (default: the file's current bytes).

    Returns:
        The new backup, or None when there was nothing to copy or the newest
        backup already holds the same bytes.

    Raises:
        OSError: the backup could not be written.
    """
    path = Path(session_path)
    if data is None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
    existing = list_backups(path)
    if existing:
        try:
            if existing[0].path.read_bytes() == data:
                return None
        except OSError:
            pass
    folder = backup_dir(path)
    make_helper_dir(folder.parent)  # `.backups/` with its own `.gitignore`
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"{stamp}-{reason}.toml"
    number = 2
    while target.exists():
        target = folder / f"{stamp}-{reason}-{number}.toml"
        number += 1
    _write_bytes(target, data)
    prune(path, KEEP if keep is None else keep)
    return Backup(target, datetime.strptime(stamp, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=timezone.utc), reason)


def before_save(
    session_path: Path | str, *, interval: float | None = None, keep: int | None = None
) -> Backup | None:
    """Keep the file's current version before a save replaces it, at most once per `interval`.

    Args:
        session_path: The session file about to be replaced.
        interval: Seconds between two edit backups (default `MIN_INTERVAL`).
        keep: How many backups to keep (default `KEEP`).

    Never raises: a backup that can't be written must not stop the save.
    """
    path = Path(session_path)
    interval = MIN_INTERVAL if interval is None else interval
    key = os.path.normcase(os.path.abspath(path))
    now = time.monotonic()
    with _guard:
        last = _last_edit_backup.get(key)
        if last is not None and now - last < interval:
            return None
        _last_edit_backup[key] = now
    try:
        return take(path, "edit", keep=keep)
    except OSError:
        return None


def keep_bytes(session_path: Path | str, reason: str, data: bytes) -> Path:
    """Keep `data` as a backup of the session; return the backup that holds it.

    Like `take`, but when the newest backup already holds these bytes its
    path is returned (so the caller can always say where the copy is).

    Raises:
        OSError: the backup could not be written.
    """
    taken = take(session_path, reason, data=data)
    if taken is not None:
        return taken.path
    return list_backups(session_path)[0].path


def prune(session_path: Path | str, keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` (default `KEEP`) backups; return what was deleted."""
    keep = KEEP if keep is None else keep
    removed: list[Path] = []
    found = list_backups(session_path)
    rotated = [b for b in found if b.reason not in KEPT_APART]
    apart = [b for b in found if b.reason in KEPT_APART]
    for old in rotated[max(keep, 1):] + apart[max(keep, 1):]:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            pass
    return removed


def _write_bytes(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def reset_rate_limit() -> None:
    """Forget when edit backups were last taken (tests)."""
    with _guard:
        _last_edit_backup.clear()


__all__ = [
    "BACKUPS_NAME",
    "Backup",
    "KEEP",
    "MIN_INTERVAL",
    "KEPT_APART",
    "backup_dir",
    "before_save",
    "keep_bytes",
    "list_backups",
    "prune",
    "take",
]
