"""Provides run_in_pty: start a program in a pseudo-terminal and time what appears on screen.

The program gets a terminal of a fixed size. The clock starts just before
the process is spawned; the reader drains the terminal continuously (so the
program never blocks on output), strips escape sequences and notes when a
marker text first appears. Then it sends a key and notes when the key's echo
appears in the output that follows, which proves the program accepts keys.
Finally it sends the quit key, waits for the process and reads its peak
resident memory from the kernel (`wait4` rusage, ru_maxrss).

Linux and macOS only (it needs `pty`/`termios`).
"""

from __future__ import annotations

import codecs
import errno
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x1b[()][0-9A-Za-z]"  # charset selection
)
CARRY = 512
"""Raw characters kept between reads so a marker or escape split across reads is still found."""


def strip_escapes(text: str) -> str:
    """Return terminal output without escape sequences (the text that is drawn)."""
    return _ESCAPES.sub("", text)


@dataclass
class PtyRun:
    """What one run in a pseudo-terminal measured (times in seconds from spawn)."""

    ready: float | None = None
    """When the marker text first appeared (None: it never did)."""
    ready_cpu: float | None = None
    """CPU seconds the process (all its threads) had used when the marker was seen.

    Unlike `ready`, this barely moves when other programs keep the machine
    busy (Linux only: /proc/<pid>/task/*/schedstat)."""
    echo: float | None = None
    """When the sent key's echo appeared (None: never, or no key was sent)."""
    settled: float | None = None
    """When the settle text appeared (None: never, or none was asked for)."""
    exited: float | None = None
    """When the process ended after the quit key."""
    max_rss_kb: int = 0
    """Peak resident memory of the process in KiB (rusage ru_maxrss)."""
    status: int | None = None
    """Exit status (waitstatus converted to an exit code; negative = signal)."""
    output_bytes: int = 0
    """Bytes the program wrote to the terminal."""
    tail: str = ""
    """The last drawn text (for diagnosing a missing marker)."""
    notes: list[str] = field(default_factory=list)
    """Anything that went wrong."""


def process_cpu(pid: int) -> float | None:
    """CPU seconds used so far by all threads of a running process (None if unknown)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as handle:
                total += int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def _set_controlling_tty() -> None:  # runs in the child between fork and exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run_in_pty(
    argv: list[str],
    marker: str,
    *,
    key: str | None = None,
    echo: str | None = None,
    settle: str | None = None,
    quit_key: str = "\x11",
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    size: tuple[int, int] = (100, 32),
    timeout: float = 30.0,
) -> PtyRun:
    """Run `argv` in a pseudo-terminal of `size` (columns, rows) and time it.

    Args:
        argv: The command.
        marker: Text whose appearance means the first screen is up.
        key: Bytes (as text) to send once the marker is up.
        echo: Text that shows the key was handled (looked for only in output
            written after the key was sent).
        settle: Text to wait for (after the echo, if any) before quitting: work the
            program does after its first frame, such as a background check.
        quit_key: Sent after the echo or settle text (ctrl+q by default) to end the program.
        env: Environment of the program.
        cwd: Working folder of the program.
        size: Terminal columns and rows.
        timeout: Seconds to wait for each of marker, echo and exit.
    """
    columns, rows = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    result = PtyRun()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        close_fds=True,
        preexec_fn=_set_controlling_tty,
    )
    os.close(slave)
    carry = ""
    drawn_tail = ""
    phase = "ready"
    quit_sent = False
    deadline = start + timeout
    try:
        while True:
            now = time.perf_counter()
            if now > deadline:
                result.notes.append(f"timed out waiting for {phase}")
                break
            readable, _, _ = select.select([master], [], [], min(0.05, deadline - now))
            if not readable:
                if _reaped(process) and phase != "exit":
                    result.notes.append(f"process ended while waiting for {phase}")
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError as error:
                if error.errno == errno.EIO:  # the program closed the terminal
                    break
                raise
            if not chunk:
                break
            seen = time.perf_counter() - start
            result.output_bytes += len(chunk)
            raw = carry + decoder.decode(chunk)
            drawn = strip_escapes(raw)
            drawn_tail = (drawn_tail + drawn)[-2000:]
            carry = raw[-CARRY:]
            if phase == "ready" and marker in drawn:
                result.ready = seen
                result.ready_cpu = process_cpu(process.pid)
                if key is None:
                    phase = "settle" if settle is not None else "exit"
                else:
                    phase = "echo"
                    carry = ""
                    os.write(master, key.encode())
                deadline = time.perf_counter() + timeout
            elif phase == "echo" and echo is not None and echo in drawn:
                result.echo = seen
                phase = "settle" if settle is not None else "exit"
                deadline = time.perf_counter() + timeout
            if phase == "settle" and settle is not None and settle in drawn_tail:
                result.settled = seen
                phase = "exit"
            if phase == "exit" and result.exited is None and not quit_sent:
                quit_sent = True
                os.write(master, quit_key.encode())
                deadline = time.perf_counter() + timeout
    finally:
        if not _reaped(process):
            if not quit_sent:
                try:
                    os.write(master, quit_key.encode())
                except OSError:
                    pass
            _drain_until_exit(master, process, 10.0)
        if not _reaped(process):
            result.notes.append("did not exit after the quit key; terminated")
            process.send_signal(signal.SIGTERM)
            _drain_until_exit(master, process, 5.0)
        if not _reaped(process):
            process.kill()
        os.close(master)
    result.tail = drawn_tail
    result.exited = time.perf_counter() - start
    return result_with_rusage(result, process)


def _reaped(process: subprocess.Popen[bytes]) -> bool:
    """True once the process has ended; keeps its rusage (never use Popen.poll here:
    it would reap the process and lose the rusage)."""
    if getattr(process, "_bench_rusage", None) is not None:
        return True
    try:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
    except ChildProcessError:
        return True
    if not pid:
        return False
    process.returncode = os.waitstatus_to_exitcode(status)
    process._bench_rusage = usage  # type: ignore[attr-defined]
    return True


def _drain_until_exit(master: int, process: subprocess.Popen[bytes], seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        if _reaped(process):
            return
        readable, _, _ = select.select([master], [], [], 0.05)
        if readable:
            try:
                os.read(master, 65536)
            except OSError:
                time.sleep(0.01)


def result_with_rusage(result: PtyRun, process: subprocess.Popen[bytes]) -> PtyRun:
    """Fill in exit status and peak memory (waits for the process if needed)."""
    usage = getattr(process, "_bench_rusage", None)
    if usage is None:
        try:
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            usage = None
    result.status = process.returncode
    if usage is not None:
        # Linux reports KiB, macOS bytes.
        result.max_rss_kb = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    return result
