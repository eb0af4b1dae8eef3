"""Pilot tests: keys pressed faster than the screens are built never crash (issue 11 §6).

Each test pins one cause the fuzz test (test_fuzz.py) or the issue found: an
action that ran before its widgets were mounted or after they were removed,
a dialog dismissed twice, option-list paging before the list had a size.
"""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, session_screen, settle
from textual.command import CommandList, CommandPalette

from workshop.app import WorkshopApp


def _crash(app: WorkshopApp) -> object:
    return app._exception or (app.crash_report and app.crash_report.error)


async def test_page_keys_in_a_step_list_with_no_rows(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("f4")
        await settle(pilot)
        navigator = screen.navigator
        assert navigator is not None and navigator.has_focus
        await pilot.resize_terminal(100, 2)  # no row left for the list
        await pilot.press("pagedown", "pageup")
        assert _crash(app) is None
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        before = navigator.highlighted
        await pilot.press("pagedown")  # with rows again, paging works
        assert navigator.highlighted != before


async def test_page_keys_in_the_command_palette_with_no_rows(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"step", "down")
        await settle(pilot)
        assert CommandPalette.is_open(app)
        assert app.screen.query_one(CommandList).highlighted is not None
        await pilot.resize_terminal(100, 1)
        await pilot.press("pagedown", "pageup")
        assert _crash(app) is None


def test_every_workshop_option_list_pages_safely() -> None:
    """Siblings: each option list the app makes is a SafeOptionList (none built bare)."""
    import re

    import workshop
    from textual.widgets import OptionList

    from workshop.app import _workshop_classes
    from workshop.widgets.paging import SafeOptionList

    lists = [cls for cls in _workshop_classes(WorkshopApp) if issubclass(cls, OptionList)]
    assert len(lists) >= 6
    assert [cls for cls in lists if not issubclass(cls, SafeOptionList)] == []
    source = Path(workshop.__file__).parent
    bare = [
        f"{path.name}: {line.strip()}"
        for path in source.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"(?<![\w.])OptionList\(", line) and "class " not in line
    ]
    assert bare == []
