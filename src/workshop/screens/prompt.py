"""Provides TextPrompt: a small modal that asks for one line of text and checks it."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..keys import keys_text
from ..safe import shown, typed
from ..widgets.entry import EntryInput
from .dismiss_once import DismissOnce

Check = Callable[[str], str]
"""Returns why a value can't be used ("" when it can)."""


class TextPrompt(DismissOnce, ModalScreen["str | None"]):
    """Ask for one line; dismiss with the text (Enter) or None (Escape).

    A value the `check` refuses keeps the dialog open with the reason shown
    under the input, so nothing typed is lost.
    """

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt_cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        check: Check | None = None,
        password: bool = False,
        id: str | None = None,
    ) -> None:
        """Create the prompt.

        Args:
            title: What to type ("Park an off-topic point").
            value: Text to start with (when editing).
            placeholder: Shown while the input is empty.
            hint: One line under the title (context, keys).
            check: Validates the text; its message is shown when it refuses.
            password: Mask what is typed (silent rounds).
            id: Screen id.
        """
        super().__init__(id=id)
        self.title_text = title
        """The question."""
        self.value = value
        """The starting text."""
        self.placeholder = placeholder
        """The input's placeholder."""
        self.hint = hint
        """The line under the title."""
        self.check = check
        """The validator, if any."""
        self.password = password
        """Whether the input is masked."""

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box", classes="fac-dialog"):
            yield Static(shown(self.title_text), id="prompt-title", classes="fac-dialog-title", markup=False)
            if self.hint:
                yield Static(shown(self.hint), id="prompt-hint", classes="fac-hint", markup=False)
            yield EntryInput(
                shown(self.value),  # control characters as pictures; `typed` turns them back
                placeholder=self.placeholder,
                password=self.password,
                id="prompt-input",
            )
            yield Label("", id="prompt-error", classes="fac-error", markup=False)
            yield Static(keys_text(self, "Enter: OK · {prompt_cancel}: cancel"), classes="fac-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = typed(event.value)
        problem = self.check(value) if self.check else ""
        if problem:
            error = self.query_one("#prompt-error", Label)
            error.update(shown(problem))
            error.add_class("-shown")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Close without a value."""
        self.dismiss(None)


def not_blank(message: str) -> Check:
    """A check that refuses empty text with `message`."""
    return lambda text: "" if text.strip() else message
