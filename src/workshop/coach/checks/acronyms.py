"""Provides the undefined-acronym rule: acronyms the customer-facing text never spells out."""

from __future__ import annotations

import re
from functools import lru_cache

from ..findings import Finding
from .base import Context, Unit, unit_finding

_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![\w&])")
_CAPITALS = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]")
"""What every acronym holds: a quick test that a text has none (most have none)."""
_QUOTES = "\"'“”‘’«»"


def _mostly_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 12:
        return False
    return sum(1 for ch in letters if ch.isupper()) / len(letters) > 0.6


Acronyms = tuple[tuple[str, tuple[tuple[int, ...], Finding]], ...]
"""A unit's possible undefined-acronym findings: (acronym, (sort key, finding))."""


def acronym_candidates(ctx: Context, a: Unit) -> Acronyms:
    """The acronyms of one unit that need a definition, with their findings.

    Everything here depends on the unit's own text only, so it is remembered
    with the unit; whether an acronym is defined depends on other answers and
    is checked every time (undefined_acronyms).
    """
    rule = ctx.rules.active("undefined-acronym", a.unit.scope)
    if rule is None or a.unit.part == "question" or _CAPITALS.search(a.masked) is None:
        # A reader's question is in the reader's own words: an acronym there is one
        # they know (the answer, where the writer speaks, is checked).
        return ()
    known = rule["known_set"]
    max_length = rule["max_length"]
    seen: list[str] = []
    local = Context(ctx.rules, ctx.snapshot, texts=ctx.texts)
    for span in a.sentences:
        sentence = a.masked[span.start : span.end]
        shouting: bool | None = None
        for match in _ACRONYM.finditer(sentence):
            base, plural = match.group(1), match.group(2)
            if sum(1 for ch in base if ch.isalpha()) < 2 or len(base) > max_length:
                continue
            if base in seen or base in known or base + plural in known:
                continue
            if _reads_as_word(base):
                continue
            before = sentence[match.start() - 1 : match.start()]
            after = sentence[match.end() : match.end() + 2].lstrip(".,;:!?")[:1]
            if before and after and before in _QUOTES and after in _QUOTES:
                continue  # a word in quotes is being named ("send “JOIN”", "call it “E2EE.”"), not used
            if shouting is None:
                shouting = _mostly_capitals(sentence)
            if shouting:
                break
            seen.append(base)
            unit_finding(
                local, rule, a, (span.start + match.start(), span.start + match.end()), key=base
            )
    return tuple(zip(seen, local.out))


@lru_cache(maxsize=64)
def _title_capitals(title: str) -> frozenset[str]:
    """The acronyms in the session's title: part of the product's name, which the press
    release introduces ("Treeline CLI"), not jargon to spell out."""
    return frozenset(match.group(1) for match in _ACRONYM.finditer(title))


_VOWELS = frozenset("AEIOUY")


def _reads_as_word(base: str) -> bool:
    """True for capitals that read as a word or a name ("OPAQUE", "EDGAR", "TITLE"),
    not letters spelled out: five or more letters, two or more of them vowels."""
    return len(base) >= 5 and base.isalpha() and sum(ch in _VOWELS for ch in base) >= 2


_SMALL_WORDS = r"(?:(?:of|and|for|the|to|on|in|&)[\s\-]+)?"


@lru_cache(maxsize=512)
def _spelled_out_pattern(base: str) -> re.Pattern[str] | None:
    """Finds the words an acronym stands for: "Amazon Web Services" for AWS
    (capitalised words whose first letters spell it; "of", "and"… may sit between)."""
    if not base.isalpha():
        return None
    parts = [rf"{letter}[\w'’]*" for letter in base]
    return re.compile(r"\b" + (r"[\s\-]+" + _SMALL_WORDS).join(parts) + r"\b")


def _defined(base: str, corpus: str, cache: dict[str, bool]) -> bool:
    """True when the customer-facing text defines `base`: "(NPS)", "NPS (…)", or the words
    it stands for spelled out with capitals ("Net Promoter Score")."""
    known = cache.get(base)
    if known is None:
        if f"({base})" in corpus or f"({base}s)" in corpus or f"{base} (" in corpus:
            known = True
        else:
            pattern = _spelled_out_pattern(base)
            known = pattern is not None and pattern.search(corpus) is not None
        cache[base] = known
    return known


def undefined_acronyms(ctx: Context, candidates: Acronyms) -> None:
    """Report the candidates that the press release and customer FAQ don't define."""
    if not candidates:
        return
    rule = ctx.rules["undefined-acronym"]
    corpus = ctx.definitions(rule.applies_to)
    named = _title_capitals(ctx.snapshot.title)
    for base, entry in candidates:
        if base in named or _defined(base, corpus, ctx.defined):
            continue
        ctx.out.append(entry)

