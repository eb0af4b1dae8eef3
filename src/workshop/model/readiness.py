"""Provides Readiness: which of the template's checklist items the team has ticked.

Each step of a template can carry a checklist ("Before you move on"). The
readiness view lists them per stage, beside the writing checks; the ticks
are kept in the session file as

    [readiness.ticked]
    customer-who = ["Names a group you could find and interview"]

keyed by step id, holding the ticked items' text (so a reordered checklist
keeps its ticks, and a reworded item simply shows unticked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import base
from .template import Stage, Step


@dataclass
class Readiness:
    """The ticked checklist items of a session."""

    ticked: dict[str, list[str]] = field(default_factory=dict)
    """Step id -> the text of each ticked checklist item, in the order they were ticked."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys of the `[readiness]` table this version does not know, kept on save."""

    def is_ticked(self, step_id: str, item: str) -> bool:
        """True when `item` of step `step_id` is ticked."""
        return item in self.ticked.get(step_id, ())

    def set_ticked(self, step_id: str, item: str, ticked: bool) -> bool:
        """Tick or untick one item; return True if it changed."""
        items = self.ticked.get(step_id, [])
        if (item in items) == ticked:
            return False
        if ticked:
            self.ticked[step_id] = [*items, item]
        else:
            kept = [text for text in items if text != item]
            if kept:
                self.ticked[step_id] = kept
            else:
                self.ticked.pop(step_id, None)
        return True

    def count(self, stage: Stage) -> tuple[int, int]:
        """Return `(ticked, total)` over the checklist items of `stage`'s steps."""
        items = stage_checklist(stage)
        return sum(1 for step, item in items if self.is_ticked(step.id, item)), len(items)

    def to_dict(self) -> dict[str, Any]:
        """Return `{"readiness": {...}}` for the session's top level ({} when empty)."""
        table: dict[str, Any] = {}
        ticked = {step: list(items) for step, items in self.ticked.items() if items}
        if ticked:
            table["ticked"] = ticked
        table.update(self.extra)
        return {"readiness": table} if table else {}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Readiness":
        """Pop `readiness` from loaded session data and build it.

        Raises:
            SessionDataError: naming the offending key (`readiness.ticked.pr-summary[1]`).
        """
        table = base.table(data.pop("readiness", {}), "readiness")
        raw = base.table(table.pop("ticked", {}), "readiness.ticked")
        ticked: dict[str, list[str]] = {}
        for step_id, items in raw.items():
            key = f"readiness.ticked.{step_id}"
            if not isinstance(items, list):
                raise base.fail(key, f"expected a list of checklist items, got {base.type_name(items)}")
            ticked[str(step_id)] = [base.text(item, f"{key}[{i}]") for i, item in enumerate(items)]
        return cls(ticked=ticked, extra=table)


def stage_checklist(stage: Stage) -> list[tuple[Step, str]]:
    """The checklist items of a stage's steps, in order, as `(step, item)`."""
    return [(step, item) for step in stage.steps for item in step.checklist]


def tick(session: Any, step_id: str, item: str, ticked: bool = True) -> bool:
    """Tick or untick a checklist item of `session`; mark the session changed. Return True if it changed."""
    changed = session.readiness.set_ticked(step_id, item, ticked)
    if changed:
        session.touch()
    return changed
