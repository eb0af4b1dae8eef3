"""Tests saving when the environment fails: read-only folder, disk full, folder deleted, locked rename.

Each case: a clear message naming the file and the reason, the words kept in
memory (the document stays dirty), the old file intact, no temp files left,
a retry that works once the cause is gone, and "save as" elsewhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from workshop import store
from workshop.document import OpenDocument

from .helpers import snapshot

WORDS = "Every word typed here must survive."


@pytest.fixture
def doc(make_session):
    document = OpenDocument.open(make_session(**{"customer-today__today": "saved before"}))
    document.session.set_answer("customer-today", "today", WORDS)
    document.session.add_faq("What if the disk is full?", "internal", answer="We keep it in memory.")
    yield document
    document.close()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _assert_failed_safely(doc, result, before, message):
    assert not result.ok
    assert result.error == message
    assert doc.last_error == message
    assert doc.dirty, "the unsaved words must still count as unsaved"
    assert doc.session.get_text("customer-today", "today") == WORDS
    assert snapshot(doc.path) == before
    assert _leftovers(doc.path.parent) == []


def _assert_saved(doc):
    assert not doc.dirty
    assert doc.last_error == ""
    loaded = store.load(doc.path)
    assert loaded.get_text("customer-today", "today") == WORDS
    assert loaded.faq[-1].answer == "We keep it in memory."


def test_read_only_folder(doc, monkeypatch):
    real_mkstemp = tempfile.mkstemp
    broken = {"on": True}

    def mkstemp(*args, **kwargs):
        if broken["on"] and Path(kwargs.get("dir", "")) == doc.path.parent:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    before = snapshot(doc.path)
    result = doc.save_now()
    _assert_failed_safely(doc, result, before, f"can't write in {doc.path.parent}: Permission denied")
    broken["on"] = False  # the user fixed the folder's permissions
    assert doc.save_now().ok
    _assert_saved(doc)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_for_real(doc):
    folder = doc.path.parent
    before = snapshot(doc.path)
    folder.chmod(0o555)
    try:
        result = doc.save_now()
        assert not result.ok and "Permission denied" in result.error
        assert snapshot(doc.path) == before
    finally:
        folder.chmod(0o755)
    assert doc.save_now().ok
    _assert_saved(doc)


def test_disk_full(doc, monkeypatch):
    real_fsync = os.fsync
    full = {"on": True}

    def fsync(fd):
        if full["on"] and not os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    before = snapshot(doc.path)
    result = doc.save_now()
    _assert_failed_safely(doc, result, before, f"can't save {doc.path}: No space left on device")
    full["on"] = False  # space was freed
    assert doc.save_now().ok
    _assert_saved(doc)


def test_disk_full_while_writing(doc, monkeypatch):
    """The write itself fails half-way: the old file is still whole."""
    real_fdopen = os.fdopen

    class Half:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Half(real_fdopen(fd, *a, **k)))
    before = snapshot(doc.path)
    result = doc.save_now()
    _assert_failed_safely(doc, result, before, f"can't save {doc.path}: No space left on device")
    monkeypatch.setattr(os, "fdopen", real_fdopen)
    assert doc.save_now().ok
    _assert_saved(doc)


def test_sessions_folder_deleted_while_editing(doc):
    """Decision: the save recreates the folder, so the words land where the user expects."""
    shutil.rmtree(doc.path.parent)
    assert not doc.path.parent.exists()
    result = doc.save_now()
    assert result.ok, result.error
    _assert_saved(doc)


def test_rename_refused_briefly_then_allowed(doc, monkeypatch):
    """Windows: another program (antivirus, indexer) has the file open for a moment."""
    real_replace = os.replace
    refusals = {"left": 3}

    def replace(src, dst):
        if Path(dst) == doc.path and refusals["left"]:
            refusals["left"] -= 1
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert doc.save_now().ok
    assert refusals["left"] == 0
    _assert_saved(doc)


def test_rename_refused_for_good(doc, monkeypatch):
    real_replace = os.replace
    attempts = []
    blocked = {"on": True}

    def replace(src, dst):
        if blocked["on"] and Path(dst) == doc.path:
            attempts.append(dst)
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    before = snapshot(doc.path)
    result = doc.save_now()
    _assert_failed_safely(doc, result, before, f"can't save {doc.path}: Permission denied")
    assert len(attempts) == 5  # it retried before giving up
    blocked["on"] = False  # the other program let go
    assert doc.save_now().ok
    _assert_saved(doc)


def test_save_as_elsewhere_after_failures(doc, monkeypatch, tmp_path):
    real_replace = os.replace
    original = doc.path

    def replace(src, dst):
        if Path(dst) == original:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert not doc.save_now().ok
    elsewhere = tmp_path / "usb-stick" / "rescued.toml"
    result = doc.save_as(elsewhere)
    assert result.ok, result.error
    assert doc.path == elsewhere
    _assert_saved(doc)
    # Autosave now goes to the new file.
    doc.session.set_answer("customer-today", "today", WORDS + " More.")
    assert doc.save_now().ok
    assert store.load(elsewhere).get_text("customer-today", "today") == WORDS + " More."


def test_save_as_into_an_unwritable_place_keeps_the_document_where_it_was(doc, monkeypatch, tmp_path):
    real_mkstemp = tempfile.mkstemp
    bad = tmp_path / "read-only"

    def mkstemp(*args, **kwargs):
        if Path(kwargs.get("dir", "")) == bad:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    original = doc.path
    result = doc.save_as(bad / "copy.toml")
    assert not result.ok
    assert result.error == f"can't write in {bad}: Permission denied"
    assert doc.path == original and doc.dirty
    assert doc.save_now().ok
    _assert_saved(doc)


def test_text_that_utf8_cannot_store_is_a_clear_error(doc):
    before = snapshot(doc.path)
    doc.session.set_answer("customer-today", "notes", "lone surrogate \ud800 here")
    result = doc.save_now()
    assert not result.ok
    assert result.error.startswith(f"can't save {doc.path}: the text holds a character UTF-8 can't store")
    assert snapshot(doc.path) == before


def test_temp_files_left_by_a_killed_save_are_swept_on_open(make_session, other_window):
    path = make_session()
    leftover = path.parent / f".{path.name}.k1ll3d.tmp"
    leftover.write_text("half a save")
    unrelated = path.parent / ".other.toml.abc.tmp"
    unrelated.write_text("someone else's")
    window = other_window(path)
    OpenDocument.open(path).close()  # read-only: another window may be saving right now
    assert leftover.exists()
    window.close()
    doc = OpenDocument.open(path)
    assert not leftover.exists()
    assert unrelated.exists()
    doc.close()
