"""Pilot tests: Enter typed in a burst submits each item with its own text, in order (EntryInput)."""

from __future__ import annotations

from pathlib import Path

import pytest
from facilitation_host import SIZE as HOST_SIZE
from facilitation_host import make_host
from session_helpers import SIZE, session_screen, settle, wait_until
from team_fakes import FakeClient
from test_typeahead import burst
from textual.app import App, ComposeResult
from textual.widgets import Input, Select

from workshop.participant import ParticipantApp
from workshop.screens.brainstorm import BrainstormDialog
from workshop.screens.participant import ParticipantScreen
from workshop.team.views import RoundView

URL = "http://127.0.0.1:4321/?t=abc"
ITEMS = ["alpha one", "beta two", "gamma three", "delta four"]


def typed_burst(pilot, *items: str, last: str = "") -> None:
    """Post every item and its Enter at once (no pause between keys), then `last` without Enter."""
    keys: list[str] = []
    for item in items:
        keys += [*item, "enter"]
    burst(pilot, *keys, *last)


@pytest.fixture(autouse=True)
def _fresh_fakes() -> None:
    FakeClient.instances.clear()
    FakeClient.refuse = ""


async def _idea_box(pilot) -> tuple[FakeClient, Input]:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen.joined)
    await pilot.pause()
    client = FakeClient.instances[-1]
    client.push(step_id="ideas", step_title="Ideas", question="Ideas?",
                round=RoundView(id="r1", open=True, revealed=False))
    await pilot.pause()
    box = app.screen.query_one("#idea", Input)
    assert app.focused is box
    return client, box


async def test_participant_ideas_typed_in_a_burst_arrive_one_by_one_in_order() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=(100, 40)) as pilot:
        client, box = await _idea_box(pilot)
        typed_burst(pilot, *ITEMS, last="eps")
        await wait_until(pilot, lambda: len(client.sent) >= len(ITEMS) and box.value == "eps")
        await settle(pilot)
        assert client.sent == [("idea", item) for item in ITEMS]
        assert box.value == "eps", "what was typed after the last Enter stays in the box"


async def test_participant_a_refused_idea_goes_back_in_front_and_the_next_ones_are_sent() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=(100, 40)) as pilot:
        client, box = await _idea_box(pilot)
        too_long = "x" * 31  # FakeClient refuses ideas over 30 characters
        typed_burst(pilot, too_long, "ok", last="more")
        await wait_until(pilot, lambda: client.sent and box.value.endswith("more"))
        await settle(pilot)
        assert client.sent == [("idea", "ok")]
        assert box.value == too_long + "more", "the refused text is back, nothing typed is lost"
        assert box.cursor_position == len(box.value)


async def test_facilitator_idea_capture_burst_adds_each_idea_in_order(clock) -> None:
    app = make_host()
    async with app.run_test(size=HOST_SIZE) as pilot:
        await pilot.press("alt+i")
        await pilot.pause()
        assert isinstance(app.screen, BrainstormDialog)
        box = app.screen.query_one("#idea-input", Input)
        assert app.focused is box
        typed_burst(pilot, *ITEMS, last="eps")
        session = app.document.session
        await wait_until(pilot, lambda: len(session.get_answer("problem-benefit", "candidates") or []) >= len(ITEMS))
        await settle(pilot)
        assert session.get_answer("problem-benefit", "candidates") == ITEMS
        assert box.value == "eps"


async def test_faq_new_questions_typed_in_a_burst_are_separate_questions(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-customer")
        await pilot.pause()
        panel = screen.step_view.faq_panel()
        box = app.focused
        assert isinstance(box, Input) and box.id == "new-question"
        before = [item.question for item in panel.items]
        questions = [f"{item}?" for item in ITEMS]
        typed_burst(pilot, *questions, last="eps")
        await wait_until(pilot, lambda: len(panel.items) >= len(before) + len(questions))
        await settle(pilot)
        assert [item.question for item in panel.items] == before + questions
        assert [i.question for i in screen.session.faq_items("customer")] == before + questions
        assert box.value == "eps"



async def test_review_comments_typed_in_a_burst_are_separate_comments(make_app, worked_example: Path) -> None:
    from coach_helpers import coach_app
    from test_review import _open_review

    from workshop.screens.review import DOCUMENT_VALUE

    app = coach_app(make_app, worked_example)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, review = await _open_review(app, pilot, worked_example)
        await pilot.click("#skip-reading")
        await pilot.press("ctrl+n")
        await pilot.pause()
        review.query_one("#anchor").value = DOCUMENT_VALUE
        review.query_one("#author", Input).value = "Ana"
        box = review.query_one("#comment-text", Input)
        box.focus()
        await pilot.pause()
        before = len(screen.session.comments)
        typed_burst(pilot, *ITEMS, last="eps")
        await wait_until(pilot, lambda: len(screen.session.comments) >= before + len(ITEMS))
        await settle(pilot)
        assert [c.text for c in screen.session.comments[before:]] == ITEMS
        assert box.value == "eps"


async def test_a_dialog_box_submits_the_text_typed_before_enter(clock) -> None:
    from workshop.screens.prompt import TextPrompt

    app = make_host()
    results: list[str | None] = []
    async with app.run_test(size=HOST_SIZE) as pilot:
        app.push_screen(TextPrompt("Park a point"), results.append)
        await pilot.pause()
        typed_burst(pilot, "park this", last="later")
        await wait_until(pilot, lambda: bool(results))
        await settle(pilot)
        assert results == ["park this"], "the keys typed after Enter are not part of the answer"


async def test_enter_in_a_select_list_picks_the_option_highlighted_before_it() -> None:
    """Enter in a Select's open list is a binding the app ran after the keys typed
    next had moved the highlight (type to search): a burst `b enter e` picked "Robert".
    `install()` handles the select key in the list's own queue, in order."""

    from workshop import textual_compat

    textual_compat.install()

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Select([("Ana", 1), ("Bob", 2), ("Robert", 3)], value=1)

    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        select = app.query_one(Select)
        select.focus()
        await pilot.press("enter")  # opens the list
        await pilot.pause()
        assert select.expanded
        burst(pilot, "b", "enter", "e")  # "b" finds Bob; "be" would find Robert
        for _ in range(20):
            await pilot.pause()
        assert select.value == 2
