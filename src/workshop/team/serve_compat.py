"""Provides the browser page: textual-serve's aiohttp application, the one place its private API is used.

textual-serve only offers `Server.serve()`, which runs its own loop and port.
The team host needs its routes (`/`, `/ws`, `/download/{key}`, `/static`) in
the application it already serves on its own port and loop, so it calls the
builder `Server._make_app` here and nowhere else; tests/team/test_units.py
pins it against the installed version (pinned in pyproject.toml).

textual-serve also has no way to end the processes it starts, one per browser
tab: its handler sends the app a "quit" when the tab's websocket closes and
waits for it, but it never terminates, kills or lists them. `TabServer` keeps
each tab's process (it overrides the private `Server._process_messages`, which
is handed the running `AppService`, and reads its private `_process`), and
`end_tabs` ends them when the host stops: "quit" and end of input first,
then SIGTERM, then SIGKILL, each reaped.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

from textual_serve.app_service import AppService
from textual_serve.server import Server

log = logging.getLogger("workshop.team")

BROWSER_ROUTES = ("/", "/ws", "/download/{key}", "/static")
"""The paths textual-serve's application answers."""

QUIT_GRACE = 3.0
"""Seconds a tab's process gets to quit by itself (it saves nothing; it takes well under 1 s)."""
TERM_GRACE = 2.0
"""Seconds it then gets after SIGTERM before SIGKILL."""


class TabServer(Server):
    """textual-serve's `Server` that keeps the process of every browser tab until it has ended."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tabs: dict[AppService, asyncio.subprocess.Process] = {}
        """Each tab's app service and its process (dropped once that process has ended)."""

    async def _process_messages(self, websocket: Any, app_service: AppService) -> None:
        """textual-serve's loop over a tab's messages; called once the tab's process runs."""
        process = app_service._process
        if process is not None:
            for service, known in list(self.tabs.items()):
                if known.returncode is not None:
                    del self.tabs[service]
            self.tabs[app_service] = process
        await super()._process_messages(websocket, app_service)

    def running_tabs(self) -> list[asyncio.subprocess.Process]:
        """The processes of tabs that have not ended yet."""
        return [process for process in self.tabs.values() if process.returncode is None]


async def browser_app(command: str, public_url: str, title: str) -> tuple[Any, TabServer]:
    """textual-serve's aiohttp application running `command` per browser tab, and its server.

    Its start-up banner (printed to the terminal, which the facilitator's app
    owns) is left out. Set `server.command` to change what later tabs run.

    Returns:
        (the `aiohttp.web.Application`, the `TabServer`).
    """
    server = TabServer(command, host="127.0.0.1", port=0, title=title, public_url=public_url)
    app = await server._make_app()
    if server.on_startup in app.on_startup:
        app.on_startup.remove(server.on_startup)  # prints a logo and "Press Ctrl+C" to stdout
    return app, server


async def end_tabs(server: TabServer, *, grace: float = QUIT_GRACE, term_grace: float = TERM_GRACE) -> int:
    """End every browser tab's process and reap it (none is left running, none a zombie).

    Each is sent textual-serve's "quit" and its input is closed (a tab's app
    also quits at the end of its input); what still runs after `grace` seconds
    gets SIGTERM, and after `term_grace` more, SIGKILL.

    Returns:
        How many had to be signalled (0 when all quit by themselves).
    """
    tabs = [(service, process) for service, process in server.tabs.items() if process.returncode is None]
    if not tabs:
        return 0

    async def ask_to_quit(service: AppService, process: asyncio.subprocess.Process) -> None:
        with suppress(Exception):  # a process that is gone or stuck cannot take it: it is signalled below
            await asyncio.wait_for(service.send_meta({"type": "quit"}), 1.0)
        if process.stdin is not None:
            with suppress(Exception):
                process.stdin.close()

    await asyncio.gather(*(ask_to_quit(service, process) for service, process in tabs))
    left = await _still_running([process for _, process in tabs], grace)
    signalled = len(left)
    for signal_name in ("terminate", "kill"):
        for process in left:
            with suppress(ProcessLookupError):
                getattr(process, signal_name)()
        left = await _still_running(left, term_grace if signal_name == "terminate" else 5.0)
    for process in left:  # SIGKILL was not enough in 5 s: only an uninterruptible sleep does that
        log.warning("team host: a browser tab's process (pid %s) did not end", process.pid)
    if signalled:
        log.warning("team host: %d browser tab process(es) did not quit and were terminated", signalled)
    server.tabs = {service: process for service, process in server.tabs.items() if process.returncode is None}
    return signalled


async def _still_running(processes: list[asyncio.subprocess.Process], seconds: float) -> list[asyncio.subprocess.Process]:
    """Wait up to `seconds` for the processes to end (reaping them); return those still running."""

    async def ended(process: asyncio.subprocess.Process) -> bool:
        try:
            await asyncio.wait_for(process.wait(), seconds)
        except asyncio.TimeoutError:
            return False
        return True

    results = await asyncio.gather(*(ended(process) for process in processes))
    return [process for process, done in zip(processes, results) if not done]
