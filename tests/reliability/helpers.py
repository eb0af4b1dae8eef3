"""Provides helpers shared by the reliability tests (no fixtures: those live in conftest.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
"""Bad session and template files, with `expected.toml` saying what each must produce."""
FIXTURES = HERE.parent / "fixtures" / "sessions"
"""Session files of every released schema version (`v1/`, …) with golden exports."""


def snapshot(path: Path) -> tuple[bytes, int]:
    """Return a file's bytes and mtime (ns), to prove it was not modified."""
    return path.read_bytes(), path.stat().st_mtime_ns


HOLDER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from workshop.storage import locking
    lock = locking.acquire(sys.argv[1])
    print("locked", flush=True)
    if sys.argv[2] == "wait-for-stdin":
        sys.stdin.readline()
        lock.release()
        print("released", flush=True)
        sys.stdin.readline()
    else:
        time.sleep(600)
    """
)


class OtherWindow:
    """Another process holding a session's lock, as a second workshop window would."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER_SCRIPT, str(path), "wait-for-stdin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline().strip()  # type: ignore[union-attr]
        assert line == "locked", f"holder did not start: {line!r}"

    def close(self) -> None:
        """Release the lock cleanly (the window is closed) and wait for it."""
        self.process.stdin.write("\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        assert self.process.stdout.readline().strip() == "released"  # type: ignore[union-attr]

    def kill(self) -> None:
        """SIGKILL the process (no cleanup runs)."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """End the process however it is."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll `predicate` until true or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
