"""Pilot tests of the projector-safe screen (issue 14 §2) at 120x40 and 80x24."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from session_helpers import session_screen, settle, wait_until
from textual.widgets import Button
from textual.widgets.collapsible import CollapsibleTitle

from workshop import content, resume, store
from workshop.model.live import LiveSession
from workshop.screens.presenter import PresenterScreen
from workshop.screens.voting import VotingScreen
from workshop.widgets.findings import SEVERITY_MARKS
from workshop.widgets.navigator import StepNavigator
from workshop.widgets.session_footer import SessionFooter
from workshop.widgets.timer import TimerDisplay
from workshop.widgets.voting import VoteBoard

SIZES = [(120, 40), (80, 24)]
"""A projector and a laptop."""


async def _toast_shown(pilot, text: str) -> None:
    """Wait until a toast showing `text` is on screen and laid out (a loaded machine is slow)."""
    app = pilot.app
    await wait_until(pilot, lambda: text in "".join(str(t.render()) for t in app.screen.query("Toast")))
    await pilot.pause(0.2)


def _assert_clear(app, newest: str) -> None:
    """Every toast is whole on screen, none covers the timer, and the newest is shown."""
    timer = app.screen.query_one(TimerDisplay)
    assert timer.region, "the timer is on screen"
    toasts = list(app.screen.query("Toast"))
    assert toasts, "the toasts are on screen"
    for toast in toasts:
        placed = app.screen.find_widget(toast)
        assert placed.visible_region == placed.region, "a toast is cut off"
        assert not placed.region.overlaps(timer.region), (placed.region, timer.region)
    assert newest in "".join(str(toast.render()) for toast in toasts)
    under, _ = app.screen.get_widget_at(2, 3)  # the rack itself lets clicks through
    assert type(under).__name__ not in {"ToastRack", "ToastHolder"}, under


# ====================================================================== toasts
@pytest.mark.parametrize("size", SIZES)
async def test_toasts_never_cover_the_timer(make_app, sample_session: Path, clock, size):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        timer = screen.query_one(TimerDisplay)
        await pilot.press("ctrl+r")  # start the step's timer, then let it run out
        clock.advance(minutes=60)
        timer.tick()
        for n in range(5):  # a pile of toasts, long ones too
            app.notify(f"Message {n} " + "with quite a lot of words in it " * 3, timeout=30)
        await _toast_shown(pilot, "Time's up")
        _assert_clear(app, "Time's up")

        await pilot.press("f7")  # presenter mode: its timer is at the top right
        await wait_until(pilot, lambda: isinstance(app.screen, PresenterScreen))
        for n in range(5):
            app.notify(f"Presenter {n} " + "with quite a lot of words in it " * 3, timeout=30)
        await _toast_shown(pilot, "Presenter 4")
        _assert_clear(app, "Presenter 4")


# ====================================================================== footer
def _assert_footer_whole(app) -> list[str]:
    """Every key shown is whole and left of the palette key; at least one is shown. Return them."""
    from workshop.textual_compat import FooterKey

    keys = list(app.screen.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    assert len(palette) == 1 and palette[0].region.width, "the palette key stays"
    shown = [key for key in keys if key.display and key not in palette]
    assert shown, "some keys are shown"
    hidden = [key for key in keys if not key.display]
    assert keys.index(shown[-1]) < min((keys.index(k) for k in hidden), default=len(keys))
    for key in shown:
        assert key.region.width == key.render().cell_len + key.styles.gutter.width
        # its last cell is blank and may sit under the palette key's edge
        assert key.region.right - 1 <= palette[0].region.x, (key.description, key.region)
    return [key.description for key in shown]


@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_never_cuts_a_key(make_app, sample_session: Path, size):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        steps = [step.id for step in screen.template.steps]
        for _ in steps[:4]:
            await pilot.press("f6")  # quickly, as a facilitator does
        await pilot.pause(0.3)
        await settle(pilot)
        _assert_footer_whole(app)
        # On a loaded machine the fit can run before the new keys are laid out:
        footer = screen.query_one(SessionFooter)

        async def rebuild_then_fit_at_once() -> None:
            await footer.recompose()
            footer._fit()

        footer.call_later(rebuild_then_fit_at_once)
        await pilot.pause(0.3)
        _assert_footer_whole(app)
        await pilot.resize_terminal(size[0] - 17, size[1])
        await pilot.pause(0.2)
        _assert_footer_whole(app)
        await pilot.press("f7")  # every screen has the fitting footer: presenter mode too
        await wait_until(pilot, lambda: isinstance(app.screen, PresenterScreen))
        await pilot.pause(0.2)
        _assert_footer_whole(app)


async def test_a_frame_between_the_rebuild_and_the_fit_shows_no_key_cut(make_app, sample_session: Path):
    """Under load a frame was drawn after the footer's keys were mounted and before they were fitted
    ('del Delet u Und' in a snapshot): freshly composed keys are hidden until measured."""
    from workshop.textual_compat import FooterKey

    app = make_app(session_path=sample_session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = session_screen(app).query_one(SessionFooter)
        seen: list[list[bool]] = []

        async def rebuild_without_fit() -> None:  # what the rebuild does, up to its fit
            await footer.recompose()
            seen.append([key.display for key in footer.query(FooterKey)
                         if not key.has_class("-command-palette")])

        footer.call_later(rebuild_without_fit)
        await wait_until(pilot, lambda: bool(seen))
        assert seen[0] and not any(seen[0]), "keys shown before they were measured"
        footer._fit()
        assert any(key.display for key in footer.query(FooterKey))


# ====================================================================== literal text
def screen_text(app) -> str:
    """Everything the terminal shows, as plain characters."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


