"""Provides display-safe text: control characters shown as visible symbols, and back again.

A session file can hold any text, including terminal control characters
(ESC, BEL, the C1 range). Written to the terminal as they are, they could
retitle the window, recolour or garble the screen. Everything the session
screen shows goes through `shown()`, which swaps each control character for
a visible stand-in (`\\x1b` -> `␛`); editable boxes turn the stand-ins back
with `typed()` so an edited answer keeps the characters it had. Newlines and
tabs are kept as they are.
"""

from __future__ import annotations

import re

_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
"""C0 controls -> Unicode control pictures (␀ … ␟)."""
_DEL_PICTURE = "\u2421"
"""DEL -> ␡."""
_C1_BASE = 0xF780
"""C1 controls (0x80-0x9F) -> private-use characters U+F800-U+F81F (shown as boxes)."""

_TO_SHOWN: dict[int, str] = dict(_C0_PICTURES)
_TO_SHOWN[0x7F] = _DEL_PICTURE
_TO_SHOWN.update({code: chr(_C1_BASE + code) for code in range(0x80, 0xA0)})
_TO_TYPED: dict[int, str] = {ord(shown): chr(code) for code, shown in _TO_SHOWN.items()}

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_STANDIN = re.compile("[" + "".join(re.escape(c) for c in _TO_SHOWN.values()) + "]")


def shown(text: str) -> str:
    """Return `text` with control characters (not newline or tab) as visible stand-ins."""
    if not _CONTROL.search(text):
        return text
    return text.translate(_TO_SHOWN)


def typed(text: str) -> str:
    """Undo `shown()`: stand-ins become the control characters they stand for."""
    if not _STANDIN.search(text):
        return text
    return text.translate(_TO_TYPED)
