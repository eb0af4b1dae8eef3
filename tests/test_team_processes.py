"""Multi-process tests of team mode through the real commands: `workshop host` and several `workshop join`.

Each process runs in its own pseudo-terminal (as a person would run it), on
127.0.0.1 only; keys are written to the terminals, and the results are read
from the session file the host saves. COLUMNS/LINES are removed (pytest sets
them and Textual would obey them in the children).
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from workshop import content, store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(pty, "openpty") or not Path("/proc/self/status").exists(),
                       reason="needs pseudo-terminals and /proc (Linux)"),
]

SRC = Path(__file__).resolve().parents[1] / "src"
KEYS = {"enter": b"\r", "escape": b"\x1b", "alt+s": b"\x1bs", "alt+r": b"\x1br", "alt+v": b"\x1bv",
        "f6": b"\x1b[17~", "alt+right": b"\x1b[1;3C", "ctrl+q": b"\x11"}
"""What a terminal sends for the keys used here."""
WAIT = 60.0
"""Seconds to wait for a result (a loaded 2-core machine)."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if (SRC / "workshop").is_dir():  # the checkout's code first (CI installs the wheel: then it is that)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env["TERM"] = "xterm-256color"
    return env


class Terminal:
    """One command running in a pseudo-terminal of 100x30; what it prints is drained and kept."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop", *args], stdin=slave, stdout=slave, stderr=slave,
            env=_env(), start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key.encode()))
            time.sleep(0.15)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())
        time.sleep(0.2)

    def seen(self, text: str) -> bool:
        return text.encode() in self.output

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        try:
            os.close(self.master)
        except OSError:
            pass


def _until(what: str, condition: Callable[[], bool], terminals: list[Terminal]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        for term in terminals:
            if term.process.poll() is not None:
                tail = bytes(term.output[-2000:]).decode(errors="replace")
                raise AssertionError(f"{term.process.args} ended ({term.process.returncode}) waiting for {what}: {tail}")
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT} s: {what}")
        time.sleep(0.2)


def _rss_kb(pid: int) -> int:
    """A process's resident memory (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def _load(path: Path):
    try:
        return store.load(path)
    except Exception:  # noqa: BLE001 - the host may be writing it
        return None


