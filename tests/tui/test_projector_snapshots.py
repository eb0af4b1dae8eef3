"""Snapshots of the projector-safe screen (issue 14 §2) at 120x40 and 80x24.

A new session (no coach marks on steps nobody has reached, a footer with
whole keys only) and the vote screen with long options (wrapped, every
column kept). Regenerate with `--snapshot-update` and look at the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_projector import SIZES, _long_vote


async def _settled(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_new_session(snap_compare, make_app, sample_session: Path, size) -> None:
    assert snap_compare(make_app(session_path=sample_session), terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_vote_with_long_options(snap_compare, make_app, sample_session: Path, size) -> None:
    _long_vote(sample_session)

    async def vote(pilot) -> None:
        await _settled(pilot)
        await pilot.press("alt+v")
        await _settled(pilot)

    assert snap_compare(make_app(session_path=sample_session), terminal_size=size, run_before=vote)
