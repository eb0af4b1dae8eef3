"""Provides a minimal host app for Pilot tests of the facilitation screens and keys.

`HostScreen` has a `SessionFacilitation` part the same way the session screen
does (bindings, palette commands, a `FacilitationBar`, what its
`SessionFacilitationHost` Protocol asks for), so the facilitation UI can be
tested on its own.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Iterable

from session_helpers import keep_every_notification
from textual.app import App, ComposeResult, SystemCommand
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from workshop import content
from workshop.model.live import LiveSession
from workshop.model.session import Session
from workshop.screens.facilitation import FACILITATION_BINDINGS, SessionFacilitation
from workshop.widgets.facilitation_bar import FacilitationBar
from workshop.widgets.timer import TimerDisplay

SIZE = (100, 32)
"""The terminal size the tests use."""


class HostScreen(Screen[None]):
    """A stand-in session screen: the current step's id, the facilitation bar, the footer."""

    BINDINGS = FACILITATION_BINDINGS

    def __init__(self, document: Any) -> None:
        super().__init__()
        self.document = document
        self.changes = 0
        """How many times a change was reported (the session screen saves on these)."""
        self.shown: list[str] = []
        """Steps `show_step` was asked to show."""
        self.facilitation = SessionFacilitation(self)
        """The part under test."""

    def compose(self) -> ComposeResult:
        yield Static(self.document.session.current_step, id="step")
        yield Input(id="answer", placeholder="An answer box, as on the session screen")
        yield FacilitationBar(self.facilitation.live(), self.facilitation.step(), id="bar")
        yield Footer()

    @property
    def step_view(self) -> None:
        return None  # no answer boxes here

    def flush_edits(self) -> None:
        pass  # no answer boxes here

    def after_change(self) -> None:
        self.changes += 1

    async def action_facilitation(self, name: str) -> None:
        await self.facilitation.run(name)

    def on_timer_display_expired(self, message: TimerDisplay.Expired) -> None:
        message.stop()
        self.facilitation.timer_expired(message)

    async def show_step(self, step_id: str | None = None, focus: bool = True) -> None:
        old = self.document.session.current_step
        step_id = step_id or old
        self.document.session.go_to(step_id)
        self.facilitation.step_changed(old, step_id)
        self.shown.append(step_id)
        self.query_one("#step", Static).update(step_id)

    def action_presenter_mode(self) -> None:
        from workshop.screens.presenter import open_presenter

        open_presenter(self.facilitation)

    def commands(self) -> Iterable[SystemCommand]:
        yield from self.facilitation.commands()


class HostApp(App[None]):
    """Shows one `HostScreen` over a session."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.document = SimpleNamespace(session=session, template=content.resolve(None))
        self.bells = 0

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.push_screen(HostScreen(self.document))

    def bell(self) -> None:
        self.bells += 1

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands = getattr(screen, "commands", None)
        if callable(commands):
            yield from commands()

    @property
    def live(self) -> LiveSession:
        return LiveSession(self.document.session, self.document.template)


def make_host(step: str = "problem-benefit", participants: tuple[str, ...] = ("Ana", "Ben", "Caro")) -> HostApp:
    """A host app on `step` with the given roster; every notification is kept in `notification_log`
    (a toast that timed out on a loaded machine before the test looked is still there)."""
    app = HostApp(Session("Demo", participants=list(participants), current_step=step))
    keep_every_notification(app)
    return app
