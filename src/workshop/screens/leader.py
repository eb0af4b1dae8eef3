"""Provides LeaderScreen: after the leader key (leader preset), the keys that may follow and what each does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from .. import keys
from ..keys import keys_text
from ..safe import shown
from .dismiss_once import DismissOnce


@dataclass(frozen=True)
class LeaderChoice:
    """One action the leader key leads to on the screen underneath."""

    key: str
    """The key pressed after the leader (Textual's spelling: "n", "left", "question_mark")."""
    shown_key: str
    """How the key is shown."""
    description: str
    """What the action does."""
    action: str
    """The binding's action."""
    node: DOMNode
    """Where the binding lives (the action runs there)."""


def leader_choices(screen: Screen) -> list[LeaderChoice]:
    """The actions `screen` offers now (focus included) that have a leader key, in key order."""
    app = screen.app
    choices: dict[str, LeaderChoice] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        key = keys.LEADER_KEYS.get(binding.id or "")
        if key is None or key in choices or not active.enabled:
            continue
        shown_key = app.get_key_display(binding.with_key(key, key_display=None)).split()[-1]
        description = binding.description or binding.tooltip or binding.action
        choices[key] = LeaderChoice(key, shown_key, description, binding.action, active.node)
    return sorted(choices.values(), key=lambda choice: (len(choice.key) > 1, choice.key))


class LeaderScreen(DismissOnce, ModalScreen["LeaderChoice | None"]):
    """Waits for the key after the leader; shows what each one does meanwhile.

    A listed key dismisses with its choice (the app runs it on the screen
    underneath); the leader key again or Escape cancels; any other key says
    it leads nowhere and keeps waiting.
    """

    CSS_PATH = Path(__file__).with_name("leader.tcss")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="leader_cancel")]

    def __init__(self, choices: list[LeaderChoice], leader: str) -> None:
        super().__init__()
        self.choices = {choice.key: choice for choice in choices}
        """Key -> the action it runs."""
        self.leader = leader
        """How the leader key is shown."""

    def compose(self) -> ComposeResult:
        with Vertical(id="leader-box"):
            yield Static(f"{self.leader} … then", id="leader-title", markup=False)
            yield Static(self._table(), id="leader-keys")
            yield Static(keys_text(self, "{leader_cancel}: cancel"), id="leader-hint", markup=False)

    def _table(self) -> Text:
        """The keys and what they do, in as many columns as the screen's height needs."""
        choices = list(self.choices.values())
        rows = max(4, self.app.size.height - 8)
        columns = [choices[start : start + rows] for start in range(0, len(choices), rows)]
        widths = [max((len(shown(c.description)) for c in column), default=0) for column in columns]
        table = Text()
        for row in range(min(rows, len(choices))):
            if row:
                table.append("\n")
            for number, column in enumerate(columns):
                if row >= len(column):
                    continue
                choice = column[row]
                table.append(("   " if number else "") + f"{choice.shown_key:>3} ", style="bold")
                description = shown(choice.description)
                pad = widths[number] - len(description) if number < len(columns) - 1 else 0
                table.append(description + " " * pad)
        return table

    def action_cancel(self) -> None:
        """Back without running anything."""
        self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        choice = self.choices.get(event.key)
        if choice is None and event.key in self.active_bindings:
            return  # cancel (and the app's keys) run as bindings
        event.stop()
        event.prevent_default()
        if choice is not None:
            self.dismiss(choice)
        else:
            self.app.bell()
            self.notify(
                f"{self.leader} {event.key} does nothing here; the box lists the keys.",
                title="No such key",
                severity="warning",
                timeout=4,
            )
