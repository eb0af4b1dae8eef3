"""Provides OpenDocument: a loaded session with its template, file and save state."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import content, store
from .model.session import Session
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
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, path: Path | str) -> "OpenDocument":
        """Load a session file and its template.

        Raises:
            FileProblem: the file can't be read or is invalid (it is not touched).
        """
        path = Path(path)
        session = store.load(path)
        try:
            template = content.resolve(session.template_id)
            missing = False
        except LookupError:
            template = content.resolve(None)
            missing = True
        if template.step(session.current_step) is None and template.steps:
            session.current_step = template.steps[0].id
        doc = cls(session=session, path=path, template=template, template_missing=missing)
        doc.saved_revision = session.revision
        return doc

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
        with self._lock:
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
        """Write to a new file and continue editing there."""
        revision, data = self.snapshot()
        result = self.write(revision, data, path)
        if result.ok:
            self.path = Path(path)
            self.saved_revision = revision
        return result


__all__ = ["FileProblem", "OpenDocument", "SaveResult"]
