"""Tests one session in two windows: locks, read-only second window, take over, stale locks."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest

from workshop import store
from workshop.document import OpenDocument
from workshop.storage import atomic, listing, locking, paths

from .helpers import snapshot, wait_until


def test_lock_file_lives_in_the_runtime_folder_not_beside_the_session(make_session):
    path = make_session()
    before = sorted(p.name for p in path.parent.iterdir())
    lock = locking.acquire(path)
    try:
        where = locking.lock_path(path)
        assert where.parent == Path(os.environ["XDG_RUNTIME_DIR"]) / "workshop" / "locks"
        assert where.name.startswith(f"{path.stem}-") and where.name.endswith(".lock")
        assert where.exists() and locking.holder_path(path).exists()
        assert sorted(p.name for p in path.parent.iterdir()) == before  # nothing beside it
        assert (where.parent.stat().st_mode & 0o777) == 0o700
        holder = locking.read_holder(path)
        assert holder.pid == os.getpid()
        assert holder.host == socket.gethostname()
        assert holder.since is not None
    finally:
        lock.release()
    assert not locking.holder_path(path).exists()
    # Lock files never show up as sessions.
    assert listing.session_files(path.parent) == [path]


def test_without_a_runtime_folder_locks_live_in_the_state_folder(make_session, monkeypatch):
    path = make_session()
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert locking.locks_dir() == Path(paths.user_dirs().user_state_dir) / "locks"
    monkeypatch.setenv("XDG_RUNTIME_DIR", "relative/run")  # not absolute: not trusted
    assert locking.locks_dir() == Path(paths.user_dirs().user_state_dir) / "locks"
    with locking.acquire(path):
        assert locking.lock_path(path).parent == locking.locks_dir()
        assert locking.lock_path(path).exists()


def test_a_link_and_a_relative_path_name_the_same_lock(make_session, tmp_path, monkeypatch):
    path = make_session()
    link = tmp_path / "elsewhere.toml"
    link.symlink_to(path)
    monkeypatch.chdir(path.parent)
    relative = Path(path.name)
    assert locking.lock_path(link) == locking.lock_path(relative) == locking.lock_path(path)
    assert locking.lock_path(path) != locking.lock_path(path.with_name("other.toml"))


def test_an_old_lock_file_beside_the_session_is_ignored(make_session, other_window):
    """Versions up to 0.1.0 locked `.NAME.toml.lock` beside the session: not any more."""
    from filelock import FileLock

    path = make_session()
    old = FileLock(path.with_name(f".{path.name}.lock"), timeout=0)
    old.acquire()  # held by an old version: it neither blocks nor is created by us
    try:
        with locking.acquire(path):
            pass
    finally:
        old.release()
    path.with_name(f".{path.name}.lock").unlink(missing_ok=True)
    window = other_window(path)
    assert not path.with_name(f".{path.name}.lock").exists()
    assert locking.is_locked_elsewhere(path)
    window.close()


def test_second_process_is_told_who_holds_the_session(make_session, other_window):
    path = make_session()
    window = other_window(path)
    with pytest.raises(locking.LockHeld) as caught:
        locking.acquire(path)
    assert caught.value.holder.pid == window.process.pid
    assert f"process {window.process.pid}" in str(caught.value)
    assert str(caught.value).startswith(f"{path}: is open in another workshop window (")
    assert locking.is_locked_elsewhere(path)


def test_a_lock_held_by_this_process_is_shared_not_refused(make_session):
    path = make_session()
    first = locking.acquire(path)
    second = locking.acquire(path)
    assert not locking.is_locked_elsewhere(path)
    first.release()
    first.release()  # twice is harmless
    assert second.held
    # Still held for other processes while `second` holds it.
    assert locking.read_holder(path).pid == os.getpid()
    second.release()
    assert not locking.holder_path(path).exists()


def test_lock_of_a_killed_process_is_recovered_automatically(make_session, other_window):
    path = make_session()
    window = other_window(path)
    assert locking.is_locked_elsewhere(path)
    window.kill()  # SIGKILL: no cleanup ran, the holder file is still there
    assert locking.holder_path(path).exists()
    lock = locking.acquire(path)  # no waiting, no manual unlocking
    try:
        assert locking.read_holder(path).pid == os.getpid()
    finally:
        lock.release()


def test_second_window_opens_read_only_and_never_saves(make_session, other_window):
    path = make_session(**{"customer-today__today": "They use spreadsheets."})
    window = other_window(path)
    before = snapshot(path)
    doc = OpenDocument.open(path)
    assert doc.read_only
    assert doc.holder is not None and doc.holder.pid == window.process.pid
    doc.session.set_answer("customer-today", "today", "typed in the read-only window")
    result = doc.save_now()
    assert not result.ok
    assert "is open in another workshop window" in result.error
    assert "take over" in result.error and "Save session as" in result.error
    assert snapshot(path) == before
    # Nothing it could do writes the file: not even closing.
    doc.close()
    assert snapshot(path) == before


def test_take_over_only_after_the_first_window_closes(make_session, other_window):
    path = make_session(**{"customer-today__today": "old words"})
    window = other_window(path)
    doc = OpenDocument.open(path)
    doc.session.go_to("problem-statement")
    holder = doc.take_over()
    assert holder is not None and holder.pid == window.process.pid
    assert doc.read_only

    # Meanwhile the first window saves newer words, then closes.
    session = store.load(path)
    session.set_answer("customer-today", "today", "newer words from the first window")
    store.save(session, path)
    window.close()

    assert doc.take_over() is None
    assert not doc.read_only and doc.holder is None
    assert doc.session.get_text("customer-today", "today") == "newer words from the first window"
    assert doc.session.current_step == "problem-statement"  # this window's place is kept
    assert not doc.dirty
    doc.session.set_answer("customer-today", "today", "now I edit")
    assert doc.save_now().ok
    assert store.load(path).get_text("customer-today", "today") == "now I edit"
    assert locking.read_holder(path).pid == os.getpid()
    doc.close()


def test_take_over_after_the_first_window_was_killed(make_session, other_window):
    path = make_session()
    window = other_window(path)
    doc = OpenDocument.open(path)
    assert doc.read_only
    window.kill()
    assert doc.take_over() is None
    assert doc.save_now().ok
    doc.close()


def test_read_only_window_can_save_a_copy_elsewhere(make_session, other_window, folder):
    path = make_session()
    other_window(path)
    doc = OpenDocument.open(path)
    doc.session.set_answer("customer-today", "today", "my own copy")
    copy = folder / "my-copy.toml"
    result = doc.save_as(copy)
    assert result.ok, result.error
    assert not doc.read_only and doc.path == copy
    assert store.load(copy).get_text("customer-today", "today") == "my own copy"
    assert locking.is_locked_elsewhere(copy) is False
    assert locking.read_holder(copy).pid == os.getpid()
    doc.close()


def test_save_as_refuses_a_file_open_in_another_window(make_session, other_window):
    path = make_session("first")
    other = make_session("second")
    other_window(other)
    doc = OpenDocument.open(path)
    before = snapshot(other)
    result = doc.save_as(other)
    assert not result.ok
    assert result.error.startswith(f"{other}: is open in another workshop window")
    assert snapshot(other) == before
    assert doc.path == path
    doc.close()


def test_close_lets_another_process_edit(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    assert not doc.read_only
    # Another process can't lock it now…
    probe = (
        "import sys; from workshop.storage import locking; "
        "print(locking.is_locked_elsewhere(sys.argv[1]))"
    )
    import subprocess
    import sys

    def elsewhere() -> str:
        return subprocess.run(
            [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert elsewhere() == "True"
    doc.close()
    assert elsewhere() == "False"


def test_unlockable_folder_still_opens_with_a_warning(make_session, monkeypatch):
    path = make_session()

    def refuse(session_path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(locking, "try_acquire", refuse)
    doc = OpenDocument.open(path)
    assert not doc.read_only
    assert any("can't create its lock file in " in w and "(Permission denied)" in w for w in doc.warnings)


def test_open_without_lock_for_a_quick_look(make_session, other_window):
    path = make_session()
    doc = OpenDocument.open(path, lock=False)
    assert doc.session_lock is None and not doc.read_only
    window = other_window(path)  # nothing held it
    assert wait_until(lambda: locking.is_locked_elsewhere(path))
    window.close()


def test_symlinked_session_locks_and_saves_its_target(make_session, tmp_path):
    path = make_session()
    link = tmp_path / "link.toml"
    link.symlink_to(path)
    doc = OpenDocument.open(link)
    assert doc.path == path.resolve()
    doc.session.set_answer("customer-today", "today", "through the link")
    assert doc.save_now().ok
    assert link.is_symlink()  # the link still points at the real file
    assert store.load(path).get_text("customer-today", "today") == "through the link"
    doc.close()


def test_holder_description_is_friendly():
    assert locking.Holder().describe() == "another workshop window"
    here = locking.Holder(pid=42, host=socket.gethostname())
    assert here.describe() == "another workshop window (process 42)"
    there = locking.Holder(pid=42, host="elsewhere-host")
    assert there.describe() == "another workshop window (process 42 on elsewhere-host)"


def test_garbled_holder_file_gives_an_unknown_holder(make_session):
    path = make_session()
    locking.holder_path(path).parent.mkdir(parents=True, exist_ok=True)
    locking.holder_path(path).write_bytes(b"\x00\xff not toml")
    assert locking.read_holder(path) == locking.Holder()
    Path(locking.holder_path(path)).write_text('pid = "x"\nhost = 3\n')
    assert locking.read_holder(path) == locking.Holder()


def test_a_session_open_in_another_window_is_not_moved_to_the_trash(make_session, other_window):
    path = make_session()
    window = other_window(path)
    before = snapshot(path)
    with pytest.raises(atomic.SaveError) as caught:
        store.move_to_trash(path)
    message = str(caught.value)
    assert message.startswith(f"is open in another workshop window (process {window.process.pid}, since ")
    assert message.endswith("); close it there, then delete it")
    assert snapshot(path) == before
    window.close()
    target = store.move_to_trash(path)
    assert target.exists() and not path.exists()


def test_a_document_opened_for_later_locks_and_backs_up_when_it_settles(make_session):
    """`open(..., later=True)` leaves lock and backup to `settle()`; a write settles first."""
    from workshop.storage import backups

    path = make_session()
    document = OpenDocument.open(path, later=True)
    assert document.session_lock is None and not locking.holder_path(path).exists()
    assert backups.list_backups(path) == []
    document.session.set_answer("customer-who", "segment", "Nurses")
    assert document.save_now().ok  # the write took the backup and the lock first
    assert document.session_lock is not None and document.session_lock.held
    assert len(backups.list_backups(path)) == 1
    document.settle()  # safe again: nothing more is taken
    assert len(backups.list_backups(path)) == 1
    document.close()
    assert not locking.holder_path(path).exists()


def test_a_document_settled_while_another_window_has_it_turns_read_only(
    make_session, other_window
):
    path = make_session()
    other_window(path)
    document = OpenDocument.open(path, later=True)
    assert not document.read_only  # not known until it settles
    document.settle()
    assert document.read_only and document.holder is not None
    document.session.set_answer("customer-who", "segment", "Nurses")
    assert not document.save_now().ok
    assert "Nurses" not in path.read_text(encoding="utf-8")
    document.close()
