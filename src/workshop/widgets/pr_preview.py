"""Provides PressReleasePreview: the assembled press release as Markdown, with its word count."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Markdown, Static

from .safe_text import shown
from .word_count import word_count_label

__all__ = ["EMPTY_TEXT", "PREVIEW_DELAY", "PressReleasePreview", "word_count_label"]

EMPTY_TEXT = "*Nothing written yet. The press release builds up here as you answer each section.*"
"""What the preview shows before any section is written."""

PREVIEW_DELAY = 0.3
"""Seconds after the last change before the Markdown is re-rendered."""


class PressReleasePreview(Vertical):
    """Live preview of the press release beside (or below) the section being written.

    The screen calls `show(markdown, words)` on every change; the word count
    updates at once, the Markdown re-renders `PREVIEW_DELAY` seconds after
    the last change (a restarted timer), so typing stays smooth. `markdown`
    may be a function that builds it: it is then only called when the timer
    fires (or `source` is read), not on every keystroke.
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
            yield Markdown(shown(self.source) or EMPTY_TEXT, id="pr-markdown")

    def _title(self) -> Content:
        return Content.assemble(
            ("Preview · ", "bold"),
            word_count_label(self.words),
            (" · target: one page", "dim"),
        )

    def watch_words(self) -> None:
        """Repaint the word count."""
        if self.is_mounted:
            self.query_one("#pr-title", Static).update(self._title())

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
        text = self.source
        if text == self.rendered:
            return
        self.rendered = text
        await self.query_one("#pr-markdown", Markdown).update(shown(text) or EMPTY_TEXT)
