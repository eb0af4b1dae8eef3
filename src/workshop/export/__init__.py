"""Provides exports of a session (Markdown today)."""

from .markdown import (
    PRESS_RELEASE_WORD_LIMIT,
    export,
    press_release,
    press_release_words,
)

__all__ = ["PRESS_RELEASE_WORD_LIMIT", "export", "press_release", "press_release_words"]
