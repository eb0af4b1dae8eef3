"""Provides OpenDocument: a loaded session with its template, file and save state."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from . import backups, checks, content, locking, store
from .model.session import SCHEMA_VERSION, Session, SessionDataError
from .model.template import Template
from .tomlio import FileProblem


@dataclass
class SaveResult:
    """What one save attempt did."""

    ok: bool
    """True when the file now holds the snapshot."""
    revision: int
    """The session revision the snapshot was taken at."""
    path: Path
    """Where it was (or should have been) written."""
    error: str = ""
    """Why it failed (empty when ok)."""


@dataclass
class OpenDocument:
    """A session being edited: the model, its template, its file and what is saved.

    The UI thread changes `session`; `snapshot()` (UI thread) takes a copy of
    its data; `write()` (any thread) turns the copy into TOML and replaces the
    file atomically. Saved revision tracking lets the app know when the file is
    behind the model.
    """

    session: Session
    """The model being edited."""
    path: Path
    """The session file."""
    template: Template
    """The template the session follows (a stand-in when the real one is missing)."""
    template_missing: bool = False
    """True when the session's template could not be found."""
    saved_revision: int = 0
    """The model revision last written to disk."""
    last_error: str = ""
    """The last save failure (empty after a good save)."""
    read_only: bool = False
    """True when another workshop window has the session open: nothing is saved to
    `path` until `take_over()` succeeds (`save_as` elsewhere still works)."""
    holder: locking.Holder | None = None
    """Who has the session open, when `read_only`."""
    warnings: list[str] = field(default_factory=list)
    """Problems found on open that did not stop it (unknown keys, missing template…)."""
    session_lock: locking.SessionLock | None = field(default=None, repr=False)
    """This window's hold on the session file (None when read-only or unlockable)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _pending: str = field(default="", repr=False)
    """The backup kind `settle()` still has to take ("" = nothing left to do)."""
    _lock_wanted: bool = field(default=False, repr=False)

    @classmethod
    def open(
        cls, path: Path | str, *, lock: bool = True, later: bool = False
    ) -> "OpenDocument":
        """Load a session file and its template, lock it and keep a backup of it.

        The file is not modified: an older schema is upgraded in memory only
        (the next save writes it, after a backup). When another workshop
        process has the file open, the document opens read-only.

        Args:
            path: The session file (a symbolic link is followed: edits go to its target).
            lock: Take the session lock (False for a quick look that never saves).
            later: Leave the backup and the lock to `settle()`, which the app calls
                right after its first frame (importing the lock library and writing
                the backup are ~12 ms of start-up). Every write settles first, so
                nothing is ever saved without them.

        Raises:
            FileProblem: the file can't be read or is invalid (it is not touched).
        """
        from . import migrations, tomlio

        path = Path(path)
        if path.is_symlink():
            path = path.resolve()
        data = tomlio.read(path)  # parsed once: the schema version and the session
        original = migrations.original_version(data)
        try:
            session = Session.from_dict(store.migrate(data, path))
        except SessionDataError as error:
            raise FileProblem(path, error.detail, key=error.key) from None
        try:
            template = content.resolve_id(session.template_id)
            missing = False
        except LookupError:
            template = content.resolve(None)
            missing = True
        if template.step(session.current_step) is None and template.steps:
            session.current_step = template.steps[0].id
        doc = cls(session=session, path=path, template=template, template_missing=missing)
        doc.saved_revision = session.revision
        doc.warnings += checks.unknown_key_warnings(session, path)
        if missing:
            doc.warnings.append(checks.missing_template_warning(session, path))
        else:
            doc.warnings += checks.field_shape_warnings(session, template, path)
        if original is not None and original < SCHEMA_VERSION:
            doc.warnings.append(checks.migration_warning(original, path))
        doc._pending = "open" if original in (None, SCHEMA_VERSION) else "migrate"
        doc._lock_wanted = lock
        if not later:
            doc.settle()
        return doc

    def settle(self) -> None:
        """Take the backup and the lock that `open(..., later=True)` left (safe to call again).

        Afterwards `read_only` and `holder` say whether another window has the
        session, and `warnings` may hold a new line (a lock file that can't be made).
        """
        with self._lock:
            kind, self._pending = self._pending, ""
            if not kind:
                return
            try:
                backups.take(self.path, kind)
            except OSError:
                pass  # a folder we can't write to: saving will say so
            if self._lock_wanted:
                self._lock_file()

    # ------------------------------------------------------------ locking
    def _lock_file(self) -> None:
        try:
            result = locking.try_acquire(self.path)
        except OSError as error:
            self.warnings.append(
                f"{self.path}: can't create the lock file beside it "
                f"({error.strerror or error}); another window could open this session too"
            )
            return
        if isinstance(result, locking.Holder):
            self.read_only = True
            self.holder = result
        else:
            self.session_lock = result
            self.read_only = False
            self.holder = None
            _sweep_temp_files(self.path)

    def take_over(self) -> locking.Holder | None:
        """Make a read-only document editable once the other window has closed it.

        Reloads the file (the other window may have saved since) into the same
        `session` object, keeping this window's current step.

        Returns:
            None when this document may now save; else who still has it open.

        Raises:
            FileProblem: the file can no longer be read (this document is unchanged).
        """
        if not self.read_only:
            return None
        try:
            result = locking.try_acquire(self.path)
        except OSError:
            return self.holder or locking.Holder()
        if isinstance(result, locking.Holder):
            self.holder = result
            return result
        try:
            fresh = store.load(self.path)
        except FileProblem:
            result.release()
            raise
        with self._lock:
            here = self.session.current_step
            revision = self.session.revision + 1
            for name in fresh.__dataclass_fields__:
                if name != "revision":
                    setattr(self.session, name, getattr(fresh, name))
            if self.template.step(here) is not None:
                self.session.current_step = here
            self.session.revision = revision
            self.saved_revision = revision
            self.session_lock = result
            self.read_only = False
            self.holder = None
        return None

    def close(self) -> None:
        """Release the session lock so another window can edit it (safe to call twice)."""
        self._pending = ""  # closed before it settled: take nothing any more
        if self.session_lock is not None:
            self.session_lock.release()
            self.session_lock = None

    @property
    def dirty(self) -> bool:
        """True when the model has changes the file does not have."""
        return self.session.revision != self.saved_revision

    def snapshot(self) -> tuple[int, dict[str, Any]]:
        """Copy the session's data for saving (call on the thread that edits it)."""
        return self.session.revision, self.session.to_dict(self.template)

    def write(self, revision: int, data: dict[str, Any], path: Path | None = None) -> SaveResult:
        """Write a snapshot atomically (safe to call from a worker thread)."""
        target = Path(path) if path is not None else self.path
        self.settle()  # the backup and the lock come before any write
        with self._lock:
            if self.read_only and target == self.path:
                self.last_error = (
                    f"{self.path}: not saved: it is open in "
                    f"{(self.holder or locking.Holder()).describe()}; close it there and "
                    "take over, or save a copy with “Save session as…”"
                )
                return SaveResult(False, revision, target, self.last_error)
            if target == self.path:
                backups.before_save(target)
            try:
                store.atomic_write(target, store.dumps_data(data))
            except OSError as error:
                self.last_error = str(error)
                return SaveResult(False, revision, target, self.last_error)
            if path is None or Path(path) == self.path:
                self.saved_revision = max(self.saved_revision, revision)
            self.last_error = ""
            return SaveResult(True, revision, target)

    def save_now(self) -> SaveResult:
        """Snapshot and write on the calling thread (quit, crash)."""
        revision, data = self.snapshot()
        return self.write(revision, data)

    def save_as(self, path: Path) -> SaveResult:
        """Write to a new file and continue editing there (also from a read-only document).

        The new file is locked first; the old one's lock is released after.
        """
        path = Path(path)
        self.settle()
        revision, data = self.snapshot()
        new_lock: locking.SessionLock | None = None
        if path != self.path:
            try:
                got = locking.try_acquire(path)
            except OSError:
                got = None  # the write below reports an unwritable folder
            if isinstance(got, locking.Holder):
                error = f"{path}: is open in {got.describe()}; choose another file"
                return SaveResult(False, revision, path, error)
            new_lock = got
        result = self.write(revision, data, path)
        if not result.ok:
            if new_lock is not None:
                new_lock.release()
            return result
        if path != self.path:
            self.close()
            self.session_lock = new_lock
            self.read_only = False
            self.holder = None
        self.path = path
        self.saved_revision = max(self.saved_revision, revision)
        return result


def _sweep_temp_files(path: Path) -> None:
    """Delete temp files a killed save left beside `path` (only call while holding its lock)."""
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


__all__ = ["FileProblem", "OpenDocument", "SaveResult"]
