"""Tests rotating backups and `workshop restore REF [BACKUP] [--list]`."""

from __future__ import annotations

import time

import pytest

from workshop import cli, store
from workshop.document import OpenDocument
from workshop.storage import backups, listing

from .helpers import snapshot


def _answer(path, text):
    session = store.load(path)
    session.set_answer("customer-today", "today", text)
    store.save(session, path)


def test_take_keeps_exact_bytes_and_skips_duplicates(make_session):
    path = make_session()
    first = backups.take(path, "open")
    assert first is not None
    assert first.path.parent == path.parent / ".backups" / path.stem
    assert first.path.read_bytes() == path.read_bytes()
    assert backups.take(path, "open") is None  # same bytes: not kept twice
    _answer(path, "changed")
    second = backups.take(path, "edit")
    assert second is not None
    assert [b.path for b in backups.list_backups(path)] == [second.path, first.path]
    assert backups.list_backups(path)[0].reason == "edit"


def test_prunes_to_the_newest_few(make_session, monkeypatch):
    monkeypatch.setattr(backups, "KEEP", 3)
    path = make_session()
    for number in range(6):
        _answer(path, f"version {number}")
        backups.take(path)
    kept = backups.list_backups(path)
    assert len(kept) == 3
    texts = [store.load(b.path).get_text("customer-today", "today") for b in kept]
    assert texts == ["version 5", "version 4", "version 3"]


def test_backups_are_not_sessions(make_session, folder):
    path = make_session()
    backups.take(path)
    assert listing.session_files(folder) == [path]
    assert [row.path for row in store.list_sessions(folder)] == [path]


def test_before_save_is_rate_limited(make_session, monkeypatch):
    path = make_session()
    assert backups.before_save(path, interval=1000) is not None
    _answer(path, "one")
    assert backups.before_save(path, interval=1000) is None  # too soon
    monkeypatch.setattr(backups, "MIN_INTERVAL", 0.0)
    _answer(path, "two")
    assert backups.before_save(path) is not None


def test_before_save_never_raises(make_session, monkeypatch):
    path = make_session()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "_write_bytes", broken)
    assert backups.before_save(path) is None


def test_opening_keeps_a_backup_and_editing_keeps_more(make_session, monkeypatch):
    monkeypatch.setattr(backups, "MIN_INTERVAL", 0.0)
    path = make_session(**{"customer-today__today": "as opened"})
    original = path.read_bytes()
    doc = OpenDocument.open(path)
    assert backups.list_backups(path)[0].reason == "open"
    assert backups.list_backups(path)[0].path.read_bytes() == original
    doc.session.set_answer("customer-today", "today", "first edit")
    assert doc.save_now().ok
    doc.session.set_answer("customer-today", "today", "second edit")
    assert doc.save_now().ok
    kept = backups.list_backups(path)
    # The version before the second save ("first edit") is kept.
    assert store.load(kept[0].path).get_text("customer-today", "today") == "first edit"
    doc.close()


