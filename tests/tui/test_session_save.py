"""Pilot tests of saving from the session screen: debounced autosave, failures, save as, export."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from session_helpers import (
    SIZE,
    WriteCounter,
    command_names,
    notifications,
    run_command,
    session_screen,
    settle,
    wait_until,
)
from textual.widgets import Input

from workshop import autosave as autosave_mod
from workshop import store
from workshop.screens.dialogs import ConfirmDialog, PathDialog
from workshop.screens.export_dialog import ExportDialog
from workshop.storage import atomic, locking


@pytest.fixture
def fast_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shorter autosave pause and retry interval, so the tests run quickly."""
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 0.3)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 30.0)  # test the pure debounce here
    monkeypatch.setattr(autosave_mod, "RETRY_DELAY", 0.3)


def refuse_writes(monkeypatch: pytest.MonkeyPatch, *targets: Path) -> dict[str, int]:
    """Make atomic.atomic_write fail for `targets` until `state["broken"]` is False.

    Other files (the session lock, backups) are written as usual.
    """
    real = atomic.atomic_write
    state = {"broken": True, "refused": 0}

    def maybe_fail(path, text, **kwargs):
        if state["broken"] and Path(path) in targets:
            state["refused"] += 1
            raise atomic.SaveError(13, f"can't save {path}: Permission denied")
        return real(path, text, **kwargs)

    monkeypatch.setattr(atomic, "atomic_write", maybe_fail)
    return state


async def type_until_saving_fails(app, pilot, text: str):  # type: ignore[no-untyped-def]
    """Put `text` in the focused box and wait until its save fails; returns the session screen."""
    screen = session_screen(app)
    app.focused.value = text
    await pilot.pause()
    await wait_until(pilot, lambda: screen.status_bar.save_state == "failed")
    return screen


async def save_as(app, pilot, target: Path) -> None:  # type: ignore[no-untyped-def]
    """Palette "Save session as…", the new file typed in its dialog, Enter."""
    await run_command(app, "Save session as…")
    await wait_until(pilot, lambda: isinstance(app.screen, PathDialog) and getattr(app.focused, "id", "") == "path")
    app.screen.query_one(Input).value = str(target)
    await pilot.press("enter")


async def test_autosave_waits_for_a_pause_then_saves_once(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A loaded machine can take more than fast_saves' 0.3 s (and once seen, 1 s) between two
    # pressed keys: a pause that long would rightly save twice.
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 3.0)
    writes = WriteCounter(monkeypatch)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert writes.count == 0, "opening a session does not write it"
        await pilot.press(*"Night nurses")  # twelve changes, each well inside the pause
        assert screen.status_bar.save_text == "Saving…"
        await wait_until(pilot, lambda: writes.count >= 1)
        await settle(pilot)
        await pilot.pause(0.5)
        assert writes.count == 1, f"one save after the pause, not one per key ({writes.calls})"
        assert store.load(sample_session).get_text("customer-who", "segment") == "Night nurses"
        assert screen.status_bar.save_state == "saved"
        assert screen.status_bar.save_text.startswith("Saved ")
        assert not screen.document.dirty


