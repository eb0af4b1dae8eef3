"""Provides what every writing check shares: the analysed text unit, the run's context, findings and numbers."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .. import prose
from ..findings import Finding
from ..rules import RULE_PARAMS, Rule, Rules
from ..snapshot import FaqEntry, Snapshot, TextUnit

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

EXCERPT_WORDS = 8
DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Unit:
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
    """Per sentence: does it give a number? (None until a rule first asks; see sentence_quantified)"""
    numbers: dict[int, list[tuple[int, int]]] | None = None
    """The number words, by sentence (see grouped; found when a rule first asks)."""
    starts: list[int] | None = None
    """Where each sentence starts (for grouped)."""

    def without_words(self) -> "Unit":
        """The same analysis without the word set (what a remembered one keeps)."""
        return Unit(self.unit, self.masked, self.positions, self.sentences, None)

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
class Context:
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


def analyse(unit: TextUnit, rules: Rules) -> Unit:
    masked = prose.mask(unit.text)
    sentences = prose.sentences(masked, rules.abbreviations, lines_are_blocks=unit.is_list)
    return Unit(
        unit=unit,
        masked=masked,
        positions=prose.Positions(unit.text),
        sentences=sentences,
        words=prose.word_set(masked),
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def short(text: str) -> str:
    parts = text.split()
    if len(parts) <= EXCERPT_WORDS:
        return " ".join(parts)
    return " ".join(parts[:EXCERPT_WORDS]) + " …"


def unit_finding(
    ctx: Context,
    rule: Rule,
    a: Unit,
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
            excerpt = flat(unit.text[start:end])
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


def place_finding(
    ctx: Context,
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


def counts(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when text[start:end] gives a number: a digit or a number word (`spans`),
    not a year ("in 2021") and not "one of" ("one of the hottest topics")."""
    for a, b in spans:
        if b - a != 3 or text[a:b].lower() != "one" or _ONE_NOT_A_COUNT.match(text, b) is None:
            return True
    if DIGIT.search(text, start, end) is None:
        return False
    if _YEARISH.search(text, start, end) is None:
        return True
    return any(not _is_year(text, *m.span()) for m in _DIGITS.finditer(text, start, end))


def is_quantified(text: str, rules: Rules, words: frozenset[str] | None = None) -> bool:
    spans = rules.number_words.spans(text, words) if words is not None else [
        m.span() for m in (rules.number_words.pattern.finditer(text) if rules.number_words.pattern else ())
    ]
    return counts(text, 0, len(text), spans)



def word_list_rule(
    ctx: Context, a: Unit, rule_id: str, param: str = "words", *, skip_names: bool = False
) -> None:
    rule = ctx.rules.active(rule_id, a.unit.scope)
    if rule is None:
        return
    for span in rule[param].spans(a.masked, a.words):
        if skip_names and in_name(a.masked, span[0]):
            continue
        unit_finding(ctx, rule, a, span)


def in_name(text: str, start: int) -> bool:
    """True when the word at `start` is capitalised inside a sentence ("Senior Backend
    Engineer", "Pipeline Studio"): part of a name or title, not the writer's jargon."""
    if not (text[start].isupper() and text[start + 1 : start + 2].islower()):
        return False
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] not in ".!?:\"“‘'(\n-*"


def is_question(sentence: str) -> bool:
    return sentence.rstrip("\"'”’)] ").endswith("?")


def quantified_sentences(ctx: Context, a: Unit) -> list[bool]:
    """For each sentence: does it give a number (a digit or a number word)?"""
    return [sentence_quantified(ctx, a, index) for index in range(len(a.sentences))]


def sentence_quantified(ctx: Context, a: Unit, index: int) -> bool:
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
        known = quantified[index] = counts(a.masked, span.start, span.end, numbers.get(index, []))
    return known



def count_words(text: str, start: int, end: int) -> int:
    return len(prose.WORD.findall(text, start, end))
