"""Pilot tests of the home screen: list, new, open, export, delete, broken files."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from session_helpers import (
    SIZE,
    notifications,
    settle,
    wait_for_palette_match,
    wait_until,
)
from textual.widgets import DataTable, Input

from workshop import store
from workshop.screens.dialogs import ConfirmDialog
from workshop.screens.export_dialog import ExportDialog
from workshop.screens.home import BROKEN_MARK, HomeScreen
from workshop.screens.new_session import NewSessionScreen, parse_participants
from workshop.storage import paths


def home(app) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen), f"expected the home screen, got {screen!r}"
    return screen


def cell(table: DataTable, row: int, column: str) -> str:
    return str(table.get_cell_at((row, list(table.columns).index(column))))


async def test_lists_sessions_most_recent_first(make_app, make_session, sessions_dir: Path) -> None:
    times = {
        "Oldest idea": datetime(2024, 1, 1, 9, 0, tzinfo=timezone.utc),
        "Newest idea": datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc),
        "Middle idea": datetime(2024, 2, 1, 9, 0, tzinfo=timezone.utc),
    }
    for title, when in times.items():
        make_session(
            title,
            updated=when,
            answers={"customer-who": {"segment": "Night-shift nurses"}} if title == "Middle idea" else None,
        )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = home(app)
        table = screen.query_one(DataTable)
        titles = [cell(table, row, "title") for row in range(table.row_count)]
        assert titles == ["Newest idea", "Middle idea", "Oldest idea"]
        assert cell(table, 0, "updated") == "2024-03-01 09:00"
        assert cell(table, 0, "template") == "working-backwards"
        # progress shows answered/total from the template
        total = screen.rows[0].total
        assert total > 1
        assert cell(table, 0, "progress").endswith(f"0/{total}")
        assert "3 sessions" in str(screen.query_one("#status").content)


async def test_empty_folder_explains_what_to_do(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = home(app)
        empty = screen.query_one("#empty")
        assert empty.display
        assert not screen.query_one(DataTable).display
        text = str(empty.content)
        assert "No sessions yet" in text
        assert "Press n to start your first session" in text


async def test_broken_file_is_listed_not_hidden_and_not_touched(make_app, make_session, sessions_dir: Path) -> None:
    make_session("Good one")
    broken = sessions_dir / "broken.toml"
    broken.write_bytes(b'title = "half a file\n[[faq')
    before = (broken.read_bytes(), broken.stat().st_mtime_ns)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = home(app)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        assert cell(table, 1, "title") == f"{BROKEN_MARK} broken.toml"
        assert cell(table, 1, "progress") == "unreadable"
        assert "1 file can't be read" in str(screen.query_one("#status").content)
        await pilot.press("down")
        await pilot.pause()
        details = str(screen.query_one("#details").content)
        assert "Can't read this file" in details
        assert "broken.toml:1:" in details  # file:line: what is wrong
        await pilot.press("enter")  # opening explains instead of crashing
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Can't open this session" in (n.title or "") for n in app.notification_log)
        await pilot.press("e")  # so does exporting
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert (broken.read_bytes(), broken.stat().st_mtime_ns) == before


async def test_delete_asks_then_moves_to_trash(make_app, make_session, sessions_dir: Path) -> None:
    path = make_session("Throw me away")
    content = path.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Throw me away" in app.screen.title_text
        await pilot.press("escape")  # cancel keeps it
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert path.exists()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert not path.exists()
        trashed = list(paths.trash_dir(sessions_dir).glob("*.toml"))
        assert len(trashed) == 1
        assert trashed[0].read_bytes() == content
        assert str(trashed[0]) in notifications(app)
        # The list is read again by a worker that the trash worker starts when it is done.
        await wait_until(pilot, lambda: "No sessions yet" in str(home(app).query_one("#empty").content))


async def test_export_writes_markdown_next_to_the_session(make_app, make_session, sessions_dir: Path) -> None:
    path = make_session(
        "Exportable idea", answers={"customer-who": {"segment": "Night-shift nurses"}}
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#path", Input).value == str(path.with_suffix(".md"))
        await pilot.press("enter")
        await settle(pilot)
        target = path.with_suffix(".md")
        assert target.is_file()
        markdown = target.read_text(encoding="utf-8")
        assert "Exportable idea" in markdown
        assert "Night-shift nurses" in markdown
        assert any(str(target) in str(n.message) for n in app.notification_log)


async def test_export_to_a_chosen_path(make_app, make_session, sessions_dir: Path, tmp_path: Path) -> None:
    make_session("Elsewhere")
    target = tmp_path / "out" / "deep" / "prfaq.md"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    assert target.is_file()
    assert "Elsewhere" in target.read_text(encoding="utf-8")


async def test_new_session_form_validates_then_creates_and_opens(make_app, sessions_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewSessionScreen)
        assert form.query_one("#title", Input).has_focus
        await pilot.press("enter")  # no title yet
        await pilot.pause()
        assert "Give the session a title" in form.error_text("title-error")
        assert list(sessions_dir.glob("*.toml")) == []
        await pilot.press(*"Bike fix")
        assert form.error_text("title-error") == ""
        form.query_one("#facilitator", Input).value = "Dana"
        form.query_one("#participants", Input).value = "Ari, Sam,, ari , Lee"
        await pilot.press("enter")
        await settle(pilot)
        files = list(sessions_dir.glob("*.toml"))
        assert [f.name for f in files] == ["bike-fix.toml"]
        session = store.load(files[0])
        assert session.title == "Bike fix"
        assert session.facilitator == "Dana"
        assert session.participants == ["Ari", "Sam", "Lee"]
        assert session.template_id == "working-backwards"
        from workshop.screens.session import SessionScreen

        assert isinstance(app.screen, SessionScreen)
        assert app.screen.document.path == files[0]


async def test_enter_twice_and_escape_while_creating_make_one_session(
    make_app, sessions_dir: Path, monkeypatch
) -> None:
    """Keys typed ahead while the file is written: Enter again would have made a second
    file (exclusive workers do not stop a running thread), Escape an orphan one."""
    real_create = store.create
    started = threading.Event()

    def slow_create(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        time.sleep(0.5)
        return real_create(*args, **kwargs)

    monkeypatch.setattr(store, "create", slow_create)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)
        await pilot.press(*"Bike fix", "enter")
        await wait_until(pilot, started.is_set)
        await pilot.press("enter", "escape", "enter")
        await settle(pilot)
        from workshop.screens.session import SessionScreen

        await wait_until(pilot, lambda: isinstance(app.screen, SessionScreen))
        assert [f.name for f in sessions_dir.glob("*.toml")] == ["bike-fix.toml"]
        assert app.screen.document.path.name == "bike-fix.toml"


async def test_new_session_cancel_creates_nothing(make_app, sessions_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Never mind", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert list(sessions_dir.glob("*.toml")) == []


async def test_new_session_reports_a_folder_it_cannot_write(make_app, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the sessions folder should be")
    app = make_app(blocker)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Idea")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert "could not be created" in form.error_text("form-error")
        assert form.query_one("#title", Input).value == "Idea"  # nothing typed is lost


def test_parse_participants() -> None:
    assert parse_participants(" Ari ,Sam,,  Lee  Ray , sam") == ["Ari", "Sam", "Lee Ray"]
    assert parse_participants("") == []


async def test_palette_has_the_home_commands(make_app, sample_session: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("New session", "Open session", "Export PR/FAQ…", "Delete session",
                       "Refresh sessions", "Help", "Theme", "Quit"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"New session")
        await wait_for_palette_match(pilot, "New session")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewSessionScreen)


async def test_refresh_picks_up_new_files(make_app, make_session, sessions_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        make_session("Made elsewhere")
        await pilot.press("r")
        await settle(pilot)
        table = home(app).query_one(DataTable)
        assert table.row_count == 1
        assert cell(table, 0, "title") == "Made elsewhere"


async def test_many_sessions_load_in_a_worker(make_app, make_session, sessions_dir: Path) -> None:
    for number in range(60):
        make_session(f"Idea {number}")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = home(app)
        # the first frame is up before the folder has been read
        assert "Reading" in str(screen.query_one("#status").content) or screen.loaded
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 60


async def test_list_is_reread_when_coming_back(make_app, make_session, sessions_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        make_session("Arrived while away")
        await pilot.press("escape")
        await settle(pilot)
        table = home(app).query_one(DataTable)
        assert [cell(table, r, "title") for r in range(table.row_count)] == ["Arrived while away"]


async def test_open_with_enter_and_come_back(make_app, make_session, sessions_dir: Path) -> None:
    from workshop.screens.session import SessionScreen

    make_session("Newer", updated=datetime(2024, 3, 1, tzinfo=timezone.utc))
    older = make_session("Older", updated=datetime(2024, 1, 1, tzinfo=timezone.utc))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.document.path == older
        await pilot.press(*"Riders")  # a change, so closing saves and "Older" moves up
        await app.screen.action_close()
        await settle(pilot)
        screen = home(app)
        table = screen.query_one(DataTable)
        assert table.has_focus
        assert screen.selected is not None and screen.selected.path == older


async def test_click_highlights_and_a_second_click_opens(make_app, make_session) -> None:
    from workshop.screens.session import SessionScreen

    make_session("First", updated=datetime(2024, 3, 1, tzinfo=timezone.utc))
    second = make_session("Second", updated=datetime(2024, 1, 1, tzinfo=timezone.utc))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = home(app)
        table = screen.query_one(DataTable)
        await pilot.click(table, offset=(3, 2))  # header is row 0 on screen
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert screen.selected is not None and screen.selected.path == second
        await pilot.click(table, offset=(3, 2))
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.document.path == second
