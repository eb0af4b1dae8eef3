"""Pilot tests of the facilitation UI: timer commands, contributor, rounds, voting, parking lot, decisions."""

from __future__ import annotations

from datetime import date

import pytest
from facilitation_host import SIZE, HostScreen, make_host
from session_helpers import wait_for_palette_match
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList

from workshop.screens.agenda import AgendaScreen
from workshop.screens.brainstorm import BrainstormDialog
from workshop.screens.decisions import DecisionDialog, DecisionLogScreen
from workshop.screens.parking_lot import ParkingLotScreen
from workshop.screens.presenter import PresenterScreen
from workshop.screens.prompt import TextPrompt
from workshop.screens.roster import RosterScreen
from workshop.screens.voting import VotingScreen
from workshop.widgets.brainstorm import IdeaCapture, IdeaList
from workshop.widgets.facilitation_bar import FacilitationBar
from workshop.widgets.roster import RosterBar
from workshop.widgets.timer import TimerDisplay


def _notes(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app.notification_log)


async def _palette(pilot, name: str) -> None:
    """Run a command through the real command palette: ctrl+p, type its name, Enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    palette = pilot.app.screen
    palette.query_one(Input).value = name
    await wait_for_palette_match(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


# ====================================================================== timer
async def test_timer_palette_commands(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        timer = app.live.timer
        await _palette(pilot, "Start timer")
        assert timer("problem-benefit").running
        clock.advance(minutes=3)
        await _palette(pilot, "Pause timer")
        assert not timer("problem-benefit").running
        assert timer("problem-benefit").reading() == 7 * 60
        await _palette(pilot, "Add a minute")
        assert timer("problem-benefit").reading() == 8 * 60
        await _palette(pilot, "Reset timer")
        assert timer("problem-benefit").reading() == 10 * 60
        assert timer("problem-benefit").spent_at() == 3 * 60
        assert isinstance(app.screen, HostScreen)
        assert app.screen.changes >= 4


async def test_timer_keys_and_display(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        display = app.screen.query_one(TimerDisplay)
        assert display.text() == "10:00"
        assert display.query_one("#timer-digits").value == "10:00"  # drawn at mount, not a tick later
        await pilot.press("ctrl+r")
        assert app.live.timer("problem-benefit").running
        clock.advance(minutes=9, seconds=1)
        display.tick()
        assert display.query_one("#timer-digits").value == "00:59"
        assert display.has_class("-warning") and display.has_class("-running")
        await pilot.press("alt+m")
        display.tick()
        assert display.text() == "01:59"
        assert not display.has_class("-warning")
        await pilot.press("ctrl+r")
        assert not app.live.timer("problem-benefit").running
        await pilot.press("alt+x")
        display.tick()
        assert display.text() == "10:00"


async def test_facilitation_keys_work_while_typing_an_answer(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        answer = app.screen.query_one("#answer", Input)
        answer.focus()
        await pilot.press("h", "i", "alt+m", "ctrl+r", "ctrl+o")
        await pilot.pause()
        assert answer.value == "hi"  # alt+m was not typed as "m"
        assert app.live.timer("problem-benefit").planned == 11 * 60
        assert app.live.timer("problem-benefit").running
        assert app.live.contributor == "Ana"


async def test_time_up_rings_once_and_never_blocks_moving_on(clock):
    app = make_host(step="pr-call-to-action")  # a 3-minute timebox
    async with app.run_test(size=SIZE) as pilot:
        display = app.screen.query_one(TimerDisplay)
        await pilot.press("ctrl+r")
        clock.advance(minutes=2, seconds=59)
        display.tick()
        assert app.bells == 0
        clock.advance(seconds=2)
        display.tick()
        await pilot.pause()
        assert display.has_class("-over")
        assert display.text() == "-00:01"
        assert app.bells == 1
        assert "Time's up" in _notes(app)
        clock.advance(seconds=5)
        display.tick()
        await pilot.pause()
        assert app.bells == 1  # rings once, not on every tick
        await app.screen.show_step("faq-customer")
        await pilot.pause()
        live = app.live
        assert live.running_step() == "faq-customer"  # the clock followed the group
        assert live.timer("pr-call-to-action").spent_at() == 186
        assert display.step_id == "faq-customer"


async def test_time_up_rings_once_with_presenter_mode_on_top(clock):
    app = make_host(step="pr-call-to-action")
    async with app.run_test(size=SIZE) as pilot:
        host_display = app.screen.query_one(TimerDisplay)
        await pilot.press("ctrl+r", "f7")
        await pilot.pause()
        presenter_display = app.screen.query_one(TimerDisplay)
        host_display.tick()
        presenter_display.tick()
        clock.advance(minutes=3, seconds=1)
        presenter_display.tick()
        host_display.tick()  # the facilitator view underneath sees the same zero
        await pilot.pause()
        assert app.bells == 1
        await pilot.press("alt+m")  # one more minute, then it runs out again: rings again
        presenter_display.tick()
        clock.advance(minutes=1)
        presenter_display.tick()
        await pilot.pause()
        assert app.bells == 2


# ====================================================================== people
async def test_next_contributor_key_cycles_through_everyone_and_anonymous(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(FacilitationBar)
        assert bar.query_one(RosterBar).names == ("Ana", "Ben", "Caro")  # drawn at mount
        assert "alt+s starts a silent round" in str(bar.query_one("#fac-round").render())
        seen = []
        for _ in range(4):
            await pilot.press("ctrl+o")
            seen.append(app.live.contributor)
        assert seen == ["Ana", "Ben", "Caro", ""]
        assert "Now contributing: Anonymous" in _notes(app)


async def test_roster_add_rename_remove_and_pick(clock):
    app = make_host(participants=("Ana",))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+o")
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("a")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = "ana"
        await pilot.press("enter")
        assert "already in the roster" in str(app.screen.query_one("#prompt-error").render())
        app.screen.query_one(Input).value = "Ben"
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.session.participants == ["Ana", "Ben"]
        await pilot.press("r")
        app.screen.query_one(Input).value = "Benedikt"
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.session.participants == ["Ana", "Benedikt"]
        await pilot.press("up", "d")
        assert app.document.session.participants == ["Benedikt"]
        await pilot.press("u")
        assert app.document.session.participants == ["Ana", "Benedikt"]
        listing = app.screen.query_one(OptionList)
        listing.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HostScreen)
        assert app.live.contributor == "Benedikt"


# ====================================================================== brainstorm
async def test_silent_round_hides_ideas_until_reveal(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+s")
        await pilot.pause()
        assert isinstance(app.screen, BrainstormDialog)
        capture = app.screen.query_one(IdeaCapture)
        assert capture.input.password  # masked on the shared screen
        await pilot.press("ctrl+o")  # Ana
        capture.input.value = "Get the deposit back"
        await pilot.press("enter")
        capture.input.value = "Prove the state of the flat"
        await pilot.press("enter")
        await pilot.press("ctrl+o")  # Ben
        capture.input.value = "Less arguing"
        await pilot.press("enter")
        await pilot.pause()
        assert capture.input.value == ""
        assert app.screen.query_one(IdeaList).option_count == 0
        status = str(capture.query_one("#capture-status").render())
        assert "3 hidden" in status and "Ana 2" in status and "Ben 1" in status
        assert app.document.session.get_answer("problem-benefit", "candidates", []) == []
        await pilot.press("alt+r")
        await pilot.pause()
        assert not capture.input.password
        assert app.screen.query_one(IdeaList).option_count == 3
        assert app.document.session.get_answer("problem-benefit", "candidates") == [
            "Get the deposit back",
            "Prove the state of the flat",
            "Less arguing",
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, HostScreen)


async def test_reveal_from_the_session_screen(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        app.live.start_round("problem-benefit")
        app.live.add_idea("problem-benefit", "Hidden", author="Ana")
        await pilot.press("alt+r")
        await pilot.pause()
        assert app.document.session.get_answer("problem-benefit", "candidates") == ["Hidden"]
        assert "problem-benefit" in app.screen.shown  # the step is redrawn with the new items
        await pilot.press("alt+r")
        assert "No silent round" in _notes(app)


async def test_steps_without_a_list_say_so(clock):
    app = make_host(step="pr-problem")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+i")
        await pilot.press("alt+s")
        await pilot.press("alt+v")
        for _ in range(300):  # each key's note, however loaded the machine (up to ~15 s)
            if "no list to brainstorm into" in _notes(app).lower():
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, HostScreen)
        notes = _notes(app)
        assert "no list to collect ideas" in notes
        assert "no list to brainstorm into" in notes.lower()


# ====================================================================== voting
async def test_voting_view_limits_tally_and_kept_result(clock):
    app = make_host()
    session = app.document.session
    session.set_answer("problem-benefit", "candidates", ["Deposit back", "Less hassle", "Peace of mind"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        vote = app.screen.vote
        assert app.live.contributor == "Ana"  # voting starts with the first person
        await pilot.press("space", "space", "space", "space")  # the fourth dot is refused
        assert vote.used("Ana") == 3
        assert app.bells == 1
        assert "used all 3 dots" in _notes(app)
        await pilot.press("minus")
        await pilot.press("tab", "down", "space", "space")  # Ben
        await pilot.press("tab", "down", "space", "up", "space")  # Caro
        await pilot.pause()
        assert vote.ballots["Ana"] == [vote.options[0].id] * 2
        assert vote.count(vote.options[0].id) == 2
        assert vote.count(vote.options[1].id) == 3
        assert [o.text for o in vote.winners()] == ["Less hassle"]
        tally = app.screen.query_one("#vote-tally").text.plain
        assert "Ana: 1 of 3" in tally and "Ben: 1 of 3" in tally and "Caro: 1 of 3" in tally
        await pilot.press("c")
        assert not vote.is_open
        await pilot.press("space")
        assert vote.total == 6  # closed: the result is kept
        await pilot.press("u")
        assert session.get_answer("problem-benefit", "benefit") == "Less hassle"
        await pilot.press("escape")
        await pilot.press("alt+v")
        await pilot.pause()
        assert app.screen.vote is vote  # the kept result, not a new vote


async def test_voting_view_shows_ties_and_changes_dots(clock):
    app = make_host()
    app.document.session.set_answer("problem-benefit", "candidates", ["A", "B"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        await pilot.press("space", "down", "space")
        tally = app.screen.query_one("#vote-tally").text.plain
        assert "tie" in tally and "2-way tie" in tally
        await pilot.press("right_square_bracket")
        assert app.screen.vote.dots == 4
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert app.screen.vote.dots == 2  # Ana already cast two: can't go below


async def test_voting_needs_candidates(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        assert isinstance(app.screen, HostScreen)
        assert "at least two candidates" in _notes(app)


# ====================================================================== parking lot, decisions
async def test_park_from_any_step_then_edit_in_the_parking_lot(clock):
    app = make_host(step="pr-headline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o", "ctrl+o")  # Ben
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # empty: refused, the dialog stays
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = "What about pricing?"
        await pilot.press("enter")
        await pilot.pause()
        [item] = app.live.state.parking_lot
        assert (item.text, item.step, item.author) == ("What about pricing?", "pr-headline", "Ben")
        await pilot.press("alt+l")
        await pilot.pause()
        assert isinstance(app.screen, ParkingLotScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        await pilot.press("e")
        app.screen.query_one(Input).value = "Pricing tiers"
        await pilot.press("enter")
        await pilot.pause()
        assert item.text == "Pricing tiers"
        await pilot.press("d")
        assert app.live.state.parking_lot == []
        await pilot.press("u")
        assert app.live.state.parking_lot == [item]
        await pilot.press("escape")
        assert isinstance(app.screen, HostScreen)


async def test_decision_log(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        await _palette(pilot, "Log a decision")
        assert isinstance(app.screen, DecisionDialog)
        dialog = app.screen
        dialog.query_one("#decision-date", Input).value = "next week"
        dialog.query_one("#decision-what", Input).value = "Launch in one city first"
        dialog.query_one("#decision-owner", Input).value = "Caro"
        await pilot.press("enter")
        assert "is not a date" in str(dialog.query_one("#decision-error").render())
        dialog.query_one("#decision-date", Input).value = "2026-01-20"
        await pilot.press("enter")
        await pilot.pause()
        [decision] = app.live.state.decisions
        assert (decision.what, decision.door, decision.owner, decision.date) == (
            "Launch in one city first", "two-way", "Caro", date(2026, 1, 20),
        )
        await pilot.press("alt+d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionLogScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        from textual.widgets import Select

        app.screen.query_one(Select).value = "one-way"
        app.screen.query_one("#decision-what", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert decision.door == "one-way"
        await pilot.press("d")
        assert app.live.state.decisions == []
        await pilot.press("u")
        assert app.live.state.decisions == [decision]


# ====================================================================== agenda, presenter
async def test_agenda_planned_vs_actual_and_jump(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        clock.advance(minutes=12)
        await pilot.press("alt+a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        table = app.screen.query_one(DataTable)
        row = table.get_row("problem-benefit")
        assert [str(cell) for cell in row[2:]] == ["10 min", "12 min", "2 min"]
        await pilot.press("plus", "plus")
        assert app.live.timer("problem-benefit").planned == 12 * 60
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HostScreen)
        assert app.document.session.current_step == "experience-storyboard"


async def test_presenter_mode_toggles_and_drives_the_session(clock):
    app = make_host()
    session = app.document.session
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, PresenterScreen)
        screen = app.screen
        assert "most important customer benefit" in str(screen.query_one("#presenter-question").render())
        screen.query_one(IdeaCapture).input.value = "Deposit back"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(IdeaList).option_count == 1
        assert app.live.author_of("problem-benefit", "candidates", "Deposit back") == "Ana"
        await pilot.press("alt+s")
        assert screen.query_one(IdeaCapture).input.password
        assert screen.query_one("#presenter-round").display
        await pilot.press("ctrl+r", "f6")
        await pilot.pause()
        assert screen.step_id == "experience-storyboard"
        assert session.current_step == "experience-storyboard"
        assert app.live.running_step() == "experience-storyboard"
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, HostScreen)
        assert app.screen.shown[-1] == "experience-storyboard"
        assert "Presenter mode" in [c.title for c in app.get_system_commands(app.screen)]


@pytest.mark.parametrize("name", ["Start timer", "Pause timer", "Add a minute", "Reset timer"])
def test_timer_commands_have_exact_names(name: str):
    from workshop.screens.facilitation import FacilitationPart

    class Host:
        def action_presenter_mode(self) -> None:  # the host's (see presenter.open_presenter)
            pass

    titles = [c.title for c in FacilitationPart(Host()).commands()]  # type: ignore[arg-type]
    assert name in titles


async def test_small_terminal_keeps_the_essentials_visible(clock):
    app = make_host()
    app.document.session.set_answer("problem-benefit", "candidates", ["A", "B"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        visible = screen.region
        for selector in ("#presenter-question", "#presenter-timer", "#presenter-items", "#idea-input"):
            region = screen.query_one(selector).region
            assert region.height > 0 and visible.contains_region(region), selector
        await pilot.press("f7", "alt+v")
        await pilot.pause()
        for selector in ("#vote-board", "#vote-tally", "#vote-status"):
            region = app.screen.query_one(selector).region
            assert region.height > 0 and visible.contains_region(region), selector
