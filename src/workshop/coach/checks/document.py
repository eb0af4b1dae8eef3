"""Provides the whole-document rules: missing sections and FAQs, FAQ answers, lengths and readability."""

from __future__ import annotations

import re

from ...model.text import word_count as reader_word_count
from .. import prose
from ..findings import Stats
from ..rules import Rule, Rules
from ..snapshot import FaqEntry
from .base import NO_PROSE_ROLES, Context, Unit, place_finding, short


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


def structure(ctx: Context, *, only: tuple[str, str] | None = None) -> None:
    """Missing sections and FAQ answers; with `only`, just those about one field."""
    snap, rules = ctx.snapshot, ctx.rules

    def wanted(step_id: str, field_id: str) -> bool:
        return only is None or only == (step_id, field_id)

    rule = rules.active("missing-section")
    if rule is not None:
        for slot in snap.press_release:
            if slot.role in rule["roles"] and not slot.text.strip() and wanted(slot.step_id, slot.field_id):
                place_finding(
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
                place_finding(
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
        values = {"label": f"{entry.kind.capitalize()} FAQ {entry.label}", "question": short(entry.question)}
        if not entry.answer.strip():
            if unanswered is not None:
                place_finding(
                    ctx, unanswered, values, stage_id=stage_id, step_id=step_id,
                    field_id=field_id, order=(*entry.order[:3], 1), item=entry, part="answer",
                    excerpt=short(entry.question),
                )
        elif entry.status != "answered" and draft is not None:
            place_finding(
                ctx, draft, values, stage_id=stage_id, step_id=step_id, field_id=field_id,
                order=(*entry.order[:3], 1), item=entry, part="answer",
            )
        if entry.answer.strip() and thin is not None:
            key = ("thin-answer", entry.question, entry.answer)
            problem = rules.memo.get(key)
            if problem is None:  # remembered: this runs on every check, for every answer
                problem = rules.memo[key] = _thin_answer(thin, entry, rules)
            if problem:
                place_finding(
                    ctx, thin,
                    {**values, "problem": problem, "count": reader_word_count(entry.answer),
                     "limit": thin["min_words"]},
                    stage_id=stage_id, step_id=step_id, field_id=field_id,
                    order=(*entry.order[:3], 1), item=entry, part="answer",
                    excerpt=short(entry.answer),
                )
    rule = rules.active("hard-question")
    slot = slots.get("internal")
    if rule is not None and slot is not None and wanted(slot.step_id, slot.field_id):
        internal = [e for e in snap.faq if e.kind == "internal"]
        if internal and not any(rule["keywords"].search(e.question) for e in internal):
            place_finding(
                ctx, rule, {}, stage_id=slot.stage_id, step_id=slot.step_id,
                field_id=slot.field_id, order=slot.order,
            )


def document(ctx: Context, analysed: list[Unit]) -> Stats:
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
            place_finding(
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
                place_finding(
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
        place_finding(
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