def test_a_backup_that_cannot_be_written_does_not_stop_open_or_save(make_session, monkeypatch):
    path = make_session()

    def broken(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(backups, "_write_bytes", broken)
    doc = OpenDocument.open(path)
    doc.session.set_answer("customer-today", "today", "still saved")
    assert doc.save_now().ok
    assert store.load(path).get_text("customer-today", "today") == "still saved"
    doc.close()


# ------------------------------------------------------------------ restore
def _versions(path, *texts):
    for text in texts:
        _answer(path, text)
        backups.take(path)
        time.sleep(0.001)


def test_restore_list(make_session, capsys):
    path = make_session("Listed idea")
    _versions(path, "alpha", "beta")
    assert cli.main(["restore", path.stem, "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Backups of {path} (newest first), in {path.parent / '.backups' / path.stem}:"
    assert out[1].startswith("  1  ")
    assert "'Listed idea', 1/" in out[1] and " steps, 0 FAQ, 1 word" in out[1]
    assert out[1].endswith("(same as the current file)")
    assert out[2].startswith("  2  ") and "(same as the current file)" not in out[2]
    assert out[-1] == f"Restore one with: workshop restore {path.stem} NUMBER"


def test_restore_brings_back_the_newest_different_version(make_session, capsys):
    path = make_session()
    _versions(path, "alpha", "beta")  # the newest backup equals the file
    before = path.read_bytes()
    assert cli.main(["restore", path.stem]) == 0
    assert store.load(path).get_text("customer-today", "today") == "alpha"
    out = capsys.readouterr().out
    assert f"Restored {path} from the backup of " in out
    assert f"undo with `workshop restore {path.stem} 1`" in out
    # Nothing was lost: the replaced version is a backup too; undo works.
    assert any(b.path.read_bytes() == before for b in backups.list_backups(path))
    assert cli.main(["restore", path.stem, "1"]) == 0
    assert path.read_bytes() == before


def test_restore_by_number_and_by_name(make_session):
    path = make_session()
    _versions(path, "one", "two", "three")
    found = backups.list_backups(path)
    assert cli.main(["restore", str(path), "3"]) == 0
    assert store.load(path).get_text("customer-today", "today") == "one"
    assert cli.main(["restore", str(path), found[1].path.name]) == 0
    assert store.load(path).get_text("customer-today", "today") == "two"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["9"], "{path}: no backup number 9; there are 2 (see `workshop restore {stem} --list`)"),
        (["nope.toml"], "{path}: no backup called 'nope.toml' (see `workshop restore {stem} --list`)"),
    ],
)
def test_restore_unknown_backup(make_session, capsys, args, message):
    path = make_session()
    _versions(path, "one", "two")
    before = snapshot(path)
    assert cli.main(["restore", path.stem, *args]) == 1
    expected = message.format(path=path, stem=path.stem)
    assert capsys.readouterr().err == f"workshop: error: {expected}\n"
    assert snapshot(path) == before


def test_restore_without_backups(make_session, capsys):
    path = make_session()
    assert cli.main(["restore", path.stem, "--list"]) == 0
    assert capsys.readouterr().out.startswith(f"No backups of {path} yet.")
    assert cli.main(["restore", path.stem]) == 1
    assert capsys.readouterr().err == (
        f"workshop: error: {path}: no backups yet (they are taken when a session is opened "
        "and every few minutes while it is edited)\n"
    )


def test_restore_when_every_backup_equals_the_file(make_session, capsys):
    path = make_session()
    backups.take(path)
    assert cli.main(["restore", path.stem]) == 1
    assert "every backup is the same as the current file; nothing to restore" in capsys.readouterr().err


def test_restore_refuses_a_broken_backup(make_session, capsys):
    path = make_session()
    _versions(path, "good")
    bad = backups.backup_dir(path) / "20000101T000000.000000Z-edit.toml"
    bad.write_text('schema_version = 1\ntitle = "cut off\n')
    before = snapshot(path)
    assert cli.main(["restore", path.stem, bad.name]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workshop: error: {bad}:2:")
    assert err.endswith("(this backup can't be restored)\n")
    assert snapshot(path) == before


def test_restore_refuses_while_open_in_another_window(make_session, other_window, capsys):
    path = make_session()
    _versions(path, "one", "two")
    window = other_window(path)
    before = snapshot(path)
    assert cli.main(["restore", path.stem, "2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workshop: error: {path}: is open in another workshop window (process {window.process.pid}")
    assert err.endswith("; close it there, then restore\n")
    assert snapshot(path) == before
    window.close()
    assert cli.main(["restore", path.stem, "2"]) == 0


def test_restore_a_deleted_session_from_its_backups(make_session, capsys):
    path = make_session()
    _versions(path, "precious words")
    path.unlink()
    assert cli.main(["restore", path.stem]) == 0
    assert store.load(path).get_text("customer-today", "today") == "precious words"


def test_restore_a_corrupt_session(make_session):
    path = make_session()
    _versions(path, "precious words")
    path.write_bytes(b"\x00\x01 garbage")
    assert cli.main(["restore", path.stem]) == 0
    assert store.load(path).get_text("customer-today", "today") == "precious words"
    # The garbage itself was kept, in case it mattered.
    assert backups.list_backups(path)[0].path.read_bytes() == b"\x00\x01 garbage"


def test_restore_unknown_session(capsys):
    assert cli.main(["restore", "no-such-session"]) == 1
    assert capsys.readouterr().err.startswith("workshop: error: no session 'no-such-session'")
