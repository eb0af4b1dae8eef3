"""Provides the browser page: textual-serve's aiohttp application, the one place its private API is used.

textual-serve only offers `Server.serve()`, which runs its own loop and port.
The team host needs its routes (`/`, `/ws`, `/download/{key}`, `/static`) in
the application it already serves on its own port and loop, so it calls the
builder `Server._make_app` here and nowhere else; tests/team/test_serve_compat.py
pins it against the installed version (pinned in pyproject.toml).
"""

from __future__ import annotations

from typing import Any

BROWSER_ROUTES = ("/", "/ws", "/download/{key}", "/static")
"""The paths textual-serve's application answers."""


async def browser_app(command: str, public_url: str, title: str) -> tuple[Any, Any]:
    """textual-serve's aiohttp application running `command` per browser tab, and its server.

    Its start-up banner (printed to the terminal, which the facilitator's app
    owns) is left out. Set `server.command` to change what later tabs run.

    Returns:
        (the `aiohttp.web.Application`, the `textual_serve.server.Server`).
    """
    from textual_serve.server import Server

    server = Server(command, host="127.0.0.1", port=0, title=title, public_url=public_url)
    app = await server._make_app()
    if server.on_startup in app.on_startup:
        app.on_startup.remove(server.on_startup)  # prints a logo and "Press Ctrl+C" to stdout
    return app, server
