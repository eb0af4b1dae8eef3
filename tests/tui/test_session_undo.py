"""Pilot tests of session-wide undo and redo: typing by words, FAQ moves and deletes, keys and palette (issue 12 §1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from session_helpers import SIZE, command_names, notifications, run_command, session_screen, settle
from textual.widgets import Input, TextArea

from workshop import dispatch, store
from workshop.screens.changes import SessionChanged
from workshop.widgets.faq_list import FaqPanel, QuestionList


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
        await settle(pilot)


async def test_a_dot_is_undone_and_redone_in_the_voting_view(clock) -> None:
    from facilitation_host import SIZE as HOST_SIZE, make_host

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
        assert ops_done == ["cast_vote", "cast_vote", "set_facilitation", "cast_vote"]
