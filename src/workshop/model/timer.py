"""Provides StepTimer: a step's timebox countdown and the time actually spent on it.

A timer never ticks by itself. It stores when it was started (wall clock)
and the seconds counted before that, so every reading is computed from "now"
(`workshop.model.clock.now()`, or a `now` the caller passes). That makes it
exact across quit and resume, and lets tests drive it with a fake clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from . import base, clock

TimerState = Literal["idle", "running", "paused", "over"]

MINUTE = 60
"""Seconds added by "Add a minute"."""

WARNING_SECONDS = 60
"""The countdown warns in its last minute."""

STALE_AFTER = timedelta(hours=8)
"""A timer found running this long after it started was abandoned (see `settle`)."""


def format_clock(seconds: int) -> str:
    """Return `seconds` as a countdown reading: `09:59`, `1:05:00`, or `-01:30` when over."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def format_duration(seconds: int) -> str:
    """Return `seconds` as a short duration for tables: `0 min`, `<1 min`, `12 min`, `1 h 05 min`."""
    if 0 < seconds < 30:
        return "<1 min"
    minutes = (max(0, int(seconds)) + 30) // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@dataclass
class StepTimer:
    """The timebox of one step.

    `elapsed` feeds the countdown and goes back to zero on reset; `spent` is
    the time the timer has ever run on this step and only grows (the agenda's
    "actual" time).
    """

    planned: int = 0
    """Seconds in the timebox (0 = no timebox: the timer only counts up)."""
    elapsed: int = 0
    """Countdown seconds counted before the current run."""
    spent: int = 0
    """Seconds the timer ran on this step before the current run (never reset)."""
    started_at: datetime | None = None
    """When the current run started (aware); None while stopped."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    # -------------------------------------------------------------- reading
    @property
    def running(self) -> bool:
        """True while the timer runs."""
        return self.started_at is not None

    def _run(self, now: datetime | None) -> int:
        if self.started_at is None:
            return 0
        now = now or clock.now()
        return max(0, int((now - self.started_at).total_seconds()))

    def elapsed_at(self, now: datetime | None = None) -> int:
        """Seconds counted towards the timebox at `now`."""
        return self.elapsed + self._run(now)

    def spent_at(self, now: datetime | None = None) -> int:
        """Seconds actually spent on the step at `now` (what the agenda reports)."""
        return self.spent + self._run(now)

    def remaining_at(self, now: datetime | None = None) -> int:
        """Seconds left in the timebox at `now` (negative once over time)."""
        return self.planned - self.elapsed_at(now)

    def reading(self, now: datetime | None = None) -> int:
        """What the big display shows: seconds left, or seconds elapsed without a timebox."""
        return self.remaining_at(now) if self.planned else self.elapsed_at(now)

    def state(self, now: datetime | None = None) -> TimerState:
        """`idle` (never run since reset), `running`, `paused` or `over` (time is up)."""
        if self.planned and self.remaining_at(now) <= 0:
            return "over"
        if self.running:
            return "running"
        return "paused" if self.elapsed else "idle"

    def warning(self, now: datetime | None = None) -> bool:
        """True in the last minute of a timebox."""
        return bool(self.planned) and 0 < self.remaining_at(now) <= WARNING_SECONDS

    @property
    def touched(self) -> bool:
        """True once the timer holds anything worth saving."""
        return self.running or bool(self.elapsed or self.spent)

    # -------------------------------------------------------------- changing
    def start(self, now: datetime | None = None) -> bool:
        """Start or resume counting. Return False if already running."""
        if self.running:
            return False
        self.started_at = now or clock.now()
        return True

    def pause(self, now: datetime | None = None) -> bool:
        """Stop counting and keep the time so far. Return False if not running."""
        if self.started_at is None:
            return False
        run = self._run(now)
        self.elapsed += run
        self.spent += run
        self.started_at = None
        return True

    def add_minute(self, now: datetime | None = None) -> None:
        """Give the group one more minute.

        Within the timebox the minute is added to what is left; once over
        time (or without a timebox) the countdown restarts at one minute.
        """
        remaining = self.remaining_at(now)
        if self.planned and remaining > 0:
            self.planned += MINUTE
        else:
            self.planned = self.elapsed_at(now) + MINUTE

    def set_planned(self, seconds: int) -> None:
        """Set the timebox length (0 removes the timebox)."""
        self.planned = max(0, int(seconds))

    def reset(self, planned: int, now: datetime | None = None) -> None:
        """Stop and restore the full timebox `planned`; time spent stays recorded."""
        self.pause(now)
        self.elapsed = 0
        self.planned = max(0, int(planned))

    def settle(self, now: datetime | None = None, stale_after: timedelta = STALE_AFTER) -> bool:
        """Stop a timer that was left running for far too long (app closed overnight).

        The run is counted only up to the end of its timebox (nothing when it
        had none or was already over), since nobody can tell when the room
        actually stopped. Return True if the timer was stopped.
        """
        if self.started_at is None:
            return False
        now = now or clock.now()
        if now - self.started_at < stale_after:
            return False
        credit = max(0, self.planned - self.elapsed) if self.planned else 0
        self.pause(self.started_at + timedelta(seconds=credit))
        return True

    # --------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        """Return the timer as TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "planned_seconds": self.planned,
            "elapsed_seconds": self.elapsed,
            "spent_seconds": self.spent,
        }
        if self.started_at is not None:
            data["started_at"] = self.started_at
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "StepTimer":
        """Build a timer from loaded data.

        Raises:
            SessionDataError: naming the offending key.
        """
        data = base.table(data, key)
        timer = cls(
            planned=base.whole(data.pop("planned_seconds", None), f"{key}.planned_seconds"),
            elapsed=base.whole(data.pop("elapsed_seconds", None), f"{key}.elapsed_seconds"),
            spent=base.whole(data.pop("spent_seconds", None), f"{key}.spent_seconds"),
            started_at=base.moment(data.pop("started_at", None), f"{key}.started_at"),
            extra=data,
        )
        return timer
