"""Provides NameScreen: a participant's first screen (their name, and the join link after a refusal).

When joining fails (a wrong or old link, a taken name, a host that is not
there), the participant comes back here with the reason, their name, and
the link in a box of its own: they can fix the name or paste the new link
the facilitator shares, and press Enter to try again.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from ..safe import shown
from ..widgets.entry import EntryInput
from ..widgets.session_footer import SessionFooter

NAME_LIMIT = 40
"""The longest name a participant can give (characters)."""


def clean_name(name: str) -> str:
    """A name as one tidy line: no control or invisible format characters, at most NAME_LIMIT long."""
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in name
        if unicodedata.category(c) != "Cf"
    )
    tidy = " ".join(kept.split())[:NAME_LIMIT].strip()
    return tidy if any(c.isalnum() for c in tidy) else ""


def link_problem(url: str) -> str:
    """Why `url` is not a join link ("" when it is one)."""
    from ..team.client import JoinError, split_link

    try:
        split_link(url)
    except JoinError as error:
        return str(error)
    return ""


class NameScreen(Screen[None]):
    """Asks the participant's name (and, after a refusal, lets them paste a new link), then joins."""

    CSS_PATH = "participant.tcss"

    @dataclass
    class Chosen(Message):
        """The participant gave a name and a link: join with them (the app shows ParticipantScreen)."""

        url: str
        """The join link."""
        name: str
        """The cleaned name."""
        make_client: Callable[[str, str], Any]
        """Builds the team client."""

    def __init__(self, url: str, make_client: Callable[[str, str], Any], *, problem: str = "",
                 name: str = "") -> None:
        """Create the screen.

        Args:
            url: The join link.
            make_client: Builds the team client from (url, name).
            problem: Why the last attempt failed (shown above the box; the link box shows too).
            name: The name to start the box with.
        """
        super().__init__()
        self.url = url
        """The join link (the link box's text once the participant changed it)."""
        self.make_client = make_client
        """Builds the team client."""
        self.problem = problem
        """Why joining failed last time ("" at first)."""
        self.start_name = name
        """What the box starts with."""

    def compose(self) -> ComposeResult:
        """A title, the name box, the link box (after a refusal), the problem if any."""
        yield Header()
        with Vertical(id="name-box"):
            yield Static("Join the workshop", id="name-title")
            yield Static("Your name, as the others and the session file will show it:", id="name-help")
            yield EntryInput(value=self.start_name, placeholder="Your name", id="name", max_length=80)
            yield Static("The join link (paste the new one if the facilitator shared another):",
                         id="link-help", markup=False)
            yield EntryInput(value=self.url, placeholder="http://HOST:PORT/?t=TOKEN", id="link", max_length=2000)
            yield Static(shown(self.problem), id="name-problem", markup=False)
        yield SessionFooter()

    def on_mount(self) -> None:
        """The name box has the focus; the link box shows only after a refusal."""
        self.query_one("#name-problem", Static).display = bool(self.problem)
        for box in self.query("#link-help, #link"):
            box.display = bool(self.problem)
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name, #link")
    def _join(self, event: Input.Submitted) -> None:
        def typed(box: str) -> str:  # the submitted box: its text when Enter was typed
            return event.value if event.input.id == box else self.query_one(f"#{box}", Input).value

        name = clean_name(typed("name"))
        url = "".join(typed("link").split())  # a pasted link may carry spaces or breaks
        problem = self.query_one("#name-problem", Static)
        why = "" if name else "Type a name with at least one letter or digit."
        if name and url != self.url:
            why = link_problem(url)
        if why:
            problem.update(shown(why))
            problem.display = True
            (self.query_one("#name", Input) if not name else self.query_one("#link", Input)).focus()
            return
        self.post_message(self.Chosen(url, name, self.make_client))
