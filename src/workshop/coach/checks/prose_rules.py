"""Provides the prose rules: vague words, hype, unquantified claims, jargon, passive voice, long sentences."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .. import prose
from ..rules import WordList, compile_words
from .base import (
    DIGIT,
    NO_PROSE_ROLES,
    Context,
    Unit,
    count_words,
    counts,
    flat,
    is_question,
    sentence_quantified,
    short,
    unit_finding,
    word_list_rule,
)


@lru_cache(maxsize=16)
def _combined(first: WordList, second: WordList) -> WordList:
    """Both lists as one (cached by the lists themselves, which are immutable)."""
    return compile_words(first.items + second.items)


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """True when start:end lies within one of `spans` (sorted, not overlapping; `starts` theirs)."""
    index = bisect_right(starts, start) - 1
    return index >= 0 and spans[index][1] >= end


def _vague_words(ctx: Context, a: Unit) -> None:
    rule = ctx.rules.active("vague-word", a.unit.scope)
    if rule is None:
        return
    both = _combined(rule["words"], rule["unquantified_words"])
    hits = a.grouped(both.spans(a.masked, a.words))
    if not hits:
        return
    always = rule["words"].pattern
    ignored: list[tuple[int, int]] | None = None  # found when a word first gets this far
    ignored_starts: list[int] = []
    sentences = a.sentences
    for index, found in hits.items():
        span = sentences[index]
        if is_question(a.masked[span.start : span.end]):
            continue
        for start, end in found:
            if always is None or always.fullmatch(a.masked, start, end) is None:
                if sentence_quantified(ctx, a, index):
                    continue  # a vague amount, but the sentence gives the number
            if ignored is None:
                ignored = rule["ignore"].spans(a.masked, a.words)
                ignored_starts = [s for s, _ in ignored]
            if ignored and _inside(ignored, ignored_starts, start, end):
                continue
            if _number_follows(ctx, a, end, span.end):
                continue  # "very quickly (less than 48 hours)": the number is right there
            unit_finding(ctx, rule, a, (start, end))


_NEAR = 40
"""How far after a vague word (in characters) a number still answers it."""


def _number_follows(ctx: Context, a: Unit, start: int, limit: int) -> bool:
    """True when a number (not a year) comes within _NEAR characters after `start`,
    in the same sentence."""
    end = min(start + _NEAR, limit)
    if DIGIT.search(a.masked, start, end) is not None and counts(a.masked, start, end, []):
        return True
    numbers = ctx.rules.number_words
    if a.words is not None and not numbers.might_match(a.words):
        return False  # the text has no number word at all (most texts): a set lookup
    return numbers.search(a.masked[start:end]) is not None


_PURPOSE = re.compile(
    r"(?:\bto\s+$|\b(?:designed|intended|meant|aims?|aimed|helps?|helping|how)\b[^,;:.!?—–()]*$)",
    re.IGNORECASE,
)
"""Words before a claim marker, in the same clause, that make it a purpose or a question,
not a claim: "an option to reduce emissions", "designed to help you find it faster",
"understand how it makes your life easier"."""
_NOTICING = re.compile(r"\s+(?:see|notice|realise|realize|learn|discover)\b", re.IGNORECASE)
"""After "quickly": the reader noticing something ("you quickly see how…"), not a claim."""


def _unquantified_claims(ctx: Context, a: Unit) -> None:
    rule = ctx.rules.active("unquantified-claim", a.unit.scope)
    if rule is None:
        return
    claims = a.grouped(rule["claim_markers"].spans(a.masked, a.words))
    if not claims:
        return
    sentences = a.sentences
    for index, found in claims.items():
        span = sentences[index]
        if sentence_quantified(ctx, a, index) or is_question(a.masked[span.start : span.end]):
            continue
        for start, end in found:
            if _PURPOSE.search(a.masked, max(span.start, start - 60), start) is not None:
                continue
            if _NOTICING.match(a.masked, end) is not None:
                continue
            unit_finding(ctx, rule, a, (start, end))
            break



@lru_cache(maxsize=16)
def _passive_pattern(be_verbs: frozenset[str], skip: frozenset[str]) -> re.Pattern[str]:
    """A be-verb, up to three skippable words (`not`, `always`, any -ly word), then a word."""
    def alternation(words: frozenset[str]) -> str:
        return "|".join(
            re.sub(r"['’]", "['’]", re.escape(w)) for w in sorted(words, key=len, reverse=True)
        ) or r"(?!x)x"

    return re.compile(
        rf"(?<![\w'’\-])(?:{alternation(be_verbs)})"
        rf"(?:\s+(?:(?:{alternation(skip)})|[^\W\d_]+ly)(?![\w'’\-])){{0,3}}"
        r"\s+([^\W\d_][\w'’]*)(?![\w'’\-])",
        re.IGNORECASE,
    )


def _passive_voice(ctx: Context, a: Unit) -> None:
    rule = ctx.rules.active("passive-voice", a.unit.scope)
    if rule is None:
        return
    be_verbs = rule["be_verbs_lower"]
    if be_verbs.isdisjoint(a.words):
        return
    irregular = rule["irregular_participles_lower"]
    not_participles = rule["not_participles_lower"]
    pattern = _passive_pattern(be_verbs, rule["skip_words_lower"])
    for match in pattern.finditer(a.masked):
        candidate = match.group(1).lower()
        if candidate in not_participles:
            continue
        if candidate in irregular or (len(candidate) > 3 and candidate.endswith("ed")):
            unit_finding(ctx, rule, a, (match.start(), match.end()))


def _long_sentences(ctx: Context, a: Unit) -> None:
    rule = ctx.rules.active("long-sentence", a.unit.scope)
    if rule is None:
        return
    limit = rule["max_words"]
    breaks = rule["clause_breaks"]
    for span in a.sentences:
        if span.end - span.start <= 2 * limit or _few_words(a.masked, span, limit):
            continue
        for start, end in _clauses(a.masked, span, breaks):
            end = _without_attribution(a.masked, start, end)
            count = count_words(a.masked, start, end)
            if count > limit:
                text = a.unit.text[start:end]
                unit_finding(
                    ctx,
                    rule,
                    a,
                    (start, end),
                    {"count": count, "limit": limit},
                    excerpt=short(text),
                    key=flat(text),
                )


_ATTRIBUTION = re.compile(
    r"[,.!?…]\s*[\"”’']+\s*(?:[-—–]\s*|(?:said|says|adds|added|explains|explained|according\s+to)\b)",
    re.IGNORECASE,
)
"""The end of a quotation followed by its tag: `…," said Ana Ruiz, founder of Acme.`"""


def _without_attribution(text: str, start: int, end: int) -> int:
    """Return where the quotation ends when text[start:end] ends with a "said …" tag.

    A quote's tag (who said it, their title) is not part of what the reader has
    to hold in mind, so the sentence's length is counted without it.
    """
    match = None
    for match in _ATTRIBUTION.finditer(text, start, end):
        pass
    if match is None:
        return end
    close = match.start() + 1
    while close < end and text[close] in " \t\n\"”’'":
        close += 1
    return close


_RUNS = bytes(
    ord("a") if chr(byte).isalnum() else ord(" ") for byte in range(128)
).ljust(256, b" ")
"""ASCII letters and digits to `a`, everything else to a space (for bytes.translate)."""


def _few_words(text: str, span: prose.Span, limit: int) -> bool:
    """True when the span has at most `limit` words.

    Every word starts in its own run of letters and digits (a word takes in
    every letter or digit that follows it; a number like 1,300 ends in
    another run than it starts in), so for ASCII text counting those runs
    (cheap: translate and split) rules most sentences out at once.
    """
    piece = text[span.start : span.end]
    if piece.isascii() and len(piece.encode("ascii").translate(_RUNS).split()) <= limit:
        return True
    return count_words(text, span.start, span.end) <= limit


def _clauses(text: str, span: prose.Span, breaks: tuple[str, ...]) -> list[tuple[int, int]]:
    """Split a sentence span at clause breaks (`;`), trimming spaces."""
    cuts = [span.start]
    if breaks:
        pattern = _break_pattern(breaks)
        for match in pattern.finditer(text, span.start, span.end):
            cuts += [match.start(), match.end()]
    cuts.append(span.end)
    pieces: list[tuple[int, int]] = []
    for index in range(0, len(cuts), 2):
        start, end = cuts[index], cuts[index + 1]
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            pieces.append((start + lead, start + lead + len(stripped)))
    return pieces


@lru_cache(maxsize=16)
def _break_pattern(breaks: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(mark) for mark in breaks))


def prose_rules(ctx: Context, a: Unit) -> None:
    if a.unit.role in NO_PROSE_ROLES:
        return
    _vague_words(ctx, a)
    word_list_rule(ctx, a, "hype-word")
    _unquantified_claims(ctx, a)
    word_list_rule(ctx, a, "jargon", skip_names=True)
    _passive_voice(ctx, a)
    _long_sentences(ctx, a)

