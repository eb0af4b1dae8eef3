"""Provides RosterScreen: manage the participants and pick who is contributing now."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..dispatch import Change, Dispatcher
from ..keys import key_for, keys_text
from ..model import operations as ops
from ..model.live import ANONYMOUS, LiveSession
from ..safe import shown
from ..widgets.paging import SafeOptionList
from ..widgets.session_footer import SessionFooter
from .changes import UNDO_BINDINGS, UndoInView
from .dismiss_once import DismissOnce
from .prompt import TextPrompt

ANONYMOUS_ID = "anonymous"
"""Option id of the "Anonymous" row (participant rows use `p:<name>`)."""


class RosterScreen(DismissOnce, UndoInView, ModalScreen[None]):
    """The roster as a list: Enter makes someone the current contributor.

    `a` adds, `r` renames (everywhere their name appears), `d` removes
    (their contributions keep their name; `u` undoes). The last row is
    "Anonymous", for contributions nobody should be credited with.
    """

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="roster_close"),
        Binding("a,insert", "add", "Add", id="roster_add"),
        Binding("r,f2", "rename", "Rename", id="roster_rename"),
        Binding("d,delete", "remove", "Remove", id="roster_remove"),
        Binding("u", "undo", "Undo", id="roster_undo", tooltip="Undo the last change"),
        *UNDO_BINDINGS,
    ]

    def __init__(self, live: LiveSession, on_change: Callable[[], None]) -> None:
        """Create the screen.

        Args:
            live: The session's facilitation operations.
            on_change: Called after every change (the host refreshes and saves).
        """
        super().__init__()
        self.live = live
        """The session's facilitation operations."""
        self.on_change = on_change
        """Tells the host something changed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="roster-box", classes="fac-dialog"):
            yield Static("Who is contributing?", classes="fac-dialog-title")
            yield Static(
                keys_text(
                    self,
                    "Enter: make them the current contributor · {roster_add}: add · {roster_rename}: rename"
                    " · {roster_remove}: remove · {roster_undo}: undo",
                ),
                classes="fac-hint",
            )
            yield SafeOptionList(id="roster-list", markup=False)
        yield SessionFooter()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    @property
    def option_list(self) -> OptionList:
        """The list of people."""
        return self.query_one("#roster-list", OptionList)

    def refresh_list(self, select: str | None = None) -> None:
        """Rebuild the rows; keep (or move) the highlight to `select`."""
        current = self.live.contributor
        listing = self.option_list
        highlighted = listing.highlighted_option
        wanted = select if select is not None else (
            highlighted.id if highlighted is not None else self._option_id(current)
        )
        options = []
        for name in self.live.participants:
            options.append(Option(self._row(name, name == current), id=self._option_id(name)))
        options.append(Option(self._row("", current == ""), id=ANONYMOUS_ID))
        listing.set_options(options)
        try:
            listing.highlighted = listing.get_option_index(wanted or ANONYMOUS_ID)
        except Exception:  # noqa: BLE001 - the highlighted person was removed
            listing.highlighted = 0

    @staticmethod
    def _option_id(name: str) -> str:
        return f"p:{name}" if name else ANONYMOUS_ID

    def _row(self, name: str, current: bool) -> Content:
        # Counts in $text-muted: Textual's dimmed text falls below 4.5:1 (see workshop.themes).
        pieces: list[tuple[str, str]] = [
            ("▶ " if current else "  ", "bold"),
            (shown(name or ANONYMOUS), "bold" if current else ("italic" if not name else "")),
        ]
        if name:
            counts = self.live.contributions(name)
            parts = [f"{n} {word}" for word, n in counts.items() if n]
            if parts:
                pieces.append(("   " + ", ".join(parts), "$text-muted"))
        else:
            pieces.append(("   nobody is credited", "$text-muted"))
        return Content.assemble(*pieces)

    def _selected_name(self) -> str | None:
        option = self.option_list.highlighted_option
        if option is None or option.id is None:
            return None
        return "" if option.id == ANONYMOUS_ID else option.id[2:]

    @on(OptionList.OptionSelected, "#roster-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = "" if event.option_id == ANONYMOUS_ID else (event.option_id or "p:")[2:]
        self._submit(ops.SetContributor(name, actor=self.live.contributor))
        self.dismiss(None)

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)

    def _check_new(self, text: str, old: str = "") -> str:
        name = " ".join(text.split())
        if not name:
            return "Type a name."
        for other in self.live.participants:
            if other.casefold() == name.casefold() and other != old:
                return f"{other} is already in the roster."
        return ""

    def action_add(self) -> None:
        """Add someone to the roster."""

        def added(name: str | None) -> None:
            if name:
                if self._submit(ops.AddParticipant(name, actor=self.live.contributor)) is not None:
                    self.refresh_list(select=self._option_id(self.live.participants[-1]))

        self.app.push_screen(
            TextPrompt("Add a participant", placeholder="Name", check=self._check_new), added
        )

    def action_rename(self) -> None:
        """Rename the highlighted person everywhere."""
        old = self._selected_name()
        if not old:
            self.notify("Pick a person to rename.", severity="warning")
            return

        def renamed(name: str | None) -> None:
            index = self.live.participants.index(old)
            if name and self._submit(ops.RenameParticipant(old, name, actor=self.live.contributor)):
                self.refresh_list(select=self._option_id(self.live.participants[index]))

        self.app.push_screen(
            TextPrompt(
                f"Rename {old}",
                value=old,
                hint="Their questions, ideas, dots and parked items follow the new name.",
                check=lambda text: self._check_new(text, old),
            ),
            renamed,
        )

    def action_remove(self) -> None:
        """Take the highlighted person off the roster (u undoes)."""
        name = self._selected_name()
        if not name:
            return
        if self._submit(ops.RemoveParticipant(name, actor=self.live.contributor)) is None:
            return
        self.refresh_list(select=ANONYMOUS_ID if not self.live.participants else None)
        self.notify(
            f"{name} left the roster; what they contributed keeps their name. "
            f"Press {self._key('undo', 'ctrl+z')} to undo.",
            title="Removed",
            markup=False,
        )

    @property
    def dispatcher(self) -> Dispatcher:
        """Where changes go (the session's: one undo history; the host saves)."""
        return Dispatcher.of(self.live.session)

    def _submit(self, op: ops.Operation) -> object:
        try:
            change = self.dispatcher.submit(op)
        except ops.OperationError as error:
            self.notify(error.reason.capitalize() + ".", title="Can't do that",
                        severity="warning", markup=False)
            return None
        if change is not None:
            self.on_change()
        return change

    def _key(self, binding_id: str, default: str) -> str:
        return key_for(self, binding_id, default)

    def shows_change(self, change: Change) -> bool:
        return change.part == "roster"

    def redraw_after_undo(self, change: Change) -> None:
        self.on_change()
        self.refresh_list()
