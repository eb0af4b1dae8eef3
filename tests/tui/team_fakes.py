"""Provides fakes of the team engine's client and host (workshop.team) for Pilot tests of the team UI.

They keep the engine's contract (names, views, callbacks on the loop) and
record what the UI asked for, so the screens can be tested without a network.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from workshop.team.client import JoinError
from workshop.team.views import HostEvent, ParticipantInfo, ParticipantView


class FakeDraft:
    """A DraftField that keeps its text and records local edits."""

    def __init__(self, text: str = "") -> None:
        self._text = text
        self.on_remote: Callable[[str], None] | None = None
        self.local: list[str] = []

    @property
    def text(self) -> str:
        return self._text

    def apply_local(self, new_text: str) -> None:
        self._text = new_text
        self.local.append(new_text)

    def remote(self, new_text: str) -> None:
        """Someone else typed: the text changes and the UI hears of it."""
        self._text = new_text
        if self.on_remote is not None:
            self.on_remote(new_text)


class FakeClient:
    """A TeamClient without a network: `push(**changes)` plays the host."""

    instances: list["FakeClient"] = []
    refuse: str = ""
    """When set, `connect` raises JoinError with this message (once)."""

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name
        self.on_view: Callable[[ParticipantView], None] | None = None
        self._view = ParticipantView(name=name, connected=True, session_title="Demo")
        self.sent: list[tuple[str, Any]] = []
        self.draft = FakeDraft()
        self.closed = False
        FakeClient.instances.append(self)

    @property
    def view(self) -> ParticipantView:
        return self._view

    async def connect(self) -> None:
        if FakeClient.refuse:
            message, FakeClient.refuse = FakeClient.refuse, ""
            if message.startswith("crash:"):
                raise RuntimeError(message[6:])
            raise JoinError(message)

    async def close(self) -> None:
        self.closed = True

    def push(self, **changes: Any) -> None:
        """The host changed something: a new view reaches the UI."""
        self._view = dataclasses.replace(self._view, **changes)
        if self.on_view is not None:
            self.on_view(self._view)

    def add_idea(self, text: str) -> None:
        if len(text) > 30:
            from workshop.team.requests import RequestError

            raise RequestError("add_idea: text is longer than 30 characters")
        self.sent.append(("idea", text))

    def cast_vote(self, option_id: str) -> None:
        self.sent.append(("cast", option_id))

    def retract_vote(self, option_id: str) -> None:
        self.sent.append(("retract", option_id))

    def add_question(self, faq_kind: str, text: str) -> None:
        self.sent.append(("question", (faq_kind, text)))

    def suggest_answer(self, item_id: str, text: str) -> None:
        self.sent.append(("answer", (item_id, text)))

    def comment(self, target: str, text: str) -> None:
        self.sent.append(("comment", (target, text)))

    def draft_text(self) -> FakeDraft | None:
        return self.draft if self._view.assigned is not None else None


class FakeHost:
    """A TeamHost without a network: records calls, `event(...)` plays a participant."""

    def __init__(self, document: Any, *, bind: str = "127.0.0.1", port: int = 0,
                 state_dir: Any = None, browser_command: str | None = None) -> None:
        self.document = document
        self.bind, self.port, self.browser_command = bind, port, browser_command
        self.on_change: Callable[[HostEvent], None] | None = None
        self.people: list[ParticipantInfo] = []
        self.calls: list[tuple[str, Any]] = []
        self.started = self.stopped = False
        self.token = "tok1"

    @property
    def url(self) -> str:
        return f"http://{self.bind}:4321/?t={self.token}"

    @property
    def participants(self) -> list[ParticipantInfo]:
        return list(self.people)

    async def start(self) -> None:
        if self.port == 1:
            raise OSError(13, "Permission denied")
        if self.port == 2:
            raise RuntimeError("the sync server did not start")
        self.started = True

    async def stop(self) -> None:
        self.stopped = True

    def remove(self, name: str) -> None:
        self.calls.append(("remove", name))
        self.people = [p for p in self.people if p.name != name]
        self.token = "tok2"

    def set_locked(self, locked: bool) -> None:
        self.calls.append(("locked", locked))

    def set_anonymous(self, on: bool) -> None:
        self.calls.append(("anonymous", on))

    def set_secret_votes(self, on: bool) -> None:
        self.calls.append(("secret", on))

    def set_reviewing(self, on: bool) -> None:
        self.calls.append(("reviewing", on))

    def assign(self, name: str, step_id: str, field_id: str) -> Any:
        self.calls.append(("assign", (name, step_id, field_id)))

    def publish(self, step_id: str | None = None) -> None:
        self.calls.append(("publish", step_id))

    def event(self, kind: str, name: str, connected: bool = True) -> None:
        """A participant joined or dropped."""
        self.people = [p for p in self.people if p.name != name]
        if kind != "removed":
            self.people.append(ParticipantInfo(name=name, connected=connected, anonymous=False))
        if self.on_change is not None:
            self.on_change(HostEvent(kind=kind, name=name))  # type: ignore[arg-type]
