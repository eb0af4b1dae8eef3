"""Pilot tests of the app shell: dialogs, help, themes, key remaps, quit and crash safety."""

from __future__ import annotations

from pathlib import Path

import pytest
from session_helpers import SIZE, notifications, settle, wait_for_palette_match
from textual.app import App
from textual.widgets import DataTable, Input

from workshop import autosave as autosave_mod
from workshop import settings as settings_mod
from workshop import store
from workshop.app import WorkshopApp
from workshop.crash import CrashReport
from workshop.screens.dialogs import ConfirmDialog, PathDialog, check_path
from workshop.screens.help import HelpScreen
from workshop.screens.home import HomeScreen
from workshop.screens.new_session import NewSessionScreen
from workshop.screens.session import SessionScreen
from workshop.storage import atomic, paths


def messages(app: App) -> str:
    return notifications(app)


# ---------------------------------------------------------------- dialogs
class Host(App[None]):
    """A bare app to show dialogs in."""


@pytest.mark.parametrize(
    ("keys", "expected"),
    [(["enter"], True), (["escape"], False), (["right", "enter"], False), (["tab", "enter"], False)],
)
async def test_confirm_dialog_keys(keys: list[str], expected: bool) -> None:
    app = Host()
    results: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ConfirmDialog("Delete it?", "It moves to the trash."), results.append)
        await pilot.pause()
        hints = str(app.screen.query_one("#dialog-keys").content)
        assert "Enter: Delete" in hints and "Esc: Cancel" in hints
        await pilot.press(*keys)
        await pilot.pause()
    assert results == [expected]


async def test_confirm_dialog_shows_text_literally() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ConfirmDialog("Delete “[bold]x[/bold]”?", "[link=http://e.vil]y[/link]"))
        await pilot.pause()
        assert str(app.screen.query_one("#dialog-title").content) == "Delete “[bold]x[/bold]”?"
        assert str(app.screen.query_one("#dialog-message").content) == "[link=http://e.vil]y[/link]"


async def test_path_dialog_accepts_creates_folder_and_cancels(tmp_path: Path) -> None:
    app = Host()
    results: list[Path | None] = []
    target = tmp_path / "new" / "folder" / "out.md"
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PathDialog("Export", tmp_path / "a.md"), results.append)
        await pilot.pause()
        path_input = app.screen.query_one(Input)
        assert path_input.has_focus and path_input.value == str(tmp_path / "a.md")
        path_input.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        app.push_screen(PathDialog("Export", tmp_path / "b.md"), results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert results == [target, None]
    assert target.parent.is_dir()


async def test_path_dialog_keeps_open_with_an_inline_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    app = Host()
    results: list[Path | None] = []
    async with app.run_test(size=SIZE) as pilot:
        dialog = PathDialog("Save as", blocker / "x.toml")
        app.push_screen(dialog, results.append)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "is a file, not a folder" in dialog.error
        assert dialog.query_one("#path-error").display
        await pilot.press("backspace")  # editing clears the message
        await pilot.pause()
        assert dialog.error == ""
    assert results == []


def test_check_path_messages(tmp_path: Path) -> None:
    existing = tmp_path / "there.toml"
    existing.write_text("x")
    assert check_path("")[1].startswith("Type a file path")
    assert "is a folder" in check_path(str(tmp_path))[1]
    assert "already exists" in check_path(str(existing), must_not_exist=True)[1]
    assert check_path(str(existing)) == (existing, "")
    assert "There is no file" in check_path(str(tmp_path / "nope.toml"), must_exist=True)[1]
    assert check_path("~/x.md")[0] == Path.home() / "x.md"


# ---------------------------------------------------------------- help
async def test_help_lists_active_keys_and_closes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row for row in app.screen.rows}
        assert rows["new_session"].keys == "n"
        assert rows["delete_session"].keys == "d, del"
        assert rows["quit"].keys == "^q"
        assert rows["help"].keys == "f1"
        table = app.screen.query_one("#keys", DataTable)
        assert table.row_count == len(app.screen.rows)
        assert "settings.toml" in str(app.screen.query_one("#remap").content)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_help_on_a_session_lists_the_session_keys(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("f1")  # works while a text field has focus
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {row.binding_id for row in app.screen.rows}
        assert {"next_step", "previous_step", "help", "quit"} <= ids
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_help_from_the_palette(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Help")
        await wait_for_palette_match(pilot, "Help")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


# ---------------------------------------------------------------- settings
async def test_theme_choice_is_remembered(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert settings_mod.load().theme == "nord"
    again = WorkshopApp(paths.sessions_dir())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_broken_settings_warn_and_are_not_overwritten(make_app) -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "nord\n[keymap\n', encoding="utf-8")
    before = path.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Settings not loaded" in messages(app)
        assert str(path) in messages(app)
        app.theme = "gruvbox"
        await settle(pilot)
        assert app.theme == "gruvbox"
    assert path.read_bytes() == before


async def test_unknown_theme_in_settings_warns(make_app) -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = WorkshopApp(paths.sessions_dir())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Unknown theme" in messages(app)
        assert app.theme != "no-such-theme"


async def test_keymap_from_settings_remaps_and_shows_in_help(make_app) -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keymap]\nnew_session = "a"\nhelp = "f2"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Press a to start your first session" in str(app.screen.query_one("#empty").content)
        await pilot.press("n")  # the old key no longer does it
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row for row in app.screen.rows}
        assert rows["new_session"].keys == "a"


async def test_keymap_clash_and_unknown_id_are_reported(make_app) -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keymap]\nnew_session = "e"\nno_such_binding = "x"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = messages(app)
        assert "Key remaps" in text
        assert "'e' is used by export_session and new_session" in text
        assert "'no_such_binding' is not a binding id" in text


