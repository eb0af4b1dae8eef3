"""Provides the writing checks: each rule of content/rules, run over a session snapshot."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..model.session import Session
from ..model.template import Template
from ..model.text import normalise
from ..model.text import word_count as reader_word_count
from . import prose
from .findings import Finding, Report, Stats
from .rules import RULE_PARAMS, Rule, Rules, WordList, compile_words, load_rules
from .snapshot import FaqEntry, Snapshot, TextUnit, take_snapshot

RULE_ORDER: dict[str, int] = {rule_id: index for index, rule_id in enumerate(RULE_PARAMS)}
"""Position of each rule, used to order findings at the same place."""

WORD_RULES: frozenset[str] = frozenset(
    {
        "customer-quote-marketing",
        "leader-quote-cliche",
        "placeholder-name",
        "internal-name",
        "vague-word",
        "hype-word",
        "unquantified-claim",
        "jargon",
        "undefined-acronym",
    }
)
"""Rules that flag words or phrases; where two of them flag overlapping words, only the
first in document order (then rule order) is kept, so one word gets one finding."""

NO_PROSE_ROLES: frozenset[str] = frozenset({"city", "date"})
"""Press-release roles that are not prose (a place and a date)."""

_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![\w&])")
_CAPITALS = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]")
"""What every acronym holds: a quick test that a text has none (most have none)."""
_EXCERPT_WORDS = 8
_DIGIT = re.compile(r"\d")
_QUOTES = "\"'“”‘’«»"
_HEAD_END = re.compile(
    r"\s(?:who|whose|that|which|where|in|at|of|with|for|from|on|across|by|near|around|"
    r"living|working|using|running|aged)\b|[,;:(.\n—–]",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ helpers
@dataclass(slots=True)
class _Unit:
    """A text unit with the analysis every rule shares, computed once."""

    unit: TextUnit
    """The text and where it is."""
    masked: str
    """The text with code spans and URLs blanked (same length)."""
    positions: prose.Positions
    """Offsets to (line, column)."""
    sentences: list[prose.Span]
    """The sentences of `masked`."""
    words: frozenset[str] | None
    """The lower-cased words of the text (to skip word lists quickly); None in a
    remembered analysis once the rules that read them have run (see _unit_rules)."""

    quantified: list[bool | None] | None = None
    """Per sentence: does it give a number? (None until a rule first asks; see _sentence_quantified)"""
    numbers: dict[int, list[tuple[int, int]]] | None = None
    """The number words, by sentence (see grouped; found when a rule first asks)."""
    starts: list[int] | None = None
    """Where each sentence starts (for grouped)."""

    def without_words(self) -> "_Unit":
        """The same analysis without the word set (what a remembered one keeps)."""
        return _Unit(self.unit, self.masked, self.positions, self.sentences, None)

    def in_sentences(self, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """Group `spans` by the sentence they start in."""
        grouped: list[list[tuple[int, int]]] = [[] for _ in self.sentences]
        if spans:
            starts = [s.start for s in self.sentences]
            for span in spans:
                index = bisect_right(starts, span[0]) - 1
                if 0 <= index < len(grouped) and span[0] < self.sentences[index].end:
                    grouped[index].append(span)
        return grouped

    def grouped(self, spans: list[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
        """Group `spans` (in text order) by the index of the sentence they start in,
        for the sentences that have some (in order): what in_sentences gives, without
        a list per sentence for the many that have none."""
        found: dict[int, list[tuple[int, int]]] = {}
        if spans:
            starts = self.starts
            if starts is None:
                starts = self.starts = [s.start for s in self.sentences]
            sentences = self.sentences
            for span in spans:
                index = bisect_right(starts, span[0]) - 1
                if index >= 0 and span[0] < sentences[index].end:
                    group = found.get(index)
                    if group is None:
                        found[index] = [span]
                    else:
                        group.append(span)
        return found


@dataclass
class _Context:
    """One check run: the rules, what is checked, and the findings so far."""

    rules: Rules
    """The rules in force."""
    snapshot: Snapshot
    """The texts being checked."""
    out: list[tuple[tuple[int, ...], Finding]] = field(default_factory=list)
    """(sort key, finding) of every finding."""
    texts: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    """Rendered (message, suggestion, the words) by (rule id, offending words): most repeat."""
    _definitions: str | None = None
    defined: dict[str, bool] = field(default_factory=dict)
    """Per acronym: does the customer-facing text define it? (worked out once per check)"""

    def definitions(self, scopes: frozenset[str]) -> str:
        """The customer-facing text, where acronyms may be defined."""
        if self._definitions is None:
            self._definitions = "\n".join(
                u.text for u in self.snapshot.units if u.scope in scopes
            )
        return self._definitions


def _analyse(unit: TextUnit, rules: Rules) -> _Unit:
    masked = prose.mask(unit.text)
    sentences = prose.sentences(masked, rules.abbreviations, lines_are_blocks=unit.is_list)
    return _Unit(
        unit=unit,
        masked=masked,
        positions=prose.Positions(unit.text),
        sentences=sentences,
        words=prose.word_set(masked),
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _short(text: str) -> str:
    parts = text.split()
    if len(parts) <= _EXCERPT_WORDS:
        return " ".join(parts)
    return " ".join(parts[:_EXCERPT_WORDS]) + " …"


def _unit_finding(
    ctx: _Context,
    rule: Rule,
    a: _Unit,
    span: tuple[int, int] | None,
    values: dict[str, object] | None = None,
    *,
    excerpt: str | None = None,
    key: str | None = None,
) -> None:
    unit = a.unit
    line = column = end_line = end_column = 0
    if span is not None:
        start, end = span
        line, column = a.positions.at(start)
        end_line, end_column = a.positions.at(end)
        if excerpt is None:
            excerpt = _flat(unit.text[start:end])
    excerpt = excerpt or ""
    if values is None:
        cached = ctx.texts.get((rule.id, excerpt))
        if cached is None:
            filled = {"words": excerpt}
            cached = (rule.render(rule.message, filled), rule.render(rule.suggestion, filled), excerpt)
            ctx.texts[(rule.id, excerpt)] = cached
        message, suggestion, excerpt = cached  # one copy of each excerpt ("very" × 1,000)
    else:
        values = {"words": excerpt, **values}
        message, suggestion = rule.render(rule.message, values), rule.render(rule.suggestion, values)
    finding = Finding(  # positional (field order): the checks make thousands
        rule.id,
        rule.severity,  # type: ignore[arg-type]
        message,
        suggestion,
        excerpt,
        unit.stage_id,
        unit.step_id,
        unit.field_id,
        unit.item_id,
        unit.item_label,
        unit.part,
        line,
        column,
        end_line,
        end_column,
        key,
    )
    ctx.out.append(((*unit.order, line, column, RULE_ORDER[rule.id]), finding))


def _place_finding(
    ctx: _Context,
    rule: Rule,
    values: dict[str, object],
    *,
    stage_id: str,
    step_id: str,
    field_id: str = "",
    order: tuple[int, ...],
    item: FaqEntry | None = None,
    part: str = "",
    excerpt: str = "",
) -> None:
    finding = Finding(
        rule_id=rule.id,
        severity=rule.severity,  # type: ignore[arg-type]
        message=rule.render(rule.message, values),
        suggestion=rule.render(rule.suggestion, values),
        excerpt=excerpt,
        stage_id=stage_id,
        step_id=step_id,
        field_id=field_id,
        item_id=item.id if item else "",
        item_label=item.label if item else "",
        part=part,
        line=0,
        column=0,
        end_line=0,
        end_column=0,
        key="",
    )
    ctx.out.append(((*order, 0, 0, RULE_ORDER[rule.id]), finding))


_DIGITS = re.compile(r"\d+")
_YEARISH = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
"""Four digits that may be a year (most numbers are not: a quick no)."""
_ONE_NOT_A_COUNT = re.compile(r"\s+(?:of|day|place|click)\b", re.IGNORECASE)
"""After "one": "one of the hottest topics", "one place", "one click" count nothing."""


def _is_year(text: str, start: int, end: int) -> bool:
    """True for a four-digit year on its own ("in 2021"), not part of 2,021 or 2021%."""
    if end - start != 4 or text[start : start + 2] not in ("18", "19", "20"):
        return False
    before = text[start - 1 : start]
    after = text[end : end + 1]
    return not (before and (before.isalnum() or before in ".,")) and not (
        after and (after.isalnum() or after in ".,%")
    )


def _counts(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when text[start:end] gives a number: a digit or a number word (`spans`),
    not a year ("in 2021") and not "one of" ("one of the hottest topics")."""
    for a, b in spans:
        if b - a != 3 or text[a:b].lower() != "one" or _ONE_NOT_A_COUNT.match(text, b) is None:
            return True
    if _DIGIT.search(text, start, end) is None:
        return False
    if _YEARISH.search(text, start, end) is None:
        return True
    return any(not _is_year(text, *m.span()) for m in _DIGITS.finditer(text, start, end))


