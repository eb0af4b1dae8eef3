"""Provides KeyHandoff: keys typed after a key that may move the focus wait until it has moved, then go where it went.

Textual's app forwards each key it reads to the widget focused at that
moment. A burst from the terminal (a fast typist, scripted input, a loaded
laptop) is read all at once, so the keys typed right after an Enter that
closes a dialog, an Enter that moves to the next box, a Tab, Escape or F-key
were forwarded to the box being left before the Enter had done anything:
in a closing dialog they were dropped with it, elsewhere they landed in the
previous box.

`KeyHandoff` is the one place that fixes this for every such path. The app
asks it, for each key it reads, whether the key may move the focus (in a
text box: a key that runs a binding, such as Tab, Escape, F-keys or the
submit key, but not the text typed nor the box's own editing keys; outside
a box, on a list, a button or the leader's key list: any key). After
such a key is passed on, the keys and pastes read next are held, in order,
while the widget that got the key, its ancestors up to the screen, the app
and whatever has the focus then work through what they have queued; once
that is still, the held keys go through the app's usual handling one by one,
to the widget focused now (a held key that may move the focus holds the rest
again). Nothing typed is lost and the order is kept.
"""

from __future__ import annotations

import asyncio
from collections import deque
from functools import partial
from typing import Awaitable, Callable

from textual import events
from textual.app import App, ScreenStackError
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen

from ..widgets.entry import EntryInput
from .typing import takes_text

PASSES = 12
"""At most this many rounds over the queues before the held keys go on."""
WAIT = 5.0
"""Seconds the held keys wait for one widget that does not answer (a stuck handler never swallows typing)."""
SUBMIT_ACTIONS = frozenset({"submit"})
"""Actions of a text box's own bindings that may move the focus (Enter submits; the others edit)."""

Deliver = Callable[[events.Event], Awaitable[None]]


def may_move_focus(app: App, event: events.Event) -> bool:
    """Whether `event` (a key the app has just read) may move the focus or change the screen.

    In a text box, a key that runs a binding may (Tab, Escape, F-keys, the
    submit key); the text typed, and the box's own editing keys (arrows,
    Backspace, ctrl+z…), do not, nor the submit key of a box that adds an
    item and keeps the cursor (`EntryInput(take=True)`: it hands the text over
    in order itself, and a refused item goes back in front of the keys typed
    after it). Anywhere else (a list, a button, a dialog
    without a box such as the leader's key list, no focus at all) any key
    may: such widgets and screens act on keys in their own handlers too.
    """
    if not isinstance(event, events.Key):
        return False
    screen = app.screen
    focused = screen.focused
    if not takes_text(focused):
        return True
    if event.is_printable:
        return False
    active = screen.active_bindings.get(event.key)
    if active is None:
        return False
    if active.node is not focused:
        return True
    if isinstance(focused, EntryInput) and focused.take:
        return False  # adds an item and stays: the keys after it start the next one (widgets/entry.py)
    return active.binding.action in SUBMIT_ACTIONS


def _chain(node: DOMNode | None) -> list[MessagePump]:
    """`node` and its ancestors up to its screen (nothing once it left the DOM)."""
    chain: list[MessagePump] = []
    if node is None:
        return chain
    for each in node.ancestors_with_self:
        if isinstance(each, App):
            break
        chain.append(each)
        if isinstance(each, Screen):
            break
    return chain


def _focus_now(app: App) -> tuple[Screen | None, DOMNode | None]:
    """The app's screen and focused widget now ((None, None) once it has no screen: it is closing)."""
    try:
        return app.screen, app.focused
    except ScreenStackError:
        return None, None


class _Stuck(Exception):
    """A widget did not answer within `WAIT` seconds."""


async def _caught_up(node: MessagePump) -> bool:
    """Wait until `node` has handled what it has queued now; False when it is closing.

    Raises `_Stuck` when it does not answer within `WAIT` seconds.
    """
    done = asyncio.Event()
    if not node.call_later(done.set):
        return False
    try:
        await asyncio.wait_for(done.wait(), WAIT)
    except asyncio.TimeoutError:
        raise _Stuck(node) from None
    return True


class KeyHandoff:
    """Holds the keys read after a key that may move the focus until the focus has moved.

    The app calls `hold` first for every event it reads, `may_move(event)`
    before passing a key on and `passed_on(origin)` after, and gives, as
    `deliver`, the method that handles an event (its `on_event`): held events
    go through it again when released.
    """

    def __init__(self, app: App, deliver: Deliver) -> None:
        self.app = app
        """The app whose keys are handed off."""
        self.deliver = deliver
        """Handles one event as the app does (released events go through it)."""
        self.held: deque[events.Event] = deque()
        """Keys and pastes read while the focus may still move, in the order typed."""
        self.moving = False
        """A key that may move the focus was passed on and its effects are not settled yet."""
        self._releasing: events.Event | None = None

    def hold(self, event: events.Event) -> bool:
        """Hold `event` (a key or paste just read) while the focus may still move; True when held."""
        if event is self._releasing or not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if self.moving or self.held:
            self.held.append(event)
            return True
        return False

    def may_move(self, event: events.Event) -> DOMNode | None:
        """The widget (or screen) `event` goes to when it may move the focus, else None."""
        if not isinstance(event, events.Key) or event.is_forwarded or not may_move_focus(self.app, event):
            return None
        return self.app.focused or self.app.screen

    def passed_on(self, origin: DOMNode | None) -> None:
        """`origin` got a key that may move the focus: hold the keys read next until it settles."""
        if origin is None or self.moving:
            return
        self.moving = True
        self.app.run_worker(partial(self._settle, origin), name="key handoff", group="key-handoff", exit_on_error=False)

    async def _settle(self, origin: DOMNode) -> None:
        """Wait until the key's effects are handled (the focus still), then release the held keys."""
        app = self.app
        try:
            last: tuple[Screen | None, DOMNode | None] | None = None
            for _ in range(PASSES):
                watched: list[MessagePump] = []
                for node in [*_chain(origin), app]:
                    if await _caught_up(node):
                        watched.append(node)
                state = _focus_now(app)
                for node in _chain(state[1] or state[0]):
                    if await _caught_up(node):
                        watched.append(node)
                if state[0] is None:
                    break
                state = _focus_now(app)
                if state == last and not any(node.message_queue_size for node in watched):
                    break
                last = state
        except _Stuck as stuck:
            app.log.warning(f"key handoff: {stuck.args[0]!r} did not answer in {WAIT} s; typing goes on")
        finally:
            self.moving = False
            app.call_later(self._release)

    async def _release(self) -> None:
        """Pass the held keys on in order, until one of them may move the focus again."""
        while self.held and not self.moving:
            event = self.held.popleft()
            self._releasing = event
            try:
                await self.deliver(event)
            finally:
                self._releasing = None
