"""Provides OpenDocument: a loaded session with its template, file and save state."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import content, load_warnings, store
from .model.base import SessionDataError
from .model.session import SCHEMA_VERSION, Session
from .model.template import Template
from .storage import atomic, tomlio
from .storage.tomlio import FileProblem

if TYPE_CHECKING:  # imported on first use, after the first frame (start-up)
    from .dispatch import Dispatcher
    from .storage import locking, outside

# The backups, the lock and the outside-edit check (and hashlib with them) come after
# the first frame: `settle()` and the writes import them (issue 12 §4).


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
    outside: outside.OutsideChange | None = None
    """Set when the file was changed outside workshop, so it was not overwritten."""
    fingerprint: outside.Fingerprint | None = None
    """What the written file holds now (when ok)."""


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
    _known: outside.Fingerprint | None = field(default=None, repr=False)
    _unhashed: tuple[bytes, int] | None = field(default=None, repr=False)
    """The bytes (and time) read at open, until `known` fingerprints them (after the first frame)."""
    outside_change: outside.OutsideChange | None = None
    """Set when a save found the file changed outside workshop: nothing is saved to
    `path` until `keep_mine()`, `reload_theirs()` or `keep_both()`."""
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _resume_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held while the resume point is written (not `_lock`: saves need not wait for it)."""
    _pending: str = field(default="", repr=False)
    """The backup kind `settle()` still has to take ("" = nothing left to do)."""
    _lock_wanted: bool = field(default=False, repr=False)
    resume_step: str = ""
    """The step last kept as this session's resume point (see workshop.resume)."""
    visited: set[str] = field(default_factory=set)
    """Steps this person has visited (kept with the resume point, never in the session file)."""
    _dispatcher: Dispatcher | None = field(default=None, repr=False)

    @property
    def known(self) -> outside.Fingerprint | None:
        """The file as this document last loaded or saved it (None: never compared).

        The bytes read at open are hashed on first need (`settle()`, off the UI
        thread, or the first save), not before the first frame: the same bytes,
        so an edit made outside between open and the first save is still found.
        """
        if self._unhashed is not None:
            from .storage import outside

            raw, mtime = self._unhashed
            self._known, self._unhashed = outside.Fingerprint.of(raw, mtime), None
        return self._known

    @known.setter
    def known(self, value: outside.Fingerprint | None) -> None:
        self._known, self._unhashed = value, None

    @property
    def dispatcher(self) -> Dispatcher:
        """The one way the UI changes `session`: operations, undo, redo, change events."""
        if self._dispatcher is None:
            from .dispatch import Dispatcher

            self._dispatcher = Dispatcher.of(self.session)
        return self._dispatcher

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
            lock: Take the session lock and the open backup (False for a quick look
                that never saves: nothing is written, not even beside the file).
            later: Leave the backup and the lock to `settle()`, which the app calls
                right after its first frame (importing the lock library and writing
                the backup are ~12 ms of start-up). Every write settles first, so
                nothing is ever saved without them.

        Raises:
            FileProblem: the file can't be read or is invalid (it is not touched).
        """
        from .storage import migrations, tomlio

        path = Path(path)
        if path.is_symlink():
            path = path.resolve()
        raw = tomlio.read_bytes(path)  # read once: the fingerprint, the schema version, the session
        data = tomlio.parse(tomlio.decode(raw, path), path)
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
        from . import resume

        resumed, visited = resume.recall_point(session.id)  # where this person left it: wins over the file's
        if resumed and template.step(resumed) is not None:
            session.current_step = resumed
        if template.step(session.current_step) is None and template.steps:
            session.current_step = template.steps[0].id
        doc = cls(session=session, path=path, template=template, template_missing=missing)
        doc.resume_step = session.current_step
        doc.visited = visited | {session.current_step}
        doc.saved_revision = session.revision
        doc._unhashed = (raw, _mtime_ns(path))  # `known` hashes them on first need
        doc.warnings += load_warnings.unknown_key_warnings(session, path)
        if missing:
            doc.warnings.append(load_warnings.missing_template_warning(session, path))
        else:
            doc.warnings += load_warnings.field_shape_warnings(session, template, path)
        if original is not None and original < SCHEMA_VERSION:
            doc.warnings.append(load_warnings.migration_warning(original, path))
        doc._pending = "open" if original in (None, SCHEMA_VERSION) else "migrate"
        if not lock:
            doc._pending = ""  # a quick look: no backup (it never saves)
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
            self.known  # noqa: B018 - hash the bytes read at open here, off the UI thread
            kind, self._pending = self._pending, ""
            if not kind:
                return
            from .storage import backups

            try:
                backups.take(self.path, kind)
            except OSError:
                pass  # a folder we can't write to: saving will say so
            if self._lock_wanted:
                self._lock_file()

    # ------------------------------------------------------------ locking
    def _lock_file(self) -> None:
        from .storage import locking

        try:
            result = locking.try_acquire(self.path)
        except OSError as error:
            self.warnings.append(
                f"{self.path}: can't create its lock file in {locking.locks_dir()} "
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
        from .storage import locking, outside

        try:
            result = locking.try_acquire(self.path)
        except OSError:
            return self.holder or locking.Holder()
        if isinstance(result, locking.Holder):
            self.holder = result
            return result
        try:
            raw = tomlio.read_bytes(self.path)
            fresh = store.loads(tomlio.decode(raw, self.path), self.path)
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
            self.dispatcher.forget()  # the other window's changes: old undo steps don't fit
            self.session_lock = result
            self.read_only = False
            self.holder = None
            self.known = outside.Fingerprint.of(raw, outside.mtime_ns(self.path))
        return None

    def remember_step(self, step_id: str) -> bool:
        """Keep `step_id` as the resume point (not in the file: moving is not an edit).

        Safe from a worker thread. A read-only window keeps none (the window
        that edits the session has the say). Returns True when a point was written.
        """
        from . import resume

        with self._lock:
            if self.read_only or not step_id or step_id == self.resume_step:
                return False
            self.resume_step = step_id
            self.visited.add(step_id)
        # One write at a time, each of the newest point: two quick step changes write from
        # two threads, and the older one finishing last would leave the file a step behind.
        with self._resume_lock:
            with self._lock:
                newest, visited = self.resume_step, set(self.visited)
            return resume.remember(self.session.id, newest, visited)

    def close(self) -> None:
        """Keep the resume point, release the session lock so another window can edit it (safe twice)."""
        if self._lock_wanted and self._pending == "":
            self.remember_step(self.session.current_step)
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
        """Write a snapshot atomically (safe to call from a worker thread).

        Without `path` it goes to the session's file as it is once the write
        holds the lock (a "Save session as…" may have moved it meanwhile; the
        file saved away from is never written again). A snapshot older than
        what that file already holds is not written: it would undo newer edits.
        """
        self.settle()  # the backup and the lock come before any write
        from .storage import backups, locking, outside

        with self._lock:
            target = Path(path) if path is not None else self.path
            if target == self.path and revision < self.saved_revision:
                return SaveResult(True, revision, target, fingerprint=self.known)
            if self.read_only and target == self.path:
                self.last_error = (
                    f"{self.path}: not saved: it is open in "
                    f"{(self.holder or locking.Holder()).describe()}; close it there and "
                    "take over, or save a copy with “Save session as…”"
                )
                return SaveResult(False, revision, target, self.last_error)
            text = store.dumps_data(data)
            if target == self.path:
                refused = self._refuse_outside_change(revision, text)
                if refused is not None:
                    return refused
                backups.before_save(target)
            try:
                atomic.atomic_write(target, text)
            except OSError as error:
                self.last_error = str(error)
                return SaveResult(False, revision, target, self.last_error)
            written = outside.Fingerprint.of(text.encode("utf-8"), outside.mtime_ns(target))
            if path is None or Path(path) == self.path:
                self.saved_revision = max(self.saved_revision, revision)
                self.known = written
            self.last_error = ""
            return SaveResult(True, revision, target, fingerprint=written)

    def save_now(self) -> SaveResult:
        """Snapshot and write on the calling thread (quit, crash)."""
        revision, data = self.snapshot()
        return self.write(revision, data)

    def save_as(self, path: Path) -> SaveResult:
        """Write to a new file and continue editing there (also from a read-only document).

        The new file is locked first; the old one's lock is released after.
        The whole move holds `_lock`, so a save running in a worker writes
        either before it (to the old file) or after it (to the new one).
        """
        path = Path(path)
        self.settle()
        with self._lock:
            return self._save_as(path)

    def _save_as(self, path: Path) -> SaveResult:
        from .storage import locking

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
            self.outside_change = None  # theirs stays in the old file; this one is ours
        self.path = path
        self.saved_revision = max(self.saved_revision, revision)
        self.known = result.fingerprint
        return result

    # ------------------------------------------------------------ outside edits
    def _refuse_outside_change(self, revision: int, text: str) -> SaveResult | None:
        """Before replacing `path` (holding `_lock`): None when it may be written.

        The file is read and compared with `known`. Changed bytes are an
        outside edit: their version goes to the backups (reason `outside`),
        ours too (reason `mine`), and the save is refused with a result that
        says so. A missing file (or folder) is not an outside edit: it is
        recreated, and the session lock with it (see `locking.SessionLock.renew`).
        """
        from .storage import backups, outside

        if self.outside_change is None and self.known is not None:
            try:
                found = outside.read(self.path)
            except OSError:
                found = None  # unreadable: the write says why
            if found is not None:
                raw, theirs = found
                if self.known.same_bytes(theirs):
                    self.known = theirs  # same bytes (a touch): no alarm
                else:
                    change = outside.OutsideChange(self.path, theirs)
                    try:
                        change.backup = backups.keep_bytes(self.path, outside.OUTSIDE, raw)
                    except OSError:
                        pass  # the message says it is not in the backups
                    self.outside_change = change
        if self.outside_change is None:
            return self._relock(revision)
        change = self.outside_change
        try:
            change.mine_backup = backups.keep_bytes(
                self.path, outside.MINE, text.encode("utf-8", "surrogateescape")
            )
        except (OSError, UnicodeError):
            pass
        kept = f"kept in {change.backup}" if change.backup else "NOT in the backups (can't write there)"
        mine = f"; your version is kept in {change.mine_backup}" if change.mine_backup else ""
        self.last_error = f"{change.describe()}; not overwritten (their version is {kept}{mine})"
        return SaveResult(False, revision, self.path, self.last_error, outside=change)

    def _relock(self, revision: int) -> SaveResult | None:
        """Recreate the folder and the lock file if they were deleted (holding `_lock`)."""
        if self.session_lock is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            holder = self.session_lock.renew()
        except OSError:
            return None  # the write says what is wrong with the folder
        if holder is None:
            return None
        self.session_lock = None
        self.read_only = True
        self.holder = holder
        self.last_error = (
            f"{self.path}: not saved: it was deleted, and is now open in "
            f"{holder.describe()}; save a copy with “Save session as…”"
        )
        return SaveResult(False, revision, self.path, self.last_error)

    def keep_mine(self) -> None:
        """Let the next save overwrite the outside change (their version stays in the backups).

        If the file changes yet again before that save, it is a new outside change.
        """
        with self._lock:
            change, self.outside_change = self.outside_change, None
            if change is not None:
                self.known = change.theirs

    def reload_theirs(self) -> Path | None:
        """Replace the session with the file on disk; keep this window's version in the backups first.

        Call on the thread that edits the session. The current step is kept
        when the file's template has it.

        Returns:
            The backup holding this window's version (None when it could not be written).

        Raises:
            FileProblem: the file can't be read or is not a valid session
                (nothing changed; their bytes are still in the backups).
        """
        from .storage import backups, outside

        raw = tomlio.read_bytes(self.path)
        fresh = store.loads(tomlio.decode(raw, self.path), self.path)
        _revision, data = self.snapshot()
        try:
            mine = backups.keep_bytes(
                self.path, outside.MINE, store.dumps_data(data).encode("utf-8", "surrogateescape")
            )
        except (OSError, UnicodeError):
            mine = None
        with self._lock:
            here = self.session.current_step
            revision = self.session.revision + 1
            if fresh.template_id != self.session.template_id:
                try:
                    self.template = content.resolve(fresh.template_id)
                    self.template_missing = False
                except LookupError:
                    self.template = content.resolve(None)
                    self.template_missing = True
            for name in fresh.__dataclass_fields__:
                if name != "revision":
                    setattr(self.session, name, getattr(fresh, name))
            if self.template.step(here) is not None:
                self.session.current_step = here
            elif self.template.step(self.session.current_step) is None and self.template.steps:
                self.session.current_step = self.template.steps[0].id
            self.session.revision = revision
            self.saved_revision = revision
            self.dispatcher.forget()  # their version: old undo steps don't fit
            self.known = outside.Fingerprint.of(raw, outside.mtime_ns(self.path))
            self.outside_change = None
            self.last_error = ""
        return mine

    def keep_both(self) -> SaveResult:
        """Save this window's version as a new session beside the file and go on editing it.

        The copy gets a new id and " (my copy)" after its title; the file on
        disk (their version) is left as it is, and this window's lock on it
        is released. Call on the thread that edits the session.
        """
        from .model.base import new_id
        from .storage import listing

        old_title, old_id = self.session.title, self.session.id
        target = listing.unique_path(self.path.parent, f"{self.path.stem}-my-copy")
        self.session.title = f"{old_title} (my copy)"
        self.session.id = new_id()
        self.session.revision += 1
        result = self.save_as(target)
        if not result.ok:
            self.session.title, self.session.id = old_title, old_id
            return result
        self.outside_change = None
        return result


def _sweep_temp_files(path: Path) -> None:
    """Delete temp files a killed save left beside `path` (only call while holding its lock)."""
    from glob import escape as glob_escape

    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def _mtime_ns(path: Path) -> int:
    """A file's modification time in ns, 0 when unknown (as `storage.outside.mtime_ns`, without importing it)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


__all__ = ["FileProblem", "OpenDocument", "SaveResult"]
