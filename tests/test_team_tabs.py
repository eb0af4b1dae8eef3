"""Browser tabs' processes end with the host (issue 13): no `workshop join` is left running, none a zombie.

Each browser tab makes textual-serve (inside the host) start `workshop join`.
A "tab" here is a direct websocket client to the page's `/ws`, which is all
textual-serve needs to start that process; the processes are found through
/proc (psutil is not a dependency). Every wait polls a condition with a
generous deadline (a loaded 2-core machine).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp
import pytest

from test_team_processes import Terminal, _env, _load, _until
from workshop import content, store
from workshop.document import OpenDocument
from workshop.host_app import TeamOptions
from workshop.team.host import TeamHost, running_link

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds processes through /proc (Linux)"),
]

WAIT = 60.0
"""Seconds to wait for a process to start (a loaded machine)."""
GONE_WAIT = 20.0
"""Seconds a tab's process may take to end after its host was killed (it aims at well under 5)."""


# ------------------------------------------------------------------ processes, through /proc
def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, state letter) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), fields[0]


def _children(parent: int, marker: str = "workshop join") -> list[int]:
    """Pids of `parent`'s children whose command line holds `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[0] == parent:
                try:
                    command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                if marker in command:
                    found.append(int(entry))
    return found


def _exists(pid: int) -> bool:
    """The process is there, a zombie included."""
    return _stat(pid) is not None


def _running(pid: int) -> bool:
    """The process is there and not a zombie (a killed host's orphans are reaped by whoever adopts them)."""
    stat = _stat(pid)
    return stat is not None and stat[1] != "Z"


# ------------------------------------------------------------------ a tab: a websocket to the page
class Tab:
    """A browser tab, as textual-serve sees it: a websocket to `/ws` (in a thread with its own loop)."""

    def __init__(self, link: str) -> None:
        base, token = link.split("/?t=", 1)
        self.url = f"{base}/ws?t={token}&width=100&height=30"
        self.connected = threading.Event()
        self.closed = threading.Event()
        self.loop = asyncio.new_event_loop()
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),), daemon=True)
        self._thread.start()

    async def _run(self) -> None:
        try:
            async with aiohttp.ClientSession() as http:
                async with http.ws_connect(self.url) as socket:
                    self._socket = socket
                    self.connected.set()
                    async for _ in socket:
                        pass
        except Exception:  # noqa: BLE001 - the host went away: the tab is closed
            pass
        finally:
            self.closed.set()

    def type(self, text: str) -> None:
        """Keys typed in the tab (textual-serve hands them to the process's input)."""
        socket = self._socket
        assert socket is not None
        asyncio.run_coroutine_threadsafe(socket.send_str(json.dumps(["stdin", text])), self.loop).result(10)

    def close(self) -> None:
        if self._socket is not None and not self.closed.is_set():
            asyncio.run_coroutine_threadsafe(self._socket.close(), self.loop)
        self._thread.join(10)


def _open_tabs(host_pid: int, link: str, count: int, terminals: list[Terminal]) -> tuple[list[Tab], list[int]]:
    """Open `count` tabs; return them and the pids of the processes the host started for them."""
    tabs = [Tab(link) for _ in range(count)]
    _until(f"{count} tab processes", lambda: len(_children(host_pid)) >= count, terminals)
    pids = _children(host_pid)
    assert len(pids) == count, pids
    return tabs, pids


def _join_as(tab: Tab, name: str, path: Path, terminals: list[Terminal]) -> None:
    """Type a name in the tab's name screen until the session lists it (the app may still be starting)."""
    deadline = time.monotonic() + WAIT
    while True:
        tab.type(name + "\r")
        settle = time.monotonic() + 4
        while time.monotonic() < settle:
            session = _load(path)
            if session is not None and name in session.participants:
                return
            time.sleep(0.2)
        for term in terminals:
            assert term.process.poll() is None, "the host ended"
        assert time.monotonic() < deadline, f"{name} never joined from the tab"
        tab.type("\x7f" * (len(name) + 2))  # empty the box before the next try


