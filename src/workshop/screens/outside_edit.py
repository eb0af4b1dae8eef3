"""Provides the outside-edit dialog and OutsideEditPart: what a session screen does when its file changed on disk.

When a save finds the session file changed outside workshop (an editor,
`git checkout`, a sync tool), `OpenDocument.write` refuses to overwrite it
and keeps their version in the backups (see workshop.storage.outside). The session
screen then pauses autosave for that document and shows `OutsideEditDialog`:

- **Reload theirs**: the file is loaded into the screen; what was typed here
  is kept in the backups first (reason `mine`).
- **Keep mine**: this version is saved over the file; theirs stays in the
  backups (reason `outside`, `workshop restore` lists it).
- **Keep both**: this version is saved as a new session beside the file
  ("<title> (my copy)", a new id), and this window goes on editing the copy,
  since that is the work on screen; their file is left as it is.
- **Decide later** (Escape): autosave stays paused, the status line says
  "NOT SAVED: file changed outside", and the palette command "Resolve outside
  change" brings the dialog back.

The session screen makes one `OutsideEditPart(self)`, passing itself as the
part's `OutsideEditHost` (the Protocol below); it calls `show()` when a save
result carries `outside` and when a save is asked for while the document is
paused, forwards the action `resolve_outside_change`, and yields `commands()`
among its palette commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Iterable, Protocol

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..keys import keys_text
from ..widgets.safe_text import shown
from .dismiss_once import DismissOnce

if TYPE_CHECKING:
    from textual.app import App

    from ..autosave import Autosave
    from ..document import OpenDocument
    from ..storage.outside import OutsideChange
    from ..widgets.navigator import StepNavigator
    from ..widgets.status_bar import SessionStatusBar

PAUSED_DETAIL = "file changed outside"
"""The status line's reason while autosave waits for the user's choice."""
CHOICES = ("reload", "mine", "both")
"""What the dialog can answer (None: decide later)."""


class OutsideEditDialog(DismissOnce, ModalScreen["str | None"]):
    """Explain that the session file changed on disk; dismiss with a choice of `CHOICES` or None."""

    CSS_PATH = "outside_edit.tcss"
    BINDINGS = [
        Binding("escape", "later", "Decide later", id="dialog_cancel"),
        Binding("left", "app.focus_previous", "Previous choice", show=False),
        Binding("right", "app.focus_next", "Next choice", show=False),
    ]

    def __init__(self, change: OutsideChange, title: str) -> None:
        """Create the dialog.

        Args:
            change: What was found on disk (file, time, where their version is kept).
            title: The session's title (for the name of the copy).
        """
        super().__init__()
        self.change = change
        """The outside change being decided."""
        self.session_title = title
        """The session's title on screen."""

    def compose(self) -> ComposeResult:
        """The question, what each choice does, the buttons and key hints."""
        change = self.change
        kept = (
            f"Their version is kept in the backups: {change.backup}"
            if change.backup
            else "Their version could NOT be copied to the backups (the folder is not writable)."
        )
        with Vertical(id="dialog", classes="dialog"):
            yield Static(shown(change.describe()), id="dialog-title", markup=False)
            yield Static(
                shown(
                    "Another program (an editor, git, a sync tool) changed this session's file "
                    "while it was open here. Autosave is paused, so neither version is lost. "
                    + kept
                ),
                id="dialog-message",
                markup=False,
            )
            yield Static(
                "Reload theirs: load the file into this window. What you typed here is kept "
                "in the backups first.",
                classes="outside-choice",
                markup=False,
            )
            yield Static(
                shown(
                    "Keep mine: save your version over the file. Theirs stays in the backups "
                    f"(`workshop restore {change.path.stem} --list` shows it)."
                ),
                classes="outside-choice",
                markup=False,
            )
            yield Static(
                shown(
                    f"Keep both: save your version as a new session, “{self.session_title} "
                    "(my copy)”, beside it and go on working on it here. Their file stays as it is."
                ),
                classes="outside-choice",
                markup=False,
            )
            with Horizontal(id="dialog-buttons"):
                yield Button("Reload theirs", id="reload")
                yield Button("Keep mine", id="mine")
                yield Button("Keep both", id="both", variant="primary")
                yield Button("Decide later", id="later")
            yield Static(
                keys_text(self, "Enter: the focused choice · Tab/←→: switch · {dialog_cancel}: decide later"),
                id="dialog-keys",
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus "Keep both": nothing is replaced by accident."""
        self.query_one("#both", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        self.dismiss(choice if choice in CHOICES else None)

    def action_later(self) -> None:
        """Close without deciding (autosave stays paused)."""
        self.dismiss(None)


class OutsideEditHost(Protocol):
    """What the outside-edit part may ask of its screen (the session screen)."""

    document: OpenDocument
    """The open session."""
    autosave: Autosave
    """Its autosave state (paused here until the user decides)."""
    title: Any
    """The screen's title (the session's, after a reload)."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def status_bar(self) -> SessionStatusBar: ...
    @property
    def navigator(self) -> StepNavigator | None: ...
    def flush_edits(self) -> None: ...
    def key(self, binding_id: str, default: str) -> str: ...
    def save_in_background(self) -> None: ...
    def stop_save_timers(self) -> None: ...
    def refresh_status(self) -> None: ...
    def show_step(self, step_id: str | None = None) -> Awaitable[None]: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def run_worker(self, work: Any, **kwargs: Any) -> Any: ...


