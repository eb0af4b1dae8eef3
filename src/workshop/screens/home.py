"""Provides the home screen: the list of sessions, and new / open / export / delete."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click, Resize
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from .. import store, themes
from ..export.target import ExistsError, TargetError
from ..export.write import LABEL, ExportOptions
from ..keys import key_for
from ..model import clock
from ..model.text import plural
from ..safe import shown
from ..storage import paths
from ..storage.tomlio import FileProblem
from ..widgets.session_footer import SessionFooter
from .dialogs import ConfirmDialog

if TYPE_CHECKING:
    from ..model.session import Session
    from ..model.template import Template
    from .export_dialog import ExportRequest

BROKEN_MARK = "⚠"
"""Marks a session file that can't be read."""

_TEMPLATE_WIDTH = 17
_PROGRESS_WIDTH = 13
_UPDATED_WIDTH = 16


def progress_text(answered: int, total: int, width: int = 6, muted: str = "") -> Text:
    """Return `██░░░░ 2/6`-style progress for a table cell (`muted`: the colour of "?" and "░")."""
    if total <= 0:
        return Text("?", style=muted)
    filled = round(width * answered / total)
    text = Text()
    text.append("█" * filled)
    text.append("░" * (width - filled), style=muted)
    text.append(f" {answered}/{total}")
    return text


def ago(when: datetime, now: datetime) -> str:
    """Return how long ago `when` was, in words ("5 min ago", "yesterday")."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h ago"
    days = hours // 24
    if days == 1:
        return "yesterday"
    if days < 30:
        return f"{days} days ago"
    return when.astimezone().strftime("on %Y-%m-%d")


def pretty_path(path: Path) -> str:
    """Return `path` for display, with the home folder shortened to `~`."""
    try:
        return "~/" + str(Path(path).relative_to(Path.home()))
    except ValueError:
        return str(path)


def _clip(text: str, width: int) -> str:
    """Shorten `text` to `width` cells with an ellipsis."""
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class SessionTable(DataTable[object]):
    """The sessions table; Enter opens the highlighted session.

    A click on another row only highlights it; clicking the highlighted
    row again (or double-clicking) opens it.
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="open_session"),
    ]

    just_highlighted = False
    """True when the last selection came from a click that moved the cursor."""

    async def _on_click(self, event: Click) -> None:
        before = self.cursor_row
        await super()._on_click(event)
        self.just_highlighted = self.cursor_row != before and event.chain < 2

    def action_select_cursor(self) -> None:
        """Open the highlighted row (keyboard)."""
        self.just_highlighted = False
        super().action_select_cursor()


