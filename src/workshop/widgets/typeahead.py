"""Provides handle_typeahead: wait until keys typed before now have reached their box."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

from ..textual_compat import current_message_pump

PASSES = 4
"""At most this many rounds over the focused widget and its ancestors."""
TIMEOUT = 5.0
"""Seconds to wait for one widget before going on without it (never hang a quit)."""


async def handle_typeahead(app: App) -> None:
    """Return once the focused widget and its ancestors have handled what is queued now.

    The app reads a burst of keys from the terminal and forwards each to the
    focused widget's queue; a priority binding (F6, ctrl+q…) runs as soon as
    the app reads it, while the keys typed before it may still wait in that
    queue. Awaiting this first makes "text in the box" include every key
    typed before the binding's key. A callback posted to a widget runs after
    the messages already queued there; the messages those produce (Changed,
    Submitted) bubble to the parents, so the chain up to the screen is
    walked again while anything is still queued on it.

    Keys read by the app after the caller's key wait in the app's own queue
    (the caller runs there), so they go where the caller puts the focus.
    """
    focused = app.focused
    if focused is None:
        return
    running = current_message_pump()
    for _ in range(PASSES):
        chain: list[MessagePump] = []
        for node in focused.ancestors_with_self:
            if node is app:
                break
            chain.append(node)
            if isinstance(node, Screen):
                break
        for node in chain:
            if node is running:  # its queue can't move while we wait in it
                continue
            done = asyncio.Event()
            if not node.call_later(done.set):  # closing: nothing more will be handled there
                continue
            try:
                await asyncio.wait_for(done.wait(), TIMEOUT)
            except asyncio.TimeoutError:
                app.log.warning(f"handle_typeahead: {node!r} did not answer in {TIMEOUT} s")
                return
        if not any(node.message_queue_size for node in chain if node is not running):
            return


BACKLOG = 100
"""Keys the focused widget may have queued before the app waits for it (see `keep_up`)."""


async def keep_up(app: App) -> None:
    """Wait while the focused widget has a backlog of `BACKLOG` or more messages.

    Textual's app forwards every key it reads to the focused widget's queue
    at once, and a message pump works through its whole queue before the
    event loop runs anything else. A burst of thousands of keys (or a slow
    box) therefore used to run for seconds with no timer firing and no save
    starting. Letting the box catch up every `BACKLOG` keys gives the loop a
    turn: the step's change reports, the autosave timer and the save thread
    run while the burst goes on. The widget still handles its keys in
    batches, so typing costs no more than before.
    """
    focused = app.focused
    if focused is None or focused.message_queue_size < BACKLOG:
        return
    if focused is current_message_pump():
        return
    done = asyncio.Event()
    if focused.call_later(done.set):
        try:
            await asyncio.wait_for(done.wait(), TIMEOUT)
        except asyncio.TimeoutError:
            pass
