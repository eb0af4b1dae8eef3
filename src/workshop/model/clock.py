"""Provides the clock the domain reads, so tests can fix time."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

_now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)  # noqa: E731


def now() -> datetime:
    """Return the current time, timezone-aware, to the second."""
    return _now().replace(microsecond=0)


def set_clock(func: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); None restores the real one.

    Args:
        func: A callable returning an aware datetime, or None.
    """
    global _now
    _now = func if func is not None else (lambda: datetime.now(timezone.utc))
