"""Provides QuestionList: an FAQ's questions, one row each (number, state mark, question), its keys sent as messages.

The list's keys (answered, delete, undo, move) act on the highlighted
question; the list only says what was asked (`ToggleRequested`,
`DeleteRequested`, `UndoRequested`, `MoveRequested`) and its `FaqPanel`
(widgets/faq_list.py), which knows the items, acts on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from ..model.session import FaqItem
from .paging import SafeOptionList
from .safe_text import shown

MARKS: dict[str, tuple[str, str]] = {
    "unanswered": ("○", "bold $text-warning"),
    "draft": ("✎", "bold $text-primary"),
    "answered": ("✓", "bold $text-success"),
}
"""Item state -> (symbol, style) shown before each question."""


def item_state(item: FaqItem) -> str:
    """Return `answered`, `draft` (answer typed, not marked) or `unanswered`."""
    if item.answered:
        return "answered"
    if item.answer.strip():
        return "draft"
    return "unanswered"


def item_prompt(number: int, item: FaqItem) -> Content:
    """The list row for an item: number, state mark and the question, shown literally."""
    symbol, style = MARKS[item_state(item)]
    question = Content(shown(item.question))
    if not item.answered:
        question = question.stylize("bold")
    return Content.assemble((f"{number:>2}. ", "$text-muted"), (symbol + " ", style), question)


class QuestionList(SafeOptionList):
    """The FAQ questions; keys act on the highlighted one."""

    BINDINGS = [
        Binding("enter", "select", "Answer", id="faq_answer", show=True),
        Binding("space", "toggle_answered", "Answered", id="faq_toggle_answered", show=False),
        Binding("delete,d", "delete", "Delete", id="faq_delete"),
        Binding("u", "undo", "Undo", id="faq_undo", tooltip="Undo the last change"),
        Binding("shift+up,alt+up", "move(-1)", "Up", id="faq_move_up",
                tooltip="Move the question up"),
        Binding("shift+down,alt+down", "move(1)", "Down", id="faq_move_down",
                tooltip="Move the question down"),
    ]

    @dataclass
    class ToggleRequested(Message):
        """Space on the list: flip the highlighted item's answered mark."""

        question_list: "QuestionList"
        """The list (its panel knows the highlighted item)."""

    @dataclass
    class DeleteRequested(Message):
        """The delete key on the list: delete the highlighted item."""

        question_list: "QuestionList"
        """The list."""

    @dataclass
    class UndoRequested(Message):
        """The list's undo key: undo the last change (session-wide)."""

        question_list: "QuestionList"
        """The list."""

    @dataclass
    class MoveRequested(Message):
        """The move keys on the list: move the highlighted item up or down."""

        question_list: "QuestionList"
        """The list."""
        offset: int
        """-1 up, +1 down."""

    def action_toggle_answered(self) -> None:
        """Ask the panel to flip the highlighted item's answered mark."""
        self.post_message(self.ToggleRequested(self))

    def action_delete(self) -> None:
        """Ask the panel to delete the highlighted item."""
        self.post_message(self.DeleteRequested(self))

    def action_undo(self) -> None:
        """Ask for the last change to be undone."""
        self.post_message(self.UndoRequested(self))

    def action_move(self, offset: int) -> None:
        """Ask the panel to move the highlighted item."""
        self.post_message(self.MoveRequested(self, offset))
