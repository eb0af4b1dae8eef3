"""Provides the rules about one press-release role (headline, summary, quotes) and about names (placeholders, internal names)."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import prose
from ..rules import compile_words
from ..snapshot import Snapshot, TextUnit
from .base import (
    Context,
    Unit,
    analyse,
    count_words,
    is_quantified,
    short,
    unit_finding,
    word_list_rule,
)

_HEAD_END = re.compile(
    r"\s(?:who|whose|that|which|where|in|at|of|with|for|from|on|across|by|near|around|"
    r"living|working|using|running|aged)\b|[,;:(.\n—–]",
    re.IGNORECASE,
)



def role_rules(ctx: Context, a: Unit) -> None:
    role = a.unit.role
    rules = ctx.rules
    if role == "headline":
        rule = rules.active("headline-length")
        if rule is not None:
            count = count_words(a.masked, 0, len(a.masked))
            if count > rule["max_words"] or count < rule["min_words"]:
                unit_finding(
                    ctx, rule, a, None,
                    {"count": count, "limit": rule["max_words"], "min": rule["min_words"]},
                    excerpt=short(a.unit.text), key="",
                )
    elif role == "summary":
        rule = rules.active("summary-length")
        if rule is not None:
            count = count_words(a.masked, 0, len(a.masked))
            sentences = len(a.sentences)
            if count > rule["max_words"] or sentences > rule["max_sentences"]:
                unit_finding(
                    ctx, rule, a, None,
                    {
                        "count": count,
                        "limit": rule["max_words"],
                        "sentences": sentences,
                        "max_sentences": rule["max_sentences"],
                    },
                    excerpt=short(a.unit.text), key="",
                )
    elif role == "customer_quote":
        rule = rules.active("customer-quote-voice")
        if rule is not None and rule["first_person"].search(a.masked, a.words) is None:
            unit_finding(ctx, rule, a, None, excerpt=short(a.unit.text), key="")
        rule = rules.active("customer-quote-benefit")
        if (
            rule is not None
            and not is_quantified(a.masked, rules, a.words)
            and rule["benefit_markers"].search(a.masked, a.words) is None
        ):
            unit_finding(ctx, rule, a, None, excerpt=short(a.unit.text), key="")
        word_list_rule(ctx, a, "customer-quote-marketing")
    elif role == "leader_quote":
        word_list_rule(ctx, a, "leader-quote-cliche")


def leader_quote_customers(ctx: Context, a: Unit) -> None:
    """The leader quote must mention customers, or the segment from the Customer step."""
    rule = ctx.rules.active("leader-quote-customers")
    if rule is None or a.unit.role != "leader_quote":
        return
    if rule["customer_words"].search(a.masked, a.words) is None:
        heads = _segment_heads(ctx.snapshot, rule["segment_fields"])
        if not heads or compile_words(heads).search(a.masked, a.words) is None:
            unit_finding(ctx, rule, a, None, excerpt=short(a.unit.text), key="")


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


def name_rules(ctx: Context, a: Unit) -> None:
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
                unit_finding(ctx, rule, a, match.span())


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


def title_rules(ctx: Context) -> None:
    title = ctx.snapshot.title
    if not title.strip():
        return
    unit = TextUnit(
        scope="answers", stage_id="", step_id="", field_id="title", text=title,
        label="Title", is_list=True, order=(-1, 0, 0, 0),
    )
    a = analyse(unit, ctx.rules)
    for rule_id in ("placeholder-name", "internal-name"):
        rule = ctx.rules.active(rule_id)
        if rule is None:
            continue
        for pattern in rule["patterns"]:
            for match in pattern.finditer(a.masked):
                if match.end() > match.start():
                    unit_finding(ctx, rule, a, match.span())

