"""SIGTERM and SIGHUP quit `workshop open` the way its quit key does: saved, lock released, terminal restored.

Python's default ends the process on the spot: the session's lock stays held
on disk and the terminal is left in the app's modes (alternate screen, mouse
reporting). `workshop host` is covered by tests/test_team_tabs.py.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from test_team_processes import WAIT, Terminal, _until
from workshop import content, store
from workshop.storage import locking

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_workshop_open_quits_cleanly_on_a_stop_signal(sessions_dir: Path, name: str) -> None:
    _, path = store.create("Signal demo", content.resolve(None), sessions_dir, facilitator="Dana")
    term = Terminal("open", str(path))
    try:
        _until("the session's lock", lambda: locking.holder_path(path).exists(), [term])
        _until("the session on screen", lambda: term.seen("Signal demo"), [term])
        term.process.send_signal(getattr(signal, name))
        term.process.wait(WAIT)
        assert term.process.returncode == 0
        assert not locking.holder_path(path).exists(), "the lock was not released"
        assert b"\x1b[?1049l" in term.output, "the terminal was left on the app's screen"
    finally:
        term.stop()
