"""Provides the few Textual internals workshop relies on, in one place to check on upgrades."""

from __future__ import annotations

from textual._context import active_message_pump
from textual.message_pump import MessagePump


def current_message_pump() -> MessagePump | None:
    """The app, screen or widget whose message loop runs the calling code (None outside one).

    Textual keeps it in a context variable (`textual._context.active_message_pump`),
    which it sets while a pump handles a message; workers copy it.
    """
    return active_message_pump.get(None)
