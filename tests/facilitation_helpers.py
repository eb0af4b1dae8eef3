"""Provides shared pieces for the facilitation tests: a fake clock and a small template."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from workshop.model import clock
from workshop.model.template import Field, FieldType, Stage, StageKind, Step, Template

START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=timezone.utc)
"""When every fake clock starts (a Monday morning, UTC)."""


class FakeClock:
    """A clock that only moves when told to; install with `workshop.model.clock.set_clock`."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> datetime:
        """Move time forward and return the new now."""
        self.now += timedelta(seconds=seconds, minutes=minutes, hours=hours)
        return self.now


def install_fake_clock() -> tuple[FakeClock, object]:
    """Install a fresh fake clock; return it and the previous clock function (to restore)."""
    previous = clock._now
    fake = FakeClock()
    clock.set_clock(fake)
    return fake, previous


def restore_clock(previous: object) -> None:
    """Put back the clock function saved by `install_fake_clock`."""
    clock._now = previous  # type: ignore[assignment]


def mini_template() -> Template:
    """A small template with every kind of step the facilitation tools care about."""
    benefit = Step(
        id="benefit",
        title="Most important benefit",
        question="Which benefit matters most?",
        facilitator_notes="Collect silently first.",
        timebox_minutes=10,
        stage_id="problem",
        fields=(
            Field("candidates", "Candidate benefits", FieldType.LIST, required=False),
            Field("benefit", "The benefit", FieldType.TEXT),
        ),
    )
    needs = Step(
        id="needs",
        title="Needs",
        question="What do they need?",
        timebox_minutes=5,
        stage_id="problem",
        fields=(
            Field("context", "Context", FieldType.LONG_TEXT),
            Field("needs", "Needs", FieldType.LIST),
        ),
    )
    story = Step(
        id="story",
        title="Story",
        question="Tell the story.",
        stage_id="problem",
        fields=(Field("story", "Story", FieldType.LONG_TEXT),),
    )
    faq = Step(
        id="faq-customer",
        title="Customer FAQ",
        question="What will customers ask?",
        timebox_minutes=20,
        stage_id="faq",
        fields=(Field("items", "Questions", FieldType.FAQ, faq_kind="customer"),),
    )
    return Template(
        id="mini",
        title="Mini workshop",
        stages=(
            Stage("problem", "Problem", StageKind.QUESTIONS, steps=(benefit, needs, story)),
            Stage("faq", "FAQ", StageKind.FAQ, steps=(faq,)),
        ),
    )
