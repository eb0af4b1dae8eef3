"""Provides SafeCommandPalette: ctrl+p's palette, safe to page before it is laid out and dismissed once.

Its page keys do nothing while the command list has no size yet (see
`widgets/paging.py`, whose `can_page` it shares with every option list), and it
starts no search when it was closed before it was mounted (ctrl+p Escape typed
ahead).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.events import Mount

from ..widgets.paging import can_page
from .dismiss_once import DismissOnce


class SafeCommandPalette(DismissOnce, CommandPalette):
    """The command palette: page keys safe while its list has no size yet; dismissed once."""

    DEFAULT_CSS = """
    SafeCommandPalette CommandList {
        min-width: 7;  /* as SafeOptionList: never wrap its text at zero columns */
    }
    """

    BINDINGS = [
        Binding("pagedown", "page_commands(1)", "Next page", show=False),
        Binding("pageup", "page_commands(-1)", "Previous page", show=False),
    ]

    def _on_mount(self, event: Mount) -> None:
        """Skip the palette's own mount (its first search) when it was closed before it."""
        # ctrl+p then Escape typed ahead: dismissed before mounted, the search
        # worker then looked for a list already removed (NoMatches 'CommandList').
        if self._dismissed:
            event.prevent_default()

    def action_page_commands(self, direction: int) -> None:
        """Page the command list down (1) or up (-1), when it can be paged."""
        found = self.query(CommandList)
        if not found:
            return
        commands = found.first(CommandList)
        if can_page(commands):
            (commands.action_page_down if direction > 0 else commands.action_page_up)()
