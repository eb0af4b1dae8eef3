"""Tests that what team mode publishes follows the session's own anonymity and secret ballots (issue 14 §3)."""

from __future__ import annotations

import json

from workshop.model.live import LiveSession
from workshop.model.session import Session
from workshop.team import published


def test_the_file_s_anonymity_and_a_secret_ballot_reach_the_participants(template):
    session = Session(title="t", participants=["Ana", "Ben"])
    live = LiveSession(session, template)
    step = next(s.id for s in template.steps if live.collect_field(s.id) is not None
                and not live.collect_field(s.id).faq_kind)
    live.add_idea(step, "First", author="Ana")
    live.add_idea(step, "Second", author="Ben")
    vote = live.start_vote(step)
    live.cast(vote, vote.options[0].id, "Ana")
    vote.secret = True
    room = published.room_state(session, template, step, locked=False, anonymous=False, secret_votes=False)
    assert room["vote"]["tally"] is None  # the vote's own secret ballot
    rnd = live.start_round(step)
    rnd.anonymous = True
    live.add_idea(step, "Hidden", author="Ana")
    room = published.room_state(session, template, step, locked=False, anonymous=False, secret_votes=False)
    assert room["counts"] == [["", 1]]  # an anonymous round: a count with no names
    session.facilitation.anonymous = True
    live.reveal_round(step)
    room = published.room_state(session, template, step, locked=False, anonymous=False, secret_votes=False)
    assert "Ana" not in json.dumps(room["revealed"]) and room["anonymous"] is True