def _start_host(sessions_dir: Path) -> tuple[Terminal, Path, str]:
    _, path = store.create("Tabs demo", content.resolve(None), sessions_dir, facilitator="Dana")
    host = Terminal("host", str(path))
    _until("the host's link", lambda: bool(running_link(path)), [host])
    link = running_link(path)
    assert link
    return host, path, link


# ------------------------------------------------------------------ the real `workshop host`
@pytest.mark.parametrize("how", ["ctrl+q", "SIGTERM", "SIGHUP"])
def test_a_host_that_stops_ends_its_browser_tabs_processes(sessions_dir: Path, how: str) -> None:
    host, path, link = _start_host(sessions_dir)
    tabs: list[Tab] = []
    try:
        tabs, pids = _open_tabs(host.process.pid, link, 2, [host])
        _join_as(tabs[0], "Zoe", path, [host])  # one tab has joined (its client is live), one is on the name screen
        if how == "ctrl+q":
            host.press("ctrl+q")
        else:
            host.process.send_signal(getattr(signal, how))
        host.process.wait(WAIT)
        # The host stopped its team server (the link is gone) and ended and reaped its tabs' processes first.
        assert running_link(path) is None
        left = [pid for pid in pids if _running(pid)]
        assert left == [], f"still running after the host stopped: {left}"
        assert host.process.returncode == 0
    finally:
        for tab in tabs:
            tab.close()
        host.stop()


def test_the_tabs_processes_of_a_killed_host_end_by_themselves(sessions_dir: Path) -> None:
    host, path, link = _start_host(sessions_dir)
    tabs: list[Tab] = []
    pids: list[int] = []
    try:
        tabs, pids = _open_tabs(host.process.pid, link, 2, [host])
        _join_as(tabs[0], "Zoe", path, [host])
        host.process.send_signal(signal.SIGKILL)  # no clean-up possible
        host.process.wait(WAIT)
        killed = time.monotonic()
        deadline = killed + GONE_WAIT
        while any(_running(pid) for pid in pids):
            assert time.monotonic() < deadline, (
                f"tab processes {[pid for pid in pids if _running(pid)]} still run {GONE_WAIT} s after the host died"
            )
            time.sleep(0.1)
        print(f"tab processes ended {time.monotonic() - killed:.1f} s after the host was killed")
    finally:
        for tab in tabs:
            tab.close()
        host.stop()
        for pid in pids:  # only after a failure: the processes this test saw start
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


# ------------------------------------------------------------------ the host's own clean-up, in this process
async def test_stop_ends_a_tab_process_that_ignores_quit_and_sigterm(sessions_dir: Path) -> None:
    """A tab's process that ignores textual-serve's "quit", the end of its input and SIGTERM is killed and reaped."""
    _, path = store.create("Stubborn", content.resolve(None), sessions_dir, facilitator="Dana")
    document = OpenDocument.open(path)
    host = TeamHost(document, browser_command="trap '' TERM; exec sleep 600")
    await host.start()
    try:
        base, token = host.url.split("/?t=", 1)
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(f"{base}/ws?t={token}") as socket:
                deadline = time.monotonic() + WAIT
                while not _children(os.getpid(), "sleep 600"):
                    assert time.monotonic() < deadline, "textual-serve never started the tab's process"
                    await asyncio.sleep(0.1)
                (pid,) = _children(os.getpid(), "sleep 600")
                started = time.monotonic()
                await host.stop()
                took = time.monotonic() - started
                assert not _exists(pid), f"the tab's process {pid} is still there (a zombie: {_stat(pid)})"
                assert took < 30, took
                await socket.close()
    finally:
        await host.stop()
        document.close()