BRACKETS = re.compile(r"\[[^\]\n]+\]")
"""A `[placeholder]` as templates write them."""


@pytest.mark.parametrize("size", SIZES)
async def test_template_placeholders_show_their_brackets(make_app, sample_session: Path, size):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        seen = 0
        for step in screen.template.steps:
            fields = [f for f in step.fields if BRACKETS.search(f.placeholder)]
            if not fields:
                continue
            await screen.show_step(step.id)
            await settle(pilot)
            for field, editor in zip(step.fields, screen.step_view.editors()):
                if field not in fields:
                    continue
                editor.box.focus()
                editor.box.scroll_visible(animate=False)
                await pilot.pause(0.1)
                text = screen_text(app)
                for token in BRACKETS.findall(field.placeholder):
                    assert token in text, (step.id, token)
                    seen += 1
        assert seen >= 5  # the headline, both quotes and the experiments have some

        app.notify("said [name], [b]x[/b]", title="[who]")  # a toast quoting a title
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "said [name], [b]x[/b]" in text and "[who]" in text


# ====================================================================== coach marks
def _row(navigator, step_id: str) -> str:
    return str(navigator.get_option(f"step:{step_id}").prompt)


def _marked(navigator, step_id: str) -> bool:
    count, worst = navigator.finding_badges.get(step_id, (0, ""))
    assert count, f"the coach has findings on {step_id}"
    return f"{SEVERITY_MARKS[worst][0]}{count}" in _row(navigator, step_id)


