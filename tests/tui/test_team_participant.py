"""Pilot tests of the participant's app (`workshop join`), driven by a fake team client."""

from __future__ import annotations

import time
from typing import Any

import pytest
from session_helpers import keep_every_notification, wait_until
from team_fakes import FakeClient, FakeDraft
from textual import events
from textual.widgets import Input, OptionList, Static, TextArea

from workshop.participant import ParticipantApp
from workshop.screens.participant import (
    NameScreen,
    ParticipantScreen,
    clean_name,
    timer_level,
)
from workshop.team.views import (
    DraftAssignment,
    FaqItemView,
    FaqView,
    RoundView,
    TimerView,
    VoteOptionView,
    VoteView,
)

SIZE = (100, 40)
URL = "http://127.0.0.1:4321/?t=abc"


@pytest.fixture(autouse=True)
def _fresh_fakes() -> None:
    FakeClient.instances.clear()
    FakeClient.refuse = ""


def _text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def _joined(pilot: Any) -> FakeClient:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ParticipantScreen) and pilot.app.screen.joined)
    await pilot.pause()
    return FakeClient.instances[-1]


async def test_without_a_name_it_asks_first_and_refuses_an_empty_one() -> None:
    app = ParticipantApp(URL, None, make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        assert app.focused is app.screen.query_one("#name", Input)
        await pilot.press("space", "enter")
        assert isinstance(app.screen, NameScreen)
        assert "at least one letter" in _text(app, "#name-problem")
        await pilot.press(*"Ana", "enter")
        client = await _joined(pilot)
        assert client.name == "Ana" and client.url == URL
        assert "Connected as Ana" in _text(app, "#connection")


def test_names_are_one_clean_line() -> None:
    assert clean_name("  Ana\x1b[2J  Lee\u200b ") == "Ana [2J Lee"
    assert clean_name("\x07\x1b") == ""
    assert len(clean_name("x" * 200)) == 40


async def test_a_refused_join_goes_back_to_the_name_with_the_reason() -> None:
    FakeClient.refuse = "The name Ana is taken: pick another."
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NameScreen))
        await pilot.pause()
        assert "Ana is taken" in _text(app, "#name-problem")
        assert app.screen.query_one("#name", Input).value == "Ana"


async def test_the_question_follows_the_facilitator() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="problem", step_title="Customer problem", question="What hurts today?")
        await pilot.pause()
        assert _text(app, "#question") == "What hurts today?"
        assert "Customer problem" in _text(app, "#step-title")
        client.push(step_id="solution", step_title="Solution", question="What do we build?")
        await pilot.pause()
        assert _text(app, "#question") == "What do we build?"


async def test_silent_round_idea_box_focused_enter_sends_only_counts_of_others() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="ideas", step_title="Ideas", question="Ideas?",
                    round=RoundView(id="r1", open=True, revealed=False),
                    counts_by_author=(("Ben", 2),))
        await pilot.pause()
        box = app.screen.query_one("#idea", Input)
        assert app.focused is box
        await pilot.press(*"Cheaper refills", "enter")
        assert client.sent == [("idea", "Cheaper refills")]
        assert box.value == ""
        client.push(my_ideas=("Cheaper refills",), counts_by_author=(("Ben", 2), ("Ana", 1)))
        await pilot.pause()
        assert "Cheaper refills" in _text(app, "#my-ideas")
        assert "Ben: 2" in _text(app, "#counts") and "3" in _text(app, "#counts")
        assert not app.screen.query_one("#revealed").display
        client.push(round=RoundView(id="r1", open=False, revealed=True))
        await pilot.pause()
        assert app.screen.query_one("#revealed").display and not app.screen.query_one("#round").display


