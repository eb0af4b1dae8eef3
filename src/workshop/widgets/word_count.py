"""Provides word_count_label: the press release word count styled against its one-page target."""

from __future__ import annotations

from textual.content import Content

from ..export.words import PRESS_RELEASE_WORD_LIMIT
from ..model.text import plural


def word_count_label(words: int, limit: int = PRESS_RELEASE_WORD_LIMIT) -> Content:
    """Return `123 / 500 words` styled by how close it is to the one-page target.

    Kept apart from the preview widget so the status bar can show the count
    without importing Textual's Markdown widget (markdown-it, Pygments).
    """
    if words > limit:
        style = "bold $text-error"
        note = f" — {words - limit} over one page"
    elif words > limit * 0.9:
        style = "bold $text-warning"
        note = " — nearly a page"
    else:
        style = "bold $text-success"
        note = ""
    return Content.assemble((f"{words} / {plural(limit, 'word')}", style), (note, style))
