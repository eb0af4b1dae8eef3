"""Provides TeamStatus: one line that shows a hosted session's join link and who is connected."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ..safe import shown

TEAM_STATES = ("starting", "serving", "stopped", "failed")
"""What the team server can be doing."""


class TeamStatus(Static):
    """`Team · 3 connected · http://…/?t=…` under the step; the screen sets the reactives."""

    DEFAULT_CSS = """
    TeamStatus {
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TeamStatus.-failed { color: $text-error; }
    """

    state: reactive[str] = reactive("starting")
    """One of `TEAM_STATES`."""
    link: reactive[str] = reactive("")
    """The join link (empty until the server is up)."""
    connected: reactive[int] = reactive(0)
    """Participants connected now."""
    dropped: reactive[int] = reactive(0)
    """Participants whose device dropped (not removed)."""
    locked: reactive[bool] = reactive(False)
    """Contributions are locked."""
    anonymous: reactive[bool] = reactive(False)
    """Contributions are credited as "anonymous"."""
    problem: reactive[str] = reactive("")
    """Why the server could not start (state "failed")."""

    def render(self) -> Content:
        """The line, built from the reactives (every watch repaints), shortened to fit its width."""
        self.set_class(self.state == "failed", "-failed")
        return Content(self.fitted(self.content_size.width))

    def fitted(self, width: int) -> str:
        """The line in at most `width` cells when it can be: the link whole, the rest shortened first."""
        full = self.text
        if width <= 0 or len(full) <= width or self.state != "serving" or not self.link:
            return full
        total = self.connected + self.dropped
        parts = [f"Team {self.connected}/{total}" if self.dropped else f"Team {self.connected}"]
        if self.locked:
            parts.append("locked")
        if self.anonymous:
            parts.append("anon")
        parts.append(self.link)
        short = shown(" · ".join(parts))
        return short if len(short) <= width else shown(self.link)  # the link is what people need from it

    @property
    def text(self) -> str:
        """The line as plain text (what a test or screen reader reads)."""
        if self.state == "failed":
            return shown(f"Team: not serving: {self.problem}")
        if self.state == "stopped":
            return "Team: stopped; the link no longer works"
        if self.state == "starting" or not self.link:
            return "Team: starting…"
        people = "1 connected" if self.connected == 1 else f"{self.connected} connected"
        parts = [f"Team: {people}"]
        if self.dropped:
            parts.append(f"{self.dropped} dropped")
        if self.locked:
            parts.append("locked")
        if self.anonymous:
            parts.append("anonymous")
        parts.append(f"join: {self.link}")
        return shown(" · ".join(parts))