def _is_quantified(text: str, rules: Rules, words: frozenset[str] | None = None) -> bool:
    spans = rules.number_words.spans(text, words) if words is not None else [
        m.span() for m in (rules.number_words.pattern.finditer(text) if rules.number_words.pattern else ())
    ]
    return _counts(text, 0, len(text), spans)


# ------------------------------------------------------------------ prose rules
def _word_list_rule(
    ctx: _Context, a: _Unit, rule_id: str, param: str = "words", *, skip_names: bool = False
) -> None:
    rule = ctx.rules.active(rule_id, a.unit.scope)
    if rule is None:
        return
    for span in rule[param].spans(a.masked, a.words):
        if skip_names and _in_name(a.masked, span[0]):
            continue
        _unit_finding(ctx, rule, a, span)


def _in_name(text: str, start: int) -> bool:
    """True when the word at `start` is capitalised inside a sentence ("Senior Backend
    Engineer", "Pipeline Studio"): part of a name or title, not the writer's jargon."""
    if not (text[start].isupper() and text[start + 1 : start + 2].islower()):
        return False
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] not in ".!?:\"“‘'(\n-*"


def _is_question(sentence: str) -> bool:
    return sentence.rstrip("\"'”’)] ").endswith("?")


def _quantified_sentences(ctx: _Context, a: _Unit) -> list[bool]:
    """For each sentence: does it give a number (a digit or a number word)?"""
    return [_sentence_quantified(ctx, a, index) for index in range(len(a.sentences))]


