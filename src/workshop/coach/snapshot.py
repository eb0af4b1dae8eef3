"""Provides Snapshot: an immutable copy of the texts the checks read, taken from a session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..model.session import Session
from ..model.template import FAQ_KINDS, FieldType, StageKind, Template
from .dismissed import dismissed_fingerprints


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One piece of text to check: a field's answer, or an FAQ question or answer."""

    scope: str
    """`press_release`, `customer_faq`, `internal_faq` or `answers`."""
    stage_id: str
    """The stage of the step."""
    step_id: str
    """The step (for FAQ items: the template step holding that kind of FAQ)."""
    field_id: str
    """The field (for FAQ items: the FAQ field)."""
    text: str
    """The text (a list field's items joined by newlines: line N is item N)."""
    label: str = ""
    """The field's label (or `Q3 question`)."""
    role: str = ""
    """The press-release role, when the field has one."""
    is_list: bool = False
    """True for list fields and one-line fields: every line is its own block."""
    item_id: str = ""
    """For FAQ items: the item's id."""
    item_label: str = ""
    """For FAQ items: `Q3`, its number among items of its kind."""
    part: str = ""
    """For FAQ items: `question` or `answer`."""
    order: tuple[int, int, int, int] = (0, 0, 0, 0)
    """Sort key: step, field, FAQ item and part positions."""


@dataclass(frozen=True, slots=True)
class PressReleaseSlot:
    """A press-release field of the template and its current text."""

    role: str
    """Which section (see model.template.PR_ROLES)."""
    stage_id: str
    """Where the field is: stage…"""
    step_id: str
    """…step…"""
    field_id: str
    """…and field."""
    label: str
    """The field's label, used to name the section in messages."""
    text: str
    """The answer ("" when empty)."""
    order: tuple[int, int, int, int]
    """Sort key of the field."""


@dataclass(frozen=True, slots=True)
class FaqSlot:
    """A template field that holds FAQ items of one kind."""

    kind: str
    """`customer` or `internal`."""
    stage_id: str
    """Where the field is: stage…"""
    step_id: str
    """…step…"""
    field_id: str
    """…and field."""
    label: str
    """The field's label."""
    required: bool
    """Whether the template requires the FAQ (missing-faq is reported only then)."""
    order: tuple[int, int, int, int]
    """Sort key of the field."""


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One FAQ item, copied."""

    id: str
    """The item's stable id."""
    kind: str
    """`customer` or `internal`."""
    label: str
    """`Q3`: its number among items of its kind, as in the export."""
    question: str
    """The question."""
    answer: str
    """The answer ("" when unanswered)."""
    status: str
    """`open` or `answered`."""
    order: tuple[int, int, int, int]
    """Sort key of the item."""


@dataclass(frozen=True)
class Snapshot:
    """Everything the checks read, copied out of a session so a worker can check it safely.

    Take it on the thread that owns the session (it is quick: it copies
    strings), then hand it to `check_snapshot` in a worker.
    """

    title: str
    """The session's title."""
    units: tuple[TextUnit, ...] = ()
    """Every non-empty text, in template order (FAQ items last within their step)."""
    press_release: tuple[PressReleaseSlot, ...] = ()
    """Every press-release field of the template, empty ones too."""
    press_release_stage: tuple[str, str] | None = None
    """`(stage id, first step id)` of the press-release stage, if the template has one."""
    faq_slots: tuple[FaqSlot, ...] = ()
    """The template's FAQ fields."""
    faq: tuple[FaqEntry, ...] = ()
    """The session's FAQ items, in order."""
    faq_stage: tuple[str, str] | None = None
    """`(stage id, first step id)` of the first FAQ stage, if the template has one."""
    dismissed: frozenset[str] = frozenset()
    """Fingerprints of dismissed findings."""
    step_order: Mapping[str, int] = field(default_factory=dict)
    """Position of each step id."""


def _scope_of_faq(kind: str) -> str:
    return f"{kind}_faq"


def take_snapshot(session: Session, template: Template) -> Snapshot:
    """Copy the texts the checks need out of `session`, in template order."""
    units: list[TextUnit] = []
    pr_slots: list[PressReleaseSlot] = []
    faq_slots: list[FaqSlot] = []
    pr_stage: tuple[str, str] | None = None
    faq_stage: tuple[str, str] | None = None
    step_order: dict[str, int] = {}
    for s_index, (stage, step) in enumerate(template.iter_steps()):
        step_order[step.id] = s_index
        if stage.kind is StageKind.PRESS_RELEASE and pr_stage is None:
            pr_stage = (stage.id, step.id)
        if stage.kind is StageKind.FAQ and faq_stage is None:
            faq_stage = (stage.id, step.id)
        for f_index, item in enumerate(step.fields):
            order = (s_index, f_index, 0, 0)
            if item.type is FieldType.FAQ:
                faq_slots.append(
                    FaqSlot(item.faq_kind, stage.id, step.id, item.id, item.label, item.required, order)
                )
                continue
            text = session.get_text(step.id, item.id)
            in_pr = stage.kind is StageKind.PRESS_RELEASE and bool(item.role)
            if in_pr:
                pr_slots.append(
                    PressReleaseSlot(item.role, stage.id, step.id, item.id, item.label, text, order)
                )
            if not text.strip():
                continue
            units.append(
                TextUnit(
                    scope="press_release" if in_pr else "answers",
                    stage_id=stage.id,
                    step_id=step.id,
                    field_id=item.id,
                    text=text,
                    label=item.label,
                    role=item.role if in_pr else "",
                    is_list=item.type in (FieldType.LIST, FieldType.TEXT),
                    order=order,
                )
            )
    slot_by_kind: dict[str, FaqSlot] = {}
    for slot in faq_slots:
        slot_by_kind.setdefault(slot.kind, slot)
    entries: list[FaqEntry] = []
    numbers = dict.fromkeys(FAQ_KINDS, 0)
    for i_index, faq in enumerate(list(session.faq)):
        numbers[faq.kind] = numbers.get(faq.kind, 0) + 1
        label = f"Q{numbers[faq.kind]}"
        slot = slot_by_kind.get(faq.kind)
        base = slot.order if slot else (len(step_order), 0, 0, 0)
        stage_id, step_id, field_id = (
            (slot.stage_id, slot.step_id, slot.field_id) if slot else ("", f"faq-{faq.kind}", "items")
        )
        order = (base[0], base[1], i_index + 1, 0)
        entry = FaqEntry(faq.id, faq.kind, label, faq.question, faq.answer, faq.status, order)
        entries.append(entry)
        for p_index, (part, text) in enumerate((("question", faq.question), ("answer", faq.answer))):
            if not text.strip():
                continue
            units.append(
                TextUnit(
                    scope=_scope_of_faq(faq.kind),
                    stage_id=stage_id,
                    step_id=step_id,
                    field_id=field_id,
                    text=text,
                    label=f"{label} {part}",
                    is_list=part == "question",
                    item_id=faq.id,
                    item_label=label,
                    part=part,
                    order=(order[0], order[1], order[2], p_index),
                )
            )
    return Snapshot(
        title=session.title,
        units=tuple(units),
        press_release=tuple(pr_slots),
        press_release_stage=pr_stage,
        faq_slots=tuple(faq_slots),
        faq=tuple(entries),
        faq_stage=faq_stage,
        dismissed=dismissed_fingerprints(session),
        step_order=step_order,
    )
