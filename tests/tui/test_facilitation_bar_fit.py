"""Pilot tests: the facilitation bar's hint lines fit their width (80x24 and 120x40), whole hints only."""

from __future__ import annotations

import pytest
from facilitation_host import make_host
from rich.cells import cell_len

from workshop.keys import key_for
from workshop.widgets.brainstorm import round_summary_pieces
from workshop.widgets.facilitation_bar import FacilitationBar, agenda_pieces
from workshop.widgets.fitted_line import FittedLine
from workshop.widgets.roster import RosterBar

PEOPLE = ("Alexandra", "Bartholomew", "Caroline")


def _whole(shown: str, pieces, sep: str) -> bool:
    """True when `shown` is some of the pieces (full or short form), in order, nothing cut."""
    rest = shown
    for full, short in pieces:
        for form in (full, short):
            if form and rest.startswith(form):
                rest = rest[len(form):]
                rest = rest[len(sep):] if rest.startswith(sep) else rest
                break
    return rest == ""


def _check(bar: FacilitationBar, width: int) -> dict[str, str]:
    lines = {}
    for line_id, pieces, sep in (
        ("#fac-round", [*round_summary_pieces(bar.live, bar.step_id, bar), ("alt+i adds ideas", "")], " "),
        ("#fac-agenda", agenda_pieces(bar.live, bar.step_id, bar), " · "),
    ):
        line = bar.query_one(line_id, FittedLine)
        shown = str(line.render())
        room = line.content_region.width
        assert 0 < room < width
        assert cell_len(shown) <= room, (line_id, room, shown)
        assert _whole(shown, pieces, sep), (line_id, shown)
        lines[line_id] = shown
    roster = bar.query_one(RosterBar)
    shown = roster.render().plain
    assert cell_len(shown) <= roster.content_region.width, shown
    assert shown.endswith(("anonymous", "next", "roster")), shown  # a whole hint or none
    lines["roster"] = shown
    return lines


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_bar_s_hint_lines_fit_whole(clock, size):
    app = make_host(participants=PEOPLE)
    live = app.live
    async with app.run_test(size=size) as pilot:
        bar = app.screen.query_one(FacilitationBar)
        await pilot.pause()
        first = _check(bar, size[0])
        assert "alt+s" in first["#fac-round"]  # the key to start a round survives at 80 columns
        if size[0] >= 120:  # room enough: everything in full
            assert first["#fac-round"].endswith("alt+s starts a silent round. alt+i adds ideas")
            assert first["roster"].endswith(f"{key_for(bar, 'next_contributor', 'ctrl+o')} next · alt+o roster")
        live.start_round(bar.step_id)
        live.add_idea(bar.step_id, "One", author="Alexandra")
        live.add_idea(bar.step_id, "Two", author="Bartholomew")
        live.start_timer("customer-who")  # the clock runs on another step
        bar.show()
        await pilot.pause()
        second = _check(bar, size[0])
        assert "alt+r" in second["#fac-round"]
        assert second["#fac-agenda"].endswith("alt+a agenda"), second
        assert "clock" in second["#fac-agenda"]
