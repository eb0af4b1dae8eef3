"""Tests that `workshop open` hands the app the session it opened (parsed once) and releases it."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop import cli
from workshop.cli import commands
from workshop.cli.base import CliError
from workshop.document import OpenDocument
from workshop.storage import locking


def test_open_hands_the_opened_document_to_the_app_and_releases_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sessions"
    assert cli.main(["--sessions-dir", str(folder), "new", "Pocket Planner", "--no-open"]) == 0
    path = Path(capsys.readouterr().out.strip())
    seen: list[OpenDocument] = []

    def fake_run_app(**kwargs: object) -> int:
        document = kwargs["document"]
        assert isinstance(document, OpenDocument)
        assert kwargs["session_path"] == path == document.path
        assert document.session.title == "Pocket Planner"
        # The lock (and backup) wait for the app's first frame: `settle()` takes them.
        assert document.session_lock is None and not locking.holder_path(path).exists()
        document.settle()
        assert document.session_lock is not None and document.session_lock.held
        seen.append(document)
        return 0

    monkeypatch.setattr(commands, "_run_app", fake_run_app)
    assert cli.main(["--sessions-dir", str(folder), "open", "pocket-planner"]) == 0
    assert len(seen) == 1
    assert seen[0].session_lock is None
    assert not locking.holder_path(path).exists()


def test_open_releases_the_lock_when_the_app_fails_to_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sessions"
    assert cli.main(["--sessions-dir", str(folder), "new", "Idea", "--no-open"]) == 0
    path = Path(capsys.readouterr().out.strip())

    def broken_run_app(**kwargs: object) -> int:
        raise CliError("the terminal interface is not available")

    monkeypatch.setattr(commands, "_run_app", broken_run_app)
    assert cli.main(["--sessions-dir", str(folder), "open", "idea"]) == 1
    assert "not available" in capsys.readouterr().err
    assert not locking.holder_path(path).exists()