class HomeScreen(Screen[None]):
    """Lists the sessions in the sessions folder, most recently updated first."""

    CSS_PATH = "home.tcss"
    TITLE = "workshop"
    SUB_TITLE = "Sessions"
    BINDINGS = [
        Binding("n", "new_session", "New", id="new_session"),
        Binding("e", "export", "Export", id="export_session"),
        Binding("d,delete", "delete", "Delete", id="delete_session"),
        Binding("r,f5", "refresh", "Refresh", id="refresh_sessions"),
    ]

    def __init__(self, sessions_dir: Path) -> None:
        """Create the screen.

        Args:
            sessions_dir: The folder whose sessions are listed.
        """
        super().__init__()
        self.sessions_dir = Path(sessions_dir)
        """The folder listed here; new sessions are created in it."""
        self.rows: list[store.SessionInfo] = []
        """The sessions shown, in display order."""
        self.loaded = False
        """True once the folder has been read at least once."""
        self.focus_path: Path | None = None
        """A session to highlight after the next reload (the one last opened)."""

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        """Header, status line, table or empty state, details, footer."""
        yield Header()
        with Vertical(id="home"):
            yield Static("", id="status", markup=False)
            yield SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="empty")
            yield Static("", id="details")
        yield SessionFooter()

    def on_mount(self) -> None:
        """Set up the table and start reading the folder."""
        table = self.query_one(SessionTable)
        table.add_column("Title", key="title")
        table.add_column("Template", key="template", width=_TEMPLATE_WIDTH)
        table.add_column("Progress", key="progress", width=_PROGRESS_WIDTH)
        table.add_column("Updated", key="updated", width=_UPDATED_WIDTH)
        self._set_status(f"Reading {pretty_path(self.sessions_dir)} …")
        self.query_one("#empty").display = False
        self.refresh_list()

    def on_screen_resume(self) -> None:
        """Re-read the folder when coming back from a session or dialog."""
        if self.loaded:
            self.refresh_list()

    # ------------------------------------------------------------ loading
    def refresh_list(self) -> None:
        """Re-read the sessions folder in a worker."""
        self._load_sessions()

    @work(thread=True, exclusive=True, group="home-list")
    def _load_sessions(self) -> None:
        worker = get_current_worker()
        try:
            rows = store.list_sessions(self.sessions_dir)
        except Exception as error:  # noqa: BLE001 - a listing problem must not end the app
            if not worker.is_cancelled:
                self.app.call_soon_from_thread(self._show_failure, f"{type(error).__name__}: {error}")
            return
        if not worker.is_cancelled:
            self.app.call_soon_from_thread(self._show_rows, rows)

    def _show_failure(self, reason: str) -> None:
        self._set_status(
            f"Can't list the sessions in {pretty_path(self.sessions_dir)}: {reason}", error=True
        )

    def _show_rows(self, rows: list[store.SessionInfo]) -> None:
        """Fill the table, keeping the highlighted session highlighted."""
        if not self.is_attached:
            return
        table = self.query_one(SessionTable)
        keep = self.focus_path or (self.selected.path if self.selected else None)
        self.focus_path = None
        self.rows = rows
        self.loaded = True
        self._fill_table()
        if keep is not None:
            wanted = keep.resolve()
            for index, row in enumerate(rows):
                if row.path == keep or row.path.resolve() == wanted:
                    table.move_cursor(row=index, animate=False)
                    break
        broken = sum(1 for row in rows if row.problem)
        count = len(rows) - broken
        status = f"{plural(count, 'session')} in {pretty_path(self.sessions_dir)}"
        if broken:
            status += (
                f" · {plural(broken, 'file')} can't be read "
                f"(marked {BROKEN_MARK}; highlight one to see why)"
            )
        self._set_status(status, error=False)
        empty = not rows
        table.display = not empty
        self.query_one("#details").display = not empty
        self.query_one("#empty").display = empty
        if empty:
            self._show_empty_state()
        elif self.is_current:
            table.focus()
        self._show_details()
        self.refresh_bindings()

    def _fill_table(self) -> None:
        table = self.query_one(SessionTable)
        table.clear()
        fixed = _TEMPLATE_WIDTH + _PROGRESS_WIDTH + _UPDATED_WIDTH + 2 * 4 + 2
        title_width = max(16, (table.size.width or self.app.size.width) - fixed)
        table.columns["title"].width = title_width
        table.columns["title"].auto_width = False
        # Rich Text can't name theme variables: resolve the text colours (see workshop.themes).
        error = themes.text_colour(self.app.theme_variables, "text-error") or "red"
        muted = themes.text_colour(self.app.theme_variables, "text-muted")
        for row in self.rows:
            if row.problem:
                cells = [
                    Text(
                        _clip(f"{BROKEN_MARK} {shown(row.path.name)}", title_width),
                        style=f"bold {error}",
                    ),
                    Text("—", style=muted),
                    Text("unreadable", style=error),
                    Text("—", style=muted),
                ]
            else:
                updated = (
                    row.updated.astimezone().strftime("%Y-%m-%d %H:%M") if row.updated else "—"
                )
                cells = [
                    Text(_clip(shown(row.title), title_width)),
                    Text(_clip(shown(row.template_id), _TEMPLATE_WIDTH)),
                    progress_text(row.answered, row.total, muted=muted),
                    Text(updated),
                ]
            table.add_row(*cells, key=str(row.path))

    def on_resize(self, event: Resize) -> None:
        """Re-fit the title column to the new width."""
        if self.loaded and self.rows:
            table = self.query_one(SessionTable)
            cursor = table.cursor_row
            self._fill_table()
            table.move_cursor(row=cursor, animate=False)

    def _show_empty_state(self) -> None:
        new_key = self._key("new_session", "n")
        help_key = self._key("help", "f1")
        self.query_one("#empty", Static).update(
            Content.assemble(
                ("No sessions yet.\n\n", "bold"),
                "A session walks you, alone or with your team, through Working Backwards: "
                "who the customer is, the problem they have, the benefit you offer and how "
                "it feels to use, and then a one-page press release and an FAQ, written "
                "before anything is built.\n\n",
                "Press ",
                (new_key, "bold"),
                " to start your first session, ",
                (help_key, "bold"),
                f" for help, or {self._key('command_palette', 'ctrl+p')} for every command.\n\n",
                (shown(f"Sessions are saved as files in {pretty_path(self.sessions_dir)}"), "$text-muted"),
            )
        )

    def _key(self, binding_id: str, default: str) -> str:
        return key_for(self, binding_id, default)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(shown(text))
        status.set_class(error, "-error")

    # ------------------------------------------------------------ selection
    @property
    def selected(self) -> store.SessionInfo | None:
        """The highlighted session, or None when the list is empty."""
        table = self.query_one(SessionTable)
        if not self.rows or table.row_count == 0:
            return None
        index = table.cursor_row
        if 0 <= index < len(self.rows):
            return self.rows[index]
        return None

    @on(DataTable.RowHighlighted, "#sessions")
    def _highlighted(self) -> None:
        self._show_details()

    def _show_details(self) -> None:
        details = self.query_one("#details", Static)
        row = self.selected
        if row is None:
            details.update("")
            return
        if row.problem:
            details.update(
                Content.assemble(
                    (f"{BROKEN_MARK} Can't read this file. ", "bold $text-error"),
                    (shown(row.problem.replace(str(row.path), pretty_path(row.path))), "$text-error"),
                    "\nIt is left exactly as it is: fix it in a text editor, "
                    "or delete it (it moves to the trash folder).",
                )
            )
            details.set_class(True, "-error")
            return
        details.set_class(False, "-error")
        when = ""
        if row.updated is not None:
            when = f"updated {ago(row.updated, clock.now())} · "
        details.update(
            Content.assemble(
                (shown(row.title), "bold"),
                "\n",
                (
                    f"{when}{row.answered} of {plural(row.total, 'step')} answered"
                    f" · {shown(pretty_path(row.path))}",
                    "$text-muted",
                ),
            )
        )

    @on(DataTable.RowSelected, "#sessions")
    def _selected(self) -> None:
        table = self.query_one(SessionTable)
        if table.just_highlighted:
            table.just_highlighted = False
            return
        self.action_open()

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the actions that need a session while the list is empty."""
        if action in ("open", "export", "delete") and self.selected is None:
            return None
        return True

    def action_open(self) -> None:
        """Open the highlighted session."""
        row = self.selected
        if row is None:
            return
        if row.problem:
            self.app.notify(
                f"{row.problem}\nThe file is left as it is; fix it in an editor, then refresh.",
                title="Can't open this session",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.app.open_session(row.path)  # type: ignore[attr-defined]

    def action_new_session(self) -> None:
        """Ask for a title, template and people, create the session and open it."""
        from .new_session import NewSessionScreen

        def created(path: Path | None) -> None:
            if path is not None:
                self.app.open_session(path)  # type: ignore[attr-defined]

        self.app.push_screen(NewSessionScreen(self.sessions_dir), created)

    def action_refresh(self) -> None:
        """Read the sessions folder again."""
        self._set_status(f"Reading {pretty_path(self.sessions_dir)} …")
        self.refresh_list()

    def action_delete(self) -> None:
        """Move the highlighted session to the trash folder, after confirmation."""
        row = self.selected
        if row is None:
            return
        trash = paths.trash_dir(row.path.parent)
        name = row.title if not row.problem else row.path.name

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._trash(row.path)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete “{name}”?",
                f"The file {row.path.name} moves to the trash folder {trash}. "
                "Nothing is erased: move it back from there to restore it.",
                confirm_label="Delete",
            ),
            confirmed,
        )

    @work(thread=True, group="home-files")
    def _trash(self, path: Path) -> None:
        try:
            target = store.move_to_trash(path)
        except OSError as error:
            self.app.call_soon_from_thread(
                self.app.notify,
                f"{path}: {error.strerror or error}",
                title="Not deleted",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.app.call_soon_from_thread(
            self.app.notify,
            f"Moved to {target}",
            title="Session deleted",
            timeout=10,
            markup=False,
        )
        self.app.call_soon_from_thread(self.refresh_list)

    def action_export(self) -> None:
        """Export the highlighted session (asks the format, a clean copy or not, and where; suggests next to it)."""
        row = self.selected
        if row is None:
            return
        if row.problem:
            self.app.notify(
                row.problem,
                title="Can't export an unreadable file",
                severity="error",
                timeout=15,
                markup=False,
            )
            return

        from .export_dialog import ask_export

        ask_export(
            self,
            row.title,
            row.path.with_suffix(".md"),
            session_path=row.path,
            write=lambda target, options, force: self._export(row.path, target, options, force),
            deliver=lambda request: self._deliver(row.path, request),
        )

    @work(thread=True, group="home-files")
    def _export(self, source: Path, target: Path, options: ExportOptions | None = None, force: bool = False) -> None:
        try:
            warning = export_file(source, target, options, force=force)
        except (OSError, FileProblem, TargetError) as error:
            message = error.describe() if isinstance(error, FileProblem) else str(error)
            if isinstance(error, ExistsError):
                message = f"{target} already exists (created meanwhile); export again to replace it."
            self.app.call_soon_from_thread(
                self.app.notify,
                message,
                title="Not exported",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.app.call_soon_from_thread(
            self.app.notify,
            f"Wrote {target}" + (f"\n{warning}" if warning else ""),
            title=f"Exported to {LABEL[(options or ExportOptions()).format]}",
            severity="warning" if warning else "information",
            timeout=10,
            markup=False,
        )

    @work(thread=True, group="home-files")
    def _deliver(self, source: Path, request: "ExportRequest") -> None:
        from ..export.write import render
        from .export_dialog import deliver

        try:
            session, template, _warning = load_for_export(source)
            body = render(session, template, request.options)
        except (OSError, FileProblem) as error:
            message = error.describe() if isinstance(error, FileProblem) else str(error)
            self.app.call_soon_from_thread(
                self.app.notify, message, title="Not exported", severity="error", timeout=15, markup=False
            )
            return
        self.app.call_soon_from_thread(deliver, self.app, body, request)

    # ------------------------------------------------------------ palette
    def commands(self) -> Iterable[SystemCommand]:
        """This screen's commands for the command palette."""
        yield SystemCommand(
            "New session", "Start a new Working Backwards session", self.action_new_session
        )
        if self.selected is not None:
            yield SystemCommand("Open session", "Open the highlighted session", self.action_open)
            yield SystemCommand(
                "Export PR/FAQ…",
                "The highlighted session as Markdown, an HTML page or Word; a clean copy or everything",
                self.action_export,
            )
            yield SystemCommand(
                "Delete session",
                "Move the highlighted session to the trash folder",
                self.action_delete,
            )
        yield SystemCommand(
            "Refresh sessions", "Read the sessions folder again", self.action_refresh
        )


def load_for_export(source: Path) -> tuple[Session, Template | None, str]:
    """Load a session file and its template for an export; the warning says when the template is missing.

    Raises:
        FileProblem: the session can't be read.
    """
    from .. import content

    session = store.load(source)
    try:
        return session, content.resolve_id(session.template_id), ""
    except (LookupError, FileProblem):
        return session, None, (
            f"Template {session.template_id!r} was not found; the answers are exported "
            "without its questions."
        )


def export_file(source: Path, target: Path, options: ExportOptions | None = None, *, force: bool = False) -> str:
    """Export a session file to `target` (Markdown unless `options` say otherwise); return a warning (or "").

    Raises:
        FileProblem: the session can't be read.
        TargetError: the target is refused (a .toml file, the session itself, or
            an existing file without `force`: ExistsError).
        OSError: the file can't be written.
    """
    from ..export.write import write_export

    session, template, warning = load_for_export(source)
    write_export(session, template, target, session_path=source, options=options, force=force)
    return warning
