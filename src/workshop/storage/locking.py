"""Provides session locks, so one session is edited by one workshop window at a time.

A lock is an OS file lock (the `filelock` library: `flock` on Unix, `msvcrt`
locking on Windows) on a file in the user's lock folder (`locks_dir()`: the
runtime folder `$XDG_RUNTIME_DIR/workshop/locks` where there is one, else the
state folder's `locks/`), never beside the session: a sessions folder that is
a git repository shows nothing but session files. The lock file is named from
the session's readable stem and a hash of its resolved path
(`idea-3f2a…c1.lock`), so two windows on the same file agree however they
name it (a symbolic link, another relative path). The operating system drops
the lock when the holding process ends, however it ends (quit, crash,
SIGKILL, power loss), so a stale lock never needs to be broken by hand.
Beside it, `<name>.holder` says who holds it (process, host, user, since
when) so the second window can tell the person.

Lock files beside sessions (`.idea.toml.lock`), made by workshop 0.1.0 and
earlier, are ignored and never created.

Within one process a session is locked once: a second `acquire` of the same
file in the same process shares the first hold (the app shows one screen per
session, and tests open the same file twice), and the lock is released when
the last holder releases it.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import socket
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .atomic import atomic_write
from .paths import APP_NAME, user_dirs

LOCK_SUFFIX = ".lock"
"""Ends a lock file's name: `idea-3f2a9c01d4e5b6a7.lock`."""
HOLDER_SUFFIX = ".holder"
"""Ends a holder file's name: `idea-3f2a9c01d4e5b6a7.holder`."""


def locks_dir() -> Path:
    """Return the folder of lock files: in the runtime folder if there is one, else the state folder.

    `$XDG_RUNTIME_DIR` counts only when it is an absolute path to a folder
    (not a link) that this user owns, as the XDG spec asks; macOS and Windows
    have no runtime folder, so their locks live in the state folder.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and sys.platform not in ("win32", "darwin"):
        try:
            info = os.lstat(runtime)
        except OSError:
            info = None
        getuid = getattr(os, "getuid", None)
        if (
            info is not None
            and not os.path.islink(runtime)
            and os.path.isdir(runtime)
            and (getuid is None or info.st_uid == getuid())
        ):
            return Path(runtime) / APP_NAME / "locks"
    return Path(user_dirs().user_state_dir) / "locks"


def _lock_base(session_path: Path | str) -> Path:
    """The lock file's path without its suffix: readable stem + hash of the resolved path."""
    key = _key(session_path)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(key).stem).strip(".-")[:40] or "session"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return locks_dir() / f"{stem}-{digest}"


def lock_path(session_path: Path | str) -> Path:
    """Return the lock file for a session file (in `locks_dir()`, never beside the session)."""
    base = _lock_base(session_path)
    return base.with_name(base.name + LOCK_SUFFIX)


def holder_path(session_path: Path | str) -> Path:
    """Return the file that says who holds a session's lock."""
    base = _lock_base(session_path)
    return base.with_name(base.name + HOLDER_SUFFIX)


def _key(session_path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(session_path))


def _make_locks_dir(where: Path) -> None:
    """Create the lock folder, private to this user (filelock would make it world-readable)."""
    where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)


@dataclass(frozen=True)
class Holder:
    """Who holds a session's lock, as written by the holding process."""

    pid: int = 0
    """The holder's process id (0 when unknown)."""
    host: str = ""
    """The holder's machine name."""
    user: str = ""
    """The holder's user name."""
    since: datetime | None = None
    """When the holder opened the session."""

    def describe(self) -> str:
        """Return e.g. `another workshop window (process 123 on laptop, since 09:41)`."""
        if not self.pid:
            return "another workshop window"
        details = f"process {self.pid}"
        if self.host and self.host != socket.gethostname():
            details += f" on {self.host}"
        if self.user and self.user != _user():
            details += f", user {self.user}"
        if self.since is not None:
            details += f", since {self.since.astimezone():%H:%M}"
        return f"another workshop window ({details})"


class LockHeld(Exception):
    """The session is open in another workshop window.

    Attributes:
        path: The session file.
        holder: Who holds it, as far as known.
    """

    def __init__(self, path: Path, holder: Holder) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"{path}: is open in {holder.describe()}")


