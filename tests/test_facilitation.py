"""Unit tests of the facilitation model: roster, timers, silent rounds, dot-voting, parking lot, decisions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from facilitation_helpers import (
    FakeClock,
    install_fake_clock,
    mini_template,
    restore_clock,
)
from workshop.model.live import LiveSession, names_in
from workshop.model.session import Session
from workshop.model.timer import StepTimer, format_clock, format_duration
from workshop.model.voting import Vote, VoteError, VoteOption


@pytest.fixture
def fake_clock():
    fake, previous = install_fake_clock()
    yield fake
    restore_clock(previous)


@pytest.fixture
def live(fake_clock: FakeClock) -> LiveSession:
    session = Session("Demo", participants=["Ana", "Ben", "Caro"])
    return LiveSession(session, mini_template())


# ====================================================================== timers
class TestTimer:
    def test_counts_down_only_while_running(self, live: LiveSession, fake_clock: FakeClock):
        assert live.timer("benefit").reading() == 600
        assert live.timer("benefit").state() == "idle"
        live.start_timer("benefit")
        fake_clock.advance(minutes=4)
        assert live.timer("benefit").reading() == 360
        live.pause_timer("benefit")
        fake_clock.advance(minutes=30)
        assert live.timer("benefit").reading() == 360
        assert live.timer("benefit").state() == "paused"
        live.start_timer("benefit")
        fake_clock.advance(seconds=61)
        assert live.timer("benefit").reading() == 299

    def test_last_minute_warns_and_zero_goes_over(self, live: LiveSession, fake_clock: FakeClock):
        live.start_timer("needs")  # 5 minutes
        fake_clock.advance(minutes=3, seconds=59)
        assert not live.timer("needs").warning()
        fake_clock.advance(seconds=1)
        assert live.timer("needs").warning()
        assert live.timer("needs").state() == "running"
        fake_clock.advance(seconds=60)
        assert live.timer("needs").reading() == 0
        assert live.timer("needs").state() == "over"
        assert not live.timer("needs").warning()
        fake_clock.advance(seconds=75)
        assert live.timer("needs").reading() == -75
        assert format_clock(live.timer("needs").reading()) == "-01:15"

    def test_add_a_minute_within_and_after_the_timebox(self, live: LiveSession, fake_clock: FakeClock):
        live.start_timer("needs")
        fake_clock.advance(minutes=2)
        live.add_minute("needs")
        assert live.timer("needs").reading() == 4 * 60
        fake_clock.advance(minutes=6)
        assert live.timer("needs").reading() == -2 * 60
        live.add_minute("needs")  # over time: one more minute from now
        assert live.timer("needs").reading() == 60
        assert live.timer("needs").state() == "running"

    def test_reset_restores_the_timebox_and_keeps_time_spent(
        self, live: LiveSession, fake_clock: FakeClock
    ):
        live.start_timer("benefit")
        live.add_minute("benefit")
        fake_clock.advance(minutes=7)
        live.reset_timer("benefit")
        timer = live.timer("benefit")
        assert not timer.running
        assert timer.reading() == 600
        assert timer.state() == "idle"
        assert timer.spent_at() == 7 * 60

    def test_step_without_timebox_counts_up(self, live: LiveSession, fake_clock: FakeClock):
        live.start_timer("story")
        fake_clock.advance(seconds=90)
        timer = live.timer("story")
        assert timer.planned == 0
        assert timer.reading() == 90
        assert timer.state() == "running"
        assert not timer.warning()
        live.add_minute("story")
        assert timer.reading() == 60

    def test_only_one_timer_runs(self, live: LiveSession, fake_clock: FakeClock):
        live.start_timer("benefit")
        fake_clock.advance(minutes=1)
        live.start_timer("needs")
        assert not live.timer("benefit").running
        assert live.running_step() == "needs"
        assert live.timer("benefit").spent_at() == 60

    def test_moving_on_hands_the_running_clock_to_the_next_step(
        self, live: LiveSession, fake_clock: FakeClock
    ):
        live.start_timer("benefit")
        fake_clock.advance(minutes=3)
        assert live.follow("benefit", "needs")
        fake_clock.advance(minutes=2)
        assert live.timer("benefit").spent_at() == 180
        assert live.timer("needs").spent_at() == 120
        assert live.running_step() == "needs"
        # Steps the group only passed through leave no timer behind.
        live.follow("needs", "story")
        live.follow("story", "needs")
        assert "story" not in live.state.timers
        # A paused clock stays paused: nothing starts by itself.
        live.pause_timer("needs")
        assert not live.follow("needs", "story")
        assert live.running_step() == ""

    def test_toggle(self, live: LiveSession, fake_clock: FakeClock):
        assert live.toggle_timer("benefit") is True
        assert live.toggle_timer("benefit") is False
        assert not live.pause_timer("benefit")

    def test_untouched_timers_are_not_stored(self, live: LiveSession):
        live.timer("benefit")
        assert live.state.timers == {}
        assert not live.timers_used()

    def test_changes_mark_the_session_changed(self, live: LiveSession):
        before = live.session.revision
        live.start_timer("benefit")
        assert live.session.revision > before

    def test_stale_running_timer_is_settled_at_the_end_of_its_timebox(self, fake_clock: FakeClock):
        timer = StepTimer(planned=600, elapsed=120)
        timer.start(fake_clock.now)
        fake_clock.advance(hours=20)
        assert timer.settle()
        assert not timer.running
        assert timer.elapsed == 600
        assert timer.spent == 480
        fresh = StepTimer(planned=600)
        fresh.start(fake_clock.now)
        fake_clock.advance(minutes=20)
        assert not fresh.settle()
        assert fresh.running

    def test_agenda_planned_vs_actual(self, live: LiveSession, fake_clock: FakeClock):
        live.start_timer("benefit")
        fake_clock.advance(minutes=12)
        live.follow("benefit", "needs")
        fake_clock.advance(minutes=4)
        rows = {row.step_id: row for row in live.agenda()}
        assert [row.step_id for row in live.agenda()] == ["benefit", "needs", "story", "faq-customer"]
        assert (rows["benefit"].planned, rows["benefit"].actual) == (600, 720)
        assert rows["benefit"].over == 120
        assert rows["needs"].running and rows["needs"].actual == 240
        assert rows["story"].planned == 0 and rows["story"].over == 0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "00:00"), (59, "00:59"), (600, "10:00"), (3725, "1:02:05"), (-5, "-00:05")],
)
def test_format_clock(seconds: int, text: str):
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 min"), (1, "<1 min"), (29, "<1 min"), (30, "1 min"), (3900, "1 h 05 min")],
)
def test_format_duration(seconds: int, text: str):
    assert format_duration(seconds) == text


# ====================================================================== roster
class TestRoster:
    def test_add_tidies_and_refuses_duplicates_and_blanks(self, live: LiveSession):
        assert live.add_participant("  Dee   Dee ") == "Dee Dee"
        with pytest.raises(ValueError, match="already"):
            live.add_participant("ana")
        with pytest.raises(ValueError, match="name"):
            live.add_participant("   ")
        assert live.participants == ["Ana", "Ben", "Caro", "Dee Dee"]

    def test_rename_follows_every_contribution(self, live: LiveSession):
        live.set_contributor("Ben")
        live.add_idea("benefit", "Save money")
        live.add_idea("faq-customer", "How much is it?")
        live.add_idea("benefit", "Save time", author="Ana")
        vote = live.start_vote("benefit")
        live.cast(vote, vote.options[0].id)
        item = live.park("Pricing", "benefit")
        decision = live.decide("Go", owner="Ben")
        live.rename_participant("Ben", "Benedikt")
        assert live.participants == ["Ana", "Benedikt", "Caro"]
        assert live.contributor == "Benedikt"
        assert live.session.faq[0].author == "Benedikt"
        assert {i.author for i in live.state.ideas} == {"Benedikt", "Ana"}
        assert vote.used("Benedikt") == 1 and vote.used("Ben") == 0
        assert item.author == "Benedikt"
        assert decision.owner == "Benedikt"
        assert live.author_of("benefit", "candidates", "Save money") == "Benedikt"

    def test_rename_refuses_taken_names_but_allows_a_case_change(self, live: LiveSession):
        with pytest.raises(ValueError, match="already"):
            live.rename_participant("Ana", "ben")
        assert live.rename_participant("Ana", "ANA") == "ANA"
        with pytest.raises(KeyError):
            live.rename_participant("Zed", "Zoe")

    def test_remove_keeps_what_they_contributed(self, live: LiveSession):
        live.set_contributor("Caro")
        live.add_idea("benefit", "Peace of mind")
        index = live.remove_participant("Caro")
        assert live.participants == ["Ana", "Ben"]
        assert live.contributor == ""
        assert live.author_of("benefit", "candidates", "Peace of mind") == "Caro"
        live.restore_participant(index, "Caro")
        assert live.participants == ["Ana", "Ben", "Caro"]

    def test_cycle_goes_through_everyone_then_anonymous(self, live: LiveSession):
        seen = [live.cycle_contributor() for _ in range(5)]
        assert seen == ["Ana", "Ben", "Caro", "", "Ana"]
        assert live.cycle_contributor(-1) == ""
        assert live.cycle_contributor(-1) == "Caro"

    def test_cycle_with_an_empty_roster_stays_anonymous(self, fake_clock: FakeClock):
        live = LiveSession(Session("Solo"), mini_template())
        assert live.cycle_contributor() == ""

    def test_contributor_must_be_on_the_roster(self, live: LiveSession):
        with pytest.raises(ValueError):
            live.set_contributor("Zed")
        live.state.current_contributor = "Zed"  # e.g. hand-edited file
        assert live.contributor == ""

    def test_contributions_are_counted(self, live: LiveSession):
        live.set_contributor("Ana")
        live.add_idea("benefit", "One")
        live.add_idea("benefit", "Two")
        live.add_idea("faq-customer", "Why?")
        live.park("Later")
        assert live.contributions("Ana") == {
            "questions": 1,  # the FAQ idea counts once, as a question
            "ideas": 2,
            "dots": 0,
            "parked": 1,
            "decisions": 0,
        }

    def test_names_in(self):
        assert names_in([]) == ""
        assert names_in(["Ana", ""]) == "Ana and Anonymous"
        assert names_in(["A", "B", "C"]) == "A, B and C"


# ====================================================================== rounds
class TestRounds:
    def test_open_capture_goes_straight_into_the_list_with_its_author(self, live: LiveSession):
        live.set_contributor("Ana")
        live.add_idea("benefit", "Get the deposit back")
        live.add_idea("benefit", "  Less   arguing \n with landlords ", author="")
        assert live.session.get_answer("benefit", "candidates") == [
            "Get the deposit back",
            "Less arguing with landlords",
        ]
        assert live.items("benefit") == [
            ("Get the deposit back", "Ana"),
            ("Less arguing with landlords", ""),
        ]

    def test_silent_round_hides_ideas_until_revealed(self, live: LiveSession):
        live.session.set_answer("benefit", "candidates", ["Existing", ""])
        round_ = live.start_round("benefit")
        live.add_idea("benefit", "Ana's idea", author="Ana")
        live.add_idea("benefit", "Ana's second", author="Ana")
        live.add_idea("benefit", "Secret", author="")
        live.add_idea("benefit", "Ben's idea", author="Ben")
        assert live.session.get_answer("benefit", "candidates") == ["Existing", ""]
        assert [text for text, _ in live.items("benefit")] == ["Existing"]
        assert live.round_counts(round_) == [("Ana", 2), ("Ben", 1), ("", 1)]
        assert live.author_of("benefit", "candidates", "Secret") is None
        revealed = live.reveal_round("benefit")
        assert [idea.text for idea in revealed] == ["Ana's idea", "Ana's second", "Secret", "Ben's idea"]
        assert live.session.get_answer("benefit", "candidates") == [
            "Existing",
            "Ana's idea",
            "Ana's second",
            "Secret",
            "Ben's idea",
        ]
        assert live.active_round("benefit") is None
        assert live.author_of("benefit", "candidates", "Ben's idea") == "Ben"

    def test_rounds_repeat(self, live: LiveSession, fake_clock: FakeClock):
        first = live.start_round("benefit")
        live.add_idea("benefit", "One", author="Ana")
        with pytest.raises(ValueError, match="reveal"):
            live.start_round("benefit")
        live.reveal_round("benefit")
        fake_clock.advance(minutes=5)
        second = live.start_round("benefit")
        live.add_idea("benefit", "Two", author="Ben")
        assert second.id != first.id
        assert live.round_counts(second) == [("Ben", 1)]
        assert live.round_counts(first) == [("Ana", 1)]
        assert [r.id for r in live.rounds_for("benefit")] == [first.id, second.id]
        live.reveal_round("benefit")
        assert live.session.get_answer("benefit", "candidates") == ["One", "Two"]

    def test_silent_round_on_an_faq_step_makes_questions_on_reveal(self, live: LiveSession):
        live.start_round("faq-customer")
        live.add_idea("faq-customer", "How much does it cost?", author="Caro")
        assert live.session.faq == []
        live.reveal_round("faq-customer")
        assert [(i.question, i.author, i.kind) for i in live.session.faq] == [
            ("How much does it cost?", "Caro", "customer")
        ]
        assert live.state.ideas[0].ref == live.session.faq[0].id

    def test_a_round_is_per_step(self, live: LiveSession):
        live.start_round("benefit")
        live.add_idea("needs", "Visible now", author="Ana")
        assert live.session.get_answer("needs", "needs") == ["Visible now"]
        assert live.reveal_round("needs") == []

    def test_duplicate_text_is_kept_and_offered_for_merging(self, live: LiveSession):
        # Issue 14 §3: a repeat is not dropped silently; the app offers to merge it.
        from workshop.model.merging import duplicates

        live.add_idea("benefit", "Same", author="Ana")
        live.add_idea("benefit", "Same", author="Ben")
        assert live.session.get_answer("benefit", "candidates") == ["Same", "Same"]
        assert len(live.state.ideas) == 2
        assert duplicates(live, "benefit") == [["0", "1"]]

    def test_steps_without_a_list_refuse_ideas(self, live: LiveSession):
        with pytest.raises(ValueError):
            live.start_round("story")
        with pytest.raises(ValueError):
            live.add_idea("story", "x")
        with pytest.raises(ValueError, match="type"):
            live.add_idea("benefit", "   ")

    def test_discard_a_hidden_idea_but_not_a_revealed_one(self, live: LiveSession):
        live.start_round("benefit")
        slip = live.add_idea("benefit", "Oops", author="Ana")
        index, idea = live.discard_idea(slip.id)
        assert idea is slip and index == 0
        assert live.hidden_ideas("benefit") == []
        kept = live.add_idea("benefit", "Keep", author="Ana")
        live.reveal_round("benefit")
        with pytest.raises(ValueError):
            live.discard_idea(kept.id)
        with pytest.raises(KeyError):
            live.discard_idea("nope")

    def test_collect_field_prefers_faq_then_candidates_then_first_list(self, live: LiveSession):
        assert live.collect_field("faq-customer").id == "items"
        assert live.collect_field("benefit").id == "candidates"
        assert live.collect_field("needs").id == "needs"
        assert live.collect_field("story") is None
        assert live.collect_field("unknown") is None


# ====================================================================== voting
def _use_result(live: LiveSession, vote: Vote) -> str:
    """Use a vote's result the way the voting view does (an operation); return what it says."""
    from workshop.model import operations as ops

    op, message = ops.use_result(live, vote)
    if op is not None:
        ops.apply(live.session, op)
    return message


