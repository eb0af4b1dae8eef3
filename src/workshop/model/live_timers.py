"""Provides the step timers' changes while facilitating, and the agenda (planned vs actual time).

`LiveSession` hands its timer methods over to these functions; each takes
the session (whose `facilitation.timers` it reads or changes) and the
template (for each step's timebox), and every change marks the session
changed (`Session.touch`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import clock
from .session import Session
from .template import Template
from .timer import StepTimer


@dataclass(frozen=True)
class AgendaRow:
    """One step of the agenda: planned vs actual time."""

    step_id: str
    """The step."""
    title: str
    """The step's title (its id when the template lacks it)."""
    stage: str
    """The stage's title (empty when unknown)."""
    planned: int
    """Seconds planned (0 = no timebox)."""
    actual: int
    """Seconds the step's timer ran."""
    running: bool
    """True while its timer runs."""

    @property
    def over(self) -> int:
        """Seconds spent beyond the plan (0 when within it or unplanned)."""
        return max(0, self.actual - self.planned) if self.planned else 0


def planned_default(template: Template | None, step_id: str) -> int:
    """The template's timebox for a step, in seconds (0 = none)."""
    step = template.step(step_id) if template else None
    return step.timebox_minutes * 60 if step else 0


def kept_timer(session: Session, template: Template | None, step_id: str) -> StepTimer:
    """The step's saved timer, made (at the template default) and kept if it has none yet."""
    timers = session.facilitation.timers
    if step_id not in timers:
        timers[step_id] = StepTimer(planned=planned_default(template, step_id))
    return timers[step_id]


def start_timer(session: Session, template: Template | None, step_id: str, now: datetime | None = None) -> bool:
    """Start or resume a step's timer (any other running timer pauses). False if running."""
    now = now or clock.now()
    for other_id, other in session.facilitation.timers.items():
        if other_id != step_id:
            other.pause(now)
    started = kept_timer(session, template, step_id).start(now)
    session.touch()
    return started


def pause_timer(session: Session, step_id: str, now: datetime | None = None) -> bool:
    """Pause a step's timer. Return False if it wasn't running."""
    timer = session.facilitation.timers.get(step_id)
    if timer is None or not timer.pause(now):
        return False
    session.touch()
    return True


def add_minute(session: Session, template: Template | None, step_id: str, now: datetime | None = None) -> None:
    """Give the group one more minute on a step."""
    kept_timer(session, template, step_id).add_minute(now)
    session.touch()


def reset_timer(session: Session, template: Template | None, step_id: str, now: datetime | None = None) -> None:
    """Stop and restore the step's template timebox (time spent stays recorded)."""
    kept_timer(session, template, step_id).reset(planned_default(template, step_id), now)
    session.touch()


def set_planned(session: Session, template: Template | None, step_id: str, seconds: int) -> None:
    """Change a step's timebox."""
    kept_timer(session, template, step_id).set_planned(seconds)
    session.touch()


def follow(
    session: Session, template: Template | None, old_step: str, new_step: str, now: datetime | None = None
) -> bool:
    """Hand a running clock over when the group moves from `old_step` to `new_step`.

    The old step's timer pauses (recording the time spent) and the new
    step's starts, so time is booked to whichever step is on screen and
    moving on is never blocked. Return True if a clock was handed over.
    """
    if old_step == new_step:
        return False
    timers = session.facilitation.timers
    old = timers.get(old_step)
    if old is None or not old.running:
        return False
    now = now or clock.now()
    old.pause(now)
    if not old.touched and old.planned == planned_default(template, old_step):
        del timers[old_step]  # only passed through: nothing worth keeping
    if new_step:
        kept_timer(session, template, new_step).start(now)
    session.touch()
    return True


def settle_timers(session: Session, now: datetime | None = None) -> list[str]:
    """Stop timers left running for hours (see `StepTimer.settle`); return their steps."""
    stopped = [s for s, timer in session.facilitation.timers.items() if timer.settle(now)]
    if stopped:
        session.touch()
    return stopped


def agenda(session: Session, template: Template | None, now: datetime | None = None) -> list[AgendaRow]:
    """Planned vs actual time for every step (template order, then unknown steps)."""
    now = now or clock.now()
    timers = session.facilitation.timers
    rows: list[AgendaRow] = []
    seen: set[str] = set()
    if template is not None:
        for stage, step in template.iter_steps():
            seen.add(step.id)
            found = timers.get(step.id)
            timer = found if found is not None else StepTimer(planned=planned_default(template, step.id))
            rows.append(AgendaRow(step.id, step.title, stage.title, timer.planned, timer.spent_at(now), timer.running))
    for step_id, timer in timers.items():
        if step_id not in seen:
            rows.append(AgendaRow(step_id, step_id, "", timer.planned, timer.spent_at(now), timer.running))
    return rows
