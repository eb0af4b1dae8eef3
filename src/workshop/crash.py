"""Provides crash logs: what went wrong, with versions and the fate of open sessions."""

from __future__ import annotations

import os
import platform
import sys
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import __version__
from .safe import shown
from .storage import atomic, paths


@dataclass
class CrashReport:
    """What happened after an unhandled exception."""

    error: str
    """The exception, one line (`KeyError: 'x'`)."""
    sessions: list[tuple[Path, str]] = field(default_factory=list)
    """Each open session file and what happened to it ("saved", "NOT saved: …")."""
    log_path: Path | None = None
    """Where the crash log was written (None when it could not be)."""
    log_problem: str = ""
    """Why the log could not be written (empty when it was)."""

    def message(self) -> str:
        """Return what to tell the user after the app has exited."""
        lines = [f"workshop stopped because of an unexpected error: {self.error}"]
        if self.sessions:
            lines.append("Open sessions:")
            lines += [f"  {path}: {status}" for path, status in self.sessions]
        else:
            lines.append("No session was open, so no work was lost.")
        if self.log_path is not None:
            lines.append(f"A crash log with the details is in {self.log_path}")
            lines.append("Please attach it if you report the problem.")
        else:
            lines.append(f"The crash log could not be written: {self.log_problem}")
        return shown("\n".join(lines))


def _versions() -> str:
    parts = [f"workshop {__version__}"]
    for name in ("textual", "rich", "tomli_w", "platformdirs"):
        try:
            from importlib.metadata import version

            parts.append(f"{name} {version(name.replace('_', '-'))}")
        except Exception:  # noqa: BLE001 - versions are a courtesy
            parts.append(f"{name} ?")
    parts.append(f"Python {platform.python_version()} ({sys.executable})")
    parts.append(platform.platform())
    return ", ".join(parts)


def log_text(error: BaseException, sessions: list[tuple[Path, str]], when: datetime) -> str:
    """Return the crash log's text."""
    lines = [
        "workshop crash log",
        f"time: {when.isoformat(timespec='seconds')}",
        f"versions: {_versions()}",
        f"command: {' '.join(sys.argv)}",
        f"working folder: {os.getcwd()}",
        f"terminal: TERM={os.environ.get('TERM', '')} COLORTERM={os.environ.get('COLORTERM', '')}",
        "open sessions:",
    ]
    lines += [f"  {path}: {status}" for path, status in sessions] or ["  (none)"]
    lines.append("")
    lines.append("traceback:")
    lines.append("".join(traceback.format_exception(error)).rstrip())
    return shown("\n".join(lines)) + "\n"  # the log may be printed to a terminal


def report(
    error: BaseException, sessions: list[tuple[Path, str]], folder: Path | None = None
) -> CrashReport:
    """Write a crash log to `folder` (default: the user log folder); never raises.

    Args:
        error: The unhandled exception.
        sessions: Open session files and what happened to them.
        folder: Where to write the log.
    """
    summary = "".join(traceback.format_exception_only(error)).strip().splitlines()
    result = CrashReport(error=summary[-1] if summary else repr(error), sessions=list(sessions))
    try:
        folder = folder or paths.log_dir()
        when = datetime.now().astimezone()
        stem = f"crash-{when.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        path = folder / f"{stem}.log"
        number = 2
        while path.exists():
            path = folder / f"{stem}-{number}.log"
            number += 1
        atomic.atomic_write(path, log_text(error, sessions, when))
        result.log_path = path
    except Exception as problem:  # noqa: BLE001 - the crash path must not crash
        result.log_problem = str(problem) or repr(problem)
    return result
