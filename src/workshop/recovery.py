"""Provides restoring a session from its backups: pick one, swap it in, keep the current version.

The `workshop restore` command over it lives in `workshop.cli.restore`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import store
from .model.text import plural
from .storage import atomic, backups, listing, locking, tomlio
from .storage.backups import Backup
from .storage.tomlio import FileProblem


class RestoreError(Exception):
    """A restore that can't be done; the message says why and what to do."""


def session_path_for(ref: str, folder: Path) -> Path:
    """Resolve REF like `workshop open`, or to a deleted session that still has backups.

    Raises:
        listing.NotFound: no session file and no backups for REF.
    """
    try:
        return listing.find(ref, folder)
    except listing.NotFound:
        for candidate in (Path(ref).expanduser(), folder / ref, folder / f"{ref}.toml"):
            if candidate.suffix == ".toml" and backups.list_backups(candidate):
                return candidate
        raise


def describe(backup: Backup) -> str:
    """Return a one-line summary of what a backup holds (title, progress, FAQ count)."""
    from . import content

    try:
        session = store.loads(tomlio.decode(backup.path.read_bytes(), backup.path), backup.path)
    except (OSError, FileProblem) as problem:
        return f"unreadable: {problem}"
    try:
        template = content.resolve_id(session.template_id)
        answered, total = session.progress(template)
        progress = f"{answered}/{plural(total, 'step')}"
    except (LookupError, FileProblem):
        progress = f"{plural(len(session.answers), 'step')} answered"
    words = sum(len(text.split()) for _, text in _texts(session))
    return f"{session.title!r}, {progress}, {len(session.faq)} FAQ, {plural(words, 'word')}"


def _texts(session: Any):
    from .model.session import iter_text

    return iter_text(session)


def pick(path: Path, choice: str | None) -> Backup:
    """Return the backup to restore: by number (1 = newest), file name, or the newest that differs.

    Raises:
        RestoreError: no such backup, or none differs from the current file.
    """
    found = backups.list_backups(path)
    if not found:
        raise RestoreError(
            f"{path}: no backups yet (they are taken when a session is opened and "
            "every few minutes while it is edited)"
        )
    if choice is None:
        try:
            current = path.read_bytes()
        except OSError:
            return found[0]
        for backup in found:
            try:
                if backup.path.read_bytes() != current:
                    return backup
            except OSError:
                continue
        raise RestoreError(
            f"{path}: every backup is the same as the current file; nothing to restore "
            f"(see `workshop restore {path.stem} --list`)"
        )
    if choice.isdigit():
        number = int(choice)
        if 1 <= number <= len(found):
            return found[number - 1]
        raise RestoreError(
            f"{path}: no backup number {number}; there are {len(found)} "
            f"(see `workshop restore {path.stem} --list`)"
        )
    for backup in found:
        if backup.path.name == choice or backup.path == Path(choice).expanduser():
            return backup
    raise RestoreError(
        f"{path}: no backup called {choice!r} (see `workshop restore {path.stem} --list`)"
    )


def restore(path: Path, backup: Backup) -> Backup | None:
    """Replace the session file with a backup, keeping the current file as a backup first.

    Returns:
        The backup that holds the replaced version (the newest one), or None
        when there was no current file.

    Raises:
        RestoreError: the backup is not a valid session, or the session is open
            in another window.
        atomic.SaveError: the file can't be written (it is unchanged).
    """
    try:
        raw = backup.path.read_bytes()
        text = tomlio.decode(raw, backup.path)
        store.loads(text, backup.path)
    except OSError as error:
        raise RestoreError(f"{backup.path}: can't read the backup: {error.strerror or error}") from None
    except FileProblem as problem:
        raise RestoreError(f"{problem.describe()} (this backup can't be restored)") from None
    try:
        lock = locking.acquire(path)
    except locking.LockHeld as held:
        raise RestoreError(
            f"{path}: is open in {held.holder.describe()}; close it there, then restore"
        ) from None
    except OSError:
        lock = None  # the write below reports an unwritable folder
    try:
        kept: Backup | None = None
        if path.exists():
            try:
                kept = backups.take(path, "restore")
                if kept is None:  # the newest backup already holds these bytes
                    kept = backups.list_backups(path)[0]
            except OSError as error:
                raise RestoreError(
                    f"{path}: can't keep the current version as a backup "
                    f"({error.strerror or error}); nothing was changed"
                ) from None
        atomic.atomic_write(path, raw.decode("utf-8"))
        return kept
    finally:
        if lock is not None:
            lock.release()
