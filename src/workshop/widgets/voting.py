"""Provides VoteBoard (the options with their dots) and TallyPanel (result, ties, dots left)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.dom import DOMNode
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from .. import themes
from ..keys import key_namer
from ..model.live import LiveSession, display_name
from ..model.text import plural
from ..model.voting import Vote
from ..safe import shown

DOT = "●"
"""How one dot is drawn."""


def dots(count: int) -> str:
    """`count` dots as a row of symbols (beyond 9, six dots and the rest as a number)."""
    if count <= 9:
        return DOT * count
    return DOT * 6 + f" +{count - 6}"


class VoteBoard(DataTable):
    """The vote's options in their listed order (the cursor never jumps while voting).

    Columns: total dots, the option, the current voter's own dots. Row keys
    are option ids. Attributes down: the host calls `show(live, vote, voter)`.
    The Option column takes the width the other two leave, and a long option
    wraps onto more lines, so every column stays on screen however narrow the
    terminal (at 80x24 the table used to run off its right edge, "Yours" with it).
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    DOTS_WIDTH = 12
    """Cells of the Dots column (its text)."""
    YOURS_WIDTH = 6
    """Cells of the Yours column (its text)."""
    OPTION_MIN = 12
    """The Option column never gets narrower than this."""

    _shown: tuple[LiveSession, Vote, str] | None = None

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        if not self.columns:
            self.add_column("Dots", key="dots", width=self.DOTS_WIDTH)
            self.add_column("Option", key="option", width=self.option_width())
            self.add_column("Yours", key="yours", width=self.YOURS_WIDTH)

    def option_width(self) -> int:
        """The Option column's text width: what the board's width leaves after the other columns."""
        room = self.scrollable_content_region.width or self.size.width
        padding = 2 * self.cell_padding * 3
        return max(self.OPTION_MIN, room - self.DOTS_WIDTH - self.YOURS_WIDTH - padding)

    def on_resize(self) -> None:
        """Give the Option column the new width; the rows are laid out again for it."""
        column = self.columns.get(ColumnKey("option"))
        width = self.option_width()
        if column is None or column.width == width:
            return
        column.width = width
        column.auto_width = False
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, live: LiveSession, vote: Vote, voter: str) -> None:
        """Fill the board; the cursor stays on the same row.

        A secret ballot still open shows no dots at all, the voter's own
        included (the screen is shared): they appear when the vote closes.
        """
        self._shown = (live, vote, voter)
        row = self.cursor_row
        self.clear()
        secret = vote.hides_dots
        for option in vote.options:
            count = 0 if secret else vote.count(option.id)
            mine = vote.dots_by(voter, option.id) if voter and not secret else 0
            self.add_row(
                Text("secret" if secret else dots(count), style="italic" if secret else "bold"),
                Text(shown(live.option_text(vote, option))),
                Text(dots(mine) if mine else "", style="bold"),
                key=option.id,
                height=None,  # as many lines as the option needs
            )
        if self.row_count:
            self.move_cursor(row=max(0, min(row, self.row_count - 1)))

    def selected_id(self) -> str | None:
        """The option under the cursor, or None."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value


class TallyPanel(Static):
    """The result so far (most dots first, ties marked) and who still has dots left."""

    text: Text = Text()
    """What the panel shows (plain text via `.plain`)."""

    def show(self, live: LiveSession, vote: Vote) -> None:
        """Redraw from the vote."""
        self.text = tally_text(live, vote, self, self.app.theme_variables)
        self.update(self.text)


def tally_text(
    live: LiveSession, vote: Vote, node: DOMNode | None = None, colours: dict[str, str] | None = None
) -> Text:
    """The tally (most dots first, ties marked) and the dots left per person.

    Args:
        node: The widget it is shown in, for key names from the live keymap
            (`keys.key_namer`); none: the default keys.
        colours: The theme's variables, for text colours that reach 4.5:1
            (`workshop.themes`); none: the terminal's default colour.
    """
    colours = colours or {}
    muted = themes.text_colour(colours, "text-muted") if colours else ""
    warning = themes.text_colour(colours, "text-warning") if colours else ""
    success = themes.text_colour(colours, "text-success") if colours else ""
    text = Text()
    text.append("Tally\n", style="bold underline")
    winners = [] if vote.hides_dots else vote.winners()
    rows = [] if vote.hides_dots else [row for row in vote.tally() if row.dots]
    if vote.hides_dots:
        close = key_namer(node)("vote_toggle_closed", "c")
        text.append(
            f"Secret ballot: {plural(vote.total, 'dot')} cast. No tally and no one's dots "
            f"show until the vote is closed ({close}).\n",
            style=f"italic {muted}".strip(),
        )
    elif not rows:
        text.append("No dots yet.\n", style=f"italic {muted}".strip())
    width = max((len(str(row.dots)) for row in rows), default=1)
    for row in rows:
        text.append(f"{row.dots:>{width}} ", style="bold")
        if row.tied:
            text.append("tie ", style=f"bold {warning}".strip())
        elif row.option in winners:
            text.append("top ", style=f"bold {success}".strip())
        else:
            text.append("    ")
        text.append(shown(live.option_text(vote, row.option)))
        text.append("\n")
    if len(winners) > 1:
        text.append(f"A {len(winners)}-way tie at the top.\n", style=f"bold {warning}".strip())
    text.append("\nDots left\n", style="bold underline")
    left = live.votes_left(vote)
    if not left:
        text.append(
            f"Add people to the roster to vote ({key_namer(node)('roster', 'alt+o')}).\n",
            style=f"italic {muted}".strip(),
        )
    unnamed = live.anonymous_round(vote.step)  # an anonymous session, or the step's round
    if unnamed and left:  # no names beside dots on the shared screen
        waiting = sum(1 for _, count in left if count)
        text.append(f"{plural(waiting, 'person', 'people')} still to vote, "
                    f"{plural(sum(count for _, count in left), 'dot')} left\n")
        left = []
    for name, count in left:
        text.append(f"{shown(display_name(name))}: {count} of {vote.dots}\n", style=muted if count == 0 else "")
    for name in vote.ballots if not unnamed else ():
        if name not in live.participants:
            text.append(f"{shown(name)}: {vote.used(name)} cast (not on the roster)\n", style=muted)
    text.rstrip()
    return text