def _vote_on(live: LiveSession, *candidates: str) -> Vote:
    live.session.set_answer("benefit", "candidates", list(candidates))
    return live.start_vote("benefit")


class TestVoting:
    def test_each_person_gets_three_dots_by_default(self, live: LiveSession):
        vote = _vote_on(live, "A", "B", "C")
        a = vote.options[0].id
        for _ in range(3):
            live.cast(vote, a, "Ana")
        with pytest.raises(VoteError, match="all 3 dots"):
            live.cast(vote, vote.options[1].id, "Ana")
        assert vote.left("Ana") == 0
        assert live.votes_left(vote) == [("Ana", 0), ("Ben", 3), ("Caro", 3)]

    def test_unvote_frees_a_dot(self, live: LiveSession):
        vote = _vote_on(live, "A", "B")
        a, b = (o.id for o in vote.options)
        live.cast(vote, a, "Ana")
        live.cast(vote, b, "Ana")
        assert live.retract(vote, a, "Ana")
        assert not live.retract(vote, a, "Ana")
        assert vote.ballots == {"Ana": [b]}
        live.retract(vote, b, "Ana")
        assert vote.ballots == {}

    def test_the_current_contributor_votes_and_anonymous_cannot(self, live: LiveSession):
        vote = _vote_on(live, "A", "B")
        with pytest.raises(VoteError, match="who is voting"):
            live.cast(vote, vote.options[0].id)
        live.set_contributor("Ben")
        live.cast(vote, vote.options[0].id)
        assert vote.used("Ben") == 1

    def test_dots_per_person_is_configurable(self, live: LiveSession):
        live.session.set_answer("benefit", "candidates", ["A", "B"])
        vote = live.start_vote("benefit", dots=1)
        live.cast(vote, vote.options[0].id, "Ana")
        with pytest.raises(VoteError):
            live.cast(vote, vote.options[0].id, "Ana")
        live.set_dots(vote, 2)
        live.cast(vote, vote.options[1].id, "Ana")
        with pytest.raises(VoteError, match="already cast 2"):
            live.set_dots(vote, 1)
        with pytest.raises(VoteError):
            live.set_dots(vote, 0)

    def test_tally_sorts_by_dots_and_shows_ties(self, live: LiveSession):
        vote = _vote_on(live, "A", "B", "C", "D")
        a, b, c, d = (o.id for o in vote.options)
        for voter, option in [("Ana", c), ("Ana", c), ("Ben", b), ("Ben", c), ("Caro", b), ("Caro", b)]:
            live.cast(vote, option, voter)
        rows = vote.tally()
        assert [(r.option.text, r.dots, r.rank, r.tied) for r in rows] == [
            ("B", 3, 1, True),
            ("C", 3, 1, True),
            ("A", 0, 3, False),
            ("D", 0, 3, False),
        ]
        assert [o.text for o in vote.winners()] == ["B", "C"]
        live.cast(vote, a, "Ana")
        assert [o.text for o in vote.winners()] == ["B", "C"]
        live.retract(vote, b, "Caro")
        assert [o.text for o in vote.winners()] == ["C"]
        assert vote.voters(c) == {"Ana": 2, "Ben": 1}

    def test_no_winner_before_the_first_dot(self, live: LiveSession):
        vote = _vote_on(live, "A", "B")
        assert vote.winners() == []
        assert all(not row.tied for row in vote.tally())

    def test_closed_vote_keeps_its_result(self, live: LiveSession):
        vote = _vote_on(live, "A", "B")
        live.cast(vote, vote.options[1].id, "Ana")
        live.close_vote(vote)
        with pytest.raises(VoteError, match="closed"):
            live.cast(vote, vote.options[0].id, "Ben")
        with pytest.raises(VoteError, match="closed"):
            live.retract(vote, vote.options[1].id, "Ana")
        # Editing the candidates afterwards doesn't change the recorded result.
        live.session.set_answer("benefit", "candidates", ["Something else"])
        assert [o.text for o in vote.winners()] == ["B"]
        live.reopen_vote(vote)
        live.cast(vote, vote.options[0].id, "Ben")

    def test_a_vote_needs_two_candidates_and_one_open_vote_per_step(self, live: LiveSession):
        live.session.set_answer("benefit", "candidates", ["Only one", " ", "Only one"])
        with pytest.raises(ValueError, match="two candidates"):
            live.start_vote("benefit")
        with pytest.raises(ValueError):
            live.start_vote("story")
        vote = _vote_on(live, "A", "B")
        with pytest.raises(ValueError, match="still open"):
            live.start_vote("benefit")
        live.close_vote(vote)
        again = live.start_vote("benefit")
        assert live.current_vote("benefit") is again
        assert live.votes_for("benefit") == [vote, again]

    def test_refresh_adds_new_candidates_and_keeps_dotted_ones(self, live: LiveSession):
        vote = _vote_on(live, "A", "B", "C")
        live.cast(vote, vote.options[0].id, "Ana")
        live.session.set_answer("benefit", "candidates", ["B", "New"])
        assert live.refresh_vote(vote)
        assert [o.text for o in vote.options] == ["A", "B", "New"]
        assert vote.count(vote.options[0].id) == 1
        assert not live.refresh_vote(vote)

    def test_faq_votes_point_at_questions_and_order_the_faq(self, live: LiveSession):
        easy = live.session.add_faq("Is it free?", author="Ana")
        hard = live.session.add_faq("What if the landlord refuses?", author="Ben")
        live.session.add_faq("Internal one", kind="internal")
        vote = live.start_vote("faq-customer")
        assert vote.title == "Hardest questions: Customer FAQ"
        assert [o.ref for o in vote.options] == [easy.id, hard.id]
        live.cast(vote, vote.options[1].id, "Caro")
        live.session.update_faq(hard.id, question="What if the landlord says no?")
        assert live.option_text(vote, vote.options[1]) == "What if the landlord says no?"
        assert live.faq_dots(hard) == 1 and live.faq_dots(easy) == 0
        assert "ordered" in _use_result(live, vote)
        assert [i.question for i in live.session.faq_items("customer")][0].startswith("What if")
        assert live.session.faq[2].kind == "internal"
        assert _use_result(live, vote) == "Already in that order."

    def test_winner_fills_an_empty_text_field_but_never_overwrites(self, live: LiveSession):
        vote = _vote_on(live, "A", "B")
        assert "No dots" in _use_result(live, vote)
        live.cast(vote, vote.options[0].id, "Ana")
        live.cast(vote, vote.options[1].id, "Ben")
        assert "tie" in _use_result(live, vote)
        live.cast(vote, vote.options[1].id, "Caro")
        assert "went into" in _use_result(live, vote)
        assert live.session.get_answer("benefit", "benefit") == "B"
        live.session.set_answer("benefit", "benefit", "Typed by hand")
        assert "left as it is" in _use_result(live, vote)
        assert live.session.get_answer("benefit", "benefit") == "Typed by hand"

    def test_remove_and_restore_a_vote(self, live: LiveSession):
        vote = _vote_on(live, "A", "B")
        index, removed = live.remove_vote(vote)
        assert live.state.votes == []
        live.restore_vote(index, removed)
        assert live.find_vote(vote.id) is vote

    def test_sync_options_directly(self):
        vote = Vote("T", "s", "f", options=[VoteOption("A", id="o-a")])
        assert vote.sync_options([("A", ""), ("B", "")])
        assert [o.text for o in vote.options] == ["A", "B"]


