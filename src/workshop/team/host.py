"""Provides TeamHost: serves one open session to participants (sync, token guard, browser page) on one port."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .views import DraftAssignment, HostEvent, ParticipantInfo

if TYPE_CHECKING:
    from ..document import OpenDocument


class TeamHost:
    """Serves one open session to participants.

    One aiohttp application on one port: the pycrdt websocket sync route
    (`/sync/...`), `POST /join`, the token guard on every route, and
    textual-serve's routes for browsers (`/`, `/ws`, `/static`, `/download`).
    What participants send is checked and applied through
    `document.dispatcher`, exactly like the facilitator's own edits.

    Args:
        document: The open session (the facilitator's).
        bind: Address to listen on (127.0.0.1 by default: this machine only).
        port: Port (0: a free one).
        state_dir: Where the live documents, tokens and the link file are kept
            (default: the user state folder's `team/<session id>`).
        browser_command: The command textual-serve runs per browser tab (None: no
            browser page; the page route then answers 404 after the token check).
    """

    def __init__(
        self,
        document: "OpenDocument",
        *,
        bind: str = "127.0.0.1",
        port: int = 0,
        state_dir: Path | None = None,
        browser_command: str | None = None,
    ) -> None:
        self.document = document
        """The session served."""
        self.bind = bind
        """The address listened on."""
        self.port = port
        """The port (the real one once started)."""
        self.state_dir = state_dir
        """The host's state folder (resolved on start)."""
        self.browser_command = browser_command
        """The command run per browser tab (None: no browser page)."""
        self.on_change: Callable[[HostEvent], None] | None = None
        """Called (on the loop) for every HostEvent: joined, left, removed, applied, rejected, changed."""
        self.locked = False
        """True while contributions are refused."""
        self.anonymous = False
        """True while contributions are credited as "anonymous" and names are hidden from participants."""
        self.secret_votes = False
        """True: tallies stay hidden from participants until the vote is closed (also when anonymous)."""
        self.step_id = ""
        """The step the facilitator is on (set by `publish(step_id)`)."""

    @property
    def url(self) -> str:
        """The join link, e.g. http://127.0.0.1:PORT/?t=TOKEN (valid while the host runs)."""
        raise NotImplementedError

    @property
    def participants(self) -> list[ParticipantInfo]:
        """Everyone who joined (removed ones left out), in the order they joined."""
        raise NotImplementedError

    async def start(self) -> None:
        """Bind, restore the live documents from the state folder and serve, on the running loop.

        Call it from the loop that runs the facilitator's app (Textual's). Writes the
        link file that `running_link` reads.

        Raises:
            OSError: the address or port can't be bound.
        """
        raise NotImplementedError

    async def stop(self) -> None:
        """Stop serving: connections close, tokens end, the link file is removed."""
        raise NotImplementedError

    def remove(self, name: str) -> None:
        """Remove a participant: their token stops working, their connection closes, and the
        room link changes (the old link no longer lets anyone join)."""
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        """Lock (refuse) or unlock participants' contributions."""
        raise NotImplementedError

    def set_anonymous(self, on: bool) -> None:
        """Credit contributions as "anonymous" (in the file too) and hide names from participants."""
        raise NotImplementedError

    def set_secret_votes(self, on: bool) -> None:
        """Hide vote tallies from participants until the vote is closed."""
        raise NotImplementedError

    def assign(self, name: str, step_id: str, field_id: str) -> DraftAssignment:
        """Let `name` draft one answer field (a shared text both sides can type in).

        Raises:
            KeyError: no such participant.
            ValueError: no such step or field, or it is not a text field.
        """
        raise NotImplementedError

    def unassign(self, name: str) -> None:
        """Take `name`'s draft section away (what they wrote stays in the session)."""
        raise NotImplementedError

    def publish(self, step_id: str | None = None) -> None:
        """Push the facilitator's current state to participants.

        Step (`step_id`, when given, becomes `self.step_id`), question, timer,
        round, vote, FAQ, assignments. The host UI calls it on every
        SessionChanged and step change; the host also calls it after applying a
        participant's request.
        """
        raise NotImplementedError


def running_link(session_path: Path) -> str | None:
    """The join link of the session's running host, for `workshop link` (None: no live host).

    Reads the link file in the state folder (keyed by the session's id) and
    checks that the process that wrote it still runs.
    """
    raise NotImplementedError
