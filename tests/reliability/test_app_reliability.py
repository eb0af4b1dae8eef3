"""Tests the app with hostile text (shown literally) and with a session open in another window."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from workshop import store
from workshop.app import WorkshopApp
from workshop.storage import locking
from workshop.storage.tomlio import FileProblem

from .helpers import snapshot

SIZE = (110, 36)

TITLE = "[bold]Title[/bold] $x"
SEGMENT = "[link=https://x.test]l[/link] [@click=app.quit]q[/]"
CONTEXT = "# Not a heading\n<b>html</b> [red]red[/red]\n`code` \\[escaped] end"
ESCAPES = "A \x1b]0;PWNED-TITLE\x07 B \x1b[31mRED\x1b[0m C \x9b2J D"
QUESTION = "[b]Q?[/b] <i>x</i> **star**"
SUMMARY = "# Injected heading\n<script>x</script> [u]u[/u]"


def screen_text(app: WorkshopApp) -> str:
    """Everything the terminal would show, as plain characters."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def hostile_session(folder):
    from workshop import content

    template = content.resolve(None)
    session, path = store.create(TITLE, template, folder)
    session.set_answer("customer-who", "segment", SEGMENT)
    session.set_answer("customer-who", "context", CONTEXT)
    session.add_faq(QUESTION, "customer", answer="[i]answer[/i] <u>u</u>")
    summary_step = next(
        step for step in template.steps for item in step.fields if item.role == "summary"
    )
    summary_field = next(item for item in summary_step.fields if item.role == "summary")
    session.set_answer(summary_step.id, summary_field.id, SUMMARY)
    session.go_to("customer-who")
    store.save(session, path, template)
    return path, summary_step.id


async def test_hostile_text_is_shown_literally(hostile_session):
    path, summary_step = hostile_session
    app = WorkshopApp(path.parent, path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert screen.document.session.title == TITLE
        shown = screen_text(app)
        assert "[bold]Title[/bold] $x" in shown  # the header title
        segment = screen.query_one("Input", Input)
        assert segment.value == SEGMENT
        assert "[link=https://x.test]l[/link]" in shown
        context = screen.query_one("TextArea", TextArea)
        assert context.text == CONTEXT
        assert "# Not a heading" in shown
        assert "<b>html</b> [red]red[/red]" in shown
        assert "`code` \\[escaped] end" in shown
        # Nothing was interpreted: the app is still running (no [@click=app.quit]).
        assert app.is_running

        await screen.show_step(summary_step)
        await _settle(pilot)
        shown = screen_text(app)
        assert "# Injected heading" in shown
        assert "<script>x</script> [u]u[/u]" in shown
        assert not app.screen.query("MarkdownH1")  # the preview made no heading of it

        faq_step = next(s.id for s in screen.template.steps if any(f.faq_kind == "customer" for f in s.fields))
        await screen.show_step(faq_step)
        await _settle(pilot)
        shown = screen_text(app)
        assert "[b]Q?[/b] <i>x</i> **star**" in shown
    # Looking changed nothing on disk beyond what the session already held.
    assert store.load(path).get_text("customer-who", "context") == CONTEXT


async def test_terminal_escapes_in_answers_never_reach_the_terminal(make_session):
    path = make_session(**{"customer-who__context": ESCAPES})
    app = WorkshopApp(path.parent, path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        shown = screen_text(app)
        assert "PWNED-TITLE" in shown and "RED" in shown  # the text is shown…
        controls = sorted({hex(ord(c)) for c in shown if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0})
        assert controls == []  # …but no control character goes to the terminal


async def test_second_window_is_read_only_with_a_banner(make_session, other_window):
    path = make_session(**{"customer-today__today": "first window's words"})
    window = other_window(path)
    before = snapshot(path)
    app = WorkshopApp(path.parent, path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert screen.document.read_only
        shown = screen_text(app)
        assert "READ-ONLY" in shown
        messages = "\n".join(str(n.message) for n in app._notifications)
        assert f"is open in another workshop window (process {window.process.pid}" in messages
        assert "Take over" in messages
        commands = [command.title for command in screen.commands()]
        assert "Take over session" in commands

        # Typing here never reaches the file.
        screen.document.session.set_answer("customer-today", "today", "typed read-only")
        screen.save_in_background()
        await _settle(pilot)
        assert snapshot(path) == before

        # Take over is refused while the first window is open…
        screen.files._take_over()
        await _settle(pilot)
        assert screen.document.read_only
        # …and works once it closed.
        window.close()
        screen.files._take_over()
        await _settle(pilot)
        assert not screen.document.read_only
        assert "READ-ONLY" not in screen_text(app)
        assert "Take over session" not in [command.title for command in screen.commands()]
        screen.document.session.set_answer("customer-today", "today", "now saved here")
        assert screen.document.save_now().ok
    assert store.load(path).get_text("customer-today", "today") == "now saved here"
    assert not locking.is_locked_elsewhere(path)  # quitting released the lock


async def test_corrupt_file_opened_in_the_app_is_reported_and_untouched(folder):
    path = folder / "broken.toml"
    path.write_text('schema_version = 1\ntitle = "cut')
    before = snapshot(path)
    app = WorkshopApp(folder, path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        messages = "\n".join(str(n.message) for n in app._notifications)
        with pytest.raises(FileProblem) as caught:
            store.load(path)
        assert caught.value.describe() in messages
        await pilot.press("ctrl+q")
    assert snapshot(path) == before
