"""Provides SessionStatusBar: session progress, press release word count and save status."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ..model.text import plural
from .repaint import update_text
from .word_count import word_count_label

SAVE_STATES = ("saved", "pending", "saving", "failed")
"""What the save indicator can show."""


def progress_bar(done: int, total: int, width: int = 10) -> str:
    """Return a small text bar like `■■■□□□□□□□`."""
    if total <= 0:
        return "□" * width
    filled = round(width * done / total)
    return "■" * filled + "□" * (width - filled)


class SessionStatusBar(Horizontal):
    """One line under the step: progress, press release words, save status.

    The screen sets the reactives; nothing here touches the session.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    answered: reactive[int] = reactive(0)
    """Required steps answered."""
    total: reactive[int] = reactive(0)
    """Required steps in the template."""
    words: reactive[int] = reactive(0)
    """Words in the press release."""
    save_state: reactive[str] = reactive("saved")
    """One of `SAVE_STATES`."""
    save_detail: reactive[str] = reactive("")
    """`12:03` when saved, the reason when failed."""
    read_only: reactive[bool] = reactive(False)
    """The session is open in another window: nothing is saved here."""

    _ready = False

    def compose(self) -> ComposeResult:
        """Three cells: progress, words, save state."""
        yield Static(id="progress")
        yield Static(id="words")
        yield Static(id="save-status")

    def on_mount(self) -> None:
        """Paint every cell once."""
        self._ready = True
        self._paint_progress()
        self._paint_words()
        self._paint_save()

    def watch_answered(self) -> None:
        """Repaint progress."""
        self._paint_progress()

    def watch_total(self) -> None:
        """Repaint progress."""
        self._paint_progress()

    def watch_words(self) -> None:
        """Repaint the word count."""
        self._paint_words()

    def watch_save_state(self) -> None:
        """Repaint the save state."""
        self._paint_save()

    def watch_save_detail(self) -> None:
        """Repaint the save state."""
        self._paint_save()

    def watch_read_only(self) -> None:
        """Repaint the save state."""
        self._paint_save()

    # ------------------------------------------------------------ painting
    def _paint(self, cell_id: str, content: Content, *, fixed_size: bool = False) -> None:
        """Show `content` in a cell; lay the screen out again only if the cell must change width.

        These cells change at every new word and every save (see `repaint`).
        """
        update_text(self.query_one(f"#{cell_id}", Static), content, fixed_size=fixed_size)

    def _paint_progress(self) -> None:
        if not self._ready:
            return
        style = "$text-success" if self.total and self.answered >= self.total else "$text-accent"
        self._paint(
            "progress",
            Content.assemble(
                (progress_bar(self.answered, self.total), style),
                (f" {self.answered}/{plural(self.total, 'step')} answered", ""),
            ),
        )

    def _paint_words(self) -> None:
        if not self._ready:
            return
        # 1fr wide and one line (status_bar.tcss): its size never depends on its text.
        label = Content.assemble(("Press release ", "$text-muted"), word_count_label(self.words))
        self._paint("words", label, fixed_size=True)

    @property
    def save_text(self) -> str:
        """The save indicator as plain text (what a test or screen reader reads)."""
        if self.read_only:
            return "READ-ONLY: open in another window, not saved here"
        if self.save_state == "failed":
            return f"NOT SAVED: {self.save_detail}" if self.save_detail else "NOT SAVED"
        if self.save_state in ("pending", "saving"):
            return "Saving…"
        return f"Saved {self.save_detail}".strip()

    def _paint_save(self) -> None:
        if not self._ready:
            return
        cell = self.query_one("#save-status", Static)
        style = {
            "failed": "bold $text-error",
            "pending": "$text-muted",
            "saving": "$text-muted",
            "saved": "$text-success",
        }[self.save_state]
        if self.read_only:
            style = "bold $text-warning"
        symbol = {"failed": "✗ ", "pending": "● ", "saving": "● ", "saved": "✓ "}[self.save_state]
        text = symbol + self.save_text
        if self.save_state in ("pending", "saving") and not self.read_only:
            # As wide as "✓ Saved 12:03", so saving and saved swap without a layout pass.
            text = text.rjust(len("✓ Saved 00:00"))
        self._paint("save-status", Content.styled(text, style))
        cell.set_class(self.save_state == "failed", "-failed")
        self.set_class(self.save_state == "failed", "-failed")
