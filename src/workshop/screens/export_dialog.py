"""Provides the export dialog (format, clean copy, file) and the one export flow of the app: ask, confirm a replace, write or deliver.

The home screen and the session screen both call `ask_export`; the session
screen's quick export (F3) calls `export_to` with its last choice. Every
write goes through `workshop.export.write.write_export` (which refuses a
`.toml` target and the session file itself). A file that exists is
replaced only after the user says so (a question, focused on "Replace"),
unless it is the file this screen exported to last. When the app runs in a
browser (textual-serve: `App.is_web`), the export is not written on the
server's disk but delivered to the browser as a download.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from ..export.target import TargetError, check_target
from ..export.write import FORMATS, LABEL, SUFFIX, ExportOptions, format_for
from ..keys import keys_text
from ..safe import shown, typed
from ..widgets.entry import EntryInput
from .dialogs import ConfirmDialog, InlineError, check_path
from .dismiss_once import DismissOnce

FORMAT_HINTS = {
    "markdown": "Markdown (.md): for GitHub, wikis and editors",
    "html": "HTML page (.html): opens in any browser, prints cleanly",
    "docx": "Word (.docx): for Word, Google Docs, Confluence",
}
"""Each format's radio button label."""

MIME = {
    "markdown": "text/markdown",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
"""The MIME type a browser download is given."""


@dataclass(frozen=True)
class ExportRequest:
    """What the user chose in the dialog."""

    path: Path
    """The file to write (under a browser: its name is the download's name)."""
    options: ExportOptions
    """Format and clean copy."""


class ExportDialog(DismissOnce, ModalScreen["ExportRequest | None"]):
    """Ask for the format, a clean copy or not, and the file; dismisses with an ExportRequest, or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def __init__(
        self,
        title: str,
        initial_path: Path,
        *,
        session_path: Path | None,
        options: ExportOptions | None = None,
        web: bool = False,
    ) -> None:
        """Create the dialog.

        Args:
            title: The session's title (shown, never as markup).
            initial_path: The suggested file; its suffix follows the chosen format.
            session_path: The session's own file (refused as a target, like any .toml).
            options: The choices to start from (the last export's).
            web: The app runs in a browser: the file is downloaded, not written here.
        """
        super().__init__()
        self.session_title = title
        """The exported session's title."""
        self.initial_path = initial_path
        """The suggested file."""
        self.session_path = session_path
        """The session's own file."""
        self.options = options or ExportOptions()
        """The choices shown at first."""
        self.web = web
        """True when the export is delivered to a browser."""

    def compose(self) -> ComposeResult:
        """Title, format, clean copy, file, inline error, buttons, key hints."""
        start = self.options.format if self.options.format in FORMATS else "markdown"
        with Vertical(id="dialog", classes="dialog"):
            yield Static("Export the PR/FAQ", id="dialog-title", markup=False)
            yield Static(f"“{shown(self.session_title)}”", id="dialog-message", markup=False)
            with RadioSet(id="export-format", compact=True):
                for fmt in FORMATS:
                    yield RadioButton(FORMAT_HINTS[fmt], value=fmt == start, id=f"format-{fmt}", compact=True)
            yield Checkbox(
                "Clean copy: no appendices, no unanswered questions",
                value=self.options.clean,
                id="export-clean",
                compact=True,
            )
            where = "File name (your browser downloads it):" if self.web else "File:"
            yield Static(where, classes="export-label", markup=False)
            path = self.initial_path.with_suffix(SUFFIX[start])
            yield EntryInput(shown(path.name if self.web else str(path)), id="path", select_on_focus=False)
            yield InlineError(id="path-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Export", id="confirm", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(
                # Enter submits the Input, Tab moves the focus, Space is the RadioSet's and Checkbox's own key.
                keys_text(self, "Enter: Export · {dialog_cancel}: Cancel · Tab: next choice · Space: choose"),
                id="dialog-keys",
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the file name, cursor at the end: Enter exports with the suggested choices."""
        field = self.query_one("#path", Input)
        field.focus()
        field.cursor_position = len(field.value)
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        """Put the format list's highlight on the chosen format (Textual starts it on the first)."""
        radio = self.query_one("#export-format", RadioSet)
        for _ in range(max(radio.pressed_index, 0)):
            radio.action_next_button()

    @property
    def format(self) -> str:
        """The chosen format."""
        index = self.query_one("#export-format", RadioSet).pressed_index
        return FORMATS[index] if 0 <= index < len(FORMATS) else "markdown"

    @property
    def error(self) -> str:
        """The inline error shown now (empty when none)."""
        return self.query_one("#path-error", InlineError).text

    def _show_error(self, text: str) -> None:
        self.query_one("#path-error", InlineError).show(text)

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        """The file name follows the format (`prfaq.md` becomes `prfaq.docx`)."""
        field = self.query_one("#path", Input)
        value = typed(field.value).strip()
        if value:
            current = Path(value)
            if current.suffix.lower() in (".md", ".markdown", ".html", ".htm", ".docx", ""):
                field.value = shown(str(current.with_suffix(SUFFIX[self.format])))
        self._show_error("")

    @on(Input.Changed, "#path")
    def _clear_error(self) -> None:
        self._show_error("")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#confirm")
    def action_accept(self) -> None:
        """Check the choices; dismiss with them, or show why they can't be used."""
        text = typed(self.query_one("#path", Input).value).strip()
        if self.web:
            name = Path(text).name
            path, problem = (self.initial_path.with_name(name), "") if name else (None, "Type a file name.")
        else:
            path, problem = check_path(text)
        if path is not None:
            try:
                fmt = format_for(path, self.format)
                check_target(path, self.session_path)
            except TargetError as error:
                path, problem = None, str(error)
        if path is None:
            self._show_error(problem)
            self.query_one("#path", Input).focus()
            return
        clean = self.query_one("#export-clean", Checkbox).value
        self.dismiss(ExportRequest(path, ExportOptions(format=fmt, clean=clean)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog without exporting."""
        self.dismiss(None)


# ------------------------------------------------------------------ the flow
Write = Callable[[Path, ExportOptions, bool], None]
"""`write(path, options, force)`: export there (in a worker), replacing the file only when `force`."""


def confirm_replace(
    host: Screen, request: ExportRequest, write: Write, *, session_path: Path | None, known: Path | None = None
) -> None:
    """Write `request`; when its file exists (and is not `known`, the last export), ask first.

    A refused target (a .toml file, the session itself) is never offered for
    replacing: the write is tried without replacing and fails with the reason.
    """
    path = request.path
    try:
        check_target(path, session_path)
    except TargetError:
        write(path, request.options, False)
        return
    if known is not None and path == known or not (path.exists() or path.is_symlink()):
        write(path, request.options, True)
        return

    def answered(replace: bool | None) -> None:
        if replace:
            write(path, request.options, True)

    host.app.push_screen(
        ConfirmDialog(
            f"Replace {path.name}?",
            f"{path} already exists. Replace it with this {LABEL[request.options.format]} export?",
            confirm_label="Replace",
            cancel_label="Keep it",
        ),
        answered,
    )


def ask_export(
    host: Screen,
    title: str,
    initial_path: Path,
    *,
    session_path: Path | None,
    write: Write,
    deliver: Callable[[ExportRequest], None],
    options: ExportOptions | None = None,
    known: Path | None = None,
) -> None:
    """Show the export dialog; then write (asking before a replace) or, in a browser, deliver."""
    web = host.app.is_web

    def chosen(request: ExportRequest | None) -> None:
        if request is None:
            return
        if web:
            deliver(request)
        else:
            confirm_replace(host, request, write, session_path=session_path, known=known)

    host.app.push_screen(
        ExportDialog(title, initial_path, session_path=session_path, options=options, web=web), chosen
    )


def deliver(app: Any, data: str | bytes, request: ExportRequest) -> None:
    """Hand an export to the browser as a download (textual-serve); on the UI thread."""
    name = request.path.name
    mime = MIME[request.options.format]
    if isinstance(data, bytes):
        app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=mime)
    else:
        app.deliver_text(io.StringIO(data), save_filename=name, mime_type=mime, encoding="utf-8")
    app.notify(name, title="Sent to your browser as a download", markup=False, timeout=10)
