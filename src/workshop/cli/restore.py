"""Provides `workshop restore REF [BACKUP] [--list]`: bring back a session from its backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable

from ..recovery import RestoreError, describe, pick, restore, session_path_for
from ..storage import backups, paths
from .base import EXIT_OK, CliError


def cmd_restore(args: argparse.Namespace) -> int:
    """List a session's backups, or restore one of them."""
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
    command.add_argument("ref", metavar="REF", help="a file path, a file name in the sessions folder, a title, or the unique beginning of a name or title")
    command.add_argument(
        "backup",
        metavar="BACKUP",
        nargs="?",
        help="which backup: its number in --list (1 = newest) or its file name "
        "(default: the newest that differs from the current file)",
    )
    command.add_argument("--list", action="store_true", help="list the backups instead of restoring")


__all__ = ["RestoreError", "cmd_restore", "pick", "register", "restore", "session_path_for"]
