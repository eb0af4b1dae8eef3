"""Pilot tests of the session screen's command-palette commands: names, and that each works."""

from __future__ import annotations

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
    wait_for_palette_match,
)
from textual.widgets import Collapsible, Input

from workshop import autosave as autosave_mod
from workshop.screens.dialogs import PathDialog
from workshop.screens.export_dialog import ExportDialog
from workshop.screens.home import HomeScreen
from workshop.widgets.navigator import StepNavigator

REQUIRED = [
    "Next step",
    "Previous step",
    "Save session",
    "Save session as…",
    "Export PR/FAQ",
    "Export PR/FAQ as…",
    "Copy PR/FAQ",
    "Add question",
    "Use suggested question",
    "Toggle guidance",
    "Toggle worked example",
    "Toggle facilitator notes",
    "Show steps",
    "Close session",
    "Help",
]
"""Commands every session screen offers (Help comes from the app)."""


async def test_palette_has_every_command(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        names = command_names(app)
        for name in REQUIRED:
            assert name in names, name
        for stage in screen.template.stages:
            assert f"Go to stage: {stage.title}" in names
        for step in screen.template.steps:
            assert f"Go to step: {step.title}" in names
        # FAQ-only commands appear on FAQ steps.
        assert "Mark question answered" not in names
        await screen.show_step("faq-customer")
        names = command_names(app)
        for name in ("Mark question answered", "Delete question", "Move question up",
                     "Move question down", "Answer question", "Edit question"):
            assert name in names, name


async def test_palette_runs_next_step_by_name(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Next step")
        await wait_for_palette_match(pilot, "Next step")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.current_step == "customer-today"
        assert app.focused is not None and app.focused.id == "box", "focus back in the answer"


async def test_each_command_works(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No autosave in flight when "Save session" runs (a slow machine took > 1 s to get there).
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 60.0)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 60.0)
    writes = WriteCounter(monkeypatch)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)

        await run_command(app, "Next step")
        assert screen.session.current_step == "customer-today"
        await run_command(app, "Previous step")
        assert screen.session.current_step == "customer-who"

        await run_command(app, "Go to stage: Press Release")
        assert screen.session.current_step == "pr-headline"
        await run_command(app, "Go to step: Customer quote")
        assert screen.session.current_step == "pr-customer-quote"

        before = writes.count
        assert not screen.document.dirty  # moving between steps is no edit (workshop.resume)
        screen.session.set_answer("pr-customer-quote", "quote", "an edit to save")
        await run_command(app, "Save session")
        await settle(pilot)
        assert writes.count == before + 1 and not screen.document.dirty

        await run_command(app, "Export PR/FAQ")
        await settle(pilot)
        assert sample_session.with_suffix(".md").is_file()

        for name, panel in (("Toggle guidance", "guidance"), ("Toggle worked example", "example"),
                            ("Toggle facilitator notes", "notes")):
            collapsible = screen.step_view.query_one(f"#{panel}", Collapsible)
            was = collapsible.collapsed
            await run_command(app, name)
            assert collapsible.collapsed is not was, name

        await run_command(app, "Show steps")
        await pilot.pause()
        assert screen.query_one(StepNavigator).has_focus

        await run_command(app, "Use suggested question")
        await pilot.pause()
        assert screen.session.current_step == "faq-customer"
        first = screen.template.faq_suggestions("customer")[0]
        assert [i.question for i in screen.session.faq_items("customer")] == [first]

        await run_command(app, "Add question")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "new-question"
        app.focused.value = "Second?"
        await pilot.press("enter")
        await pilot.pause()
        items = screen.session.faq_items("customer")
        assert [i.question for i in items] == [first, "Second?"]

        await run_command(app, "Edit question")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "edit-question"
        app.focused.value = "Second, reworded?"
        await pilot.pause()
        assert screen.session.faq_items("customer")[1].question == "Second, reworded?"
        app.focused.value = "Second?"
        await pilot.pause()

        await run_command(app, "Answer question")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "edit-answer"
        app.focused.insert("Yes.")  # type: ignore[union-attr]
        await pilot.pause()
        await run_command(app, "Mark question answered")
        await pilot.pause()
        assert items[1].answered

        await run_command(app, "Move question up")
        await pilot.pause()
        assert [i.question for i in screen.session.faq_items("customer")] == ["Second?", first]
        await run_command(app, "Move question down")
        await pilot.pause()
        assert [i.question for i in screen.session.faq_items("customer")] == [first, "Second?"]

        await run_command(app, "Delete question")
        await pilot.pause()
        assert [i.question for i in screen.session.faq_items("customer")] == [first]
        # Checked now: a notification expires after 5 s, and on a loaded machine the
        # rest of this test takes longer than that.
        assert "Question deleted" in notifications(app)
        assert "Undo" in command_names(app)  # session-wide undo (issue 12)
        await run_command(app, "Undo")
        await pilot.pause()
        assert [i.question for i in screen.session.faq_items("customer")] == [first, "Second?"]

        await run_command(app, "Save session as…")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await pilot.press("escape")
        await pilot.pause()
        await run_command(app, "Export PR/FAQ as…")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#path", Input).value.endswith(".md")
        await pilot.press("escape")
        await pilot.pause()

        await run_command(app, "Close session")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
