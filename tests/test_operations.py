"""Tests for operations and the dispatcher: inverses, save/load, serialising, undo/redo, typing groups (issue 12 §1)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation_helpers import install_fake_clock, mini_template, restore_clock
from workshop import store
from workshop.dispatch import TYPING_PAUSE, Dispatcher
from workshop.model import operations as ops
from workshop.model.live import LiveSession
from workshop.model.session import Session

HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
AT = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"),
               max_size=12)


@pytest.fixture(autouse=True)
def fixed_clock():
    fake, previous = install_fake_clock()
    yield fake
    restore_clock(previous)


def clock_now() -> datetime:
    """The (fake) clock's time now."""
    from workshop.model import clock

    return clock.now()


def base_session() -> Session:
    """A session with answers, FAQ items of both kinds, a comment and an open vote."""
    template = mini_template()
    session = Session(title="Ops", template_id=template.id, participants=["Ana", "Bo"])
    session.set_answer("benefit", "candidates", ["Faster", "Cheaper", "Safer"])
    session.set_answer("benefit", "benefit", "Faster")
    for question, kind in (("Why?", "customer"), ("How?", "customer"), ("Cost?", "internal")):
        session.add_faq(question, kind, author="Ana")
    ops.apply(session, ops.add_comment("Tighten this", author="Ana", anchor="benefit"))
    LiveSession(session, template).start_vote("benefit", dots=3)
    return session


def content(session: Session) -> dict:
    """The session's saved data, without `updated` (undoing is itself a change)."""
    data = session.to_dict()
    data.pop("updated")
    return data


