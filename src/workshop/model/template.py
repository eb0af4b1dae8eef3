"""Provides the workshop template: stages, steps and the fields a step asks for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterator


class FieldType(str, Enum):
    """The kinds of answer a step can ask for."""

    TEXT = "text"
    """A short, single-line answer."""
    LONG_TEXT = "long_text"
    """A multi-line answer (Markdown allowed)."""
    LIST = "list"
    """A list of short items, one per line."""
    FAQ = "faq"
    """A list of FAQ items (question, answer) of one kind."""


class StageKind(str, Enum):
    """How a stage is laid out in the export."""

    QUESTIONS = "questions"
    """Plain question/answer steps."""
    PRESS_RELEASE = "press_release"
    """Fields assemble into a press release (see `PR_ROLES`)."""
    FAQ = "faq"
    """Steps hold FAQ lists."""


PR_ROLES: tuple[str, ...] = (
    "headline",
    "subheading",
    "city",
    "date",
    "summary",
    "problem",
    "solution",
    "leader_quote",
    "how_it_works",
    "customer_quote",
    "call_to_action",
)
"""The press-release sections, in the order a press release presents them."""

FAQ_KINDS: tuple[str, ...] = ("customer", "internal")
"""The two kinds of FAQ item."""


@dataclass(frozen=True)
class Field:
    """One answer box of a step."""

    id: str
    """Identifier, unique within its step."""
    label: str
    """Short label shown beside the input."""
    type: FieldType = FieldType.LONG_TEXT
    """What kind of answer it takes."""
    placeholder: str = ""
    """Hint shown in an empty input."""
    role: str = ""
    """For press-release fields: which section it is (one of `PR_ROLES`)."""
    faq_kind: str = ""
    """For FAQ fields: `customer` or `internal`."""
    suggestions: tuple[str, ...] = ()
    """For FAQ and list fields: starter items the user can add with one key."""
    required: bool = True
    """Whether the step counts as answered only when this field is filled."""


@dataclass(frozen=True)
class Step:
    """One question of the workshop."""

    id: str
    """Identifier, unique within the template; sessions key answers by it."""
    title: str
    """Short title shown in the navigator."""
    question: str
    """The question the step asks, shown prominently."""
    guidance: str = ""
    """Why it matters and how to answer well."""
    example: str = ""
    """A worked example answer."""
    facilitator_notes: str = ""
    """Notes for the person running the session."""
    timebox_minutes: int = 0
    """Suggested time for the step (0 = none)."""
    checklist: tuple[str, ...] = ()
    """Things to check before moving on."""
    optional: bool = False
    """Optional steps do not count towards progress."""
    decision_log: bool = False
    """The step shows and edits the session's decision log (the Decisions step)."""
    hints: tuple[str, ...] = ()
    """Practice mode: hints that unfold one at a time."""
    weak_answer: str = ""
    """Practice mode: a weak answer to the same question."""
    strong_answer: str = ""
    """Practice mode: a strong answer to the same question."""
    why_strong: str = ""
    """Practice mode: one line on why the strong answer is better."""
    fields: tuple[Field, ...] = ()
    """The answer boxes."""
    stage_id: str = ""
    """Id of the stage the step belongs to (filled in by the loader)."""

    def field(self, field_id: str) -> Field | None:
        """Return the field with `field_id`, or None."""
        for item in self.fields:
            if item.id == field_id:
                return item
        return None


@dataclass(frozen=True)
class Stage:
    """A group of steps (Customer, Problem, Press release…)."""

    id: str
    """Identifier, unique within the template."""
    title: str
    """Heading used in the navigator and the export."""
    kind: StageKind = StageKind.QUESTIONS
    """How the stage is exported."""
    intro: str = ""
    """One or two sentences on what the stage is for."""
    steps: tuple[Step, ...] = ()
    """The stage's steps, in order."""


@dataclass(frozen=True)
class Template:
    """A whole workshop: an ordered list of stages."""

    id: str
    """Identifier used by sessions (`template = "…"`)."""
    title: str
    """Human title."""
    version: int = 1
    """Bumped when steps change meaning."""
    description: str = ""
    """What the workshop is for."""
    stages: tuple[Stage, ...] = ()
    """The stages, in order."""
    source: str = ""
    """Where the template was loaded from (`built-in`, `user` or a path)."""
    path: str = ""
    """The file it was loaded from."""

    @property
    def steps(self) -> list[Step]:
        """All steps in order."""
        return [step for stage in self.stages for step in stage.steps]

    def iter_steps(self) -> Iterator[tuple[Stage, Step]]:
        """Yield `(stage, step)` pairs in order."""
        for stage in self.stages:
            for step in stage.steps:
                yield stage, step

    def step(self, step_id: str) -> Step | None:
        """Return the step with `step_id`, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def stage_of(self, step_id: str) -> Stage | None:
        """Return the stage that holds `step_id`, or None."""
        for stage, step in self.iter_steps():
            if step.id == step_id:
                return stage
        return None

    def step_index(self, step_id: str) -> int:
        """Return the position of `step_id` among all steps (-1 if absent)."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        return -1

    def faq_suggestions(self, kind: str) -> list[str]:
        """Starter questions for FAQ items of `kind`."""
        found: list[str] = []
        for step in self.steps:
            for item in step.fields:
                if item.type is FieldType.FAQ and item.faq_kind == kind:
                    found.extend(item.suggestions)
        return found
