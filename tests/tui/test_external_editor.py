"""Pilot tests of "Edit in external editor": a fake $EDITOR rewrites the temp file; the box, the undo and the file on disk follow."""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
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
from textual.app import App, SuspendNotSupported
from textual.widgets import Input, TextArea

from workshop import store
from workshop.safe import shown
from workshop.screens.external_editor import EditorProblem, edited_text, editor_command

FAKE_EDITOR = r'''
import json, os, sys
path = sys.argv[-1]
with open(path, encoding="utf-8", newline="") as file:
    text = file.read()
with open(os.environ["FAKE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"path": path, "text": text,
                          "mode": os.stat(os.path.dirname(path)).st_mode & 0o777}) + "\n")
new = os.environ.get("FAKE_WRITE")
if new is not None:
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(new.replace("{old}", text))
sys.exit(int(os.environ.get("FAKE_EXIT", "0")))
'''


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fake editor as $EDITOR (no $VISUAL), a private temp folder, and a suspend that works headless.

    Returns a function that sets what the editor writes (`{old}` stands for
    the file's text) and its exit code, and reads the log of its runs.
    """
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    log = tmp_path / "editor-log.jsonl"
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"'{sys.executable}' -I '{script}'")
    monkeypatch.setenv("FAKE_LOG", str(log))
    # The headless test driver cannot suspend; the real terminal driver can.
    monkeypatch.setattr(App, "suspend", lambda self: contextlib.nullcontext())

    class Fake:
        temp_dir = temp

        def set(self, write: str | None, exit_code: int = 0) -> None:
            if write is None:
                monkeypatch.delenv("FAKE_WRITE", raising=False)
            else:
                monkeypatch.setenv("FAKE_WRITE", write)
            monkeypatch.setenv("FAKE_EXIT", str(exit_code))

        @property
        def runs(self) -> list[dict]:
            if not log.exists():
                return []
            return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    return Fake()


async def test_textarea_edit_round_trips_control_characters_saves_and_undoes_in_one_step(
    make_app, make_session, editor
) -> None:
    path = make_session("Editor", answers={"customer-who": {"context": "old\x1b text"}})
    editor.set("NEW {old}more\n")  # editors end the file with a newline
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("enter")  # from the short answer to the long one
        area = app.focused
        assert isinstance(area, TextArea) and area.text == shown("old\x1b text")
        area.move_cursor(area.document.end)
        await pilot.press(*"!")  # typed just before: not part of the editor's change
        await pilot.pause()
        await pilot.press("alt+w")
        await settle(pilot)
        [run] = editor.runs
        assert run["text"] == "old\x1b text!", "the file holds the real text, not its pictures"
        assert run["path"].endswith(".md")
        assert run["mode"] == 0o700, "the temp folder is private"
        assert area.text == shown("NEW old\x1b text!more"), "the editor's final newline is dropped"
        assert screen.session.get_text("customer-who", "context") == "NEW old\x1b text!more"
        assert "now holds the text from" in notifications(app)
        await wait_until(
            pilot,
            lambda: store.load(path).get_text("customer-who", "context") == "NEW old\x1b text!more",
        )
        assert list(editor.temp_dir.iterdir()) == [], "the temp file and folder are removed"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert area.text == shown("old\x1b text!"), "one undo takes back the whole edit, only it"
        await pilot.pause(0.1)
        assert screen.session.get_text("customer-who", "context") == "old\x1b text!"
        await pilot.press("ctrl+y")  # redo: the editor's text again, as one step
        await pilot.pause()
        assert screen.session.get_text("customer-who", "context") == "NEW old\x1b text!more"
        area.move_cursor(area.document.end)
        await pilot.press(*"?")  # typed right after: its own step, not merged into the editor's
        await pilot.pause(0.1)
        await pilot.press("ctrl+z")
        await pilot.pause(0.1)
        assert screen.session.get_text("customer-who", "context") == "NEW old\x1b text!more"


async def test_input_joins_lines_and_is_offered_in_the_palette(
    make_app, sample_session: Path, editor
) -> None:
    editor.set("Night\r\n\r\nnurses  \r\n")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        box = app.focused
        assert isinstance(box, Input)
        assert "Edit in external editor" in command_names(app)
        await run_command(app, "Edit in external editor")
        await settle(pilot)
        assert box.value == "Night nurses"
        assert "joined with spaces" in notifications(app)
        assert screen.session.get_text("customer-who", "segment") == "Night nurses"
        await wait_until(
            pilot, lambda: store.load(sample_session).get_text("customer-who", "segment") == "Night nurses"
        )


async def test_unchanged_text_is_no_edit(
    make_app, make_session, editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_session("Same", answers={"customer-who": {"context": "Same"}})
    editor.set("{old}\n")  # only the final newline an editor adds
    writes = WriteCounter(monkeypatch)
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("enter")
        area = app.focused
        assert isinstance(area, TextArea)
        await pilot.press("alt+w")
        await settle(pilot)
        assert len(editor.runs) == 1
        assert "No changes" in notifications(app)
        assert area.history.undo_stack == [], "nothing was put in the box"
        assert not screen.document.dirty and writes.count == 0


async def test_failing_editor_leaves_the_box_and_keeps_the_file(
    make_app, sample_session: Path, editor
) -> None:
    editor.set("half-written draft", exit_code=1)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press(*"Nurses", "alt+w")
        await settle(pilot)
        box = app.focused
        assert isinstance(box, Input) and box.value == "Nurses"
        said = notifications(app)
        assert "exit code 1" in said and sys.executable in said
        [run] = editor.runs
        assert f"kept in {run['path']}" in said
        assert Path(run["path"]).read_text(encoding="utf-8") == "half-written draft"
        assert screen.session.get_text("customer-who", "segment") == "Nurses"


async def test_editor_that_cannot_start_or_is_not_set(
    make_app, sample_session: Path, editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setenv("EDITOR", "/no/such/editor --wait")
        await pilot.press(*"Nurses", "alt+w")
        await settle(pilot)
        said = notifications(app)
        assert "Could not start the editor /no/such/editor --wait (from $EDITOR)" in said
        assert list(editor.temp_dir.iterdir()) == []
        monkeypatch.delenv("EDITOR")
        monkeypatch.setenv("VISUAL", "  ")
        await pilot.press("alt+w")
        await settle(pilot)
        said = notifications(app)
        assert "$VISUAL or $EDITOR" in said and "export EDITOR=nano" in said
        assert app.focused.value == "Nurses"  # type: ignore[union-attr]
        assert editor.runs == []


async def test_browser_cannot_suspend(make_app, sample_session: Path, editor, monkeypatch) -> None:
    def refuse(self):
        raise SuspendNotSupported("App.suspend is not supported in this environment.")

    monkeypatch.setattr(App, "suspend", contextlib.contextmanager(lambda self: (yield refuse(self))))
    editor.set("changed")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("alt+w")
        await settle(pilot)
        assert "runs in a browser" in notifications(app)
        assert editor.runs == [] and list(editor.temp_dir.iterdir()) == []


async def test_focus_outside_a_box_asks_for_one_and_faq_answer_works(
    make_app, sample_session: Path, editor
) -> None:
    editor.set("{old} It is refunded.")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-internal")
        await pilot.pause()
        await pilot.press(*"Who pays?", "enter")
        await pilot.pause()
        screen.set_focus(screen.step_view.faq_panel().query_one("#questions"))
        await pilot.pause()
        await pilot.press("alt+w")
        await pilot.pause()
        assert "Put the cursor in an answer box" in notifications(app)
        assert editor.runs == []
        screen.step_view.faq_panel().focus_answer()
        await pilot.pause()
        await pilot.press(*"We do.", "alt+w")
        await settle(pilot)
        item = screen.session.faq_items("internal")[0]
        assert item.answer == "We do. It is refunded."
        assert "the FAQ answer" in notifications(app)
        await wait_until(
            pilot,
            lambda: store.load(sample_session).faq_items("internal")[0].answer
            == "We do. It is refunded.",
        )


def test_visual_wins_and_commands_split_like_a_shell() -> None:
    assert editor_command({}) is None
    assert editor_command({"VISUAL": " ", "EDITOR": ""}) is None
    command = editor_command({"VISUAL": "code --wait", "EDITOR": "nano"})
    assert command is not None and command.argv == ("code", "--wait") and command.variable == "VISUAL"
    command = editor_command({"EDITOR": "'/opt/my editor/bin/ed' -u NONE"})
    assert command is not None and command.argv == ("/opt/my editor/bin/ed", "-u", "NONE")
    with pytest.raises(EditorProblem, match=r"\$EDITOR .*export EDITOR=nano"):
        editor_command({"EDITOR": "vim '"})


def test_edited_text_endings_and_single_lines() -> None:
    assert edited_text("a", "b\n", single_line=False) == ("b", False)
    assert edited_text("a\n", "b\n", single_line=False) == ("b\n", False), "a newline it had stays"
    assert edited_text("a", "b\n\n", single_line=False) == ("b\n", False), "only the editor's one"
    assert edited_text("a", "x\ry\n", single_line=True) == ("x\ry", False), "\\r round-trips"
    assert edited_text("a", " one \n\n two\n", single_line=True) == ("one two", True)


async def test_key_is_listed_in_help_and_can_be_remapped(
    make_app, sample_session: Path, editor
) -> None:
    from workshop import settings as settings_mod
    from workshop.screens.help import key_rows

    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keymap]\nedit_external = "alt+y"\n', encoding="utf-8")
    editor.set("Nurses")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert any(row.binding_id == "edit_external" for row in key_rows(screen))
        await pilot.press("alt+y")
        await settle(pilot)
        assert app.focused.value == "Nurses"  # type: ignore[union-attr]
        assert "clash" not in notifications(app).lower()
