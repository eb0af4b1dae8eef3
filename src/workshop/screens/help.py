"""Provides the help screen: the keys that apply now, and how a session flows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from .. import settings as settings_mod
from .. import themes
from ..keys import LEADER, PRESETS, preset
from ..safe import shown
from ..storage import paths
from ..widgets.session_footer import SessionFooter
from .dismiss_once import DismissOnce


@dataclass(frozen=True)
class KeyRow:
    """One line of the keys table."""

    keys: str
    """The keys, as shown ("d, delete")."""
    description: str
    """What the binding does."""
    binding_id: str
    """The id to use in settings.toml [keymap] (empty = not remappable)."""


def key_rows(screen: Screen) -> list[KeyRow]:
    """Describe the bindings active on `screen`: keys, what they do, binding ids.

    Keys bound to the same binding are merged into one row; bindings with
    no description (cursor movement and the like) are left out.
    """
    app = screen.app
    merged: dict[tuple[str, str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding: Binding = active.binding
        if not binding.description or binding.system:
            continue
        if binding.id == "leader" and preset(app) != LEADER:
            continue  # the leader key does nothing in the standard preset
        marker = (binding.id or "", binding.action, binding.description)
        display = app.get_key_display(binding)
        keys = merged.setdefault(marker, [])
        if display not in keys:
            keys.append(display)
    rows = [
        KeyRow(", ".join(keys), description, binding_id)
        for (binding_id, _action, description), keys in merged.items()
    ]
    # The app's own actions (they have ids) first, then generic moving around.
    rows.sort(key=lambda row: not row.binding_id)
    return rows


GUIDE = """\
## How a Working Backwards session flows

You start from the customer and work back to the product, writing things down
as you go. Each step asks one question; answer it in your own words before
moving on. The steps build on each other:

1. **Customer**: who exactly is this for? One clear group of people beats "everyone".
2. **Problem**: what gets in their way today, and how do they cope now?
3. **Benefit**: what is the single most important thing they gain?
4. **Experience**: what does using it look and feel like, from their side?
5. **Press release**: announce the finished product as if launch day were
   today: a headline, a short summary, the problem, the solution, a quote, how
   to get started. Keep it to about one page; the word count shows how close you are.
6. **FAQ**: the questions customers and your own team will ask, with honest
   answers. Unanswered questions are marked so you can see what is still open.
7. **Review**: read the whole PR/FAQ together, tighten it, and decide what
   happens next.

You can jump to any step at any time; the progress marks show which steps are
not started, in progress or answered.

## Saving

There is no save button to remember. Every change is written to the session
file about a second after you stop typing, and again when you quit. If a save
fails (a read-only folder, a full disk), you are told, your text stays in
memory, saving is retried, and you can use "Save session as…" to keep a copy
elsewhere. Quitting with unsaved work after a failed save asks for a second
press of the quit key.

"Export PR/FAQ" writes the PR/FAQ as a Markdown file next to the session
(later: with your last choices). "Export PR/FAQ as…" offers Markdown, an HTML
page (prints cleanly) or a Word document, and a clean copy to circulate (no
appendices, no unanswered questions). An existing file is replaced only after
you say so. "Copy PR/FAQ" puts the Markdown on the clipboard.

## Where files live
"""


class HelpScreen(DismissOnce, Screen[None]):
    """Keys that apply on the screen underneath, the session flow, saving and files."""

    CSS_PATH = "help.tcss"
    TITLE = "workshop"
    SUB_TITLE = "Help"
    BINDINGS = [
        Binding("escape,f1,q", "close", "Close help", id="close_help"),
    ]

    def __init__(
        self, rows: list[KeyRow], where: str = "", sessions_dir: Path | None = None
    ) -> None:
        """Create the help screen.

        Args:
            rows: The keys to list (see `key_rows`), read from the screen underneath.
            where: The name of that screen ("Sessions", a session title).
            sessions_dir: The sessions folder, shown under "Where files live".
        """
        super().__init__()
        self.rows = rows
        """The keys listed."""
        self.where = where
        """Which screen the keys belong to."""
        self.sessions_dir = sessions_dir or paths.sessions_dir()
        """The sessions folder shown in the text."""

    def compose(self) -> ComposeResult:
        """Keys table, then the guide."""
        # Imported here: `key_for` (above) is used by every screen at start-up,
        # which shouldn't pay for the Markdown and table widgets (issue 7).
        from textual.widgets import DataTable, Markdown

        yield Header()
        with VerticalScroll(id="help"):
            heading = "Keys on this screen" + (f" ({self.where})" if self.where else "")
            yield Static(heading, id="keys-title", markup=False)
            yield DataTable(id="keys", cursor_type="none", zebra_stripes=True, show_cursor=False)
            yield Static(self._remap_text(), id="remap", markup=False)
            yield Markdown(GUIDE + shown(self._files_text()), id="guide")  # folder names may hold anything
        yield SessionFooter()

    def on_mount(self) -> None:
        """Fill the keys table."""
        from textual.widgets import DataTable

        table = self.query_one("#keys", DataTable)
        table.add_column("Keys", key="keys")
        table.add_column("Does", key="does")
        table.add_column("Binding id", key="id")
        muted = themes.text_colour(self.app.theme_variables, "text-muted")  # dimmed: below 4.5:1
        for row in self.rows:
            table.add_row(
                Text(row.keys, style="bold"),
                Text(row.description),
                Text(row.binding_id or "—", style=muted),
            )
        self.query_one("#help").focus()

    def _remap_text(self) -> str:
        path = settings_mod.settings_path()
        return (
            "To change a key, add it under [keymap] in "
            f"{path}, using the binding id, for example:\n"
            "    [keymap]\n"
            '    help = "f1,question_mark"\n'
            "Several keys are separated by commas. Open help from a session to see "
            "the session's binding ids. The theme you pick with the palette's "
            "“Theme” command is remembered in the same file.\n\n"
            f"Key preset: {preset(self.app)} ({PRESETS[preset(self.app)]}). Where the terminal or "
            "laptop takes F-keys or alt keys, use the leader preset: palette → “Keys: leader "
            "preset”, or key_preset = \"leader\" in the same file. Every key above then shows "
            "as the leader key followed by a letter."
        )

    def _files_text(self) -> str:
        trash = paths.trash_dir(self.sessions_dir)
        return (
            "\n"
            f"- Sessions: `{self.sessions_dir}`, one human-readable TOML file each.\n"
            f"- Deleted sessions: `{trash}` (nothing is erased; move a file back to restore it).\n"
            f"- Settings (theme and keys): `{settings_mod.settings_path()}`\n"
            f"- Crash logs: `{paths.log_dir()}`\n"
            f"- Your own templates: `{paths.config_dir() / 'templates'}`\n"
        )

    def action_close(self) -> None:
        """Go back to the screen underneath."""
        self.dismiss(None)
