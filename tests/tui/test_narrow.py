"""Pilot tests of the session screen on a small terminal (80x24): nothing important is cut off."""

from __future__ import annotations

from pathlib import Path

from session_helpers import session_screen, settle, wait_until
from textual.widgets._footer import FooterKey

from workshop import content, store

SMALL = (80, 24)


def _footer_keys(app) -> tuple[list[FooterKey], FooterKey]:
    keys = list(app.screen.query(FooterKey))
    palette = next(key for key in keys if key.has_class("-command-palette"))
    return [key for key in keys if key is not palette], palette


async def test_footer_keys_never_run_under_the_command_palette_key(
    make_app, sample_session: Path
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        keys, palette = _footer_keys(app)
        shown = [key for key in keys if key.display]
        assert shown and len(shown) < len(keys), "some keys are hidden, the first ones show"
        assert shown == keys[: len(shown)]
        assert all(key.region.right - 1 <= palette.region.x for key in shown)
        await pilot.resize_terminal(200, 40)
        # The footer fits its keys again after the resize's layout (a timer, then a refresh).
        await wait_until(pilot, lambda: all(key.display for key in _footer_keys(app)[0]))
        keys, palette = _footer_keys(app)
        assert all(key.display for key in keys), "a wide screen shows every key again"


async def test_save_state_shows_on_a_narrow_status_line(make_app, worked_example: Path) -> None:
    app = make_app(session_path=worked_example)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#save-status")
        assert status.region.width >= len("✓ Saved")
        assert status.region.right <= SMALL[0]
        words = app.screen.query_one("#words")
        assert words.region.right <= status.region.x


async def test_a_resumed_step_shows_its_help_toggles(make_app, worked_example: Path) -> None:
    session = store.load(worked_example)
    session.go_to("customer-who")  # answers that fit under the toggles on 24 rows
    store.save(session, worked_example, content.resolve(None))
    app = make_app(session_path=worked_example)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)  # the step view's second look at the scroll position
        view = session_screen(app).step_view
        scroll = view.query_one("#step-scroll")
        guidance = view.query_one("#guidance")
        assert scroll.scroll_y == 0
        assert scroll.region.contains_region(guidance.region)
        assert scroll.region.contains_region(app.focused.region)
