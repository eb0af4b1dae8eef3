"""Pilot tests: keys pressed faster than the screens are built never crash (issue 11 §6).

Each test pins one cause the fuzz test (test_fuzz.py) or the issue found: an
action that ran before its widgets were mounted or after they were removed,
a dialog dismissed twice, option-list paging before the list had a size.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from session_helpers import SIZE, session_screen, settle
from textual.command import CommandList, CommandPalette

from workshop.app import WorkshopApp


async def type_ahead(pilot, *keys: str) -> None:
    """Queue `keys` at once, as a fast typist does (Pilot.press waits after each key)."""
    from fuzz_driver import _key_event

    for key in keys:
        event = _key_event(key)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await settle(pilot)


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

    from textual.widgets import OptionList

    import workshop
    from workshop.keymap_check import workshop_classes
    from workshop.widgets.paging import SafeOptionList

    lists = [cls for cls in workshop_classes(WorkshopApp) if issubclass(cls, OptionList)]
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


async def test_findings_key_twice_at_once(make_app, sample_session: Path) -> None:
    """F12 F12 back to back: the second press came before the panel's list existed."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_ahead(pilot, "f12", "f12")
        await settle(pilot)
        assert _crash(app) is None
        screen = session_screen(app)
        # Priority keys wait for the keys typed before them (widgets/typeahead.py), so the
        # second F12 may find the list focused (then it hides the panel again, as F12 does
        # when pressed slowly) or not yet (then it focuses the list): either way the
        # panel's state and the focus agree, and a third F12 still works.
        focused = screen.focused
        if screen.coach_state.findings_open:
            assert focused is not None and focused.id == "findings-list"
        else:
            assert focused is not None and focused.id != "findings-list"
        was_open = screen.coach_state.findings_open
        await pilot.press("f12")
        await settle(pilot)
        assert _crash(app) is None
        assert screen.coach_state.findings_open is not was_open


async def test_findings_key_right_after_start(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, "f12", "f12", "f12")
        assert _crash(app) is None


