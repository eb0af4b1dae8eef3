"""Tests merging a step's ideas (issue 14 §3): one item, every author credited, every dot kept, undoable."""

from __future__ import annotations

import pytest

from facilitation_helpers import install_fake_clock, mini_template, restore_clock
from workshop import store
from workshop.model import operations as ops
from workshop.model.live import LiveSession
from workshop.model.merging import duplicates, merge_op
from workshop.model.session import Session


@pytest.fixture(autouse=True)
def fixed_clock():
    fake, previous = install_fake_clock()
    yield fake
    restore_clock(previous)


def live_session() -> LiveSession:
    template = mini_template()
    session = Session(title="Merge", template_id=template.id, participants=["Ana", "Bo", "Cy"])
    return LiveSession(session, template)


def test_merging_list_items_keeps_every_author_and_every_dot_and_undoes() -> None:
    live = live_session()
    live.add_idea("benefit", "Faster repairs", author="Ana")
    live.add_idea("benefit", "Cheaper", author="Cy")
    live.add_idea("benefit", "Quicker repairs", author="Bo")
    vote = live.start_vote("benefit", dots=3)
    by_text = {o.text: o.id for o in vote.options}
    live.cast(vote, by_text["Faster repairs"], "Ana")
    live.cast(vote, by_text["Quicker repairs"], "Bo")
    live.cast(vote, by_text["Quicker repairs"], "Cy")
    before = live.session.to_dict()

    op = merge_op(live, "benefit", ["0", "2"], "Repairs in an hour", actor="Ana")
    again = ops.from_dict(ops.to_dict(op))  # travels like any operation
    assert again == op
    inverse = ops.apply(live.session, again)

    assert live.session.get_answer("benefit", "candidates") == ["Repairs in an hour", "Cheaper"]
    assert dict(live.items("benefit")) == {"Repairs in an hour": "Ana, Bo", "Cheaper": "Cy"}
    [merged] = [o for o in vote.options if o.text == "Repairs in an hour"]
    assert vote.count(merged.id) == 3 and len(vote.options) == 2  # every dot, on one option
    assert live.contributions("Bo")["ideas"] == 1  # still credited in the appendix's count

    ops.apply(live.session, inverse)
    after = live.session.to_dict()
    before.pop("updated"), after.pop("updated")
    assert after == before


def test_merging_questions_keeps_answers_authors_and_dots() -> None:
    live = live_session()
    first = live.session.add_faq("How much is it?", "customer", author="Ana")
    second = live.session.add_faq("What does it cost?", "customer", author="Bo")
    live.session.update_faq(second.id, answer="19 euros a year.")
    vote = live.start_vote("faq-customer", dots=2)
    for option in vote.options:
        live.cast(vote, option.id, "Cy")
    saved = store.dumps(live.session)

    inverse = ops.apply(live.session, merge_op(live, "faq-customer", [first.id, second.id], actor="Ana"))

    [item] = live.session.faq_items("customer")
    assert (item.id, item.question, item.answer) == (first.id, "How much is it?", "19 euros a year.")
    assert dict(live.items("faq-customer")) == {"How much is it?": "Ana, Bo"}
    assert [o.ref for o in vote.options] == [first.id] and vote.count(vote.options[0].id) == 2
    ops.apply(live.session, inverse)
    assert store.dumps(live.session).split("\n")[7:] == saved.split("\n")[7:]  # all but `updated`


def test_exact_duplicates_are_kept_and_offered_for_merging() -> None:
    live = live_session()
    live.session.set_answer("benefit", "candidates", ["Faster", "cheaper", "faster ", "Cheaper", "Safer"])
    assert duplicates(live, "benefit") == [["0", "2"], ["1", "3"]]


@pytest.mark.parametrize("keys", [["0"], ["0", "0"], ["0", "9"]])
def test_a_merge_that_does_not_fit_is_refused_and_changes_nothing(keys) -> None:
    live = live_session()
    live.session.set_answer("benefit", "candidates", ["A", "B"])
    with pytest.raises(ops.OperationError):
        ops.apply(live.session, ops.MergeItems("benefit", "candidates", "", keys, "AB"))
    assert live.session.get_answer("benefit", "candidates") == ["A", "B"]
