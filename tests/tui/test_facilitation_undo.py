"""Pilot tests: ideas, rounds, votes, vote results, timeboxes go through the dispatcher, so ctrl+z undoes them (issue 12 §1)."""

from __future__ import annotations

from pathlib import Path

from facilitation_host import SIZE as HOST_SIZE
from facilitation_host import make_host
from session_helpers import SIZE, session_screen, settle, wait_until

from workshop import dispatch
from workshop.screens.agenda import AgendaScreen
from workshop.screens.brainstorm import BrainstormDialog
from workshop.screens.changes import SessionChanged
from workshop.screens.voting import VotingScreen
from workshop.widgets.brainstorm import IdeaCapture


def kinds(heard: list[SessionChanged]) -> list[tuple[str, str]]:
    """(origin, kind of the user's operation) of each change heard."""
    return [(m.change.origin, m.change.step.forward.KIND) for m in heard]


async def test_a_round_and_an_idea_are_undone_from_the_dialog_and_the_session(
    make_app, sample_session: Path
) -> None:
    heard: list[SessionChanged] = []
    app = make_app(session_path=sample_session)

    def hook(message) -> None:
        if isinstance(message, SessionChanged):
            heard.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("problem-benefit")
        session = screen.session
        before = list(session.get_answer("problem-benefit", "candidates", []))
        # Under load `pilot.pause()` (Textual's "the process looks idle") can return while
        # messages are still queued: a starved process looks idle too. Wait for each outcome.
        await pilot.press("alt+i")
        await wait_until(pilot, lambda: isinstance(app.screen, BrainstormDialog))
        app.screen.query_one(IdeaCapture).input.value = "Deposit back in a day"
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: session.get_answer("problem-benefit", "candidates", [])[-1:] == ["Deposit back in a day"]
        )
        await pilot.press("ctrl+z")  # in the dialog
        await wait_until(pilot, lambda: session.facilitation.ideas == [])
        assert session.get_answer("problem-benefit", "candidates", []) == before
        await pilot.press("ctrl+y")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert session.get_answer("problem-benefit", "candidates")[-1] == "Deposit back in a day"

        await pilot.press("alt+s")  # a silent round (the dialog opens again)
        await wait_until(pilot, lambda: isinstance(app.screen, BrainstormDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert session.facilitation.rounds and session.facilitation.rounds[-1].hidden
        await pilot.press("ctrl+z")  # on the session screen: the round goes
        await wait_until(pilot, lambda: session.facilitation.rounds == [])
        await pilot.press("ctrl+z")  # then the idea
        await wait_until(pilot, lambda: session.get_answer("problem-benefit", "candidates", []) == before)

        def candidates_box() -> str:
            view = screen.step_view
            editor = next((e for e in view.editors() if e.field.id == "candidates"), None) if view else None
            return editor.box.text if editor is not None else "Deposit back in a day"  # not there yet

        await wait_until(pilot, lambda: "Deposit back in a day" not in candidates_box())  # the list on screen follows
        await settle(pilot)
    assert kinds(heard) == [
        ("edit", "add_idea"), ("undo", "add_idea"), ("redo", "add_idea"),
        ("edit", "start_round"), ("undo", "start_round"), ("undo", "add_idea"),
    ]


async def test_a_started_vote_and_a_used_result_are_undone(clock) -> None:
    app = make_host()
    session = app.document.session
    session.set_answer("problem-benefit", "candidates", ["Deposit back", "Less hassle"])
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        first = app.screen.vote.options[0].id
        await pilot.press("space")
        assert app.screen.vote.dots_by("Ana", first) == 1
        await pilot.press("u")  # use the result: the answer is filled and the vote closes
        await pilot.pause()
        assert session.get_text("problem-benefit", "benefit") == "Deposit back"
        assert not session.facilitation.votes[0].is_open
        await pilot.press("ctrl+z")  # one step: both come back
        await pilot.pause()
        assert session.get_text("problem-benefit", "benefit") == ""
        assert session.facilitation.votes[0].is_open and app.screen.vote.is_open
        history = [op.KIND for op in dispatch.Dispatcher.of(session).history]
        assert history[0] == "start_vote" and history[-2:] == ["batch", "batch"]
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")  # the dot, the voter, the vote itself
        await pilot.pause()
        assert session.facilitation.votes == []


async def test_timebox_and_timer_reset_are_undone_and_the_clock_follows_outside_undo(clock) -> None:
    app = make_host()
    session = app.document.session
    async with app.run_test(size=HOST_SIZE) as pilot:
        dispatcher = dispatch.Dispatcher.of(session)
        await pilot.press("alt+a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("plus")
        await pilot.pause()
        assert app.live.timer("problem-benefit").planned == 11 * 60
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+r")  # the timer runs
        clock.advance(minutes=2)
        await pilot.press("alt+x")  # reset: stopped, full timebox, 2 minutes spent kept
        await pilot.pause()
        timer = app.live.timer("problem-benefit")
        assert not timer.running and timer.spent == 120 and timer.planned == 10 * 60
        dispatcher.undo()  # the reset
        assert app.live.timer("problem-benefit").running
        steps = len(dispatcher.undo_stack)
        await app.screen.show_step("problem-evidence")  # the clock follows the group…
        assert app.live.running_step() == "problem-evidence"
        assert len(dispatcher.undo_stack) == steps  # …outside undo: moving is not an edit
        assert dispatcher.history[-1].KIND == "follow_timer"
        dispatcher.undo(), dispatcher.undo()  # the start, then the timebox
        assert app.live.timer("problem-benefit").planned == 10 * 60


async def test_an_idea_typed_in_presenter_mode_is_undone_there(clock) -> None:
    from workshop.screens.presenter import PresenterScreen

    app = make_host()
    session = app.document.session
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, PresenterScreen)
        app.screen.query_one(IdeaCapture).input.value = "Deposit back"
        await pilot.press("enter")
        await pilot.pause()
        assert session.get_answer("problem-benefit", "candidates") == ["Deposit back"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.get_answer("problem-benefit", "candidates", []) == []
        assert app.screen.query_one("IdeaList").option_count == 0  # redrawn
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert session.get_answer("problem-benefit", "candidates") == ["Deposit back"]


async def test_a_clock_left_running_overnight_is_settled_on_open_outside_undo(clock) -> None:
    from workshop.model.timer import StepTimer

    app = make_host()
    session = app.document.session
    session.facilitation.timers["problem-benefit"] = StepTimer(planned=600, started_at=clock.now)
    clock.advance(hours=10)
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.pause()
        timer = app.live.timer("problem-benefit")
        assert not timer.running and timer.spent == 600  # counted up to its timebox
        dispatcher = dispatch.Dispatcher.of(session)
        assert [op.KIND for op in dispatcher.history] == ["settle_timers"]
        assert not dispatcher.can_undo  # a correction on open, not an edit
