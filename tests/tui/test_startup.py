"""Pilot tests of the session screen's quick start: a small first frame, the rest right after.

Issue 7 asks for the first step's question on screen (and accepting keys) soon
after the process starts. The first frame holds the header, the question, the
answer boxes and the status line; the help panels, checklist, next button, step
list, facilitation bar and footer follow one per frame. These tests pin down
that order and that nothing is lost or different once everything is there.
"""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
from pathlib import Path

from session_helpers import SIZE, notifications, session_screen, settle, wait_until
from textual.widgets import Button, Collapsible, Footer

import workshop
from workshop import startup, store
from workshop.app import WorkshopApp
from workshop.storage import locking
from workshop.widgets.step_view import StepView


def _names(app: WorkshopApp) -> set[str]:
    return {type(widget).__name__ for widget in app.screen.walk_children()}


def on_session_frames(monkeypatch, record) -> None:
    """Call `record(app, renderable)` for every frame of the session screen that Textual paints.

    Textual's paint hook (`App._display`, private): frames held back by a batch are not painted.
    """
    from textual.app import App

    textual_display = App._display

    def recording(self, screen, renderable) -> None:
        if renderable is not None and not self._batch_count and type(screen).__name__ == "SessionScreen":
            record(self, renderable)
        textual_display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", recording)


async def test_first_painted_frame_is_the_question_and_answer_boxes(
    make_app, sample_session: Path, monkeypatch
) -> None:
    frames: list[set[str]] = []
    on_session_frames(monkeypatch, lambda app, _: frames.append(_names(app)))
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert frames, "no frame of the session screen was painted"
        first = frames[0]
        assert {"Header", "StepView", "FieldEditor", "SessionStatusBar"} <= first
        assert not first & {"StepNavigator", "FacilitationBar", "SessionFooter", "StepHelpPanel"}
        assert {"StepNavigator", "FacilitationBar", "SessionFooter", "StepHelpPanel"} <= _names(app)


async def test_the_first_frame_painted_is_the_whole_first_screen(
    make_app, sample_session: Path, monkeypatch
) -> None:
    """The session screen's first whole frame is painted, not dropped by Textual's start-up batch.

    Before, it was rendered inside the batch and dropped; the first frame
    written held only what changed after it (the question and labels, no
    answer boxes, no status line), the rest a frame later (issue 12 §4).
    """
    import re

    from textual._compositor import LayoutUpdate

    painted: list[object] = []
    on_session_frames(monkeypatch, lambda _, renderable: painted.append(renderable))
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert painted, "no frame of the session screen was painted"
        first = painted[0]
        assert isinstance(first, LayoutUpdate), type(first).__name__  # the whole screen, not a part
        text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", first.render_segments(app.console))
        step = app.screen.template.step(app.screen.session.current_step)
        assert " ".join(step.question.split())[:20] in " ".join(text.split())
        assert "steps answered" in text  # the status line
        assert step.fields[0].label in text


async def test_the_screen_is_styled_once_before_its_first_frame_and_again_when_it_comes_back(
    make_app, sample_session: Path, monkeypatch
) -> None:
    """Its widgets are styled as they are mounted, not all again on its first resume (issue 12 §4)."""
    from textual import events
    from textual.css.stylesheet import Stylesheet

    restyled: list[int] = []
    update_nodes = Stylesheet.update_nodes

    def counting(self, nodes, animate=False) -> None:
        nodes = list(nodes)
        restyled.append(len(nodes))
        update_nodes(self, nodes, animate)

    def first_frame(app, renderable) -> None:
        if -1 not in restyled:
            restyled.append(-1)  # the first frame

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    on_session_frames(monkeypatch, first_frame)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before_first_frame = restyled[: restyled.index(-1)]
        assert before_first_frame and max(before_first_frame) < 5, before_first_frame  # 27 before
        restyled.clear()
        app.screen.post_message(events.ScreenResume())  # what switching back to it sends
        await settle(pilot)
        assert max(restyled) > 20  # a later resume restyles every widget, as Textual does