def _sentence_quantified(ctx: _Context, a: _Unit, index: int) -> bool:
    """Does sentence `index` give a number (a digit or a number word)?

    Worked out for the sentences a rule asks about only (most have no vague word
    or claim), and remembered on the unit for the other rules.
    """
    quantified = a.quantified
    if quantified is None:
        quantified = a.quantified = [None] * len(a.sentences)
    known = quantified[index]
    if known is None:
        numbers = a.numbers
        if numbers is None:
            numbers = a.numbers = a.grouped(ctx.rules.number_words.spans(a.masked, a.words))
        span = a.sentences[index]
        known = quantified[index] = _counts(a.masked, span.start, span.end, numbers.get(index, []))
    return known


@lru_cache(maxsize=16)
def _combined(first: WordList, second: WordList) -> WordList:
    """Both lists as one (cached by the lists themselves, which are immutable)."""
    return compile_words(first.items + second.items)


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """True when start:end lies within one of `spans` (sorted, not overlapping; `starts` theirs)."""
    index = bisect_right(starts, start) - 1
    return index >= 0 and spans[index][1] >= end


def _vague_words(ctx: _Context, a: _Unit) -> None:
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
        if _is_question(a.masked[span.start : span.end]):
            continue
        for start, end in found:
            if always is None or always.fullmatch(a.masked, start, end) is None:
                if _sentence_quantified(ctx, a, index):
                    continue  # a vague amount, but the sentence gives the number
            if ignored is None:
                ignored = rule["ignore"].spans(a.masked, a.words)
                ignored_starts = [s for s, _ in ignored]
            if ignored and _inside(ignored, ignored_starts, start, end):
                continue
            if _number_follows(ctx, a, end, span.end):
                continue  # "very quickly (less than 48 hours)": the number is right there
            _unit_finding(ctx, rule, a, (start, end))


_NEAR = 40
"""How far after a vague word (in characters) a number still answers it."""


def _number_follows(ctx: _Context, a: _Unit, start: int, limit: int) -> bool:
    """True when a number (not a year) comes within _NEAR characters after `start`,
    in the same sentence."""
    end = min(start + _NEAR, limit)
    if _DIGIT.search(a.masked, start, end) is not None and _counts(a.masked, start, end, []):
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


def _unquantified_claims(ctx: _Context, a: _Unit) -> None:
    rule = ctx.rules.active("unquantified-claim", a.unit.scope)
    if rule is None:
        return
    claims = a.grouped(rule["claim_markers"].spans(a.masked, a.words))
    if not claims:
        return
    sentences = a.sentences
    for index, found in claims.items():
        span = sentences[index]
        if _sentence_quantified(ctx, a, index) or _is_question(a.masked[span.start : span.end]):
            continue
        for start, end in found:
            if _PURPOSE.search(a.masked, max(span.start, start - 60), start) is not None:
                continue
            if _NOTICING.match(a.masked, end) is not None:
                continue
            _unit_finding(ctx, rule, a, (start, end))
            break


def _mostly_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 12:
        return False
    return sum(1 for ch in letters if ch.isupper()) / len(letters) > 0.6


_Acronyms = tuple[tuple[str, tuple[tuple[int, ...], Finding]], ...]
"""A unit's possible undefined-acronym findings: (acronym, (sort key, finding))."""


