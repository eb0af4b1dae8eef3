"""Provides IdeaCapture (type ideas credited to someone; silent rounds hide them) and IdeaList."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from .. import themes
from ..keys import key_for, key_namer
from ..model.live import LiveSession, clean_line, display_name
from ..safe import shown
from .entry import EntryInput
from .paging import SafeOptionList


def round_summary(live: LiveSession, step_id: str, node: DOMNode | None = None) -> str:
    """One line on the step's brainstorm: the silent round's counts per person, or how to start one.

    Keys are named as bound for `node` (see `keys.key_for`).
    """
    return " ".join(full for full, _ in round_summary_pieces(live, step_id, node))


def round_summary_pieces(
    live: LiveSession, step_id: str, node: DOMNode | None = None
) -> list[tuple[str, str]]:
    """`round_summary` as whole sentences, each with a shorter form (for narrow bars)."""
    key = key_namer(node)
    active = live.active_round(step_id)
    if active is None:
        start = key("start_round", "alt+s")
        return [("Ideas go straight into the list.", "Ideas go into the list."),
                (f"{start} starts a silent round.", f"{start}: silent round")]
    reveal = key("reveal_round", "alt+r")
    counts = live.round_counts(active)
    if not counts:
        return [("Silent round: nothing yet.", "Silent round: none yet."),
                (f"Ideas stay hidden until {reveal} reveals them.", f"{reveal}: reveal")]
    total = sum(n for _, n in counts)
    people = " · ".join(f"{display_name(name)} {n}" for name, n in counts)
    return [(f"Silent round: {total} hidden ({people}).", f"Silent round: {total} hidden."),
            (f"{reveal} reveals them.", f"{reveal}: reveal")]


class IdeaCapture(Widget):
    """A status line and an input; Enter posts `IdeaCapture.Submitted`.

    The box gives the idea up when Enter is handled (`EntryInput` with
    `take`), so ideas typed in a burst stay apart. The host adds the idea
    (crediting the current contributor) and calls `refresh_state()` to
    update the counts; if it refuses the idea it calls `put_back(text)`. During a silent round the input is masked, so the shared screen
    never shows an idea before the reveal.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    @dataclass
    class Submitted(Message):
        """The user typed an idea and pressed Enter."""

        capture: "IdeaCapture"
        """The capture widget."""
        text: str
        """What was typed."""

    def __init__(
        self, live: LiveSession, step_id: str, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.live = live
        """The session's facilitation operations (read only here)."""
        self.step_id = step_id
        """The step ideas are collected for."""

    def compose(self) -> ComposeResult:
        yield Static("", id="capture-status", markup=False)
        yield EntryInput(id="idea-input", take=True)

    def on_mount(self) -> None:
        self.refresh_state()

    @property
    def input(self) -> Input:
        """The idea input."""
        return self.query_one("#idea-input", Input)

    def refresh_state(self) -> None:
        """Update the round line, the placeholder and the masking from the model."""
        silent = self.live.active_round(self.step_id) is not None
        self.set_class(silent, "-silent")
        self.query_one("#capture-status", Static).update(round_summary(self.live, self.step_id, self))
        who = display_name(self.live.contributor)
        target = self.live.collect_field(self.step_id)
        where = target.label if target is not None else "the list"
        field = self.input
        field.password = silent
        nxt = key_for(self, "next_contributor", "ctrl+o")
        field.placeholder = (
            f"Idea from {who}, hidden until the reveal · Enter adds · {nxt}: next person"
            if silent
            else f"Idea from {who} for “{where}” · Enter adds · {nxt}: next person"
        )

    def accepted(self) -> None:
        """The host kept the idea: nothing to clear (the box gave it up on Enter, and may hold the next)."""

    def put_back(self, text: str) -> None:
        """The host refused the idea: put it back in front of what was typed since."""
        box = self.input
        if isinstance(box, EntryInput):
            box.put_back(text)

    @on(Input.Submitted, "#idea-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, event.value))


class IdeaList(SafeOptionList):
    """The step's visible items with their authors (hidden ideas never appear here).

    Space marks items and `m` asks to merge the marked ones
    (`IdeaList.MergeRequested`): the host asks for the merged text and
    submits the operation. Names are left out when the session or the
    round is anonymous (`LiveSession.items`).
    """

    BINDINGS = [
        Binding("space", "mark", "Mark", id="idea_mark"),
        Binding("m", "merge", "Merge marked", id="idea_merge"),
    ]

    @dataclass
    class MergeRequested(Message):
        """The user asked to merge the marked items (keys as `model.merging.item_keys` gives them)."""

        idea_list: "IdeaList"
        """The list."""
        keys: list[str]
        """The marked items, in list order."""

    def __init__(self, *content: Any, **options: Any) -> None:
        super().__init__(*content, **options)
        self.keys: list[str] = []
        """The key of each row (`model.merging.item_keys`), in order."""
        self.marked: set[str] = set()
        """Keys of the marked rows."""
        self._shown: tuple[LiveSession, str, bool] | None = None

    def show(self, live: LiveSession, step_id: str, *, with_dots: bool = False) -> None:
        """Fill the list from the session, keeping the highlight where it was.

        Args:
            live: The session's facilitation operations.
            step_id: The step whose items are shown.
            with_dots: Put the dots of the step's latest vote in front of each item.
        """
        from ..model.merging import item_keys

        highlighted = self.highlighted
        self.keys = [key for key, _ in item_keys(live, step_id)]
        self.marked = {key for key in self.marked if key in self.keys}
        dots: dict[str, int] = {}
        vote = live.current_vote(step_id) if with_dots else None
        if vote is not None and vote.total and not vote.hides_dots:
            for option in vote.options:
                text = live.option_text(vote, option)
                dots[text] = dots.get(text, 0) + vote.count(option.id)
        options = []
        muted = themes.text_colour(self.app.theme_variables, "text-muted")  # not dim: 4.5:1
        for index, (text, author) in enumerate(live.items(step_id)):
            line = Text(overflow="fold")
            key = self.keys[index] if index < len(self.keys) else str(index)
            if self.marked:
                line.append("☑ " if key in self.marked else "☐ ", style="bold")
            if dots:
                count = dots.get(clean_line(text), 0)
                line.append(f"{'●' * min(count, 9):<9} " if count else " " * 10, style="bold")
            line.append(shown(text))
            if author:
                line.append(f"  — {shown(author)}", style=f"italic {muted}".strip())
            options.append(Option(line, id=f"item-{index}"))
        self._shown = (live, step_id, with_dots)
        self.set_options(options)
        if options and highlighted is not None:
            self.highlighted = min(highlighted, len(options) - 1)

    def action_mark(self) -> None:
        """Mark (or unmark) the highlighted item for merging."""
        if self.highlighted is None and self.keys:
            self.highlighted = 0  # just tabbed in: Space marks the first item
        index = self.highlighted
        if index is None or index >= len(self.keys):
            return
        self.marked = self.marked ^ {self.keys[index]}
        self._redraw()

    def action_merge(self) -> None:
        """Ask to merge the marked items (the highlighted one counts when one is marked)."""
        chosen = set(self.marked)
        if len(chosen) == 1 and self.highlighted is not None and self.highlighted < len(self.keys):
            chosen.add(self.keys[self.highlighted])
        self.post_message(self.MergeRequested(self, [key for key in self.keys if key in chosen]))

    def clear_marks(self) -> None:
        """Forget the marks (after a merge) and redraw without them."""
        self.marked = set()
        self._redraw()

    def _redraw(self) -> None:
        if self._shown is not None:
            live, step_id, with_dots = self._shown
            self.show(live, step_id, with_dots=with_dots)
