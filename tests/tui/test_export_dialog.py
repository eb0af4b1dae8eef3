"""Pilot tests of the app's export: the dialog's choices, the replace question, F3 again, Copy PR/FAQ, delivery to a browser."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from session_helpers import (
    SIZE,
    notifications,
    run_command,
    session_screen,
    settle,
    wait_until,
)
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import Checkbox, Input, RadioSet

from workshop.screens.dialogs import ConfirmDialog
from workshop.screens.export_dialog import ExportDialog


async def _open_dialog(pilot, app) -> ExportDialog:
    await run_command(app, "Export PR/FAQ as…")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_the_dialog_writes_a_clean_word_copy(make_app, worked_example: Path, tmp_path: Path) -> None:
    app = make_app(session_path=worked_example)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot, app)
        field = dialog.query_one("#path", Input)
        assert field.value == str(worked_example.with_suffix(".md"))
        dialog.query_one("#format-docx").value = True  # the radio button for Word
        await pilot.pause()
        assert dialog.query_one("#export-format", RadioSet).pressed_index == 2
        assert field.value == str(worked_example.with_suffix(".docx")), "the file name follows the format"
        dialog.query_one("#export-clean", Checkbox).value = True
        field.focus()
        await pilot.press("enter")
        await wait_until(pilot, worked_example.with_suffix(".docx").exists)
        await settle(pilot)
        assert "Exported to Word" in notifications(app)
        screen = session_screen(app)
        assert screen.export_options.format == "docx" and screen.export_options.clean
    document = docx.Document(io.BytesIO(worked_example.with_suffix(".docx").read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Customer FAQ", "Internal FAQ"]  # clean: no appendices


async def test_a_name_that_contradicts_the_format_is_explained_in_the_dialog(
    make_app, sample_session: Path, tmp_path: Path
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot, app)
        dialog.query_one("#path", Input).value = str(tmp_path / "prfaq.html")  # Markdown is chosen
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and ".html" in dialog.error and "markdown" in dialog.error
        assert not (tmp_path / "prfaq.html").exists()


async def test_an_existing_file_is_replaced_only_when_the_user_says_so(
    make_app, sample_session: Path, tmp_path: Path
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes\n", encoding="utf-8")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot, app)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog) and "Replace notes.md?" in question.title_text
        await pilot.press("escape")  # keep it
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "my own notes\n"
        dialog = await _open_dialog(pilot, app)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # Replace has the focus
        await wait_until(pilot, lambda: target.read_text(encoding="utf-8").startswith("# Sample session"))
        await settle(pilot)
        # F3 now exports again to the file this window wrote: no second question
        target.write_text("stale\n", encoding="utf-8")
        await pilot.press("f3")
        await wait_until(pilot, lambda: target.read_text(encoding="utf-8").startswith("# Sample session"))
        assert not isinstance(app.screen, ConfirmDialog)


async def test_f3_asks_before_replacing_a_file_it_did_not_write(make_app, sample_session: Path) -> None:
    target = sample_session.with_suffix(".md")
    target.write_text("someone's notes\n", encoding="utf-8")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
    assert target.read_text(encoding="utf-8") == "someone's notes\n"


async def test_copy_prfaq_puts_the_markdown_on_the_clipboard(make_app, worked_example: Path) -> None:
    app = make_app(session_path=worked_example)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_command(app, "Copy PR/FAQ")
        await wait_until(pilot, lambda: bool(app.clipboard))
        await settle(pilot)
        assert app.clipboard.startswith("# Pitlane gets Rotterdam's delivery riders back on the road")
        assert "## Customer FAQ" in app.clipboard
        assert "PR/FAQ copied to the clipboard" in notifications(app)


@pytest.fixture
def web_driver(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The headless driver made to look like textual-serve's: `is_web`, and downloads recorded."""
    delivered: list[dict] = []

    def deliver_binary(self, binary, *, delivery_key, save_path, open_method="download", encoding=None,
                       mime_type=None, name=None) -> None:
        data = binary.read()
        delivered.append({"name": save_path.name, "data": data, "mime": mime_type, "encoding": encoding})

    monkeypatch.setattr(HeadlessDriver, "is_web", property(lambda self: True), raising=False)
    monkeypatch.setattr(HeadlessDriver, "deliver_binary", deliver_binary)
    return delivered


async def test_in_a_browser_the_export_is_downloaded_not_written(
    make_app, sample_session: Path, web_driver: list[dict]
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_web
        dialog = await _open_dialog(pilot, app)
        field = dialog.query_one("#path", Input)
        assert field.value == "sample-session.md"  # a name for the download, not a server path
        dialog.query_one("#format-html").value = True
        await pilot.pause()
        field.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(web_driver))
        await settle(pilot)
        await pilot.press("f3")  # the quick export downloads too, in the last format
        await wait_until(pilot, lambda: len(web_driver) == 2)
        assert "Sent to your browser" in notifications(app)
    assert not sample_session.with_suffix(".md").exists() and not sample_session.with_suffix(".html").exists()
    first = web_driver[0]
    assert first["name"] == "sample-session.html" and first["mime"] == "text/html"
    text = first["data"] if isinstance(first["data"], str) else first["data"].decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert web_driver[1]["name"] == "sample-session.html"


async def test_home_screen_downloads_in_a_browser(make_app, make_session, web_driver: list[dict]) -> None:
    make_session("Served idea")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#format-docx").value = True
        await pilot.pause()
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(web_driver))
    assert web_driver[0]["name"] == "served-idea.docx"
    assert web_driver[0]["data"][:2] == b"PK"


async def test_the_format_list_starts_on_the_last_choice(make_app, sample_session: Path) -> None:
    """Textual's RadioSet highlights its first button: ↑ from a remembered Word went to Word again."""
    from workshop.export.write import ExportOptions

    app = make_app(session_path=sample_session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session_screen(app).export_options = ExportOptions(format="docx")
        dialog = await _open_dialog(pilot, app)
        await pilot.pause()
        radio = dialog.query_one("#export-format", RadioSet)
        radio.focus()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert dialog.format == "html"
        assert dialog.query_one("#path", Input).value.endswith(".html")
        assert dialog.query_one("#confirm").region.bottom <= 24, "the dialog fits at 80x24"


async def test_f3_repeats_the_last_choice_not_the_review_copy(make_app, sample_session: Path) -> None:
    """The coach's export with comments went to <name>.md; F3 then wrote Word bytes into that .md."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await _open_dialog(pilot, app)
        dialog.query_one("#format-docx").value = True
        await pilot.pause()
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")
        docx_file = sample_session.with_suffix(".docx")
        await wait_until(pilot, docx_file.exists)
        await settle(pilot)
        session_screen(app).action_export_with_comments()
        markdown = sample_session.with_suffix(".md")
        await wait_until(pilot, markdown.exists)
        await settle(pilot)
        before = docx_file.stat().st_mtime_ns
        docx_file.write_bytes(b"stale")
        await pilot.press("f3")
        await wait_until(pilot, lambda: docx_file.read_bytes()[:2] == b"PK")
        await settle(pilot)
        assert docx_file.stat().st_mtime_ns >= before
    assert markdown.read_text(encoding="utf-8").startswith("# Sample session")
    assert "Appendix: open review comments" in markdown.read_text(encoding="utf-8")
