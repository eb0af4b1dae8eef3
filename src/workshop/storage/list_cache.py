"""Provides the session-list cache: `workshop list` rows kept between runs, keyed by file stamp.

Listing sessions means reading every session file, and parsing TOML is most
of that time. This cache keeps, per sessions folder, each file's row (title,
template, progress, last update) together with the file's stamp (size,
modification time in ns, inode) and the stamp of the template its progress
was counted against. A row is reused only while both stamps match, so an
edited, replaced (atomic saves change the inode) or re-templated session is
read again. The cache lives in the user cache folder, one small JSON file per
sessions folder; it holds nothing that is not in the session files, and a
missing, unreadable or corrupt cache is simply rebuilt. Files that can't be
read are never cached (their problem is reported afresh each time).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .paths import user_dirs

VERSION = 1
"""Bumped whenever the entry format changes (older caches are ignored)."""

Stamp = list[int]
"""`[size, mtime_ns, inode]` of a file."""


@dataclass(frozen=True)
class SessionInfo:
    """One row of `workshop list` (`store.list_sessions`; also `store.SessionInfo`)."""

    path: Path
    """The session file."""
    title: str = ""
    """Its title (empty when it can't be read)."""
    template_id: str = ""
    """The template it follows."""
    answered: int = 0
    """Steps answered."""
    total: int = 0
    """Steps in the template."""
    updated: datetime | None = None
    """When it last changed (None when unknown)."""
    problem: str = ""
    """Why it can't be read (empty when it can)."""


SETTLE_NS = 2_000_000_000
"""Files changed less than this long ago (2 s) are not cached.

File times tick coarsely (a few ms), so a file rewritten in place with the
same size just after it was listed could keep its stamp; like git's "racy
clean" rule, only files that have been still for a while are trusted.
"""


def file_stamp(path: Path) -> Stamp | None:
    """Return the file's stamp, or None if it can't be read."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def settled(stamp: Stamp) -> bool:
    """True when the file last changed long enough ago for its stamp to be trusted."""
    return time.time_ns() - stamp[1] > SETTLE_NS


def template_stamp(template: Any) -> str:
    """Return what identifies a template's content: id, version, source and file stamp."""
    if template is None:
        return "missing"
    path = getattr(template, "path", "") or ""
    stamp = file_stamp(Path(path)) if path else None
    return f"{template.id}|{template.version}|{template.source}|{path}|{stamp}"


def cache_file(folder: Path) -> Path:
    """Return the cache file for a sessions folder (in the user cache dir)."""
    key = hashlib.sha1(os.fsencode(os.path.abspath(folder))).hexdigest()[:16]
    return Path(user_dirs().user_cache_dir) / "session-lists" / f"{key}.json"


def read(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the cached entries for `folder` by file name ({} when there are none)."""
    import json  # here, not at the top: `workshop open` never needs it (start-up)

    try:
        data = json.loads(cache_file(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # deeply nested JSON raises RecursionError
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    if data.get("folder") != os.path.abspath(folder):
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def write(folder: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Replace the cache for `folder` (never raises: a cache that can't be written is skipped)."""
    import json

    text = json.dumps(
        {"version": VERSION, "folder": os.path.abspath(folder), "entries": entries},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    try:
        atomic_write(cache_file(folder), text)
    except (OSError, ValueError):
        pass


def to_entry(row: Any, stamp: Stamp, template: str) -> dict[str, Any]:
    """Return the cache entry for a `SessionInfo` read from a file with `stamp`."""
    return {
        "stamp": stamp,
        "template_stamp": template,
        "title": row.title,
        "template_id": row.template_id,
        "answered": row.answered,
        "total": row.total,
        "updated": row.updated.isoformat() if row.updated is not None else None,
    }


def from_entry(entry: Any, stamp: Stamp | None) -> dict[str, Any] | None:
    """Return `SessionInfo` fields from a cache entry still valid for `stamp`, else None."""
    from ..model.base import FIRST_YEAR, LAST_YEAR

    if stamp is None or not isinstance(entry, dict) or entry.get("stamp") != stamp:
        return None
    try:
        fields = {
            "title": entry["title"],
            "template_id": entry["template_id"],
            "answered": entry["answered"],
            "total": entry["total"],
            "updated": datetime.fromisoformat(entry["updated"]) if entry["updated"] else None,
        }
    except (KeyError, TypeError, ValueError):
        return None
    updated = fields["updated"]
    if updated is not None and not (
        isinstance(updated, datetime) and updated.tzinfo is not None
        and FIRST_YEAR <= updated.year <= LAST_YEAR
    ):
        return None  # a hand-made cache must not crash `workshop list` (astimezone overflows)
    if not (
        isinstance(fields["title"], str)
        and isinstance(fields["template_id"], str)
        and type(fields["answered"]) is int
        and type(fields["total"]) is int
    ):
        return None
    return fields
