"""Provides ParticipantApp: a participant's own small app for a hosted session (`workshop join`).

It asks for a name (unless given), joins with `workshop.team.TeamClient`
on its own loop, and shows what the facilitator's session shows for the
step they are on (see `screens.participant`). It is deliberately lighter
than the facilitator's app: no session file, no coach, no home screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from textual import on
from textual.app import App
from textual.binding import Binding

from .safe import shown
from .screens.participant_name import NAME_LIMIT, NameScreen, clean_name

__all__ = ["NAME_LIMIT", "ParticipantApp", "clean_name", "run_participant"]

if TYPE_CHECKING:
    from textual.driver import Driver

    from .team.client import TeamClient

def _team_client(url: str, name: str) -> "TeamClient":
    # Imported here: pycrdt and aiohttp load only when joining.
    from .team.client import TeamClient

    return TeamClient(url, name)


class ParticipantApp(App[int]):
    """Ask a name, join, follow the facilitator (screens.participant)."""

    TITLE = "workshop · participant"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit", priority=True)]

    def __init__(
        self,
        url: str,
        name: str | None = None,
        *,
        make_client: Callable[[str, str], Any] = _team_client,
    ) -> None:
        """Create the app.

        Args:
            url: The join link.
            name: The participant's name (None: asked on the first screen).
            make_client: Builds the client from (url, name) (tests pass a fake).
        """
        super().__init__()
        self.url = url
        """The join link."""
        self.participant_name = name
        """The name given on the command line (None: asked)."""
        self.make_client = make_client
        """Builds the team client."""

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; in a browser tab (textual-serve), one that quits when the host is gone."""
        driver_class = super().get_driver_class()
        if driver_class.__module__ == "textual.drivers.web_driver":
            from .browser_tab import driver_for

            return driver_for(driver_class)
        return driver_class

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:  # type: ignore[override]
        """Notify with control characters made visible (names and text come from other people)."""
        super().notify(shown(message), title=shown(title), **kwargs)

    @on(NameScreen.Chosen)
    def _name_chosen(self, event: NameScreen.Chosen) -> None:
        """Join with the name (and link) given on the name screen."""
        from .screens.participant import ParticipantScreen

        self.url = event.url
        self.switch_screen(ParticipantScreen(event.url, event.name, event.make_client))

    def on_mount(self) -> None:
        """Ask the name, or join straight away."""
        from .screens.participant import ParticipantScreen

        if self.participant_name:
            self.push_screen(ParticipantScreen(self.url, self.participant_name, self.make_client))
        else:
            self.push_screen(NameScreen(self.url, self.make_client))


def run_participant(url: str, name: str | None) -> int:
    """Run the participant app; return the exit code."""
    app = ParticipantApp(url, name)
    result = app.run()
    return int(result if result is not None else (app.return_code or 0))
