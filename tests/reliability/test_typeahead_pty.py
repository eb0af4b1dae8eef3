"""Tests with the real program in a pseudo-terminal: type-ahead before ctrl+q and F6 is saved.

The terminal hands the app everything written to it at once, as a fast
typist's run or a paste of keys does. With a 20,000-word answer each key
costs the app more, so keys are still queued when ctrl+q (a priority key)
is read: issue 11 measured 11 of 30 words lost, and 0 of 15 sentences
saved when the sentence and ctrl+q came in one burst.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import struct
import sys
import time
from pathlib import Path

import pytest

from workshop import content, store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

_CSI = re.compile(rb"\x1b\[[0-9;?<=>$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
CTRL_Q = b"\x11"
F6 = b"\x1b[17~"


def _spawn(path: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            import fcntl
            import termios

            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
            env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
            env.update(TERM="xterm-256color", COLORTERM="truecolor")
            os.execve(sys.executable, [sys.executable, "-m", "workshop", "open", str(path)], env)
        finally:
            os._exit(127)
    return pid, fd


def _read(fd: int, timeout: float, screen: bytearray) -> bool:
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


def _type_then_wait_for_exit(path: Path, marker: bytes, keys: bytes) -> int:
    """Start the app, wait for `marker`, write `keys` in one go; return the exit status."""
    pid, fd = _spawn(path)
    screen = bytearray()
    try:
        deadline = time.monotonic() + 30
        while marker not in _CSI.sub(b"", bytes(screen)):
            assert time.monotonic() < deadline, "the app did not show the step within 30 s"
            assert _read(fd, 0.05, screen), _CSI.sub(b"", bytes(screen[-2000:]))
        settle = time.monotonic() + 1.5  # the first check and autosave of opening are done
        while time.monotonic() < settle:
            _read(fd, settle - time.monotonic(), screen)
        os.write(fd, keys)
        deadline = time.monotonic() + 60
        while _read(fd, 0.1, screen):
            assert time.monotonic() < deadline, "the app did not quit within 60 s"
        _, status = os.waitpid(pid, 0)
        pid = 0
        return os.waitstatus_to_exitcode(status)
    finally:
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
        os.close(fd)


def _long_session(folder: Path) -> tuple[Path, str, bytes]:
    template = content.resolve(None)
    session, path = store.create("Type-ahead", template, folder)
    session.go_to("customer-today")
    long_answer = " ".join(f"filler{i % 97}" for i in range(20_000))
    session.set_answer("customer-today", "today", long_answer)
    store.save(session, path, template)
    return path, long_answer, template.step("customer-today").question.encode()


def test_words_typed_right_before_ctrl_q_are_saved(tmp_path: Path) -> None:
    path, long_answer, marker = _long_session(tmp_path)
    words = " " + " ".join(f"word{n:02d}" for n in range(1, 31))
    assert _type_then_wait_for_exit(path, marker, words.encode() + CTRL_Q) == 0
    saved = store.load(path).get_text("customer-today", "today")
    kept = sum(1 for word in words.split() if word in saved)
    assert saved == long_answer + words, f"{kept} of 30 words saved"


def test_words_typed_around_f6_land_in_their_boxes(tmp_path: Path) -> None:
    path, long_answer, marker = _long_session(tmp_path)
    first = " " + " ".join(f"first{n:02d}" for n in range(1, 16))
    second = " ".join(f"second{n:02d}" for n in range(1, 16))
    keys = first.encode() + F6 + second.encode() + CTRL_Q
    assert _type_then_wait_for_exit(path, marker, keys) == 0
    saved = store.load(path)
    assert saved.get_text("customer-today", "today") == long_answer + first
    assert saved.current_step == "problem-statement"
    assert saved.get_text("problem-statement", "problem") == second
