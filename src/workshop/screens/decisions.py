"""Provides DecisionLogScreen and DecisionDialog: record what was decided, by whom, which door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Select, Static

from ..dispatch import Change
from ..keys import keys_text
from ..model import clock
from ..model import operations as ops
from ..model.facilitation import Decision
from ..model.live import clean_line
from ..model.text import normalise
from ..widgets.decisions import DecisionTable
from ..widgets.entry import EntryInput
from .dismiss_once import DismissOnce
from .record_log import RecordLogScreen


@dataclass(frozen=True)
class DecisionForm:
    """What the decision dialog returns."""

    what: str
    """What was decided."""
    door: str
    """`one-way` or `two-way`."""
    owner: str
    """Who owns it."""
    on: date
    """The day it was decided."""
    why: str = ""
    """Why it was decided (may be empty)."""


def decision_op(form: DecisionForm, step_id: str, *, actor: str = "") -> ops.AddDecision:
    """The operation that logs the decision of `form` (made on step `step_id`)."""
    decision = Decision(what=normalise(form.what).strip(), why=normalise(form.why).strip(), door=form.door,
                        owner=clean_line(form.owner), step=step_id)
    if form.on is not None:
        decision.date = form.on
    return ops.AddDecision(decision=decision.to_dict(), actor=actor)


def replace_op(decision: Decision, form: DecisionForm, *, actor: str = "") -> ops.ReplaceDecision:
    """The operation that gives `decision` what `form` says (its id, step and unknown keys stay)."""
    changed = dict(decision.to_dict(), what=normalise(form.what).strip(),
                   door=form.door, owner=clean_line(form.owner))
    changed.pop("why", None)
    if form.why.strip():
        changed["why"] = normalise(form.why).strip()
    if form.on is not None:
        changed["date"] = form.on
    return ops.ReplaceDecision(decision=changed, actor=actor)


class DecisionDialog(DismissOnce, ModalScreen["DecisionForm | None"]):
    """A form for one decision; Enter in any box saves, Esc cancels."""

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="decision_cancel")]

    def __init__(self, names: list[str], decision: Decision | None = None) -> None:
        """Create the form.

        Args:
            names: The roster (suggested as owners).
            decision: The decision to edit, or None for a new one.
        """
        super().__init__()
        self.names = names
        """Owner suggestions."""
        self.decision = decision
        """The decision being edited (None: a new one)."""

    def compose(self) -> ComposeResult:
        d = self.decision
        today = clock.now().astimezone().date()
        with Vertical(id="decision-box", classes="fac-dialog"):
            yield Static(
                "Edit decision" if d else "Log a decision", classes="fac-dialog-title"
            )
            yield Label("What was decided?")
            yield EntryInput(d.what.replace("\n", " ") if d else "", id="decision-what",
                             placeholder="e.g. Launch in one city first")
            yield Label("Why?")
            yield EntryInput(d.why.replace("\n", " ") if d else "", id="decision-why",
                             placeholder="e.g. we can only support one city's riders at first")
            with Horizontal(classes="fac-row"):
                with Vertical():
                    yield Label("Door")
                    yield Select(
                        [
                            ("Two-way door (easy to undo)", "two-way"),
                            ("One-way door (hard to undo)", "one-way"),
                        ],
                        value=d.door if d else "two-way",
                        allow_blank=False,
                        id="decision-door",
                    )
                with Vertical():
                    yield Label("Owner")
                    yield EntryInput(
                        d.owner if d else "",
                        id="decision-owner",
                        placeholder="Single-threaded leader",
                        suggester=SuggestFromList(self.names, case_sensitive=False),
                    )
                with Vertical(classes="fac-narrow"):
                    yield Label("Date")
                    yield EntryInput(
                        (d.date if d else today).isoformat(), id="decision-date",
                        placeholder="YYYY-MM-DD",
                    )
            yield Label("", id="decision-error", classes="fac-error", markup=False)
            yield Static(keys_text(self, "Enter: save · Tab: next box · {decision_cancel}: cancel"), classes="fac-keys")

    def on_mount(self) -> None:
        self.query_one("#decision-what", Input).focus()

    def _fail(self, message: str, focus: str) -> None:
        error = self.query_one("#decision-error", Label)
        error.update(message)
        error.add_class("-shown")
        self.query_one(focus).focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        what = self.query_one("#decision-what", Input).value.strip()
        if not what:
            self._fail("Write what was decided.", "#decision-what")
            return
        raw_date = self.query_one("#decision-date", Input).value.strip()
        try:
            on_day = date.fromisoformat(raw_date)
        except ValueError:
            self._fail(f"“{raw_date}” is not a date; use YYYY-MM-DD, e.g. 2026-03-02.", "#decision-date")
            return
        door = self.query_one("#decision-door", Select).value
        self.dismiss(
            DecisionForm(
                what=what,
                door=str(door),
                owner=" ".join(self.query_one("#decision-owner", Input).value.split()),
                on=on_day,
                why=self.query_one("#decision-why", Input).value.strip(),
            )
        )

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class DecisionLogScreen(RecordLogScreen):
    """The decision log: `a` adds, Enter/`e` edits, `d` deletes (`u` undoes), Esc goes back."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="decisions_close"),
        Binding("a,insert", "add", "Add", id="decisions_add"),
        Binding("e,f2", "edit", "Edit", id="decisions_edit"),
        Binding("d,delete", "delete", "Delete", id="decisions_delete"),
        Binding("u", "undo", "Undo", id="decisions_undo", tooltip="Undo the last change"),
    ]
    OWN = (ops.AddDecision, ops.ReplaceDecision, ops.DeleteDecision)

    HEADING = "Decision log"
    HINT = (
        "One-way doors are hard to walk back: decide those slowly. "
        "{decisions_add}: add · Enter: edit · {decisions_delete}: delete · {decisions_undo}: undo"
        " · {decisions_close}: back"
    )
    EMPTY = "No decisions logged yet."
    TABLE = DecisionTable
    TABLE_ID = "decision-table"

    def action_add(self) -> None:
        """Log a new decision."""

        def added(form: DecisionForm | None) -> None:
            if form is not None:
                op = decision_op(form, self.step_id, actor=self.live.contributor)
                self._submit(op)
                self._changed(str(op.decision["id"]))

        self.app.push_screen(DecisionDialog(list(self.live.participants)), added)

    @on(DataTable.RowSelected, "#decision-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Edit the decision under the cursor."""
        decision_id = self.table.selected_id()
        decision = self.live.find_decision(decision_id) if decision_id else None
        if decision is None:
            return

        def edited(form: DecisionForm | None) -> None:
            if form is not None:
                self._submit(replace_op(decision, form, actor=self.live.contributor))
                self._changed(decision.id)

        self.app.push_screen(DecisionDialog(list(self.live.participants), decision), edited)

    def action_delete(self) -> None:
        """Delete the decision under the cursor (u brings it back)."""
        decision_id = self.table.selected_id()
        if not decision_id:
            return
        if self._submit(ops.DeleteDecision(decision_id, actor=self.live.contributor)) is None:
            return
        self._changed()
        self.notify(f"Decision deleted. Press {self.key('undo', 'ctrl+z')} to undo.", title="Deleted")

    def _undone(self, change: Change) -> None:
        op = change.op
        select = getattr(op, "decision_id", "") or (
            str(op.decision.get("id", "")) if isinstance(op, (ops.AddDecision, ops.ReplaceDecision))
            else ""
        )
        self._changed(select if self.live.find_decision(select) else None)