async def test_locked_or_disconnected_nothing_typed_is_lost() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="ideas", round=RoundView(id="r1", open=True, revealed=False), locked=True)
        await pilot.pause()
        await pilot.press(*"keep me", "enter")
        box = app.screen.query_one("#idea", Input)
        assert client.sent == [] and box.value == "keep me"
        assert "locked" in _text(app, "#notice")
        client.push(locked=False, connected=False)
        await pilot.pause()
        assert "reconnecting" in _text(app, "#connection")
        assert app.screen.query_one("#connection").has_class("-warn")
        client.push(connected=True)
        await pilot.pause()
        assert box.value == "keep me"  # the unsent idea survives the reconnect
        await pilot.press("enter")
        assert client.sent == [("idea", "keep me")]


async def test_removed_by_the_facilitator_is_shown_clearly() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    keep_every_notification(app)
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="ideas", round=RoundView(id="r1", open=True, revealed=False))
        await pilot.pause()
        client.push(removed=True, connected=False)
        await pilot.pause()
        assert "removed you" in _text(app, "#connection")
        assert app.screen.query_one("#connection").has_class("-bad")
        assert app.screen.query_one("#idea", Input).disabled


async def test_vote_with_the_per_person_limit_and_hidden_results() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    vote = VoteView(id="v1", title="Best idea", dots=2,
                    options=(VoteOptionView("o1", "Refills"), VoteOptionView("o2", "Subscriptions")))
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="ideas", vote=vote)
        await pilot.pause()
        options = app.screen.query_one("#vote-options", OptionList)
        assert app.focused is options
        assert "results show when the facilitator closes" in _text(app, "#vote-help")
        await pilot.press("enter")
        assert client.sent == [("cast", "o1")]
        client.push(vote=VoteView(id="v1", title="Best idea", dots=2, options=vote.options,
                                  my_dots={"o1": 2}))
        await pilot.pause()
        await pilot.press("down", "enter")
        assert client.sent == [("cast", "o1")]  # no dots left: nothing sent
        await pilot.press("up", "minus")
        assert client.sent[-1] == ("retract", "o1")
        client.push(vote=VoteView(id="v1", title="Best idea", dots=2, options=vote.options,
                                  my_dots={"o1": 2}, closed=True, tally={"o1": 5, "o2": 3}))
        await pilot.pause()
        assert "(5 in all)" in str(options.get_option_at_index(0).prompt)


def test_timer_turns_amber_then_red() -> None:
    assert timer_level(300, 600) == "ok"
    assert timer_level(60, 600) == "amber"
    assert timer_level(100, 600) == "amber"  # the last fifth
    assert timer_level(0, 600) == "red"


async def test_timer_counts_down_and_rings_at_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="s", timer=TimerView(planned=300, remaining=200, running=True,
                                                  deadline=time.time() + 200))
        await pilot.pause()
        line = app.screen.query_one("#timer", Static)
        assert "Time left 3:" in str(line.content) and not line.has_class("-amber")
        client.push(timer=TimerView(planned=300, remaining=30, running=True, deadline=time.time() + 30))
        await pilot.pause()
        assert line.has_class("-amber")
        client.push(timer=TimerView(planned=300, remaining=0, running=True, deadline=time.time() - 1))
        await pilot.pause()
        assert line.has_class("-red") and "Time's up" in str(line.content)
        assert rings == [1]
        app.screen._tick()
        assert rings == [1]  # once


async def test_faq_question_answer_and_comment() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    faq = FaqView(kind="customer", title="Customer FAQ",
                  items=(FaqItemView(id="q-1", question="How much?"),))
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="faq", faq=(faq,), step_kind="faq", faq_kinds=("customer",), reviewing=True)
        await pilot.pause()
        assert app.focused is app.screen.query_one("#faq-question", Input)
        await pilot.press(*"Is it safe?", "enter")
        app.screen.query_one("#faq-answer", Input).focus()
        await pilot.press(*"Ten dollars", "enter")
        app.screen.query_one("#comment", Input).focus()
        await pilot.press(*"Nice", "enter")
        assert client.sent == [
            ("question", ("customer", "Is it safe?")),
            ("answer", ("q-1", "Ten dollars")),
            ("comment", ("step:faq", "Nice")),
        ]