def _acronym_candidates(ctx: _Context, a: _Unit) -> _Acronyms:
    """The acronyms of one unit that need a definition, with their findings.

    Everything here depends on the unit's own text only, so it is remembered
    with the unit; whether an acronym is defined depends on other answers and
    is checked every time (_undefined_acronyms).
    """
    rule = ctx.rules.active("undefined-acronym", a.unit.scope)
    if rule is None or a.unit.part == "question" or _CAPITALS.search(a.masked) is None:
        # A reader's question is in the reader's own words: an acronym there is one
        # they know (the answer, where the writer speaks, is checked).
        return ()
    known = rule["known_set"]
    max_length = rule["max_length"]
    seen: list[str] = []
    local = _Context(ctx.rules, ctx.snapshot, texts=ctx.texts)
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
            _unit_finding(
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


def _undefined_acronyms(ctx: _Context, candidates: _Acronyms) -> None:
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


def _passive_voice(ctx: _Context, a: _Unit) -> None:
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
            _unit_finding(ctx, rule, a, (match.start(), match.end()))


def _long_sentences(ctx: _Context, a: _Unit) -> None:
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
            count = _count(a.masked, start, end)
            if count > limit:
                text = a.unit.text[start:end]
                _unit_finding(
                    ctx,
                    rule,
                    a,
                    (start, end),
                    {"count": count, "limit": limit},
                    excerpt=_short(text),
                    key=_flat(text),
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


def _count(text: str, start: int, end: int) -> int:
    return len(prose.WORD.findall(text, start, end))


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
    return _count(text, span.start, span.end) <= limit


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


def _prose_rules(ctx: _Context, a: _Unit) -> None:
    if a.unit.role in NO_PROSE_ROLES:
        return
    _vague_words(ctx, a)
    _word_list_rule(ctx, a, "hype-word")
    _unquantified_claims(ctx, a)
    _word_list_rule(ctx, a, "jargon", skip_names=True)
    _passive_voice(ctx, a)
    _long_sentences(ctx, a)


# ------------------------------------------------------------------ role rules
def _role_rules(ctx: _Context, a: _Unit) -> None:
    role = a.unit.role
    rules = ctx.rules
    if role == "headline":
        rule = rules.active("headline-length")
        if rule is not None:
            count = _count(a.masked, 0, len(a.masked))
            if count > rule["max_words"] or count < rule["min_words"]:
                _unit_finding(
                    ctx, rule, a, None,
                    {"count": count, "limit": rule["max_words"], "min": rule["min_words"]},
                    excerpt=_short(a.unit.text), key="",
                )
    elif role == "summary":
        rule = rules.active("summary-length")
        if rule is not None:
            count = _count(a.masked, 0, len(a.masked))
            sentences = len(a.sentences)
            if count > rule["max_words"] or sentences > rule["max_sentences"]:
                _unit_finding(
                    ctx, rule, a, None,
                    {
                        "count": count,
                        "limit": rule["max_words"],
                        "sentences": sentences,
                        "max_sentences": rule["max_sentences"],
                    },
                    excerpt=_short(a.unit.text), key="",
                )
    elif role == "customer_quote":
        rule = rules.active("customer-quote-voice")
        if rule is not None and rule["first_person"].search(a.masked, a.words) is None:
            _unit_finding(ctx, rule, a, None, excerpt=_short(a.unit.text), key="")
        rule = rules.active("customer-quote-benefit")
        if (
            rule is not None
            and not _is_quantified(a.masked, rules, a.words)
            and rule["benefit_markers"].search(a.masked, a.words) is None
        ):
            _unit_finding(ctx, rule, a, None, excerpt=_short(a.unit.text), key="")
        _word_list_rule(ctx, a, "customer-quote-marketing")
    elif role == "leader_quote":
        _word_list_rule(ctx, a, "leader-quote-cliche")


def _leader_quote_customers(ctx: _Context, a: _Unit) -> None:
    """The leader quote must mention customers, or the segment from the Customer step."""
    rule = ctx.rules.active("leader-quote-customers")
    if rule is None or a.unit.role != "leader_quote":
        return
    if rule["customer_words"].search(a.masked, a.words) is None:
        heads = _segment_heads(ctx.snapshot, rule["segment_fields"])
        if not heads or compile_words(heads).search(a.masked, a.words) is None:
            _unit_finding(ctx, rule, a, None, excerpt=_short(a.unit.text), key="")


def segment_head(text: str) -> str:
    """Return the head noun of a customer-segment phrase, as a word pattern.

    The head is the last word before the first "who", "in", "at", "with", comma…:
    "Full-time delivery riders in Rotterdam who…" gives `rider*`.
    """
    end = _HEAD_END.search(" " + text)
    phrase = (" " + text)[: end.start()] if end else " " + text
    found = prose.words(phrase)
    if not found:
        return ""
    head = found[-1].group(0).lower()
    if len(head) < 3 or not head.isalpha():
        return ""
    if head.endswith("ies") and len(head) > 4:
        head = head[:-3] + "y"
    elif head.endswith("s") and not head.endswith("ss"):
        head = head[:-1]
    return head + "*"


def _segment_heads(snapshot: Snapshot, fields: tuple[str, ...]) -> list[str]:
    heads: list[str] = []
    for unit in snapshot.units:
        if not unit.item_id and f"{unit.step_id}.{unit.field_id}" in fields:
            head = segment_head(unit.text)
            if head:
                heads.append(head)
    return heads


def _name_rules(ctx: _Context, a: _Unit) -> None:
    unit = a.unit
    memo = ctx.rules.memo
    lower: str | None = None
    for rule_id in ("placeholder-name", "internal-name"):
        rule = ctx.rules.active(rule_id)
        if rule is None:
            continue
        named = bool((unit.role and unit.role in rule["roles"]) or (
            not unit.item_id and unit.field_id in rule["field_ids"]
        ))
        # A placeholder anywhere in the press release or the FAQ ("[NAME, TITLE]",
        # "TBD", "John Doe at ACME Corp") is a gap, not only in the product's name.
        anywhere = rule_id == "placeholder-name" and unit.scope in _PLACEHOLDER_SCOPES
        key = ("name-patterns", rule_id, named, anywhere)
        pairs = memo.get(key)
        if pairs is None:  # remembered: hashing the patterns (for _needles) per unit is slow
            patterns: tuple[re.Pattern[str], ...] = rule["patterns"] if named else ()
            if anywhere:
                patterns = patterns + rule["text_patterns"]
            pairs = memo[key] = _needles(patterns)
        if not pairs:
            continue
        if lower is None:
            lower = getattr(a.words, "lower", None) or a.masked.lower()
        kept = tuple(index for index, (_, needle) in enumerate(pairs) if not needle or needle in lower)
        if not kept:
            continue
        scan = memo.get((key, kept))
        if scan is None:  # the same: by the kept patterns' places, not the patterns
            scan = memo[(key, kept)] = _any_of(tuple(pairs[index][0] for index in kept))
        for match in scan.finditer(a.masked):
            if match.end() > match.start():
                _unit_finding(ctx, rule, a, match.span())


@lru_cache(maxsize=32)
def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """The patterns as one (a scan per text, not one per pattern; matches don't overlap)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


_HEAD = re.compile(r"(?:\\b|\\\$\?|\^)*((?:[^\\\[\](){}.*+?|^$]|\\[^\w])*)")
"""A pattern's opening literal text, after word-boundary marks: `TBD` in `\\bTBD\\b`."""


@lru_cache(maxsize=256)
def _needle(source: str) -> str:
    """Text every match of a pattern must contain, lower-cased ("" when unknown).

    The literal characters a pattern opens with (after `\\b`), less a last one
    that a quantifier may leave out; a top-level `|` means there is none.
    """
    depth, escaped, in_class = 0, False, False
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return ""
    match = _HEAD.match(source)
    literal = match.group(1) if match else ""
    after = source[match.end() : match.end() + 2] if match else ""
    if after[:1] in ("?", "*") or after.startswith(("{0", "{,")):
        literal = literal[:-2] if literal[-2:-1] == "\\" else literal[:-1]
    elif after[:1] == "{" and after[1:2].isdigit() and literal and literal[-2:-1] != "\\":
        literal += literal[-1] * (int(after[1]) - 1)  # X{3,} needs XXX
    return re.sub(r"\\(.)", r"\1", literal).lower()


@lru_cache(maxsize=32)
def _needles(patterns: tuple[re.Pattern[str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each pattern with its needle (see _needle). A text without a pattern's needle
    can't match it: a substring test (fast) spares most texts the pattern (slow)."""
    return tuple((pattern, _needle(pattern.pattern)) for pattern in patterns)


_PLACEHOLDER_SCOPES = frozenset({"press_release", "customer_faq", "internal_faq"})
"""Where placeholder-name's text_patterns are looked for."""


def _title_rules(ctx: _Context) -> None:
    title = ctx.snapshot.title
    if not title.strip():
        return
    unit = TextUnit(
        scope="answers", stage_id="", step_id="", field_id="title", text=title,
        label="Title", is_list=True, order=(-1, 0, 0, 0),
    )
    a = _analyse(unit, ctx.rules)
    for rule_id in ("placeholder-name", "internal-name"):
        rule = ctx.rules.active(rule_id)
        if rule is None:
            continue
        for pattern in rule["patterns"]:
            for match in pattern.finditer(a.masked):
                if match.end() > match.start():
                    _unit_finding(ctx, rule, a, match.span())


# ------------------------------------------------------------------ document rules
def _label(text: str) -> str:
    text = re.split(r"\s+/\s+|\s+\(", text, maxsplit=1)[0].strip() or text
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


_CONDITION = re.compile(r"\b(?:if|when|unless|whether)\b", re.IGNORECASE)
"""A question about what happens if… ("What if the repair costs more?") asks about a
process, not for a price."""


def _thin_answer(rule: Rule, entry: FaqEntry, rules: Rules) -> str:
    """What is thin about an FAQ answer ("" when nothing): too few words, a price
    question with no figure, or a risk question waved away in a few words."""
    answer = entry.answer
    count = reader_word_count(answer)
    values = {"count": count, "limit": rule["min_words"]}
    if count < rule["min_words"]:
        return rule.render(rule["too_short"], values)
    if (
        rule["price_questions"].search(entry.question) is not None
        and _CONDITION.search(entry.question) is None
    ) and not (
        prose.has_digit(answer) or rule["figures"].search(answer) is not None
        or any(ch in answer for ch in "$€£¥")
    ):
        return rule.render(rule["no_figure"], values)
    if (
        count <= rule["max_dismissive_words"]
        and rule["risk_questions"].search(entry.question) is not None
        and rule["dismissive"].search(answer) is not None
    ):
        return rule.render(rule["dismissed"], values)
    return ""


def _structure(ctx: _Context, *, only: tuple[str, str] | None = None) -> None:
    """Missing sections and FAQ answers; with `only`, just those about one field."""
    snap, rules = ctx.snapshot, ctx.rules

    def wanted(step_id: str, field_id: str) -> bool:
        return only is None or only == (step_id, field_id)

    rule = rules.active("missing-section")
    if rule is not None:
        for slot in snap.press_release:
            if slot.role in rule["roles"] and not slot.text.strip() and wanted(slot.step_id, slot.field_id):
                _place_finding(
                    ctx, rule, {"section": _label(slot.label)},
                    stage_id=slot.stage_id, step_id=slot.step_id, field_id=slot.field_id,
                    order=slot.order,
                )
    slots = {}
    for slot in snap.faq_slots:
        slots.setdefault(slot.kind, slot)
    rule = rules.active("missing-faq")
    if rule is not None:
        for kind, slot in slots.items():
            if slot.required and wanted(slot.step_id, slot.field_id) and not any(
                e.kind == kind for e in snap.faq
            ):
                _place_finding(
                    ctx, rule, {"faq": f"{kind} FAQ"},
                    stage_id=slot.stage_id, step_id=slot.step_id, field_id=slot.field_id,
                    order=slot.order,
                )
    unanswered = rules.active("unanswered-question")
    draft = rules.active("draft-answer")
    thin = rules.active("thin-answer")
    for entry in snap.faq:
        slot = slots.get(entry.kind)
        step_id, field_id, stage_id = (
            (slot.step_id, slot.field_id, slot.stage_id) if slot else (f"faq-{entry.kind}", "items", "")
        )
        if not wanted(step_id, field_id):
            continue
        values = {"label": f"{entry.kind.capitalize()} FAQ {entry.label}", "question": _short(entry.question)}
        if not entry.answer.strip():
            if unanswered is not None:
                _place_finding(
                    ctx, unanswered, values, stage_id=stage_id, step_id=step_id,
                    field_id=field_id, order=(*entry.order[:3], 1), item=entry, part="answer",
                    excerpt=_short(entry.question),
                )
        elif entry.status != "answered" and draft is not None:
            _place_finding(
                ctx, draft, values, stage_id=stage_id, step_id=step_id, field_id=field_id,
                order=(*entry.order[:3], 1), item=entry, part="answer",
            )
        if entry.answer.strip() and thin is not None:
            key = ("thin-answer", entry.question, entry.answer)
            problem = rules.memo.get(key)
            if problem is None:  # remembered: this runs on every check, for every answer
                problem = rules.memo[key] = _thin_answer(thin, entry, rules)
            if problem:
                _place_finding(
                    ctx, thin,
                    {**values, "problem": problem, "count": reader_word_count(entry.answer),
                     "limit": thin["min_words"]},
                    stage_id=stage_id, step_id=step_id, field_id=field_id,
                    order=(*entry.order[:3], 1), item=entry, part="answer",
                    excerpt=_short(entry.answer),
                )
    rule = rules.active("hard-question")
    slot = slots.get("internal")
    if rule is not None and slot is not None and wanted(slot.step_id, slot.field_id):
        internal = [e for e in snap.faq if e.kind == "internal"]
        if internal and not any(rule["keywords"].search(e.question) for e in internal):
            _place_finding(
                ctx, rule, {}, stage_id=slot.stage_id, step_id=slot.step_id,
                field_id=slot.field_id, order=slot.order,
            )


def _document(ctx: _Context, analysed: list[_Unit]) -> Stats:
    """Whole press release and FAQ rules; returns the stats."""
    snap, rules = ctx.snapshot, ctx.rules
    pr_words = sum(reader_word_count(slot.text.strip()) for slot in snap.press_release)
    pr_rule = rules.active("press-release-length")
    pr_limit = pr_rules_limit = rules["press-release-length"]["max_words"]
    grade: float | None = None
    if snap.press_release_stage is not None:
        stage_id, step_id = snap.press_release_stage
        order = (snap.step_order.get(step_id, 0), -1, 0, 0)
        if pr_rule is not None and pr_words > pr_limit:
            _place_finding(
                ctx, pr_rule,
                {"count": pr_words, "limit": pr_limit, "over": pr_words - pr_limit},
                stage_id=stage_id, step_id=step_id, order=order,
            )
        readability = rules.active("readability")
        if readability is not None:
            pieces = [
                (a.masked, a.sentences)
                for a in analysed
                if a.unit.scope == "press_release" and a.unit.role not in NO_PROSE_ROLES
            ]
            grade = prose.flesch_kincaid_grade(
                pieces, readability["language"], min_words=readability["min_words"]
            )
            if grade is not None and grade > readability["max_grade"]:
                _place_finding(
                    ctx, readability,
                    {"grade": f"{grade:.1f}", "limit": f"{readability['max_grade']:g}"},
                    stage_id=stage_id, step_id=step_id, order=order,
                )
    faq_rule = rules["faq-length"]
    faq_words = sum(reader_word_count(e.question) + reader_word_count(e.answer) for e in snap.faq)
    per_page = max(faq_rule["words_per_page"], 1)
    faq_limit = int(faq_rule["max_pages"] * per_page)
    pages = round(faq_words / per_page, 1)
    if faq_rule.enabled and faq_words > faq_limit and snap.faq_stage is not None:
        stage_id, step_id = snap.faq_stage
        _place_finding(
            ctx, faq_rule,
            {
                "count": faq_words, "limit": faq_limit, "pages": f"{pages:g}",
                "max_pages": f"{faq_rule['max_pages']:g}", "words_per_page": per_page,
            },
            stage_id=stage_id, step_id=step_id,
            order=(snap.step_order.get(step_id, 0), -1, 0, 0),
        )
    return Stats(
        press_release_words=pr_words,
        press_release_word_limit=pr_rules_limit,
        readability_grade=grade,
        faq_words=faq_words,
        faq_word_limit=faq_limit,
        faq_pages=pages,
        faq_max_pages=faq_rule["max_pages"],
        faq_questions=len(snap.faq),
        faq_unanswered=sum(1 for e in snap.faq if not e.answer.strip()),
    )


# ------------------------------------------------------------------ assembly
UNIT_MEMO_SIZE = 20_000
"""How many text units' analysis and own findings a Rules object remembers."""


def _unit_rules(ctx: _Context, unit: TextUnit) -> _Unit | None:
    """Run every rule that reads one unit; return its analysis for the whole-document
    rules (press-release units only; None for the others).

    Most rules depend only on the unit's own text: their findings are
    remembered per Rules object (keyed by the unit, which holds its text and
    place), so re-checking a session after one edit redoes one unit. The two
    rules that read other answers too (acronym definitions, the customer
    segment) are checked every time, from what the unit remembers: its
    acronyms and their findings, and (for the press release, whose analysis
    the whole-document rules read) its analysis.
    """
    memo = ctx.rules.memo
    hit = memo.get(unit)
    if hit is None:
        a = _analyse(unit, ctx.rules)
        local = _Context(ctx.rules, ctx.snapshot, texts=ctx.texts)
        _role_rules(local, a)
        _name_rules(local, a)
        _prose_rules(local, a)
        found = tuple(finding for _, finding in local.out)
        acronyms = _acronym_candidates(local, a) if unit.role not in NO_PROSE_ROLES else ()
        if len(memo) >= UNIT_MEMO_SIZE:
            memo.clear()
        # Only the press release's analysis is read again (by the whole-document
        # rules), and a word set only by the leader-quote rule below.
        kept: _Unit | None = None
        if unit.role == "leader_quote":
            kept = a
        elif unit.scope == "press_release":
            kept = a.without_words()
        memo[unit] = (kept, found, acronyms)
        ctx.out.extend(local.out)
    else:
        kept, found, acronyms = hit
        a = kept
        order = unit.order
        rank = RULE_ORDER
        ctx.out.extend(
            ((*order, finding.line, finding.column, rank[finding.rule_id]), finding)
            for finding in found
        )
    _undefined_acronyms(ctx, acronyms)
    if a is not None:
        _leader_quote_customers(ctx, a)
    return kept


def _finish(ctx: _Context) -> list[Finding]:
    """Sort findings into document order and drop word findings overlapped by an earlier rule."""
    items = sorted(ctx.out, key=_sort_key)
    # Per place (one text), per word rule: the furthest end of the words it kept.
    taken: dict[tuple[str, str, str, str], dict[int, int]] = {}
    kept: list[Finding] = []
    acronyms: set[str | None] = set()
    for _, finding in items:
        if finding.rule_id == "undefined-acronym":
            # Once per document: the first use is where a definition belongs.
            if finding.key in acronyms:
                continue
        if finding.rule_id in WORD_RULES:
            # Where the words start and end, (line, column) packed into one number:
            # these order exactly as the offsets in the text do.
            start = finding.line << 32 | finding.column
            end = finding.end_line << 32 | finding.end_column
            place = (finding.step_id, finding.field_id, finding.item_id, finding.part)
            rank = RULE_ORDER[finding.rule_id]
            ends = taken.get(place)
            if ends is None:
                ends = taken[place] = {}
            # Findings come in order of where they start, so an earlier one overlaps
            # this one exactly when it ends after this one starts.
            if any(other > start for r, other in ends.items() if r != rank):
                continue
            if ends.get(rank, -1) < end:
                ends[rank] = end
        if finding.rule_id == "undefined-acronym":
            acronyms.add(finding.key)
        kept.append(finding)
    return kept


def _sort_key(entry: tuple[tuple[int, ...], Finding]) -> tuple[int, ...]:
    return entry[0]


def warm_up(rules: Rules | None = None) -> Rules:
    """Do the one-time work of the first check now (well under 0.1 s): load the rules,
    compile every word list and load the hyphenation dictionary.

    The app can call this in a worker at start-up so the first check as the
    user types is as quick as the rest. Returns the rules.
    """
    rules = _rules_or_default(rules)
    for rule in rules.rules.values():
        for value in rule.params.values():
            if isinstance(value, WordList):
                value.spans("warm up")
    rules.number_words.spans("warm up")
    prose.hyphenator(rules["readability"]["language"])
    check_text("It is warm.", rules)
    return rules


def _rules_or_default(rules: Rules | None) -> Rules:
    return rules if rules is not None else load_rules()


def check_snapshot(snapshot: Snapshot, rules: Rules | None = None) -> Report:
    """Run every rule over a snapshot; safe to call from a worker thread.

    Args:
        snapshot: From `take_snapshot(session, template)`.
        rules: From `load_rules()`; None loads the built-in rules (cached).

    Returns:
        The report: findings not dismissed, dismissed ones, and stats.
    """
    rules = _rules_or_default(rules)
    ctx = _Context(rules, snapshot)
    _title_rules(ctx)
    analysed = [a for a in (_unit_rules(ctx, unit) for unit in snapshot.units) if a is not None]
    _structure(ctx)
    stats = _document(ctx, analysed)
    findings = _finish(ctx)
    if not snapshot.dismissed:
        return Report(findings=tuple(findings), dismissed=(), stats=stats)
    shown = tuple(f for f in findings if f.fingerprint not in snapshot.dismissed)
    hidden = tuple(f for f in findings if f.fingerprint in snapshot.dismissed)
    return Report(findings=shown, dismissed=hidden, stats=stats)


def run_report(session: Session, template: Template, rules: Rules | None = None) -> Report:
    """Check a session; return the full Report (findings, dismissed, stats)."""
    return check_snapshot(take_snapshot(session, template), rules)


def run_checks(session: Session, template: Template, rules: Rules | None = None) -> list[Finding]:
    """Check a session; return the findings not dismissed, in document order."""
    return list(run_report(session, template, rules).findings)


def check_field(
    session: Session,
    template: Template,
    step_id: str,
    field_id: str,
    rules: Rules | None = None,
) -> list[Finding]:
    """Check one field quickly (as the user types); dismissed findings are left out.

    Runs the rules that read the field's own text, plus the structure rules
    about that field (missing section; for an FAQ field: missing FAQ,
    unanswered and draft answers, no hard question). The whole-document
    rules (press-release length, readability, FAQ length) need `run_checks`.
    """
    rules = _rules_or_default(rules)
    snapshot = take_snapshot(session, template)
    ctx = _Context(rules, snapshot)
    for unit in snapshot.units:
        if unit.step_id == step_id and unit.field_id == field_id:
            _unit_rules(ctx, unit)
    _structure(ctx, only=(step_id, field_id))
    return [f for f in _finish(ctx) if f.fingerprint not in snapshot.dismissed]


def check_text(
    text: str,
    rules: Rules | None = None,
    *,
    scope: str = "press_release",
    role: str = "",
    is_list: bool = False,
) -> list[Finding]:
    """Check a piece of text on its own (practice answers, previews); no session needed.

    Args:
        text: The text.
        rules: Rules to use (None: built-in).
        scope: Which kind of text it is (see findings.SCOPES).
        role: A press-release role, to run that role's rules too.
        is_list: Treat every line as its own sentence block.

    Returns:
        Findings with empty step and field ids.
    """
    rules = _rules_or_default(rules)
    unit = TextUnit(
        scope=scope, stage_id="", step_id="", field_id="", text=normalise(text), role=role,
        is_list=is_list,
    )
    ctx = _Context(rules, Snapshot(title="", units=(unit,)))
    _unit_rules(ctx, unit)
    return _finish(ctx)
