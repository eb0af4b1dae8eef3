"""Pilot tests of merging ideas after a reveal (issue 14 §3): mark, merge, every author credited, undo."""

from __future__ import annotations

from facilitation_host import SIZE, make_host
from textual.widgets import Input

from workshop.dispatch import Dispatcher
from workshop.screens.brainstorm import BrainstormDialog
from workshop.screens.prompt import TextPrompt
from workshop.widgets.brainstorm import IdeaList


def _add(app, text: str, author: str) -> None:
    app.live.add_idea("problem-benefit", text, author=author)


async def test_mark_two_ideas_and_merge_them_keeping_both_authors_and_undo(clock):
    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        _add(app, "Deposit back fast", "Ana")
        _add(app, "Less hassle", "Ben")
        _add(app, "Money back quickly", "Caro")
        await pilot.press("alt+i")
        await pilot.pause()
        assert isinstance(app.screen, BrainstormDialog)
        ideas = app.screen.query_one(IdeaList)
        ideas.focus()  # no highlight yet: Space marks the first item
        await pilot.press("space", "down", "down", "space", "m")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        box = app.screen.query_one(Input)
        assert box.value == "Deposit back fast"
        box.value = "Your deposit back within a week"
        await pilot.press("enter")
        await pilot.pause()
        session = app.document.session
        assert session.get_answer("problem-benefit", "candidates") == [
            "Your deposit back within a week", "Less hassle"]
        assert dict(app.live.items("problem-benefit"))["Your deposit back within a week"] == "Ana, Caro"
        assert "Ana, Caro" in str(ideas.get_option_at_index(0).prompt)
        assert not ideas.marked
        assert all("☑" not in str(ideas.get_option_at_index(i).prompt) for i in range(ideas.option_count))
        Dispatcher.of(session).undo()
        assert session.get_answer("problem-benefit", "candidates") == [
            "Deposit back fast", "Less hassle", "Money back quickly"]


async def test_palette_toggles_anonymity_and_merges_duplicates(clock):
    from test_facilitation_pilot import _notes, _palette

    from workshop.screens.dialogs import ConfirmDialog

    app = make_host()
    session = app.document.session
    async with app.run_test(size=SIZE) as pilot:
        await _palette(pilot, "Anonymous session")
        assert session.facilitation.anonymous
        await _palette(pilot, "Anonymous round")
        assert "No round on this step yet" in _notes(app)
        app.live.start_round("problem-benefit")
        await _palette(pilot, "Anonymous round")
        assert session.facilitation.rounds[-1].anonymous
        session.set_answer("problem-benefit", "candidates", ["Less hassle", "Less  Hassle", "Calm"])
        await _palette(pilot, "Merge duplicate ideas")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert session.get_answer("problem-benefit", "candidates") == ["Less hassle", "Calm"]
        await _palette(pilot, "Anonymous session")
        assert not session.facilitation.anonymous


async def test_duplicates_after_a_reveal_are_offered_for_merging(clock):
    from workshop.screens.dialogs import ConfirmDialog

    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        session = app.document.session
        app.live.start_round("problem-benefit")
        _add(app, "Less hassle", "Ana")
        _add(app, "less  hassle", "Ben")
        _add(app, "Peace of mind", "Caro")
        await pilot.press("alt+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # not silently dropped: offered
        assert session.get_answer("problem-benefit", "candidates") == [
            "Less hassle", "less hassle", "Peace of mind"]
        await pilot.press("enter")
        await pilot.pause()
        assert session.get_answer("problem-benefit", "candidates") == ["Less hassle", "Peace of mind"]
        assert dict(app.live.items("problem-benefit"))["Less hassle"] == "Ana, Ben"


async def test_a_repeated_idea_typed_in_the_open_is_kept_and_the_room_is_told(clock):
    from test_facilitation_pilot import _notes

    app = make_host()
    async with app.run_test(size=SIZE) as pilot:
        _add(app, "Less hassle", "Ana")
        await pilot.press("alt+i")
        await pilot.pause()
        await pilot.press(*"less hassle", "enter")
        await pilot.pause()
        assert app.document.session.get_answer("problem-benefit", "candidates") == ["Less hassle", "less hassle"]
        assert "is already in the list: both are kept" in _notes(app)


async def test_undoing_a_merge_on_the_session_screen_puts_the_list_back_on_screen(make_app, make_session) -> None:
    from session_helpers import SIZE as SESSION_SIZE
    from session_helpers import run_command, session_screen, settle
    from textual.widgets import TextArea

    from workshop.screens.dialogs import ConfirmDialog

    path = make_session("Merge", current_step="problem-benefit",
                        answers={"problem-benefit": {"candidates": ["Calm", "calm", "Cheap"]}})
    app = make_app(session_path=path)
    async with app.run_test(size=SESSION_SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await run_command(app, "Merge duplicate ideas")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        box = screen.step_view.query_one("#field-candidates").query_one(TextArea)
        assert box.text.splitlines() == ["Calm", "Cheap"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        box = screen.step_view.query_one("#field-candidates").query_one(TextArea)
        assert screen.session.get_answer("problem-benefit", "candidates") == ["Calm", "calm", "Cheap"]
        assert box.text.splitlines() == ["Calm", "calm", "Cheap"]
