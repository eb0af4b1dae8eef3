"""Provides the baseline for the start-up and memory benchmarks: a bare Textual app.

It shows one Static and a Footer, nothing else. Any printable key replaces
the Static's text with `pressed <key>`, so a benchmark can see that the app
accepts keys; ctrl+q quits (Textual's default binding).

    python benchmarks/bare_app.py
"""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

READY_TEXT = "Bare Textual app ready"
"""What the benchmark waits for on screen."""


class BareApp(App[None]):
    """One Static and a Footer."""

    def compose(self) -> ComposeResult:
        """Show the ready text and the footer."""
        yield Static(READY_TEXT, id="message")
        yield Footer()

    def on_key(self, event: events.Key) -> None:
        """Echo a printable key into the Static."""
        if event.is_printable and event.character:
            self.query_one("#message", Static).update(f"pressed {event.character}")


if __name__ == "__main__":
    BareApp().run()
