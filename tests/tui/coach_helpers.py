"""Provides helpers for the coach's Pilot tests: open a session screen that has the coach.

Once `SessionScreen` mixes in `CoachMixin` (the integrated app), the real
screen is used. Until then `CoachSessionScreen` stands in: the session screen
with the coach's hooks called the way the integration calls them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from session_helpers import settle
from textual.app import SystemCommand

import workshop.screens.session as session_module
from workshop.document import OpenDocument
from workshop.screens.coach import COACH_BINDINGS, CoachMixin
from workshop.screens.session import SessionScreen

INTEGRATED = issubclass(SessionScreen, CoachMixin)
"""True when the real session screen has the coach."""

_SCREENS = Path(session_module.__file__).parent


class CoachSessionScreen(CoachMixin, SessionScreen):
    """The session screen with the coach's hooks (stand-in until it is integrated)."""

    BINDINGS = COACH_BINDINGS
    CSS_PATH = [str(_SCREENS / "session.tcss"), str(_SCREENS / "coach.tcss")]

    def on_mount(self) -> None:  # SessionScreen.on_mount runs too (Textual calls each class's)
        self.coach_start()

    async def show_step(self, step_id: str, *, focus: bool = True) -> None:
        await SessionScreen.show_step(self, step_id, focus=focus)
        self.coach_step_changed(step_id)

    def _after_change(self) -> None:
        SessionScreen._after_change(self)
        self.coach_changed()

    def commands(self) -> Iterable[SystemCommand]:
        yield from SessionScreen.commands(self)
        yield from self.coach_commands()


def coach_app(make_app: Any, path: Path) -> Any:
    """An app that will show `path` in a session screen with the coach."""
    return make_app(session_path=path) if INTEGRATED else make_app()


async def show_coach_screen(app: Any, pilot: Any, path: Path) -> Any:
    """The session screen with the coach (its first check may still be running)."""
    if not INTEGRATED:
        await settle(pilot)
        await app.push_screen(CoachSessionScreen(OpenDocument.open(path)))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CoachMixin), f"expected a session screen with the coach, got {screen!r}"
    return screen


async def coach_screen(app: Any, pilot: Any, path: Path) -> Any:
    """The session screen with the coach, once its first check has finished."""
    screen = await show_coach_screen(app, pilot, path)
    await wait_for_check(pilot, screen)
    return screen


async def wait_for_check(pilot: Any, screen: Any, after: int = 0, timeout: float = 5.0) -> None:
    """Pause until more than `after` checks have finished on `screen`."""
    from session_helpers import wait_until

    await wait_until(pilot, lambda: screen.coach_state.checks_run > after, timeout)
    await pilot.pause()
