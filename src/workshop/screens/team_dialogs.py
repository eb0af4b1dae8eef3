"""Provides the team host's dialogs: the join link (with Copy), the participants (with Remove), pick a participant."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ..safe import shown
from ..widgets.paging import SafeOptionList
from .dismiss_once import DismissOnce


class JoinLinkDialog(DismissOnce, ModalScreen[None]):
    """The join link, with Copy (to the terminal's clipboard) and Close."""

    CSS_PATH = "team_host.tcss"
    BINDINGS = [Binding("escape", "close", "Close", id="dialog_cancel")]

    def __init__(self, link: str) -> None:
        """Create the dialog.

        Args:
            link: The join link.
        """
        super().__init__()
        self.link = link
        """What Copy copies."""

    def compose(self) -> ComposeResult:
        """Title, the link, a hint, the buttons."""
        with Vertical(id="dialog"):
            yield Static("Join link", id="dialog-title")
            yield Static(shown(self.link), id="join-link", markup=False)
            yield Static(
                "Participants open it with `workshop join LINK` or in a browser. "
                "`workshop link` prints it in another terminal.",
                id="dialog-message", markup=False,
            )
            with Horizontal(id="dialog-buttons"):
                yield Button("Copy", id="copy", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        """Copy has the focus."""
        self.query_one("#copy", Button).focus()

    def show_link(self, link: str) -> None:
        """Show (and copy) this link from now on: the room's link changed (someone was removed)."""
        if link == self.link:
            return
        self.link = link
        if self.is_mounted:
            self.query_one("#join-link", Static).update(shown(link))
            self.notify("The join link changed: this is the new one.", title="Team")

    @on(Button.Pressed, "#copy")
    def _copy(self) -> None:
        self.app.copy_to_clipboard(self.link)
        self.notify("The join link is on the clipboard.", title="Copied")
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)


class ParticipantsDialog(DismissOnce, ModalScreen[None]):
    """Who is connected and whose device dropped; Remove takes someone out."""

    CSS_PATH = "team_host.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="dialog_cancel"),
        Binding("delete", "remove", "Remove", id="team_remove"),
    ]

    def __init__(self, rows: list[tuple[str, str]], remove: Callable[[str], None]) -> None:
        """Create the dialog.

        Args:
            rows: (name, state) per participant (see `participant_rows`).
            remove: Called with a name to remove that participant.
        """
        super().__init__()
        self.rows = rows
        """What is listed."""
        self._remove = remove

    def compose(self) -> ComposeResult:
        """Title, the list, the buttons."""
        with Vertical(id="dialog"):
            yield Static("Participants", id="dialog-title")
            yield SafeOptionList(id="people")
            yield Static("", id="dialog-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Remove", id="remove", variant="error")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        """Fill the list and focus it."""
        self.show(self.rows)
        self.query_one("#people", OptionList).focus()

    def show(self, rows: list[tuple[str, str]]) -> None:
        """List these participants (the screen calls it as people come and go)."""
        self.rows = rows
        people = self.query_one("#people", OptionList)
        keep = people.highlighted
        people.clear_options()
        people.add_options([Option(Content(shown(f"{name} · {state}")), id=f"p{i}") for i, (name, state) in enumerate(rows)])
        if rows:
            people.highlighted = min(keep or 0, len(rows) - 1)
        self.query_one("#dialog-message", Static).update(
            "Nobody has joined yet." if not rows
            else f"{sum(1 for _, s in rows if s.startswith('connected'))} of {len(rows)} connected. "
            "Remove ends someone's link: they can't rejoin with it."
        )

    def _selected(self) -> str | None:
        people = self.query_one("#people", OptionList)
        index = people.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index][0]

    @on(Button.Pressed, "#remove")
    def action_remove(self) -> None:
        """Remove the highlighted participant (after a confirmation)."""
        from .dialogs import ConfirmDialog

        name = self._selected()
        if name is None:
            return
        self.app.push_screen(
            ConfirmDialog(
                f"Remove {shown(name)}?",
                "Their link stops working and their screen says they were removed. "
                "What they already added stays in the session.",
                confirm_label="Remove",
            ),
            callback=lambda yes: self._remove(name) if yes else None,
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)


class PickParticipantDialog(DismissOnce, ModalScreen["str | None"]):
    """Pick one participant by name (Enter), or cancel (Escape)."""

    CSS_PATH = "team_host.tcss"
    BINDINGS = [Binding("escape", "close", "Close", id="dialog_cancel")]

    def __init__(self, title: str, names: list[str]) -> None:
        """Create the dialog.

        Args:
            title: The question.
            names: The participants to choose from.
        """
        super().__init__()
        self.title_text = title
        """The question asked."""
        self.names = names
        """The choices."""

    def compose(self) -> ComposeResult:
        """Title and the list."""
        with Vertical(id="dialog"):
            yield Static(shown(self.title_text), id="dialog-title", markup=False)
            yield SafeOptionList(*[Option(Content(shown(name))) for name in self.names], id="people")

    def on_mount(self) -> None:
        """The list has the focus."""
        self.query_one("#people", OptionList).focus()

    @on(OptionList.OptionSelected, "#people")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[event.option_index])

    def action_close(self) -> None:
        """Cancel."""
        self.dismiss(None)