async def test_stop_ends_and_reaps_the_participant_apps_of_two_tabs(
    sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real browser command (`workshop join` per tab): when `stop()` returns, no tab process is left, nor a zombie."""
    _, path = store.create("Two tabs", content.resolve(None), sessions_dir, facilitator="Dana")
    document = OpenDocument.open(path)
    for name, value in _env().items():  # textual-serve passes this process's environment on
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    host = TeamHost(document, browser_command=TeamOptions().browser_command())
    await host.start()
    try:
        base, token = host.url.split("/?t=", 1)
        async with aiohttp.ClientSession() as http:
            sockets = [await http.ws_connect(f"{base}/ws?t={token}&width=100&height=30") for _ in range(2)]
            deadline = time.monotonic() + WAIT
            while len(_children(os.getpid())) < 2:
                assert time.monotonic() < deadline, "textual-serve never started the tabs' processes"
                await asyncio.sleep(0.1)
            pids = _children(os.getpid())
            await asyncio.sleep(1)  # let the apps draw their first screen (they then wait for keys)
            await host.stop()
            assert [pid for pid in pids if _exists(pid)] == [], [_stat(pid) for pid in pids]
            for socket in sockets:
                await socket.close()
    finally:
        await host.stop()
        document.close()


# ------------------------------------------------------------------ the tab's app alone
def test_a_tab_app_whose_input_ends_quits() -> None:
    """`workshop join` under textual-serve's driver quits when its input ends (the host closed it, or died)."""
    env = _env()
    env["TEXTUAL_DRIVER"] = "textual.drivers.web_driver:WebDriver"  # as textual-serve starts it
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop", "join", "http://127.0.0.1:9/?t=no-host-here"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )
    try:
        assert process.stdout is not None and process.stdin is not None
        assert process.stdout.readline() == b"__GANGLION__\n"  # the app runs under the web driver
        threading.Thread(target=process.stdout.read, daemon=True).start()  # output still read: only input ends
        process.stdin.close()
        started = time.monotonic()
        process.wait(GONE_WAIT)
        print(f"the tab's app quit {time.monotonic() - started:.1f} s after its input ended")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_joined_tab_app_quits_cleanly_when_its_host_is_killed(sessions_dir: Path) -> None:
    """Joined (its client reconnecting to a dead host), the app still quits by itself, not by the watchdog.

    The client's reconnect pause used to swallow the cancellation that ends the app's loop, so the
    process hung (and so ignored textual-serve's quit and SIGTERM) until killed.
    """
    from workshop.browser_tab import HOST_GONE_EXIT_CODE

    _, path = store.create("Killed host", content.resolve(None), sessions_dir, facilitator="Dana")
    host = subprocess.Popen([sys.executable, "-m", "workshop.team.runner", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env(), text=True)
    env = _env()
    env["TEXTUAL_DRIVER"] = "textual.drivers.web_driver:WebDriver"
    tab = None
    try:
        assert host.stdout is not None
        link = host.stdout.readline().strip()
        assert link.startswith("http://127.0.0.1:"), link
        tab = subprocess.Popen([sys.executable, "-m", "workshop", "join", link, "--name", "Ana"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        assert tab.stdout is not None and tab.stdin is not None
        threading.Thread(target=tab.stdout.read, daemon=True).start()  # the host's textual-serve reads it
        deadline = time.monotonic() + WAIT
        while not ((session := _load(path)) and "Ana" in session.participants):
            assert tab.poll() is None and time.monotonic() < deadline, "the tab's app never joined"
            time.sleep(0.2)
        host.kill()  # the host dies: the client reconnects in vain, and the tab's input ends
        host.wait(WAIT)
        time.sleep(0.5)  # the client notices and pauses before retrying (the case that hung)
        tab.stdin.close()
        started = time.monotonic()
        code = tab.wait(GONE_WAIT)
        print(f"the joined tab's app quit {time.monotonic() - started:.1f} s after its input ended")
        assert code != HOST_GONE_EXIT_CODE, "the app did not quit: the watchdog ended the process"
    finally:
        for process in (host, tab):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
