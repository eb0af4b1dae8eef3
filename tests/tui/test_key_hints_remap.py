"""Pilot tests: the hints issue 12 §3 moved to the keymap name the remapped key (review, coach, FAQ, palette, dialogs)."""

from __future__ import annotations

from pathlib import Path

from coach_helpers import coach_app, coach_screen, wait_for_check
from session_helpers import SIZE, notifications, session_screen, settle, wait_until
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, Select, Static

from workshop import settings as settings_mod


def _write_keymap(**keys: str) -> None:
    """Remap in settings.toml `[keymap]`, as a user does (read when the app starts)."""
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "\n".join(f'{binding_id} = "{key}"' for binding_id, key in keys.items())
    path.write_text(f"[keymap]\n{lines}\n", encoding="utf-8")


def _shown(app: App, key: str) -> str:
    return app.get_key_display(Binding(key, ""))


async def test_review_comment_keys_and_reopen_notice_name_remapped_keys(make_app, worked_example: Path) -> None:
    from workshop.screens.review import ReviewScreen
    from workshop.widgets.comment_list import CommentList

    _write_keymap(comment_resolve="alt+j", comment_to_internal_faq="alt+y", comment_delete="f11")
    app = coach_app(make_app, worked_example)
    async with app.run_test(size=(100, 30)) as pilot:
        await coach_screen(app, pilot, worked_example)
        await pilot.press("alt+c")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.click("#skip-reading")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        review.query_one("#anchor", Select).value = "faq"
        review.query_one("#author", Input).value = "Bo"
        box = review.query_one("#comment-text", Input)
        box.focus()
        box.value = "Is the FAQ too long?"
        await pilot.press("enter")
        await settle(pilot)
        alt_j, alt_y, f11 = _shown(app, "alt+j"), _shown(app, "alt+y"), _shown(app, "f11")
        summary = str(review.query_one("#comments-summary", Static).content)
        assert f"  {alt_j} resolve · f/{alt_y} → customer/internal FAQ · {f11} delete" in summary, summary
        listing = review.query_one("#comments", CommentList)
        listing.focus()
        listing.highlighted = 0
        await review.action_comment_to_faq("internal")
        await settle(pilot)
        said = notifications(app)
        assert f"The comment is resolved ({alt_j} reopens it)." in said, said
        assert "(r reopens" not in said


