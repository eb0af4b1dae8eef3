"""Pilot test of the home screen with hostile files in the sessions folder: each is listed with its error, none hides the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

from session_helpers import SIZE, settle
from textual.widgets import DataTable

from workshop.screens.home import BROKEN_MARK, HomeScreen

CORPUS = Path(__file__).resolve().parents[1] / "reliability" / "corpus" / "sessions"


async def test_deep_and_out_of_range_files_are_listed_with_the_good_one(make_app, sessions_dir: Path) -> None:
    shutil.copyfile(CORPUS / "deep-nesting-arrays.toml", sessions_dir / "aaa-deep.toml")
    shutil.copyfile(CORPUS / "date-out-of-range.toml", sessions_dir / "bbb-future.toml")
    shutil.copyfile(CORPUS / "bom.toml", sessions_dir / "good.toml")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        titles = [str(table.get_row_at(row)[0]) for row in range(3)]
        assert "Corpus idea" in titles
        assert f"{BROKEN_MARK} aaa-deep.toml" in titles and f"{BROKEN_MARK} bbb-future.toml" in titles
        assert "2 files can't be read" in str(screen.query_one("#status").content)
    assert app.crash_report is None
