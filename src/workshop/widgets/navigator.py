"""Provides StepNavigator: the list of stages and steps with a progress mark per step."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..model.template import Template
from .findings import SEVERITY_MARKS
from .paging import SafeOptionList
from .safe_text import shown

MARKS: dict[str, tuple[str, str]] = {
    "not_started": ("○", "$text-muted"),
    "in_progress": ("◐", "$text-warning"),
    "answered": ("●", "$text-success"),
}
"""Status -> (symbol, style) shown before each step title."""

STATUS_WORDS: dict[str, str] = {
    "not_started": "not started",
    "in_progress": "in progress",
    "answered": "answered",
}
"""Status -> words (for tooltips and tests)."""


class StepNavigator(SafeOptionList):
    """Stages and their steps; Enter or a click asks the screen to jump there.

    Stage rows jump to the stage's first step. The screen sets the marks
    (`set_status`) and the current step (`current`); the navigator never
    touches the session.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    BINDINGS = [
        Binding("escape", "leave", "Back to answer", id="navigator_leave"),
    ]

    @dataclass
    class JumpRequested(Message):
        """The user picked a step (or a stage's first step)."""

        navigator: "StepNavigator"
        """The navigator that sent the message."""
        step_id: str
        """The step to show."""

        @property
        def control(self) -> "StepNavigator":
            """The navigator that sent the message."""
            return self.navigator

    @dataclass
    class LeaveRequested(Message):
        """The user pressed Escape: focus should go back to the step."""

        navigator: "StepNavigator"
        """The navigator that sent the message."""

    def __init__(
        self,
        template: Template,
        statuses: dict[str, str] | None = None,
        current: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the navigator.

        Args:
            template: The workshop whose stages and steps are listed.
            statuses: Step id -> `not_started` / `in_progress` / `answered`.
            current: The step shown now.
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes, markup=False)
        self.template = template
        """The workshop listed."""
        self.statuses: dict[str, str] = dict(statuses or {})
        """Step id -> status (set through `set_status`)."""
        self.current = current
        """The step shown now (set through `set_current`)."""
        self.finding_badges: dict[str, tuple[int, str]] = {}
        """Step id -> (writing-coach findings, worst severity), set through `set_badges`."""
        self.comment_badges: dict[str, int] = {}
        """Step or stage id -> open review comments, set through `set_badges`."""
        self.visited: set[str] = {current} if current else set()
        """Steps visited: only these, and steps with text, show the coach's marks (`set_visited`)."""
        self.all_marks = False
        """True once the facilitator asked for the readiness view: every step shows its marks."""
        self._first_step: dict[str, str] = {}
        options: list[Option] = []
        for stage in template.stages:
            if not stage.steps:
                continue
            self._first_step[stage.id] = stage.steps[0].id
            options.append(Option(self._stage_prompt(stage.title), id=f"stage:{stage.id}"))
            for step in stage.steps:
                options.append(Option(self._step_prompt(step.id), id=f"step:{step.id}"))
        self.add_options(options)
        self.border_title = "Steps"

    # ------------------------------------------------------------ prompts
    @staticmethod
    def _stage_prompt(title: str) -> Content:
        return Content.styled(shown(title), "bold $text-accent")

    def _step_prompt(self, step_id: str) -> Content:
        step = self.template.step(step_id)
        title = shown(step.title if step else step_id)
        symbol, style = MARKS[self.statuses.get(step_id, "not_started")]
        pointer = "▶ " if step_id == self.current else "  "
        body = Content.styled(title, "bold reverse" if step_id == self.current else "")
        return Content.assemble(
            (pointer, "bold $text-accent"),
            (symbol + " ", style),
            body,
            *self._badges(step_id),
        )

    def _badges(self, row_id: str) -> list[tuple[str, str]]:
        """` ▲3 ✎1`: findings (worst severity's symbol) and open comments of a row."""
        parts: list[tuple[str, str]] = []
        count, worst = self.finding_badges.get(row_id, (0, ""))
        if count and self.marks_shown(row_id):
            symbol, style = SEVERITY_MARKS.get(worst, ("!", ""))
            parts.append((f" {symbol}{count}", style))
        comments = self.comment_badges.get(row_id, 0)
        if comments:
            parts.append((f" ✎{comments}", "$text-accent"))
        return parts

    def set_badges(
        self, findings: dict[str, tuple[int, str]], comments: dict[str, int]
    ) -> None:
        """Show the coach's findings and open comments per row (only changed rows repaint).

        Args:
            findings: Step id -> (number of findings, worst severity).
            comments: Step or stage id -> open comments.
        """
        rows = set(findings) | set(self.finding_badges) | set(comments) | set(self.comment_badges)
        changed = [
            row
            for row in rows
            if findings.get(row) != self.finding_badges.get(row)
            or comments.get(row, 0) != self.comment_badges.get(row, 0)
        ]
        self.finding_badges = dict(findings)
        self.comment_badges = dict(comments)
        titles = {stage.id: stage.title for stage in self.template.stages}
        for row in changed:
            if row in self._first_step:
                try:
                    self.replace_option_prompt(
                        f"stage:{row}",
                        Content.assemble(self._stage_prompt(titles[row]), *self._badges(row)),
                    )
                except Exception:  # noqa: BLE001 - an unknown row simply has none
                    pass
            elif row:
                self._refresh_step(row)

    def marks_shown(self, step_id: str) -> bool:
        """Whether `step_id`'s coach marks show: visited, has text, or the readiness view was asked for.

        A new session would otherwise greet the room with a red mark on every
        step nobody has reached yet.
        """
        return (
            self.all_marks
            or step_id in self.visited
            or self.statuses.get(step_id, "not_started") != "not_started"
        )

    def set_visited(self, steps: set[str]) -> None:
        """Add `steps` to the visited ones (repaints the rows that changed)."""
        for step_id in set(steps) - self.visited:
            self.visited.add(step_id)
            self._refresh_step(step_id)

    def show_all_marks(self) -> None:
        """Show every step's marks from now on (the facilitator opened the readiness view)."""
        if not self.all_marks:
            self.all_marks = True
            for step_id in self.finding_badges:
                self._refresh_step(step_id)

    # ------------------------------------------------------------ updates
    def set_status(self, step_id: str, status: str) -> None:
        """Show `status` for `step_id` (only repaints when it changed)."""
        if self.statuses.get(step_id) == status:
            return
        self.statuses[step_id] = status
        self._refresh_step(step_id)

    def set_current(self, step_id: str) -> None:
        """Mark `step_id` as the step shown now and move the highlight there."""
        previous, self.current = self.current, step_id
        self.visited.add(step_id)
        if previous and previous != step_id:
            self._refresh_step(previous)
        self._refresh_step(step_id)
        try:
            self.highlighted = self.get_option_index(f"step:{step_id}")
        except Exception:  # noqa: BLE001 - an unknown step simply has no row
            return

    def _refresh_step(self, step_id: str) -> None:
        try:
            self.replace_option_prompt(f"step:{step_id}", self._step_prompt(step_id))
        except Exception:  # noqa: BLE001 - an unknown step simply has no row
            pass

    def status_of(self, step_id: str) -> str:
        """Return the status shown for `step_id`."""
        return self.statuses.get(step_id, "not_started")

    # ------------------------------------------------------------ events
    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        kind, _, ident = option_id.partition(":")
        step_id = self._first_step.get(ident, "") if kind == "stage" else ident
        if step_id:
            self.post_message(self.JumpRequested(self, step_id))

    def action_leave(self) -> None:
        """Ask the screen to put focus back on the step."""
        self.post_message(self.LeaveRequested(self))
