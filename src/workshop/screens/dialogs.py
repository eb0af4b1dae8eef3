"""Provides small keyboard-first modal dialogs: confirm an action, pick a file path."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..keys import key_or
from ..safe import shown, typed
from ..widgets.entry import EntryInput
from .dismiss_once import DismissOnce


def check_path(
    text: str, *, must_not_exist: bool = False, must_exist: bool = False, create_folder: bool = True
) -> tuple[Path | None, str]:
    """Turn typed text into a usable file path, or explain why it is not usable.

    Expands `~` and makes a relative path absolute (from the current folder).
    When `create_folder` is true the file's folder is created if missing, so
    the caller can write there straight away.

    Args:
        text: What the user typed.
        must_not_exist: Refuse a path where a file already exists.
        must_exist: Refuse a path where no file exists (opening a file).
        create_folder: Create the missing parent folder(s).

    Returns:
        `(path, "")` when usable, else `(None, problem)` with a message that
        says what is wrong and what to do.
    """
    text = text.strip()
    if not text:
        return None, "Type a file path (for example ~/Documents/my-prfaq.md)."
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.is_dir():
        return None, f"{path} is a folder: add a file name at the end."
    if must_not_exist and (path.exists() or path.is_symlink()):
        return None, f"{path} already exists: choose another name."
    if must_exist and not path.is_file():
        return None, f"There is no file at {path}."
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        return None, f"{folder} is a file, not a folder: choose another place."
    if not folder.exists():
        if not create_folder:
            return None, f"The folder {folder} does not exist."
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            return None, f"Can't create the folder {folder}: {reason}. Choose another place."
    if not must_exist and not os.access(folder, os.W_OK | os.X_OK):
        return None, f"Can't write in {folder} (permission denied). Choose another place."
    return path, ""


class ConfirmDialog(DismissOnce, ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True (confirmed) or False (cancelled).

    Enter presses the focused button (the confirm button has focus at
    first), Escape cancels, Tab or the arrow keys move between the buttons.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
        Binding("left,right", "switch", "Switch button", show=False, id="dialog_switch"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        confirm_label: str = "Delete",
        cancel_label: str = "Cancel",
        *,
        danger: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the dialog.

        Args:
            title: A short question ("Delete this session?").
            message: What will happen, shown literally (never as markup).
            confirm_label: The confirm button's text.
            cancel_label: The cancel button's text.
            danger: Show the confirm button in the error colour.
            name: Screen name.
            id: Screen id.
            classes: Screen classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.title_text = title
        """The dialog's question."""
        self.message = message
        """The explanation under the question."""
        self.confirm_label = confirm_label
        """The confirm button's text."""
        self.cancel_label = cancel_label
        """The cancel button's text."""
        self.danger = danger
        """True when confirming destroys or moves something."""

    def compose(self) -> ComposeResult:
        """Question, message, buttons and key hints."""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(shown(self.title_text), id="dialog-title", markup=False)
            if self.message:
                yield Static(shown(self.message), id="dialog-message", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(
                    self.confirm_label,
                    id="confirm",
                    variant="error" if self.danger else "primary",
                )
                yield Button(self.cancel_label, id="cancel")
            yield Static(
                # Enter presses the focused button and Tab moves the focus: no binding ids of ours.
                f"Enter: {self.confirm_label} · {key_or(self, 'dialog_cancel', 'Esc')}: {self.cancel_label}"
                f" · Tab/{key_or(self, 'dialog_switch', '←→')}: switch",
                id="dialog-keys",
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the confirm button so Enter confirms."""
        self.query_one("#confirm", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog without confirming."""
        self.dismiss(False)

    def action_switch(self) -> None:
        """Move focus to the other button."""
        confirm = self.query_one("#confirm", Button)
        cancel = self.query_one("#cancel", Button)
        (cancel if confirm.has_focus else confirm).focus()


class InlineError(Static):
    """The one-line error under a dialog's file box: shown literally, hidden when empty."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__("", id=id, markup=False)

    @property
    def text(self) -> str:
        """The error shown now (empty when none)."""
        return str(self.content)

    def show(self, text: str) -> None:
        """Show `text` (control characters as pictures), or hide the line when it is empty."""
        self.update(shown(text))
        self.set_class(bool(text), "-shown")


class PathDialog(DismissOnce, ModalScreen["Path | None"]):
    """Ask for a file path; dismisses with the chosen Path, or None when cancelled.

    The Input is prefilled with `initial_path` and focused. Enter accepts
    (after checking the path: an unusable one gets an inline message and the
    dialog stays open), Escape cancels. The folder of the accepted path exists
    when the dialog returns (it is created if needed).
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def __init__(
        self,
        title: str,
        initial_path: Path | str,
        *,
        must_not_exist: bool = False,
        must_exist: bool = False,
        confirm_label: str = "Save",
        message: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the dialog.

        Args:
            title: What the path is for ("Export to Markdown").
            initial_path: The suggested path, prefilled.
            must_not_exist: Refuse an existing file (save as a new file).
            must_exist: Require an existing file (open or import).
            confirm_label: The accept button's text.
            message: An optional line of explanation under the title.
            name: Screen name.
            id: Screen id.
            classes: Screen classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.title_text = title
        """What the path is for."""
        self.initial_path = str(initial_path)
        """The prefilled path."""
        self.must_not_exist = must_not_exist
        """Refuse a path where a file already exists."""
        self.must_exist = must_exist
        """Require a path where a file exists."""
        self.confirm_label = confirm_label
        """The accept button's text."""
        self.message = message
        """Optional explanation under the title."""

    def compose(self) -> ComposeResult:
        """Title, path input, inline error, buttons and key hints."""
        with Vertical(id="dialog", classes="dialog"):
            yield Static(shown(self.title_text), id="dialog-title", markup=False)
            if self.message:
                yield Static(shown(self.message), id="dialog-message", markup=False)
            yield EntryInput(shown(self.initial_path), id="path", select_on_focus=False)
            yield InlineError(id="path-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(self.confirm_label, id="confirm", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static(
                f"Enter: {self.confirm_label} · {key_or(self, 'dialog_cancel', 'Esc')}: Cancel",  # Enter: the Input's submit
                id="dialog-keys",
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the path, cursor at the end."""
        path_input = self.query_one("#path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    @property
    def error(self) -> str:
        """The inline error shown now (empty when none)."""
        return self.query_one("#path-error", InlineError).text

    def _show_error(self, text: str) -> None:
        self.query_one("#path-error", InlineError).show(text)

    @on(Input.Changed, "#path")
    def _clear_error(self) -> None:
        self._show_error("")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#confirm")
    def action_accept(self) -> None:
        """Check the typed path; dismiss with it, or show why it can't be used."""
        path, problem = check_path(
            typed(self.query_one("#path", Input).value),  # a file name's control characters, back
            must_not_exist=self.must_not_exist,
            must_exist=self.must_exist,
        )
        if path is None:
            self._show_error(problem)
            self.query_one("#path", Input).focus()
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog without a path."""
        self.dismiss(None)
