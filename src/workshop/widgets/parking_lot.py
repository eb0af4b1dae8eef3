"""Provides ParkingTable: the parking lot as a table (point, step, who, when)."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text

from .. import themes
from ..model.live import LiveSession, display_name
from ..safe import shown
from .record_table import RecordTable


class ParkingTable(RecordTable):
    """One row per parked point; row keys are the items' ids."""

    COLUMNS = (("Parked point", "text"), ("During", "step"), ("Raised by", "author"), ("When", "when"))

    def records(self, live: LiveSession) -> Iterable[tuple[str, tuple[Text, ...]]]:
        """One row per parked point."""
        try:
            variables = self.app.theme_variables
        except RuntimeError:  # not mounted in an app (tests): the terminal's colour
            variables = {}
        muted = f"italic {themes.text_colour(variables, 'text-muted')}".strip()
        for item in live.state.parking_lot:
            yield item.id, (
                Text(shown(item.text.replace("\n", " "))),
                Text(shown(live.step_title(item.step)) if item.step else "—"),
                Text(shown(display_name(item.author)), style="" if item.author else muted),
                Text(item.created.astimezone().strftime("%H:%M")),
            )
