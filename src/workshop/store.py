"""Provides session files: load, save, migrate, create, list and delete sessions.

The session-level half of storage: the low-level pieces it builds on (user
folders, atomic write, TOML, locks, listing) live in `workshop.storage`.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import content
from .model.base import SessionDataError
from .model.session import SCHEMA_VERSION, Session
from .model.template import Template
from .storage import atomic, listing, paths, tomlio
from .storage.atomic import SaveError
from .storage.migrations import MIGRATIONS
from .storage.tomlio import FileProblem

# list_cache and locking are imported where used: `workshop open` needs neither (start-up).
if TYPE_CHECKING:
    from .storage.list_cache import SessionInfo

# ------------------------------------------------------------------ format
# `MIGRATIONS[n]` turns schema n data into schema n+1 data: see workshop.storage.migrations.


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring loaded data up to the current schema version.

    Runs `MIGRATIONS[n]` for each version from the file's up to the current
    one (see workshop.storage.migrations). Only the data in memory changes.

    Raises:
        FileProblem: for a missing, invalid or newer schema_version, or a
            migration that is missing or fails.
    """
    version = data.get("schema_version")
    if version is None:
        raise FileProblem(
            path, "is required but missing (is this a workshop session file?)",
            key="schema_version",
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileProblem(path, "expected a whole number >= 1", key="schema_version")
    if version > SCHEMA_VERSION:
        raise FileProblem(
            path,
            f"this file was made by a newer workshop (schema {version}; this version "
            f"reads up to {SCHEMA_VERSION}); upgrade workshop to open it",
            key="schema_version",
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise FileProblem(
                path,
                f"this workshop can't upgrade schema {version} files (no migration to "
                f"schema {version + 1}; please report this as a bug)",
                key="schema_version",
            )
        try:
            data = step(data)
        except Exception as error:  # noqa: BLE001 - a migration bug must not lose the file
            raise FileProblem(
                path,
                f"can't upgrade this schema {version} file: {error!r}; the file is unchanged "
                "(please report this as a bug)",
                key="schema_version",
            ) from None
        version += 1
        data["schema_version"] = version
    return data


def dumps(session: Session, template: Template | None = None) -> str:
    """Return the session as human-readable TOML text."""
    return dumps_data(session.to_dict(template))


def dumps_data(data: dict[str, Any]) -> str:
    """Return session data (from `Session.to_dict`) as TOML text.

    Split from `dumps` so the app can snapshot on the UI thread and format
    and write in a worker.
    """
    return tomlio.dumps(data)  # every array of records as [[tables]], never inline


def loads(text: str, path: Path | str = "<text>") -> Session:
    """Parse session TOML text.

    Raises:
        FileProblem: syntax errors with line/column, shape errors with the key.
    """
    path = Path(path)
    data = migrate(tomlio.parse(text, path), path)
    try:
        return Session.from_dict(data)
    except SessionDataError as error:
        raise FileProblem(path, error.detail, key=error.key) from None


def load(path: Path | str) -> Session:
    """Load a session file.

    Raises:
        FileProblem: the file can't be read or isn't a valid session.
    """
    path = Path(path)
    data = migrate(tomlio.read(path), path)
    try:
        return Session.from_dict(data)
    except SessionDataError as error:
        raise FileProblem(path, error.detail, key=error.key) from None


def save(session: Session, path: Path | str, template: Template | None = None) -> None:
    """Write the session atomically to `path`.

    Raises:
        SaveError: the file could not be written (the old one is intact).
    """
    atomic.atomic_write(Path(path), dumps(session, template))


# ------------------------------------------------------------------ lookup
def __getattr__(name: str) -> Any:
    """`SessionInfo` (a row of `workshop list`) is defined with the list cache: `workshop
    open` never lists, and defining the dataclass is ~0.5 ms of its start-up (issue 12 §4)."""
    if name == "SessionInfo":
        from .storage.list_cache import SessionInfo

        return SessionInfo
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    """Why the file could not be read (empty when fine)."""


def list_sessions(folder: Path) -> list[SessionInfo]:
    """Describe every session in `folder`, most recently updated first.

    Files unchanged since the last listing (same size, modification time and
    inode, same template) are not read again: their rows come from the
    session-list cache (see workshop.storage.list_cache).
    """
    from .storage import list_cache
    from .storage.list_cache import SessionInfo

    cached = list_cache.read(folder)
    entries: dict[str, dict[str, Any]] = {}
    templates: dict[str, tuple[Template | None, str]] = {}

    def template_for(template_id: str) -> tuple[Template | None, str]:
        if template_id not in templates:
            try:
                template: Template | None = content.resolve_id(template_id)
            except (LookupError, FileProblem):
                template = None
            templates[template_id] = (template, list_cache.template_stamp(template))
        return templates[template_id]

    rows: list[SessionInfo] = []
    for path in listing.session_files(folder):
        target = listing.outside_link(path, folder)
        if target is not None:
            rows.append(SessionInfo(path, title=path.stem, problem=listing.link_refusal(path, target)))
            continue
        stamp = list_cache.file_stamp(path)
        entry = cached.get(path.name)
        known = list_cache.from_entry(entry, stamp)
        if known is not None and template_for(known["template_id"])[1] == entry["template_stamp"]:
            rows.append(SessionInfo(path, **known))
            entries[path.name] = entry
            continue
        try:
            session = load(path)
        except FileProblem as problem:
            rows.append(SessionInfo(path, title=path.stem, problem=problem.describe()))
            continue
        template, template_stamp = template_for(session.template_id)
        answered, total = session.progress(template) if template else (0, 0)
        row = SessionInfo(
            path,
            title=session.title,
            template_id=session.template_id,
            answered=answered,
            total=total,
            updated=session.updated,
        )
        rows.append(row)
        if stamp is not None and list_cache.settled(stamp):
            entries[path.name] = list_cache.to_entry(row, stamp, template_stamp)
    if entries != cached:
        list_cache.write(folder, entries)
    rows.sort(key=lambda row: (row.updated is not None, row.updated or 0), reverse=True)
    return rows

def create(
    title: str,
    template: Template,
    folder: Path,
    *,
    facilitator: str = "",
    participants: list[str] | None = None,
) -> tuple[Session, Path]:
    """Create and save a new session; return it and its file.

    Raises:
        ValueError: for an empty title.
        SaveError: when the folder is not writable.
    """
    title = " ".join(title.split())
    if not title:
        raise ValueError("a session needs a title")
    steps = template.steps
    session = Session(
        title=title,
        template_id=template.id,
        template_version=template.version,
        facilitator=facilitator.strip(),
        participants=[p.strip() for p in participants or [] if p.strip()],
        current_step=steps[0].id if steps else "",
    )
    text = dumps(session, template)
    for _ in range(100):
        path = listing.unique_path(folder, title)
        try:
            atomic.atomic_write(path, text, exclusive=True)
        except FileExistsError:
            continue  # another process took the name a moment ago
        return session, path
    raise SaveError(None, f"can't find a free file name for {title!r} in {folder}")


def move_to_trash(path: Path) -> Path:
    """Move a session file into the trash folder (never unlink); return the new path.

    Raises:
        SaveError: the session is open in another workshop window (its autosave
            would bring the file back), with who has it.
        OSError: the file can't be moved.
    """
    from .storage import locking

    try:
        lock = locking.acquire(path, record=False)
    except locking.LockHeld as held:
        raise SaveError(
            errno.EBUSY,
            f"is open in {held.holder.describe()}; close it there, then delete it",
        ) from None
    except OSError:
        lock = None  # can't lock here: the move below says what is wrong
    try:
        trash = paths.make_helper_dir(paths.trash_dir(path.parent))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = trash / f"{path.stem}.{stamp}.toml"
        number = 2
        while target.exists():
            target = trash / f"{path.stem}.{stamp}-{number}.toml"
            number += 1
        os.replace(path, target)
        return target
    finally:
        if lock is not None:
            lock.release()
