"""Provides TeamClient: a participant's connection to a team host (join, live sync, reconnect, requests)."""

from __future__ import annotations

from typing import Callable

from .views import ParticipantView


class JoinError(Exception):
    """Joining was refused or failed: the message says why and what to do."""


class DraftField:
    """The shared text of the section assigned to this participant.

    Two people typing in it at once merge character by character. Local edits
    are sent as the difference from the text before (not keystroke by
    keystroke: call `apply_local` on a pause or a word).
    """

    on_remote: Callable[[str], None] | None
    """Called with the whole new text when someone else's edit arrives."""

    @property
    def text(self) -> str:
        """The current text."""
        raise NotImplementedError

    def apply_local(self, new_text: str) -> None:
        """Make the shared text `new_text`, as the difference from the current text."""
        raise NotImplementedError


class TeamClient:
    """A participant's side: joins by the link, keeps the shared document synced, sends requests.

    Runs on the caller's event loop (a Textual app's: start `connect` in a
    worker). Reconnects by itself after a dropped connection; what was added
    meanwhile is merged on reconnect.

    Args:
        url: The join link (http://HOST:PORT/?t=TOKEN).
        name: The participant's name.
    """

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        """The join link."""
        self.name = name
        """The participant's name (as the host accepted it, after `connect`)."""
        self.on_view: Callable[[ParticipantView], None] | None = None
        """Called (on the loop) with the new view after every change."""

    @property
    def view(self) -> ParticipantView:
        """What this participant's screen shows now."""
        raise NotImplementedError

    async def connect(self) -> None:
        """Join (the link's token gives a personal one), sync, and keep reconnecting in the background.

        Returns once the first sync is done.

        Raises:
            JoinError: wrong link or token (403), name taken, host not reachable.
        """
        raise NotImplementedError

    async def close(self) -> None:
        """Disconnect (what was sent stays with the host)."""
        raise NotImplementedError

    def add_idea(self, text: str) -> None:
        """Add an idea on the current step (hidden from others until the round is revealed)."""
        raise NotImplementedError

    def cast_vote(self, option_id: str) -> None:
        """Put one of my dots on an option of the current vote."""
        raise NotImplementedError

    def retract_vote(self, option_id: str) -> None:
        """Take one of my dots off an option."""
        raise NotImplementedError

    def add_question(self, faq_kind: str, text: str) -> None:
        """Add a question to an FAQ list."""
        raise NotImplementedError

    def suggest_answer(self, item_id: str, text: str) -> None:
        """Suggest an answer to an FAQ question (a review comment on it, for the facilitator)."""
        raise NotImplementedError

    def comment(self, target: str, text: str) -> None:
        """Comment on a step ("step:<id>"), a field ("field:<step>/<field>") or an FAQ item (its id)."""
        raise NotImplementedError

    def draft_text(self) -> DraftField | None:
        """The shared text of my assigned section (None: nothing assigned)."""
        raise NotImplementedError
