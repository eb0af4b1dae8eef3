"""Provides the new-session form: title, template, facilitator and participants."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from .. import content, store
from ..keys import keys_text
from ..model.template import Template
from ..model.text import plural
from ..safe import shown
from ..widgets.entry import EntryInput
from .dismiss_once import DismissOnce

MAX_TITLE = 120
"""Longest title accepted (it becomes a heading and a file name)."""


def parse_participants(text: str) -> list[str]:
    """Split comma-separated names; trims, drops empties and repeats (keeps order)."""
    names: list[str] = []
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def first_sentence(text: str) -> str:
    """Return the first sentence of `text` on one line."""
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[: end + 1]


def available_templates() -> tuple[list[Template], list[str]]:
    """Return the templates to offer (a user template overrides a built-in one with
    the same id) and the problems of template files that could not be loaded."""
    chosen: dict[str, Template] = {}
    problems: list[str] = []
    for entry in content.discover():
        if entry.template is not None:
            chosen[entry.template.id] = entry.template
        elif entry.problem is not None:
            problems.append(entry.problem.describe())
    return list(chosen.values()), problems


class NewSessionScreen(DismissOnce, ModalScreen["Path | None"]):
    """A form that creates a session file; dismisses with its path, or None."""

    CSS_PATH = "new_session.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def __init__(self, sessions_dir: Path) -> None:
        """Create the form.

        Args:
            sessions_dir: Where the new session file goes.
        """
        super().__init__()
        self.sessions_dir = Path(sessions_dir)
        """The folder the session is created in."""
        self.templates, self.template_problems = available_templates()
        self.templates_by_id = {template.id: template for template in self.templates}
        self._creating = False
        """A session file is being written (from the first Enter until it opens or fails)."""

    def compose(self) -> ComposeResult:
        """The form fields, inline messages, buttons and key hints."""
        default = content.DEFAULT_TEMPLATE
        if default not in self.templates_by_id and self.templates:
            default = self.templates[0].id
        with Vertical(id="form", classes="dialog"):
            yield Static("New session", id="form-title")
            with Grid(id="fields"):
                yield Label("Title", classes="field-label")
                with Vertical(classes="field"):
                    yield EntryInput(
                        placeholder="What is the idea? e.g. Same-day repairs for bikes",
                        id="title",
                        max_length=MAX_TITLE,
                    )
                    yield Static("", id="title-error", classes="field-error", markup=False)
                yield Label("Template", classes="field-label")
                with Vertical(classes="field"):
                    yield Select(
                        [(Text(shown(t.title)), t.id) for t in self.templates],
                        id="template",
                        allow_blank=not self.templates,
                        value=default if self.templates else Select.NULL,
                        prompt="No templates found",
                    )
                    yield Static("", id="template-help", markup=False)
                yield Label("Facilitator", classes="field-label")
                with Vertical(classes="field"):
                    yield EntryInput(placeholder="Who runs the session (optional)", id="facilitator")
                yield Label("Participants", classes="field-label")
                with Vertical(classes="field"):
                    yield EntryInput(
                        placeholder="Names, separated by commas (optional)", id="participants"
                    )
            yield Static("", id="form-error", classes="field-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")
            yield Static(
                keys_text(self, "Enter: create · Tab: next field · {dialog_cancel}: cancel"),
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the title and describe the default template."""
        self.query_one("#title", Input).focus()
        self._describe_template()
        if self.template_problems:
            self._error(
                "form-error",
                "Some template files could not be loaded:\n" + "\n".join(self.template_problems),
            )

    # ------------------------------------------------------------ helpers
    def _error(self, widget_id: str, text: str) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(shown(text))
        widget.set_class(bool(text), "-shown")

    def error_text(self, widget_id: str) -> str:
        """Return the inline message under a field ("title-error", "form-error")."""
        return str(self.query_one(f"#{widget_id}", Static).content)

    @on(Select.Changed, "#template")
    def _describe_template(self) -> None:
        template = self._template()
        if template is None:
            text = "No templates are available: check the template files listed below."
        else:
            steps = len(template.steps)
            text = f"{plural(steps, 'step')} · {template.source}"
            if template.description:
                text = f"{first_sentence(template.description)} ({text})"
        self.query_one("#template-help", Static).update(shown(text))

    def _template(self) -> Template | None:
        value = self.query_one("#template", Select).value
        return self.templates_by_id.get(value) if isinstance(value, str) else None

    @on(Input.Changed, "#title")
    def _title_changed(self) -> None:
        self._error("title-error", "")

    # ------------------------------------------------------------ actions
    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        """Check the form and create the session (in a worker)."""
        if self._creating:  # a second Enter typed ahead: one session, one file
            return
        title = " ".join(self.query_one("#title", Input).value.split())
        template = self._template()
        ok = True
        if not title:
            self._error("title-error", "Give the session a title: the idea in a few words.")
            self.query_one("#title", Input).focus()
            ok = False
        if template is None:
            self._error("form-error", "Pick a template (none could be loaded; see above).")
            ok = False
        if not ok or template is None:
            return
        self._error("form-error", "")
        self.query_one("#create", Button).disabled = True
        self._creating = True
        self._create(
            title,
            template,
            self.query_one("#facilitator", Input).value,
            parse_participants(self.query_one("#participants", Input).value),
        )

    @work(thread=True, exclusive=True, group="new-session")
    def _create(
        self, title: str, template: Template, facilitator: str, participants: list[str]
    ) -> None:
        try:
            _session, path = store.create(
                title,
                template,
                self.sessions_dir,
                facilitator=facilitator,
                participants=participants,
            )
        except (OSError, ValueError) as error:
            self.app.call_soon_from_thread(self._failed, str(error))
            return
        self.app.call_soon_from_thread(self.dismiss, path)

    def _failed(self, reason: str) -> None:
        self._creating = False
        self.query_one("#create", Button).disabled = False
        self._error(
            "form-error",
            f"The session could not be created: {reason}\n"
            "Check that the sessions folder exists and can be written, then press Enter again.",
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the form without creating anything (once creating, the session opens)."""
        if self._creating:  # the file is being written: cancelling now would leave it behind
            return
        self.dismiss(None)
