"""Tests that list cursors stop at the ends instead of wrapping around (issue 14 §3)."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, session_screen, settle
from textual.app import App, ComposeResult
from textual.widgets import Select
from textual.widgets.option_list import Option

from workshop import textual_compat
from workshop.widgets.navigator import StepNavigator
from workshop.widgets.paging import SafeOptionList
from workshop.widgets.question_list import QuestionList


async def test_the_step_list_stops_at_the_first_and_last_step(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        navigator = session_screen(app).query_one(StepNavigator)
        navigator.focus()
        await pilot.pause()
        await pilot.press("home")
        top = navigator.highlighted
        await pilot.press("down", "down", "down")
        await pilot.press(*["up"] * 12)  # the room's 12 presses: from step 8 they reached step 19
        assert navigator.highlighted == top
        await pilot.press("end")
        last = navigator.highlighted
        await pilot.press("down", "down")
        assert navigator.highlighted == last == navigator.option_count - 1


class Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield QuestionList(Option("Q1", id="a"), Option("Q2", id="b"), Option("Q3", id="c"), id="faq")
        yield SafeOptionList(Option("x", id="x"), Option("y", id="y", disabled=True), id="plain")
        yield Select([("one", 1), ("two", 2), ("three", 3)], value=1, id="select")


async def test_faq_lists_option_lists_and_select_lists_stop_at_the_ends() -> None:
    textual_compat.install()
    app = Lists()
    async with app.run_test(size=(60, 20)) as pilot:
        faq = app.query_one("#faq", QuestionList)
        faq.focus()
        faq.highlighted = 0
        await pilot.press("up")
        assert faq.highlighted == 0
        faq.highlighted = 2
        await pilot.press("down")
        assert faq.highlighted == 2
        plain = app.query_one("#plain", SafeOptionList)
        plain.focus()
        plain.highlighted = 0
        await pilot.press("down")  # only a disabled option below: stay
        assert plain.highlighted == 0
        select = app.query_one(Select)
        select.focus()
        await pilot.press("enter")  # open the drop-down list
        await pilot.pause()
        from textual.widgets._select import SelectOverlay

        overlay = app.query_one(SelectOverlay)
        overlay.highlighted = 0
        await pilot.press("up")
        assert overlay.highlighted == 0
        last = overlay.option_count - 1
        overlay.highlighted = last
        await pilot.press("down")
        assert overlay.highlighted == last


class OneFaq(App[None]):
    def compose(self) -> ComposeResult:
        from workshop.model.session import FaqItem
        from workshop.widgets.faq_list import FaqPanel

        items = [FaqItem(question=f"Question {n}?", answer=f"Answer {n}.", id=f"q-{n}") for n in range(1, 5)]
        yield FaqPanel("customer", "Customer questions", items, id="faq")


async def test_an_faq_answer_is_edited_right_beside_its_question() -> None:
    from workshop.widgets.faq_list import SIDE_BY_SIDE

    for width, beside in ((110, True), (SIDE_BY_SIDE - 4, False)):
        app = OneFaq()
        async with app.run_test(size=(width, 50)) as pilot:
            await pilot.pause()
            questions = app.query_one("#questions")
            editor = app.query_one("#editor")
            if beside:  # to the right of the list, at the same height
                assert editor.region.x >= questions.region.right
                assert editor.region.y == questions.region.y
            else:  # a narrow panel stacks them: the editor right under the list
                assert editor.region.y >= questions.region.bottom
                assert editor.region.x == questions.region.x
