"""Snapshots of presenter mode and the voting view at 100x32 (fixed clock, fixed data)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from workshop import content, store
from workshop.model import clock
from workshop.model.live import LiveSession

SIZE = (100, 32)


def _prepare(path: Path, fill) -> Path:
    """Load the session at `path`, let `fill(live)` add live-session state, save it."""
    template = content.resolve(None)
    session = store.load(path)
    session.participants[:] = ["Ana", "Ben", "Caro"]
    session.current_step = "problem-benefit"
    fill(LiveSession(session, template))
    store.save(session, path, template)
    return path


def _brainstorm(live: LiveSession) -> None:
    """Mid-brainstorm: items with authors, a silent round holding two ideas, the clock running."""
    live.add_idea("problem-benefit", "Get back every dollar you're owed", author="Ana")
    live.add_idea("problem-benefit", "Stop arguing with the landlord", author="Ben")
    live.add_idea("problem-benefit", "Know what's expected before moving out", author="")
    live.start_round("problem-benefit")
    live.add_idea("problem-benefit", "A hidden idea nobody may see yet", author="Caro")
    live.add_idea("problem-benefit", "Another hidden one", author="Ana")
    live.start_timer("problem-benefit", clock.now() - timedelta(minutes=9, seconds=25))
    live.set_contributor("Caro")


def test_presenter_mode(snap_compare, make_app, sample_session: Path) -> None:
    path = _prepare(sample_session, _brainstorm)

    async def present(pilot) -> None:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()

    assert snap_compare(make_app(session_path=path), terminal_size=SIZE, run_before=present)


def _vote(live: LiveSession) -> None:
    """A vote in progress: stacked dots, a tie at the top, two people out of dots."""
    live.session.set_answer(
        "problem-benefit",
        "candidates",
        [
            "Get back every dollar you're owed",
            "Stop arguing with the landlord",
            "Know what's expected before moving out",
            "Keep rental paperwork in one place",
        ],
    )
    vote = live.start_vote("problem-benefit")
    first, second, third, _ = (option.id for option in vote.options)
    for voter, option in [
        ("Ana", first), ("Ana", first), ("Ana", third),
        ("Ben", second), ("Ben", second), ("Ben", first),
        ("Caro", second),
    ]:
        live.cast(vote, option, voter)
    live.set_contributor("Caro")


def test_voting_view(snap_compare, make_app, sample_session: Path) -> None:
    path = _prepare(sample_session, _vote)

    async def vote(pilot) -> None:
        await pilot.pause()
        await pilot.press("alt+v")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(make_app(session_path=path), terminal_size=SIZE, run_before=vote)