@st.composite
def operation(draw, session: Session) -> ops.Operation:
    """An operation that fits `session` as it is now (or a harmless miss)."""
    faq_ids = [item.id for item in session.faq] or ["q-missing"]
    comment_ids = [c.id for c in session.comments] or ["c-missing"]
    vote = session.facilitation.votes[0]
    choice = draw(st.sampled_from(sorted(ops.KINDS)))
    actor = draw(st.sampled_from(["", "Ana", "Bo"]))
    if choice == "set_answer":
        value = draw(st.one_of(st.none(), text, st.lists(text.filter(str.strip), max_size=3)))
        return ops.SetAnswer(draw(st.sampled_from(["benefit", "needs", "pr"])),
                             draw(st.sampled_from(["benefit", "candidates", "x"])), value,
                             actor=actor)
    if choice == "set_faq_draft":
        return ops.SetFaqDraft(draw(st.sampled_from(["customer", "internal"])), draw(text),
                               actor=actor)
    if choice == "add_faq":
        made = ops.add_faq(draw(text), draw(st.sampled_from(["customer", "internal"])), actor=actor)
        return ops.AddFaq(item=made.item, index=draw(st.integers(-1, 6)), actor=actor)
    if choice == "delete_faq":
        return ops.DeleteFaq(draw(st.sampled_from(faq_ids)), actor=actor)
    if choice == "edit_faq":
        name = draw(st.sampled_from(["question", "answer", "status", "author", "kind"]))
        value = {
            "status": st.sampled_from(["open", "answered"]),
            "kind": st.sampled_from(["customer", "internal"]),
        }.get(name, text)
        return ops.EditFaq(draw(st.sampled_from(faq_ids)), {name: draw(value)}, actor=actor)
    if choice == "move_faq":
        return ops.MoveFaq(draw(st.sampled_from(faq_ids)), draw(st.sampled_from([-1, 1])),
                           actor=actor)
    if choice == "add_comment":
        made = ops.add_comment(draw(text.filter(str.strip)) or "x", author="Bo")
        return ops.AddComment(comment=made.comment, index=draw(st.integers(-1, 3)))
    if choice == "delete_comment":
        return ops.DeleteComment(draw(st.sampled_from(comment_ids)), actor=actor)
    if choice == "set_comment_status":
        return ops.SetCommentStatus(draw(st.sampled_from(comment_ids)),
                                    draw(st.sampled_from(["open", "resolved"])), actor=actor)
    if choice == "set_ticked":
        items = draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3))
        return ops.SetTicked(draw(st.sampled_from(["benefit", "needs"])), items, actor=actor)
    if choice == "link_comment":
        return ops.LinkComment(draw(st.sampled_from(comment_ids)), draw(st.sampled_from(faq_ids)),
                               actor=actor)
    if choice == "batch":
        try:
            return ops.comment_to_faq(session, draw(st.sampled_from(comment_ids)),
                                      draw(st.sampled_from(["customer", "internal"])), actor=actor)
        except ops.OperationError:
            return ops.Batch(steps=(ops.MoveFaq(faq_ids[0], 1), ops.DeleteFaq("q-missing")))
    if choice == "set_dismissed":
        entries = draw(st.lists(st.sampled_from(["f1", "f2", "f3"]), unique=True, max_size=3))
        return ops.SetDismissed([{"fingerprint": f, "rule": "R1", "step": "benefit",
                                  "reason": "fine", "when": AT} for f in entries], actor=actor)
    parked_ids = [p.id for p in session.facilitation.parking_lot] or ["p-missing"]
    if choice == "add_parked":
        made = ops.park(draw(text.filter(str.strip)) or "x", "benefit", author=actor)
        return ops.AddParked(parked=made.parked, index=draw(st.integers(-1, 3)), actor=actor)
    if choice == "edit_parked":
        return ops.EditParked(draw(st.sampled_from(parked_ids)), draw(text), actor=actor)
    if choice == "delete_parked":
        return ops.DeleteParked(draw(st.sampled_from(parked_ids)), actor=actor)
    decision_ids = [d.id for d in session.facilitation.decisions] or ["d-missing"]
    if choice == "add_decision":
        from workshop.model.facilitation import Decision

        made = Decision(what=draw(text.filter(str.strip)) or "x", owner=actor,
                        door=draw(st.sampled_from(["one-way", "two-way"])))
        return ops.AddDecision(decision=made.to_dict(), index=draw(st.integers(-1, 2)), actor=actor)
    if choice == "replace_decision":
        found = session.facilitation.decisions
        if not found:
            return ops.ReplaceDecision(decision={"id": "d-missing", "what": "x"})
        changed = dict(found[0].to_dict(), what=draw(text.filter(str.strip)) or "y")
        return ops.ReplaceDecision(decision=changed, actor=actor)
    if choice == "delete_decision":
        return ops.DeleteDecision(draw(st.sampled_from(decision_ids)), actor=actor)
    people = session.participants or ["Nobody"]
    if choice == "set_participants":
        return ops.SetParticipants(draw(st.lists(st.sampled_from(["Ana", "Bo", "Cy"]), unique=True)))
    if choice == "add_participant":
        return ops.AddParticipant(draw(st.sampled_from(["Cy", "Di", "Ana", " "])), actor=actor)
    if choice == "rename_participant":
        return ops.RenameParticipant(draw(st.sampled_from(people)),
                                     draw(st.sampled_from(["Eve", "Bo", "Ana", ""])), actor=actor)
    if choice == "remove_participant":
        return ops.RemoveParticipant(draw(st.sampled_from(people)), actor=actor)
    if choice == "set_contributor":
        return ops.SetContributor(draw(st.sampled_from([*people, ""])), actor=actor)
    live = LiveSession(session, mini_template())
    idea_step = draw(st.sampled_from(["benefit", "needs", "faq-customer"]))
    if choice == "start_round":
        try:
            return ops.start_round(live, idea_step, actor=actor)
        except ops.OperationError:  # one is running: a second one is refused when applied
            return ops.StartRound(round={"id": "r-twice", "step": idea_step, "started": AT}, actor=actor)
    if choice == "add_idea":
        return ops.add_idea(live, idea_step, draw(text.filter(str.strip)) or "x",
                            author=draw(st.sampled_from(["Ana", "Bo", ""])), actor=actor)
    if choice == "reveal_round":
        rounds = [r.id for r in session.facilitation.rounds] or ["r-missing"]
        return ops.RevealRound(draw(st.sampled_from(rounds)), actor=actor)
    if choice == "start_vote":
        try:
            return ops.start_vote(live, idea_step, dots=draw(st.integers(1, 5)), actor=actor)
        except ops.OperationError:
            return ops.StartVote(vote=dict(vote.to_dict(), id="v-again"), actor=actor)
    if choice == "set_vote_options":
        votes = session.facilitation.votes
        chosen = votes[draw(st.integers(0, len(votes) - 1))]
        made = ops.refresh_vote(live, chosen, actor=actor)
        if made is not None:
            return made
        options = [o.to_dict() for o in chosen.options]
        return ops.SetVoteOptions(chosen.id, draw(st.permutations(options)) + [{"id": "o-x", "text": "New"}],
                                  actor=actor)
    if choice == "order_faq":
        ids = [item.id for item in session.faq if item.kind == "customer"]
        return ops.OrderFaq(draw(st.permutations(ids)), actor=actor)
    timer_step = draw(st.sampled_from(["benefit", "needs"]))
    if choice == "reset_timer":
        return ops.ResetTimer(timer_step, draw(st.sampled_from([0, 300, 600])), actor=actor)
    if choice == "set_planned":
        return ops.SetPlanned(timer_step, draw(st.sampled_from([0, 60, 900])), actor=actor)
    if choice == "follow_timer":
        return ops.FollowTimer(timer_step, draw(st.sampled_from(["benefit", "needs", "story", ""])),
                               600, 300, actor=actor)
    if choice == "settle_timers":
        from datetime import timedelta

        return ops.SettleTimers(actor=actor, at=clock_now() + timedelta(hours=draw(st.sampled_from([0, 9]))))
    if choice == "start_timer":
        return ops.StartTimer(timer_step, planned=600, actor=actor)
    if choice == "pause_timer":
        return ops.PauseTimer(timer_step, actor=actor)
    if choice == "add_minute":
        return ops.AddMinute(timer_step, planned=300, actor=actor)
    if choice == "set_vote_dots":
        return ops.SetVoteDots(vote.id, draw(st.integers(0, 6)), actor=actor)
    if choice == "close_vote":
        return ops.CloseVote(vote.id, draw(st.booleans()), actor=actor)
    option = draw(st.sampled_from([o.id for o in vote.options] + ["o-missing"]))
    voter = draw(st.sampled_from(["Ana", "Bo", ""]))
    if choice == "cast_vote":
        return ops.CastVote(vote.id, option, voter, actor=actor)
    if choice == "retract_vote":
        return ops.RetractVote(vote.id, option, voter, actor=actor)
    if choice == "merge_items":  # list lines by position, or FAQ questions by id (misses included)
        merged = draw(st.sampled_from(["Faster", "Quicker and safer", "Why? How?", " "]))
        if draw(st.booleans()):
            keys = draw(st.lists(st.sampled_from(["0", "1", "2", "7"]), min_size=2, max_size=3, unique=True))
            return ops.MergeItems("benefit", "candidates", "", keys, merged, actor=actor)
        keys = draw(st.lists(st.sampled_from([*faq_ids, "q-missing"]), min_size=2, max_size=3, unique=True))
        return ops.MergeItems("benefit", "candidates", draw(st.sampled_from(["customer", "internal"])),
                              keys, merged, actor=actor)
    if choice == "set_anonymous":
        rounds = [r.id for r in session.facilitation.rounds]
        return ops.SetAnonymous(draw(st.booleans()), draw(st.sampled_from(["", *rounds, "r-missing"])),
                                actor=actor)
    if choice == "set_vote_secret":
        return ops.SetVoteSecret(draw(st.sampled_from([vote.id, "v-missing"])), draw(st.booleans()),
                                 actor=actor)
    state = dict(session.facilitation.to_dict())
    state["current_contributor"] = draw(st.sampled_from(["Ana", "Bo"]))
    return ops.SetFacilitation(state=state, actor=actor)


