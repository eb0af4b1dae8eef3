"""Pilot tests of a terminal smaller than the app needs: a "make the window bigger" notice, never a blank screen."""

from __future__ import annotations

from pathlib import Path

from session_helpers import settle, wait_until
from textual.widgets import DataTable

from workshop.screens.home import HomeScreen
from workshop.screens.session import SessionScreen
from workshop.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall

TINY = (20, 5)


def _covered(app) -> bool:
    """True when the notice is what shows at every corner and the centre of the screen."""
    screen = app.screen
    notices = list(screen.query_children(TooSmall))
    if not notices or not notices[0].display:
        return False
    width, height = app.size
    points = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1), (width // 2, height // 2)]
    return all(isinstance(screen.get_widget_at(x, y)[0], TooSmall) for x, y in points)


def _notice_text(app) -> str:
    return str(app.screen.query_children(TooSmall).first().render())


async def test_home_screen_at_20x5_says_make_the_window_bigger(make_app, sample_session: Path) -> None:
    app = make_app()
    async with app.run_test(size=TINY) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await wait_until(pilot, lambda: _covered(app))
        text = _notice_text(app)
        assert "Make the window bigger" in text
        assert f"at least {MIN_WIDTH} x {MIN_HEIGHT}; now 20 x 5" in text
        await pilot.resize_terminal(100, 32)  # grows again: the list is back, as it was
        await wait_until(pilot, lambda: not app.screen.query_children(TooSmall).first().display)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert app.screen.get_widget_at(50, 16)[0] is not app.screen.query_children(TooSmall).first()
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)  # the minimum itself is fine
        await pilot.pause(0.1)
        assert not _covered(app)
        await pilot.resize_terminal(MIN_WIDTH - 1, 30)
        await wait_until(pilot, lambda: _covered(app))
        assert f"now {MIN_WIDTH - 1} x 30" in _notice_text(app)
    assert app.crash_report is None


async def test_session_screen_and_dialogs_at_20x5_say_it_too(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=TINY) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await wait_until(pilot, lambda: _covered(app))
        await pilot.press("f1")  # a screen pushed while too small is covered as well
        await settle(pilot)
        assert not isinstance(app.screen, SessionScreen)
        await wait_until(pilot, lambda: _covered(app))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await wait_until(pilot, lambda: _covered(app))
        await pilot.resize_terminal(100, 32)
        await wait_until(pilot, lambda: not _covered(app))
        assert app.screen.query_one("#save-status").region.width > 0
    assert app.crash_report is None
