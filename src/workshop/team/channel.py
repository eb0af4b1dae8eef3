"""Provides pycrdt channels over aiohttp websockets that notice a dropped connection.

pycrdt's own channels turn any receive error into a normal end of the
stream, so a dropped connection goes unnoticed. These set `closed` whenever a
receive or a send fails or the socket closes, so the host can mark a device as
dropped and the client can reconnect.
"""

from __future__ import annotations

import asyncio
from typing import Any


class SocketChannel:
    """A pycrdt `Channel` over one aiohttp websocket (server or client side).

    Args:
        websocket: An aiohttp `WebSocketResponse` (host) or `ClientWebSocketResponse` (client).
        path: The room path the channel belongs to.
    """

    def __init__(self, websocket: Any, path: str) -> None:
        self._websocket = websocket
        self._path = path
        self._send_lock = asyncio.Lock()
        self.closed = asyncio.Event()
        """Set once the connection is gone (closed, dropped, or a send failed)."""
        self.received = 0
        """Messages received (the host's rate and size accounting reads it)."""

    @property
    def path(self) -> str:
        """The room path."""
        return self._path

    def __aiter__(self) -> "SocketChannel":
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.recv()
        except Exception:
            self.closed.set()
            raise StopAsyncIteration() from None

    async def send(self, message: bytes) -> None:
        """Send one message (a failure marks the channel closed, and is not raised)."""
        if self.closed.is_set():
            return
        try:
            async with self._send_lock:
                await self._websocket.send_bytes(message)
        except Exception:
            self.closed.set()

    async def recv(self) -> bytes:
        """Receive one binary message.

        Raises:
            ConnectionError: the socket closed, failed or sent something other than bytes.
        """
        from aiohttp import WSMsgType

        message = await self._websocket.receive()
        if message.type == WSMsgType.BINARY:
            self.received += 1
            return bytes(message.data)
        self.closed.set()
        raise ConnectionError(f"websocket ended ({message.type.name})")

    async def close(self, code: int = 1000, reason: bytes = b"") -> None:
        """Close the socket (no error if it already is)."""
        self.closed.set()
        try:
            await self._websocket.close(code=code, message=reason)
        except Exception:
            pass
