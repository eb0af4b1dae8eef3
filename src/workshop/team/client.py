"""Provides TeamClient: a participant's connection to a team host (join, live sync, reconnect, requests)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import secrets
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from ..safe import line
from . import published
from . import requests as wire
from .channel import SocketChannel
from .textdiff import apply_to_text
from .views import DraftAssignment, ParticipantView

log = logging.getLogger("workshop.team")
"""Where the client reports dropped connections (never raised)."""

CONNECT_TIMEOUT = 10.0
"""Seconds `connect` waits for the host to answer and the first sync."""
RETRY_FIRST = 0.2
"""Seconds before the first reconnect attempt after a drop (doubling up to RETRY_MAX)."""
RETRY_MAX = 2.0
"""Longest wait between reconnect attempts."""


class JoinError(Exception):
    """Joining was refused or failed: the message says why and what to do."""


def split_link(url: str) -> tuple[str, str]:
    """`(base, room token)` of a join link (`http://host:port/?t=TOKEN`).

    Raises:
        JoinError: not an http(s) link with a token.
    """
    parts = urlsplit(url.strip())
    token = (parse_qs(parts.query).get("t") or [""])[0]
    if parts.scheme not in ("http", "https") or not parts.netloc or not token:
        raise JoinError(
            "that is not a join link: it looks like http://HOST:PORT/?t=TOKEN "
            "(the facilitator's `workshop link` prints it)"
        )
    return f"{parts.scheme}://{parts.netloc}", token


class _Link:
    """One live document kept in sync with one room of the host, reconnecting after drops."""

    def __init__(self, client: "TeamClient", doc: Any, path: str) -> None:
        self.client = client
        self.doc = doc
        self.path = path
        self.connected = False
        self.synced = asyncio.Event()
        self.refused = False
        self.stopping = asyncio.Event()
        self.channel: SocketChannel | None = None
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        self.stopping.set()
        if self.channel is not None:
            await self.channel.close()
        if self.task is not None:
            self.task.cancel()
            with _quiet():
                await self.task

    async def _run(self) -> None:
        from aiohttp import ClientError, WSServerHandshakeError
        from pycrdt import Provider

        delay = RETRY_FIRST
        url = self.client._ws_base + self.path
        while not self.stopping.is_set():
            try:
                assert self.client._http is not None
                websocket = await self.client._http.ws_connect(
                    url, headers={"Authorization": f"Bearer {self.client._token}"},
                    heartbeat=10, max_msg_size=1 << 22,
                )
            except WSServerHandshakeError as error:
                if error.status == 403:
                    self.refused = True
                    self.client._refused(self)
                    return
                await self._pause(delay)
                delay = min(delay * 2, RETRY_MAX)
                continue
            except (ClientError, OSError, asyncio.TimeoutError):
                await self._pause(delay)
                delay = min(delay * 2, RETRY_MAX)
                continue
            channel = self.channel = SocketChannel(websocket, self.path)
            try:
                async with Provider(self.doc, channel, log=log) as provider:
                    synced = asyncio.ensure_future(provider.synced.wait())
                    closed = asyncio.ensure_future(channel.closed.wait())
                    stopping = asyncio.ensure_future(self.stopping.wait())
                    await asyncio.wait({synced, closed, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    if synced.done() and not channel.closed.is_set():
                        self.connected = True
                        delay = RETRY_FIRST
                        self.synced.set()
                        self.client._changed()
                        await asyncio.wait({closed, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    for waiter in (synced, closed, stopping):
                        waiter.cancel()
            except Exception as error:  # a broken connection must never end the client
                log.info("team client: connection to %s ended: %s", self.path, error)
            finally:
                self.connected = False
                await channel.close()
                self.client._changed()
            if not self.stopping.is_set():
                log.info("team client: %s dropped; reconnecting", self.path)
                await self._pause(delay)
                delay = min(delay * 2, RETRY_MAX)

    async def _pause(self, seconds: float) -> None:
        try:  # a timeout is the end of the pause; a cancellation (the app exiting) must end the task
            await asyncio.wait_for(self.stopping.wait(), seconds)
        except asyncio.TimeoutError:
            pass


class _quiet:
    """Suppress cancellation and timeouts (ending a task we own)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, value: Any, tb: Any) -> bool:
        return kind is not None and issubclass(kind, (asyncio.CancelledError, asyncio.TimeoutError))


