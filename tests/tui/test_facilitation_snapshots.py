"""Snapshots of presenter mode and the voting view at 100x32 (fixed clock, fixed data)."""

from __future__ import annotations

from datetime import timedelta

from facilitation_host import SIZE, HostApp, make_host

from workshop.model import clock


def _presenter_app() -> HostApp:
    """Presenter mode mid-brainstorm: items with authors, a silent round, the timer running."""
    app = make_host()
    live = app.live
    live.add_idea("problem-benefit", "Get back every dollar you're owed", author="Ana")
    live.add_idea("problem-benefit", "Stop arguing with the landlord", author="Ben")
    live.add_idea("problem-benefit", "Know what's expected before moving out", author="")
    live.start_round("problem-benefit")
    live.add_idea("problem-benefit", "A hidden idea nobody may see yet", author="Caro")
    live.add_idea("problem-benefit", "Another hidden one", author="Ana")
    now = clock.now()
    live.start_timer("problem-benefit", now - timedelta(minutes=9, seconds=25))
    live.set_contributor("Caro")
    return app


def test_presenter_mode(snap_compare) -> None:
    async def present(pilot) -> None:
        await pilot.press("f7")
        await pilot.pause()

    assert snap_compare(_presenter_app(), terminal_size=SIZE, run_before=present)


def _voting_app() -> HostApp:
    """A vote in progress: stacked dots, a tie at the top, one person out of dots."""
    app = make_host()
    live = app.live
    app.document.session.set_answer(
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
    return app


def test_voting_view(snap_compare) -> None:
    async def vote(pilot) -> None:
        await pilot.press("alt+v")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(_voting_app(), terminal_size=SIZE, run_before=vote)