async def test_assigned_draft_sends_on_a_word_and_shows_remote_text() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.draft.remote("Today")
        client.push(step_id="pr", assigned=DraftAssignment("pr", "headline", "Headline"))
        await pilot.pause()
        box = app.screen.query_one("#draft-text", TextArea)
        assert app.focused is box and box.text == "Today"
        box.cursor_location = (0, 5)
        await pilot.press("space", *"we")
        await wait_until(pilot, lambda: client.draft.local and client.draft.local[-1] == "Today we")
        client.draft.remote("Big news. Today we")
        await pilot.pause()
        assert box.text == "Big news. Today we"
        assert box.cursor_location == (0, 18)


async def _drafting(pilot: Any, app: Any, text: str) -> tuple[FakeClient, TextArea]:
    client = await _joined(pilot)
    client.draft.remote(text)
    client.push(step_id="pr", assigned=DraftAssignment("pr", "headline", "Headline"))
    await pilot.pause()
    box = app.screen.query_one("#draft-text", TextArea)
    assert app.focused is box and box.text == text
    box.cursor_location = (0, len(text))
    return client, box


async def test_keys_not_sent_yet_survive_a_remote_edit() -> None:
    """Half a word typed (sent on the next space or pause) when someone else's edit arrives."""
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        client, box = await _drafting(pilot, app, "Today we")
        await pilot.press("space", *"sh")  # the space sends "Today we "; "sh" waits
        client.draft.remote("Big news. Today we ")
        await pilot.pause()
        assert box.text == "Big news. Today we sh"
        assert client.draft.text == "Big news. Today we sh"
        assert box.cursor_location == (0, len("Big news. Today we sh"))
        await pilot.press(*"ip", "space")
        assert client.draft.text == "Big news. Today we ship "


async def test_a_word_sent_before_a_remote_edit_is_shown_keeps_that_edit() -> None:
    """The shared text already holds someone else's edit whose redraw is still queued:
    the word typed here is made on it, not on the older text the box shows."""
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        client, box = await _drafting(pilot, app, "Today we")
        client.draft._text = "Big news. Today we"  # arrived; its callback not run yet
        await pilot.press("space")
        assert client.draft.text == "Big news. Today we "
        assert box.text == "Big news. Today we "


async def test_a_late_edit_of_a_draft_no_longer_assigned_is_not_shown() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        client, box = await _drafting(pilot, app, "Old headline")
        old = client.draft
        client.draft = FakeDraft("Call to action")
        client.push(step_id="pr", assigned=DraftAssignment("pr", "cta", "Call to action"))
        await pilot.pause()
        assert box.text == "Call to action"
        old.remote("A late edit of the headline")
        await pilot.pause()
        assert box.text == "Call to action"
        await pilot.press("end", "space")
        assert client.draft.text == "Call to action "
        assert old.text == "A late edit of the headline"


def test_the_draft_cursor_stays_with_its_text() -> None:
    from workshop.screens.participant import moved_cursor

    assert moved_cursor("Today we", "Big news. Today we", 8) == 18  # inserted before
    assert moved_cursor("Today we", "Today we ship", 5) == 5  # inserted after
    assert moved_cursor("Today we", "Tod we", 8) == 6  # deleted before
    assert moved_cursor("abc", "", 2) == 0


async def test_keys_never_go_to_a_box_that_was_hidden() -> None:
    """A round starting while the FAQ box has the focus: the idea box takes it (typing went nowhere)."""
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    faq = FaqView(kind="customer", title="Customer FAQ", items=())
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="s", faq=(faq,), step_kind="faq", faq_kinds=("customer",))
        await pilot.pause()
        assert app.focused is app.screen.query_one("#faq-question", Input)
        client.push(round=RoundView(id="r1", open=True, revealed=False))
        await pilot.pause()
        await pilot.press(*"Busy parents", "enter")
        assert client.sent == [("idea", "Busy parents")]


async def test_an_unexpected_join_failure_is_said_not_left_connecting() -> None:
    FakeClient.refuse = "crash:sync broke"
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NameScreen))
        await pilot.pause()
        assert "RuntimeError: sync broke" in _text(app, "#name-problem")