class OutsideEditPart:
    """Pause autosave and ask the user when the session file changed outside workshop."""

    def __init__(self, host: OutsideEditHost) -> None:
        """Create the part; `host` is the screen (it satisfies OutsideEditHost)."""
        self._host = host
        """The screen this is part of."""
        self._outside_dialog_open = False
        """True while the dialog is on screen (it is never stacked twice)."""

    @property
    def document(self) -> OpenDocument:
        """The open session."""
        return self._host.document

    def show(self, *, again: bool = True) -> None:
        """Show that saving is paused; ask what to do (unless the dialog is already up).

        Args:
            again: Show the dialog even if the user chose "decide later" before.
        """
        change = self.document.outside_change
        if change is None:
            return
        host = self._host
        host.stop_save_timers()
        host.autosave.pause(PAUSED_DETAIL)  # the status line keeps saying why nothing is saved
        bar = host.status_bar
        bar.save_detail = PAUSED_DETAIL
        bar.save_state = "failed"
        if again and not self._outside_dialog_open:
            self._outside_dialog_open = True
            host.app.push_screen(
                OutsideEditDialog(change, self.document.session.title),
                callback=self._outside_chosen,
            )

    def resolve(self) -> None:
        """Bring back the dialog about the file changed outside workshop."""
        if self.document.outside_change is None:
            self._host.notify("Nothing to resolve: the file is saved.", title="No outside change")
            return
        self.show()

    def commands(self) -> Iterable[SystemCommand]:
        """The palette command that brings the dialog back (only while paused)."""
        if self.document.outside_change is not None:
            yield SystemCommand(
                "Resolve outside change",
                "The file changed outside workshop: reload theirs, keep mine or keep both",
                self.resolve,
            )

    # ------------------------------------------------------------ choices
    def _outside_chosen(self, choice: str | None) -> None:
        self._outside_dialog_open = False
        change = self.document.outside_change
        if change is None:
            return
        host = self._host
        host.flush_edits()  # keys typed just before the dialog belong to "mine"
        if choice == "reload":
            self._reload_theirs()
        elif choice == "mine":
            self.document.keep_mine()
            self._resume()
            host.save_in_background()
            where = f" Theirs is kept in the backups: {change.backup}" if change.backup else ""
            host.notify(
                f"Your version is saved over {change.path}.{where}",
                title="Kept mine",
                markup=False,
                timeout=15,
            )
        elif choice == "both":
            self._keep_both(change)
        else:
            palette = host.key("command_palette", "ctrl+p")
            host.notify(
                f"{change.describe()}. Autosave is paused and what you type stays here. "
                f"To choose, use {palette} → “Resolve outside change”.",
                title="NOT SAVED",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _resume(self) -> None:
        host = self._host
        host.autosave.resume()
        host.status_bar.save_detail = ""
        host.status_bar.save_state = "pending" if self.document.dirty else "saved"

    def _reload_theirs(self) -> None:
        from ..storage.tomlio import FileProblem

        host = self._host
        try:
            mine = self.document.reload_theirs()
        except FileProblem as problem:
            host.notify(
                f"{problem.describe()}\nIts version can't be loaded; fix the file, or choose "
                "“Keep mine” or “Keep both”. Autosave stays paused.",
                title="Can't reload",
                severity="error",
                timeout=20,
                markup=False,
            )
            return
        self._resume()
        host.title = shown(self.document.session.title)
        navigator = host.navigator
        if navigator is not None:
            navigator.statuses.clear()
        host.refresh_status()
        host.run_worker(host.show_step(), group="reload-theirs")  # the step current then
        kept = f" What you typed is kept in the backups: {mine}" if mine else ""
        host.notify(
            f"Loaded {self.document.path} as changed outside workshop.{kept}",
            title="Reloaded theirs",
            markup=False,
            timeout=15,
        )

    def _keep_both(self, change: OutsideChange) -> None:
        host = self._host
        result = self.document.keep_both()
        if not result.ok:
            host.notify(
                f"{result.error}\nAutosave stays paused; try again, or use “Save session as…”.",
                title="Not saved",
                severity="error",
                timeout=20,
                markup=False,
            )
            return
        self._resume()
        host.title = shown(self.document.session.title)
        host.notify(
            f"Your version is now {result.path}, open here. Theirs stays in {change.path}.",
            title="Kept both",
            markup=False,
            timeout=15,
        )
