"""Provides TeamSessionScreen: the session screen of `workshop host`, serving the session to a team.

It is the ordinary session screen plus a `TeamHost` (workshop.team) started
on the app's loop after the first frame: a line above the status bar shows
the join link and how many people are connected; palette commands show the
link (with Copy), the participants (with Remove), lock contributions and
turn anonymity on or off. Every change to the session and every move to
another step publishes the facilitator's state to the participants.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable

from textual import work
from textual.app import ComposeResult, SystemCommand

from ..widgets.team_status import TeamStatus
from .changes import SessionChanged
from .session import SessionScreen
from .team_dialogs import JoinLinkDialog, ParticipantsDialog, PickParticipantDialog

if TYPE_CHECKING:
    from ..document import OpenDocument
    from ..team import TeamHost


@dataclass(frozen=True)
class TeamOptions:
    """Where `workshop host` serves (from its --bind and --port)."""

    bind: str = "127.0.0.1"
    """The address to listen on."""
    port: int = 0
    """The port (0: a free one)."""
    any_port: bool = False
    """`port` is only a preference (a crashed host's): when it is taken, serve on a free one."""

    def browser_command(self) -> str:
        """The command textual-serve runs (in a shell) for each browser tab; the host puts the link for `{url}`.

        `exec`: the shell becomes the participant's app, so the process the host ends is that app.
        """
        return f"{'exec ' if os.name == 'posix' else ''}{shlex.quote(sys.executable)} -m workshop join '{{url}}'"


def participant_rows(participants: Iterable[Any]) -> list[tuple[str, str]]:
    """(name, state) for each participant: connected, or when their device dropped."""
    rows = []
    for person in participants:
        if person.connected:
            state = "connected"
        else:
            seen = person.last_seen
            if isinstance(seen, datetime):
                state = f"dropped (last seen {seen.astimezone().strftime('%H:%M:%S')})"
            else:
                state = "dropped"
        if person.anonymous:
            state += ", anonymous"
        if person.assigned is not None:
            state += f", drafts {person.assigned.label or person.assigned.field_id}"
        rows.append((str(person.name), state))
    return rows


class TeamSessionScreen(SessionScreen):
    """The session screen with a team server (see the module docstring)."""

    def __init__(self, document: OpenDocument, options: TeamOptions) -> None:
        """Create the screen; the server starts after the first frame.

        Args:
            document: The open session.
            options: Where to serve.
        """
        super().__init__(document)
        self.team_options = options
        """Where the server listens."""
        self.team: TeamHost | None = None
        """The running server (None before it started or after it stopped)."""
        self.team_locked = False
        """Participants' contributions are refused."""
        self.team_anonymous = False
        """Participants' contributions are credited as "anonymous"."""
        self.team_secret_votes = False
        """Vote tallies stay hidden from participants until the vote closes."""
        self._publish_pending = False

    def compose(self) -> ComposeResult:
        """The session screen, and the team line just above its status bar."""
        from ..widgets.status_bar import SessionStatusBar

        for widget in super().compose():
            if isinstance(widget, SessionStatusBar):
                yield TeamStatus(id="team-status")
            yield widget

    @property
    def team_status(self) -> TeamStatus:
        """The team line."""
        return self.query_one("#team-status", TeamStatus)

    async def on_mount(self) -> None:
        """Start serving once the first frame is out (the base class shows the step)."""
        self.app.call_later(self._team_start)

    def _team_start(self) -> None:
        if self.is_attached and self.team is None:
            self._serve()

    @work(exclusive=True, group="team", exit_on_error=False)
    async def _serve(self) -> None:
        """Start the server on the app's loop and show the link."""
        from ..team.host import TeamHost

        options = self.team_options
        host = TeamHost(
            self.document,
            bind=options.bind,
            port=options.port,
            browser_command=options.browser_command(),
        )
        host.on_change = self._team_event
        try:
            try:
                await host.start()
            except OSError:
                if not (options.any_port and options.port):
                    raise
                host = TeamHost(self.document, bind=options.bind, port=0,
                                browser_command=options.browser_command())
                host.on_change = self._team_event
                await host.start()  # the old port is taken: a free one (participants need the new link)
        except OSError as error:
            reason = error.strerror or str(error)
            self._team_failed(f"{options.bind}:{options.port}: {reason}")
            return
        except Exception as error:  # noqa: BLE001 - the session stays usable; say why
            self.log.error(f"team server failed to start: {error!r}")
            self._team_failed(f"{type(error).__name__}: {error}")
            return
        self.team = host
        status = self.team_status
        status.link = host.url
        status.state = "serving"
        host.set_locked(self.team_locked)
        host.set_anonymous(self.team_anonymous)
        host.set_secret_votes(self.team_secret_votes)
        self._refresh_people()
        host.publish(self.session.current_step)
        self.notify(
            f"Participants join with: {host.url}\nPalette → “Show join link” shows it again, with Copy.",
            title="Team mode",
            timeout=10,
            markup=False,
        )

    def _team_failed(self, reason: str) -> None:
        status = self.team_status
        status.problem = reason
        status.state = "failed"
        port = "another --port" if self.team_options.port else "another address"
        self.notify(
            f"The team server did not start ({reason}). The session is open and saves as usual; "
            f"quit and run `workshop host` with {port} to try again.",
            title="Team mode not available",
            severity="error",
            timeout=20,
            markup=False,
        )

    async def on_unmount(self) -> None:
        """Stop serving when the session closes: the link and every token stop working."""
        host, self.team = self.team, None
        if host is not None:
            try:
                await host.stop()
            except Exception as error:  # noqa: BLE001 - closing the session matters more
                self.log.error(f"team server stop failed: {error!r}")

    # ------------------------------------------------------------ events from the server
    def _team_event(self, event: Any) -> None:
        """The server's callback (on this loop): joins, departures, removals, refused operations."""
        self.call_later(self._show_event, event)

    def _show_event(self, event: Any) -> None:
        kind = str(event.kind)
        name = str(event.name)
        if kind in ("removed", "changed"):
            self._refresh_link()  # removing someone makes a new room link
        if kind == "joined":
            self.notify(f"{name} joined.", title="Team", markup=False)
        elif kind == "left" and self._still_in(name):  # a removed person's connection closing is no news
            self.notify(f"{name} disconnected (left, or their device dropped); the same link lets them back in.",
                        title="Team", markup=False)
        elif kind == "rejected":
            self.log.warning(f"refused from {name}: {event.detail}")
        self._refresh_people()

    def _still_in(self, name: str) -> bool:
        """True when `name` is one of the participants (not removed)."""
        return self.team is not None and any(str(person.name) == name for person in self.team.participants)

    def _refresh_link(self) -> None:
        if self.team is not None:
            self.team_status.link = self.team.url
            for dialog in self.app.screen_stack:
                if isinstance(dialog, JoinLinkDialog):
                    dialog.show_link(self.team.url)  # an open dialog never shows a link that stopped working

    def on_screen_suspend(self) -> None:
        """A screen opened over this one: participants may comment if it is the review meeting."""
        self.call_later(self._team_reviewing)  # by then the new screen is on the stack

    def on_screen_resume(self) -> None:
        """Back on the session: the review meeting (if any) is over."""
        self._team_reviewing()

    def _team_reviewing(self) -> None:
        from .review import ReviewScreen

        if self.team is not None:
            self.team.set_reviewing(any(isinstance(screen, ReviewScreen) for screen in self.app.screen_stack))

    def _refresh_people(self) -> None:
        host = self.team
        if host is None:
            return
        people = list(host.participants)
        status = self.team_status
        status.connected = sum(1 for person in people if person.connected)
        status.dropped = sum(1 for person in people if not person.connected)
        for dialog in self.app.screen_stack:
            if isinstance(dialog, ParticipantsDialog):
                if dialog.is_mounted:
                    dialog.show(participant_rows(people))
                else:  # still composing: it lists these once mounted
                    dialog.rows = participant_rows(people)

    # ------------------------------------------------------------ publishing
    def _after_change(self) -> None:
        super()._after_change()
        self.team_publish()

    async def show_step(self, step_id: str | None = None, *, focus: bool = True, quick: bool = False) -> None:
        """Show a step (None: the current one), and move the participants along with it."""
        await super().show_step(step_id, focus=focus, quick=quick)
        self.team_publish()

    def team_publish(self) -> None:
        """Send the facilitator's state to the participants (once per batch of changes)."""
        if self.team is None or self._publish_pending:
            return
        self._publish_pending = True
        self.call_after_refresh(self._publish_now)

    def _publish_now(self) -> None:
        self._publish_pending = False
        if self.team is not None:
            self.team.publish(self.session.current_step)

    def on_session_changed(self, event: SessionChanged) -> None:
        """Participants' changes show where the facilitator looks, without moving the cursor.

        (Their requests and drafts reach the session through the same dispatcher.)
        """
        if event.change.origin == "edit":
            self.call_later(self._show_remote, event.change)

    def _show_remote(self, change: Any) -> None:
        from ..model import operations as ops
        from .changes import _flat

        view = self.step_view
        session = self.session
        if view is not None:
            for op in _flat([change.op]):
                if isinstance(op, ops.SetAnswer) and op.step_id == session.current_step:
                    for editor in view.editors():
                        wanted = session.get_answer(op.step_id, op.field_id)
                        # Only a box that shows something else and holds no keys of its own.
                        if (editor.field.id == op.field_id and editor.unreported() is None
                                and editor.value() != wanted):
                            editor.show_answer(wanted)
            if change.part == "faq" and change.op.actor != self.actor() and not isinstance(change.op, ops.SetFaqDraft):
                panel = view.faq_panel()
                if panel is not None:
                    panel.reload(session.faq_items(panel.kind), session.faq_drafts.get(panel.kind, ""))
        if change.part == "facilitation":
            self.facilitation.refresh()
            self._refresh_open_views()

    def _refresh_open_views(self) -> None:
        """Views pushed over the session (voting, idea capture, presenter) show participants' dots and ideas."""
        from .brainstorm import BrainstormDialog
        from .presenter import PresenterScreen
        from .voting import VotingScreen

        for screen in self.app.screen_stack:
            if not screen.is_mounted:
                continue  # still composing: it draws from the model when mounted
            if isinstance(screen, VotingScreen):
                screen.redraw()
            elif isinstance(screen, BrainstormDialog):
                screen.refresh_state()
            elif isinstance(screen, PresenterScreen):
                screen.refresh_view()

    # ------------------------------------------------------------ commands
    def commands(self) -> Iterable[SystemCommand]:
        """The session's commands, then the team's."""
        yield from super().commands()
        yield SystemCommand("Show join link", "The link participants join with, and Copy",
                            self.action_show_join_link)
        yield SystemCommand("Participants", "Who is connected, whose device dropped; remove someone",
                            self.action_participants)
        if self.team_locked:
            yield SystemCommand("Unlock contributions", "Participants can add ideas, votes and text again",
                                self.action_toggle_lock)
        else:
            yield SystemCommand("Lock contributions", "Participants can look but not add or change anything",
                                self.action_toggle_lock)
        if self.team_anonymous:
            yield SystemCommand("Anonymous contributions: off", "Credit participants' contributions by name",
                                self.action_toggle_anonymous)
        else:
            yield SystemCommand("Anonymous contributions", "Credit participants' new contributions as “anonymous”",
                                self.action_toggle_anonymous)

        if self.team_secret_votes:
            yield SystemCommand("Secret votes: off", "Participants see the dots as they are cast",
                                self.action_toggle_secret_votes)
        else:
            yield SystemCommand("Secret votes", "Participants see the dots only when the vote is closed",
                                self.action_toggle_secret_votes)
        if self._draft_field() is not None:
            yield SystemCommand("Assign section to a participant",
                                "Let one participant draft the answer box on screen from their device",
                                self.action_assign_section)

    def _draft_field(self) -> tuple[str, str, str] | None:
        """(step id, field id, label) of the text box a participant could draft here, else None."""
        from ..model.template import FieldType

        view = self.step_view
        if view is None:
            return None
        editors = [e for e in view.editors() if e.field.type in (FieldType.TEXT, FieldType.LONG_TEXT)]
        focused = [e for e in editors if e.has_focus_within]
        chosen = (focused or editors or [None])[0]
        if chosen is None:
            return None
        return self.session.current_step, chosen.field.id, chosen.field.label

    def action_assign_section(self) -> None:
        """Pick a participant to draft the answer box on screen."""
        target = self._draft_field()
        if self._not_serving() or self.team is None or target is None:
            return
        names = [str(person.name) for person in self.team.participants]
        if not names:
            self.notify("Nobody has joined yet.", title="Team")
            return
        step_id, field_id, label = target

        def chosen(name: str | None) -> None:
            if name is None or self.team is None:
                return
            try:
                self.team.assign(name, step_id, field_id)
            except (KeyError, ValueError) as error:
                self.notify(str(error), title="Not assigned", severity="warning", markup=False)
                return
            self.team_publish()
            self.notify(f"{name} drafts “{label}” now; you see their text as they type.",
                        title="Team", markup=False)

        self.app.push_screen(PickParticipantDialog(f"Who drafts “{label}”?", names), chosen)

    def action_toggle_secret_votes(self) -> None:
        """Hide or show vote tallies on participants' screens until a vote closes."""
        self.team_secret_votes = not self.team_secret_votes
        if self.team is not None:
            self.team.set_secret_votes(self.team_secret_votes)
        self.notify(
            "Participants see the dots only when you close the vote." if self.team_secret_votes
            else "Participants see the dots as they are cast (unless contributions are anonymous).",
            title="Team",
        )

    def _not_serving(self) -> bool:
        if self.team is not None:
            return False
        status = self.team_status
        why = status.problem if status.state == "failed" else "it is still starting"
        self.notify(f"The team server is not running: {why}.", title="Team", severity="warning",
                    markup=False)
        return True

    def action_show_join_link(self) -> None:
        """Show the join link in a dialog with a Copy button."""
        if not self._not_serving() and self.team is not None:
            self.app.push_screen(JoinLinkDialog(self.team.url))

    def action_participants(self) -> None:
        """Show who is connected, with Remove."""
        if not self._not_serving() and self.team is not None:
            self.app.push_screen(ParticipantsDialog(participant_rows(self.team.participants), self.team_remove))

    def team_remove(self, name: str) -> None:
        """Remove a participant: their link stops working and their connection closes."""
        if self.team is not None:
            self.team.remove(name)
            self._refresh_people()
            self._refresh_link()
            self.notify(
                f"{name} was removed. The join link changed (the old one no longer works): "
                "share the new one with the others who still need it.",
                title="Team", markup=False,
            )

    def action_toggle_lock(self) -> None:
        """Lock or unlock participants' contributions."""
        self.team_locked = not self.team_locked
        self.team_status.locked = self.team_locked
        if self.team is not None:
            self.team.set_locked(self.team_locked)
        self.notify(
            "Contributions are locked: participants can look but not add." if self.team_locked
            else "Contributions are open again.",
            title="Team",
        )

    def action_toggle_anonymous(self) -> None:
        """Turn anonymous contributions on or off."""
        self.team_anonymous = not self.team_anonymous
        self.team_status.anonymous = self.team_anonymous
        if self.team is not None:
            self.team.set_anonymous(self.team_anonymous)
        self.notify(
            "New contributions are credited as “anonymous” in the session file." if self.team_anonymous
            else "New contributions are credited by name.",
            title="Team",
        )