class _Shared:
    """One OS lock held by this process, shared by every `SessionLock` on the file."""

    def __init__(
        self, key: str, session_path: Path, where: Path, lock: object, recorded: bool
    ) -> None:
        self.key = key
        self.session_path = session_path
        self.where = where
        """The lock file (its name was fixed when the lock was taken)."""
        self.holder = where.with_name(where.name[: -len(LOCK_SUFFIX)] + HOLDER_SUFFIX)
        """The file that says who holds the lock."""
        self.lock = lock
        self.count = 0
        self.recorded = recorded
        """True when this process wrote the holder file (and so removes it)."""
        self.identity = _identity(where)
        """(device, inode) of the lock file this process locked (None if unknown)."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


_held: dict[str, _Shared] = {}
_guard = threading.Lock()


@dataclass(eq=False)
class SessionLock:
    """This process's hold on one session file; `release()` it when the session closes."""

    path: Path
    """The session file."""
    _shared: _Shared | None = field(default=None, repr=False)

    @property
    def held(self) -> bool:
        """True until released."""
        return self._shared is not None

    def release(self) -> None:
        """Let other windows edit the session (safe to call twice)."""
        with _guard:
            shared, self._shared = self._shared, None
            if shared is None:
                return
            shared.count -= 1
            if shared.count > 0:
                return
            if _held.get(shared.key) is shared:  # not a newer hold after a lost `renew`
                _held.pop(shared.key, None)
            if shared.recorded:
                try:
                    shared.holder.unlink()
                except OSError:
                    pass
            try:
                shared.lock.release()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - the OS drops it at exit anyway
                pass

    def renew(self) -> "Holder | None":
        """Lock the session again if its lock file was deleted or replaced (e.g. the folder was).

        A lock on a deleted file locks nothing: another window would create a
        new lock file and edit the session too. Lock files live apart from the
        sessions (see `locks_dir`), so deleting a sessions folder leaves them;
        but a runtime folder can be cleaned (logout, `tmpfiles`). Call this
        before writing the session file. The holder file is written again.

        Returns:
            None when this process holds the lock file that is there now; else
            who took the new lock file first (this hold is then dropped).

        Raises:
            OSError: the lock file can't be created.
        """
        from filelock import FileLock, Timeout

        with _guard:
            shared = self._shared
            if shared is None:
                return None
            where = shared.where
            if shared.identity is not None and _identity(where) == shared.identity:
                return None
            try:
                shared.lock.release()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - the old file is gone; its lock means nothing
                pass
            _make_locks_dir(where)
            lock = FileLock(where, timeout=0, thread_local=False)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                _held.pop(shared.key, None)
                shared.recorded = False  # the holder file is the other window's now
                self._shared = None
                return _read_holder_file(shared.holder)
            shared.lock = lock
            shared.identity = _identity(where)
            if shared.recorded:
                _write_holder(shared.holder)
            return None

    def __enter__(self) -> "SessionLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return ""


def _write_holder(where: Path) -> None:
    """Record this process as the holder (best effort: the lock works without it)."""
    text = (
        f"pid = {os.getpid()}\n"
        f"host = {_toml_string(socket.gethostname())}\n"
        f"user = {_toml_string(_user())}\n"
        f"since = {datetime.now(timezone.utc).replace(microsecond=0).isoformat()}\n"
    )
    try:
        atomic_write(where, text)
    except OSError:
        pass


def _toml_string(value: str) -> str:
    import tomli_w

    return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()


def read_holder(session_path: Path | str) -> Holder:
    """Return who holds the session's lock (an unknown Holder when it can't be told)."""
    return _read_holder_file(holder_path(session_path))


def _read_holder_file(where: Path) -> Holder:
    import tomllib

    from ..model.base import FIRST_YEAR, LAST_YEAR
    from .tomlio import FileProblem, read_bytes

    try:  # read_bytes: a FIFO planted as the holder file must not hang the app
        data = tomllib.loads(read_bytes(where).decode("utf-8"))
    except (FileProblem, ValueError, RecursionError):
        return Holder()
    pid = data.get("pid")
    since = data.get("since")
    return Holder(
        pid=pid if isinstance(pid, int) and not isinstance(pid, bool) else 0,
        host=data.get("host") if isinstance(data.get("host"), str) else "",
        user=data.get("user") if isinstance(data.get("user"), str) else "",
        since=since if isinstance(since, datetime) and FIRST_YEAR <= since.year <= LAST_YEAR else None,
    )


def acquire(session_path: Path | str, *, record: bool = True) -> SessionLock:
    """Lock a session file for this process, without waiting.

    Args:
        session_path: The session file.
        record: Write the holder file saying who holds it (False for a brief
            hold that touches nothing else, e.g. while moving the file).

    Raises:
        LockHeld: another process holds it (says who).
        OSError: the lock file can't be created (e.g. a read-only folder);
            callers may go on without a lock, since they can't save there either.
    """
    from filelock import FileLock, Timeout

    session_path = Path(session_path)
    key = _key(session_path)
    with _guard:
        shared = _held.get(key)
        if shared is None:
            where = lock_path(session_path)
            _make_locks_dir(where)
            lock = FileLock(where, timeout=0, thread_local=False)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                raise LockHeld(session_path, read_holder(session_path)) from None
            shared = _Shared(key, session_path, where, lock, record)
            _held[key] = shared
            if record:
                _write_holder(shared.holder)
        shared.count += 1
        return SessionLock(session_path, shared)


def try_acquire(session_path: Path | str) -> SessionLock | Holder:
    """Return a lock, or who holds the session when another process does.

    Raises:
        OSError: the lock file can't be created.
    """
    try:
        return acquire(session_path)
    except LockHeld as held:
        return held.holder


def is_locked_elsewhere(session_path: Path | str) -> bool:
    """True when another process holds the session (this process's holds don't count)."""
    try:
        result = acquire(session_path, record=False)
    except LockHeld:
        return True
    except OSError:
        return False
    result.release()
    return False


__all__ = [
    "Holder",
    "LockHeld",
    "SessionLock",
    "acquire",
    "holder_path",
    "is_locked_elsewhere",
    "lock_path",
    "locks_dir",
    "read_holder",
    "try_acquire",
]
