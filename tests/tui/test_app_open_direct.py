"""Pilot tests of opening a session straight from the command line (no home screen built first)."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, session_screen, settle

from workshop import store
from workshop.app import WorkshopApp
from workshop.document import OpenDocument
from workshop.screens.home import HomeScreen
from workshop.screens.session import SessionScreen
from workshop.storage import locking


async def test_direct_open_builds_the_home_screen_only_when_the_session_closes(
    make_app, sample_session: Path, make_session
) -> None:
    make_session("Another idea")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)
        await pilot.press(*"Nurses")
        await app.screen.action_close()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2  # Textual's default screen, then home
        home = app.screen
        assert home.selected is not None and home.selected.path == sample_session
        await pilot.press("enter")  # and it opens again from there
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await app.screen.action_close()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert store.load(sample_session).get_text("customer-who", "segment") == "Nurses"


async def test_a_broken_file_opened_directly_falls_back_to_the_home_screen(
    make_app, sessions_dir: Path
) -> None:
    broken = sessions_dir / "broken.toml"
    broken.write_text('schema_version = 1\ntitle = "x\n', encoding="utf-8")
    app = make_app(session_path=broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_app_uses_a_document_opened_before_it_and_releases_its_lock(
    sessions_dir: Path, sample_session: Path
) -> None:
    document = OpenDocument.open(sample_session)
    lock = document.session_lock
    assert lock is not None and lock.held
    assert locking.holder_path(sample_session).exists()
    app = WorkshopApp(sessions_dir, document=document)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.document is document, "the file is not opened (parsed) a second time"
        await pilot.press(*"Cooks")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert document.session_lock is None and not lock.held
    assert not locking.holder_path(sample_session).exists(), "the lock is released on quit"
    assert store.load(sample_session).get_text("customer-who", "segment") == "Cooks"
