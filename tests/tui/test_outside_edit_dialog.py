"""Pilot tests of the dialog shown when the session file changed outside workshop (issue 11 §4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from session_helpers import (
    SIZE,
    command_names,
    notifications,
    run_command,
    session_screen,
    settle,
    wait_until,
)

from workshop import autosave as autosave_mod
from workshop import store
from workshop.screens.outside_edit import OutsideEditDialog
from workshop.storage import backups


@pytest.fixture(autouse=True)
def fast_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Save soon after typing."""
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 0.2)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 0.2)
    backups.reset_rate_limit()


def _segment(path: Path) -> str:
    return store.load(path).get_text("customer-who", "segment")


async def _conflict(pilot, path: Path) -> bytes:
    """Type, save, change the file outside, type again: the dialog comes up. Returns theirs."""
    app = pilot.app
    await settle(pilot)
    await pilot.press(*"Mine")
    await wait_until(pilot, lambda: _segment(path) == "Mine")
    await settle(pilot)
    theirs = path.read_bytes().replace(b'"Sample session"', b'"Their session"')
    path.write_bytes(theirs)
    await pilot.press("X")
    await wait_until(pilot, lambda: isinstance(app.screen, OutsideEditDialog))
    await settle(pilot)
    assert path.read_bytes() == theirs  # not overwritten
    return theirs


def _kept(path: Path, reason: str) -> list[Path]:
    return [b.path for b in backups.list_backups(path) if b.reason == reason]


async def test_reload_theirs_loads_the_file_and_keeps_mine_in_backups(make_app, sample_session):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        theirs = await _conflict(pilot, sample_session)
        screen = app.screen_stack[-2]
        assert screen.status_bar.save_text == "NOT SAVED: file changed outside"
        await pilot.click("#reload")
        await settle(pilot)
        screen = session_screen(app)
        doc = screen.document
        assert doc.session.title == "Their session"
        assert doc.session.get_text("customer-who", "segment") == "Mine"
        assert screen.title == "Their session"
        assert not doc.dirty and doc.outside_change is None
        assert sample_session.read_bytes() == theirs
        assert any(_segment(p) == "MineX" for p in _kept(sample_session, "mine"))
        assert screen.status_bar.save_state == "saved"
        await pilot.press("Z")  # saving works again, on top of theirs
        await wait_until(pilot, lambda: store.load(sample_session).title == "Their session"
                         and _segment(sample_session) == "MineZ")
        assert "Reloaded theirs" in notifications(app)


async def test_keep_mine_overwrites_and_says_where_theirs_is(make_app, sample_session):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        theirs = await _conflict(pilot, sample_session)
        await pilot.click("#mine")
        await wait_until(pilot, lambda: _segment(sample_session) == "MineX")
        await settle(pilot)
        screen = session_screen(app)
        assert store.load(sample_session).title == "Sample session"
        [kept] = _kept(sample_session, "outside")
        assert kept.read_bytes() == theirs
        assert str(kept) in notifications(app)
        assert screen.status_bar.save_state == "saved"
        assert screen.document.outside_change is None


async def test_keep_both_saves_mine_as_a_copy_and_keeps_editing_it(make_app, sample_session):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        theirs = await _conflict(pilot, sample_session)
        await pilot.press("enter")  # "Keep both" has the focus
        await settle(pilot)
        screen = session_screen(app)
        copy = sample_session.with_name(f"{sample_session.stem}-my-copy.toml")
        assert screen.document.path == copy
        assert sample_session.read_bytes() == theirs
        mine = store.load(copy)
        assert (mine.title, mine.get_text("customer-who", "segment")) == (
            "Sample session (my copy)",
            "MineX",
        )
        assert screen.title == "Sample session (my copy)"
        await pilot.press("Y")
        await wait_until(pilot, lambda: _segment(copy) == "MineXY")
        assert sample_session.read_bytes() == theirs


async def test_escape_pauses_autosave_until_the_palette_brings_the_dialog_back(
    make_app, sample_session
):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        theirs = await _conflict(pilot, sample_session)
        await pilot.press("escape")
        await settle(pilot)
        screen = session_screen(app)
        assert screen.status_bar.save_text == "NOT SAVED: file changed outside"
        await pilot.press(*"more")
        await pilot.pause(0.6)  # autosave would have run by now
        await settle(pilot)
        assert sample_session.read_bytes() == theirs
        assert screen.status_bar.save_text == "NOT SAVED: file changed outside"
        assert screen.document.session.get_text("customer-who", "segment") == "MineXmore"
        assert "Resolve outside change" in command_names(app)
        await run_command(app, "Resolve outside change")
        await settle(pilot)
        assert isinstance(app.screen, OutsideEditDialog)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")  # asking to save brings it back too
        await settle(pilot)
        assert isinstance(app.screen, OutsideEditDialog)
        await pilot.press("escape")
        await settle(pilot)
        # Quitting now does not overwrite theirs, and keeps everything typed in the backups.
        errors = app.save_all_now()
        assert errors and "changed outside workshop" in errors[0]
        assert sample_session.read_bytes() == theirs
        assert any(_segment(p) == "MineXmore" for p in _kept(sample_session, "mine"))


async def test_closing_while_paused_asks_first_and_loses_nothing(make_app, sample_session):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        theirs = await _conflict(pilot, sample_session)
        await pilot.press("escape")
        await settle(pilot)
        await run_command(app, "Close session")
        await settle(pilot)
        assert isinstance(app.screen, OutsideEditDialog)  # not closed, not a "lose it?" question
        assert sample_session.read_bytes() == theirs
        await pilot.click("#mine")
        await wait_until(pilot, lambda: _segment(sample_session) == "MineX")
        await run_command(app, "Close session")
        await settle(pilot)
        assert not any(hasattr(screen, "document") for screen in app.screen_stack)
