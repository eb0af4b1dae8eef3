"""Pilot tests: keys typed right after a key that moves the focus or closes a dialog go where it went.

Each burst is posted whole, with no pause (`burst` from test_typeahead.py,
what the terminal driver does with type-ahead): "text⏎more" must leave
"more" in the box that has the focus afterwards, never in the box being
left, never dropped with a closing dialog (screens/handoff.py).
"""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, session_screen, settle, wait_until
from test_typeahead import burst
from textual.widgets import Input, TextArea

from workshop.screens.prompt import TextPrompt


async def _quiet(pilot, rounds: int = 6) -> None:
    """Let a burst (and the handoffs it starts) be handled completely."""
    for _ in range(rounds):
        await settle(pilot)


async def _session_on(pilot, step: str):
    app = pilot.app
    await settle(pilot)
    await wait_until(pilot, lambda: session_screen(app).navigator is not None)
    screen = session_screen(app)
    if screen.session.current_step != step:
        await screen.show_step(step)
    await settle(pilot)
    return screen


def _box(screen, field: str):
    return screen.step_view.query_one(f"#field-{field} #box")


async def test_enter_in_a_short_answer_moves_on_and_the_keys_after_follow(make_app, make_session) -> None:
    path = make_session("Handoff", current_step="customer-who")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "customer-who")
        segment = _box(screen, "segment")
        assert app.focused is segment
        burst(pilot, *"Teachers", "enter", *"in rural schools")
        await _quiet(pilot)
        assert segment.value == "Teachers"
        context = _box(screen, "context")
        assert app.focused is context
        assert context.text == "in rural schools"
        assert screen.session.get_text("customer-who", "context") == "in rural schools"


async def test_tab_then_typing_goes_to_the_next_box(make_app, make_session) -> None:
    path = make_session("Handoff", current_step="customer-who")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "customer-who")
        burst(pilot, *"Teachers", "tab", *"rural", "tab", *"time")
        await _quiet(pilot)
        assert _box(screen, "segment").value == "Teachers"
        assert _box(screen, "context").text == "rural"
        assert _box(screen, "needs").text == "time"
        assert app.focused is _box(screen, "needs")


async def test_faq_question_editor_enter_then_typing_goes_to_the_answer(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "faq-customer")
        burst(pilot, *"Who pays?", "enter")  # a question to edit
        await _quiet(pilot)
        panel = screen.step_view.faq_panel()
        assert [item.question for item in panel.items] == ["Who pays?"]
        panel.focus_question_editor()
        await _quiet(pilot)
        question = panel.query_one("#edit-question", Input)
        assert app.focused is question
        burst(pilot, "end", *" Really", "enter", *"The school does.")
        await _quiet(pilot)
        answer = panel.query_one("#edit-answer", TextArea)
        assert question.value == "Who pays? Really"
        assert app.focused is answer
        assert answer.text == "The school does."
        item = screen.session.faq_items("customer")[0]
        assert (item.question, item.answer) == ("Who pays? Really", "The school does.")


async def test_keys_after_enter_that_closes_a_dialog_go_back_to_the_answer(make_app, make_session) -> None:
    path = make_session("Handoff", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "customer-today")
        answer = _box(screen, "today")
        burst(pilot, *"They print forms")
        await pilot.press("ctrl+l")  # park a point: a dialog
        await _quiet(pilot)
        assert isinstance(app.screen, TextPrompt)
        burst(pilot, *"pricing later", "enter", *" by hand")
        await _quiet(pilot)
        assert app.screen is screen
        assert [p.text for p in screen.session.facilitation.parking_lot] == ["pricing later"]
        assert app.focused is answer
        assert answer.text == "They print forms by hand"
        assert screen.session.get_text("customer-today", "today") == "They print forms by hand"