class DraftField:
    """The shared text of the section assigned to this participant.

    Two people typing in it at once merge character by character. Local edits
    are sent as the difference from the text before (not keystroke by
    keystroke: call `apply_local` on a pause or a word).
    """

    def __init__(self, text: Any, assignment: DraftAssignment, link: _Link) -> None:
        self._text = text
        self._local = False
        self._link = link
        self.assignment = assignment
        """Which field this is."""
        self.on_remote: Callable[[str], None] | None = None
        """Called with the whole new text when someone else's edit arrives."""
        text.observe(self._changed)

    @property
    def text(self) -> str:
        """The current text."""
        return str(self._text)

    @property
    def synced(self) -> bool:
        """True once the host's text arrived (before that, `text` may be empty)."""
        return self._link.synced.is_set()

    def apply_local(self, new_text: str) -> None:
        """Make the shared text `new_text`, as the difference from the current text."""
        self._local = True
        try:
            with self._text.doc.transaction(origin="local"):
                apply_to_text(self._text, new_text)
        finally:
            self._local = False

    def _changed(self, _event: Any) -> None:
        if self._local or self.on_remote is None:
            return
        callback = self.on_remote
        asyncio.get_running_loop().call_soon(lambda: callback(str(self._text)))


class TeamClient:
    """A participant's side: joins by the link, keeps the shared document synced, sends requests.

    Runs on the caller's event loop (a Textual app's: start `connect` in a
    worker). Reconnects by itself after a dropped connection; what was added
    meanwhile is merged on reconnect (requests are kept in the participant's
    document until the host has applied them).

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
        self._base, self._room_token = split_link(url)
        self._ws_base = "ws" + self._base[4:]
        self._http: Any = None
        self._token = ""
        self._doc: Any = None
        self._link: _Link | None = None
        self._draft: tuple[DraftAssignment, _Link, DraftField] | None = None
        self._view = ParticipantView(name=name)
        self._view_soon = False
        self._removed = False
        self._room = ""
        self._parsed: list[tuple[Any, wire.Request | None]] = []  # outbox entries parsed so far

    @property
    def view(self) -> ParticipantView:
        """What this participant's screen shows now."""
        return self._view

    @property
    def connected(self) -> bool:
        """True while synced with the host."""
        return self._link is not None and self._link.connected

    async def connect(self) -> None:
        """Join (the link's token gives a personal one), sync, and keep reconnecting in the background.

        Returns once the first sync is done.

        Raises:
            JoinError: wrong link or token (403), name taken, host not reachable.
        """
        import aiohttp
        from pycrdt import Doc

        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=CONNECT_TIMEOUT))
        try:
            async with self._http.post(
                f"{self._base}/join", params={"t": self._room_token}, json={"name": self.name}
            ) as response:
                body = await response.text()
                try:
                    data = json.loads(body)
                except ValueError:
                    data = {}
                if not isinstance(data, dict):
                    data = {}
                if response.status != 200 or not isinstance(data.get("token"), str):
                    why = data.get("error") or body.strip()
                    if not why:
                        why = ("the host refused this link: ask the facilitator for the current one"
                               if response.status == 403 else f"the host answered {response.status}")
                    raise JoinError(line(str(why))[:300])
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as error:
            await self.close()
            raise JoinError(
                f"can't reach the host at {line(self._base)} ({type(error).__name__}): "
                "is the facilitator's `workshop host` still running?"
            ) from None
        except JoinError:
            await self.close()
            raise
        self._token, self.name, self._room = data["token"], str(data.get("name", self.name)), str(data.get("room", ""))
        self._doc = Doc()
        self._doc.observe(lambda _event: self._changed())
        self._link = _Link(self, self._doc, self._room)
        self._link.start()
        try:
            await asyncio.wait_for(self._link.synced.wait(), CONNECT_TIMEOUT)
        except asyncio.TimeoutError:
            await self.close()
            raise JoinError(f"the host at {self._base} did not answer in time") from None
        self._rebuild()

    async def close(self) -> None:
        """Disconnect (what was sent stays with the host)."""
        if self._draft is not None:
            await self._draft[1].stop()
            self._draft = None
        if self._link is not None:
            await self._link.stop()
        if self._http is not None:
            await self._http.close()
            self._http = None

    # ------------------------------------------------------------ requests
    def add_idea(self, text: str) -> None:
        """Add an idea on the current step (hidden from others until the round is revealed)."""
        self._send("add_idea", text=text, step_id=self._view.step_id)

    def cast_vote(self, option_id: str) -> None:
        """Put one of my dots on an option of the current vote."""
        vote = self._view.vote
        if vote is not None and vote.id and not vote.closed and vote.left <= 0:
            raise wire.RequestError(f"all your dots ({vote.dots}) are placed: take one back first")
        self._send("cast_vote", vote_id=vote.id if vote else "", option_id=option_id)

    def retract_vote(self, option_id: str) -> None:
        """Take one of my dots off an option."""
        vote = self._view.vote
        self._send("retract_vote", vote_id=vote.id if vote else "", option_id=option_id)

    def add_question(self, faq_kind: str, text: str) -> None:
        """Add a question to an FAQ list."""
        self._send("add_question", faq_kind=faq_kind, text=text)

    def suggest_answer(self, item_id: str, text: str) -> None:
        """Suggest an answer to an FAQ question (a review comment on it, for the facilitator)."""
        self._send("suggest_answer", item_id=item_id, text=text)

    def comment(self, target: str, text: str) -> None:
        """Comment on a step ("step:<id>"), a field ("field:<step>/<field>": its step), the whole
        document ("document" or ""), a stage or an FAQ item (its id)."""
        self._send("comment", target=target, text=text)

    def _send(self, kind: str, **fields: str) -> None:
        """Put a request in my outbox (it reaches the host now, or after a reconnect).

        Raises:
            RequestError: the request is malformed or too long, or contributions are locked.
            RuntimeError: not connected yet (`connect` first).
        """
        from pycrdt import Array

        if self._doc is None:
            raise RuntimeError("connect first")
        if self._view.locked:
            raise wire.RequestError("contributions are locked by the facilitator")
        raw = wire.encode(secrets.token_hex(8), kind, **fields)
        wire.parse(raw)
        with self._doc.transaction(origin="local"):
            self._doc.get("outbox", type=Array).append(raw)

    # ------------------------------------------------------------ drafts
    def draft_text(self) -> DraftField | None:
        """The shared text of my assigned section (None: nothing assigned)."""
        return self._draft[2] if self._draft is not None else None

    def _follow_assignment(self) -> None:
        from pycrdt import Doc, Text

        wanted = self._view.assigned
        current = self._draft[0] if self._draft is not None else None
        want_key = (wanted.step_id, wanted.field_id) if wanted else None
        have_key = (current.step_id, current.field_id) if current else None
        if want_key == have_key:
            return
        if self._draft is not None:
            asyncio.ensure_future(self._draft[1].stop())
            self._draft = None
        if wanted is None or not self._room:
            return
        prefix = self._room.rsplit("/p/", 1)[0]
        doc = Doc()
        link = _Link(self, doc, f"{prefix}/d/{wanted.step_id}/{wanted.field_id}")
        field = DraftField(doc.get("text", type=Text), wanted, link)
        self._draft = (wanted, link, field)
        link.start()

    # ------------------------------------------------------------ the view
    def _changed(self) -> None:
        if self._view_soon:
            return
        self._view_soon = True
        asyncio.get_running_loop().call_soon(self._rebuild)

    def _refused(self, link: _Link) -> None:
        if link is self._link:
            self._removed = True
        self._changed()

    def _rebuild(self) -> None:
        from pycrdt import Array, Map

        self._view_soon = False
        if self._doc is None:
            return
        state = self._doc.get("state", type=Map)
        entries = self._doc.get("outbox", type=Array).to_py() or []
        results = self._doc.get("results", type=Map).to_py() or {}
        pending_ideas: list[str] = []
        pending = 0
        last_error = ""
        parsed = self._parsed
        if len(parsed) > len(entries) or any(parsed[i][0] != entries[i] for i in (0, len(parsed) - 1) if parsed):
            parsed.clear()  # the list changed under us (never by this client): parse it again
        for raw in entries[len(parsed):]:
            try:
                parsed.append((raw, wire.parse(raw)))
            except wire.RequestError:
                parsed.append((raw, None))
        for _raw, request in parsed:
            if request is None:
                continue
            if request.id in results:
                if results[request.id]:
                    last_error = str(results[request.id])
                continue
            pending += 1
            if request.kind == "add_idea":
                pending_ideas.append(request.fields["text"])
        raw_view = state.get("view") if "view" in state else None
        view = published.view_of(
            raw_view if isinstance(raw_view, str) else None, name=self.name,
            connected=self.connected, pending_ideas=pending_ideas, pending=pending, last_error=last_error,
        )
        removed = self._removed or bool(state.get("removed") if "removed" in state else False)
        ended = bool(state.get("ended") if "ended" in state else False)
        self._view = dataclasses.replace(view, removed=removed and not ended, ended=ended)
        self._follow_assignment()
        if self.on_view is not None:
            self.on_view(self._view)
