"""Provides session files: locations, atomic TOML save, load, migration and lookup."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import tomlio
from .migrations import MIGRATIONS
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
    """A session could not be written; the message says where and why.

    Built as `SaveError(errno_or_None, message)`; `str()` is the message alone.
    """

    def __str__(self) -> str:
        return self.strerror or super().__str__()


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


# ------------------------------------------------------------------ format
# `MIGRATIONS[n]` turns schema n data into schema n+1 data: see workshop.migrations.


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring loaded data up to the current schema version.

    Runs `MIGRATIONS[n]` for each version from the file's up to the current
    one (see workshop.migrations). Only the data in memory changes.

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


def atomic_write(path: Path, text: str, *, retries: int = 5, exclusive: bool = False) -> None:
    """Replace `path` with `text` so a crash leaves the old file or the new, never half.

    Writes a temp file in the same folder, flushes and fsyncs it, then
    `os.replace`s it over the target (retrying briefly on PermissionError,
    which Windows raises while another process has the file open). Whatever
    goes wrong, the temp file is removed and the old file is left as it was.

    Args:
        path: The file to write.
        text: Its new content.
        retries: Attempts at `os.replace` while it raises PermissionError.
        exclusive: Create a new file only: never replace an existing one.

    Raises:
        FileExistsError: `exclusive` and `path` already exists.
        SaveError: with the path and the reason; the old file is untouched.
    """
    path = Path(path)
    folder = path.parent
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise SaveError(
            None, f"can't save {path}: the text holds a character UTF-8 can't store ({error.reason})"
        ) from None
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
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        if exclusive:
            _link_new(tmp, path)
        else:
            for attempt in range(retries):
                try:
                    os.replace(tmp, path)
                    break
                except PermissionError:
                    if attempt == retries - 1:
                        raise
                    time.sleep(0.05 * (attempt + 1))
        _fsync_dir(folder)
    except FileExistsError:
        _remove(tmp)
        raise
    except OSError as error:
        _remove(tmp)
        raise SaveError(
            error.errno, f"can't save {path}: {error.strerror or error}"
        ) from None
    except BaseException:
        _remove(tmp)
        raise


def _link_new(tmp: Path, path: Path) -> None:
    """Move `tmp` to `path` only if `path` does not exist (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system: check, then rename (a tiny race).
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from None
        os.replace(tmp, path)
        return
    _remove(tmp)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


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
        FileProblem: REF names a FIFO, device or socket.
    """
    direct = Path(ref).expanduser()
    if direct.is_file():
        return direct
    if direct.exists() and not direct.is_dir():
        tomlio.read_bytes(direct)  # a FIFO or device: refused (FileProblem) without opening it
    for candidate in (folder / ref, folder / f"{ref}.toml"):
        if candidate.is_file() and candidate.parent.resolve() == folder.resolve():
            target = outside_link(candidate, folder)
            if target is not None:
                raise NotFound(link_refusal(candidate, target))
            return candidate
    wanted = ref.strip().casefold()
    for path in session_files(folder):
        if outside_link(path, folder) is not None:
            continue
        title = read_title(path)
        if title is not None and title.strip().casefold() == wanted:
            return path
    raise NotFound(
        f"no session {ref!r}: not a file, and no session in {folder} has that "
        "file name or title (see `workshop list`)"
    )


def outside_link(path: Path, folder: Path) -> Path | None:
    """Return the target of `path` if it is a symbolic link leading out of `folder`, else None.

    Such links in the sessions folder are not followed when a session is
    looked up by name or listed (they may have been planted); a session opened
    by its full path is followed (the user named it).
    """
    if not path.is_symlink():
        return None
    target = path.resolve()
    base = folder.resolve()
    if target == base or base in target.parents:
        return None
    return target


def link_refusal(path: Path, target: Path) -> str:
    """Return the message for a symbolic link that leads out of the sessions folder."""
    return (
        f"{path}: is a symbolic link to {target}, outside the sessions folder; "
        "not followed (open it by its full path if you trust it)"
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
    """Describe every session in `folder`, most recently updated first.

    Files unchanged since the last listing (same size, modification time and
    inode, same template) are not read again: their rows come from the
    session-list cache (see workshop.list_cache).
    """
    from . import content, list_cache

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
    for path in session_files(folder):
        target = outside_link(path, folder)
        if target is not None:
            rows.append(SessionInfo(path, title=path.stem, problem=link_refusal(path, target)))
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
        path = unique_path(folder, title)
        try:
            atomic_write(path, text, exclusive=True)
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
    from . import locking

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
        trash = make_helper_dir(trash_dir(path.parent))
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
