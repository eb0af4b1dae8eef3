"""Provides helpers for the coach's Pilot tests: open a session and wait for its first check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from session_helpers import settle, wait_until

from workshop.screens.session import SessionScreen


def coach_app(make_app: Any, path: Path) -> Any:
    """An app that opens `path` in the session screen (which has the coach)."""
    return make_app(session_path=path)


async def show_coach_screen(app: Any, pilot: Any, path: Path) -> Any:
    """The session screen showing `path` (its first check may still be running)."""
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SessionScreen), f"expected the session screen, got {screen!r}"
    assert screen.document.path == path
    return screen


async def coach_screen(app: Any, pilot: Any, path: Path) -> Any:
    """The session screen showing `path`, once its first check has finished."""
    screen = await show_coach_screen(app, pilot, path)
    await wait_for_check(pilot, screen)
    return screen


async def wait_for_check(pilot: Any, screen: Any, after: int = 0, timeout: float = 15.0) -> None:
    """Pause until more than `after` checks have finished on `screen`."""
    await wait_until(pilot, lambda: screen.coach_state.checks_run > after, timeout)
    await pilot.pause()
