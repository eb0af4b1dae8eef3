"""Provides small helpers shared by the session screen's Pilot tests."""

from __future__ import annotations

import asyncio
import inspect
import time
from pathlib import Path
from typing import Any, Callable

from textual.app import App
from textual.notifications import Notify

from workshop.document import OpenDocument
from workshop.screens.session import SessionScreen

SIZE = (100, 32)
"""The terminal size most tests use."""


async def settle(pilot: Any) -> None:
    """Let messages, timers already due and workers finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot: Any, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Pause until `condition()` is true (fails the test after `timeout` seconds).

    The default is generous: it only matters when the test fails, and CI's two cores
    are shared by the whole suite (5 s was seen to run out on a loaded machine).
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(0.05)


def session_screen(app: App) -> SessionScreen:
    """The session screen on top (fails when another screen is on top)."""
    screen = app.screen
    assert isinstance(screen, SessionScreen), f"expected the session screen, got {screen!r}"
    return screen


async def wait_for_palette_match(pilot: Any, name: str) -> None:
    """Wait until the open command palette highlights a command starting with `name`.

    The palette gathers its matches in a worker after each key (and shows them in batches), so
    an Enter pressed after a fixed pause can come before the list and do nothing.
    """
    from textual.command import CommandPalette

    def highlighted() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette):
            return False
        option = palette.query_one("CommandList").highlighted_option
        return option is not None and str(option.prompt).startswith(name)

    await wait_until(pilot, highlighted)


def keep_every_notification(app: App) -> None:
    """Record every notification in `app.notification_log` as soon as it is posted.

    Textual drops a toast when it times out (on a loaded machine a test could reach its check
    after a 3 s toast had gone), and it adds a toast only when its `Notify` message is handled:
    a test that waited for a state set in the same handler as the `notify` call could look
    before that message was handled. Recording at the post closes both gaps.
    """
    log: list = []
    post = app.post_message

    def recording_post(message):  # type: ignore[no-untyped-def]
        if isinstance(message, Notify):
            log.append(message.notification)
        return post(message)

    app.post_message = recording_post  # type: ignore[method-assign]
    app.notification_log = log  # type: ignore[attr-defined]


def notifications(app: App) -> str:
    """Every notification shown so far, as `title: message` lines (those that timed out too, when
    the app was made by the `make_app` fixture)."""
    shown = getattr(app, "notification_log", None)
    if shown is None:
        shown = list(app._notifications)
    return "\n".join(f"{n.title}: {n.message}" for n in shown)


class WriteCounter:
    """Wraps OpenDocument.write to count (and optionally hold) saves."""

    def __init__(self, monkeypatch: Any) -> None:
        self.calls: list[tuple[int, Path | None]] = []
        self.original = OpenDocument.write
        counter = self

        def counting(self: OpenDocument, revision: int, data: dict, path: Path | None = None):
            counter.calls.append((revision, path))
            return counter.original(self, revision, data, path)

        monkeypatch.setattr(OpenDocument, "write", counting)

    @property
    def count(self) -> int:
        """Writes so far."""
        return len(self.calls)


async def run_command(app: App, name: str) -> None:
    """Run the palette command called `name` on the current screen (as the palette would)."""
    for command in app.get_system_commands(app.screen):
        if command.title == name:
            result = command.callback()
            if inspect.isawaitable(result):
                await result
            return
    raise AssertionError(f"no command {name!r}")


def command_names(app: App) -> list[str]:
    """Titles of every palette command on the current screen."""
    return [command.title for command in app.get_system_commands(app.screen)]


async def pause_real(seconds: float) -> None:
    """Sleep without driving the app (the app keeps running in its own task)."""
    await asyncio.sleep(seconds)
