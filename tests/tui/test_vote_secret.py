"""Pilot tests of the vote screen's secret ballot, its keys from the keymap, and anonymity (issue 14 §3)."""

from __future__ import annotations

import pytest
from facilitation_host import SIZE, make_host
from textual.widgets import Static

from workshop.screens.voting import VotingScreen
from workshop.widgets.voting import VoteBoard


def _board(app) -> list[list[str]]:
    board = app.screen.query_one(VoteBoard)
    return [[str(cell) for cell in board.get_row_at(row)] for row in range(board.row_count)]


async def test_a_secret_ballot_shows_no_tally_and_no_dots_until_closed(clock):
    app = make_host()
    app.document.session.set_answer("problem-benefit", "candidates", ["Deposit back", "Less hassle"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        vote = app.screen.vote
        await pilot.press("s")  # secret ballot, before anyone votes
        assert vote.secret
        await pilot.press("space", "space", "tab", "down", "space")  # Ana twice, Ben once
        await pilot.pause()
        assert vote.total == 3
        board = _board(app)
        assert all(row[0] == "secret" and row[2] == "" for row in board), board
        tally = app.screen.query_one("#vote-tally").text.plain
        assert "Secret ballot: 3 dots cast" in tally and "Deposit back" not in tally
        await pilot.press("c")  # the facilitator closes the vote: everything shows
        await pilot.pause()
        tally = app.screen.query_one("#vote-tally").text.plain
        assert "2 top Deposit back" in tally
        assert _board(app)[0][0] == "●●"
        saved = app.document.session.to_dict()
        assert saved["votes"][0]["secret"] is True  # the file records it


async def test_the_vote_keys_are_shown_from_the_keymap(clock):
    app = make_host()
    app.document.session.set_answer("problem-benefit", "candidates", ["A", "B"])
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"vote_secret": "x", "vote_toggle_closed": "f9"})
        await pilot.press("alt+v")
        await pilot.pause()
        keys = str(app.screen.query_one("#vote-keys", Static).render())
        assert "x: secret ballot" in keys and "f9: close or reopen" in keys
        assert "space: put a dot" in keys and "u: use the result" in keys
        await pilot.press("x")
        assert app.screen.vote.secret


async def test_an_anonymous_session_shows_no_names_beside_dots(clock):
    app = make_host()
    session = app.document.session
    session.set_answer("problem-benefit", "candidates", ["A", "B"])
    session.facilitation.anonymous = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        tally = app.screen.query_one("#vote-tally").text.plain
        status = str(app.screen.query_one("#vote-status", Static).render())
        for name in ("Ana", "Ben", "Caro"):
            assert name not in tally and name not in status
        assert "3 people still to vote, 8 dots left" in tally


async def test_use_result_asks_before_replacing_what_is_written(clock):
    from workshop.dispatch import Dispatcher
    from workshop.screens.dialogs import ConfirmDialog

    app = make_host()
    session = app.document.session
    session.set_answer("problem-benefit", "candidates", ["Deposit back", "Less hassle"])
    session.set_answer("problem-benefit", "benefit", "Peace of mind")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        await pilot.press("down", "space", "u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Peace of mind" in str(app.screen.query_one("#dialog-message").render())
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert session.get_answer("problem-benefit", "benefit") == "Peace of mind"
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("enter")  # replace
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        assert session.get_answer("problem-benefit", "benefit") == "Less hassle"
        assert not app.screen.vote.is_open  # the result kept is the one used
        Dispatcher.of(session).undo()  # one step puts both back
        assert session.get_answer("problem-benefit", "benefit") == "Peace of mind"
        assert app.live.find_vote(app.screen.vote.id).is_open


@pytest.mark.parametrize("where", ["session", "round"])
async def test_anonymity_hides_the_names_on_the_vote_screens_roster(clock, where):
    """The vote screen is the shared screen: under an anonymous session or an anonymous
    round on the step voted on, its roster bar, status and tally name nobody."""
    from workshop.model.facilitation import Round
    from workshop.widgets.roster import RosterBar

    app = make_host()
    session = app.document.session
    session.set_answer("problem-benefit", "candidates", ["A", "B"])
    if where == "session":
        session.facilitation.anonymous = True
    else:
        session.facilitation.rounds.append(Round("problem-benefit", silent=False, anonymous=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+v")
        await pilot.pause()
        await pilot.press("space", "tab")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        roster = app.screen.query_one(RosterBar)
        shown_text = roster.render().plain
        tally = app.screen.query_one("#vote-tally").text.plain
        status = str(app.screen.query_one("#vote-status", Static).render())
        for name in ("Ana", "Ben", "Caro"):
            assert name not in shown_text and name not in tally and name not in status, (
                shown_text, tally, status)
        assert "names hidden" in shown_text
        assert app.screen.vote.used("Ana") == 1  # the dot still counts for its voter
