"""Provides the one way user-controlled text reaches any output: control characters made visible.

A session file, a file name or a template can hold any text, including
terminal control characters: ESC and BEL (an OSC 52 clipboard write, a
window-title change, a screen clear) and the C1 range U+0080–U+009F (the
one-byte CSI U+009B). Written to a terminal as they are, they drive it.
Everything that shows user text goes through this module:

- `shown()` for the screen and text output (CLI lines, warnings, crash
  messages and logs): C0 controls and DEL become Unicode control pictures
  (ESC -> `␛`, BEL -> `␇`, DEL -> `␡`) and each C1 control a visible escape
  `⟨9B⟩` (mathematical angle brackets around its hex code). Newline and tab
  are kept.
- `typed()` undoes `shown()` for editable boxes, so an answer holding control
  characters that is opened, edited and saved keeps its characters.
- `json_text()` for JSON output: every control character, C1 included, as a
  `\\uXXXX` escape (non-ASCII text stays readable).
- `SafeStream` wraps a text stream (the CLI's stdout and stderr) so that
  whatever is printed goes through `shown()` — the net under every `print`.

The stand-ins are characters nobody types by accident; text that already
holds them literally (a pasted `␛`) is the one case `typed()` cannot tell
apart, and it becomes the control character it pictures.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

_C1_OPEN = "\u27e8"
"""Opens a C1 escape (⟨)."""
_C1_CLOSE = "\u27e9"
"""Closes a C1 escape (⟩)."""

_TO_SHOWN: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
"""Control character -> its stand-in (C0 -> ␀ … ␟, DEL -> ␡, C1 -> ⟨80⟩ … ⟨9F⟩)."""
_TO_SHOWN[0x7F] = "\u2421"
_TO_SHOWN.update({code: f"{_C1_OPEN}{code:02X}{_C1_CLOSE}" for code in range(0x80, 0xA0)})
_TO_TYPED: dict[str, str] = {standin: chr(code) for code, standin in _TO_SHOWN.items()}
"""Stand-in -> the control character it stands for."""

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Matches one control character that must not reach output (all but newline and tab)."""
_STANDIN = re.compile(
    "[\u2400-\u2408\u240b-\u241f\u2421]|" + _C1_OPEN + "(?:8[0-9A-F]|9[0-9A-F])" + _C1_CLOSE
)
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def shown(text: str) -> str:
    """Return `text` with control characters (not newline or tab) as visible stand-ins."""
    if not CONTROL.search(text):
        return text
    return text.translate(_TO_SHOWN)


def typed(text: str) -> str:
    """Undo `shown()`: stand-ins become the control characters they stand for."""
    if not _STANDIN.search(text):
        return text
    return _STANDIN.sub(lambda match: _TO_TYPED[match.group()], text)


def line(text: str) -> str:
    """Return `text` on one line, shown safely (newlines and tabs as spaces, runs collapsed)."""
    return " ".join(shown(text).split())


def json_text(value: Any, **options: Any) -> str:
    """Return `json.dumps(value, ensure_ascii=False, **options)` with no raw control character.

    `json.dumps` escapes C0 but leaves DEL and C1 raw when `ensure_ascii` is
    off; those (and U+2028/U+2029, line breaks to JavaScript) become `\\uXXXX`.
    They can only stand inside strings, so the JSON means the same.
    """
    import json  # here: only JSON output needs it (start-up of the app)

    text = json.dumps(value, ensure_ascii=False, **options)
    if not _JSON_RAW.search(text):
        return text
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class SafeStream:
    """A text stream that writes through `shown()`: nothing printed to it can drive a terminal.

    Everything else (`fileno`, `isatty`, `flush`, `encoding`, …) is the
    wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        """Wrap `stream`."""
        self.stream = stream
        """The stream written to."""

    def write(self, text: str) -> int:
        """Write `text` with its control characters shown; return the length of `text`."""
        self.stream.write(shown(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        """Write each of `lines`."""
        for piece in lines:
            self.write(piece)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