async def test_a_dialog_opened_closed_and_typed_around_in_one_burst(make_app, make_session) -> None:
    """The key that opens the dialog, its text, Enter and what follows, all read at once."""
    path = make_session("Handoff", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "customer-today")
        answer = _box(screen, "today")
        burst(pilot, *"They print", "ctrl+l", *"pricing later", "enter", *" forms")
        await _quiet(pilot)
        assert app.screen is screen
        assert [p.text for p in screen.session.facilitation.parking_lot] == ["pricing later"]
        assert answer.text == "They print forms"


async def test_keys_after_escape_that_closes_a_dialog_go_back_to_the_answer(make_app, make_session) -> None:
    path = make_session("Handoff", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "customer-today")
        answer = _box(screen, "today")
        await pilot.press("ctrl+l")
        await _quiet(pilot)
        assert isinstance(app.screen, TextPrompt)
        burst(pilot, *"never mind", "escape", *"Forms")
        await _quiet(pilot)
        assert app.screen is screen
        assert screen.session.facilitation.parking_lot == []
        assert answer.text == "Forms"


async def test_a_refused_dialog_answer_keeps_the_keys_typed_after_enter(make_app, make_session) -> None:
    """Enter that does not close the dialog (its check refuses a blank point): the keys after it stay in its box."""
    path = make_session("Handoff", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "customer-today")
        answer = _box(screen, "today")
        await pilot.press("ctrl+l")
        await _quiet(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        burst(pilot, "enter", *"pricing", "enter", *"Forms")
        await _quiet(pilot)
        assert app.screen is screen
        assert [p.text for p in screen.session.facilitation.parking_lot] == ["pricing"]
        assert answer.text == "Forms"


async def test_review_author_enter_then_typing_goes_to_the_comment(make_app, worked_example: Path) -> None:
    from coach_helpers import coach_app
    from test_review import _open_review

    app = coach_app(make_app, worked_example)
    async with app.run_test(size=(100, 30)) as pilot:
        _screen, review = await _open_review(app, pilot, worked_example)
        await pilot.click("#skip-reading")
        await pilot.press("ctrl+n")
        await _quiet(pilot)
        author = review.query_one("#author", Input)
        author.value = ""
        author.focus()
        await _quiet(pilot)
        burst(pilot, *"Ana", "enter", *"Who pays?")
        await _quiet(pilot)
        assert author.value == "Ana"
        comment = review.query_one("#comment-text", Input)
        assert app.focused is comment
        assert comment.value == "Who pays?"


async def test_participant_tab_then_typing_goes_to_the_next_box() -> None:
    from team_fakes import FakeClient
    from test_team_participant import SIZE as PARTICIPANT_SIZE
    from test_team_participant import URL, _joined

    from workshop.participant import ParticipantApp
    from workshop.team.views import FaqItemView, FaqView

    FakeClient.instances.clear()
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    faq = FaqView(kind="customer", title="Customer FAQ", items=(FaqItemView(id="q-1", question="How much?"),))
    async with app.run_test(size=PARTICIPANT_SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="faq", faq=(faq,), step_kind="faq", faq_kinds=("customer",), reviewing=True)
        await _quiet(pilot)
        question = app.screen.query_one("#faq-question", Input)
        assert app.focused is question
        burst(pilot, *"Is it", "tab", *"Ten dollars", "tab", *"Nice")
        await _quiet(pilot)
        assert question.value == "Is it"
        assert app.screen.query_one("#faq-answer", Input).value == "Ten dollars"
        assert app.screen.query_one("#comment", Input).value == "Nice"


async def test_leader_key_then_a_step_key_then_typing_goes_to_the_next_step(make_app, make_session) -> None:
    """The leader's key list has no box and reads the letter in its own handler: keys after it wait too."""
    from test_key_presets import _use_leader_preset

    _use_leader_preset()
    path = make_session("Handoff", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _session_on(pilot, "customer-today")
        burst(pilot, *"first box", "ctrl+g", "right", *"second box")
        await _quiet(pilot)
        assert screen.session.current_step == "problem-statement"
        assert screen.session.get_text("customer-today", "today") == "first box"
        assert _box(screen, "problem").text == "second box"
