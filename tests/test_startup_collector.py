"""Tests of the start-up pause of the garbage collector (workshop.startup, issue 12 §4).

`workshop open`, `new` and the home screen hold cyclic collections off from
before the session is read until the app's first frame; whatever happens
(the app fails to start, a command raises), the collector is on again once
the command returns, and a collector someone else turned off stays off.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from workshop import cli, startup
from workshop.cli import commands


@pytest.fixture(autouse=True)
def _collector_on():
    """Every test starts with the collector on, and leaves it on."""
    was = gc.isenabled()
    gc.enable()
    yield
    assert gc.isenabled(), "a test left the garbage collector off"
    if not was:
        gc.disable()


def test_paused_inside_the_block_and_back_on_after() -> None:
    with startup.collector_paused():
        assert not gc.isenabled() and startup.collector_held()
    assert gc.isenabled() and not startup.collector_held()


def test_back_on_after_an_exception() -> None:
    with pytest.raises(RuntimeError), startup.collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_resumed_early_and_nested_blocks_leave_it_on() -> None:
    with startup.collector_paused():
        with startup.collector_paused():
            assert not gc.isenabled()
            startup.resume_collector()  # what the app does after its first frame
            assert gc.isenabled()
        assert gc.isenabled()
    assert gc.isenabled()


def test_inner_block_does_not_turn_it_on_early() -> None:
    with startup.collector_paused():
        with startup.collector_paused():
            pass
        assert not gc.isenabled()  # the outer block still holds it
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with startup.collector_paused():
            pass
        startup.resume_collector()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_workshop_open_holds_it_until_the_app_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sessions"
    assert cli.main(["--sessions-dir", str(folder), "new", "Pocket Planner", "--no-open"]) == 0
    capsys.readouterr()
    seen: list[bool] = []

    def fake_run_app(**kwargs: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(commands, "_run_app", fake_run_app)
    assert cli.main(["--sessions-dir", str(folder), "open", "pocket-planner"]) == 0
    assert seen == [False]
    assert gc.isenabled()

    def broken_run_app(**kwargs: object) -> int:
        raise RuntimeError("the app did not start")

    monkeypatch.setattr(commands, "_run_app", broken_run_app)
    with pytest.raises(RuntimeError):
        cli.main(["--sessions-dir", str(folder), "open", "pocket-planner"])
    assert gc.isenabled()


def test_the_home_screen_and_new_hold_it_until_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import workshop.app

    seen: list[bool] = []

    def fake_run(**kwargs: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(workshop.app, "run", fake_run)
    assert cli.main(["--sessions-dir", str(tmp_path)]) == 0
    assert cli.main(["--sessions-dir", str(tmp_path), "new", "Idea"]) == 0
    assert seen == [False, False]
    assert gc.isenabled()
