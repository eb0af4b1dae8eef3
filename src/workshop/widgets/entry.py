"""Provides EntryInput: an Input whose submit key is handled in order with the keys typed around it."""

from __future__ import annotations

from functools import cache

from textual import events
from textual.widgets import Input

from ..textual_compat import merged_bindings


@cache
def submit_keys(cls: type[Input]) -> frozenset[str]:
    """The keys bound to the submit action of `cls` (asked of its bindings, never spelled here)."""
    bindings = merged_bindings(cls).key_to_bindings
    return frozenset(key for key, found in bindings.items() if any(b.action == "submit" for b in found))


class EntryInput(Input):
    """An Input that submits exactly what was typed before the submit key.

    Textual's Input submits through a non-priority binding: the Key event it
    does not handle in `_on_key` bubbles up through every ancestor's queue to
    the app, which only then runs `action_submit`. The keys typed after the
    submit key are meanwhile forwarded straight to the box and inserted
    first, so `Submitted.value` held later text (three ideas typed in a burst
    became three copies of all three). Here the submit key is handled in the
    box's own queue, in order: `Submitted.value` is the text at that moment.

    With `take=True` (boxes that add an item: an idea, a question, a
    comment) the box also empties itself at that moment, so the keys typed
    after the submit key start the next item; the handler gets the text in
    `Submitted.value` and must not clear the box (that would wipe the next
    item). If the handler cannot use the text (refused, not sent), it calls
    `put_back(text)`: the text goes back in front of whatever was typed
    since, and nothing is lost.
    """

    def __init__(self, *args: object, take: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.take = take
        """Empty the box when the submit key is handled (the handler gets the text)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key in submit_keys(type(self)):
            event.stop()
            event.prevent_default()
            self.submit_now()
            return
        await super()._on_key(event)

    def submit_now(self) -> None:
        """Post `Input.Submitted` with the text now in the box (and take it, when `take`)."""
        value = self.value
        result = self.validate(value) if "submitted" in self.validate_on else None
        if self.take:
            with self.prevent(Input.Changed):  # the Submitted message carries the text
                self.value = ""
        self.post_message(self.Submitted(self, value, result))

    def put_back(self, text: str) -> None:
        """Put `text` (taken by a submit, then not used) back in front of what was typed since."""
        if not text:
            return
        rest = self.value
        cursor = self.cursor_position
        self.value = text + rest
        self.cursor_position = len(text) + (cursor if rest else 0)


def put_back(event: Input.Submitted) -> None:
    """Give the submitted text back to its box when it was taken from it (an `EntryInput` with `take`)."""
    box = event.input
    if isinstance(box, EntryInput) and box.take:
        box.put_back(event.value)
