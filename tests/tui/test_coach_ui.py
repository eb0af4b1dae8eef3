"""Pilot tests of the coach in the session screen: findings panel, dismissing, jumping, practice, readiness."""

from __future__ import annotations

import threading
from pathlib import Path

from coach_helpers import coach_app, coach_screen, show_coach_screen, wait_for_check
from session_helpers import command_names, notifications, settle, wait_until
from textual.widgets import Input, TextArea

from workshop import coach, store
from workshop.screens import coach as coach_screen_module
from workshop.screens.prompt import TextPrompt
from workshop.screens.readiness import ReadinessScreen
from workshop.widgets.findings import FindingsPanel
from workshop.widgets.practice import PracticePanel

SIZE = (100, 30)


def _vague(panel: FindingsPanel) -> list[coach.Finding]:
    return [f for f in panel.shown if f.rule_id == "vague-word" and f.field_id == "segment"]


async def test_vague_text_gets_a_finding_after_the_pause_checked_off_the_ui_thread(
    make_app, sample_session: Path, monkeypatch
) -> None:
    threads: list[str] = []
    real = coach.check_snapshot

    def recording(snapshot, rules=None):
        threads.append(threading.current_thread().name)
        return real(snapshot, rules)

    monkeypatch.setattr(coach, "check_snapshot", recording)
    # The check waits for a 0.6 s pause in typing; a loaded machine can leave that long between
    # two pressed keys, which would rightly check mid-word. Two seconds no test key waits.
    monkeypatch.setattr(coach_screen_module, "CHECK_DELAY", 2.0)
    app = coach_app(make_app, sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await coach_screen(app, pilot, sample_session)
        await pilot.press("f12")
        await pilot.pause()
        panel = screen.query_one(FindingsPanel)
        assert panel.display and panel.scope == "step"
        assert not _vague(panel)
        before = screen.coach_state.checks_run
        screen.step_view.editors()[0].focus_box()
        await pilot.press(*"Very many renters")  # 17 keys, each well inside the pause
        assert screen.coach_state.checks_run == before, "no check runs while the user types"
        assert not _vague(panel)
        await wait_for_check(pilot, screen, before)
        await settle(pilot)
        assert screen.coach_state.checks_run == before + 1, "one check after the pause"
        found = _vague(panel)
        assert {f.excerpt for f in found} == {"Very", "many"}
        assert "This step 2 ▲" in str(panel.query_one("#findings-summary").render())
        # The answer box carries a badge, the navigator a count.
        assert "finding" in str(screen.step_view.editors()[0].box.border_subtitle)
        assert screen.navigator.finding_badges["customer-who"] == (2, "warning")
        assert "▲2" in screen.navigator.get_option("step:customer-who").prompt.plain
        # Fixing the text clears the finding after the next pause.
        editor = screen.step_view.editors()[0]
        editor.box.value = "Renters aged 22 to 35 in their first flat"
        await wait_for_check(pilot, screen, before + 1)
        assert not _vague(panel)
    assert threads and all(name != threading.main_thread().name for name in threads)


async def test_dismiss_hides_the_finding_and_is_kept_in_the_file(
    make_app, make_session
) -> None:
    path = make_session("Dismissing", answers={"customer-who": {"segment": "Very busy nurses"}})
    app = coach_app(make_app, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await coach_screen(app, pilot, path)
        await pilot.press("f12")
        await pilot.pause()
        panel = screen.query_one(FindingsPanel)
        await wait_until(pilot, lambda: bool(_vague(panel)))
        target = _vague(panel)[0]
        listing = panel.finding_list
        assert app.focused is listing
        listing.highlighted = panel.shown.index(target)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # an empty reason is refused, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = "Nurses say very busy; it's their phrase"
        before = screen.coach_state.checks_run
        await pilot.press("enter")
        await wait_for_check(pilot, screen, before)  # dismissing checks again at once
        assert not _vague(panel), "a dismissed finding is no longer listed"
        assert coach.is_dismissed(screen.session, target)
        await pilot.press("v")  # the dismissed view shows it, with its reason
        await pilot.pause()
        assert [f.fingerprint for f in panel.shown] == [target.fingerprint]
        await pilot.press("ctrl+q")
        await pilot.pause()
    on_disk = store.load(path)
    [kept] = coach.dismissals(on_disk)
    assert kept.fingerprint == target.fingerprint
    assert kept.reason == "Nurses say very busy; it's their phrase"
    assert kept.rule == "vague-word" and kept.step == "customer-who"
    from workshop import content

    template = content.resolve(on_disk.template_id)
    assert target.fingerprint not in {f.fingerprint for f in coach.run_checks(on_disk, template)}


async def test_d_on_a_dismissed_finding_brings_it_back(make_app, make_session) -> None:
    """The dismissed view's d restores the finding: undismissed in the session, listed again."""
    path = make_session("Restoring", answers={"customer-who": {"segment": "Very busy nurses"}})
    app = coach_app(make_app, path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await coach_screen(app, pilot, path)
        await pilot.press("f12")
        await pilot.pause()
        panel = screen.query_one(FindingsPanel)
        await wait_until(pilot, lambda: bool(_vague(panel)))
        target = _vague(panel)[0]
        before = screen.coach_state.checks_run
        assert screen.coach.dismiss(target, "their phrase")
        await wait_for_check(pilot, screen, before)
        assert coach.is_dismissed(screen.session, target) and not _vague(panel)
        panel.finding_list.focus()
        await pilot.press("v")
        await pilot.pause()
        assert [f.fingerprint for f in panel.shown] == [target.fingerprint]
        before = screen.coach_state.checks_run
        await pilot.press("d")
        await wait_for_check(pilot, screen, before)  # restoring checks again at once
        assert not coach.is_dismissed(screen.session, target)
        assert "vague-word is back." in notifications(app)


async def test_enter_on_a_finding_goes_to_its_step_and_selects_the_words(
    make_app, worked_example: Path
) -> None:
    app = coach_app(make_app, worked_example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await coach_screen(app, pilot, worked_example)
        await screen.show_step("review-experiments")
        await pilot.press("f12")
        await pilot.pause()
        panel = screen.query_one(FindingsPanel)
        await pilot.press("s")  # the whole session
        await pilot.pause()
        assert panel.scope == "all" and panel.shown
        many = next(f for f in panel.shown if f.excerpt == "Many")
        panel.finding_list.highlighted = panel.shown.index(many)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.current_step == many.step_id == "customer-who"
        box = app.focused
        assert isinstance(box, TextArea) and box.id == "box"
        assert box.selected_text == "Many"
        # An FAQ finding selects the words in the question or answer editor.
        await pilot.press("f12")  # back to the list
        await pilot.pause()
        faq = next(f for f in panel.shown if f.item_id and f.part == "answer")
        panel.finding_list.highlighted = panel.shown.index(faq)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.current_step == faq.step_id
        area = app.focused
        assert isinstance(area, TextArea) and area.id == "edit-answer"
        # (a long sentence's excerpt is its first words and "…"; the selection is all of it)
        selected = " ".join(area.selected_text.split()).casefold()
        assert selected.startswith(faq.excerpt.removesuffix(" …").casefold())


async def test_practice_mode_shows_example_weak_strong_and_hints_one_at_a_time(
    make_app, sample_session: Path
) -> None:
    app = coach_app(make_app, sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await coach_screen(app, pilot, sample_session)
        step = screen.current_step
        await pilot.press("alt+t")
        await settle(pilot)
        panel = screen.query_one(PracticePanel)
        assert panel.step is step and panel.display
        assert screen.has_class("-coach-open")
        assert app.settings.extra.get("practice") is True, "the app remembers practice mode"
        example = panel.query_one("#worked-example").source
        assert example.strip() == step.example.strip()
        assert "rents a home" in panel.query_one("#weak-answer").source
        assert "22 to 35" in panel.query_one("#strong-answer").source
        assert step.why_strong in str(panel.query_one("#why-strong").render())
        await wait_until(pilot, lambda: bool(panel.weak_findings) or step.id in screen.coach_state.weak)
        hints = panel.query_one("#hints")
        assert panel.hints_shown == 0 and step.hints[0] not in str(hints.render())
        await pilot.press("alt+h")
        await pilot.pause()
        assert panel.hints_shown == 1 and step.hints[0] in str(hints.render())
        assert step.hints[1] not in str(hints.render())
        await pilot.press("alt+h", "alt+h", "alt+h")
        await pilot.pause()
        assert panel.hints_shown == len(step.hints) == 3
        assert "last hint" in notifications(app)
        # "Your answer" follows typing.
        screen.step_view.editors()[0].box.value = "Night-shift nurses"
        await pilot.pause()
        assert "Night-shift nurses" in str(panel.query_one("#your-answer").render())
        # Another step: its own material, hints closed again.
        await pilot.press("f6")
        await settle(pilot)
        assert panel.step is screen.current_step and panel.hints_shown == 0
        await pilot.press("alt+t")
        await pilot.pause()
        assert not panel.display and not screen.has_class("-coach-open")
        assert "practice" not in app.settings.extra


async def test_readiness_ticks_are_saved_and_checks_are_listed(make_app, worked_example: Path) -> None:
    app = coach_app(make_app, worked_example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await coach_screen(app, pilot, worked_example)
        await pilot.press("alt+k")
        await settle(pilot)
        readiness = app.screen
        assert isinstance(readiness, ReadinessScreen)
        await wait_until(pilot, lambda: readiness.report is not None)
        first = screen.template.stages[0].steps[0]
        assert not screen.session.readiness.is_ticked(first.id, first.checklist[0])
        await pilot.press("space")
        await pilot.pause()
        assert screen.session.readiness.is_ticked(first.id, first.checklist[0])
        summary = str(readiness.query_one("#readiness-summary").render())
        assert "1 of" in summary and "468/500 words" in summary
        assert "never block the export" in summary
        # The customer stage's finding is listed; Enter goes to it.
        findings = readiness.query_one("#stage-findings")
        assert readiness._findings and readiness._findings[0].excerpt == "Many"
        findings.focus()
        findings.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.session.current_step == "customer-who"
        assert app.focused.selected_text == "Many"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert store.load(worked_example).readiness.is_ticked(first.id, first.checklist[0])


async def test_coach_commands_are_in_the_palette(make_app, sample_session: Path) -> None:
    app = coach_app(make_app, sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await coach_screen(app, pilot, sample_session)
        names = command_names(app)
        for name in ("Practice mode", "Show findings", "Review meeting", "Readiness", "Next hint"):
            assert name in names


async def test_panels_fit_at_80x24(make_app, worked_example: Path) -> None:
    app = coach_app(make_app, worked_example)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await coach_screen(app, pilot, worked_example)
        await pilot.press("f12")
        await pilot.press("alt+t")
        await settle(pilot)
        findings = screen.query_one(FindingsPanel)
        practice = screen.query_one(PracticePanel)
        view = screen.step_view
        # Under the step there is room for one panel: the one opened last.
        assert practice.display and not findings.display
        for widget in (practice, view):
            region = widget.region
            assert region.width >= 70 and region.height >= 6, (widget, region)
        assert view.region.bottom <= practice.region.y
        await pilot.press("f12")  # findings come to the front, with the cursor
        await settle(pilot)
        assert findings.display and not practice.display
        assert app.focused is findings.finding_list
        assert findings.region.height >= 6
        await pilot.press("alt+t")  # practice off: findings stay
        await settle(pilot)
        assert findings.display and not practice.display
        await pilot.press("f12")  # findings off: nothing left beside the step
        await settle(pilot)
        assert not screen.has_class("-coach-open") and view.region.height >= 18


async def test_a_broken_rules_file_is_reported_once_and_nothing_breaks(
    make_app, sample_session: Path, monkeypatch
) -> None:
    def broken(path=None):
        raise ValueError("rules.toml: rules.vague-word.severity: expected one of: error, warning, info")

    monkeypatch.setattr(coach, "load_rules", broken)
    app = coach_app(make_app, sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_coach_screen(app, pilot, sample_session)
        await wait_until(pilot, lambda: bool(screen.coach_state.error))
        assert "rules.vague-word.severity" in notifications(app)
        screen.step_view.editors()[0].box.value = "Anything"
        await pilot.pause(0.8)
        await settle(pilot)
        assert notifications(app).count("Writing checks can't run") == 1
        assert screen.session.get_text("customer-who", "segment") == "Anything"


async def test_each_findings_list_key_is_its_own_message() -> None:
    """d, s, v and Escape on the findings list post one typed message each, handled by the panel."""
    from textual.app import App, ComposeResult

    from workshop.widgets.findings import FindingList

    heard: list[type] = []

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield FindingsPanel(None)

        def bell(self) -> None:
            heard.append(App)

        def on_findings_panel_leave_requested(self, event: FindingsPanel.LeaveRequested) -> None:
            heard.append(FindingsPanel.LeaveRequested)

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(FindingsPanel)
        listing = panel.finding_list
        post = listing.post_message
        listing.post_message = lambda message: heard.append(type(message)) or post(message)
        listing.focus()
        await pilot.press("s", "v", "d", "escape")
        await pilot.pause()
        assert panel.scope == "all" and panel.dismissed_view
    assert [kind for kind in heard if kind.__qualname__.startswith(("FindingList.", "FindingsPanel.", "App"))] == [
        FindingList.ScopeKey, FindingList.DismissedKey, FindingList.DismissKey, App,  # no finding: a bell
        FindingList.LeaveKey, FindingsPanel.LeaveRequested,
    ]
