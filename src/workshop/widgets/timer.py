"""Provides TimerDisplay: a step's timebox as a large countdown that warns in its last minute."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Digits, Label

from ..model import clock
from ..model.live import LiveSession
from ..model.timer import StepTimer, format_clock, format_duration
from .repaint import update_text

TICK_SECONDS = 0.5
"""How often the display reads the clock (the model never ticks itself)."""


class TimerDisplay(Widget):
    """The current step's countdown (`Digits`) with a one-line status under it.

    Attributes down: the host sets `live` and `step_id`; the display reads
    the timer from the model on every tick and never changes it. When the
    countdown reaches zero while running it posts `TimerDisplay.Expired`
    (the host rings the bell and notifies); nothing here blocks anything.

    CSS classes: `-running`, `-warning` (last minute), `-over` (time is up),
    `-compact` (one line instead of big digits; a stylesheet may also hide
    `#timer-digits`/`#timer-status` and show `#timer-line` on short screens).
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    step_id: reactive[str] = reactive("", init=False)
    """The step whose timer is shown."""
    large: reactive[bool] = reactive(True)
    """Show the countdown in big digits (False: one line of text)."""

    @dataclass
    class Expired(Message):
        """The countdown of `step_id` just reached zero."""

        display: "TimerDisplay"
        """The display that saw it."""
        step_id: str
        """The step whose time is up."""
        key: tuple[object, ...] = ()
        """Identifies this run of the timer (several displays may see the same zero)."""

    def __init__(
        self,
        live: LiveSession | None = None,
        step_id: str = "",
        *,
        large: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.live = live
        """The session's facilitation operations (read only here)."""
        self.set_reactive(TimerDisplay.step_id, step_id)
        self.set_reactive(TimerDisplay.large, large)
        self._ready = False
        self._last_reading: int | None = None
        self._last_status: tuple[str, str] = ("", "")
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Digits("", id="timer-digits")
        yield Label("", id="timer-status", markup=False)
        yield Label("", id="timer-line", markup=False)

    def on_mount(self) -> None:
        self._ready = True  # `is_mounted` only turns True after the mount handlers ran
        self._apply_size()
        self._ticker = self.set_interval(TICK_SECONDS, self.tick, name="timer-tick")
        self.tick()

    def watch_step_id(self) -> None:
        self._last_reading = None
        self.tick()

    def watch_large(self) -> None:
        self._apply_size()
        self.tick()

    def _apply_size(self) -> None:
        self.set_class(not self.large, "-compact")

    def text(self) -> str:
        """The countdown as shown (`07:32`, `-00:15`)."""
        if self.live is None or not self.step_id:
            return "--:--"
        return format_clock(self.live.timer(self.step_id).reading())

    def tick(self) -> None:
        """Read the clock and update the display (called every `TICK_SECONDS`)."""
        if not self._ready:
            return
        digits = self.query_one(Digits)
        status = self.query_one("#timer-status", Label)
        line = self.query_one("#timer-line", Label)
        if self.live is None or not self.step_id:
            digits.update("--:--")
            status.update("No step")
            line.update("Timer --:--")
            return
        now = clock.now()
        timer = self.live.timer(self.step_id)
        reading = timer.reading(now)
        shown = format_clock(reading)
        if digits.value != shown:
            digits.update(shown)
        state = timer.state(now)
        self.set_class(timer.running, "-running")
        self.set_class(timer.warning(now), "-warning")
        self.set_class(state == "over", "-over")
        words = self._status(state, timer.planned)
        if (words, shown) != self._last_status:
            self._last_status = (words, shown)
            # Once a second while running: repaint only, unless a width changed.
            update_text(status, words)
            update_text(line, f"Timer {shown} · {words}")
        if (
            timer.running
            and timer.planned
            and reading <= 0
            and self._last_reading is not None
            and self._last_reading > 0
        ):
            self.post_message(self.Expired(self, self.step_id, expiry_key(self.step_id, timer)))
        self._last_reading = reading

    @staticmethod
    def _status(state: str, planned: int) -> str:
        plan = f"of {format_duration(planned)}" if planned else "no timebox"
        return {
            "idle": f"{plan} · ready",
            "running": f"{plan} · running",
            "paused": f"{plan} · paused",
            "over": f"time's up ({plan})",
        }[state]


def expiry_key(step_id: str, timer: StepTimer) -> tuple[object, ...]:
    """What makes one expiry different from another: the step, its timebox and its run."""
    return (step_id, timer.planned, timer.elapsed, timer.started_at)


def announce_expired(host: Widget, step_title: str, key: tuple[object, ...] = ()) -> None:
    """Ring the bell and show a notification that a step's time is up (once per `key`)."""
    app = host.app
    if key and getattr(app, "_workshop_last_expiry", None) == key:
        return
    setattr(app, "_workshop_last_expiry", key)
    app.bell()
    host.notify(
        f"Time is up for “{step_title}”. Add a minute, or move on when you're ready.",
        title="Time's up",
        severity="warning",
        timeout=8,
        markup=False,
    )
