"""Unit tests: the FAQ new-question draft (`faq_drafts`) is kept, saved, loaded and checked."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workshop import content, store
from workshop.model import Session, SessionDataError
from workshop.model.session import iter_text


def test_set_faq_draft_keeps_changes_and_drops_blank() -> None:
    session = Session(title="Drafts")
    before = session.revision
    assert session.set_faq_draft("customer", "Does it\r\nwork?")
    assert session.faq_drafts == {"customer": "Does it\nwork?"}
    assert session.revision > before
    assert not session.set_faq_draft("customer", "Does it\nwork?"), "same text: no change"
    assert session.set_faq_draft("customer", "")
    assert session.faq_drafts == {}
    assert not session.set_faq_draft("internal", ""), "nothing to drop"
    with pytest.raises(ValueError):
        session.set_faq_draft("partner", "x")


def test_faq_drafts_round_trip_through_the_file(tmp_path: Path) -> None:
    template = content.resolve(None)
    session = Session(title="Drafts")
    session.set_faq_draft("internal", "What does it cost us?")
    session.set_faq_draft("customer", 'Quotes " and \\ backslashes')
    text = store.dumps(session, template)
    data = tomllib.loads(text)
    assert data["faq_drafts"] == {
        "customer": 'Quotes " and \\ backslashes',
        "internal": "What does it cost us?",
    }
    assert list(data["faq_drafts"]) == ["customer", "internal"], "stable order"
    assert Session.from_dict(data).faq_drafts == session.faq_drafts
    assert "faq_drafts" not in tomllib.loads(store.dumps(Session(title="None"), template))
    assert ("faq_drafts.internal", "What does it cost us?") in list(iter_text(session))


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("just text", "faq_drafts"),
        ({"partner": "x"}, "faq_drafts.partner"),
        ({"customer": 3}, "faq_drafts.customer"),
    ],
)
def test_bad_faq_drafts_name_the_key(value, key: str) -> None:
    with pytest.raises(SessionDataError) as caught:
        Session.from_dict({"title": "x", "faq_drafts": value})
    assert caught.value.key == key
