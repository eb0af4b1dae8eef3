"""Provides StepHelpPanel: a step's help text (guidance, worked example, notes) that opens and closes."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Collapsible

from .safe_text import shown


class StepHelpPanel(Collapsible):
    """A collapsible help text whose Markdown is only built when first opened.

    Most panels stay closed, so building them lazily keeps moving between
    steps quick. Not called `HelpPanel`: Textual shows and hides its own keys
    panel (palette → Keys) by that class name, which removed these panels.
    """

    text = ""
    """The Markdown shown when open."""
    built = False
    """True once the Markdown has been built."""

    def __init__(self, text: str, *, title: str, collapsed: bool, id: str) -> None:
        """Create the panel.

        Args:
            text: Markdown shown when open.
            title: The toggle's title.
            collapsed: Start closed.
            id: Widget id (`guidance`, `example`, `notes`).
        """
        children = [] if collapsed else [_markdown(text)]
        super().__init__(*children, title=title, collapsed=collapsed, id=id, classes="help-panel")
        self.text = text
        self.built = not collapsed

    def watch_collapsed(self, collapsed: bool) -> None:
        """Build the Markdown the first time the panel opens (after Collapsible's own watcher)."""
        if not collapsed and self.is_mounted and not self.built:
            self.built = True
            self.query_one(Collapsible.Contents).mount(_markdown(self.text))


def _markdown(text: str) -> Widget:
    """A Markdown widget for a help text (Textual's Markdown is imported on first use)."""
    from textual.widgets import Markdown

    return Markdown(shown(text))
