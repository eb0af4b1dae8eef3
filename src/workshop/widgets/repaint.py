"""Provides update_text: change a Static's text, laying the screen out again only when its width changes.

`Static.update` asks for a layout pass by default, and a layout pass lays out
the whole screen: on a step with a long press release preview that is ~10 ms,
and then every widget repaints. Lines that change often (the word count, the
save state, the countdown, the agenda line) use this instead: a text of the same
width, or any text in a cell whose size the CSS fixes, only repaints the cell.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

_WIDTH = "_workshop_text_width"
"""Attribute under which a Static remembers the width of the text it shows."""


def update_text(widget: Static, text: str | Content, *, fixed_size: bool = False) -> None:
    """Show `text` in `widget`, with a layout pass only if its width changed.

    Args:
        widget: The Static (or Label) to update.
        text: The new text.
        fixed_size: The widget's CSS fixes its width and height (e.g. `1fr` by
            `1`), so no text can change its size: never lay out.
    """
    width = text.cell_length if isinstance(text, Content) else Content(text).cell_length
    changed = getattr(widget, _WIDTH, None) != width
    setattr(widget, _WIDTH, width)
    widget.update(text, layout=changed and not fixed_size)
