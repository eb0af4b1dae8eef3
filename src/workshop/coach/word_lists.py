"""Provides WordList: a compiled word list that finds its words and phrases in a text (the coach's matcher)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

WILDCARD = "*"
"""A listed word ending in it matches any ending (`improv*`)."""


def _fold(word: str) -> str:
    return word.lower().replace("’", "'")


_SEP = "\x00sep"
_END = "\x00end"


def _trie_pattern(node: dict[Any, Any]) -> str:
    """Turn a trie of characters into one regular expression.

    A trie pattern checks each position against one branch per distinct next
    character instead of one per listed word, so long lists stay fast.
    """
    alternatives: list[str] = []
    for key in sorted(k for k in node if k != _END):
        if key == _SEP:
            atom = r"[\s\-]+"
        elif key == "'":
            atom = "['’]"
        else:
            atom = re.escape(key)
        alternatives.append(atom + _trie_pattern(node[key]))
    if _END in node:
        alternatives.append(r"[\w'’\-]*" if node[_END] else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


class WordSet(frozenset):  # type: ignore[type-arg]
    """The lower-cased words of a text (see prose.word_set), also joined one per line.

    `lower` holds the whole text lower-cased (same length when Python's
    lower-casing keeps it, which WordList.spans checks).
    """

    lower: str | None = None

    @cached_property
    def joined(self) -> str:
        """The words, each after a newline (for matching word beginnings in one scan)."""
        return "\n" + "\n".join(self)


_PIECE = re.compile(r"\w+(?:'\w+)*")
"""A word as prose.word_set holds it (its _WORD_PIECE)."""

_PLAIN = re.compile(r"\w+")
"""A first word made of word characters only (what prose.word_set holds as a word)."""


class WordList:
    """A compiled word list: finds its words and phrases in a text.

    Matching ignores case and takes whole words only; a space or hyphen inside
    a phrase matches either (`best-in-class` finds "best in class"); a
    trailing `*` matches any ending (`improv*`). One regular expression (built
    as a trie, see _trie_pattern) does the finding; a set lookup on the text's
    words first skips texts that can't contain any listed word, which is
    most of them.

    Given the text's words (prose.word_set), `spans` also knows which listed
    words can start a match, so it scans only for their first letters: one
    small pattern per first letter, which the regular expression engine
    finds quickly by that letter (a scan with the whole list tries every
    position of the text). The result is the same; see `spans`.
    """

    def __init__(self, items: tuple[str, ...] | list[str]) -> None:
        self.items = tuple(items)
        singles: set[str] = set()
        prefixes: list[str] = []
        firsts: set[str] = set()
        rests: dict[str, list[frozenset[str]]] = {}
        trie: dict[Any, Any] = {}
        for item in {i.strip() for i in items if i.strip()}:
            wild = item.endswith(WILDCARD)
            core = item.rstrip(WILDCARD).strip()
            parts = [_fold(p) for p in re.split(r"[\s\-]+", core) if p]
            if not parts:
                continue
            if len(parts) == 1 and wild:
                prefixes.append(parts[0])
            elif len(parts) == 1:
                singles.add(parts[0])
            else:
                firsts.add(parts[0])
                # The phrase's other words that a word set holds whole when the phrase
                # is in the text (not a last word with `*`, nor one with other characters).
                rests.setdefault(parts[0], []).append(
                    frozenset(p for p in parts[1 : None if not wild else -1] if _PIECE.fullmatch(p))
                )
            node = trie
            for index, part in enumerate(parts):
                if index:
                    node = node.setdefault(_SEP, {})
                for char in part:
                    node = node.setdefault(char, {})
            node[_END] = node.get(_END, False) or wild
        self.singles = frozenset(singles)
        self.prefixes = tuple(prefixes)
        self.firsts = frozenset(firsts)
        self.heads = self.singles | self.firsts
        """Every first word of a listed word or phrase (without wildcards)."""
        self.rests = rests
        """For the first word of phrases: each phrase's other words (see spans)."""
        self.loose = tuple(
            sorted({*prefixes, *(h for h in self.heads if not _PLAIN.fullmatch(h))})
        )
        """What spans looks for in the text itself to know the letters a match may start
        with: the prefixes (`improv*`), and first words with other characters than word
        characters (`don't`), which a text's word set may not hold whole."""
        self.prefix_pattern = (
            re.compile(
                "\n("
                + "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
                + ")"
            )
            if prefixes
            else None
        )
        """Finds a word (in WordSet.joined) that starts with a listed prefix (`improv*`)."""
        self._trie = trie
        self._by_char: dict[str, re.Pattern[str]] = {}
        self._source = (r"(?<![\w\-])" + _trie_pattern(trie) + r"(?![\w'’])") if trie else ""

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Finds the listed words in any text (None for an empty list).

        Compiled on first use: loading the rules stays quick.
        """
        return re.compile(self._source, re.IGNORECASE) if self._source else None

    @cached_property
    def _lower_pattern(self) -> re.Pattern[str] | None:
        """The same for lower-cased text: without case-folding it is about twice as fast."""
        return re.compile(self._source) if self._source else None

    def _char_pattern(self, char: str) -> re.Pattern[str]:
        """`_lower_pattern` for matches that start with `char` (lower-cased text).

        The letter comes first, so the engine looks for it quickly; the
        look-behind after it is `_lower_pattern`'s "not inside a word".
        """
        pattern = self._by_char.get(char)
        if pattern is None:
            atom = "['’]" if char == "'" else re.escape(char)
            pattern = re.compile(
                atom + r"(?<![\w\-]" + atom + ")" + _trie_pattern(self._trie[char]) + r"(?![\w'’])"
            )
            self._by_char[char] = pattern
        return pattern

    def might_match(self, words: frozenset[str]) -> bool:
        """False when none of `words` (lower-cased words of a text) can start a match."""
        if not self._source:
            return False
        if not self.heads.isdisjoint(words):
            return True
        if self.prefix_pattern is None:
            return False
        joined = words.joined if isinstance(words, WordSet) else "\n" + "\n".join(words)
        return self.prefix_pattern.search(joined) is not None

    def spans(self, text: str, words: frozenset[str] | None = None) -> list[tuple[int, int]]:
        """Return `(start, end)` of every listed word or phrase in `text`.

        Args:
            text: The text.
            words: `prose.word_set(text)`, when already known (a faster no).

        With the word set, a match can only start with a listed first word
        that is in the set, or with a listed prefix or a loose first word
        (see `loose`) that is in the text: those give the letters a match can
        start with, and one pattern per letter finds them (the same matches
        as the whole list's pattern at those places). Where the letters'
        matches overlap (which one scan would not report), the whole list's
        pattern decides.
        """
        if not self._source:
            return []
        if words is None:
            return [match.span() for match in self.pattern.finditer(text)]  # type: ignore[union-attr]
        hits = self.heads.intersection(words)
        if not hits:  # then only a listed prefix can start a match (as in might_match)
            if self.prefix_pattern is None:
                return []
            joined = words.joined if isinstance(words, WordSet) else "\n" + "\n".join(words)
            if self.prefix_pattern.search(joined) is None:
                return []
        lower = getattr(words, "lower", None)
        if lower is None or len(lower) != len(text):
            return [match.span() for match in self.pattern.finditer(text)]  # type: ignore[union-attr]
        chars: set[str] = set()
        singles, rests = self.singles, self.rests
        for head in hits:
            if head[0] in chars:
                continue
            if head in singles or any(rest <= words for rest in rests[head]):
                chars.add(head[0])
        for head in self.loose:
            if head[0] not in chars and head in lower:
                chars.add(head[0])
        if len(chars) == 1:
            return [match.span() for match in self._char_pattern(chars.pop()).finditer(lower)]
        found: list[tuple[int, int]] = []
        for char in chars:
            found += [match.span() for match in self._char_pattern(char).finditer(lower)]
        found.sort()
        end = 0
        for start, stop in found:
            if start < end:
                return [match.span() for match in self._lower_pattern.finditer(lower)]  # type: ignore[union-attr]
            end = stop
        return found

    def search(self, text: str, words: frozenset[str] | None = None) -> tuple[int, int] | None:
        """Return the first listed word's `(start, end)` in `text`, or None."""
        if not self._source or (words is not None and not self.might_match(words)):
            return None
        if getattr(words, "lower", None) is not None:
            found = self.spans(text, words)
            return found[0] if found else None
        match = self.pattern.search(text)  # type: ignore[union-attr]
        return match.span() if match else None


def compile_words(items: tuple[str, ...] | list[str]) -> WordList:
    """Compile a word list (see WordList): whole words, any case; `improv*` matches any ending."""
    return WordList(items)
