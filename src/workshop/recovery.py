"""Provides `workshop restore REF [BACKUP] [--list]`: bring back a session from its backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from . import store

from .storage import backups, locking, tomlio
from .storage.backups import Backup
from .storage.tomlio import FileProblem
from .storage import atomic, listing, paths


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
        progress = f"{answered}/{total} steps"
    except (LookupError, FileProblem):
        progress = f"{len(session.answers)} steps answered"
    words = sum(len(text.split()) for _, text in _texts(session))
    return f"{session.title!r}, {progress}, {len(session.faq)} FAQ, {words} words"


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


# ------------------------------------------------------------------ command
def cmd_restore(args: argparse.Namespace) -> int:
    """List a session's backups, or restore one of them."""
    from .cli import CliError, EXIT_OK

    folder = paths.sessions_dir(args.sessions_dir)
    path = session_path_for(args.ref, folder)
    try:
        if args.list:
            return _print_list(path)
        backup = pick(path, args.backup)
        kept = restore(path, backup)
    except RestoreError as error:
        raise CliError(str(error)) from None
    when = backup.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    print(f"Restored {path} from the backup of {when} ({backup.reason}).")
    if kept is not None:
        print(
            f"The version it replaced is kept as backup 1: undo with "
            f"`workshop restore {_ref(path, folder)} 1`."
        )
    return EXIT_OK


def _ref(path: Path, folder: Path) -> str:
    try:
        if path.parent.resolve() == folder.resolve():
            return path.stem
    except OSError:
        pass
    return str(path)


def _print_list(path: Path) -> int:
    found = backups.list_backups(path)
    if not found:
        print(
            f"No backups of {path} yet. They are taken when a session is opened and "
            "every few minutes while it is edited."
        )
        return 0
    try:
        current = path.read_bytes()
    except OSError:
        current = None
    print(f"Backups of {path} (newest first), in {backups.backup_dir(path)}:")
    for number, backup in enumerate(found, start=1):
        when = backup.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        try:
            same = current is not None and backup.path.read_bytes() == current
        except OSError:
            same = False
        mark = " (same as the current file)" if same else ""
        mark += _LABELS.get(backup.reason, "")
        print(f"{number:>3}  {when}  {backup.reason:<8} {_size(backup.size):>8}  {describe(backup)}{mark}")
    print(f"Restore one with: workshop restore {path.stem} NUMBER")
    return 0


_LABELS = {
    "outside": " [the version changed outside workshop, kept instead of being overwritten]",
    "mine": " [your version, not saved over a file changed outside workshop]",
}
"""Notes for the backup kinds that are not plain rotation copies."""


def _size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} kB"


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the `restore` command to the CLI."""
    command = add(
        "restore",
        cmd_restore,
        "bring back an earlier version of a session from its backups",
    )
    command.add_argument("ref", metavar="REF", help="a file path, a file name in the sessions folder, or a title")
    command.add_argument(
        "backup",
        metavar="BACKUP",
        nargs="?",
        help="which backup: its number in --list (1 = newest) or its file name "
        "(default: the newest that differs from the current file)",
    )
    command.add_argument("--list", action="store_true", help="list the backups instead of restoring")


__all__ = ["RestoreError", "cmd_restore", "pick", "register", "restore", "session_path_for"]

