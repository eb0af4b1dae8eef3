"""Provides plain-text analysis for the coach: words, sentences, positions and syllables."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from .rules import WordSet

WORD = re.compile(r"\d+(?:[.,:]\d+)+%?|[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*")
"""A word: a number (`1,300`, `10:00`, `4.5%`) or letters and digits with inner
apostrophes and hyphens (`don't`, `best-in-class`; a hyphen only between two
letters or digits)."""

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_DIGIT = re.compile(r"\d")


class Span(NamedTuple):
    """A stretch of a text: `text[start:end]`."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset just after the last character."""


def mask(text: str) -> str:
    """Return `text` with code spans and web addresses blanked out (same length).

    Commands like `workshop export` and URLs are not prose; blanking keeps every
    other character at its place so positions still match the original text.
    """
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    if "`" in text:
        text = _CODE_SPAN.sub(blank, text)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(blank, text)
    return text


def words(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """Return the word matches in `text[start:end]` (positions are in `text`)."""
    return list(WORD.finditer(text, start, len(text) if end is None else end))


_WORD_PIECE = re.compile(r"\w+(?:'\w+)*")


def word_set(text: str) -> frozenset[str]:
    """Return the lower-cased words of `text`: hyphenated words split into their parts,
    words with apostrophes both whole (`don't`) and split (`don`, `t`).

    Used to skip word lists that can't match (see rules.WordList.might_match).
    """
    lower = text.lower().replace("’", "'")
    pieces = _WORD_PIECE.findall(lower)
    if "'" in lower:
        pieces += [part for piece in pieces if "'" in piece for part in piece.split("'")]
    found = WordSet(pieces)
    found.lower = lower
    return found


def word_count(text: str) -> int:
    """Count words as the coach does (letters or digits; punctuation is not a word)."""
    return sum(1 for _ in WORD.finditer(text))


def has_digit(text: str) -> bool:
    """True when `text` contains a digit."""
    return _DIGIT.search(text) is not None


def blocks(text: str, *, lines_are_blocks: bool = False) -> Iterator[Span]:
    """Yield paragraphs and list items of `text`.

    A blank line ends a paragraph; a line starting with a list marker (`-`, `*`,
    `1.`) starts a new block. With `lines_are_blocks`, every line is its own
    block (list fields hold one item per line).
    """
    start: int | None = None
    position = 0
    for line in text.split("\n"):
        line_end = position + len(line)
        if not line.strip():
            if start is not None:
                yield Span(start, position - 1 if position > start else position)
                start = None
        else:
            marker = _LIST_MARK.match(line)
            content_start = position + (marker.end() if marker else 0)
            if start is not None and (lines_are_blocks or marker):
                yield Span(start, position - 1)
                start = None
            if start is None:
                start = content_start
        if lines_are_blocks and start is not None:
            yield Span(start, line_end)
            start = None
        position = line_end + 1
    if start is not None:
        yield Span(start, len(text))


def sentences(
    text: str, abbreviations: frozenset[str] = frozenset(), *, lines_are_blocks: bool = False
) -> list[Span]:
    """Split `text` into sentences (spans with leading/trailing spaces trimmed).

    A sentence ends at `.`, `!`, `?` or `…` followed by a space or the end, unless
    the word before the full stop is a known abbreviation (`e.g.`, `Dr.`). A
    paragraph or list item always ends a sentence.
    """
    found: list[Span] = []
    add = found.append
    search_word = WORD.search
    for block in blocks(text, lines_are_blocks=lines_are_blocks):
        start = block.start
        for match in _SENTENCE_END.finditer(text, block.start, block.end):
            stop, end = match.span()
            if abbreviations and text[stop] == ".":
                space = max(text.rfind(" ", start, stop), text.rfind("\n", start, stop))
                word = text[max(space + 1, start) : stop].lower() + "."
                if word in abbreviations and not _ends_anyway(word, text, end):
                    continue
            # The sentence is start:end less its leading spaces (it ends in a mark);
            # it counts when it holds a word (a letter or digit starts one).
            first = start
            while text[first].isspace():
                first += 1
            if text[first].isalnum() or search_word(text, first, end) is not None:
                add(_span(Span, (first, end)))
            start = end
        end = block.end
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start < end and (text[start].isalnum() or search_word(text, start, end) is not None):
            add(_span(Span, (start, end)))
    return found


TITLES: frozenset[str] = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "e.g.", "i.e.", "vs.", "approx."})
"""Abbreviations that never end a sentence (a name or an example follows them)."""


