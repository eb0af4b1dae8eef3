"""Pilot tests of facilitation on the real session screen: palette, clock, reveal, presenter, resume."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, command_names, session_screen, settle
from textual.command import CommandPalette
from textual.widgets import Input, TextArea

from workshop import store
from workshop.model.live import LiveSession
from workshop.screens.presenter import PresenterScreen
from workshop.screens.voting import VotingScreen
from workshop.widgets.facilitation_bar import FacilitationBar
from workshop.widgets.roster import RosterBar
from workshop.widgets.timer import TimerDisplay

TIMER_COMMANDS = ["Start timer", "Pause timer", "Add a minute", "Reset timer"]


async def _palette(pilot, name: str) -> None:
    """Run a command through the real command palette: ctrl+p, type its name, Enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(Input).value = name
    for _ in range(40):
        await pilot.pause(0.05)
        highlighted = palette.query_one("CommandList").highlighted_option
        if highlighted is not None and str(highlighted.prompt).startswith(name):
            break
    await pilot.press("enter")
    await pilot.pause()


def _live(app) -> LiveSession:
    screen = session_screen(app)
    return LiveSession(screen.session, screen.template)


async def test_session_screen_has_the_facilitation_bar_and_commands(make_app, sample_session: Path):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        bar = screen.query_one(FacilitationBar)
        assert bar.query_one(RosterBar).names == ("Ari", "Sam")
        assert screen.query_one(TimerDisplay).text() == "10:00"
        names = command_names(app)
        for name in TIMER_COMMANDS + ["Presenter mode", "Dot-vote", "Park an item", "Agenda"]:
            assert name in names, name


async def test_timer_palette_commands_on_the_session_screen(make_app, sample_session: Path, clock):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        step = session_screen(app).session.current_step
        await _palette(pilot, "Start timer")
        assert _live(app).timer(step).running
        clock.advance(minutes=4)
        await _palette(pilot, "Pause timer")
        assert _live(app).timer(step).reading() == 6 * 60
        await _palette(pilot, "Add a minute")
        assert _live(app).timer(step).reading() == 7 * 60
        await _palette(pilot, "Reset timer")
        assert _live(app).timer(step).reading() == 10 * 60
        assert _live(app).timer(step).spent_at() == 4 * 60
        await pilot.press("ctrl+q")
        await settle(pilot)
    saved = store.load(sample_session)
    assert saved.facilitation.timers[step].spent == 4 * 60


async def test_the_clock_follows_the_group_and_resumes_running(
    make_app, sample_session: Path, clock
):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = session_screen(app).session.current_step
        await pilot.press("ctrl+r")
        clock.advance(minutes=3)
        await pilot.press("f6")
        await settle(pilot)
        second = session_screen(app).session.current_step
        assert second != first
        live = _live(app)
        assert live.running_step() == second
        assert live.timer(first).spent_at() == 180
        assert session_screen(app).query_one(TimerDisplay).step_id == second
        await pilot.press("ctrl+q")
        await settle(pilot)
    clock.advance(seconds=30)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = _live(app)
        assert live.running_step() == second  # still running after quit and reopen
        assert live.timer(second).reading() == 10 * 60 - 30


async def test_reveal_puts_the_ideas_into_the_list_on_screen(make_app, sample_session: Path):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("problem-benefit")
        await settle(pilot)
        await pilot.press("alt+s")
        await pilot.pause()
        capture = app.screen.query_one("#idea-input", Input)
        assert capture.password
        await pilot.press("ctrl+o")  # Ari
        capture.value = "Get the deposit back"
        await pilot.press("enter")
        await pilot.press("ctrl+o")  # Sam
        capture.value = "Less arguing"
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert screen.session.get_answer("problem-benefit", "candidates", []) == []
        await pilot.press("alt+r")
        await settle(pilot)
        assert screen.session.get_answer("problem-benefit", "candidates") == [
            "Get the deposit back",
            "Less arguing",
        ]
        boxes = [area.text for area in screen.step_view.query(TextArea)]
        assert any("Get the deposit back\nLess arguing" in text for text in boxes)  # redrawn
        await pilot.press("alt+v")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        await pilot.press("space", "escape")
        await pilot.press("ctrl+q")
        await settle(pilot)
    saved = store.load(sample_session)
    assert [i.author for i in saved.facilitation.ideas] == ["Ari", "Sam"]
    assert saved.facilitation.votes[0].ballots == {"Sam": [saved.facilitation.votes[0].options[0].id]}


async def test_presenter_mode_from_the_session_screen(make_app, sample_session: Path):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, PresenterScreen)
        await pilot.press("f6", "f6")
        await pilot.pause()
        assert app.screen.step_id == "problem-statement"
        await pilot.press("f7")
        await settle(pilot)
        screen = session_screen(app)
        assert screen.session.current_step == "problem-statement"
        assert screen.query_one(TimerDisplay).step_id == "problem-statement"


async def test_the_cursor_returns_to_the_answer_after_a_brainstorm(make_app, sample_session: Path):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("alt+i")
        await pilot.pause()
        app.screen.query_one("#idea-input", Input).value = "Peace of mind"
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.focused is not None and screen.step_view in screen.focused.ancestors
        assert screen.session.get_answer("customer-who", "needs") == ["Peace of mind"]
