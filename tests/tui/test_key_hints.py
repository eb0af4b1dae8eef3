"""Pilot tests: hints and palette help name the live key, so a remap in [keymap] changes them too."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, notifications, session_screen, settle
from textual.binding import Binding


async def test_remapped_keys_show_in_palette_help_and_notifications(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # alt+j, alt+y: keys nothing has by default (f4 is "Steps", f12 "Findings" on the session screen now).
        app.set_keymap({"roster": "alt+j", "start_round": "f11", "reveal_round": "alt+y"})
        await pilot.pause()
        screen = session_screen(app)
        alt_j, f11, alt_y = (app.get_key_display(Binding(key, "")) for key in ("alt+j", "f11", "alt+y"))
        helps = {command.title: command.help for command in screen.facilitation.commands()}
        assert f"({alt_j})" in helps["Roster"] and "alt+o" not in helps["Roster"]
        assert f"({f11})" in helps["Start silent round"]
        await screen.facilitation.reveal_round()  # no round running: the hint names the start key
        screen.facilitation.start_round()
        await settle(pilot)
        shown = notifications(app)
        assert f"{f11} starts one" in shown and f"until {alt_y} reveals them" in shown
        assert "alt+s" not in shown and "alt+r" not in shown
        assert "clash" not in shown


async def test_the_facilitation_bar_names_remapped_keys(make_app, sample_session: Path) -> None:
    from workshop.widgets.facilitation_bar import FacilitationBar
    from workshop.widgets.roster import RosterBar

    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"roster": "alt+j", "next_contributor": "f11", "agenda": "alt+y"})
        await pilot.pause()
        bar = app.screen.query_one(FacilitationBar)
        bar.show()
        await pilot.pause()
        alt_j, f11, alt_y = (app.get_key_display(Binding(key, "")) for key in ("alt+j", "f11", "alt+y"))
        hint = bar.query_one(RosterBar).hint
        assert hint == f"{f11} next · {alt_j} roster"
        assert str(bar.query_one("#fac-agenda").content).endswith(f"· {alt_y} agenda")


async def test_keys_text_fills_hint_lines_from_the_live_keymap() -> None:
    from textual.app import App
    from textual.screen import Screen

    from workshop.keys import keys_text

    class Dialog(Screen[None]):
        BINDINGS = [Binding("a,insert", "add", "Add", id="thing_add"), Binding("escape", "back", "Back", id="thing_back")]

    app = App[None]()
    async with app.run_test() as pilot:
        dialog = Dialog()
        await app.push_screen(dialog)
        await pilot.pause()
        template = "{thing_add}: add · Enter: open · {thing_back}: back · {not_a_binding}"
        before = keys_text(dialog, template)
        assert before == f"a: add · Enter: open · {app.get_key_display(Binding('escape', ''))}: back · {{not_a_binding}}"
        app.set_keymap({"thing_add": "f12"})
        await pilot.pause()
        assert keys_text(dialog, template).startswith(f"{app.get_key_display(Binding('f12', ''))}: add · ")
