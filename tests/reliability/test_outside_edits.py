"""Tests that a session file changed outside workshop is never silently overwritten (issue 11 §4)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading

import pytest

from workshop import cli, store
from workshop.document import OpenDocument
from workshop.storage import backups, locking


def _outside_edit(path, old: str, new: str, *, keep_time: bool = True) -> bytes:
    """Change the file as an editor would; with `keep_time`, size and mtime stay the same."""
    stat = path.stat()
    raw = path.read_bytes()
    assert old.encode() in raw
    theirs = raw.replace(old.encode(), new.encode())
    path.write_bytes(theirs)
    if keep_time:
        assert len(theirs) == stat.st_size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert path.stat().st_mtime_ns == stat.st_mtime_ns
    return theirs


def _by_reason(path, reason):
    return [b for b in backups.list_backups(path) if b.reason == reason]


def _type(doc, text):
    doc.session.set_answer("customer-today", "today", text)


def test_outside_edit_is_found_by_content_even_with_equal_size_and_mtime(make_session):
    path = make_session(**{"customer-today__today": "They use spreadsheets."})
    doc = OpenDocument.open(path)
    try:
        _type(doc, "mine: typed in workshop")
        theirs = _outside_edit(path, "Reliable idea", "Reliable IDEA")
        result = doc.save_now()
        assert not result.ok
        assert result.outside is not None and doc.outside_change is result.outside
        assert path.read_bytes() == theirs  # not overwritten
        kept = _by_reason(path, "outside")
        assert [b.path for b in kept] == [result.outside.backup]
        assert kept[0].path.read_bytes() == theirs
        mine = store.load(result.outside.mine_backup)
        assert mine.get_text("customer-today", "today") == "mine: typed in workshop"
        assert "was changed outside workshop (at " in result.error
        assert str(result.outside.backup) in result.error
        # Saves stay paused until the user decides; what is typed meanwhile is kept too.
        _type(doc, "mine: typed later")
        again = doc.save_now()
        assert not again.ok and again.outside is result.outside
        assert path.read_bytes() == theirs
        latest = store.load(result.outside.mine_backup)
        assert latest.get_text("customer-today", "today") == "mine: typed later"
        assert doc.dirty
    finally:
        doc.close()


@pytest.mark.parametrize("settled_first", [True, False], ids=["settled-by-the-app", "settled-by-the-save"])
def test_an_outside_edit_before_the_open_settles_is_found(make_session, settled_first: bool):
    """`workshop open` hashes the bytes it read after its first frame (issue 12 §4): an editor
    that saves between the read and that hash must still be caught, not taken as the known file.

    The app's worker settles the document after the first frame; a save that comes first
    settles it itself. Either way the fingerprint is of the bytes read at open.
    """
    path = make_session(**{"customer-today__today": "They use spreadsheets."})
    doc = OpenDocument.open(path, later=True)  # as the app opens it: nothing hashed yet
    try:
        theirs = _outside_edit(path, "Reliable idea", "Reliable IDEA")
        if settled_first:
            doc.settle()  # the app's worker, after the first frame
        _type(doc, "mine: typed in workshop")
        result = doc.save_now()
        assert not result.ok and result.outside is not None
        assert path.read_bytes() == theirs
    finally:
        doc.close()


def test_an_unsettled_document_saves_when_nothing_changed_outside(make_session):
    path = make_session()
    doc = OpenDocument.open(path, later=True)
    try:
        _type(doc, "typed at once")
        assert doc.save_now().ok
        assert doc.known is not None and doc.known.size == len(path.read_bytes())
        assert store.load(path).get_text("customer-today", "today") == "typed at once"
    finally:
        doc.close()


def test_touch_with_identical_bytes_is_not_an_outside_edit(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        _type(doc, "after a touch")
        result = doc.save_now()
        assert result.ok, result.error
        assert doc.outside_change is None
        assert _by_reason(path, "outside") == []
        assert store.load(path).get_text("customer-today", "today") == "after a touch"
    finally:
        doc.close()


def test_own_saves_are_not_outside_edits(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        for number in range(3):
            _type(doc, f"version {number}")
            assert doc.save_now().ok
        assert store.load(path).get_text("customer-today", "today") == "version 2"
    finally:
        doc.close()


def test_keep_mine_overwrites_and_theirs_stays_in_backups(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        _type(doc, "mine")
        theirs = _outside_edit(path, "Reliable idea", "Their idea", keep_time=False)
        assert not doc.save_now().ok
        doc.keep_mine()
        result = doc.save_now()
        assert result.ok, result.error
        assert store.load(path).get_text("customer-today", "today") == "mine"
        assert _by_reason(path, "outside")[0].path.read_bytes() == theirs
        # A second outside change after "keep mine" is caught again.
        _outside_edit(path, "Reliable idea", "Third idea", keep_time=False)
        _type(doc, "mine again")
        assert doc.save_now().outside is not None
    finally:
        doc.close()


def test_reload_theirs_replaces_the_session_and_keeps_mine_in_backups(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        step = doc.session.current_step
        _type(doc, "mine, typed here")
        theirs = _outside_edit(path, "Reliable idea", "Their idea", keep_time=False)
        assert not doc.save_now().ok
        mine = doc.reload_theirs()
        assert doc.session.title == "Their idea"
        assert doc.session.get_text("customer-today", "today") == ""
        assert doc.session.current_step == step
        assert not doc.dirty and doc.outside_change is None
        assert store.load(mine).get_text("customer-today", "today") == "mine, typed here"
        assert path.read_bytes() == theirs
        _type(doc, "on top of theirs")
        assert doc.save_now().ok  # no false alarm after a reload
        reloaded = store.load(path)
        assert (reloaded.title, reloaded.get_text("customer-today", "today")) == (
            "Their idea",
            "on top of theirs",
        )
    finally:
        doc.close()


def test_reload_of_a_broken_file_changes_nothing(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        _type(doc, "mine")
        path.write_text("title = [broken\n", encoding="utf-8")
        assert not doc.save_now().ok
        try:
            doc.reload_theirs()
        except store.FileProblem as problem:
            assert problem.line == 1
        else:
            raise AssertionError("a broken file must not be loaded")
        assert doc.session.get_text("customer-today", "today") == "mine"
        assert doc.outside_change is not None
        assert _by_reason(path, "outside")[0].path.read_text() == "title = [broken\n"
    finally:
        doc.close()


def test_keep_both_saves_mine_as_a_new_session_and_leaves_theirs(make_session, folder):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        old_id = doc.session.id
        _type(doc, "mine")
        theirs = _outside_edit(path, "Reliable idea", "Their idea", keep_time=False)
        assert not doc.save_now().ok
        result = doc.keep_both()
        assert result.ok, result.error
        copy = folder / f"{path.stem}-my-copy.toml"
        assert result.path == copy == doc.path
        assert path.read_bytes() == theirs
        mine = store.load(copy)
        assert mine.title == "Reliable idea (my copy)"
        assert mine.id != old_id
        assert mine.get_text("customer-today", "today") == "mine"
        assert doc.outside_change is None and not doc.dirty
        _type(doc, "more of mine")
        assert doc.save_now().ok
        assert path.read_bytes() == theirs
        assert store.load(copy).get_text("customer-today", "today") == "more of mine"
        assert not locking.holder_path(path).exists()  # the original is free for others
    finally:
        doc.close()


def test_outside_backups_survive_the_rotation(make_session, monkeypatch):
    monkeypatch.setattr(backups, "KEEP", 3)
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        _type(doc, "mine")
        theirs = _outside_edit(path, "Reliable idea", "Their idea", keep_time=False)
        assert not doc.save_now().ok
        doc.keep_mine()
        for number in range(6):
            _type(doc, f"edit {number}")
            backups.reset_rate_limit()
            assert doc.save_now().ok
        kept = _by_reason(path, "outside")
        assert len(kept) == 1 and kept[0].path.read_bytes() == theirs
        assert len([b for b in backups.list_backups(path) if b.reason == "edit"]) <= 3
    finally:
        doc.close()


def test_restore_list_labels_the_outside_version(make_session, capsys):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        _type(doc, "mine")
        _outside_edit(path, "Reliable idea", "Their idea", keep_time=False)
        assert not doc.save_now().ok
    finally:
        doc.close()
    capsys.readouterr()
    assert cli.main(["restore", path.stem, "--list"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[3]: line for line in out.splitlines() if line[:3].strip().isdigit()}
    outside_line = rows["outside"]
    assert "'Their idea'" in outside_line
    assert "changed outside workshop" in outside_line
    mine_line = rows["mine"]
    assert "your version" in mine_line


def _opens_read_only(path) -> str:
    probe = (
        "import sys; from workshop.document import OpenDocument; "
        "doc = OpenDocument.open(sys.argv[1]); print(doc.read_only)"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_deleted_folder_brings_back_the_file_and_the_lock(make_session, folder):
    path = make_session(**{"customer-today__today": "before"})
    doc = OpenDocument.open(path)
    try:
        assert _opens_read_only(path) == "True"
        shutil.rmtree(folder)
        _type(doc, "typed after the folder was deleted")
        result = doc.save_now()
        assert result.ok, result.error
        assert doc.outside_change is None  # a deleted file is not an outside edit
        assert store.load(path).get_text("customer-today", "today") == (
            "typed after the folder was deleted"
        )
        assert locking.lock_path(path).exists()
        assert locking.read_holder(path).pid == os.getpid()
        assert _opens_read_only(path) == "True"  # a second window can't edit it too
    finally:
        doc.close()
    assert _opens_read_only(path) == "False"


def test_deleted_file_is_recreated_without_alarm(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        path.unlink()
        locking.lock_path(path).unlink()
        _type(doc, "typed after the file was deleted")
        assert doc.save_now().ok
        assert doc.outside_change is None
        assert _opens_read_only(path) == "True"
    finally:
        doc.close()


def test_a_deleted_and_recreated_folder_does_not_free_the_lock(make_session, folder):
    """The lock lives apart from the sessions (locking.locks_dir): deleting the folder keeps it."""
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        shutil.rmtree(folder)
        folder.mkdir()
        probe = "import sys; from workshop.storage import locking; print(locking.is_locked_elsewhere(sys.argv[1]))"
        elsewhere = subprocess.run(
            [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
        )
        assert elsewhere.stdout.strip() == "True"  # another window still can't take it
        _type(doc, "mine")
        assert doc.save_now().ok
        assert not doc.read_only
    finally:
        doc.close()


def test_a_window_that_locked_first_after_the_locks_were_cleaned_keeps_it(
    make_session, folder, other_window
):
    """A cleaned runtime folder (logout, tmpfiles) frees nothing: `renew` notices on save."""
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        shutil.rmtree(folder)
        folder.mkdir()
        shutil.rmtree(locking.locks_dir())
        window = other_window(path)  # another window holds the new lock file now
        _type(doc, "mine")
        result = doc.save_now()
        assert not result.ok
        assert doc.read_only and doc.holder is not None
        assert doc.holder.pid == window.process.pid
        assert not path.exists()
        assert doc.save_as(folder / "elsewhere.toml").ok  # the work can still be kept
    finally:
        doc.close()


def test_save_as_elsewhere_ends_the_pause(make_session, folder):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        _type(doc, "mine")
        theirs = _outside_edit(path, "Reliable idea", "Their idea", keep_time=False)
        assert not doc.save_now().ok
        elsewhere = folder / "elsewhere.toml"
        assert doc.save_as(elsewhere).ok
        assert doc.outside_change is None
        _type(doc, "mine, later")
        assert doc.save_now().ok
        assert store.load(elsewhere).get_text("customer-today", "today") == "mine, later"
        assert path.read_bytes() == theirs
    finally:
        doc.close()


def test_a_file_that_vanished_and_came_back_different_is_an_outside_edit(make_session):
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        raw = path.read_bytes()
        path.unlink()  # e.g. `git checkout` of another branch, then back with other content
        theirs = raw.replace(b"Reliable idea", b"Branch idea")
        path.write_bytes(theirs)
        _type(doc, "mine")
        result = doc.save_now()
        assert result.outside is not None
        assert path.read_bytes() == theirs
    finally:
        doc.close()


def test_an_older_snapshot_never_replaces_a_newer_save(make_session):
    """A save started earlier (a worker's) that writes after a newer one keeps the newer file."""
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        _type(doc, "first")
        older = doc.snapshot()
        _type(doc, "second")
        assert doc.save_now().ok
        assert doc.write(*older).ok  # nothing to do: the file already holds more
        assert store.load(path).get_text("customer-today", "today") == "second"
        assert not doc.dirty
    finally:
        doc.close()


def test_a_save_that_waited_while_save_as_moved_the_session_writes_the_new_file(
    make_session, folder, monkeypatch
):
    """The file saved away from is no longer the session's (its lock is released): a worker's
    save that started before the move must not write it after."""
    path = make_session()
    doc = OpenDocument.open(path)
    try:
        _type(doc, "mine")
        before = path.read_bytes()
        moved = threading.Event()
        real_settle = doc.settle

        def settle_after_the_move() -> None:
            if threading.current_thread().name == "autosave":
                assert moved.wait(10)
            real_settle()

        monkeypatch.setattr(doc, "settle", settle_after_the_move)
        results = []
        worker = threading.Thread(
            target=lambda: results.append(doc.write(*doc.snapshot())), name="autosave"
        )
        worker.start()
        elsewhere = folder / "elsewhere.toml"
        assert doc.save_as(elsewhere).ok
        moved.set()
        worker.join(10)
        assert results and results[0].ok and results[0].path == elsewhere
        assert path.read_bytes() == before
        assert store.load(elsewhere).get_text("customer-today", "today") == "mine"
    finally:
        doc.close()