def _ends_anyway(word: str, text: str, end: int) -> bool:
    """True when a listed abbreviation still ends the sentence.

    "Acme Inc. The app…" and "etc. Then…": an abbreviation that can close a
    sentence (a company suffix, "etc.", a month) ends it when a capital letter
    follows. "No." is a number sign only before a digit ("No. 5"); "no. The"
    is the word no at the end of a sentence.
    """
    following = text[end : end + 3].lstrip()
    if word == "no.":
        return not following[:1].isdigit()
    return word not in TITLES and following[:1].isupper()


_span = tuple.__new__
"""Makes a Span without the keyword handling of its constructor (thousands per check)."""


class Positions:
    """Turns character offsets in a text into 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        index = text.find("\n")
        while index != -1:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def at(self, offset: int) -> tuple[int, int]:
        """Return the 1-based `(line, column)` of `offset`."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


# ----------------------------------------------------------------- syllables
_HYPHENATOR_LOCK = threading.Lock()
_HYPHENATORS: dict[str, object] = {}

def hyphenator(language: str) -> object | None:
    """Return a pyphen hyphenator for `language`, loaded once (None if unavailable).

    pyphen ships its hyphenation dictionaries inside the package, so this
    never touches the network. Loading the English one takes about 55 ms (the
    import and parsing its patterns), once per process, in the coach's worker.
    """
    with _HYPHENATOR_LOCK:
        if language not in _HYPHENATORS:
            try:
                import pyphen  # lazy: only the readability check needs it
            except ImportError:
                _HYPHENATORS[language] = None
            else:
                try:
                    _HYPHENATORS[language] = pyphen.Pyphen(lang=language)
                except KeyError:
                    _HYPHENATORS[language] = None
        return _HYPHENATORS[language]


@lru_cache(maxsize=8192)
def _syllables(word: str, language: str) -> int:
    dic = hyphenator(language)
    if dic is None:
        return 0
    return len(dic.positions(word)) + 1  # type: ignore[attr-defined]


def syllables(word: str, language: str = "en_US") -> int:
    """Estimate the syllables in `word` from its hyphenation points (0 if no dictionary).

    Hyphenation dictionaries never split a word's first or last letters, so
    the estimate is a little low for words like "every"; the grade is an
    approximation, as every readability formula is.
    """
    return _syllables(word.lower(), language)


def flesch_kincaid_grade(
    text_spans: Iterable[tuple[str, list[Span]]], language: str = "en_US", *, min_words: int = 1
) -> float | None:
    """Return the Flesch-Kincaid grade level of some texts split into sentences.

    `0.39 x words/sentences + 11.8 x syllables/words - 15.59`, words being runs
    of letters (numbers are left out, as a reader skims them).

    Args:
        text_spans: `(text, sentences)` pairs.
        language: pyphen dictionary to estimate syllables with.
        min_words: below this many words, return None (too little text).

    Returns:
        The grade, or None when there is too little text or no dictionary.
    """
    if hyphenator(language) is None:
        return None
    word_total = sentence_total = syllable_total = 0
    counts: dict[str, int] = {}  # token -> its syllables (-1: no letters, not a word)
    for text, spans in text_spans:
        for span in spans:
            counted = 0
            for token in WORD.findall(text, span.start, span.end):
                count = counts.get(token)
                if count is None:
                    if any(ch.isalpha() for ch in token):
                        count = sum(syllables(part, language) for part in token.split("-") if part)
                    else:
                        count = -1
                    counts[token] = count
                if count < 0:
                    continue
                counted += 1
                syllable_total += count
            if counted:
                word_total += counted
                sentence_total += 1
    if word_total < max(min_words, 1):
        return None
    return round(
        0.39 * word_total / sentence_total + 11.8 * syllable_total / word_total - 15.59, 1
    )
