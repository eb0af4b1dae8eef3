"""Tests that SIGKILL at random moments never loses more than the last second of typing.

Starts the real app (`python -m workshop open FILE`) in a pseudo-terminal,
types into the step's first answer box like a fast typist, and kills it with
SIGKILL at a random moment: sometimes while it is still starting, usually
while typing. After every kill the file must parse and validate, and hold
everything typed more than `GRACE` seconds before the kill (autosave waits
about one second after the last key, then writes atomically). Each restart
also proves a killed process's session lock is recovered: a window that
opened read-only would never save, and the next check would fail.

Set WORKSHOP_CRASH_SEED to replay a run; WORKSHOP_CRASH_KILLS to change the count.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import re
import select
import signal
import struct
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workshop import cli, content, store
from workshop.storage import locking

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

KILLS = int(os.environ.get("WORKSHOP_CRASH_KILLS", "50"))
"""How many times the app is killed."""
GRACE = 2.0
"""Text typed more than this many seconds before the kill must be in the file.

Autosave is at most SAVE_MAX_WAIT (1 s) behind the typing; the rest is the
time a busy 2-core CI machine takes to read the keys and write the file.
The printed summary shows the real worst case (about 1 s when idle)."""
STEP = "customer-today"
FIELD = "today"
CHAR_DELAY = 0.035
"""Seconds between keys (about 340 characters a minute)."""
_CSI = re.compile(rb"\x1b\[[0-9;?<=>$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


@dataclass
class Run:
    """One start-type-kill cycle."""

    number: int
    typed: str = ""
    times: list[float] = field(default_factory=list)
    """When each character of `typed` was written to the terminal."""
    killed_at: float = 0.0
    ready: bool = False

    def confirmed(self) -> str:
        """What was typed more than GRACE seconds before the kill."""
        cutoff = self.killed_at - GRACE
        count = sum(1 for t in self.times if t <= cutoff)
        return self.typed[:count]


def _spawn(path: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
            env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
            os.execve(sys.executable, [sys.executable, "-m", "workshop", "open", str(path)], env)
        finally:
            os._exit(127)
    return pid, fd


def _drain(fd: int, timeout: float, screen: bytearray) -> bool:
    """Read what the app drew for up to `timeout` seconds; False once the terminal closed."""
    ready, _, _ = select.select([fd], [], [], max(timeout, 0))
    if not ready:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    if not data:
        return False
    screen += data
    del screen[:-200_000]
    return True


def _words(run: int):
    number = 0
    while True:
        number += 1
        yield f"k{run:02d}w{number:03d} "


def _one_run(path: Path, number: int, rng: random.Random, marker: bytes) -> Run:
    run = Run(number)
    pid, fd = _spawn(path)
    started = time.monotonic()
    screen = bytearray()
    try:
        if rng.random() < 0.15:
            # Kill while it is still starting (or just started).
            deadline = started + rng.uniform(0.05, 1.2)
            while time.monotonic() < deadline and _drain(fd, deadline - time.monotonic(), screen):
                pass
        else:
            deadline = started + 20
            while marker not in _CSI.sub(b"", bytes(screen)):
                assert time.monotonic() < deadline, "the app did not show the step within 20 s"
                assert _drain(fd, 0.05, screen), _tail(screen)
            run.ready = True
            settle = time.monotonic() + 0.25
            while time.monotonic() < settle:
                _drain(fd, settle - time.monotonic(), screen)
            stop = time.monotonic() + rng.uniform(0.1, 3.2)
            words = _words(number)
            while time.monotonic() < stop:
                for char in next(words):
                    os.write(fd, char.encode())
                    run.typed += char
                    run.times.append(time.monotonic())
                    next_key = time.monotonic() + CHAR_DELAY
                    while time.monotonic() < next_key:
                        _drain(fd, next_key - time.monotonic(), screen)
                    if time.monotonic() >= stop:
                        break
        run.killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return run


def _tail(screen: bytearray) -> str:
    return _CSI.sub(b"", bytes(screen[-3000:])).decode("utf-8", "replace")


def test_sigkill_at_random_moments_never_loses_settled_typing(folder, capsys):
    seed = int(os.environ.get("WORKSHOP_CRASH_SEED", str(int(time.time()))))
    rng = random.Random(seed)
    template = content.resolve(None)
    session, path = store.create("Crash test", template, folder)
    session.go_to(STEP)
    store.save(session, path, template)
    marker = template.step(STEP).question.encode()

    runs: list[Run] = []
    lost_chars: list[int] = []
    worst_age = 0.0
    most_leftovers = 0
    began = time.monotonic()
    for number in range(1, KILLS + 1):
        run = _one_run(path, number, rng, marker)
        runs.append(run)
        where = f"(seed {seed}, kill {number})"

        # The file parses and validates after every kill.
        loaded = store.load(path)
        assert cli.main(["validate", str(path)]) == 0, f"{capsys.readouterr().err} {where}"
        capsys.readouterr()
        saved = loaded.get_text(STEP, FIELD)

        # Everything typed before the grace period is there, in every run so far.
        for earlier in runs:
            assert earlier.confirmed() in saved, (
                f"run {earlier.number} lost typing: expected {earlier.confirmed()!r} in "
                f"{saved!r} {where}"
            )
        # Measure what this kill lost (only unsettled typing may be missing).
        kept = len(run.typed)
        while kept and run.typed[:kept] not in saved:
            kept -= 1
        lost_chars.append(len(run.typed) - kept)
        if kept < len(run.typed):
            worst_age = max(worst_age, run.killed_at - run.times[kept])
        assert not locking.is_locked_elsewhere(path), f"lock not released by the kill {where}"
        # A kill during a save may leave one temp file; the next open sweeps it.
        leftovers = list(folder.glob(f".{path.name}.*.tmp"))
        most_leftovers = max(most_leftovers, len(leftovers))
        assert len(leftovers) <= 1, f"temp files pile up: {leftovers} {where}"

    elapsed = time.monotonic() - began
    typed_runs = sum(1 for r in runs if r.ready)
    lost_words = max((r.typed[len(r.typed) - n :].count(" ") + (1 if n else 0) for r, n in zip(runs, lost_chars)), default=0)
    print(
        f"\n{len(runs)} kills ({typed_runs} while typing) in {elapsed:.0f} s, seed {seed}: "
        f"{sum(len(r.typed) for r in runs)} characters typed, at most {max(lost_chars)} "
        f"characters (~{lost_words} words) lost per kill, all typed within "
        f"{worst_age:.2f} s of the kill; at most {most_leftovers} temp file left by a kill"
    )
    assert len(runs) >= KILLS
    assert typed_runs >= KILLS // 2
    assert worst_age <= GRACE
