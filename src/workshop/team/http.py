"""Provides HostRoutes (part of TeamHost): the token guard on every route, `POST /join` and the sync websocket; binding the socket.

Every path answers HTTP 403 before any handler without the right token: a
personal token for `/sync/...`, the room token (link, bearer header or the
page's cookie) for everything else. See docs/team.md, "Tokens".
"""

from __future__ import annotations

import asyncio
import logging
import socket
from datetime import datetime, timezone
from typing import Any

from ..model.live import clean_line
from ..model.text import plural
from ..safe import CONTROL, shown
from . import limits, registry
from . import requests as wire
from .channel import SocketChannel
from .registry import Member

log = logging.getLogger("workshop.team")
"""Where refused joins and rooms are reported."""


class HostRoutes:
    """TeamHost's HTTP side (a mixin: it works on the host's own state)."""

    # ================================================================ HTTP
    def _guard(self) -> Any:
        from aiohttp import web

        @web.middleware
        async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
            reg = self._registry_required()
            path = request.path
            query_token = request.query.get("t", "")
            auth = request.headers.get("Authorization", "")
            bearer = auth[7:] if auth.startswith("Bearer ") else ""
            if path.startswith("/sync/"):
                member = reg.by_token(bearer or query_token)
                if member is None:
                    raise web.HTTPForbidden(text="not a valid participant token\n")
                request["member"] = member
                return await handler(request)
            room_token = bearer or query_token or request.cookies.get(limits.COOKIE, "")
            if not room_token or not registry.same(room_token, reg.room_token):
                raise web.HTTPForbidden(text="this link is not valid: ask the facilitator for the current one\n")
            response = await handler(request)
            if path == "/" and query_token:
                response.set_cookie(limits.COOKIE, query_token, httponly=True, samesite="Strict", path="/")
            return response

        return guard

    async def _join(self, request: Any) -> Any:
        from aiohttp import web

        try:
            body = await request.json()
        except Exception:
            body = None
        name = clean_line(str(body.get("name", ""))) if isinstance(body, dict) else ""
        name = " ".join(CONTROL.sub("", name).split())  # a name is credited and shown everywhere
        if not name or len(name) > limits.MAX_NAME or name.casefold() == wire.ANONYMOUS:
            return web.json_response({"error": f"give a name of 1 to {limits.MAX_NAME} characters (not \"anonymous\")"},
                                     status=400)
        reg = self._registry_required()
        known = reg.by_name(name)
        if known is not None and not known.removed and self._sockets.get(known.id):
            return web.json_response({"error": f"{name} is already connected: pick another name"}, status=409)
        if known is None and len(reg.members) >= limits.MAX_PARTICIPANTS:
            log.warning("team host: refused a join: already %d participants", limits.MAX_PARTICIPANTS)
            return web.json_response({"error": f"this session is full ({plural(limits.MAX_PARTICIPANTS, 'participant')})"},
                                     status=403)
        try:
            member, token = reg.admit(name, save=False)
        except PermissionError:
            return web.json_response({"error": f"The facilitator removed {name} from this session: "
                                      "that name can't join it again."}, status=403)
        async with self._registry_writing:  # the token is on disk before it is handed out
            await asyncio.get_running_loop().run_in_executor(None, reg.write, reg.dump())
        await self._open_member_room(member)
        self._add_to_roster(member.name)
        self.publish()
        self._publish_now()  # the view is there before the client's first sync
        return web.json_response({"token": token, "name": member.name, "id": member.id,
                                  "room": self._member_path(member)})

    def _add_to_roster(self, name: str) -> None:
        from ..model import operations as ops
        from ..model.operations import OperationError

        if any(p.casefold() == name.casefold() for p in self.document.session.participants):
            return
        try:
            self.document.dispatcher.submit(ops.AddParticipant(name=name, actor=name))
        except OperationError as error:
            log.warning("team host: %s not added to the roster: %s", shown(name), error)

    async def _sync(self, request: Any) -> Any:
        from aiohttp import web

        member: Member = request["member"]
        path = request.path
        allowed = {self._member_path(member)}
        if len(member.assigned) == 2:
            allowed.add(self._draft_path(*member.assigned))
            if path == self._draft_path(*member.assigned):
                await self._open_draft_room(*member.assigned)  # assign() opens it in the background
        if path not in allowed or path not in self._rooms:
            log.warning("team host: %s asked for room %s: refused", shown(member.name), shown(path))
            raise web.HTTPForbidden(text="not your room\n")
        websocket = web.WebSocketResponse(max_msg_size=limits.MAX_MESSAGE, heartbeat=10)
        await websocket.prepare(request)
        channel = SocketChannel(websocket, path)
        channels = self._sockets.setdefault(member.id, set())
        first = not channels
        channels.add(channel)
        self._last_seen[member.id] = datetime.now(timezone.utc)
        if first:
            self._event("joined", member.name, f"{member.name} connected")
        try:
            await self._server.serve(channel)
        finally:
            channels.discard(channel)
            self._last_seen[member.id] = datetime.now(timezone.utc)
            if not channels and self.running:
                self._event("left", member.name, f"{member.name} disconnected")
        return websocket


def bind_socket(address: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def public_host(bind: str) -> str:
    """The address to put in the link: the bound one, or this machine's LAN address for 0.0.0.0 / ::."""
    if bind not in ("0.0.0.0", "::", ""):
        return bind
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: it only picks the outgoing interface
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()
