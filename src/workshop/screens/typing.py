"""Provides stray_typing: a key typed while a button, a panel title or a list has the focus is never lost silently.

A text box takes every printable key it is sent, and a key some widget binds
runs its binding; a printable key that reaches the screen unhandled was typed
while the focus was somewhere typing means nothing. Per case:

- on a button (Next step), a help panel's title or any other non-list
  widget of the step: the cursor goes to the step's first answer box, at the
  end of its text, and the key is typed there (someone who starts typing
  wants to write the answer; keys typed right after it follow, in order);
- on a list (the step list, the FAQ questions, the findings): a toast says
  that typing goes nowhere there and which key leads back to the answer (a
  list's rows are picked, not typed into; jumping away would lose the place);
- when no box can take it (a read-only window, a step with no boxes): a
  toast says so.
"""

from __future__ import annotations

import time
from typing import Callable
from weakref import WeakKeyDictionary

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea

from ..keys import key_for

QUIET = 4.0
"""Seconds before the same widget's toast is shown again (one toast per burst of keys)."""

_told: WeakKeyDictionary[Widget, float] = WeakKeyDictionary()


def takes_text(widget: Widget | None) -> bool:
    """Whether `widget` is a box that accepts typing now."""
    if isinstance(widget, Input):
        return not widget.disabled
    if isinstance(widget, TextArea):
        return not widget.disabled and not widget.read_only
    return False


def stray_typing(screen: Screen, event: events.Key, first_box: Callable[[], None]) -> bool:
    """Handle a printable key no widget took; return True when it was handled.

    Args:
        screen: The screen the key reached (call from its `on_key`).
        event: The key.
        first_box: Puts the cursor in the step's first answer box.
    """
    if not event.is_printable or not event.character or event.key in screen.active_bindings:
        return False
    focused = screen.focused
    event.stop()
    event.prevent_default()
    if isinstance(focused, OptionList):
        _tell(screen, focused, _list_message(screen, focused))
        return True
    if not takes_text(focused):
        first_box()
        focused = screen.focused
    if takes_text(focused):
        if isinstance(focused, Input):
            focused.insert_text_at_cursor(event.character)
        elif isinstance(focused, TextArea):
            focused.insert(event.character)
        return True
    _tell(screen, focused or screen, "Typing goes nowhere here: no answer box takes it (a read-only window, or a step without one).")
    return True


def _list_message(screen: Screen, focused: OptionList) -> str:
    if focused.id == "navigator":
        back = key_for(screen, "navigator_leave", "escape")
        return f"The step list has the focus, so typing goes nowhere: Enter opens a step, {back} goes back to the answer."
    # Enter is an OptionList's own select key and Tab moves the focus: no binding ids to ask for.
    return "A list has the focus, so typing goes nowhere: Enter picks the highlighted row, Tab moves to the next box."


def _tell(screen: Screen, widget: Widget, message: str) -> None:
    now = time.monotonic()
    if now - _told.get(widget, -QUIET) < QUIET:
        return
    _told[widget] = now
    screen.notify(message, title="Not typed", severity="warning", timeout=QUIET)