async def test_example_key_during_a_step_change(make_app, sample_session: Path) -> None:
    """F9 while the next step is being built: remembered, shown once it is there."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")  # the step list
        await settle(pilot)
        await type_ahead(pilot, "down", "enter", "f9")  # pick the next step, at once F9
        assert _crash(app) is None
        screen = session_screen(app)
        assert screen.session.current_step == screen.template.steps[1].id
        assert "example" in screen.open_panels
        assert screen.step_view.panel_open("example")


async def test_typing_while_leaving_the_press_release(make_app, make_session) -> None:
    """Keys typed while a press-release step is taken down reach no half-removed preview."""
    path = make_session("PR", current_step="pr-summary")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in (("a", "f6"), ("f5", "b", "f5"), ("c", "d", "f6", "e", "f6"), ("f", "f5")):
            await type_ahead(pilot, *keys)
            assert _crash(app) is None


async def test_option_lists_in_a_terminal_too_narrow_for_their_text(make_app, sample_session: Path) -> None:
    """The ideas list of the brainstorm dialog at 10x3 and narrower (wrapping at width <= 0)."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("alt+i", *"an idea", "enter")  # the brainstorm dialog, one idea
        await settle(pilot)
        assert type(app.screen).__name__ == "BrainstormDialog"
        for width, height in ((10, 3), (6, 3), (3, 2), (1, 1), (12, 5)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert _crash(app) is None, (width, height)


async def test_command_palette_in_a_terminal_too_narrow_for_its_text(
    make_app, sample_session: Path
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"step", "down")
        await settle(pilot)
        for width, height in ((10, 3), (6, 8), (3, 8), (1, 1), (12, 5)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert _crash(app) is None, (width, height)


async def test_the_keys_panel_leaves_the_help_panels_alone(make_app, sample_session: Path) -> None:
    """Palette → Keys showed/hid Textual's HelpPanel by class name, which removed the step's
    guidance/example/notes panels (same name); F9 then raised NoMatches '#example'."""
    from session_helpers import run_command
    from textual.widgets import HelpPanel as KeysPanel

    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await run_command(app, "Keys")
        await settle(pilot)
        assert list(screen.walk_children(KeysPanel)), "the keys panel is shown"
        await run_command(app, "Keys")  # and hidden again
        await settle(pilot)
        assert not list(screen.walk_children(KeysPanel))
        assert len(screen.step_view.query("#guidance, #example, #notes")) == 3
        await pilot.press("f8")
        assert _crash(app) is None
        assert screen.step_view.panel_open("guidance")


async def _at_every_moment_of_a_step_change(pilot, screen, step_id: str, poke) -> int:
    """Start a step change and call `poke()` at each turn of the loop until it is done."""
    task = asyncio.ensure_future(screen.show_step(step_id))
    turns = 0
    while not task.done():
        poke()
        turns += 1
        await asyncio.sleep(0)
    await task
    await settle(pilot)
    return turns


async def test_example_key_at_every_moment_of_a_step_change(make_app, sample_session: Path) -> None:
    """F9 (from another message queue than the step change's) while the views swap."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        target = screen.template.steps[1].id
        presses = await _at_every_moment_of_a_step_change(
            pilot, screen, target, lambda: screen.action_toggle_panel("example")
        )
        assert presses > 2
        assert _crash(app) is None
        assert screen.step_view.panel_open("example") == ("example" in screen.open_panels)


async def test_typing_at_every_moment_of_leaving_the_press_release(make_app, make_session) -> None:
    """The preview is refreshed (as on each key) while its step view is taken down."""
    path = make_session("PR", current_step="pr-summary")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        words = iter(range(1, 10_000))

        def type_a_word() -> None:  # what a key in an answer box does
            field = screen.template.step("pr-summary").fields[0].id
            screen.session.set_answer("pr-summary", field, "word " * next(words))
            screen._after_change()

        for target in ("pr-problem", "pr-headline", "customer-who"):
            await _at_every_moment_of_a_step_change(pilot, screen, target, type_a_word)
            assert _crash(app) is None


async def test_a_text_prompt_submitted_twice(make_app, sample_session: Path) -> None:
    """Enter Enter in a prompt: one answer, one dismiss (the second was a ScreenStackError,
    or a second callback and a pop of the screen below)."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("ctrl+l", *"later")  # park an off-topic point: a TextPrompt
        await settle(pilot)
        assert type(app.screen).__name__ == "TextPrompt"
        await type_ahead(pilot, "enter", "enter", "enter")
        assert _crash(app) is None
        assert app.screen is screen
        assert len(screen.facilitation.live().state.parking_lot) == 1


def test_every_screen_that_dismisses_itself_does_it_once() -> None:
    """Siblings: each workshop screen but home and session (which are never dismissed)."""
    import inspect

    from textual.screen import ModalScreen, Screen

    from workshop.keymap_check import workshop_classes
    from workshop.screens.dismiss_once import DismissOnce
    from workshop.screens.home import HomeScreen
    from workshop.screens.session import SessionScreen

    def dismissed(cls: type) -> bool:
        """A screen that can dismiss itself: its own code (or a workshop base's) says `dismiss`;
        the participant app's screens replace each other with `switch_screen` instead."""
        return any(
            "dismiss" in inspect.getsource(base)
            for base in cls.__mro__
            if base.__module__.startswith("workshop.")
        )

    screens = [
        cls
        for cls in workshop_classes(WorkshopApp)
        if issubclass(cls, Screen)
        and not issubclass(cls, (HomeScreen, SessionScreen))
        and (issubclass(cls, ModalScreen) or dismissed(cls))
    ]
    assert len(screens) >= 14
    assert [cls.__name__ for cls in screens if not issubclass(cls, DismissOnce)] == []


async def test_typing_into_the_palette_as_it_closes(make_app, sample_session: Path) -> None:
    """A letter then Escape typed ahead: the palette's search started on a closing palette
    (its worker raised NoMatches 'CommandList'; seen in a real terminal)."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in (("a", "escape"), ("b", "c", "escape"), ("d", "enter", "e"), ("f", "escape", "g")):
            await pilot.press("ctrl+p")
            await type_ahead(pilot, *keys)
            assert _crash(app) is None, keys
            if CommandPalette.is_open(app):
                await pilot.press("escape")
                await settle(pilot)
        for keys in (("ctrl+p", "escape"), ("ctrl+p", "h", "escape"), ("ctrl+p", "escape", "ctrl+p")):
            await type_ahead(pilot, *keys)  # opened and closed before it was mounted
            assert _crash(app) is None, keys
            if CommandPalette.is_open(app):
                await pilot.press("escape")
                await settle(pilot)
        for turns in range(6):  # closed `turns` loop turns after it was opened
            app.action_command_palette()
            palette = app.screen
            for _ in range(turns):
                await asyncio.sleep(0)
            palette.dismiss()
            await settle(pilot)
            assert _crash(app) is None, turns
        # The same, the order fixed: the search text arrives after Escape was handled.
        from textual.command import CommandInput

        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        field = palette.query_one(CommandInput)
        palette.dismiss()
        palette.post_message(CommandInput.Changed(field, "a"))
        await settle(pilot)
        assert _crash(app) is None


async def test_flushing_typed_text_at_every_moment_of_a_step_change(
    make_app, sample_session: Path
) -> None:
    """A facilitation key (alt+i, ctrl+l…) flushes the boxes' text first; during a step
    change the boxes of the new view were not composed yet (NoMatches '#box')."""
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press(*"Nurses")
        for target in ("customer-today", "faq-customer", "problem-evidence", "customer-who"):
            await _at_every_moment_of_a_step_change(pilot, screen, target, screen.flush_edits)
            assert _crash(app) is None, target
        assert screen.session.get_text("customer-who", "segment") == "Nurses"


async def test_flushing_an_faq_edit_at_every_moment_of_leaving_the_step(
    make_app, worked_example: Path
) -> None:
    app = make_app(session_path=worked_example)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-customer")
        await settle(pilot)
        panel = screen.step_view.faq_panel()
        assert panel is not None and panel.items
        assert panel.editing_item is not None, "an item is selected for editing"
        await _at_every_moment_of_a_step_change(pilot, screen, "customer-who", screen.flush_edits)
        assert _crash(app) is None