@pytest.mark.parametrize("size", SIZES)
async def test_coach_marks_only_on_visited_steps_or_in_readiness(
    make_app, sample_session: Path, size
):
    before = sample_session.read_bytes()
    app = make_app(session_path=sample_session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await wait_until(pilot, lambda: screen.coach_state.checks_run > 0)
        await pilot.pause()
        navigator = screen.query_one(StepNavigator)
        assert not _marked(navigator, "pr-headline")  # a new session: no red marks for the room
        assert not _marked(navigator, "pr-summary")
        await screen.show_step("pr-headline")
        await settle(pilot)
        await screen.show_step(screen.template.steps[0].id)
        await settle(pilot)
        assert _marked(navigator, "pr-headline")  # visited: its marks show
        assert not _marked(navigator, "pr-summary")
        session_id = screen.session.id
        await wait_until(pilot, lambda: "pr-headline" in resume.recall_visited(session_id))
    assert sample_session.read_bytes() == before  # looking around is not an edit

    app = make_app(session_path=sample_session)  # the next day: still remembered
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await wait_until(pilot, lambda: screen.coach_state.checks_run > 0)
        await pilot.pause()
        navigator = screen.query_one(StepNavigator)
        assert _marked(navigator, "pr-headline")
        assert not _marked(navigator, "pr-summary")
        await pilot.press("alt+k")  # the readiness view: the facilitator asks for every mark
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert _marked(navigator, "pr-summary")


# ====================================================================== vote screen
LONG_OPTIONS = [
    "Get back every dollar of the deposit you are owed without a single phone call",
    "Stop arguing with the landlord about who broke what and when it happened",
    "Know what's expected before moving out",
]


def _long_vote(path: Path) -> None:
    template = content.resolve(None)
    session = store.load(path)
    session.participants[:] = ["Ana", "Ben"]
    session.current_step = "problem-benefit"
    live = LiveSession(session, template)
    session.set_answer("problem-benefit", "candidates", LONG_OPTIONS)
    vote = live.start_vote("problem-benefit")
    live.cast(vote, vote.options[0].id, "Ana")
    live.cast(vote, vote.options[1].id, "Ben")
    live.set_contributor("Ana")
    store.save(session, path, template)


@pytest.mark.parametrize("size", SIZES)
async def test_vote_board_wraps_long_options_and_keeps_every_column(
    make_app, sample_session: Path, size
):
    _long_vote(sample_session)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("alt+v")
        await wait_until(pilot, lambda: isinstance(app.screen, VotingScreen))
        await pilot.pause(0.2)
        board = app.screen.query_one(VoteBoard)
        widths = [column.get_render_width(board) for column in board.ordered_columns]
        assert sum(widths) <= board.scrollable_content_region.width, (widths, board.size)
        assert board.max_scroll_x == 0  # nothing runs off to the right, "Yours" included
        text = " ".join(screen_text(app).split())
        assert "Yours" in text
        lines = screen_text(app).splitlines()
        for option in LONG_OPTIONS:  # every word on screen, wrapped where needed
            for word in option.split():
                assert any(word in line for line in lines), word


# ====================================================================== stray typing
@pytest.mark.parametrize("size", SIZES)
async def test_typing_on_a_button_or_panel_title_goes_to_the_first_box(
    make_app, sample_session: Path, size
):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        view = screen.step_view
        first = view.editors()[0]
        await pilot.press(*"Renters")
        screen.set_focus(view.query_one("#next-step", Button))
        await pilot.pause()
        await pilot.press(*" who move")  # typed on the Next button, quickly
        await pilot.pause()
        assert first.box.has_focus and first.value() == "Renters who move"
        screen.set_focus(view.query(CollapsibleTitle).first())  # a help panel's title
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        assert first.value() == "Renters who moves"
        screen.flush_edits()
        assert screen.session.get_text(view.step.id, first.field.id) == "Renters who moves"
        assert not app.notification_log  # nothing to tell: the keys arrived


async def test_typing_on_the_step_list_says_so(make_app, sample_session: Path):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        navigator = screen.query_one(StepNavigator)
        screen.set_focus(navigator)
        await pilot.pause()
        await pilot.press("z", "z")
        await pilot.pause()
        assert navigator.has_focus  # the place in the list is kept
        told = [n for n in app.notification_log if n.title == "Not typed"]
        assert len(told) == 1 and "step list" in told[0].message  # one toast, not one per key
        assert screen.step_view.editors()[0].value() == ""


async def test_the_next_button_shows_a_bracketed_step_title_literally(sessions_dir: Path):
    from textual.app import App, ComposeResult

    from workshop.widgets.step_view import StepContext, StepView

    template = content.resolve(None)
    session, _path = store.create("Brackets", template, sessions_dir)
    step = template.steps[0]
    context = StepContext(number=1, total=2, next_title="Quote [name], [title]", next_key="f6")

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield StepView(template.stage_of(step.id), step, session, context)

    async with One().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        button = pilot.app.query_one("#next-step", Button)
        assert "Next: Quote [name], [title]" in str(button.label)


async def test_ctrl_c_outside_a_box_says_how_to_quit_without_markup(make_app, sample_session: Path):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        session_screen(app).set_focus(None)
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in app.notification_log]
        assert "Press ^q to quit the app" in messages, messages  # not "[b]ctrl+q[/b]" (toasts are never markup)
