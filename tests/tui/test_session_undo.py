"""Pilot tests of session-wide undo and redo: typing by words, FAQ moves and deletes, keys and palette (issue 12 §1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from session_helpers import (
    SIZE,
    command_names,
    notifications,
    run_command,
    session_screen,
    settle,
)
from textual.widgets import Input, TextArea

from workshop import dispatch, store
from workshop.screens.changes import SessionChanged
from workshop.widgets.faq_list import FaqPanel
from workshop.widgets.question_list import QuestionList


@pytest.fixture(autouse=True)
def patient_typing(monkeypatch):
    """A loaded machine may pause between keys: only word boundaries split typing here."""
    monkeypatch.setattr(dispatch, "TYPING_PAUSE", 600.0)


def headline_box(screen) -> Input:
    editor = next(e for e in screen.step_view.editors() if e.field.id == "headline")
    box = editor.box
    assert isinstance(box, Input)
    return box


async def test_ctrl_z_undoes_headline_typing_word_by_word_and_ctrl_y_redoes(
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
        await screen.show_step("pr-headline")
        await pilot.pause()
        box = headline_box(screen)
        assert app.focused is box
        for key in "Launch the app":
            await pilot.press("space" if key == " " else key)
        await pilot.pause()
        assert screen.session.get_text("pr-headline", "headline") == "Launch the app"
        assert heard and {m.change.origin for m in heard} == {"edit"}

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box.value == "Launch the "
        assert screen.session.get_text("pr-headline", "headline") == "Launch the "
        assert heard[-1].change.origin == "undo"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box.value == "Launch "
        assert app.focused is box, "the cursor stays in the box"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert box.value == "Launch the "
        assert heard[-1].change.origin == "redo"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert box.value == "Launch the app"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Nothing to redo" in notifications(app)

        # Undo from another step: the headline's step comes back, set from the model.
        await screen.show_step("customer-who")
        await pilot.pause()
        await run_command(app, "Undo")
        await pilot.pause()
        assert screen.session.current_step == "pr-headline"
        assert headline_box(screen).value == "Launch the "
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert store.load(sample_session).get_text("pr-headline", "headline") == "Launch the "


async def test_ctrl_z_in_a_text_area_is_the_session_undo(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("customer-who")
        await pilot.pause()
        area = next(e for e in screen.step_view.editors() if e.field.id == "context").box
        assert isinstance(area, TextArea)
        area.focus()
        await pilot.press(*"Busy", "space", *"teams")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert area.text == "Busy "
        assert screen.session.get_text("customer-who", "context") == "Busy "
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert area.text == "Busy teams"


async def test_faq_move_and_delete_undone_by_key_and_palette(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-customer")
        await pilot.pause()
        panel = screen.step_view.faq_panel()
        assert isinstance(panel, FaqPanel)
        await pilot.press(*"First", "enter")
        await pilot.press(*"Second", "enter")
        await pilot.pause()
        order = lambda: [i.question for i in screen.session.faq_items("customer")]  # noqa: E731
        assert order() == ["First", "Second"]

        listing = panel.query_one(QuestionList)
        listing.focus()
        listing.highlighted = 0
        await pilot.press("shift+down")
        await pilot.pause()
        assert order() == ["Second", "First"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert order() == ["First", "Second"]
        assert [i.question for i in panel.items] == ["First", "Second"], "the list is redrawn"

        listing.highlighted = 1
        await pilot.press("d")
        await pilot.pause()
        assert order() == ["First"]
        assert f"Press {screen.key('undo', 'ctrl+z')} " in notifications(app)
        assert "Undo" in command_names(app)
        await run_command(app, "Undo")
        await pilot.pause()
        assert order() == ["First", "Second"]
        assert [i.question for i in panel.items] == ["First", "Second"]
        await run_command(app, "Redo")
        await pilot.pause()
        assert order() == ["First"]
        await pilot.press("u")  # the list's own undo key: the same session-wide undo
        await pilot.pause()
        assert order() == ["First", "Second"]

        # Undoing an add takes the question out and puts its text back in the box.
        panel.focus_new_question()
        await pilot.press(*"Third", "enter")
        await pilot.pause()
        assert order() == ["First", "Second", "Third"]
        box = panel.query_one("#new-question", Input)
        assert box.value == ""
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert order() == ["First", "Second"]
        assert box.value == "Third"
        assert screen.session.faq_drafts == {"customer": "Third"}
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box.value == "" and screen.session.faq_drafts == {}
        await settle(pilot)


async def test_a_dot_is_undone_and_redone_in_the_voting_view(clock) -> None:
    from facilitation_host import SIZE as HOST_SIZE
    from facilitation_host import make_host

    from workshop.screens.voting import VotingScreen

    app = make_host()
    session = app.document.session
    session.set_answer("problem-benefit", "candidates", ["Deposit back", "Less hassle"])
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        first = app.screen.vote.options[0].id
        await pilot.press("space", "space")
        assert app.screen.vote.dots_by("Ana", first) == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.screen.vote.dots_by("Ana", first) == 1, "one dot taken back"
        assert "Ana: 2 of 3" in app.screen.query_one("#vote-tally").text.plain, "redrawn"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.screen.vote.dots_by("Ana", first) == 2
        assert session.facilitation.votes[0].dots_by("Ana", first) == 2
        ops_done = [op.KIND for op in dispatch.Dispatcher.of(session).history]
        # The vote starts, with the first person voting (operations too), then two dots, undo, redo.
        assert ops_done == ["start_vote", "set_contributor", "cast_vote", "cast_vote", "set_facilitation",
                            "cast_vote"]


async def test_a_checklist_tick_is_undone_in_the_readiness_view(make_app, sample_session: Path) -> None:
    from workshop.screens.readiness import ReadinessScreen

    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        screen.action_readiness()
        await settle(pilot)
        readiness = app.screen
        assert isinstance(readiness, ReadinessScreen)
        first = screen.template.stages[0].steps[0]
        ticked = lambda: screen.session.readiness.is_ticked(first.id, first.checklist[0])  # noqa: E731
        await pilot.press("space")
        await pilot.pause()
        assert ticked()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not ticked()
        assert "1 of" not in str(readiness.query_one("#readiness-summary").render())
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert ticked()
        await pilot.press("escape")
        await settle(pilot)
        await run_command(app, "Undo")  # from the session screen too: one history
        await pilot.pause()
        assert not ticked()
        assert "Undone: checklist tick" in notifications(app)


async def test_parking_lot_changes_are_undone_and_redone(clock) -> None:
    from facilitation_host import SIZE as HOST_SIZE
    from facilitation_host import make_host
    from textual.widgets import Input as TextInput

    from workshop.screens.parking_lot import ParkingLotScreen

    app = make_host(step="pr-headline")
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.press("ctrl+l")
        app.screen.query_one(TextInput).value = "What about pricing?"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("alt+l")
        await pilot.pause()
        assert isinstance(app.screen, ParkingLotScreen)
        await pilot.press("e")
        app.screen.query_one(TextInput).value = "Pricing tiers"
        await pilot.press("enter")
        await pilot.pause()
        texts = lambda: [p.text for p in app.live.state.parking_lot]  # noqa: E731
        assert texts() == ["Pricing tiers"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert texts() == ["What about pricing?"]
        assert app.screen.table.row_count == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert texts() == [], "parking it is undone too"
        await pilot.press("ctrl+y", "ctrl+y")
        await pilot.pause()
        assert texts() == ["Pricing tiers"]


async def test_decision_log_changes_are_undone_and_redone(clock) -> None:
    from facilitation_host import SIZE as HOST_SIZE
    from facilitation_host import make_host

    from workshop.screens.decisions import (
        DecisionDialog,
        DecisionForm,
        DecisionLogScreen,
        decision_op,
    )

    app = make_host()
    session = app.document.session
    dispatch.Dispatcher.of(session).submit(
        decision_op(DecisionForm("Launch in one city", "two-way", "Caro", None), "problem-benefit")
    )
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.press("alt+d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionLogScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        app.screen.query_one("#decision-what", Input).value = "Launch in two cities"
        await pilot.press("enter")
        await pilot.pause()
        whats = lambda: [d.what for d in app.live.state.decisions]  # noqa: E731
        assert whats() == ["Launch in two cities"]
        await pilot.press("d")
        assert whats() == []
        await pilot.press("ctrl+z")
        assert whats() == ["Launch in two cities"]
        await pilot.press("u")
        assert whats() == ["Launch in one city"]
        await pilot.press("ctrl+y")
        assert whats() == ["Launch in two cities"]


async def test_roster_changes_and_contributor_switches_are_undone(clock) -> None:
    from facilitation_host import SIZE as HOST_SIZE
    from facilitation_host import make_host
    from textual.widgets import Input as TextInput

    from workshop.screens.roster import RosterScreen

    app = make_host(participants=("Ana", "Ben"))
    session = app.document.session
    session.add_faq("Is it safe?", "customer", author="Ben")
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.live.contributor == "Ana"
        await pilot.press("alt+o")
        assert isinstance(app.screen, RosterScreen)
        app.screen.option_list.highlighted = 1
        await pilot.press("r")
        app.screen.query_one(TextInput).value = "Benedikt"
        await pilot.press("enter")
        await pilot.pause()
        assert session.participants == ["Ana", "Benedikt"]
        assert session.faq[0].author == "Benedikt"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.participants == ["Ana", "Ben"]
        assert session.faq[0].author == "Ben", "the rename is undone everywhere"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.live.contributor == "", "the switch to Ana is undone"
        await pilot.press("ctrl+y", "ctrl+y")
        await pilot.pause()
        assert app.live.contributor == "Ana" and session.faq[0].author == "Benedikt"


async def test_starting_the_timer_is_undone_from_the_session_screen(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        live = screen.facilitation.live()
        step = screen.session.current_step
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert live.timer(step).running
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not live.timer(step).running
        assert step not in screen.session.facilitation.timers, "as if never started"
        assert "Undone: timer started" in notifications(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert live.timer(step).running
