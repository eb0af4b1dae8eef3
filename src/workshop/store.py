"""Provides session files: locations, atomic TOML save, load, migration and lookup."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import tomli_w

from . import tomlio
from .model.session import SCHEMA_VERSION, Session, SessionDataError
from .model.template import Template
from .model.text import slugify
from .tomlio import FileProblem

APP_NAME = "workshop"
ENV_SESSIONS_DIR = "WORKSHOP_SESSIONS_DIR"
"""Environment variable that overrides the sessions folder."""
TRASH_NAME = ".trash"
"""Deleted sessions move here, inside the sessions folder."""


class SaveError(OSError):
    """A session could not be written; the message says where and why."""


# ------------------------------------------------------------------ locations
def _dirs() -> Any:
    import platformdirs

    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def sessions_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the sessions folder: `override`, else $WORKSHOP_SESSIONS_DIR, else the data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_SESSIONS_DIR)
    if env:
        return Path(env).expanduser()
    return Path(_dirs().user_data_dir) / "sessions"


def config_dir() -> Path:
    """Return the user config folder (settings, user templates)."""
    return Path(_dirs().user_config_dir)


def log_dir() -> Path:
    """Return the folder for crash logs."""
    return Path(_dirs().user_log_dir)


def trash_dir(folder: Path) -> Path:
    """Return the trash folder for sessions in `folder`."""
    return folder / TRASH_NAME


# ------------------------------------------------------------------ format
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""`MIGRATIONS[n]` turns schema n data into schema n+1 data."""


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring loaded data up to the current schema version.

    Raises:
        FileProblem: for a missing, invalid or newer schema_version.
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
        data = MIGRATIONS[version](data)
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
    return tomli_w.dumps(data, multiline_strings=True)


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


def atomic_write(path: Path, text: str, *, retries: int = 5) -> None:
    """Replace `path` with `text` so a crash leaves the old file or the new, never half.

    Writes a temp file in the same folder, flushes and fsyncs it, then
    `os.replace`s it over the target (retrying briefly on PermissionError,
    which Windows raises while another process has the file open).

    Raises:
        SaveError: with the path and the reason; the old file is untouched.
    """
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise SaveError(
            error.errno, f"can't write in {folder}: {error.strerror or error}"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        for attempt in range(retries):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:
                if attempt == retries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        _fsync_dir(folder)
    except OSError as error:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise SaveError(
            error.errno, f"can't save {path}: {error.strerror or error}"
        ) from None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save(session: Session, path: Path | str, template: Template | None = None) -> None:
    """Write the session atomically to `path`.

    Raises:
        SaveError: the file could not be written (the old one is intact).
    """
    atomic_write(Path(path), dumps(session, template))


# ------------------------------------------------------------------ lookup
def unique_path(folder: Path, title: str) -> Path:
    """Return `folder/<slug>.toml` that does not exist yet (`slug-2.toml`…)."""
    slug = slugify(title)
    candidate = folder / f"{slug}.toml"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{slug}-{number}.toml"
        number += 1
    return candidate


def session_files(folder: Path) -> list[Path]:
    """Session files in `folder` (not the trash, not temp files)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file()
    )


class NotFound(LookupError):
    """No session matches a reference."""


def find(ref: str, folder: Path) -> Path:
    """Resolve REF: a path to a file, a file stem in `folder`, or a session title.

    Raises:
        NotFound: with a message that says where it looked.
    """
    direct = Path(ref).expanduser()
    if direct.is_file():
        return direct
    for candidate in (folder / ref, folder / f"{ref}.toml"):
        if candidate.is_file() and candidate.parent.resolve() == folder.resolve():
            return candidate
    wanted = ref.strip().casefold()
    for path in session_files(folder):
        title = read_title(path)
        if title is not None and title.strip().casefold() == wanted:
            return path
    raise NotFound(
        f"no session {ref!r}: not a file, and no session in {folder} has that "
        "file name or title (see `workshop list`)"
    )


def read_title(path: Path) -> str | None:
    """Return a session file's title cheaply, or None if it can't be read."""
    try:
        data = tomlio.read(path)
    except FileProblem:
        return None
    title = data.get("title")
    return title if isinstance(title, str) else None


@dataclass(frozen=True)
class SessionInfo:
    """One row of `workshop list`."""

    path: Path
    title: str = ""
    template_id: str = ""
    answered: int = 0
    total: int = 0
    updated: datetime | None = None
    problem: str = ""
    """Why the file could not be read (empty when fine)."""


def list_sessions(folder: Path) -> list[SessionInfo]:
    """Describe every session in `folder`, most recently updated first."""
    from . import content

    templates: dict[str, Template | None] = {}
    rows: list[SessionInfo] = []
    for path in session_files(folder):
        try:
            session = load(path)
        except FileProblem as problem:
            rows.append(SessionInfo(path, title=path.stem, problem=problem.describe()))
            continue
        if session.template_id not in templates:
            try:
                templates[session.template_id] = content.resolve(session.template_id)
            except (LookupError, FileProblem):
                templates[session.template_id] = None
        template = templates[session.template_id]
        answered, total = session.progress(template) if template else (0, 0)
        rows.append(
            SessionInfo(
                path,
                title=session.title,
                template_id=session.template_id,
                answered=answered,
                total=total,
                updated=session.updated,
            )
        )
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
    path = unique_path(folder, title)
    save(session, path, template)
    return session, path


def move_to_trash(path: Path) -> Path:
    """Move a session file into the trash folder (never unlink); return the new path."""
    trash = trash_dir(path.parent)
    trash.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = trash / f"{path.stem}.{stamp}.toml"
    number = 2
    while target.exists():
        target = trash / f"{path.stem}.{stamp}-{number}.toml"
        number += 1
    os.replace(path, target)
    return target
