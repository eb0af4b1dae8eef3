"""Pilot tests: every screen that exports refuses a .toml target and the session file itself.

The home screen, the session screen (F3 / "Export PR/FAQ as…") and the
coach's "Export to Markdown with open comments" all go through
`workshop.export.write`; before it, only the command line refused these targets
and a screen could write Markdown over the session it was exporting.
"""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, notifications, session_screen, settle
from textual.widgets import Input

from workshop.screens.export_dialog import ExportDialog


async def test_home_export_refuses_the_session_file_and_toml(
    make_app, make_session, tmp_path: Path
) -> None:
    path = make_session("Precious idea")
    before = path.read_bytes()
    other = tmp_path / "template.TOML"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        errors = []
        for target in (path, other):
            dialog.query_one("#path", Input).value = str(target)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog  # refused in the dialog: nothing to replace, nothing asked
            errors.append(dialog.error)
    assert path.read_bytes() == before
    assert not other.exists()
    assert "session file itself" in errors[0] and ".toml" in errors[1]


async def test_session_screen_export_refuses_the_session_file_and_toml(
    make_app, sample_session: Path, tmp_path: Path
) -> None:
    before = sample_session.read_bytes()
    other = tmp_path / "other.toml"
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        screen.export_markdown(sample_session)
        await settle(pilot)
        screen.export_markdown(other)
        await settle(pilot)
        shown = notifications(app)
        assert screen.last_export is None
    assert sample_session.read_bytes() == before
    assert not other.exists()
    assert "Export failed" in shown and "session file itself" in shown and ".toml" in shown


async def test_coach_export_with_comments_refuses_the_session_file(
    make_app, sample_session: Path, monkeypatch
) -> None:
    before = sample_session.read_bytes()
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        monkeypatch.setattr(screen, "default_export_path", lambda: sample_session)
        screen.action_export_with_comments()
        await settle(pilot)
        shown = notifications(app)
    assert sample_session.read_bytes() == before
    assert "Export failed" in shown and "session file itself" in shown


async def test_coach_export_with_comments_still_writes_next_to_the_session(
    make_app, sample_session: Path
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_screen(app).action_export_with_comments()
        await settle(pilot)
    text = sample_session.with_suffix(".md").read_text(encoding="utf-8")
    assert text.startswith("# Sample session\n") and "Appendix: open review comments" in text
