"""Provides WorkshopApp, the Textual application (screens live in workshop.screens)."""

from __future__ import annotations

import asyncio
import sys
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from textual import events
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.events import Resize
from textual.filter import LineFilter
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from . import keys
from . import settings as settings_mod
from .document import OpenDocument
from .keys import key_for
from .safe import shown
from .startup import resume_collector
from .stop_signals import StopSignals
from .textual_compat import (
    app_context,
    app_loop,
    batch_lifted,
    drop_oldest_notifications,
    held_by_start_batch,
    install_parsed_css_cache,
    invoke,
)
from .textual_compat import install as _install_textual_fixes
from .widgets import too_small
from .widgets.safe_text import ControlFilter

if TYPE_CHECKING:  # imported when needed: a crash, a [keymap] in the settings (start-up)
    from .crash import CrashReport

_install_textual_fixes()  # key remaps keep their place, no false clash (see textual_compat)

SESSION_CSS = ("screens/session.tcss",)
"""The session screen's stylesheets (its CSS_PATH), relative to this file."""

_SETTINGS_LOCK = threading.Lock()
"""Serialises settings writes from overlapping theme changes."""


class WorkshopApp(App[int]):
    """The workshop terminal app: a home screen and one screen per open session."""

    TITLE = "workshop"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            id="command_palette",
        ),
        # The leader preset's first key (keys.LEADER_KEY): a letter follows. Off in the
        # standard preset (the action skips, so the key reaches the focused widget).
        Binding(keys.LEADER_KEY, "leader", "Keys", show=False, priority=True, id="leader"),
    ]

    def __init__(
        self,
        sessions_dir: Path,
        session_path: Path | None = None,
        *,
        document: OpenDocument | None = None,
    ) -> None:
        """Create the app.

        Args:
            sessions_dir: Folder of session files (home screen, new sessions).
            session_path: A session to open straight away (else the home screen).
            document: A session already opened (`workshop open` opens it first to
                report a broken file before the TUI starts); the app owns it from
                here: it saves it and releases its lock on close or quit.
        """
        # A session opened at start: its screen's stylesheets are read with the app's, so
        # pushing it doesn't re-parse every stylesheet before the first frame (~4 ms).
        starts_in_session = session_path is not None or document is not None
        super().__init__(css_path=[self.CSS_PATH, *SESSION_CSS] if starts_in_session else None)
        from .textual_compat import install_fast_wrapped_height

        install_fast_wrapped_height()  # typing cost independent of the answer's length
        self.sessions_dir = Path(sessions_dir)
        """Where sessions are listed and created."""
        if document is not None and session_path is None:
            session_path = document.path
        self.session_path = Path(session_path) if session_path else None
        """The session to open at start, if any."""
        self._start_document = document
        self._home_pending = False
        self._home_focus: Path | None = None
        self.settings = settings_mod.load()
        """Remembered theme and key remaps."""
        keys.set_preset(self, self.settings.key_preset)
        self.crash_report: CrashReport | None = None
        """What was saved and logged after an unhandled exception (None: no crash)."""
        self.unsaved_at_exit: list[str] = []
        """Save errors the user chose to quit with (printed after exit)."""
        self._quit_armed = False
        self._reported_clashes: set[str] = set()
        self._painted = False
        """Whether a frame has been written to the terminal (`_display`)."""
        self._control_filter = ControlFilter()
        """Drops control characters a path forgot to show (see `get_line_filters`)."""
        self.stop_signals: StopSignals | None = None
        """Quits the app on SIGTERM and SIGHUP (set up when mounted)."""

    # ------------------------------------------------------------ safe output
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notify, with control characters (from titles, file names, answers) made visible.

        Every screen's and widget's `notify` comes here. Messages are never
        markup (`markup` is ignored): they quote titles, answers and file names,
        and a `[name]` in them must show as typed.
        """
        super().notify(
            shown(message), title=shown(title), severity=severity, timeout=timeout, markup=False
        )

    def action_help_quit(self) -> None:
        """ctrl+c outside a text box: say how to quit (Textual's says it with markup, shown literally here)."""
        self.notify(
            f"Press {key_for(self.screen, 'quit', 'ctrl+q')} to quit the app", title="Do you want to quit?"
        )

    def on_notify(self, event: Notify) -> None:
        """Before a toast is added, drop older ones (errors last) so that the toasts fit in half the screen.

        The toast rack is at most half the screen high (app.tcss) so it never
        reaches the countdown; toasts beyond that would be clipped unseen.
        """
        drop_oldest_notifications(self, max(1, self.size.height // 13) - 1)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the net that drops any control character left in a line."""
        return [*super().get_line_filters(), self._control_filter]

    # ------------------------------------------------------------ lifecycle
    def on_resize(self, event: Resize) -> None:
        """Cover the screen with "make the window bigger" while the terminal is too small."""
        if self.screen_stack:
            too_small.cover(self.screen, event.size)

    def _cover_new_screen(self, screen: Screen) -> None:
        too_small.cover(screen, self.size)

    def on_mount(self) -> None:
        """Apply settings and show the first screen."""
        # `workshop open` holds the garbage collector off until the first frame is out (workshop.startup).
        self.call_later(self.call_after_refresh, resume_collector)
        self.screen_change_signal.subscribe(self, self._cover_new_screen)
        self.stop_signals = StopSignals(self, self.quit_for_signal)
        self.stop_signals.install()
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(
                    f"The theme {self.settings.theme!r} in {settings_mod.settings_path()} "
                    f"is not available; using the default. Pick one with {key_for(self.screen, 'command_palette', 'ctrl+p')} → Theme.",
                    title="Unknown theme",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
        if self.settings.key_preset and self.settings.key_preset not in keys.PRESETS:
            self.notify(
                f"key_preset = {self.settings.key_preset!r} in {settings_mod.settings_path()} is not a preset "
                f"({', '.join(repr(name) for name in keys.PRESETS)}); using the standard keys.",
                title="Unknown key preset",
                severity="warning",
                timeout=10,
            )
        if self.settings.keymap:
            from .keymap_check import keymap_problems

            self.set_keymap(self.settings.keymap)
            problems = keymap_problems(self.settings.keymap, type(self))
            if problems:
                self.notify(
                    "\n".join(problems)
                    + f"\nFix [keymap] in {settings_mod.settings_path()}; "
                    f"{key_for(self.screen, 'help', 'f1')} lists the binding ids.",
                    title="Key remaps",
                    severity="warning",
                    timeout=20,
                    markup=False,
                )
        if self.settings.problem:
            self.notify(
                f"{self.settings.problem}\nUsing default settings; the file is left as it is "
                "(and your theme choice is not saved) until you fix or remove it.",
                title="Settings not loaded",
                severity="warning",
                timeout=15,
                markup=False,
            )
        if self.session_path is not None:
            # The session goes straight on screen; the home screen (which lists the
            # sessions folder in a worker) is only built when the session closes.
            document, self._start_document = self._start_document, None
            if document is not None:
                self._push_session(document)
            else:
                self.open_session(self.session_path)
            if len(self.screen_stack) > 1:
                self._home_pending = True
                return
        self.push_screen(self._new_home())

    def _new_home(self) -> Screen:
        """A fresh home screen (the list of sessions)."""
        from .screens.home import HomeScreen

        home = HomeScreen(self.sessions_dir)
        home.focus_path, self._home_focus = self._home_focus, None
        return home

    def pop_screen(self) -> AwaitComplete:
        """Pop the current screen; closing a session opened at start shows the home screen."""
        if self._home_pending and len(self.screen_stack) == 2:
            self._home_pending = False
            return self.switch_screen(self._new_home())
        return super().pop_screen()

    def call_soon_from_thread(
        self, callback: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        """Run `callback(*args, **kwargs)` on the UI thread without waiting for it.

        Unlike `call_from_thread`, a worker that uses this never blocks: if the
        app has already stopped (quit while a worker was finishing), the call is
        dropped instead of waiting forever on a loop that will never run it.
        """
        loop = app_loop(self)
        if loop is None or loop.is_closed():
            return

        async def run() -> None:
            if not self.is_running:
                return
            with app_context(self):
                await invoke(partial(callback, *args, **kwargs))

        try:
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(run()))
        except RuntimeError:  # the loop closed between the check and the call
            pass

    def open_session(self, path: Path) -> None:
        """Load a session file and show it; report a broken file instead."""
        from .storage.tomlio import FileProblem

        try:
            document = OpenDocument.open(path, later=True)  # settled after the first frame
        except FileProblem as problem:
            self.notify(
                problem.describe(),
                title="Can't open session",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        except OSError as error:
            self.notify(
                f"{path}: {error.strerror or error}",
                title="Can't open session",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self._push_session(document)

    def _push_session(self, document: OpenDocument) -> None:
        """Show an opened session (the home screen, now or later, selects it)."""
        self._home_focus = document.path
        for screen in self.screen_stack:
            if hasattr(screen, "focus_path"):
                screen.focus_path = document.path
        self.push_screen(self.session_screen(document))

    def session_screen(self, document: OpenDocument) -> Screen:
        """The screen that shows an opened session (`HostApp` serves its first one to a team)."""
        from .screens.session import SessionScreen

        return SessionScreen(document)

    def open_documents(self) -> list[OpenDocument]:
        """Documents of every open session screen."""
        return [
            screen.document
            for screen in self.screen_stack
            if isinstance(getattr(screen, "document", None), OpenDocument)
        ]

    def save_all_now(self) -> list[str]:
        """Save every open session on this thread; return the errors.

        Screens that hold typed text not yet in the model get a chance to
        hand it over first (an optional `flush_edits()` method).
        """
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_edits", None)
            if callable(flush):
                try:
                    flush()
                except Exception as error:  # noqa: BLE001 - saving what we have matters more
                    self.log.error(f"flush_edits failed on {screen!r}: {error!r}")
        errors = []
        for document in self.open_documents():
            if document.dirty:
                result = document.save_now()
                if not result.ok:
                    errors.append(result.error)
        return errors

    async def on_event(self, event: events.Event) -> None:
        """Handle an event; type-ahead first reaches its box (issue 11).

        A key with a priority binding (F6, ctrl+q, alt+r…) acts as soon as it
        is read, so it first waits for the keys typed before it; after passing
        on a key or paste, a busy box may catch up, so saves and timers run
        during a long burst.
        """
        typed = isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded
        if typed:
            from .widgets.typeahead import handle_typeahead, keep_up

            if isinstance(event, events.Key) and not event.is_printable:
                active = self.screen.active_bindings.get(event.key)
                if active is not None and active.binding.priority:
                    await handle_typeahead(self)
        await super().on_event(event)  # forwarding marks the event forwarded
        if typed:
            await keep_up(self)

    # ------------------------------------------------------------ commands
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """App commands, then the current screen's own (`screen.commands()`)."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and how a session flows", self.action_help)
        for name, what in keys.PRESETS.items():
            if name != keys.preset(self):
                yield SystemCommand(
                    f"Keys: {name} preset", f"Switch to {what} (kept in settings.toml)",
                    partial(self.use_key_preset, name),
                )
        commands = getattr(screen, "commands", None)
        if callable(commands):
            yield from commands()

    def get_key_display(self, binding: Binding) -> str:
        """How `binding`'s key is shown: in the leader preset, the leader and the letter ("^g n")."""
        after = keys.leader_key(self, binding.id)
        if after is not None:
            return f"{self.leader_shown()} {super().get_key_display(Binding(after, ''))}"
        return super().get_key_display(binding)

    def leader_shown(self) -> str:
        """How the leader key is shown (a remap of the `leader` binding included)."""
        return key_for(self, "leader", super().get_key_display(Binding(keys.LEADER_KEY, "")))

    def use_key_preset(self, name: str) -> None:
        """Switch to the key preset `name` (a key of `keys.PRESETS`) and remember it."""
        keys.set_preset(self, name)
        self.settings.key_preset = "" if name == keys.STANDARD else name
        self.run_worker(self._save_settings, thread=True, exclusive=True, group="settings")
        self.screen.refresh_bindings()  # the footer shows the new keys
        if name == keys.LEADER:
            text = f"Keys: press {self.leader_shown()}, then the key the box shows. F-keys and alt keys still work."
        else:
            text = "Keys: F-keys and alt keys, as in the help."
        self.notify(text, title="Key preset", timeout=8)

    async def action_leader(self) -> None:
        """The leader key: list the keys that may follow, then run the one pressed."""
        from textual.actions import SkipAction

        from .screens.leader import LeaderScreen, leader_choices

        if keys.preset(self) != keys.LEADER:
            raise SkipAction()  # the standard preset: the key goes to the focused widget
        if isinstance(self.screen, LeaderScreen):
            self.screen.dismiss(None)  # the leader twice: cancel
            return
        underneath = self.screen
        leader = self.leader_shown()

        async def chosen(choice: object) -> None:
            from .screens.leader import LeaderChoice

            if isinstance(choice, LeaderChoice) and underneath.is_attached:
                await self.run_action(choice.action, choice.node)

        self.push_screen(LeaderScreen(leader_choices(underneath), leader), chosen)

    def action_help(self) -> None:
        """Show the help screen with the keys of the current screen."""
        from .screens.help import HelpScreen, key_rows

        if isinstance(self.screen, HelpScreen):
            return
        where = self.screen.sub_title or self.screen.title or ""
        self.push_screen(HelpScreen(key_rows(self.screen), str(where), self.sessions_dir))

    def action_command_palette(self) -> None:
        """Show the command palette (its page keys are safe before its list has a size)."""
        from textual.command import CommandPalette

        from .screens.command_palette import SafeCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    async def action_quit(self) -> None:
        """Save every open session, then quit (a failed save asks for a second press)."""
        from .widgets.typeahead import handle_typeahead

        await handle_typeahead(self)  # keys typed before ctrl+q reach their box and are saved
        errors = self.save_all_now()
        if errors and not self._quit_armed:
            key = key_for(self.screen, "quit", "ctrl+q")
            self._quit_armed = True
            self.notify(
                "\n".join(errors)
                + f"\nYour text is still here. Use “Save session as…” ({key_for(self.screen, 'command_palette', 'ctrl+p')}) to keep it "
                f"elsewhere, or press {key} again to quit WITHOUT saving these changes.",
                title="Not saved: quit cancelled",
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        self.unsaved_at_exit = errors
        for document in self.open_documents():
            close = getattr(document, "close", None)
            if callable(close):
                try:
                    close()
                except OSError:
                    pass
        code = 1 if errors else 0
        self.exit(code, return_code=code)

    async def quit_for_signal(self) -> None:
        """SIGTERM or SIGHUP (stop_signals): quit as the quit key does, without asking twice if a save fails."""
        self._quit_armed = True  # the system is ending the app: a second key press will not come
        await self.action_quit()

    def on_unmount(self) -> None:
        """The app has finished: after SIGTERM or SIGHUP the process ends even if the terminal is gone."""
        if self.stop_signals is not None:
            self.stop_signals.finished(int(self.return_code or 0))

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: object) -> None:
        """Tell the user (once) that a key remap collides with another key."""
        names = sorted(binding.id or binding.action for binding in clashed_bindings)
        marker = ",".join(names)
        if marker in self._reported_clashes:
            return
        self._reported_clashes.add(marker)
        self.notify(
            f"The [keymap] in {settings_mod.settings_path()} gives {', '.join(names)} a key "
            "that is already used here, so the old key is kept. Choose another key.",
            title="Key remap clash",
            severity="warning",
            timeout=15,
            markup=False,
        )

    # ------------------------------------------------------------ settings
    def get_css_variables(self) -> dict[str, str]:
        """Textual's theme variables, text colours raised to WCAG AA where a theme falls short."""
        from . import themes

        variables = themes.readable(super().get_css_variables())
        self.theme_variables = variables  # what `$text-…` in markup resolves to
        return variables

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme."""
        if theme != self.settings.theme and self.is_mounted:
            self.settings.theme = theme
            self.run_worker(self._save_settings, thread=True, exclusive=True, group="settings")

    def _save_settings(self) -> None:
        try:
            with _SETTINGS_LOCK:  # the last writer writes the latest choice
                settings_mod.save(self.settings)
        except OSError as error:
            self.call_soon_from_thread(
                self.notify,
                str(error),
                title="Settings not saved",
                severity="warning",
                markup=False,
            )

    # ------------------------------------------------------------ crashes
    def _save_for_crash(self) -> list[tuple[Path, str]]:
        """Save every open session; return (file, what happened) for the log."""
        self.save_all_now()
        statuses = []
        for document in self.open_documents():
            if document.dirty:
                reason = document.last_error or "unknown error"
                statuses.append((document.path, f"NOT saved: {reason}"))
            else:
                statuses.append((document.path, "saved"))
        return statuses

    def _display(self, screen: Screen[Any], renderable: Any) -> None:  # textual_compat.DISPLAY
        """Paint an update; the first whole frame even inside Textual's start-up batch (textual_compat)."""
        if not self._painted and renderable is not None:
            if held_by_start_batch(self, screen, renderable):
                with batch_lifted(self):
                    super()._display(screen, renderable)
                self._painted = True
                return
            self._painted = not self._batch_count
        super()._display(screen, renderable)

    def _handle_exception(self, error: Exception) -> None:  # textual_compat.HANDLE_EXCEPTION
        """Save open sessions and write a crash log before Textual exits."""
        if self.crash_report is None:
            try:
                sessions = self._save_for_crash()
            except Exception as save_error:  # noqa: BLE001 - never mask the original error
                sessions = [(Path("?"), f"NOT saved: saving failed too ({save_error!r})")]
            # Here, not at the top: only a crash needs it (start-up, issue 12 §4).
            from . import crash

            self.crash_report = crash.report(error, sessions)
        super()._handle_exception(error)


def run(
    sessions_dir: Path,
    session_path: Path | None = None,
    *,
    document: OpenDocument | None = None,
    make_app: Callable[..., WorkshopApp] = WorkshopApp,
) -> int:
    """Run the app; return the exit code.

    Args:
        sessions_dir: Folder of session files.
        session_path: A session to open at start.
        document: A session already opened by the caller; the app owns it (and
            its lock) from here, and its lock is released however the app ends.
        make_app: Builds the app from these arguments (`workshop host` passes
            its `HostApp`, which also serves the session to a team).
    """
    stylesheets = install_parsed_css_cache()  # ~10 ms of the first frame (issue 12 §4)
    app = make_app(sessions_dir, session_path, document=document)
    try:
        result = app.run()
    finally:
        if document is not None:
            try:
                document.close()  # safe twice; covers a crash or an app that never mounted
            except OSError:
                pass
        stylesheets.finish()
    if app.crash_report is not None:
        print(app.crash_report.message(), file=sys.stderr)
        return 1
    if app.unsaved_at_exit:
        print(
            "workshop quit WITHOUT saving the latest changes:\n  "
            + "\n  ".join(app.unsaved_at_exit),
            file=sys.stderr,
        )
    return int(result if result is not None else (app.return_code or 0))