# ---------------------------------------------------------------- quit and crash
@pytest.fixture
def slow_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Push autosave far out, so only quit or crash saving can write the text."""
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 600.0)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 600.0)


async def type_into_first_field(pilot, text: str) -> None:
    app = pilot.app
    assert isinstance(app.screen, SessionScreen)
    focused = app.focused
    assert isinstance(focused, Input), f"expected the first field to have focus, got {focused!r}"
    await pilot.press(*text)
    await pilot.pause()


async def test_quit_saves_first(make_app, sample_session: Path, slow_autosave) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into_first_field(pilot, "Night nurses")
        assert "Night nurses" not in sample_session.read_text(encoding="utf-8")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert store.load(sample_session).get_text("customer-who", "segment") == "Night nurses"


async def test_failed_save_at_quit_warns_then_second_quit_quits(
    make_app, sample_session: Path, slow_autosave, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into_first_field(pilot, "Lost?")

        def refuse(path, text, **kwargs):
            raise atomic.SaveError(28, f"can't save {path}: No space left on device")

        monkeypatch.setattr(atomic, "atomic_write", refuse)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None  # still running
        text = messages(app)
        assert "No space left on device" in text
        assert "press ^q again to quit WITHOUT saving" in text
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.get_text("customer-who", "segment") == "Lost?"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 1
    assert app.unsaved_at_exit and "No space left" in app.unsaved_at_exit[0]


async def test_crash_saves_the_session_and_writes_a_log(
    make_app, sample_session: Path, slow_autosave, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self) -> None:
        raise RuntimeError("boom from a handler")

    app = make_app(session_path=sample_session)
    with pytest.raises(RuntimeError, match="boom from a handler"):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await type_into_first_field(pilot, "Typed before the crash")
            assert "Typed before the crash" not in sample_session.read_text(encoding="utf-8")
            monkeypatch.setattr(WorkshopApp, "action_help", explode)
            await pilot.press("f1")
            await pilot.pause()
    assert store.load(sample_session).get_text("customer-who", "segment") == "Typed before the crash"
    report = app.crash_report
    assert report is not None and report.log_path is not None
    assert report.log_path.parent == paths.log_dir()
    log = report.log_path.read_text(encoding="utf-8")
    assert "RuntimeError: boom from a handler" in log
    assert "explode" in log  # the traceback
    assert f"{sample_session.resolve()}: saved" in log or f"{sample_session}: saved" in log
    assert "textual " in log and "workshop " in log
    message = report.message()
    assert str(report.log_path) in message
    assert "saved" in message


async def test_crash_on_the_home_screen_still_logs(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(HomeScreen, "action_refresh", explode)
    app = make_app()
    with pytest.raises(KeyError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await pilot.pause()
    assert app.crash_report is not None and app.crash_report.log_path is not None
    assert app.crash_report.log_path.is_file()
    assert "No session was open" in app.crash_report.message()


def test_crash_report_when_the_log_cannot_be_written(tmp_path: Path) -> None:
    from workshop import crash

    blocker = tmp_path / "log-is-a-file"
    blocker.write_text("x")
    report = crash.report(ValueError("bad"), [(Path("/s/a.toml"), "saved")], folder=blocker)
    assert report.log_path is None and report.log_problem
    text = report.message()
    assert "ValueError: bad" in text
    assert "/s/a.toml: saved" in text
    assert "could not be written" in text
    assert isinstance(report, CrashReport)


def test_settings_keep_unknown_keys_and_reject_bad_shapes(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('theme = "nord"\nfuture_option = 3\n[keymap]\nhelp = "f2"\n', encoding="utf-8")
    loaded = settings_mod.load(path)
    assert (loaded.theme, loaded.keymap, loaded.extra, loaded.problem) == (
        "nord", {"help": "f2"}, {"future_option": 3}, ""
    )
    loaded.theme = "gruvbox"
    settings_mod.save(loaded, path)
    again = settings_mod.load(path)
    assert (again.theme, again.keymap, again.extra) == ("gruvbox", {"help": "f2"}, {"future_option": 3})

    path.write_text("[keymap]\nhelp = 5\n", encoding="utf-8")
    bad = settings_mod.load(path)
    assert "keymap" in bad.problem and str(path) in bad.problem
    settings_mod.save(bad, path)  # refuses to overwrite a file it could not read
    assert path.read_text(encoding="utf-8") == "[keymap]\nhelp = 5\n"


async def test_the_notification_log_has_a_toast_as_soon_as_it_is_posted(make_app) -> None:
    """A test that waits for a state set in the same handler as a `notify` call must find the
    toast at once: Textual adds it only when its message is handled, later (CI saw the gap)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify("Posted just now", title="Soon")
        assert "Soon: Posted just now" in notifications(app)
        assert all(n.message != "Posted just now" for n in app._notifications), "not handled yet"
        await pilot.pause()
        assert any(n.message == "Posted just now" for n in app._notifications)
