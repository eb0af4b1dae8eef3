"""Pilot tests of the FAQ steps: add, answer, mark answered, delete with undo, reorder, suggestions."""

from __future__ import annotations

from pathlib import Path

from session_helpers import (
    SIZE,
    notifications,
    session_screen,
    settle,
    wait_for_palette_match,
)
from textual.widgets import Checkbox, Input, TextArea

from workshop import store
from workshop.widgets.faq_list import FaqPanel
from workshop.widgets.navigator import StepNavigator
from workshop.widgets.question_list import QuestionList


def questions(panel: FaqPanel) -> list[str]:
    return [item.question for item in panel.items]


def rows(panel: FaqPanel) -> list[str]:
    """The list rows as shown (plain text)."""
    listing = panel.query_one(QuestionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_add_answer_mark_delete_undo_on_screen(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-customer")
        await pilot.pause()
        panel = screen.step_view.faq_panel()
        assert panel is not None and panel.kind == "customer"
        new = app.focused
        assert isinstance(new, Input) and new.id == "new-question", "typing goes to a new question"

        await pilot.press(*"Does it work offline?", "enter")
        await pilot.pause()
        new.value = "[b]What does it cost?[/b]"
        await pilot.press("enter")
        await pilot.pause()
        assert new.value == "" and new.has_focus, "ready for the next question"
        assert questions(panel) == ["Does it work offline?", "[b]What does it cost?[/b]"]
        assert [i.question for i in screen.session.faq_items("customer")] == questions(panel)
        assert rows(panel)[1] == " 2. ○ [b]What does it cost?[/b]", "shown literally, marked open"
        assert "2 unanswered" in str(panel.query_one("#faq-count").content)
        assert screen.query_one(StepNavigator).status_of("faq-customer") == "in_progress"

        # Answer the highlighted (newest) question: Tab to the list, Enter to answer it.
        await pilot.press("tab")
        assert isinstance(app.focused, QuestionList)
        await pilot.press("enter")
        await pilot.pause()
        answer = app.focused
        assert isinstance(answer, TextArea) and answer.id == "edit-answer"
        answer.insert("Five euros a month.")
        await pilot.pause()
        item = screen.session.faq_items("customer")[1]
        assert item.answer == "Five euros a month." and item.status == "open"
        assert rows(panel)[1].startswith(" 2. ✎"), "a draft answer is marked as a draft"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert item.status == "answered" and item.answered
        assert panel.query_one("#answered", Checkbox).value
        assert rows(panel)[1].startswith(" 2. ✓")

        # Delete the first question from the list, then undo.
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, QuestionList)
        app.focused.highlighted = 0
        await pilot.press("d")
        await pilot.pause()
        assert questions(panel) == ["[b]What does it cost?[/b]"]
        assert "Question deleted" in notifications(app)
        await pilot.press("u")
        await pilot.pause()
        assert questions(panel) == ["Does it work offline?", "[b]What does it cost?[/b]"]
        assert [i.question for i in screen.session.faq_items("customer")] == questions(panel)

        # Reorder.
        app.focused.highlighted = 0
        await pilot.press("shift+down")
        await pilot.pause()
        assert questions(panel) == ["[b]What does it cost?[/b]", "Does it work offline?"]
        assert panel.highlighted_id == screen.session.faq_items("customer")[1].id
        await pilot.press("alt+up")
        await pilot.pause()
        assert questions(panel)[0] == "Does it work offline?"
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    saved = store.load(sample_session)
    assert [i.question for i in saved.faq_items("customer")] == [
        "Does it work offline?",
        "[b]What does it cost?[/b]",
    ]
    assert saved.faq_items("customer")[1].answered


async def test_marking_answered_needs_an_answer(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-internal")
        await pilot.pause()
        await pilot.press(*"Who owns it?", "enter")
        await pilot.press("ctrl+t")
        await pilot.pause()
        item = screen.session.faq_items("internal")[0]
        assert item.status == "open"
        assert "Type the answer first" in notifications(app)
        panel = screen.step_view.faq_panel()
        assert not panel.query_one("#answered", Checkbox).value


async def test_suggestions_are_one_key_away(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        suggestions = screen.template.faq_suggestions("customer")
        assert len(suggestions) >= 2
        await screen.show_step("faq-customer")
        await pilot.pause()
        panel = screen.step_view.faq_panel()
        assert suggestions[0] in str(panel.query_one("#suggestion-hint").content)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert questions(panel) == [suggestions[0]]
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert questions(panel) == suggestions[:2], "the next unused suggestion"
        assert suggestions[0] not in panel.unused_suggestions


async def test_add_question_from_the_palette_on_another_step(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.session.current_step == "customer-who"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Add question")
        await wait_for_palette_match(pilot, "Add question")
        await pilot.press("enter")
        await settle(pilot)
        screen = session_screen(app)
        assert screen.session.current_step == "faq-customer"
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == "new-question"
        await pilot.press(*"Is it safe?", "enter")
        await pilot.pause()
        assert questions(screen.step_view.faq_panel()) == ["Is it safe?"]


async def test_unanswered_and_answered_marks_in_navigator(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-internal")
        await pilot.pause()
        navigator = screen.query_one(StepNavigator)
        assert navigator.status_of("faq-internal") == "not_started"
        await pilot.press(*"Why now?", "enter")
        await pilot.pause()
        assert navigator.status_of("faq-internal") == "in_progress"
        panel = screen.step_view.faq_panel()
        panel.focus_answer()
        await pilot.pause()
        app.focused.insert("Rents went up.")  # type: ignore[union-attr]
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert navigator.status_of("faq-internal") == "answered"


async def test_each_list_key_is_its_own_message_up_to_the_screen(make_app, sample_session: Path) -> None:
    """Space, delete, the move keys and `u` on the list post one typed message each (no action names)."""
    heard: list[str] = []
    app = make_app(session_path=sample_session)

    def record(widget) -> None:
        post = widget.post_message

        def posted(message) -> bool:
            heard.append(type(message).__qualname__)
            return post(message)

        widget.post_message = posted

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-customer")
        await pilot.pause()
        panel = screen.step_view.faq_panel()
        await pilot.press(*"Why?", "enter", *"How?", "enter", "tab")
        await pilot.pause()
        listing = app.focused
        assert isinstance(listing, QuestionList)
        record(listing)
        record(panel)
        listing.highlighted = 0
        await pilot.press("shift+down")
        await pilot.pause()
        assert questions(panel) == ["How?", "Why?"]
        await pilot.press("space")  # marked answered
        await pilot.press("d")
        await pilot.pause()
        assert questions(panel) == ["How?"]
        await pilot.press("u")
        await pilot.pause()
        assert questions(panel) == ["How?", "Why?"]
        await settle(pilot)
    # (each is heard twice: posted to the list, then bubbled to the panel)
    assert list(dict.fromkeys(name for name in heard if name.startswith("QuestionList"))) == [
        "QuestionList.MoveRequested", "QuestionList.ToggleRequested", "QuestionList.DeleteRequested",
        "QuestionList.UndoRequested",
    ]
    assert {"FaqPanel.Moved", "FaqPanel.Edited", "FaqPanel.Deleted", "FaqPanel.UndoRequested"} <= set(heard)
