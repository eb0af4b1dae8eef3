"""Tests `workshop open` (and every command that finds a session) by a unique beginning of a file name or title."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop import cli, content, store
from workshop.cli import commands


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    monkeypatch.setenv("WORKSHOP_SESSIONS_DIR", str(sessions))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    template = content.resolve(None)
    for title in ("Same-day loaner bikes", "Pricing review", "Pricing for students"):
        store.create(title, template, sessions)
    return sessions


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths: list[Path] = []

    def fake_run_app(**kwargs: object) -> int:
        paths.append(Path(str(kwargs["session_path"])))
        return 0

    monkeypatch.setattr(commands, "_run_app", fake_run_app)
    return paths


def test_a_unique_beginning_of_a_file_name_opens_it(folder: Path, opened: list[Path], capsys) -> None:
    assert cli.main(["open", "same-day"]) == 0
    assert opened == [folder / "same-day-loaner-bikes.toml"]


def test_a_unique_beginning_of_a_title_opens_it_whatever_the_case(folder: Path, opened: list[Path]) -> None:
    assert cli.main(["open", "PRICING F"]) == 0
    assert opened == [folder / "pricing-for-students.toml"]


def test_an_ambiguous_beginning_lists_the_candidates_and_exits_1(folder: Path, opened: list[Path], capsys) -> None:
    assert cli.main(["open", "pric"]) == 1
    err = capsys.readouterr().err
    assert opened == []
    assert "'pric' is the beginning of 2 sessions" in err
    assert "pricing-review.toml  (Pricing review)" in err
    assert "pricing-for-students.toml  (Pricing for students)" in err


def test_no_match_still_says_so(folder: Path, opened: list[Path], capsys) -> None:
    assert cli.main(["open", "zebra"]) == 1
    assert "no session 'zebra'" in capsys.readouterr().err
    assert opened == []
