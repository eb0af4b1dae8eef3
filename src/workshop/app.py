"""Provides WorkshopApp, the Textual application (screens live in workshop.screens)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from . import settings as settings_mod
from .document import OpenDocument


class WorkshopApp(App[int]):
    """The workshop terminal app: a home screen and one screen per open session."""

    TITLE = "workshop"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        sessions_dir: Path,
        session_path: Path | None = None,
    ) -> None:
        """Create the app.

        Args:
            sessions_dir: Folder of session files (home screen, new sessions).
            session_path: A session to open straight away (else the home screen).
        """
        super().__init__()
        self.sessions_dir = Path(sessions_dir)
        """Where sessions are listed and created."""
        self.session_path = Path(session_path) if session_path else None
        """The session to open at start, if any."""
        self.settings = settings_mod.load()
        """Remembered theme and key remaps."""

    # ------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        """Apply settings and show the first screen."""
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.settings.problem:
            self.notify(
                f"{self.settings.problem}\nUsing default settings; the file is left as it is.",
                title="Settings not loaded",
                severity="warning",
                timeout=10,
            )
        from .screens.home import HomeScreen

        self.push_screen(HomeScreen(self.sessions_dir))
        if self.session_path is not None:
            self.open_session(self.session_path)

    def open_session(self, path: Path) -> None:
        """Load a session file and show it; report a broken file instead."""
        from .screens.session import SessionScreen
        from .tomlio import FileProblem

        try:
            document = OpenDocument.open(path)
        except FileProblem as problem:
            self.notify(problem.describe(), title="Can't open session", severity="error", timeout=15)
            return
        self.push_screen(SessionScreen(document))

    def open_documents(self) -> list[OpenDocument]:
        """Documents of every open session screen."""
        return [
            screen.document
            for screen in self.screen_stack
            if isinstance(getattr(screen, "document", None), OpenDocument)
        ]

    def save_all_now(self) -> list[str]:
        """Save every open session on this thread; return the errors."""
        errors = []
        for document in self.open_documents():
            if document.dirty:
                result = document.save_now()
                if not result.ok:
                    errors.append(result.error)
        return errors

    # ------------------------------------------------------------ commands
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """App commands, then the current screen's own (`screen.commands()`)."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and how a session flows", self.action_help)
        commands = getattr(screen, "commands", None)
        if callable(commands):
            yield from commands()

    def action_help(self) -> None:
        """Show the help screen."""
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Save every open session, then quit (a failed save asks first)."""
        errors = self.save_all_now()
        if errors:
            self.notify(
                "\n".join(errors) + "\nUse “Save session as…” to keep your work elsewhere, "
                "or press ctrl+q again to quit without saving.",
                title="Not saved",
                severity="error",
                timeout=20,
            )
            if not getattr(self, "_quit_armed", False):
                self._quit_armed = True
                return
        self.exit(0)

    # ------------------------------------------------------------ settings
    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme."""
        if theme != self.settings.theme and self.is_mounted:
            self.settings.theme = theme
            self.run_worker(self._save_settings, thread=True, exclusive=True, group="settings")

    def _save_settings(self) -> None:
        try:
            settings_mod.save(self.settings)
        except OSError as error:
            self.call_from_thread(
                self.notify, str(error), title="Settings not saved", severity="warning"
            )

    # ------------------------------------------------------------ crashes
    def _handle_exception(self, error: Exception) -> None:
        """Save open sessions before Textual shows the traceback and exits."""
        try:
            self.save_all_now()
        except Exception:  # noqa: BLE001 - never mask the original error
            pass
        super()._handle_exception(error)


def run(sessions_dir: Path, session_path: Path | None = None) -> int:
    """Run the app; return the exit code."""
    app = WorkshopApp(sessions_dir, session_path)
    result = app.run()
    return int(result or app.return_code or 0)