def run(data, session: Session, count: int) -> list[tuple[ops.Operation, ops.Operation]]:
    """Apply `count` drawn operations; return (operation, inverse) for those that changed something."""
    done = []
    for _ in range(count):
        op = data.draw(operation(session))
        try:
            inverse = ops.apply(session, op)
        except ops.OperationError:
            continue
        if inverse is not None:
            done.append((op, inverse))
    return done


@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
@given(data=st.data())
def test_inverses_in_reverse_order_give_back_the_session(data) -> None:
    session = base_session()
    before = content(session)
    done = run(data, session, data.draw(st.integers(1, 12)))
    for _op, inverse in reversed(done):
        assert ops.apply(session, inverse) is not None
    assert content(session) == before


@settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)
@given(data=st.data())
def test_saved_and_loaded_session_equals_the_one_in_memory(data) -> None:
    session = base_session()
    run(data, session, data.draw(st.integers(1, 12)))
    loaded = store.loads(store.dumps(session))
    assert loaded.to_dict() == session.to_dict()


@settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)
@given(data=st.data())
def test_serialised_operations_apply_like_the_originals(data) -> None:
    direct, remote = base_session(), base_session()
    remote_data = store.loads(store.dumps(direct)).to_dict()
    remote = Session.from_dict(remote_data)
    for op, _inverse in run(data, direct, data.draw(st.integers(1, 12))):
        sent = json.loads(json.dumps(ops.to_dict(op)))  # over the wire
        received = ops.from_dict(sent)
        assert received == op
        ops.apply(remote, received)
    assert content(remote) == content(direct)


