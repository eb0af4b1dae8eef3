"""Pilot tests: keys typed just before a step change, save or quit land in their box and on disk.

The terminal hands Textual a burst of keys at once; priority bindings (F6,
ctrl+q, the panel toggles) run as soon as the app reads them, while the keys
before them may still wait in the focused box's queue. `burst` reproduces
that: it posts every key to the app without waiting in between (unlike
`pilot.press`, which lets the app go idle after each key).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from session_helpers import SIZE, session_screen, settle, wait_until
from textual import events
from textual.widgets import Input, TextArea

from workshop import autosave as autosave_mod
from workshop import store


def burst(pilot, *keys: str) -> None:
    """Post `keys` to the app at once, as a terminal delivers a burst of type-ahead.

    A single character is typed as itself; longer names ("f6", "ctrl+q") are keys.
    """
    app = pilot.app
    for key in keys:
        if len(key) == 1:
            name = key if key.isalnum() else unicodedata.name(key).lower().replace(" ", "_")
            event = events.Key(name, key)
        else:
            event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)  # what the terminal driver does for each key


SENTENCE = "The quick brown fox jumps over the lazy dog"


async def _open(pilot) -> None:
    await settle(pilot)
    await wait_until(pilot, lambda: session_screen(pilot.app).navigator is not None)
    await settle(pilot)


@pytest.mark.parametrize("key", ["f6", "f5", "f8", "f9", "f10", "f4", "f7", "f12", "alt+k", "alt+o", "ctrl+p"])
async def test_keys_typed_right_before_a_binding_land_in_the_box(
    make_app, make_session, key: str
) -> None:
    path = make_session("Typeahead", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = session_screen(app)
        assert isinstance(app.focused, TextArea)
        burst(pilot, *SENTENCE, key)
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert screen.session.get_text("customer-today", "today") == SENTENCE
        screen.save_in_background()
        await wait_until(pilot, lambda: not screen.document.dirty)
    assert store.load(path).get_text("customer-today", "today") == SENTENCE


async def test_keys_typed_after_next_step_go_to_the_next_box(make_app, make_session) -> None:
    path = make_session("Typeahead", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = session_screen(app)
        burst(pilot, *"first box", "f6", *"second box")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert screen.session.current_step == "problem-statement"
        assert screen.session.get_text("customer-today", "today") == "first box"
        assert screen.session.get_text("problem-statement", "problem") == "second box"


async def test_ctrl_q_right_after_typing_saves_every_key(make_app, make_session) -> None:
    path = make_session("Typeahead", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        burst(pilot, *SENTENCE, "ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert store.load(path).get_text("customer-today", "today") == SENTENCE


async def test_ctrl_q_right_after_a_short_answer_saves_it(make_app, make_session) -> None:
    """The same with an Input (a one-line answer)."""
    path = make_session("Typeahead")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        assert isinstance(app.focused, Input)
        burst(pilot, *"Night nurses", "ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert store.load(path).get_text("customer-who", "segment") == "Night nurses"


@pytest.fixture
def no_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave far away, so only the key under test writes the file."""

    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 60.0)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 60.0)


