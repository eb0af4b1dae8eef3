"""Tests anonymous sessions and rounds (issue 14 §3): names are kept in the file, never shown beside ideas."""

from __future__ import annotations

import pytest

from facilitation_helpers import install_fake_clock, mini_template, restore_clock
from workshop import store
from workshop.model import operations as ops
from workshop.model.live import LiveSession
from workshop.model.session import Session


@pytest.fixture(autouse=True)
def fixed_clock():
    fake, previous = install_fake_clock()
    yield fake
    restore_clock(previous)


def live_session() -> LiveSession:
    template = mini_template()
    return LiveSession(Session(title="Anon", template_id=template.id, participants=["Ana", "Bo"]), template)


def test_an_anonymous_session_shows_no_names_and_the_file_records_it() -> None:
    live = live_session()
    live.add_idea("benefit", "Faster", author="Ana")
    live.session.add_faq("Why?", "customer", author="Bo")
    assert ops.apply(live.session, ops.SetAnonymous(True)) == ops.SetAnonymous(False)
    assert live.items("benefit") == [("Faster", None)]
    assert live.items("faq-customer") == [("Why?", None)]
    text = store.dumps(live.session)
    assert "\nanonymous = true\n" in text
    loaded = store.loads(text)
    assert loaded.facilitation.anonymous and loaded.facilitation.ideas[0].author == "Ana"  # kept, not shown


def test_one_anonymous_round_hides_only_its_own_names() -> None:
    live = live_session()
    live.add_idea("benefit", "Named", author="Ana")
    round_ = live.start_round("benefit")
    ops.apply(live.session, ops.SetAnonymous(True, round_.id))
    live.add_idea("benefit", "Secret", author="Bo")
    live.add_idea("benefit", "Also secret", author="Ana")
    assert live.round_counts(round_) == [("", 2)]  # the banner shows a count, no names
    live.reveal_round("benefit")
    assert dict(live.items("benefit")) == {"Named": "Ana", "Secret": None, "Also secret": None}
    assert "anonymous = true" in store.dumps(live.session)
    with pytest.raises(ops.OperationError):
        ops.apply(live.session, ops.SetAnonymous(True, "r-missing"))