def test_operations_carry_actor_and_time_through_serialising() -> None:
    op = ops.SetAnswer("benefit", "benefit", "Faster", actor="Ana", at=AT)
    data = ops.to_dict(op)
    assert data == {"format": 1, "kind": "set_answer", "actor": "Ana", "at": AT.isoformat(),
                    "step_id": "benefit", "field_id": "benefit", "value": "Faster"}
    assert ops.from_dict(data) == op


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("set_answer", "not str"),
        ({"format": 1, "kind": "paint_it"}, "unknown operation kind 'paint_it'"),
        ({"format": 9, "kind": "set_answer"}, "format 9 is not one this version reads"),
        ({"format": 1, "kind": "move_faq", "item_id": "q-1"}, "field 'offset' is missing"),
        ({"format": 1, "kind": "move_faq", "item_id": "q-1", "offset": "up"},
         "field 'offset' must be a whole number"),
        ({"format": 1, "kind": "delete_faq", "item_id": "q-1", "colour": 1},
         "unknown field(s) colour"),
        ({"format": 1, "kind": "delete_faq", "item_id": "q-1", "at": "yesterday"},
         "field 'at' must be an ISO 8601 time"),
    ],
)
def test_bad_serialised_operations_get_a_clear_error(data, words) -> None:
    with pytest.raises(ops.OperationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        ops.from_dict(data)


def test_an_operation_that_does_not_fit_changes_nothing() -> None:
    session = base_session()
    before = content(session)
    with pytest.raises(ops.OperationError, match="q-missing"):  # a batch is all or none
        ops.apply(session, ops.Batch(steps=(ops.MoveFaq(session.faq[0].id, 1),
                                            ops.DeleteFaq("q-missing"))))
    with pytest.raises(ops.OperationError, match="no record with id 'q-gone'"):
        ops.apply(session, ops.EditFaq("q-gone", {"answer": "x"}))
    with pytest.raises(ops.OperationError, match="unknown status"):
        ops.apply(session, ops.EditFaq(session.faq[0].id, {"question": "New", "status": "maybe"}))
    assert content(session) == before


# ------------------------------------------------------------------ dispatcher
class Ticks:
    """A fake monotonic clock for typing groups."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def typed(dispatcher: Dispatcher, ticks: Ticks, text: str, gap: float = 0.1) -> None:
    """Type `text` key by key into the headline box, `gap` seconds apart."""
    for end in range(1, len(text) + 1):
        ticks.now += gap
        dispatcher.submit(ops.SetAnswer("pr", "headline", text[:end]))


def test_typing_is_one_undo_step_per_word() -> None:
    session, ticks = Session(title="T"), Ticks()
    dispatcher = Dispatcher(session, clock=ticks)
    typed(dispatcher, ticks, "Launch the app")
    assert len(dispatcher.undo_stack) == 3  # "Launch ", "the ", "app"
    dispatcher.undo()
    assert session.get_text("pr", "headline") == "Launch the "
    dispatcher.undo()
    assert session.get_text("pr", "headline") == "Launch "
    dispatcher.redo()
    dispatcher.redo()
    assert session.get_text("pr", "headline") == "Launch the app"
    dispatcher.undo(), dispatcher.undo(), dispatcher.undo()
    assert "pr" not in session.answers  # back to never typed, not to ""


def test_a_burst_that_starts_a_new_word_is_a_new_step() -> None:
    session, ticks = Session(title="T"), Ticks()
    dispatcher = Dispatcher(session, clock=ticks)
    for text in ("Parents", "Parents of", "Parents of tod", "Parents of toddlers"):
        ticks.now += 0.1
        dispatcher.submit(ops.SetAnswer("who", "segment", text))
    assert [step.forward.value for step in dispatcher.undo_stack] == [
        "Parents", "Parents of", "Parents of toddlers"
    ]


def test_a_pause_or_another_box_starts_a_new_undo_step() -> None:
    session, ticks = Session(title="T"), Ticks()
    dispatcher = Dispatcher(session, clock=ticks)
    typed(dispatcher, ticks, "Lau")
    ticks.now += TYPING_PAUSE + 0.5
    for end in range(4, 7):
        ticks.now += 0.1
        dispatcher.submit(ops.SetAnswer("pr", "headline", "Launch"[:end]))
    dispatcher.submit(ops.SetAnswer("pr", "subtitle", "x"))
    assert [step.forward.value for step in dispatcher.undo_stack] == ["Lau", "Launch", "x"]
    dispatcher.undo()
    dispatcher.undo()
    assert session.get_text("pr", "headline") == "Lau"


def test_a_change_after_undo_drops_redo_and_listeners_hear_every_change() -> None:
    session = base_session()
    dispatcher = Dispatcher(session)
    heard = []
    dispatcher.listeners.append(lambda change: heard.append((change.origin, change.op.KIND)))
    item = session.faq[0]
    dispatcher.submit(ops.DeleteFaq(item.id, actor="Ana"))
    dispatcher.undo()
    assert session.faq[0].id == item.id
    dispatcher.submit(ops.MoveFaq(item.id, 1))
    assert not dispatcher.can_redo
    assert heard == [("edit", "delete_faq"), ("undo", "add_faq"), ("edit", "move_faq")]
    assert [op.actor for op in dispatcher.history] == ["Ana", "Ana", ""]
    assert session.revision > 0  # the document is dirty
    assert dispatcher.submit(ops.MoveFaq(item.id, 1)) is None  # already last: no change, no step
    assert dispatcher.submit(ops.SetCommentStatus(session.comments[0].id, "open")) is None


def test_every_view_of_a_session_shares_one_dispatcher_while_the_session_lives() -> None:
    import gc

    from workshop import dispatch

    session = base_session()
    Dispatcher.of(session).submit(ops.MoveFaq(session.faq[0].id, 1))
    assert Dispatcher.of(session).can_undo, "the history outlives the caller's reference"
    key = id(session)
    del session
    gc.collect()
    assert key not in dispatch._BY_SESSION


# ------------------------------------------------------------------ live-session operations
def test_an_idea_from_another_device_applies_on_the_host_later_with_the_same_ids() -> None:
    template = mini_template()
    host = base_session()
    live = LiveSession(host, template)
    ops.apply(host, ops.start_round(live, "faq-customer", actor="Ana"))
    typed = ops.add_idea(live, "faq-customer", "Is it free?", author="Bo")  # made on Bo's device
    ops.apply(host, ops.reveal_round(live, "faq-customer"))  # the host revealed meanwhile
    inverse = ops.apply(host, ops.from_dict(json.loads(json.dumps(ops.to_dict(typed)))))
    idea = host.facilitation.ideas[-1]
    assert (idea.author, idea.round, idea.ref) == ("Bo", typed.idea["round"], "q-" + idea.id[2:])
    assert host.find_faq(idea.ref).question == "Is it free?"  # published: its round is revealed
    ops.apply(host, inverse)
    assert host.find_faq(idea.ref) is None and host.facilitation.ideas == []


def test_using_a_result_closes_the_vote_and_fills_the_answer_in_one_undo_step() -> None:
    session = base_session()
    live = LiveSession(session, mini_template())
    dispatcher = Dispatcher(session)
    dispatcher.submit(ops.SetAnswer("benefit", "benefit", None))
    vote = session.facilitation.votes[0]
    dispatcher.submit(ops.CastVote(vote.id, vote.options[1].id, "Ana"))
    op, message = ops.use_result(live, vote, actor="Ana")
    assert isinstance(op, ops.Batch) and "went into" in message
    dispatcher.submit(op)
    assert session.get_text("benefit", "benefit") == "Cheaper" and not vote.is_open
    dispatcher.undo()
    assert session.get_text("benefit", "benefit") == "" and session.facilitation.votes[0].is_open


def test_a_clock_follows_the_step_outside_undo_and_a_stale_one_settles() -> None:
    from datetime import timedelta

    session = base_session()
    live = LiveSession(session, mini_template())
    dispatcher = Dispatcher(session)
    dispatcher.submit(ops.StartTimer("benefit", 600))
    steps = len(dispatcher.undo_stack)
    assert dispatcher.submit(ops.follow(live, "benefit", "needs"), record=False) is not None
    assert len(dispatcher.undo_stack) == steps and not dispatcher.can_redo
    assert live.running_step() == "needs" and "benefit" not in session.facilitation.timers
    assert ops.follow(live, "benefit", "story") is None  # no clock runs there
    assert ops.settle_timers(live) is None
    ops.apply(session, ops.SettleTimers(at=clock_now() + timedelta(hours=9)))
    assert live.running_step() == ""


def test_undoing_a_dot_leaves_a_clock_that_followed_the_group_running() -> None:
    session = base_session()
    live = LiveSession(session, mini_template())
    dispatcher = Dispatcher(session)
    vote = session.facilitation.votes[0]
    dispatcher.submit(ops.StartTimer("benefit", 600))
    dispatcher.submit(ops.CastVote(vote.id, vote.options[0].id, "Ana"))
    dispatcher.submit(ops.follow(live, "benefit", "needs"), record=False)  # the group moved on
    dispatcher.undo()  # the dot
    assert session.facilitation.votes[0].count(vote.options[0].id) == 0
    assert live.running_step() == "needs", "the undo put back the votes, not the timers"
    inverse = dispatcher.redo_stack[-1].inverse
    assert set(inverse.state) == {"votes"}  # only the part it changed


def test_a_live_state_with_an_unknown_part_is_refused_before_any_change() -> None:
    session = base_session()
    before = content(session)
    with pytest.raises(ops.OperationError, match="unknown part.*colours"):
        ops.apply(session, ops.SetFacilitation(state={"votes": [], "colours": []}))
    assert content(session) == before
