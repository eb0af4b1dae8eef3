"""Provides HostApp: the workshop app of `workshop host`, whose session is served to a team."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from .app import WorkshopApp
from .document import OpenDocument
from .screens.team_host import TeamOptions, TeamSessionScreen

__all__ = ["HostApp", "TeamOptions"]


class HostApp(WorkshopApp):
    """`WorkshopApp` whose session (the one given at start) is shown by `TeamSessionScreen`.

    Everything else is `workshop open`'s app: sessions opened later from the
    home screen are not served.
    """

    def __init__(
        self,
        sessions_dir: Path,
        session_path: Path | None = None,
        *,
        document: OpenDocument | None = None,
        team: TeamOptions,
    ) -> None:
        """Create the app.

        Args:
            sessions_dir: Folder of session files.
            session_path: The session to serve.
            document: That session, already opened by the command.
            team: Where to serve it.
        """
        super().__init__(sessions_dir, session_path, document=document)
        self.team_options = team
        """Where the session is served."""
        self._served = False

    def session_screen(self, document: OpenDocument) -> Screen:
        """The served session's screen the first time, a plain session screen after."""
        if not self._served and self.session_path is not None and document.path == self.session_path:
            self._served = True
            return TeamSessionScreen(document, self.team_options)
        return super().session_screen(document)