async def test_the_collector_held_off_at_start_is_back_on_after_the_first_frame(
    make_app, sample_session: Path, monkeypatch
) -> None:
    """`workshop open` holds the garbage collector off; the app turns it on once its first frame is out."""
    at_frames: list[bool] = []
    on_session_frames(monkeypatch, lambda app, _: at_frames.append(gc.isenabled()))
    app = make_app(session_path=sample_session)
    try:
        with startup.collector_paused():
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                assert at_frames and at_frames[0] is False  # not turned on before the first frame
                assert gc.isenabled()  # ... but right after it, while the app runs
    finally:
        gc.enable()


async def test_a_session_opened_at_start_parses_each_of_our_stylesheets_once(
    make_app, sample_session: Path, monkeypatch
) -> None:
    """The session screen's stylesheets come with the app's: pushing it re-parses none (issue 12 §4)."""
    import textual.css.stylesheet as stylesheet

    parsed: list[str] = []
    frames: list[list[str]] = []
    original_parse = stylesheet.parse

    def counting(scope, css, read_from, **kwargs):
        parsed.append(f"{read_from[0]}:{read_from[1]}")
        return original_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(stylesheet, "parse", counting)
    on_session_frames(monkeypatch, lambda app, _: frames.append(list(parsed)))
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert frames
    # Our package's files only (a CI venv in /tmp/workshop-ci.… holds Textual's too).
    package = str(Path(workshop.__file__).parent) + "/"
    ours = [source for source in frames[0] if source.startswith(package)]
    assert any(source.endswith("session.tcss:") for source in ours)
    assert sorted(ours) == sorted(set(ours)), ours


