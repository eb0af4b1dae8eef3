"""Pilot tests of the session screen: typing, moving between steps, resume, layout, literal text."""

from __future__ import annotations

from pathlib import Path

import pytest
from session_helpers import SIZE, session_screen, settle, wait_until
from textual.widgets import Collapsible, Footer, Input, Markdown, TextArea

from workshop import autosave as autosave_mod
from workshop import content, store
from workshop.export import markdown
from workshop.screens.home import HomeScreen
from workshop.widgets import pr_preview
from workshop.widgets.fields import FieldEditor
from workshop.widgets.navigator import StepNavigator
from workshop.widgets.pr_preview import PressReleasePreview


async def test_type_next_quit_reopen_resumes_with_answers(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.session.current_step == "customer-who"
        assert screen.title == "Sample session"
        assert isinstance(app.focused, Input), "the first field has focus when a step opens"
        await pilot.press(*"Night nurses")
        await pilot.press("enter")  # Enter in a short answer moves on to the next box
        area = app.focused
        assert isinstance(area, TextArea)
        area.insert("They work 12-hour shifts.\nThe canteen closes at 8pm.")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert screen.session.current_step == "customer-today"
        assert screen.step_view.step.id == "customer-today"
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Vending")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    on_disk = store.load(sample_session)
    assert on_disk.current_step == "customer-today"
    assert on_disk.get_text("customer-who", "segment") == "Night nurses"
    assert on_disk.get_text("customer-who", "context") == (
        "They work 12-hour shifts.\nThe canteen closes at 8pm."
    )
    assert on_disk.get_text("customer-today", "today") == "Vending"

    again = make_app(session_path=sample_session)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(again)
        assert not screen.document.read_only, "the first window released its lock on quit"
        assert screen.step_view.step.id == "customer-today"
        assert isinstance(again.focused, TextArea) and again.focused.text == "Vending"
        await pilot.press("f5")
        await pilot.pause()
        texts = [editor.text for editor in screen.step_view.editors()]
        assert texts[:2] == ["Night nurses", "They work 12-hour shifts.\nThe canteen closes at 8pm."]


async def test_previous_and_next_stop_at_the_ends(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("f5")
        await pilot.pause()
        assert screen.session.current_step == "customer-who"
        last = screen.template.steps[-1].id
        await screen.show_step(last)
        await pilot.press("alt+right")
        await pilot.pause()
        assert screen.session.current_step == last
        assert "last step" in "\n".join(str(n.message) for n in app.notification_log)
        await pilot.press("alt+left")
        await pilot.pause()
        assert screen.session.current_step == screen.template.steps[-2].id


async def test_next_button_moves_on(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        button = screen.step_view.query_one("#next-step")
        assert "What do they do today?" in str(button.label)
        button.press()
        await pilot.pause()
        assert screen.session.current_step == "customer-today"


async def test_navigator_marks_progress_and_jumps(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        navigator = screen.query_one(StepNavigator)
        assert navigator.status_of("customer-who") == "not_started"
        assert (screen.status_bar.answered, screen.status_bar.total) == screen.session.progress(
            screen.template
        )
        before = screen.status_bar.answered
        await pilot.press(*"Nurses")
        assert navigator.status_of("customer-who") == "in_progress"
        editors = screen.step_view.editors()
        editors[1].box.insert("Night shifts")  # type: ignore[attr-defined]
        editors[2].box.insert("Hot food\nQuiet place")  # type: ignore[attr-defined]
        await pilot.pause()
        assert navigator.status_of("customer-who") == "answered"
        assert screen.session.get_answer("customer-who", "needs") == ["Hot food", "Quiet place"]
        assert screen.status_bar.answered == before + 1

        await pilot.press("f4")
        await pilot.pause()
        assert navigator.has_focus
        navigator.highlighted = navigator.get_option_index("step:pr-headline")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.current_step == "pr-headline"
        assert isinstance(app.focused, Input)
        assert app.focused.parent is not None
        # A stage row jumps to the stage's first step.
        await pilot.press("f4")
        navigator.highlighted = navigator.get_option_index("stage:problem")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.current_step == "problem-statement"
        # Escape on the list goes back to the answer.
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)


async def test_help_panels_toggle_and_are_remembered(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        step = screen.step_view.step
        assert step.guidance and step.example and step.facilitator_notes, "template has help texts"
        guidance = screen.step_view.query_one("#guidance", Collapsible)
        assert guidance.collapsed
        assert not guidance.query(Markdown), "closed panels are built only when opened"
        await pilot.press("f8")
        await pilot.pause()
        assert not guidance.collapsed
        assert guidance.query_one(Markdown).source == step.guidance.strip()
        await pilot.press("f9", "f10")
        await pilot.pause()
        assert not screen.step_view.query_one("#example", Collapsible).collapsed
        assert not screen.step_view.query_one("#notes", Collapsible).collapsed
        await pilot.press("f6")
        await pilot.pause()
        view = screen.step_view
        assert view.step.id == "customer-today"
        assert all(view.panel_open(p) for p in ("guidance", "example", "notes"))
        assert isinstance(app.focused, TextArea), "typing still goes to the answer"
        await pilot.press("alt+g")
        await pilot.pause()
        assert not view.panel_open("guidance")
        assert "10 min" in str(view.where_text())


@pytest.mark.parametrize("size", [(80, 24), (100, 32), (200, 60)])
async def test_fits_small_and_large_terminals(make_app, sample_session: Path, size) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        width, height = size
        navigator = screen.query_one(StepNavigator)
        question = screen.step_view.query_one("#question")
        assert question.region.height >= 1 and question.region.y < height
        focused = app.focused
        assert focused is not None and focused.region.height >= 1
        assert focused.region.bottom <= height - 2, "the first answer box is on screen"
        status = screen.status_bar
        assert status.region.y == height - 2 and "Saved" in status.save_text
        footer_keys = {key.action for key in screen.query_one(Footer).query("FooterKey")}
        assert {"next_step", "previous_step", "save", "export"} <= footer_keys
        if width < 100:
            assert not navigator.display or navigator.region.width == 0
            await pilot.press("f4")
            await pilot.pause()
            assert navigator.region.width > 0 and navigator.has_focus
            navigator.highlighted = navigator.get_option_index("step:pr-summary")
            await pilot.press("enter")
            await pilot.pause()
            assert screen.session.current_step == "pr-summary"
            assert navigator.region.width == 0, "the list closes again after a jump"
        else:
            assert navigator.region.width > 0
            await screen.show_step("pr-summary")
            await pilot.pause()
        preview = screen.step_view.preview()
        assert preview is not None and preview.region.height >= 3
        fields = screen.step_view.query_one("#step-scroll")
        if width >= 150:
            assert preview.region.x > fields.region.x, "preview beside the answers"
        else:
            assert preview.region.y > fields.region.y, "preview below the answers"


async def test_press_release_preview_updates_and_counts_words(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pr_preview, "PREVIEW_DELAY", 0.05)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("pr-headline")
        await pilot.pause()
        preview = screen.step_view.query_one(PressReleasePreview)
        assert preview.rendered == ""
        headline = app.focused
        assert isinstance(headline, Input)
        headline.value = "Hot meals for night nurses"
        await pilot.pause()
        assert screen.status_bar.words == 5 == preview.words
        assert "5 / 500 words" in str(preview.query_one("#pr-title").content)
        await wait_until(pilot, lambda: "Hot meals for night nurses" in preview.rendered)
        expected = markdown.press_release(screen.session, screen.template)
        assert preview.rendered == expected
        long_text = " ".join(["word"] * 520)
        await screen.show_step("pr-solution")
        await pilot.pause()
        app.focused.insert(long_text)  # type: ignore[union-attr]
        await pilot.pause()
        assert screen.status_bar.words == 525
        assert "over one page" in str(screen.step_view.preview().query_one("#pr-title").content)


async def test_user_text_is_shown_literally(make_app, sessions_dir: Path) -> None:
    template = content.resolve(None)
    session, path = store.create("[bold red]Boom[/] $var", template, sessions_dir)
    session.set_answer("customer-who", "segment", "[link=x]click[/link]")
    session.set_answer("customer-who", "context", "[b]not bold[/b]\n# not a heading")
    store.save(session, path, template)
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.title == "[bold red]Boom[/] $var"
        editors = screen.step_view.query(FieldEditor)
        assert editors[0].text == "[link=x]click[/link]"
        assert editors[1].text == "[b]not bold[/b]\n# not a heading"
        header = app.screen.query_one("HeaderTitle")
        assert "[bold red]Boom[/] $var" in str(header.render())


async def test_close_session_saves_and_returns_home(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press(*"Shift workers")
        await screen.action_close()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert store.load(sample_session).get_text("customer-who", "segment") == "Shift workers"


async def test_quit_saves_keys_whose_messages_were_not_handled_yet(
    make_app, sample_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 600.0)

    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 600.0)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("faq-customer")
        await pilot.pause()
        await pilot.press(*"Is it free?", "enter")
        await pilot.pause()
        answer = screen.step_view.faq_panel().query_one("#edit-answer", TextArea)
        with answer.prevent(TextArea.Changed):  # as if the key's message were still queued
            answer.insert("Yes, for the first month.")
        assert screen.session.faq_items("customer")[0].answer == ""
        await screen.show_step("customer-who")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input)
        with field.prevent(Input.Changed):
            field.value = "Typed at the last moment"
        assert screen.session.get_text("customer-who", "segment") == ""
        await pilot.press("ctrl+q")
        await pilot.pause()
    saved = store.load(sample_session)
    assert saved.get_text("customer-who", "segment") == "Typed at the last moment"
    assert saved.faq_items("customer")[0].answer == "Yes, for the first month.", (
        "leaving a step keeps what its boxes show"
    )


async def test_overlapping_step_changes_leave_one_step_on_screen(
    make_app, sample_session: Path
) -> None:
    import asyncio

    from workshop.widgets.step_view import StepView

    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await asyncio.gather(
            screen.show_step("pr-headline"), screen.show_step("faq-internal"),
            screen.show_step("problem-statement"),
        )
        await pilot.pause()
        views = list(screen.query(StepView))
        assert len(views) == 1
        assert views[0].step.id == screen.session.current_step == "problem-statement"
