"""Tests of the team-mode commands: `workshop host`, `workshop link`, `workshop join` (no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workshop import content, store
from workshop.cli import host as host_cli
from workshop.cli.host import bind_warning, is_loopback

Run = tuple[int, str, str]


@pytest.fixture
def session(sessions_dir: Path) -> Path:
    _, path = store.create("Team demo", content.resolve(None), sessions_dir)
    return path


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record how the TUI would have been started instead of starting it."""
    calls: list[dict[str, Any]] = []

    def fake_run(**kwargs: Any) -> int:
        calls.append(kwargs)
        return 0

    import workshop.app

    monkeypatch.setattr(workshop.app, "run", fake_run)
    return calls


def test_loopback_addresses_need_no_warning() -> None:
    for address in ("127.0.0.1", "127.0.0.2", "::1", "localhost", "[::1]"):
        assert is_loopback(address) and bind_warning(address) is None
    for address in ("0.0.0.0", "192.168.1.20", "::", "my-laptop.local"):
        assert not is_loopback(address)
        assert "anyone on that network who has the join link can join" in (bind_warning(address) or "")


def test_host_opens_the_session_like_open_with_a_team_server(run, session: Path, started) -> None:
    code, out, err = run("host", "Team demo", "--port", "8123")
    assert code == 0, err
    assert err == ""  # loopback: no warning
    (call,) = started
    assert call["session_path"] == session and call["document"].path == session
    app = call["make_app"](call["sessions_dir"], call["session_path"], document=call["document"])
    from workshop.host_app import HostApp

    assert isinstance(app, HostApp)
    assert (app.team_options.bind, app.team_options.port) == ("127.0.0.1", 8123)


def test_host_on_a_network_address_warns(run, session: Path, started) -> None:
    code, _, err = run("host", "Team demo", "--bind", "0.0.0.0")
    assert code == 0
    assert "warning: serving on every network" in err and "join link can join" in err


def test_host_refuses_a_bad_port(run, session: Path, started) -> None:
    code, _, err = run("host", "Team demo", "--port", "70000")
    assert code == 2 and "70000 is not a port number" in err
    assert started == []


def test_host_of_a_missing_session_says_so(run, sessions_dir: Path, started) -> None:
    code, _, err = run("host", "No such thing")
    assert code == 1 and "No such thing" in err
    assert started == []


def test_link_without_a_running_host_exits_1_clearly(run, session: Path, monkeypatch) -> None:
    from workshop.team import host as team_host

    monkeypatch.setattr(team_host, "running_link", lambda path: None)
    code, out, err = run("link", "Team demo")
    assert code == 1 and out == ""
    assert "no host is serving" in err and "workshop host" in err


def test_link_prints_the_link_on_one_line(run, session: Path, monkeypatch) -> None:
    from workshop.team import host as team_host

    seen: list[Path] = []
    monkeypatch.setattr(team_host, "running_link", lambda path: seen.append(path) or "http://127.0.0.1:9/?t=x")
    code, out, err = run("link", "Team demo")
    assert code == 0, err
    assert out == "http://127.0.0.1:9/?t=x\n" and seen == [session]


@pytest.mark.parametrize(
    ("url", "problem"),
    [("not a link", "is not a join link"), ("ftp://host/?t=1", "is not a join link"),
     ("http://127.0.0.1:8123/", "has no token")],
)
def test_join_refuses_what_is_not_a_join_link(run, url: str, problem: str, monkeypatch) -> None:
    import workshop.participant

    monkeypatch.setattr(workshop.participant, "run_participant", lambda url, name: pytest.fail("started"))
    code, _, err = run("join", url)
    assert code == 2 and problem in err


def test_join_cleans_the_name_and_refuses_an_empty_one(run, monkeypatch) -> None:
    import workshop.participant

    calls: list[tuple[str, str | None]] = []
    monkeypatch.setattr(workshop.participant, "run_participant", lambda url, name: calls.append((url, name)) or 0)
    url = "http://127.0.0.1:8123/?t=abc"
    assert run("join", url, "--name", " Ana\x1b ")[0] == 0
    assert run("join", url)[0] == 0
    code, _, err = run("join", url, "--name", "\x07")
    assert code == 2 and "needs a name" in err
    assert calls == [(url, "Ana"), (url, None)]


def test_the_commands_are_listed_with_session_completion(run) -> None:
    from workshop.cli import completion

    code, out, _ = run("--help")
    assert code == 0 and all(name in out for name in ("host", "link", "join"))
    assert {"host", "link"} <= set(completion.SESSION_COMMANDS)
    assert host_cli.DEFAULT_BIND == "127.0.0.1"


def test_host_refuses_a_session_open_in_another_window(run, session: Path, started) -> None:
    import os
    import subprocess
    import sys

    src = Path(__file__).resolve().parents[1] / "src"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]))
    holder = subprocess.Popen(  # another window: holds the session's lock
        [sys.executable, "-c", "import sys, time; from workshop.document import OpenDocument; "
         "d = OpenDocument.open(sys.argv[1]); print('ready', flush=True); time.sleep(60)", str(session)],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        code, _, err = run("host", "Team demo")
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and "open in another window" in err and "workshop host" in err
    assert started == []


def test_host_serves_again_on_the_port_of_a_host_that_crashed(run, session: Path, started) -> None:
    import json

    from workshop.team import registry

    code, _, _ = run("host", "Team demo")
    assert code == 0 and started[-1]["make_app"].keywords["team"].port == 0  # nothing to go back to
    folder = registry.state_dir_for(registry.session_id_of(session), session)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / registry.LINK_FILE).write_text(json.dumps({"url": "http://127.0.0.1:45678/?t=x", "pid": 999999}))
    code, _, _ = run("host", "Team demo")
    options = started[-1]["make_app"].keywords["team"]
    assert code == 0 and (options.port, options.any_port) == (45678, True)
    code, _, _ = run("host", "Team demo", "--port", "8123")
    options = started[-1]["make_app"].keywords["team"]
    assert (options.port, options.any_port) == (8123, False)