async def test_everything_is_there_once_started(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        view = screen.step_view
        assert view is not None and not view.context.quick
        scroll = view.query_one("#step-scroll")
        order = [child.id for child in scroll.children]
        assert order[:4] == ["guidance", "example", "notes", "checklist"]
        assert order[-1] == "next-row"
        assert [i for i in order if i and i.startswith("field-")] == [
            f"field-{field.id}" for field in view.step.fields
        ]
        assert view.query_one("#next-step", Button).label
        navigator = screen.navigator
        assert navigator is not None
        assert navigator.highlighted == navigator.get_option_index(f"step:{view.step.id}")
        # The footer lists the screen's keys (it waits for a bindings announcement).
        descriptions = {key.description for key in app.screen.query_one(Footer).query("FooterKey")}
        assert {"Next", "Save"} <= descriptions
        assert app.screen.query_one("#facilitation-bar")


async def test_keys_typed_at_once_land_in_the_first_box(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Nurses")  # no pause: the rest of the screen is still coming
        await settle(pilot)
        assert session_screen(app).session.get_text("customer-who", "segment") == "Nurses"
        await app.action_quit()
    assert store.load(sample_session).get_text("customer-who", "segment") == "Nurses"


async def test_a_panel_opened_before_it_is_built_opens_when_it_is(
    make_app, sample_session: Path
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        view = screen.step_view
        assert view is not None
        view.set_panel("guidance", True)  # what F8 does, whether or not it is mounted yet
        await settle(pilot)
        assert not screen.query_one("#guidance", Collapsible).collapsed
        assert screen.step_view.panel_open("guidance")


async def test_moving_on_before_the_rest_is_mounted_is_fine(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        screen = session_screen(app)
        assert screen.session.current_step == screen.template.steps[1].id
        assert len(screen.query(StepView)) == 1
        assert len(screen.query("#navigator")) == 1
        navigator = screen.navigator
        assert navigator.highlighted == navigator.get_option_index(f"step:{screen.session.current_step}")


def test_start_up_does_not_import_what_the_first_frame_does_not_need() -> None:
    """Importing the app and the session screen leaves heavy, later-needed modules alone."""
    code = (
        "import sys, workshop.cli, workshop.app, workshop.screens.session\n"
        "heavy = ['markdown_it', 'textual.widgets._markdown', 'textual.widgets._data_table',\n"
        "         'workshop.coach', 'workshop.widgets.navigator', 'workshop.widgets.faq_list',\n"
        "         'workshop.widgets.pr_preview', 'workshop.widgets.facilitation_bar',\n"
        "         'workshop.export.appendix', 'workshop.model.live',\n"
        "         'workshop.screens.session_palette', 'workshop.screens.coach_practice',\n"
        "         'workshop.screens.coach_views', 'workshop.screens.coach_text',\n"
        "         'workshop.team', 'pycrdt', 'aiohttp', 'textual_serve',\n"
        "         'workshop.host_app', 'workshop.participant', 'workshop.screens.team_host',\n"
        "         'workshop.screens.participant', 'workshop.screens.participant_name',\n"
        "         'docx', 'workshop.export.word',\n"
        "         'workshop.export.html', 'workshop.screens.export_dialog',\n"
        "         'workshop.screens.coach_findings', 'workshop.screens.review',\n"
        "         'workshop.widgets.comment_list', 'workshop.widgets.question_list',\n"
        "         'json', 'workshop.export.markdown', 'workshop.export.structure',\n"
        "         'workshop.cli.restore', 'workshop.cli.check', 'workshop.cli.example',\n"
        "         'workshop.cli.schema', 'workshop.cli.host', 'workshop.cli.join', 'workshop.cli.link',\n"
        "         'workshop.recovery', 'workshop.examples', 'workshop.schemas',\n"
        "         'workshop.model.comments', 'workshop.model.voting', 'workshop.model.timer',\n"
        "         'workshop.model.facilitation_records', 'tomli_w']\n"
        "print(' '.join(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


async def test_a_lock_that_cant_be_made_after_the_first_frame_is_reported(
    make_app, sample_session: Path, monkeypatch
) -> None:
    """The lock comes after the first frame; its problem still reaches the screen."""

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(locking, "try_acquire", refuse)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert not screen.document.read_only
        assert "can't create its lock file in " in notifications(app)
        assert "(Permission denied)" in notifications(app)
        await pilot.press(*"Nurses")
        await app.action_quit()
    assert store.load(sample_session).get_text("customer-who", "segment") == "Nurses"


async def test_the_rest_is_not_added_to_a_step_view_being_removed(
    make_app, sample_session: Path, monkeypatch
) -> None:
    """A step change while the quick first step is still being taken down (its
    answer boxes gone, the view itself not yet) must not crash the start-up worker:
    the worker adds the help panels and scrolls to the focus only in the live view."""

    async def slow_unmount(self) -> None:  # a loaded machine: the old view leaves slowly
        await asyncio.sleep(0.5)

    monkeypatch.setattr(StepView, "on_unmount", slow_unmount, raising=False)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        screen = session_screen(app)
        assert screen.session.current_step == screen.template.steps[1].id
        view = screen.step_view
        assert view is not None and view.step.id == screen.template.steps[1].id
        assert view.query_one("#next-step", Button)
        assert len(screen.query(StepView)) == 1
        assert screen.query_one("#facilitation-bar")


async def test_a_step_change_while_the_rest_is_being_added_is_fine(
    make_app, sample_session: Path, monkeypatch
) -> None:
    """F6 taken while the start-up worker waits for the help panels to mount: the quick first
    view is removed meanwhile, and the worker must not then ask it for its screen (it raised
    NoScreen, which ended the app: the worker exits the app on an error)."""
    from textual.widget import Widget

    original = Widget.mount_all
    waiting = asyncio.Event()
    gone: list[bool] = []

    async def step_change_first(scroll, widgets, *args, **kwargs):  # type: ignore[no-untyped-def]
        view = scroll.screen.step_view
        waiting.set()  # the test presses F6 now
        for _ in range(1000):  # until the first step's view is gone (10 s at most)
            if not view.is_attached:
                break
            await asyncio.sleep(0.01)
        gone.append(not view.is_attached)
        return await original(scroll, widgets, *args, **kwargs)

    def mount_all(self, widgets, *args, **kwargs):  # type: ignore[no-untyped-def]
        # add_rest's call (compose mounts the scroll's own children without `before`)
        if self.id == "step-scroll" and "before" in kwargs and not waiting.is_set():
            return step_change_first(self, widgets, *args, **kwargs)
        return original(self, widgets, *args, **kwargs)

    monkeypatch.setattr(Widget, "mount_all", mount_all)
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.wait_for(waiting.wait(), 15)
        await pilot.press("f6")
        await wait_until(pilot, lambda: bool(gone))
        await settle(pilot)
        assert gone == [True]  # the case under test happened
        assert app.is_running and app.return_code is None
        screen = session_screen(app)
        view = screen.step_view
        assert view is not None and view.step.id == screen.template.steps[1].id
        assert len(screen.query(StepView)) == 1
        await pilot.press(*"Nurses")
        await app.action_quit()
    assert "Nurses" in sample_session.read_text(encoding="utf-8")  # typed into the new step, saved


_FIRST_FRAME_MODULES = """\
import asyncio, sys
from pathlib import Path
from workshop.app import WorkshopApp

loaded = []
original = WorkshopApp._display

def recording(self, screen, renderable):  # Textual's paint hook (private)
    if (not loaded and renderable is not None and not self._batch_count
            and type(screen).__name__ == "SessionScreen"):
        loaded.append(sorted(name for name in sys.modules if name.startswith(WATCHED)))
    original(self, screen, renderable)

WorkshopApp._display = recording
WATCHED = ("workshop.", "tomli_w", "hashlib", "json", "glob", "getpass", "textual.widgets._footer",
           "textual.widgets._collapsible")

async def main():
    app = WorkshopApp(Path(sys.argv[1]), Path(sys.argv[2]))
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(200):
            if loaded:
                break
            await pilot.pause(0.02)
    print(" ".join(loaded[0] if loaded else ["no-frame"]))

asyncio.run(main())
"""


def test_the_first_frame_does_not_load_what_only_a_change_needs(sample_session: Path) -> None:
    """Up to the first frame nothing is changed, so the operations (~140 dataclasses) stay unloaded.

    The first step's show_step flushes unreported keystrokes before the first
    frame; with nothing to flush it must not import the operations (issue 12 §4).
    """
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME_MODULES, str(sample_session.parent), str(sample_session)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert "workshop.screens.session" in loaded, done.stdout
    later = {"workshop.model.operations", "workshop.model.operation_kinds"}
    # A session without comments, votes, timers or other live records doesn't define their types.
    later |= {"workshop.model.comments", "workshop.model.voting", "workshop.model.timer",
              "workshop.model.facilitation_records"}
    # The session screen's parts the first frame doesn't use are made (and loaded) right after it.
    later |= {"workshop.screens.coach", "workshop.screens.coach_text", "workshop.screens.facilitation",
              "workshop.screens.idea_merge", "workshop.screens.outside_edit", "workshop.screens.session_faq",
              "workshop.export.write", "workshop.export.target", "workshop.widgets.session_footer",
              "workshop.autosave", "workshop.widgets.coach_side"}
    # The lock, the backup and the outside-edit fingerprint come after the first frame (settle());
    # a crash log, a [keymap] check and the session list are needed only when they happen.
    later |= {"workshop.storage.locking", "workshop.storage.outside", "workshop.storage.backups",
              "workshop.storage.list_cache", "workshop.crash", "workshop.keymap_check",
              "glob", "getpass"}
    # The resume point is TOML and its file name's SHA-256 the interpreter's own (workshop.resume).
    later |= {"hashlib", "json"}
    # The footer and the help panels (Textual's Footer and Collapsible) are mounted after it.
    later |= {"textual.widgets._footer", "textual.widgets._collapsible", "workshop.widgets.step_help"}
    assert "tomli_w" not in done.stdout  # the settings are read, not written
    assert not later & set(loaded), sorted(later & set(loaded))
    # The screen listens for changes from its mount on (a team host may change the session
    # right after the first frame): the dispatcher is there, light, without the operations.
    assert "workshop.dispatch" in loaded