async def test_other_peoples_text_is_shown_literally() -> None:
    """Option texts, names and questions come from other people: no markup, no control characters."""
    app = ParticipantApp(URL, "[b]Ana", make_client=FakeClient)
    vote = VoteView(id="v1", title="T", dots=1, options=(VoteOptionView("o1", "[red]Refills\x1b[2J"),))
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="s", vote=vote, name="[b]Ana")
        await pilot.pause()
        options = app.screen.query_one("#vote-options", OptionList)
        drawn = "".join(options.render_line(y).text for y in range(options.size.height))
        assert "[red]Refills␛[2J" in drawn
        assert "Connected as [b]Ana" in _text(app, "#connection")


async def test_a_request_the_client_refuses_is_said_and_the_text_stays() -> None:
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    keep_every_notification(app)
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="ideas", round=RoundView(id="r1", open=True, revealed=False))
        await pilot.pause()
        await pilot.press(*("x" * 40), "enter")
        await pilot.pause()
        assert app.screen.query_one("#idea", Input).value == "x" * 40
        assert any("longer than 30" in str(n.message) for n in app.notification_log)
        assert app.is_running


async def test_each_box_shows_only_on_the_step_it_belongs_to() -> None:
    """The FAQ box on FAQ steps (for that step's list), comments in the review, else a line saying so."""
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    faqs = (FaqView(kind="customer", title="Customer FAQ", items=(FaqItemView(id="q-1", question="How much?"),)),
            FaqView(kind="internal", title="Internal FAQ", items=(FaqItemView(id="q-2", question="Who runs it?"),)))
    async with app.run_test(size=SIZE) as pilot:
        client = await _joined(pilot)
        client.push(step_id="problem", step_title="Problem", question="What hurts?", step_kind="questions",
                    faq=faqs)
        await pilot.pause()
        screen = app.screen
        shown_now = [section.id for section in screen.query(".section") if section.display]
        assert shown_now == []  # no FAQ box and no comment box on a plain question
        assert screen.query_one("#idle").display and "nothing to add" in _text(app, "#idle")
        await pilot.press(*"lost")  # typing goes nowhere hidden
        assert client.sent == []
        client.push(step_id="internal-faq", step_kind="faq", faq_kinds=("internal",))
        await pilot.pause()
        assert screen.query_one("#faq").display and not screen.query_one("#idle").display
        items = screen.query_one("#faq-items", OptionList)
        assert items.option_count == 1 and "Who runs it?" in str(items.get_option_at_index(0).prompt)
        assert not screen.query_one("#comment-box").display
        await pilot.press(*"Who pays?", "enter")
        assert client.sent == [("question", ("internal", "Who pays?"))]  # the step's own FAQ list
        client.push(step_id="pr-summary", step_kind="press_release", faq_kinds=(), reviewing=True)
        await pilot.pause()
        assert not screen.query_one("#faq").display and screen.query_one("#comment-box").display
        assert app.focused is screen.query_one("#comment", Input)


async def test_after_a_refused_link_a_new_one_can_be_pasted() -> None:
    FakeClient.refuse = "This link is not valid: ask the facilitator for the current one."
    app = ParticipantApp(URL, "Ana", make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NameScreen))
        await pilot.pause()
        link = app.screen.query_one("#link", Input)
        assert link.display and link.value == URL
        link.value = ""
        link.focus()
        await pilot.press(*"ftp://nope", "enter")
        assert isinstance(app.screen, NameScreen) and "not a join link" in _text(app, "#name-problem")
        link.value = ""
        app.screen.post_message(events.Paste("http://127.0.0.1:4321/?t=new\n"))  # reaches the focused box
        await pilot.press("enter")
        client = await _joined(pilot)
        assert client.url == "http://127.0.0.1:4321/?t=new" and client.name == "Ana"


async def test_the_link_box_is_not_shown_before_a_refusal() -> None:
    app = ParticipantApp(URL, None, make_client=FakeClient)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#link", Input).display
