"""Tests that a sessions folder kept in git shows nothing but session files to `git status`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from workshop import store
from workshop.document import OpenDocument
from workshop.storage import backups, listing, locking

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _untracked(folder: Path) -> list[str]:
    result = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--ignored=no"],
        cwd=folder, capture_output=True, text=True, check=True,
    )
    return sorted(line[3:] for line in result.stdout.splitlines())


def test_git_status_shows_only_session_files(make_session, folder):
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    kept = make_session("Kept idea")
    doomed = make_session("Doomed idea")
    doc = OpenDocument.open(kept)  # an `open` backup and the lock
    try:
        assert locking.lock_path(kept).exists()
        doc.session.set_answer("customer-today", "today", "edited")
        assert doc.save_now().ok  # an `edit` backup
        backups.take(kept, "restore", data=b"older bytes")
        store.list_sessions(folder)  # the list cache
        store.move_to_trash(doomed)  # what the home screen's delete does
        assert (folder / ".backups").is_dir() and (folder / ".trash").is_dir()
        assert _untracked(folder) == ["kept-idea.toml"]
    finally:
        doc.close()
    assert _untracked(folder) == ["kept-idea.toml"]
    assert listing.session_files(folder) == [kept]  # helper folders are never listed


def test_helper_folders_carry_their_own_gitignore(make_session, folder):
    path = make_session()
    backups.take(path, "edit", data=b"x")
    trashed = store.move_to_trash(path)
    for helper in (folder / ".backups", trashed.parent):
        assert (helper / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_users_own_gitignore_in_a_helper_folder_is_left_alone(make_session, folder):
    path = make_session()
    (folder / ".backups").mkdir()
    (folder / ".backups" / ".gitignore").write_text("# mine\n", encoding="utf-8")
    backups.take(path, "edit", data=b"x")
    assert (folder / ".backups" / ".gitignore").read_text(encoding="utf-8") == "# mine\n"