async def test_coach_findings_keys_and_notices_name_remapped_keys(make_app, make_session) -> None:
    from workshop import coach
    from workshop.coach.findings import Finding
    from workshop.widgets.findings import FindingsPanel

    _write_keymap(finding_dismiss="alt+j", findings_dismissed="alt+y", findings_scope="f11")
    path = make_session("Remapped", answers={"customer-who": {"segment": "Very busy nurses"}})
    app = coach_app(make_app, path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await coach_screen(app, pilot, path)
        await pilot.press("f12")
        await pilot.pause()
        panel = screen.query_one(FindingsPanel)
        alt_j, alt_y, f11 = _shown(app, "alt+j"), _shown(app, "alt+y"), _shown(app, "f11")
        keys = str(panel.query_one("#findings-keys", Static).content)
        assert keys == f"Enter: go there · {alt_j}: dismiss · {f11}: this step/all · {alt_y}: dismissed · Esc: back"
        await wait_until(pilot, lambda: any(f.rule_id == "vague-word" for f in panel.shown))
        target = next(f for f in panel.shown if f.rule_id == "vague-word")
        before = screen.coach_state.checks_run
        assert screen.coach.dismiss(target, "their phrase")
        await wait_for_check(pilot, screen, before)
        said = notifications(app)
        assert f"{alt_y} on the findings list shows dismissed ones ({alt_j} brings one back)" in said, said
        panel.finding_list.focus()
        await pilot.press("alt+y")  # the remapped key opens the dismissed view
        await pilot.pause()
        summary = str(panel.query_one("#findings-summary", Static).content)
        assert f"({alt_j} restores one · {alt_y} back to findings)" in summary, summary
        assert coach.is_dismissed(screen.session, target)
        await screen.coach.finding_actions.jump(Finding(rule_id="title-rule", severity="warning", message="m"))
        await pilot.pause()
        assert f"dismiss the finding ({alt_j})." in notifications(app)


async def test_faq_keys_line_names_remapped_keys(make_app, worked_example: Path) -> None:
    _write_keymap(faq_delete="alt+j", faq_undo="alt+y", faq_move_up="f11", faq_move_down="ctrl+b",
                  faq_answer="ctrl+o", faq_toggle_answered="ctrl+e")
    app = make_app(session_path=worked_example)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-internal")
        await settle(pilot)
        panel = screen.step_view.faq_panel()
        keys = str(panel.query_one("#faq-keys", Static).content)
        shown = {key: _shown(app, key) for key in ("alt+j", "alt+y", "f11", "ctrl+b", "ctrl+o", "ctrl+e")}
        assert (f"Tab to the list: {shown['ctrl+o']} answers, {shown['alt+j']} deletes, {shown['alt+y']} undoes, "
                f"{shown['f11']}/{shown['ctrl+b']} moves") in keys, keys
        editor = str(panel.query_one("#editor-keys", Static).content)
        assert editor.endswith(f"or {shown['ctrl+e']} on the list"), editor


async def test_faq_keys_line_is_unchanged_with_the_default_keymap(make_app, worked_example: Path) -> None:
    app = make_app(session_path=worked_example)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-internal")
        await settle(pilot)
        panel = screen.step_view.faq_panel()
        keys = str(panel.query_one("#faq-keys", Static).content)
        assert keys.endswith("Tab to the list: Enter answers, d deletes, u undoes, shift+↑↓ moves"), keys
        assert str(panel.query_one("#editor-keys", Static).content).endswith("or space on the list")


async def test_palette_help_and_last_step_notice_name_remapped_keys(make_app, sample_session: Path) -> None:
    _write_keymap(next_step="f11", previous_step="alt+j", show_steps="alt+y", save_session="ctrl+b",
                  toggle_guidance="ctrl+e", add_question="ctrl+o", presenter_mode="alt+z", command_palette="alt+q")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        helps = {command.title: command.help for command in app.get_system_commands(screen)}
        shown = {key: _shown(app, key) for key in ("f11", "alt+j", "alt+y", "ctrl+b", "ctrl+e", "ctrl+o", "alt+z", "alt+q")}
        assert helps["Next step"] == f"Go to the next step ({shown['f11']})"
        assert helps["Previous step"] == f"Go back to the previous step ({shown['alt+j']})"
        assert helps["Show steps"].endswith(f"({shown['alt+y']})")
        assert helps["Save session"].startswith(f"Save now ({shown['ctrl+b']})")
        assert helps["Toggle guidance"].endswith(f"({shown['ctrl+e']})")
        assert helps["Add question"] == f"Type a new FAQ question ({shown['ctrl+o']} on an FAQ step)"
        await screen.show_step(screen.template.steps[-1].id)
        await settle(pilot)
        await screen.action_next_step()
        await pilot.pause()
        assert f"(or {shown['alt+q']} → Export PR/FAQ as…)" in notifications(app)
        await pilot.press("alt+z")  # presenter mode, on its remapped key
        await settle(pilot)
        presenter = app.screen
        helps = {command.title: command.help for command in app.get_system_commands(presenter)}
        assert helps["Next step"] == f"Present the next step ({shown['f11']})"
        assert helps["Previous step"] == f"Present the previous step ({shown['alt+j']})"
        assert helps["Facilitator mode"].endswith(f"({shown['alt+z']})")


async def test_dialog_keys_line_names_remapped_keys() -> None:
    from workshop.screens.dialogs import ConfirmDialog, PathDialog

    app = App[None]()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ConfirmDialog("Delete it?", "It moves to the trash."))
        await pilot.pause()
        assert str(app.screen.query_one("#dialog-keys").content) == "Enter: Delete · Esc: Cancel · Tab/←→: switch"
        app.pop_screen()
        app.set_keymap({"dialog_cancel": "ctrl+b", "dialog_switch": "alt+j"})
        app.push_screen(ConfirmDialog("Delete it?", "It moves to the trash."))
        await pilot.pause()
        keys = str(app.screen.query_one("#dialog-keys").content)
        assert keys == f"Enter: Delete · {_shown(app, 'ctrl+b')}: Cancel · Tab/{_shown(app, 'alt+j')}: switch", keys
        app.pop_screen()
        app.push_screen(PathDialog("Save as", Path("x.toml")))
        await pilot.pause()
        assert f"{_shown(app, 'ctrl+b')}: Cancel" in str(app.screen.query_one("#dialog-keys").content)


async def test_readiness_checklist_title_names_the_remapped_tick_key(make_app, sample_session: Path) -> None:
    from workshop.screens.readiness import ChecklistList, ReadinessScreen

    _write_keymap(readiness_tick="alt+j")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("alt+k")
        await settle(pilot)
        assert isinstance(app.screen, ReadinessScreen)
        title = app.screen.query_one("#checklist", ChecklistList).border_title
        assert title == f"Checklists ({_shown(app, 'alt+j')} ticks)", title
