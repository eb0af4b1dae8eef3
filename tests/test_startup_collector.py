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



_LAUNCH = """\
import gc, sys
during_import = []
started = []

def record(phase, info):
    if phase == "stop" and started:
        cli = sys.modules.get("workshop.cli")
        during_import.append(cli is None or not hasattr(cli, "main"))

gc.callbacks.append(record)
from workshop import launch
sys.argv = ["workshop", "--sessions-dir", sys.argv[1], "list"]
started.append(True)
status = launch.main()
print(status, sum(during_import), gc.isenabled())
"""


def test_the_entry_point_holds_it_while_the_command_line_loads(tmp_path: Path) -> None:
    """No collection runs while `workshop` imports its command line (~20 ran before: ~2.5 ms)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _LAUNCH, str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    status, collections_while_loading, on_after = done.stdout.split()[-3:]
    assert (status, collections_while_loading, on_after) == ("0", "0", "True")


def test_from_the_entry_point_a_plain_command_runs_with_it_on_and_open_without(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop import launch
    from workshop.cli import parser

    seen: dict[str, bool] = {}
    real_list = commands.cmd_list

    def watched_list(args: object) -> int:
        seen["list"] = gc.isenabled()
        return real_list(args)

    def fake_run_app(**kwargs: object) -> int:
        seen["app"] = gc.isenabled()
        return 0

    monkeypatch.setattr(parser, "cmd_list", watched_list)
    monkeypatch.setattr(commands, "_run_app", fake_run_app)
    folder = str(tmp_path / "sessions")
    monkeypatch.setattr("sys.argv", ["workshop", "--sessions-dir", folder, "list"])
    assert launch.main() == 0
    assert seen == {"list": True} and gc.isenabled()
    assert cli.main(["--sessions-dir", folder, "new", "Pocket Planner", "--no-open"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.argv", ["workshop", "--sessions-dir", folder, "open", "pocket-planner"])
    assert launch.main() == 0
    assert seen == {"list": True, "app": False} and gc.isenabled()
