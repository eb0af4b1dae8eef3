"""Provides the writing checks: each rule of content/rules, run over a session snapshot.

The rules themselves live in `coach.checks`, one module per rule family; this
module runs them over a snapshot, remembers per-unit findings and orders them.
"""

from __future__ import annotations

from ..model.session import Session
from ..model.template import Template
from ..model.text import normalise
from . import prose
from .checks.acronyms import acronym_candidates, undefined_acronyms
from .checks.base import NO_PROSE_ROLES, RULE_ORDER, WORD_RULES, Context, Unit, analyse
from .checks.document import document, structure
from .checks.prose_rules import prose_rules
from .checks.roles import (
    leader_quote_customers,
    name_rules,
    role_rules,
    segment_head,
    title_rules,
)
from .findings import Finding, Report
from .rules import Rules, WordList, load_rules
from .snapshot import Snapshot, TextUnit, take_snapshot

__all__ = ["segment_head", "WORD_RULES", "check_field", "check_snapshot", "check_text", "run_checks", "run_report", "warm_up"]


# ------------------------------------------------------------------ assembly
UNIT_MEMO_SIZE = 20_000
"""How many text units' analysis and own findings a Rules object remembers."""


def _unit_rules(ctx: Context, unit: TextUnit) -> Unit | None:
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
        a = analyse(unit, ctx.rules)
        local = Context(ctx.rules, ctx.snapshot, texts=ctx.texts)
        role_rules(local, a)
        name_rules(local, a)
        prose_rules(local, a)
        found = tuple(finding for _, finding in local.out)
        acronyms = acronym_candidates(local, a) if unit.role not in NO_PROSE_ROLES else ()
        if len(memo) >= UNIT_MEMO_SIZE:
            memo.clear()
        # Only the press release's analysis is read again (by the whole-document
        # rules), and a word set only by the leader-quote rule below.
        kept: Unit | None = None
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
    undefined_acronyms(ctx, acronyms)
    if a is not None:
        leader_quote_customers(ctx, a)
    return kept


def _finish(ctx: Context) -> list[Finding]:
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
    ctx = Context(rules, snapshot)
    title_rules(ctx)
    analysed = [a for a in (_unit_rules(ctx, unit) for unit in snapshot.units) if a is not None]
    structure(ctx)
    stats = document(ctx, analysed)
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
    ctx = Context(rules, snapshot)
    for unit in snapshot.units:
        if unit.step_id == step_id and unit.field_id == field_id:
            _unit_rules(ctx, unit)
    structure(ctx, only=(step_id, field_id))
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
    ctx = Context(rules, Snapshot(title="", units=(unit,)))
    _unit_rules(ctx, unit)
    return _finish(ctx)
