"""Provides FieldEditor: one answer box of a step (Input for short text, TextArea otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from ..model.session import Answer
from ..model.template import Field, FieldType
from .entry import EntryInput
from .safe_text import shown, typed


def list_items(text: str) -> list[str]:
    """Turn the text of a list box into items: one per non-blank line."""
    return [line.rstrip() for line in text.split("\n") if line.strip()]


class FieldEditor(Vertical):
    """A labelled answer box that reports every change as `FieldEditor.Changed`.

    Short text uses an Input; long text and lists use a soft-wrapping
    TextArea (a list holds one item per line).
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    @dataclass
    class Changed(Message):
        """The user changed the answer in a field."""

        editor: "FieldEditor"
        """The editor that changed."""
        step_id: str
        """The step the field belongs to."""
        field_id: str
        """The field that changed."""
        value: Answer
        """The new value: text, or a list of items."""

        @property
        def control(self) -> "FieldEditor":
            """The editor that changed."""
            return self.editor

    def __init__(self, step_id: str, field: Field, value: Answer, *, id: str | None = None) -> None:
        """Create the editor.

        Args:
            step_id: The step the field belongs to (carried in every message).
            field: The field's definition.
            value: The current answer.
            id: Widget id.
        """
        super().__init__(id=id, classes=f"field -{field.type.value}")
        self.step_id = step_id
        """The step the field belongs to."""
        self.field = field
        """The field's definition."""
        self.initial = shown("\n".join(value) if isinstance(value, list) else value)
        """The text shown when the editor opened (control characters as visible symbols)."""
        self.reported = self.initial
        """The text last reported in a `Changed` message."""
        self._report_due = False

    def compose(self) -> ComposeResult:
        """Label, optional hint and the input box."""
        label = self.field.label + ("" if self.field.required else " (optional)")
        yield Label(shown(label), classes="field-label", markup=False)
        if self.field.type is FieldType.LIST:
            yield Static(
                "One item per line (Enter starts the next item).",
                classes="field-hint",
                markup=False,
            )
        if self.field.suggestions and self.field.type is FieldType.LIST:
            yield Static(
                shown("Ideas: " + " · ".join(self.field.suggestions)),
                classes="field-hint",
                markup=False,
            )
        if self.field.type is FieldType.TEXT:
            yield EntryInput(
                self.initial,
                placeholder=shown(self.field.placeholder) or "Type your answer",
                id="box",
                select_on_focus=False,
            )
        else:
            placeholder = shown(self.field.placeholder) or (
                "One item per line" if self.field.type is FieldType.LIST else "Type your answer"
            )
            area = TextArea(
                self.initial,
                soft_wrap=True,
                tab_behavior="focus",
                placeholder=Content(placeholder),  # literal: "[name], [title]" is not markup
                id="box",
                # Numbered lines show where each list item starts when items wrap.
                show_line_numbers=self.field.type is FieldType.LIST,
            )
            yield area

    @property
    def box(self) -> Widget:
        """The Input or TextArea."""
        return self.query_one("#box")

    @property
    def text(self) -> str:
        """The text in the box now."""
        box = self.box
        return box.value if isinstance(box, Input) else box.text  # type: ignore[attr-defined]

    def value(self) -> Answer:
        """The answer as the model stores it."""
        return self._answer(self.text)

    def _answer(self, shown_text: str) -> Answer:
        text = typed(shown_text)
        if self.field.type is FieldType.LIST:
            return list_items(text)
        return text

    def unreported(self) -> Answer | None:
        """The answer, if the box shows text not yet reported (keys still queued); else None.

        None too while the box is not there (the editor not composed yet during
        a step change, or being removed): it holds nothing typed then.
        """
        if self.query_one_optional("#box") is None:
            return None
        return self.value() if self.text != self.reported else None

    def show_answer(self, value: Answer) -> None:
        """Show the model's answer (after an undo or redo) without reporting it back."""
        text = shown("\n".join(value) if isinstance(value, list) else value)
        self.reported = text
        box = self.box
        if isinstance(box, Input):
            if box.value != text:
                with box.prevent(Input.Changed):
                    box.value = text
        elif isinstance(box, TextArea) and box.text != text:
            with box.prevent(TextArea.Changed):
                box.load_text(text)

    def focus_box(self) -> None:
        """Focus the input box now (not after queued keys), cursor at the end of the text."""
        box = self.box
        self.screen.set_focus(box, scroll_visible=False)
        if isinstance(box, Input):
            box.cursor_position = len(box.value)
        elif isinstance(box, TextArea):
            box.move_cursor(box.document.end)

    @on(Input.Submitted, "#box")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in a short answer moves on to the next box (or the Next button)."""
        event.stop()
        self.screen.focus_next()

    @on(Input.Changed, "#box")
    @on(TextArea.Changed, "#box")
    def _changed(self, event: Input.Changed | TextArea.Changed) -> None:
        """Report the change once the changes queued with it are handled.

        A burst of keys (type-ahead, a paste of many lines) arrives here as
        many Changed messages in a row; one report (and one scroll) after
        the last of them keeps each key's cost independent of the answer's
        length: reading the text of a long answer costs in proportion to it.
        """
        event.stop()
        if not self._report_due:
            self._report_due = True
            self.call_later(self._report)

    def _report(self) -> None:
        self._report_due = False
        text = self.text
        if text != self.reported:
            self.reported = text
            self.post_message(self.Changed(self, self.step_id, self.field.id, self._answer(text)))
        box = self.box
        if isinstance(box, TextArea) and box.has_focus:
            # The box grows as text is added: keep all of it (and so the cursor) in view.
            box.scroll_visible(animate=False)
