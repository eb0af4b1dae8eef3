"""Provides the user folders: sessions, settings and templates, crash logs, the trash, helper folders."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

APP_NAME = "workshop"
ENV_SESSIONS_DIR = "WORKSHOP_SESSIONS_DIR"
"""Environment variable that overrides the sessions folder."""
TRASH_NAME = ".trash"
"""Deleted sessions move here, inside the sessions folder."""


def user_dirs() -> Any:
    """Return the platform's per-user folders for this app (platformdirs)."""
    import platformdirs

    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def sessions_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the sessions folder: `override`, else $WORKSHOP_SESSIONS_DIR, else the data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_SESSIONS_DIR)
    if env:
        return Path(env).expanduser()
    return Path(user_dirs().user_data_dir) / "sessions"


def config_dir() -> Path:
    """Return the user config folder (settings, user templates)."""
    return Path(user_dirs().user_config_dir)


def log_dir() -> Path:
    """Return the folder for crash logs."""
    return Path(user_dirs().user_log_dir)


def trash_dir(folder: Path) -> Path:
    """Return the trash folder for sessions in `folder`."""
    return folder / TRASH_NAME


HELPER_GITIGNORE = (
    "# Made by workshop: backups and deleted sessions, not for version control.\n*\n"
)
"""What a helper folder's own `.gitignore` says (`*` ignores the folder, itself included)."""


def make_helper_dir(folder: Path) -> Path:
    """Create a helper folder (`.backups`, `.trash`) with a `.gitignore` that hides it from git.

    So `git status` in a sessions folder that is a repository shows session
    files only. An existing `.gitignore` is left as the user has it.

    Raises:
        OSError: the folder can't be created.
    """
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        try:
            with open(ignore, "x", encoding="utf-8") as handle:  # never replaces the user's
                handle.write(HELPER_GITIGNORE)
        except OSError:
            pass  # another process made it, or a read-only folder: the copies still matter more
    return folder