async def test_steady_typing_is_saved_without_waiting_for_a_pause(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone who never pauses still has their words on disk every SAVE_MAX_WAIT."""
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 30.0)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 0.4)
    writes = WriteCounter(monkeypatch)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for letter in "steady typing":
            await pilot.press(letter)
            await pilot.pause(0.1)
        assert writes.count >= 1, "a 30 s pause never came, yet the max wait forced a save"
        # The count goes up as the write starts (in a worker thread): wait for the file itself.
        await wait_until(pilot, lambda: bool(store.load(sample_session).get_text("customer-who", "segment")))
        saved = store.load(sample_session).get_text("customer-who", "segment")
        assert "steady typing".startswith(saved)


async def test_autosave_delay_is_about_one_second(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert autosave_mod.SAVE_DELAY == 1.0
    writes = WriteCounter(monkeypatch)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = app.focused
        assert isinstance(field, Input)
        field.value = "Nurses"
        await pilot.pause(0.5)
        assert writes.count == 0, "not saved before the pause is over"
        await wait_until(pilot, lambda: writes.count == 1)
        # The count goes up as the write starts (in a worker thread): wait for the file itself.
        await wait_until(pilot, lambda: "Nurses" in sample_session.read_text(encoding="utf-8"))


async def test_typing_never_waits_for_a_save(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    entered = threading.Event()
    real = atomic.atomic_write

    def slow_write(path, text, **kwargs):
        if Path(path) == sample_session:  # not the lock file or other helpers' files
            entered.set()
            gate.wait(10)
        return real(path, text, **kwargs)

    monkeypatch.setattr(atomic, "atomic_write", slow_write)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press(*"abc")
        await wait_until(pilot, entered.is_set)  # the worker is now stuck in the write
        await pilot.press(*"def")
        assert screen.session.get_text("customer-who", "segment") == "abcdef"
        assert app.focused.value == "abcdef"  # type: ignore[union-attr]
        gate.set()
        await wait_until(pilot, lambda: not screen.document.dirty)
        await settle(pilot)
    assert store.load(sample_session).get_text("customer-who", "segment") == "abcdef"


async def test_failed_save_keeps_the_text_says_so_and_retries(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = refuse_writes(monkeypatch, sample_session)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await type_until_saving_fails(app, pilot, "Words that must not be lost")
        assert screen.status_bar.save_text.startswith("NOT SAVED: ")
        assert "Permission denied" in screen.status_bar.save_text
        shown = notifications(app)
        assert "NOT SAVED" in shown and "Save session as" in shown and "retried" in shown
        assert screen.session.get_text("customer-who", "segment") == "Words that must not be lost"
        assert "must not be lost" not in sample_session.read_text(encoding="utf-8")
        await wait_until(pilot, lambda: state["refused"] >= 3)  # it keeps retrying
        assert notifications(app).count("NOT SAVED") == 1, "one notification, not one per try"
        state["broken"] = False
        await wait_until(pilot, lambda: screen.status_bar.save_state == "saved")
        assert "Everything is on disk again" in notifications(app)
    assert "must not be lost" in sample_session.read_text(encoding="utf-8")


async def test_a_retry_with_nothing_left_to_write_ends_the_failure(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving failed; then the file came to hold every change another way (here: marked so, as
    a save elsewhere or a reload does). The next retry has nothing to write: the status said
    NOT SAVED for good before; now it says saved, at what time, and a toast says so."""
    refuse_writes(monkeypatch, sample_session)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await type_until_saving_fails(app, pilot, "Kept")
        assert "Permission denied" in screen.status_bar.save_text
        document = screen.document
        document.saved_revision = document.session.revision
        await wait_until(pilot, lambda: screen.status_bar.save_state == "saved")
        assert re.fullmatch(r"Saved \d\d:\d\d", screen.status_bar.save_text)
        assert f"Saved: Everything is on disk again: {sample_session}" in notifications(app)
        assert not screen.files.autosave.failing


async def test_save_as_moves_the_session_somewhere_writable(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    refuse_writes(monkeypatch, sample_session)
    target = tmp_path / "elsewhere" / "rescued.toml"
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await type_until_saving_fails(app, pilot, "Rescue me")
        await save_as(app, pilot, target)
        await wait_until(pilot, lambda: session_screen(app).document.path == target)
        await wait_until(pilot, lambda: screen.status_bar.save_state == "saved")  # slow under load
        assert str(target) in notifications(app)
        assert store.load(target).get_text("customer-who", "segment") == "Rescue me"
        await pilot.press(*"!")  # later changes autosave to the new file
        await wait_until(pilot, lambda: not screen.document.dirty)
    assert store.load(target).get_text("customer-who", "segment") == "Rescue me!"


async def test_a_save_running_during_save_as_does_not_say_not_saved_afterwards(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A retry writing to the old file while "Save session as…" moves the session.

    The retry fails (the old file is still unwritable) but its result arrives after the move:
    it is about a file the session no longer saves to. CI saw the status stay "failed" for
    good after such a move (the retry that followed found nothing to write and left it so).
    """
    refuse_writes(monkeypatch, sample_session)
    target = tmp_path / "elsewhere" / "rescued.toml"
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        document = screen.document
        real_write = document.write
        held = threading.Event()

        def write_then_wait_for_the_move(revision, data, path=None):  # type: ignore[no-untyped-def]
            result = real_write(revision, data, path)
            if not result.ok and result.path == sample_session:
                held.set()  # report the failure only once the session has moved
                deadline = time.monotonic() + 30
                while document.path == sample_session and time.monotonic() < deadline:
                    time.sleep(0.01)
            return result

        await type_until_saving_fails(app, pilot, "Rescue me")
        monkeypatch.setattr(document, "write", write_then_wait_for_the_move)
        await wait_until(pilot, held.is_set)  # a retry failed and waits to report it
        await save_as(app, pilot, target)
        await wait_until(pilot, lambda: screen.document.path == target)
        await wait_until(pilot, lambda: "Saved as" in notifications(app))
        await wait_until(pilot, lambda: not screen.files.autosave.saving)  # the old retry reported
        await pilot.pause(1.0)  # three retry periods: a failure taken as current would show by now
        assert screen.status_bar.save_state == "saved"
        after_move = notifications(app).split("Saved as", 1)[1]
        assert "NOT SAVED" not in after_move
        assert store.load(target).get_text("customer-who", "segment") == "Rescue me"
        assert "Rescue me" not in sample_session.read_text(encoding="utf-8")


async def test_save_key_saves_now(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = WriteCounter(monkeypatch)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.focused.value = "Saved by hand"  # type: ignore[union-attr]
        await pilot.pause()
        await pilot.press("f2")
        await settle(pilot)
        assert writes.count == 1
        assert "Saved by hand" in sample_session.read_text(encoding="utf-8")
        assert str(sample_session) in notifications(app)
        await pilot.pause(1.3)  # the autosave timer was cancelled: no second write
        assert writes.count == 1


async def test_export_from_inside_writes_markdown_next_to_the_session(
    make_app, sample_session: Path
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        app.focused.value = "Parents of toddlers"  # type: ignore[union-attr]
        await pilot.pause()
        await pilot.press("f3")
        await settle(pilot)
        expected = sample_session.with_suffix(".md")
        assert screen.last_export == expected
        text = expected.read_text(encoding="utf-8")
        assert text.startswith("# Sample session\n")
        assert "Parents of toddlers" in text
        assert f"Exported to Markdown: {expected}" in notifications(app)


async def test_export_as_writes_where_the_user_says(
    make_app, sample_session: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "prfaq.md"
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.focused.value = "Cyclists"  # type: ignore[union-attr]
        await pilot.pause()
        await run_command(app, "Export PR/FAQ as…")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "Cyclists" in target.read_text(encoding="utf-8")
        assert str(target) in notifications(app)


async def test_two_exports_at_once_each_keep_their_own_choices(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The review's HTML copy with comments is still being written when a Markdown export
    finishes: each is announced with its own format, and F3 repeats the Markdown one (the
    last choices written were once read for both, so the HTML file became what F3 replaces)."""
    from workshop.export import write as export_write
    from workshop.export.write import ExportOptions

    real = export_write.write_snapshot
    release, held = threading.Event(), threading.Event()

    def slow_html(data, template, target, **kwargs):  # type: ignore[no-untyped-def]
        if Path(target).suffix == ".html":
            held.set()
            release.wait(15)
        return real(data, template, target, **kwargs)

    monkeypatch.setattr(export_write, "write_snapshot", slow_html)
    review, plain = tmp_path / "review.html", tmp_path / "plain.md"
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        files = session_screen(app).files
        files.export_to(review, ExportOptions(format="html", with_comments=True), False)
        await wait_until(pilot, held.is_set)
        files.export_to(plain, ExportOptions(), False)
        await wait_until(pilot, lambda: str(plain) in notifications(app))
        release.set()
        await wait_until(pilot, lambda: str(review) in notifications(app))
        shown = notifications(app)
        assert f"Exported to Markdown: {plain}" in shown
        assert f"Exported to HTML: {review}" in shown
        assert files.last_export == plain and files.export_options == ExportOptions()


async def test_failed_export_says_why_and_where_else(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        refuse_writes(monkeypatch, sample_session.with_suffix(".md"))
        await pilot.press("f3")
        await settle(pilot)
        shown = notifications(app)
        assert "Export failed" in shown and "Permission denied" in shown
        assert "Export PR/FAQ as" in shown
        assert not sample_session.with_suffix(".md").exists()


async def test_read_only_session_says_so_and_can_be_taken_over(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch
) -> None:

    real = locking.try_acquire
    other = {"open": True}

    def maybe_held(path):
        if other["open"]:
            return locking.Holder(pid=4242, host="other-laptop", user="sam")
        return real(path)

    monkeypatch.setattr(locking, "try_acquire", maybe_held)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.document.read_only
        assert screen.status_bar.save_text.startswith("READ-ONLY")
        assert "Read-only" in notifications(app) and "Take over session" in notifications(app)
        assert "Take over session" in command_names(app)
        app.focused.value = "Typed while read-only"  # type: ignore[union-attr]
        await pilot.pause(0.6)
        assert "Typed while read-only" not in sample_session.read_text(encoding="utf-8")
        assert screen.session.get_text("customer-who", "segment") == "Typed while read-only"

        await run_command(app, "Take over session")  # still open elsewhere: nothing changes
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("enter")
            await pilot.pause()
        assert screen.document.read_only and "Still open elsewhere" in notifications(app)

        other["open"] = False
        await run_command(app, "Take over session")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))  # asks first: typed text is replaced
        await pilot.press("enter")
        await settle(pilot)
        screen = session_screen(app)
        assert not screen.document.read_only
        assert not screen.status_bar.read_only
        assert "Take over session" not in command_names(app)
        field = app.focused
        assert isinstance(field, Input) and field.value == ""  # reloaded from the file
        field.value = "Mine now"
        await wait_until(pilot, lambda: screen.session.get_text("customer-who", "segment") == "Mine now")
        await wait_until(pilot, lambda: not screen.document.dirty)
    assert store.load(sample_session).get_text("customer-who", "segment") == "Mine now"


async def test_a_read_only_save_failing_during_the_take_over_is_not_news_after_it(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-only window's autosave fails ("open in another window"); that failure is
    reported only after "Take over session" made the window the one that saves."""
    real = locking.try_acquire
    other = {"open": True}
    monkeypatch.setattr(
        locking,
        "try_acquire",
        lambda path: locking.Holder(pid=4242, host="other-laptop", user="sam") if other["open"] else real(path),
    )
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        document = screen.document
        assert document.read_only
        real_write = document.write
        held = threading.Event()

        def write_then_wait_for_the_take_over(revision, data, path=None):  # type: ignore[no-untyped-def]
            result = real_write(revision, data, path)
            if not result.ok:
                held.set()  # report the failure only once this window saves
                deadline = time.monotonic() + 30
                while document.read_only and time.monotonic() < deadline:
                    time.sleep(0.01)
            return result

        monkeypatch.setattr(document, "write", write_then_wait_for_the_take_over)
        app.focused.value = "Typed while read-only"  # type: ignore[union-attr]
        await wait_until(pilot, held.is_set)
        other["open"] = False
        await run_command(app, "Take over session")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Taken over" in notifications(app))
        await wait_until(pilot, lambda: not screen.files.autosave.saving)  # the old write reported
        await pilot.pause(1.0)  # three retry periods
        assert not document.read_only
        assert screen.status_bar.save_state == "saved"
        assert "NOT SAVED" not in notifications(app).split("Taken over", 1)[1]


async def test_a_change_from_outside_the_screen_before_the_rest_is_mounted_is_saved(
    make_app, sample_session: Path, fast_saves, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change submitted to the document before the step list and bars are mounted still saves.

    `workshop host` serves the session right after the first frame: a participant's idea
    applied while the rest of the screen was still mounting (a loaded machine, a host
    restarted after a crash with participants waiting) changed the session in memory but
    never scheduled a save, because the screen heard the document's changes only from
    its last mounting piece on.
    """
    from workshop.model import operations as ops
    from workshop.screens.session import SessionScreen
    from workshop.screens.session_start import QuickStart

    held: list[SessionScreen] = []
    monkeypatch.setattr(QuickStart, "start_rest", lambda self: held.append(self.host))
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(held))
        screen = held[0]
        assert screen.navigator is None, "the rest of the screen is not mounted yet"
        screen.document.dispatcher.submit(
            ops.SetAnswer("customer-who", "segment", "Night nurses", actor="Ana"))
        await wait_until(
            pilot, lambda: store.load(sample_session).get_text("customer-who", "segment") == "Night nurses",
            timeout=10.0,
        )