# ====================================================================== parking lot, decisions
class TestParkingLotAndDecisions:
    def test_park_records_step_author_and_time(self, live: LiveSession, fake_clock: FakeClock):
        live.set_contributor("Ben")
        item = live.park(" What about pricing? ", "benefit")
        assert (item.text, item.step, item.author, item.created) == (
            "What about pricing?",
            "benefit",
            "Ben",
            fake_clock.now,
        )
        anonymous = live.park("Later", "needs", author="")
        assert anonymous.author == ""
        with pytest.raises(ValueError):
            live.park("  ")

    def test_parking_lot_is_editable(self, live: LiveSession):
        item = live.park("Pricing")
        live.edit_parked(item.id, text="Pricing tiers", author="Caro")
        assert (item.text, item.author) == ("Pricing tiers", "Caro")
        with pytest.raises(ValueError):
            live.edit_parked(item.id, text=" ")
        index, removed = live.remove_parked(item.id)
        assert live.state.parking_lot == []
        live.restore_parked(index, removed)
        assert live.find_parked(item.id) is item
        with pytest.raises(KeyError):
            live.remove_parked("nope")

    def test_decision_log(self, live: LiveSession, fake_clock: FakeClock):
        decision = live.decide("Launch in one city first", "one-way", "Ana", step_id="benefit")
        assert decision.date == date(2026, 3, 2)
        assert decision.door == "one-way"
        live.update_decision(decision.id, door="two-way", owner=" Ben ", date=date(2026, 3, 9))
        assert (decision.door, decision.owner, decision.date) == ("two-way", "Ben", date(2026, 3, 9))
        with pytest.raises(ValueError):
            live.update_decision(decision.id, door="revolving")
        with pytest.raises(ValueError):
            live.update_decision(decision.id, what="")
        with pytest.raises(ValueError):
            live.update_decision(decision.id, colour="red")
        with pytest.raises(ValueError):
            live.decide("x", door="sideways")
        with pytest.raises(ValueError):
            live.decide("  ")
        index, removed = live.remove_decision(decision.id)
        live.restore_decision(index, removed)
        assert live.state.decisions == [decision]


def test_timer_reading_uses_the_clock_not_sleep(fake_clock: FakeClock):
    timer = StepTimer(planned=60)
    timer.start()
    fake_clock.advance(timedelta(minutes=5).total_seconds())
    assert timer.reading() == -240
