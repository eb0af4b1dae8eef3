"""Provides a quick loader for pyphen's hyphenation dictionaries (the same hyphenation points, loaded in a few ms).

`pyphen.Pyphen(lang=...)` costs about 85 ms on first use: importing pyphen
lists its 70-odd dictionaries, and its loader parses all ~11,000 patterns of
a dictionary in Python. The readability check looks up a few hundred words,
so this loader finds the dictionary file without importing pyphen, keys every
pattern by its letters with C-level string operations, and parses a pattern
only when a word first needs it. Lookups follow pyphen 0.18's
`HyphDict.positions` and `Pyphen.positions` step by step, so the points (and the
syllable counts the coach makes of them) are pyphen's own; tests compare the
two on every word the coach's test sessions hold.

Files this loader doesn't handle exactly as pyphen would (non-standard
hyphenation `/`, `^^hh` escapes, non-ASCII digits, a pattern listed twice)
return None, and the caller uses pyphen itself.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

_IGNORED = (
    "%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN",
)
"""Lines pyphen skips (comments and hunspell settings it does not read)."""
_PARSE = re.compile(r"(\d?)(\D?)").findall
"""pyphen's pattern parser: (digit, letter) pairs."""
_OTHER_DIGIT = re.compile(r"[^\D0-9]")
"""A digit that is not 0-9 (pyphen would read it as a number; load drops only 0-9)."""
LEFT = RIGHT = 2
"""pyphen.Pyphen's defaults: no point closer than this to either end of a word."""


class QuickHyphenator:
    """The hyphenation points of words, as `pyphen.Pyphen(lang=...).positions` gives them."""

    def __init__(self, raw: dict[str, str]) -> None:
        self._raw = raw
        """Pattern lines (as written, with their digits) by their letters."""
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}
        """(offset, values) of the patterns parsed so far; None for one of zeros only."""
        self._maxlen = max(map(len, raw)) if raw else 0
        self._cache: dict[str, list[int]] = {}

    def _pattern(self, key: str) -> tuple[int, tuple[int, ...]] | None:
        try:
            return self._parsed[key]
        except KeyError:
            pass
        tags, values = zip(*[(string, int(digit or "0")) for digit, string in _PARSE(self._raw[key])])
        parsed: tuple[int, tuple[int, ...]] | None = None
        if max(values) != 0:
            start, end = 0, len(values)
            while not values[start]:
                start += 1
            while not values[end - 1]:
                end -= 1
            parsed = (start, values[start:end])
        self._parsed[key] = parsed
        return parsed

    def _points(self, word: str) -> list[int]:
        """pyphen's HyphDict.positions (lower-cases the word)."""
        word = word.lower()
        points = self._cache.get(word)
        if points is None:
            raw = self._raw
            pointed = f".{word}."
            references = [0] * (len(pointed) + 1)
            for i in range(len(pointed) - 1):
                stop = min(i + self._maxlen, len(pointed)) + 1
                for j in range(i + 1, stop):
                    key = pointed[i:j]
                    if key not in raw:
                        continue
                    pattern = self._pattern(key)
                    if pattern is None:
                        continue
                    offset, values = pattern
                    slice_ = slice(i + offset, i + offset + len(values))
                    references[slice_] = map(max, values, references[slice_])
            self._cache[word] = points = [
                i - 1 for i, reference in enumerate(references) if reference % 2
            ]
        return points

    def positions(self, word: str) -> list[int]:
        """Where `word` can be hyphenated (pyphen's Pyphen.positions, left=right=2)."""
        right = len(word) - RIGHT
        return [i for i in self._points(word) if LEFT <= i <= right]


def dictionary_path(language: str) -> Path | None:
    """pyphen's `hyph_<language>.dic`, found without importing pyphen (None if absent).

    Only an exact file name: other spellings (`en`, `en-us`) go through pyphen's
    own language fallback.
    """
    if not language or "-" in language or "/" in language or "\\" in language:
        return None
    try:
        spec = importlib.util.find_spec("pyphen")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "dictionaries" / f"hyph_{language}.dic"
        if path.is_file() and path.name in {p.name for p in path.parent.iterdir()}:
            return path
    return None


def load(language: str) -> QuickHyphenator | None:
    """A QuickHyphenator for `language`, or None (then use pyphen itself)."""
    path = dictionary_path(language)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            encoding = handle.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        text = path.read_text(encoding)
    except (OSError, LookupError, UnicodeError):
        return None
    if "/" in text or "^^" in text or _OTHER_DIGIT.search(text) is not None:
        return None
    kept = [line for line in (raw.strip() for raw in text.split("\n")[1:]) if line and not line.startswith(_IGNORED)]
    # bytes.translate drops the digits at C speed (str.translate looks up every character)
    keys = "\n".join(kept).encode("utf-8").translate(None, b"0123456789").decode("utf-8").split("\n")
    raw = dict(zip(keys, kept))
    if len(raw) != len(kept) or "" in raw:
        return None  # a pattern listed twice (pyphen keeps the last non-zero one) or digits only
    return QuickHyphenator(raw)
