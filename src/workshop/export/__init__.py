"""Provides exports of a session (Markdown today).

The names below load `export.markdown` on first use (PEP 562), so importing a
light submodule such as `export.write` or `export.words` before the app's
first frame does not import the whole Markdown export (start-up).
"""

from typing import Any

__all__ = ["PRESS_RELEASE_WORD_LIMIT", "export", "press_release", "press_release_words"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import markdown

        return getattr(markdown, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
