"""Provides FittedLine: a one-line hint that shortens or drops whole hints to fit, never stopping mid-sentence."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.app import RenderResult
from textual.content import Content
from textual.widgets import Static

Piece = tuple[str, str]
"""One sentence or key hint: its full text and a shorter one ("" = drop it when short of room)."""


def fit(pieces: Sequence[Piece], width: int, sep: str = " ") -> str:
    """Join `pieces` into at most `width` cells, giving up words, never half a hint.

    First the hints are shortened, last one first; then they are dropped, last
    one first. The first piece (what is going on) is kept; only when even it
    alone is too wide does the line end with "…" (the widget's overflow).
    `width` 0 or less means "not laid out yet": everything, in full.
    """
    chosen = [full for full, _ in pieces]

    def joined() -> str:
        return sep.join(text for text in chosen if text)

    if width <= 0:
        return joined()
    for index in reversed(range(len(pieces))):
        if cell_len(joined()) <= width:
            return joined()
        chosen[index] = pieces[index][1] or (chosen[index] if index == 0 else "")
    for index in reversed(range(1, len(pieces))):
        if cell_len(joined()) <= width:
            break
        chosen[index] = ""
    return joined()


class FittedLine(Static):
    """A Static of one line whose text is fitted to its width each time it is drawn.

    Attributes down: the host calls `show(pieces)`; `content` keeps the full
    text, the screen shows what fits (a resize redraws it).
    """

    def __init__(self, *, sep: str = " ", id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.sep = sep
        """What goes between two pieces."""
        self.pieces: tuple[Piece, ...] = ()
        """The sentences and hints, most important first."""

    def show(self, pieces: Sequence[Piece]) -> None:
        """Show these pieces (their full text is the `content`)."""
        pieces = tuple(pieces)
        if pieces == self.pieces:
            return
        self.pieces = pieces
        self.update(fit(pieces, 0, self.sep), layout=False)  # 1fr by one line: never a new size

    def render(self) -> RenderResult:
        if not self.pieces:
            return super().render()
        return Content(fit(self.pieces, self.content_region.width, self.sep))