async def test_save_key_right_after_typing_saves_every_key(
    make_app, make_session, no_autosave
) -> None:
    path = make_session("Typeahead", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = session_screen(app)
        burst(pilot, *SENTENCE, "f2")
        # The status starts as "saved" and the keys are only scheduled: wait for the file itself
        # (autosave is a minute away, so only the save key can write it in time).
        await wait_until(pilot, lambda: store.load(path).get_text("customer-today", "today") == SENTENCE)
        await settle(pilot)
        assert screen.status_bar.save_state == "saved"
        assert store.load(path).get_text("customer-today", "today") == SENTENCE


async def test_export_key_right_after_typing_exports_every_key(
    make_app, make_session, no_autosave
) -> None:
    path = make_session("Typeahead", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        burst(pilot, *SENTENCE, "f3")
        exported = path.with_suffix(".md")
        await wait_until(pilot, exported.exists)
        await settle(pilot)
        assert SENTENCE in exported.read_text(encoding="utf-8")


# ---------------------------------------------------------------- FAQ new-question draft
QUESTION = "Does it work offline"


async def _on_faq(pilot):
    await _open(pilot)
    screen = session_screen(pilot.app)
    await screen.show_step("faq-customer")
    await settle(pilot)
    new = pilot.app.focused
    assert isinstance(new, Input) and new.id == "new-question"
    return screen, new


@pytest.mark.parametrize("key", ["f6", "f5"])
async def test_new_question_draft_is_kept_over_a_step_change_and_shown_again(
    make_app, make_session, no_autosave, key: str
) -> None:
    path = make_session("Typeahead")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen, _new = await _on_faq(pilot)
        burst(pilot, *QUESTION, key)
        await settle(pilot)
        assert screen.session.current_step != "faq-customer"
        assert screen.session.faq_drafts == {"customer": QUESTION}
        await screen.show_step("faq-customer")
        await settle(pilot)
        new = screen.step_view.faq_panel().query_one("#new-question", Input)
        assert new.value == QUESTION, "the draft is back in the box"
        burst(pilot, "enter")
        await settle(pilot)
        assert [item.question for item in screen.session.faq_items("customer")] == [QUESTION]
        assert screen.session.faq_drafts == {}, "added: no longer a draft"


async def test_new_question_draft_is_saved_on_quit_and_reopened(
    make_app, make_session, no_autosave
) -> None:
    path = make_session("Typeahead")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _on_faq(pilot)
        burst(pilot, *QUESTION, "ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert store.load(path).faq_drafts == {"customer": QUESTION}
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = session_screen(app)
        assert screen.session.current_step == "faq-customer"
        new = screen.step_view.faq_panel().query_one("#new-question", Input)
        assert new.value == QUESTION


async def test_new_question_draft_is_autosaved(
    make_app, make_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On disk within the autosave delay, so a SIGKILL or power cut keeps it."""

    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 0.2)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 0.2)
    path = make_session("Typeahead")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _on_faq(pilot)
        await pilot.press(*QUESTION)
        await wait_until(pilot, lambda: store.load(path).faq_drafts.get("customer") == QUESTION)


async def test_new_question_draft_is_saved_by_the_crash_handler(
    make_app, make_session, no_autosave, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop.app import WorkshopApp

    def explode(self) -> None:
        raise RuntimeError("boom")

    path = make_session("Typeahead")
    app = make_app(session_path=path)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=SIZE) as pilot:
            await _on_faq(pilot)
            monkeypatch.setattr(WorkshopApp, "action_help", explode)
            await pilot.press(*QUESTION, "f1")
            await pilot.pause()
    assert store.load(path).faq_drafts == {"customer": QUESTION}


# ---------------------------------------------------------------- autosave under load
BURST = ("lorem ipsum dolor sit amet " * 120)[:3000]


def _record_writes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, int]]:
    """(time, length of the customer-today answer) of every session write."""
    import time

    from workshop.document import OpenDocument

    writes: list[tuple[float, int]] = []
    original = OpenDocument.write

    def recording(self, revision, data, path=None):
        answer = data.get("answers", {}).get("customer-today", {}).get("today", "")
        writes.append((time.monotonic(), len(answer)))
        return original(self, revision, data, path)

    monkeypatch.setattr(OpenDocument, "write", recording)
    return writes


async def test_a_long_burst_is_saved_while_it_is_worked_through(
    make_app, make_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3,000 keys at once: the file is updated during the backlog, not only at its end."""
    import time


    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 0.5)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 0.5)
    path = make_session("Burst", current_step="customer-today")
    writes = _record_writes(monkeypatch)
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = session_screen(app)
        writes.clear()
        start = time.monotonic()
        burst(pilot, *BURST)
        await wait_until(pilot, lambda: any(n == len(BURST) for _, n in writes), timeout=60)
        took = time.monotonic() - start
        partial = [(round(t - start, 2), n) for t, n in writes if 0 < n < len(BURST)]
        assert screen.session.get_text("customer-today", "today") == BURST
    assert store.load(path).get_text("customer-today", "today") == BURST
    assert partial, f"nothing saved while {len(BURST)} keys were worked through ({took:.1f} s)"
    # Regular saves while the backlog is worked through (the first one waits for the first keys to be
    # handled, which takes seconds on a loaded machine: it must come in the first half of the burst).
    times = [t for t, _ in partial]
    assert times[0] < took / 2, f"first save during the burst at {times[0]} s of {took:.1f} s"
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert not gaps or max(gaps) < 2.5, f"saves during the burst {partial}: more than 2.5 s apart"
    assert len(writes) < 40, f"{len(writes)} writes for {len(BURST)} keys: saving per key"


async def test_a_burst_reports_to_the_session_in_batches_not_per_key(
    make_app, make_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a long answer for each key made typing cost grow with the answer."""
    from workshop.widgets.fields import FieldEditor

    reports: list[int] = []
    original = FieldEditor.post_message

    def counting(self, message):
        if isinstance(message, FieldEditor.Changed):
            reports.append(len(message.value))
        return original(self, message)

    monkeypatch.setattr(FieldEditor, "post_message", counting)
    path = make_session("Burst", current_step="customer-today")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = session_screen(app)
        reports.clear()
        burst(pilot, *BURST[:500])
        await wait_until(
            pilot, lambda: screen.session.get_text("customer-today", "today") == BURST[:500]
        )
    assert 1 <= len(reports) <= 50, f"{len(reports)} reports for 500 keys"


async def test_a_burst_in_an_faq_answer_is_reported_in_batches_and_kept(
    make_app, make_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop.widgets.faq_list import FaqPanel

    updates: list[str] = []
    original = FaqPanel._edited

    def counting(self, item_id, **changes):
        if "answer" in changes:
            updates.append(changes["answer"])
        return original(self, item_id, **changes)

    monkeypatch.setattr(FaqPanel, "_edited", counting)
    path = make_session("Burst")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen, _new = await _on_faq(pilot)
        await pilot.press(*"Is it safe?", "enter", "tab", "enter")
        await settle(pilot)
        assert isinstance(app.focused, TextArea) and app.focused.id == "edit-answer"
        updates.clear()
        burst(pilot, *BURST[:400], "f6")
        await settle(pilot)
        assert screen.session.current_step != "faq-customer"
        assert screen.session.faq_items("customer")[0].answer == BURST[:400]
        await wait_until(pilot, lambda: not screen.document.dirty)
    assert 1 <= len(updates) <= 40, f"{len(updates)} updates for 400 keys"
    assert store.load(path).faq_items("customer")[0].answer == BURST[:400]


async def test_keys_typed_right_before_a_reveal_are_kept_with_the_ideas(
    make_app, sample_session: Path
) -> None:
    """alt+r (a priority key) changes the answer: the keys typed before it land first."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = session_screen(app)
        await screen.show_step("problem-benefit")
        await settle(pilot)
        await pilot.press("alt+s")
        await pilot.pause()
        capture = app.screen.query_one("#idea-input", Input)
        await pilot.press("ctrl+o")  # Ari
        capture.value = "Get the deposit back"
        await pilot.press("enter", "escape")
        await settle(pilot)
        box = app.focused
        assert isinstance(box, TextArea), box
        burst(pilot, *"My own idea", "alt+r")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        candidates = screen.session.get_answer("problem-benefit", "candidates")
        assert candidates == ["My own idea", "Get the deposit back"], candidates


async def test_a_candidate_typed_right_before_alt_v_is_on_the_ballot(
    make_app, make_session
) -> None:
    """Every priority key waits for the keys typed before it (here: dot-voting)."""
    path = make_session(
        "Vote", answers={"problem-benefit": {"candidates": "First\nSecond"}},
        current_step="problem-benefit",
    )
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        box = app.focused
        assert isinstance(box, TextArea)
        box.move_cursor(box.document.end)
        burst(pilot, "enter", *"Third", "alt+v")
        await settle(pilot)
        await pilot.pause(0.2)
        from workshop.screens.voting import VotingScreen

        assert isinstance(app.screen, VotingScreen)
        options = [option.text for option in app.screen.vote.options]
        assert options == ["First", "Second", "Third"], options
