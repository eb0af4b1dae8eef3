"""Provides TeamHost: serves one open session to participants (sync, token guard, browser page) on one port."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..safe import shown
from . import published, registry
from . import requests as wire
from .channel import SocketChannel
from .dots import DotLedger
from .drafts import SharedDrafts
from .http import HostRoutes, bind_socket, public_host
from .intake import RequestIntake
from .registry import Member, Registry
from .roomstore import room_store
from .views import DraftAssignment, HostEvent, ParticipantInfo

if TYPE_CHECKING:
    from ..dispatch import Change
    from ..document import OpenDocument

log = logging.getLogger("workshop.team")
"""Where the host reports refused requests, refused connections and failures (never raised)."""

class TeamHost(HostRoutes, RequestIntake):
    """Serves one open session to participants.

    One aiohttp application on one port: the pycrdt websocket sync route
    (`/sync/...`), `POST /join`, the token guard on every route, and
    textual-serve's routes for browsers (`/`, `/ws`, `/static`, `/download`).
    What participants send is checked and applied through
    `document.dispatcher`, exactly like the facilitator's own edits.

    Each participant has a document of their own (room `/sync/<session>/p/<id>`):
    the host publishes what that person may see into it and reads their
    requests from it. A shared draft is a room of its own
    (`/sync/<session>/d/<step>/<field>`) open to the people assigned to it.

    Args:
        document: The open session (the facilitator's).
        bind: Address to listen on (127.0.0.1 by default: this machine only).
        port: Port (0: a free one).
        state_dir: Where the live documents, tokens and the link file are kept
            (default: the user state folder's `team/<session id>-<path hash>`).
        browser_command: The command textual-serve runs per browser tab ("{url}" in it
            becomes the join link); None: no browser page (the page answers 404
            after the token check).
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
        self.reviewing = False
        """True while the facilitator holds the review meeting (participants are offered to comment)."""
        self.step_id = ""
        """The step the facilitator is on (set by `publish(step_id)`; else the session's current step)."""
        self.running = False
        """True between `start` and `stop`."""
        self._registry: Registry | None = None
        self._server: Any = None
        self._server_task: asyncio.Future[None] | None = None
        self._server_up = asyncio.Event()
        self._server_down = asyncio.Event()
        self._runner: Any = None
        self._browser: Any = None
        self._public_host = bind
        self._rooms: dict[str, Any] = {}  # room path -> YRoom
        self._opening: dict[str, asyncio.Future[Any]] = {}  # room path -> the room being opened
        self._docs: dict[str, Any] = {}  # participant id -> their Doc
        self._outboxes: dict[str, Any] = {}  # participant id -> their observed outbox
        self._sockets: dict[str, set[SocketChannel]] = {}  # participant id -> open channels
        self._last_seen: dict[str, datetime] = {}
        self._cursor: dict[str, tuple[int, Any]] = {}  # id -> (entries read, the last one read)
        self._done: set[tuple[str, str]] = set()
        self._capped: set[str] = set()
        self._malformed: set[tuple[str, int, int]] = set()
        self._idea_ids: dict[str, set[str]] = {}
        self._bucket: dict[str, tuple[float, float]] = {}  # id -> (tokens, when)
        self._retry: dict[str, asyncio.TimerHandle] = {}
        self._saving: list[tuple[int, tuple[str, str]]] = []
        self._published: dict[str, str] = {}
        self._publish_soon = False
        self._process_soon: set[str] = set()
        self._drafts = SharedDrafts(document, self._draft_credit)
        self._dots: DotLedger | None = None
        self._dots_settled: set[tuple[str, str]] = set()  # dot requests the session file already held at start
        self._registry_writing = asyncio.Lock()
        self._tasks: list[asyncio.Task[Any]] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    # ================================================================ reading
    @property
    def url(self) -> str:
        """The join link, e.g. http://127.0.0.1:PORT/?t=TOKEN (valid while the host runs)."""
        if self._registry is None:
            return ""
        host = f"[{self._public_host}]" if ":" in self._public_host else self._public_host
        return f"http://{host}:{self.port}/?t={self._registry.room_token}"

    @property
    def participants(self) -> list[ParticipantInfo]:
        """Everyone who joined (removed ones left out), in the order they joined."""
        if self._registry is None:
            return []
        return [
            ParticipantInfo(
                name=m.name, connected=bool(self._sockets.get(m.id)), anonymous=self.anonymous,
                last_seen=self._last_seen.get(m.id), assigned=self._assignment(m),
            )
            for m in self._registry.members.values() if not m.removed
        ]

    @property
    def session_id(self) -> str:
        """The id of the session served (names its rooms and its state folder)."""
        return self.document.session.id

    # ================================================================ start / stop
    async def start(self) -> None:
        """Bind, restore the live documents from the state folder and serve, on the running loop.

        Call it from the loop that runs the facilitator's app (Textual's). Writes the
        link file that `running_link` reads.

        Raises:
            OSError: the address or port can't be bound.
        """
        from aiohttp import web
        from pycrdt.websocket import WebsocketServer
        from pycrdt.websocket.websocket_server import exception_logger

        self._loop = asyncio.get_running_loop()
        if self.state_dir is None:
            self.state_dir = registry.state_dir_for(self.session_id, self.document.path)
        self._registry = Registry(self.state_dir)
        self._dots = DotLedger(self.state_dir)
        self._dots_settled = self._dots.settled(self.document.session)
        sock = bind_socket(self.bind, self.port)
        self.port = sock.getsockname()[1]
        self._public_host = public_host(self.bind)
        self._server = WebsocketServer(auto_clean_rooms=False, exception_handler=exception_logger, log=log)
        self._server_task = asyncio.ensure_future(self._hold_server())
        try:
            await self._server_up.wait()
            if self._server_task.done():
                self._server_task.result()  # it failed: raise why
                raise RuntimeError("the sync server stopped at once")
            for member in list(self._registry.members.values()):
                if not member.removed:
                    await self._open_member_room(member)
                    if len(member.assigned) == 2:
                        await self._open_draft_room(member.assigned[0], member.assigned[1])
            if self.browser_command:
                from .serve_compat import browser_app

                app, self._browser = await browser_app(
                    self._browser_command(), self.url.split("/?", 1)[0], self.document.session.title
                )
            else:
                app = web.Application()
            app.middlewares.append(self._guard())
            app.router.add_post("/join", self._join)
            app.router.add_get("/sync/{room:.+}", self._sync)
            self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
            await self._runner.setup()
            await web.SockSite(self._runner, sock).start()
        except BaseException:
            sock.close()
            await self._release_server()
            raise
        self.running = True
        self.document.dispatcher.listeners.append(self._on_session_change)
        self._registry.write_link(self.url)
        self._tasks.append(asyncio.ensure_future(self._keep_ledger()))
        for pid in list(self._docs):  # what was sent before a crash but not saved: applied again, once
            self._schedule_process(pid)
        self.publish()
        if self.bind not in ("127.0.0.1", "localhost", "::1"):
            log.warning("team host listens on %s: anyone on that network with the link can join", self.bind)

    async def _hold_server(self) -> None:
        """Run the sync server in a task of its own: anyio's task groups must be entered and left
        by one task, and `start` and `stop` are called from different ones (a worker, an unmount)."""
        try:
            async with self._server:
                self._server_up.set()
                await self._server_down.wait()
        finally:
            self._server_up.set()

    async def _release_server(self) -> None:
        self._server_down.set()
        task = self._server_task
        if task is not None:
            with suppress(BaseException):  # leaving the server's context may raise CancelledError
                await asyncio.wait_for(task, 5)

    async def stop(self) -> None:
        """Stop serving: connections close, tokens end, the link file is removed."""
        if not self.running:
            return
        with suppress(ValueError):
            self.document.dispatcher.listeners.remove(self._on_session_change)
        self._drafts.close()  # what was typed in a shared draft reaches the session
        self.running = False
        for pid in list(self._docs):
            self._write_state(pid, {"ended": True})
        await asyncio.sleep(0.05)  # let the "ended" reach connected clients
        if self._browser is not None:  # each browser tab's `workshop join`: quit, else terminated, reaped
            from .serve_compat import end_tabs

            await end_tabs(self._browser)
        for handle in self._retry.values():
            handle.cancel()
        for task in self._tasks:
            task.cancel()
        for channels in list(self._sockets.values()):
            for channel in list(channels):
                await channel.close(1001, b"host stopped")
        if self._runner is not None:
            with suppress(Exception):
                await self._runner.cleanup()
        await self._release_server()
        assert self._registry is not None
        self._flush_ledger()
        self._registry.forget_tokens()
        self._registry.room_token = registry.new_token()
        self._registry.save()
        self._registry.remove_link()
        self._event("changed", detail="team session ended")

    # ================================================================ facilitator's controls
    def remove(self, name: str) -> None:
        """Remove a participant: their token stops working, their connection closes, and the
        room link changes (the old link no longer lets anyone join).

        Raises:
            KeyError: no such participant.
        """
        member = self._member_named(name)
        self._write_state(member.id, {"removed": True})
        self._registry_required().remove(member)
        for channel in list(self._sockets.get(member.id, ())):
            asyncio.ensure_future(channel.close(1008, b"removed"))
        if self._browser is not None:
            self._browser.command = self._browser_command()
        self._registry_required().write_link(self.url)
        self._event("removed", member.name, f"{member.name} removed; the join link changed")
        self.publish()

    def set_locked(self, locked: bool) -> None:
        """Lock (refuse) or unlock participants' contributions."""
        self.locked = bool(locked)
        self._event("changed", detail="contributions locked" if locked else "contributions open")
        self.publish()
        if not locked:
            for pid in list(self._docs):
                self._schedule_process(pid)

    def set_anonymous(self, on: bool) -> None:
        """Credit contributions as "anonymous" (in the file too) and hide names from participants."""
        self.anonymous = bool(on)
        self._event("changed", detail="anonymous" if on else "credited by name")
        self.publish()

    def set_secret_votes(self, on: bool) -> None:
        """Hide vote tallies from participants until the vote is closed."""
        self.secret_votes = bool(on)
        self.publish()

    def set_reviewing(self, on: bool) -> None:
        """Say whether the facilitator holds the review meeting (participants' comment box shows then)."""
        if self.reviewing != bool(on):
            self.reviewing = bool(on)
            self.publish()

    def assign(self, name: str, step_id: str, field_id: str) -> DraftAssignment:
        """Let `name` draft one answer field (a shared text both sides can type in).

        Raises:
            KeyError: no such participant.
            ValueError: no such step or field, or it is not a text field.
        """
        from ..model.template import FieldType

        member = self._member_named(name)
        step = self.document.template.step(step_id)
        field = step.field(field_id) if step else None
        if step is None or field is None:
            raise ValueError(f"no field {field_id!r} on step {step_id!r}")
        if field.type not in (FieldType.TEXT, FieldType.LONG_TEXT):
            raise ValueError(f"{field.label} is not a text field: only text can be drafted together")
        member.assigned = [step_id, field_id]
        self._registry_required().save()
        asyncio.ensure_future(self._open_draft_room(step_id, field_id))
        self.publish()
        assignment = self._assignment(member)
        assert assignment is not None
        self._event("changed", member.name, f"{member.name} drafts {assignment.label}")
        return assignment

    def unassign(self, name: str) -> None:
        """Take `name`'s draft section away (what they wrote stays in the session)."""
        member = self._member_named(name)
        if member.assigned:
            path = self._draft_path(*member.assigned)
            member.assigned = []
            self._registry_required().save()
            for channel in list(self._sockets.get(member.id, ())):
                if channel.path == path:
                    asyncio.ensure_future(channel.close(1000, b"unassigned"))
            self.publish()

    def publish(self, step_id: str | None = None) -> None:
        """Push the facilitator's current state to participants.

        Step (`step_id`, when given, becomes `self.step_id`), question, timer,
        round, vote, FAQ, assignments. The host UI calls it on every
        SessionChanged and step change; the host also calls it after applying a
        participant's request. Several calls in one turn of the loop publish once.
        """
        if step_id is not None:
            self.step_id = step_id
        if not self.running or self._publish_soon:
            return
        self._publish_soon = True
        asyncio.get_running_loop().call_soon(self._publish_now)

    # ================================================================ publishing
    def _current_step(self) -> str:
        return self.step_id or self.document.session.current_step or (
            self.document.template.steps[0].id if self.document.template.steps else ""
        )

    def _publish_now(self) -> None:
        self._publish_soon = False
        if not self.running or self._registry is None:
            return
        session, template = self.document.session, self.document.template
        room = published.room_state(
            session, template, self._current_step(),
            locked=self.locked, anonymous=self.anonymous, secret_votes=self.secret_votes,
            reviewing=self.reviewing,
        )
        for member in self._registry.members.values():
            if member.removed or member.id not in self._docs:
                continue
            data = published.personal_state(
                room, session, template, idea_ids=self._idea_ids.get(member.id, set()),
                voter=self._voter(member), assigned=member.assigned,
            )
            text = published.encode(data)
            if self._published.get(member.id) != text:
                self._published[member.id] = text
                self._write_state(member.id, {"view": text})

    def _write_state(self, pid: str, values: dict[str, Any]) -> None:
        from pycrdt import Map

        doc = self._docs.get(pid)
        if doc is None:
            return
        state = doc.get("state", type=Map)
        with doc.transaction(origin="host"):
            for key, value in values.items():
                state[key] = value

    def _on_session_change(self, change: "Change") -> None:
        from ..model import operations as ops

        op = change.op
        key = (getattr(op, "step_id", ""), getattr(op, "field_id", ""))
        if isinstance(op, ops.SetAnswer) and key in self._drafts:
            self._drafts.from_facilitator(key)
        self.publish()

    # ================================================================ rooms
    def _member_path(self, member: Member) -> str:
        return f"/sync/{self.session_id}/p/{member.id}"

    def _draft_path(self, step_id: str, field_id: str) -> str:
        return f"/sync/{self.session_id}/d/{step_id}/{field_id}"

    async def _room(self, path: str, store_name: str) -> Any:
        """The room at `path`, made on first use with its document restored from the state folder
        (once: requests that ask for it while it is being made get the same room)."""
        if path in self._rooms:
            return self._rooms[path]
        if path in self._opening:  # being opened by another request: the same room
            return await asyncio.shield(self._opening[path])
        opening: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._opening[path] = opening
        try:
            room = await self._make_room(path, store_name)
        except BaseException as error:
            opening.set_exception(error)
            opening.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            self._opening.pop(path, None)
        opening.set_result(room)
        return room

    async def _make_room(self, path: str, store_name: str) -> Any:
        from pycrdt import Doc
        from pycrdt.store import FileYStore, YDocNotFound
        from pycrdt.websocket import YRoom
        from pycrdt.websocket.websocket_server import exception_logger

        assert self.state_dir is not None
        file = self.state_dir / "rooms" / f"{store_name}.y"
        doc = Doc()
        if file.exists():
            try:
                await FileYStore(str(file), log=log).apply_updates(doc)
            except YDocNotFound:
                pass
            except Exception as error:  # a damaged file: keep it aside, start this room afresh
                log.warning("team host: could not restore %s (%s); kept it as %s.bad", file, error, file.name)
                file.replace(file.with_suffix(".bad"))
                doc = Doc()
            else:
                await _compact(file, doc)
        room = YRoom(ready=True, ystore=room_store(file, log), ydoc=doc,
                     exception_handler=exception_logger, log=log)
        self._server.rooms[path] = room
        await self._server.start_room(room)
        await room.ydoc_observed.wait()  # until then a change of the document would not reach its file
        self._rooms[path] = room
        return room

    async def _open_member_room(self, member: Member) -> None:
        from pycrdt import Array, Map

        if member.id in self._docs:
            return
        room = await self._room(self._member_path(member), f"p-{member.id}")
        if member.id in self._docs:  # another request opened it meanwhile
            return
        doc = room.ydoc
        state = doc.get("state", type=Map)
        if "ended" in state:  # a previous host's goodbye, kept in the room's file
            with doc.transaction(origin="host"):
                del state["ended"]
        self._docs[member.id] = doc
        self._sockets.setdefault(member.id, set())
        outbox = doc.get("outbox", type=Array)
        pid = member.id
        outbox.observe(lambda _event: self._schedule_process(pid))  # one parameter: pycrdt counts them
        self._outboxes[member.id] = outbox  # the subscription lives as long as this object
        self._schedule_process(member.id)

    async def _open_draft_room(self, step_id: str, field_id: str) -> None:
        from pycrdt import Text

        key = (step_id, field_id)
        if key in self._drafts:
            return
        room = await self._room(self._draft_path(step_id, field_id), f"d-{_safe(step_id)}-{_safe(field_id)}")
        if key not in self._drafts:  # another request may have opened it meanwhile
            self._drafts.add(key, room.ydoc.get("text", type=Text))

    # ================================================================ drafts
    def _draft_credit(self, key: tuple[str, str]) -> str:
        """Who a shared draft is credited to: the names assigned to it, or "anonymous"."""
        if self.anonymous:
            return wire.ANONYMOUS
        writers = [m.name for m in self._registry_required().members.values()
                   if list(key) == m.assigned and not m.removed]
        return ", ".join(sorted(writers))

    # ================================================================ helpers
    def _event(self, kind: Any, name: str = "", detail: str = "") -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(HostEvent(kind, shown(name), shown(detail)))
        except Exception:
            log.exception("team host: on_change failed")

    def _registry_required(self) -> Registry:
        if self._registry is None:
            raise RuntimeError("the team host is not started")
        return self._registry

    def _member_named(self, name: str) -> Member:
        member = self._registry_required().by_name(name)
        if member is None or member.removed:
            raise KeyError(name)
        return member

    def _assignment(self, member: Member) -> DraftAssignment | None:
        if len(member.assigned) != 2:
            return None
        step = self.document.template.step(member.assigned[0])
        field = step.field(member.assigned[1]) if step else None
        label = published.section_label(step.title, field.label) if step and field else "/".join(member.assigned)
        return DraftAssignment(member.assigned[0], member.assigned[1], label)

    def _browser_command(self) -> str:
        return (self.browser_command or "").replace("{url}", self.url)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:60]


async def _compact(file: Path, doc: Any) -> None:
    """Rewrite a room's store as one update (it grows by one record per change otherwise)."""
    from pycrdt.store import FileYStore

    tmp = file.with_suffix(".tmp")
    try:
        tmp.unlink(missing_ok=True)
        await FileYStore(str(tmp), log=log).write(doc.get_update())
        tmp.replace(file)
    except OSError as error:
        log.warning("team host: could not compact %s: %s", file, error)


def running_link(session_path: Path) -> str | None:
    """The join link of the session's running host, for `workshop link` (None: no live host).

    Reads the link file in the state folder (keyed by the session's id) and
    checks that the process that wrote it still runs.
    """
    session_id = registry.session_id_of(Path(session_path))
    if session_id is None:
        return None
    return registry.read_link(registry.state_dir_for(session_id, Path(session_path)))


__all__ = ["TeamHost", "running_link"]
