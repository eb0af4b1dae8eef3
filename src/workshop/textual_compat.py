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


_FAST_HEIGHT = {"installed": False}


def install_fast_wrapped_height() -> None:
    """Make TextArea's `WrappedDocument.height` cost the same whatever the text's length.

    Textual 8.2 sums the wrap count of every line of the document each time
    `height` is read, and the TextArea reads it for every line it paints:
    in a 150,000-word answer that was about half of each key's cost, and it
    grows with the answer. `_offset_to_line_info` holds one entry per wrapped
    line and `wrap` and `wrap_range` keep it in step with the wrap offsets,
    so its length is the same number (tests/tui/test_textual_compat.py
    checks both against each other after edits).
    """
    from textual.document._wrapped_document import WrappedDocument

    if _FAST_HEIGHT["installed"]:
        return
    _FAST_HEIGHT["installed"] = True
    WrappedDocument.height = property(  # type: ignore[method-assign, assignment]
        lambda self: len(self._offset_to_line_info), doc="The height of the wrapped document."
    )
