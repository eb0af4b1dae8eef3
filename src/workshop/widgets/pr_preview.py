"""Provides PressReleasePreview: the assembled press release as Markdown, with its word count."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.errors import NoWidget
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from .markdown_blocks import BlockMarkdown
from .repaint import update_text
from .safe_text import shown
from .word_count import word_count_label

__all__ = ["EMPTY_TEXT", "PREVIEW_DELAY", "PressReleasePreview", "word_count_label"]

EMPTY_TEXT = "*Nothing written yet. The press release builds up here as you answer each section.*"
"""What the preview shows before any section is written."""

PREVIEW_DELAY = 0.3
"""Seconds after the last change before the Markdown is re-rendered."""

_ScrollAnchor = tuple[Widget, int]
"""The block at the top of the preview's view and its distance below the view's top."""


class PressReleasePreview(Vertical):
    """Live preview of the press release beside (or below) the section being written.

    The screen calls `show(markdown, words)` on every change; the word count
    updates at once, the Markdown re-renders `PREVIEW_DELAY` seconds after
    the last change (a restarted timer), so typing stays smooth. `markdown`
    may be a function that builds it: it is then only called when the timer
    fires (or `source` is read), not on every keystroke. Only the blocks
    (paragraphs, headings, lists, ...) whose text changed are re-rendered
    (see `BlockMarkdown`), and a change above the part in view doesn't move
    what is in view.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    words: reactive[int] = reactive(0)
    """Words in the press release now."""

    def __init__(self, markdown: str, words: int, *, id: str | None = None) -> None:
        """Create the preview.

        Args:
            markdown: The press release as Markdown (from `export.markdown.press_release`).
            words: Its word count.
            id: Widget id.
        """
        super().__init__(id=id)
        self._source = markdown
        self._build: Callable[[], str] | None = None
        self.rendered = markdown
        """The Markdown rendered now."""
        self._timer: Timer | None = None
        self.set_reactive(PressReleasePreview.words, words)

    def compose(self) -> ComposeResult:
        """Title with word count, then the rendered press release."""
        yield Static(self._title(), id="pr-title")
        with VerticalScroll(id="pr-scroll", can_focus=False):
            yield BlockMarkdown(shown(self.source) or EMPTY_TEXT, id="pr-markdown")

    def _title(self) -> Content:
        return Content.assemble(
            ("Preview · ", "bold"),
            word_count_label(self.words),
            (" · target: one page", "$text-muted"),
        )

    def watch_words(self) -> None:
        """Repaint the word count."""
        # Not before the title is mounted, nor after it was removed (a step change).
        title = self.query_one_optional("#pr-title", Static) if self.is_mounted else None
        if title is not None:
            # One fixed line (pr_preview.tcss): a new count never changes its size.
            update_text(title, self._title(), fixed_size=True)

    @property
    def source(self) -> str:
        """The Markdown the preview shows (or will show after the delay)."""
        if self._build is not None:
            build, self._build = self._build, None
            self._source = build()
        return self._source

    def show(self, markdown: str | Callable[[], str], words: int) -> None:
        """Show a new version: the count now, the text after a short pause.

        Args:
            markdown: The press release, or a function returning it (built
                only when the preview renders).
            words: Its word count.
        """
        self.words = words
        if callable(markdown):
            self._build = markdown
        else:
            if self._build is None and markdown == self._source:
                return
            self._build = None
            self._source = markdown
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PREVIEW_DELAY, self._render_now, name="pr-preview")

    async def _render_now(self) -> None:
        self._timer = None
        document = self.query_one_optional("#pr-markdown", BlockMarkdown)
        if document is None:  # being removed (a step change)
            return
        text = self.source
        if text == self.rendered:
            return
        self.rendered = text
        anchor = self._scroll_anchor()
        await document.update(shown(text) or EMPTY_TEXT)
        if anchor is not None:
            self.call_after_refresh(self._keep_in_view, anchor)

    def _scroll_anchor(self) -> _ScrollAnchor | None:
        """The top block in view and its offset from the view's top (None when not scrolled).

        Found by looking at what is on screen at the view's left edge, row
        by row (rows of margin between blocks hold no block), so no layout
        of the blocks out of view is needed.
        """
        scroll = self.query_one_optional("#pr-scroll", VerticalScroll)
        document = self.query_one_optional("#pr-markdown", BlockMarkdown)
        if scroll is None or document is None or scroll.scroll_y <= 0:
            return None
        view = scroll.content_region
        x = document.content_region.x
        for y in range(view.y, view.bottom):
            try:
                widget, _ = self.screen.get_widget_at(x, y)
            except NoWidget:
                return None
            block = next((node for node in widget.ancestors_with_self if node.parent is document), None)
            if block is not None:
                return block, block.region.y - view.y
        return None

    def _keep_in_view(self, anchor: _ScrollAnchor) -> None:
        """Scroll so the anchor block is where it was before blocks above it changed."""
        block, offset = anchor
        scroll = self.query_one_optional("#pr-scroll", VerticalScroll)
        if not block.is_attached or scroll is None:
            return
        shift = block.region.y - scroll.content_region.y - offset
        if shift:
            scroll.scroll_to(y=scroll.scroll_y + shift, animate=False, immediate=True)
