"""Provides the start-up floor for the benchmarks: Textual alone, showing what workshop's first frame shows.

No workshop code: a Header, where-we-are and question lines, an Input and two
soft-wrapping TextAreas with their labels, a status line. The text typed goes
into the Input (focused at start), so a benchmark can see that it accepts keys;
ctrl+q quits. Comparing workshop with this app separates what Textual needs
to draw such a screen from what workshop itself adds (reading the session and
template, the lock, the model, its own code).

    python benchmarks/floor_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Static, TextArea

QUESTION = "Who exactly is the customer? (floor app)"
"""What the benchmark waits for on screen (its first 28 characters)."""


class FloorApp(App[None]):
    """The widgets of workshop's first frame, and nothing else."""

    CSS = """
    #question { text-style: bold; background: $boost; border-left: thick $accent; padding: 1 2; }
    #where { color: $text-muted; padding: 0 1; }
    TextArea { height: auto; min-height: 4; max-height: 10; }
    #status { dock: bottom; height: 1; }
    """

    def compose(self) -> ComposeResult:
        """Header, question, three answer boxes, status line."""
        yield Header()
        with Vertical():
            yield Static("Customer  ·  Step 1 of 19  ·  10 min suggested", id="where")
            yield Static(QUESTION, id="question")
            with VerticalScroll():
                yield Label("Customer segment")
                yield Input(placeholder="Who, in a few words", id="first")
                yield Label("Their context")
                yield TextArea(soft_wrap=True)
                yield Label("Their needs")
                yield TextArea(soft_wrap=True)
        yield Static("0/16 steps answered   Press release 0 / 500 words   Saved", id="status")

    def on_mount(self) -> None:
        """Put the cursor in the first box, as workshop does."""
        self.query_one("#first", Input).focus()


if __name__ == "__main__":
    FloorApp().run()