def test_a_silent_round_and_a_vote_with_three_join_processes(sessions_dir: Path) -> None:
    _, path = store.create("Team demo", content.resolve(None), sessions_dir, facilitator="Dana")
    from workshop.team.host import running_link

    terminals: list[Terminal] = []
    try:
        host = Terminal("host", str(path))
        terminals.append(host)
        _until("the host's link", lambda: bool(running_link(path)), terminals)
        link = running_link(path)
        assert link and link.startswith("http://127.0.0.1:")
        names = ["Ana", "Ben", "Chidi"]
        people = {name: Terminal("join", link, "--name", name) for name in names}
        terminals.extend(people.values())

        def roster() -> set[str]:
            session = _load(path)
            return set(session.participants) if session else set()

        _until("all three on the roster", lambda: set(names) <= roster(), terminals)
        _until("the host shows 3 connected", lambda: host.seen("3 connected"), terminals)
        first_step = _load(path).current_step
        host.press("alt+s")  # start a silent round (the idea capture opens)
        _until("the round", lambda: bool(_load(path) and _load(path).facilitation.rounds), terminals)
        for name, term in people.items():  # the round on their screens: the idea box has the focus
            _until(f"the round on {name}'s screen", lambda term=term: term.seen("Silent round: add"), terminals)
        for name, term in people.items():
            term.type(f"{name} idea one")
            term.press("enter")
            term.type(f"{name} idea two")
            term.press("enter")
        people["Ben"].press("f6", "alt+right")  # a participant cannot move the session
        people["Ben"].type("Ben idea three")
        people["Ben"].press("enter")

        def ideas():
            session = _load(path)
            return [(i.author, i.text, i.step) for i in session.facilitation.ideas] if session else []

        expected = {(n, f"{n} idea {w}", first_step) for n in names for w in ("one", "two")}
        expected.add(("Ben", "Ben idea three", first_step))
        _until("every idea saved", lambda: set(ideas()) == expected, terminals)
        assert len(ideas()) == 7  # each once

        host.press("escape", "alt+r")  # reveal: the ideas go into the step's list
        _until("the reveal", lambda: _load(path).facilitation.rounds[-1].revealed is not None
               if _load(path) else False, terminals)
        time.sleep(1.0)
        host.press("alt+v")  # a dot-vote on the revealed ideas
        _until("the vote", lambda: bool(_load(path) and _load(path).facilitation.votes), terminals)
        for name, term in people.items():  # the vote on their screens: the option list has the focus
            _until(f"the vote on {name}'s screen", lambda term=term: term.seen("dots left"), terminals)
        for term in people.values():
            term.press("enter")  # one dot on the first option

        def ballots() -> dict[str, list[str]]:
            session = _load(path)
            return dict(session.facilitation.votes[-1].ballots) if session else {}

        _until("a dot from each", lambda: {k: len(v) for k, v in ballots().items()} == {n: 1 for n in names},
               terminals)
        # A participant's process stays under 1.3x the memory of `workshop open` (the bound).
        _, other = store.create("Memory yardstick", content.resolve(None), sessions_dir)
        yardstick = Terminal("open", str(other))
        terminals.append(yardstick)
        time.sleep(8.0)  # started, its first frame out and the rest mounted
        joins = [_rss_kb(term.process.pid) for term in people.values()]
        opened = _rss_kb(yardstick.process.pid)
        print(f"RSS: workshop open {opened} kB; workshop join {joins} kB")
        assert max(joins) <= 1.3 * opened, (joins, opened)
        host.press("escape")
        time.sleep(0.5)
        host.press("ctrl+q")
        host.process.wait(WAIT)
        final = store.load(path)
        assert sorted((i.author, i.text) for i in final.facilitation.ideas) == sorted(
            (a, t) for a, t, _ in expected)
        assert {k: len(v) for k, v in final.facilitation.votes[-1].ballots.items()} == {n: 1 for n in names}
        assert running_link(path) is None  # the link file went with the host
    finally:
        for term in terminals:
            term.stop()


def test_the_host_killed_and_started_again_participants_reconnect_and_nothing_is_lost(
    sessions_dir: Path,
) -> None:
    """SIGKILL the real host; an idea typed meanwhile is sent once `workshop host` runs again."""
    import signal

    _, path = store.create("Crash demo", content.resolve(None), sessions_dir, facilitator="Dana")
    from workshop.team.host import running_link

    terminals: list[Terminal] = []
    try:
        host = Terminal("host", str(path))
        terminals.append(host)
        _until("the host's link", lambda: bool(running_link(path)), terminals)
        link = running_link(path)
        ana = Terminal("join", link, "--name", "Ana")
        terminals.append(ana)
        _until("Ana on the roster", lambda: "Ana" in (_load(path).participants if _load(path) else []), terminals)
        host.press("alt+s")
        _until("the round", lambda: bool(_load(path) and _load(path).facilitation.rounds), terminals)
        _until("the round on Ana's screen", lambda: ana.seen("Silent round: add"), terminals)
        ana.type("before the crash")
        ana.press("enter")

        def ideas() -> list[tuple[str, str]]:
            session = _load(path)
            return [(i.author, i.text) for i in session.facilitation.ideas] if session else []

        _until("the first idea saved", lambda: ("Ana", "before the crash") in ideas(), terminals)
        os.killpg(host.process.pid, signal.SIGKILL)
        host.process.wait(WAIT)
        terminals.remove(host)
        host.stop()
        time.sleep(1.0)
        ana.type("while the host was down")
        ana.press("enter")
        time.sleep(1.0)
        again = Terminal("host", str(path))  # no --port: the crashed host's port again
        terminals.append(again)
        _until("the host again, on the same link", lambda: running_link(path) == link, terminals)
        _until("the idea typed meanwhile saved", lambda: ("Ana", "while the host was down") in ideas(), terminals)
        assert sorted(ideas()) == [("Ana", "before the crash"), ("Ana", "while the host was down")]  # once each
    finally:
        for term in terminals:
            term.stop()
