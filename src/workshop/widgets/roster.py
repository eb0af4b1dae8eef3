"""Provides RosterBar: the participants on one line, the current contributor highlighted."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from .. import themes
from ..model.live import ANONYMOUS
from ..safe import shown


class RosterBar(Widget):
    """Who is in the session, and who is contributing now.

    Attributes down: the host sets `names` and `contributor` after every
    roster change; the bar only draws them.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    names: reactive[tuple[str, ...]] = reactive(tuple, layout=True)
    """The roster, in order."""
    contributor: reactive[str] = reactive("")
    """The current contributor ("" = anonymous)."""
    hint: reactive[str] = reactive("")
    """A short key hint shown after the names (e.g. "ctrl+o next")."""
    hide_names: reactive[bool] = reactive(False)
    """Anonymity (session or round) on a shared screen: show who is on the roster by count only."""

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        muted = themes.text_colour(self.app.theme_variables, "text-muted", on="background")
        if self.hide_names:  # the shared screen names nobody, not even who is next
            text.append(f"{len(self.names)} on the roster · names hidden (anonymous)", style=muted)
            self._append_hint(text, muted)
            return text
        text.append("By ", style=muted)
        everyone = [*self.names, ""]
        for index, name in enumerate(everyone):
            if index:
                text.append(" · ", style=muted)
            label = shown(name) or ANONYMOUS.lower()
            if name == self.contributor:
                text.append(f"▶ {label}", style="bold reverse")
            else:
                text.append(label, style=f"italic {muted}".strip() if not name else "")
        self._append_hint(text, muted)
        return text

    def _append_hint(self, text: Text, style: str) -> None:
        """The hint's " · "-separated parts that fit after the names: whole ones, last dropped first."""
        parts = self.hint.split(" · ") if self.hint else []
        room = self.content_region.width
        while parts and room > 0 and text.cell_len + len("   ") + cell_len(" · ".join(parts)) > room:
            parts.pop()
        if parts:
            text.append("   " + " · ".join(parts), style=style)
