"""Facilitation state survives save and load, and bad data is reported with its key."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from facilitation_helpers import (
    FakeClock,
    install_fake_clock,
    mini_template,
    restore_clock,
)
from workshop import content, store
from workshop.model.facilitation import FACILITATION_KEYS
from workshop.model.live import LiveSession
from workshop.model.session import Session
from workshop.storage.tomlio import FileProblem


@pytest.fixture
def fake_clock():
    fake, previous = install_fake_clock()
    yield fake
    restore_clock(previous)


def _busy_session(fake_clock: FakeClock) -> tuple[Session, LiveSession]:
    session = Session("Demo", participants=["Ana", "Ben", "Caro"], current_step="benefit")
    live = LiveSession(session, mini_template())
    live.set_contributor("Ben")
    live.start_timer("benefit")
    fake_clock.advance(minutes=3)
    live.follow("benefit", "needs")
    fake_clock.advance(minutes=1)
    live.pause_timer("needs")
    live.add_minute("needs")
    live.start_timer("benefit")
    fake_clock.advance(seconds=20)
    live.add_idea("benefit", "Deposit back", author="Ana")
    live.add_idea("benefit", "Less hassle")
    live.start_round("benefit")
    live.add_idea("benefit", "Hidden \"quoted\" idea", author="Caro")
    live.start_round("faq-customer")
    live.add_idea("faq-customer", "Is it free?", author="")
    live.reveal_round("faq-customer")
    vote = live.start_vote("benefit", dots=2)
    live.cast(vote, vote.options[0].id, "Ana")
    live.cast(vote, vote.options[0].id, "Ana")
    live.cast(vote, vote.options[1].id, "Ben")
    live.close_vote(vote)
    live.park("Pricing?\nAnd tiers", "needs")
    live.decide("Renters first", "one-way", "Caro", on=date(2026, 3, 2), step_id="benefit")
    return session, live


def test_everything_round_trips(fake_clock: FakeClock):
    session, _ = _busy_session(fake_clock)
    text = store.dumps(session, mini_template())
    loaded = store.loads(text)
    assert loaded.facilitation == session.facilitation
    assert loaded.participants == session.participants
    assert loaded.faq == session.faq
    assert loaded.answers == session.answers
    assert not set(loaded.extra) & set(FACILITATION_KEYS)
    assert store.dumps(loaded, mini_template()) == text


def test_file_is_plain_toml_without_nulls(fake_clock: FakeClock):
    session, _ = _busy_session(fake_clock)
    data = tomllib.loads(store.dumps(session, mini_template()))
    assert data["current_contributor"] == "Ben"
    assert data["timers"]["benefit"]["started_at"].tzinfo is not None
    assert "started_at" not in data["timers"]["needs"]
    assert data["votes"][0]["ballots"] == {
        "Ana": [data["votes"][0]["options"][0]["id"]] * 2,
        "Ben": [data["votes"][0]["options"][1]["id"]],
    }
    assert data["decisions"][0]["date"] == date(2026, 3, 2)


def test_resume_keeps_a_running_timer_running(fake_clock: FakeClock):
    session, live = _busy_session(fake_clock)
    remaining = live.timer("benefit").reading()
    text = store.dumps(session, mini_template())
    fake_clock.advance(seconds=45)  # the app was closed for 45 seconds
    resumed = LiveSession(store.loads(text), mini_template())
    assert resumed.timer("benefit").running
    assert resumed.timer("benefit").reading() == remaining - 45
    assert resumed.timer("needs").reading() == live.timer("needs").reading()
    assert not resumed.timer("needs").running


def test_an_empty_session_writes_no_facilitation_keys(fake_clock: FakeClock):
    session = Session("Quiet", participants=["Ana"])
    data = tomllib.loads(store.dumps(session))
    assert not set(data) & set(FACILITATION_KEYS)
    assert session.facilitation.empty


def test_unknown_keys_inside_records_are_kept(fake_clock: FakeClock):
    session, _ = _busy_session(fake_clock)
    text = store.dumps(session, mini_template())
    text = text.replace('door = "one-way"', 'door = "one-way"\nnote = "from v2"', 1)
    loaded = store.loads(text)
    assert loaded.facilitation.decisions[0].extra == {"note": "from v2"}
    assert 'note = "from v2"' in store.dumps(loaded)


HEADER = 'schema_version = 1\ntitle = "Broken"\n'


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        ("current_contributor = 3\n", "current_contributor", "expected text"),
        ("[timers.benefit]\nplanned_seconds = \"ten\"\n", "timers.benefit.planned_seconds", "whole number"),
        ("[timers.benefit]\nelapsed_seconds = -4\n", "timers.benefit.elapsed_seconds", "0 or more"),
        ("[timers.benefit]\nstarted_at = \"nine\"\n", "timers.benefit.started_at", "date-time"),
        ("timers = 5\n", "timers", "expected a table"),
        ("rounds = 5\n", "rounds", "array of tables"),
        ("[[rounds]]\nid = \"r1\"\n", "rounds[0].step", "required"),
        ("[[rounds]]\nid = \"r1\"\nstep = \"s\"\nsilent = \"yes\"\n", "rounds[0].silent", "true or false"),
        ("[[ideas]]\nid = \"i1\"\nstep = \"s\"\nfield = \"f\"\n", "ideas[0].text", "required"),
        (
            "[[ideas]]\nid = \"i1\"\nstep = \"s\"\nfield = \"f\"\ntext = \"t\"\nfaq_kind = \"secret\"\n",
            "ideas[0].faq_kind",
            "one of",
        ),
        (
            "[[parking_lot]]\nid = \"p1\"\ntext = \"a\"\n[[parking_lot]]\nid = \"p1\"\ntext = \"b\"\n",
            "parking_lot[1].id",
            "duplicate",
        ),
        ("[[decisions]]\nid = \"d1\"\nwhat = \"x\"\ndoor = \"sideways\"\n", "decisions[0].door", "one of"),
        ("[[decisions]]\nid = \"d1\"\nwhat = \"x\"\ndate = \"soon\"\n", "decisions[0].date", "date like"),
        ("[[votes]]\nid = \"v1\"\ndots = 0\n", "votes[0].dots", "1 or more"),
        (
            "[[votes]]\nid = \"v1\"\n[[votes.options]]\nid = \"o1\"\ntext = \"A\"\n"
            "[votes.ballots]\nAna = [\"o2\"]\n",
            "votes[0].ballots.Ana",
            "no option",
        ),
        (
            "[[votes]]\nid = \"v1\"\n[[votes.options]]\nid = \"o1\"\ntext = \"A\"\n"
            "[votes.ballots]\nAna = 3\n",
            "votes[0].ballots.Ana",
            "option ids",
        ),
        ("[[votes]]\nid = \"v1\"\noptions = [1]\n", "votes[0].options[0]", "expected a table"),
    ],
)
def test_bad_data_is_reported_with_its_key(body: str, key: str, words: str):
    with pytest.raises(FileProblem) as caught:
        store.loads(HEADER + body, "broken.toml")
    assert caught.value.key == key
    assert words in caught.value.detail
    assert caught.value.describe().startswith(f"broken.toml: {key}: ")


def test_hand_written_minimal_records_load_with_defaults(fake_clock: FakeClock):
    text = HEADER + (
        "[timers.benefit]\n"
        "[[decisions]]\nid = \"d1\"\nwhat = \"Ship it\"\ndate = \"2026-04-01\"\n"
        "[[votes]]\nid = \"v1\"\n"
    )
    session = store.loads(text)
    state = session.facilitation
    assert state.timers["benefit"].planned == 0
    assert state.decisions[0].door == "two-way"
    assert state.decisions[0].date == date(2026, 4, 1)
    assert state.votes[0].dots == 3
    assert state.votes[0].created == fake_clock.now


def test_unknown_keys_inside_records_are_named_for_validate(fake_clock: FakeClock):
    from workshop.load_warnings import unknown_keys

    session, _ = _busy_session(fake_clock)
    text = store.dumps(session, mini_template())
    text = text.replace('door = "one-way"', 'door = "one-way"\nnote = "from v2"', 1)
    text = text.replace("planned_seconds = 600", "planned_seconds = 600\ncolour = \"red\"", 1)
    loaded = store.loads(text)
    assert set(unknown_keys(loaded)) >= {"decisions[0].note", "timers.benefit.colour"}


_LOAD = """\
import sys
from pathlib import Path
from workshop import store
session = store.load(Path(sys.argv[1]))
records = ("workshop.model.comments", "workshop.model.voting", "workshop.model.timer",
           "workshop.model.facilitation_records")
print(" ".join(name for name in records if name in sys.modules))
print(len(session.comments), len(session.facilitation.votes), len(session.facilitation.decisions),
      len(session.facilitation.timers))
"""


def test_record_types_are_defined_only_for_a_session_that_has_records(tmp_path: Path) -> None:
    """Start-up (issue 12 §4): a plain session loads without the comment, vote, timer and record classes."""
    from workshop.model.facilitation import Decision
    from workshop.model.voting import Vote, VoteOption

    plain = tmp_path / "plain.toml"
    template = content.resolve(None)
    store.save(Session(title="Plain", template_id=template.id), plain, template)
    done = subprocess.run([sys.executable, "-c", _LOAD, str(plain)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["", "0 0 0 0"]

    full = tmp_path / "full.toml"
    session = Session(title="Full", template_id=template.id)
    session.facilitation.decisions.append(Decision(what="Ship it"))
    session.facilitation.votes.append(Vote(title="Which?", step="s", field="f", options=[VoteOption(text="A")]))
    store.save(session, full, template)
    done = subprocess.run([sys.executable, "-c", _LOAD, str(full)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    names, counts = done.stdout.splitlines()
    assert {"workshop.model.voting", "workshop.model.facilitation_records"} <= set(names.split())
    assert counts == "0 1 1 0"
    loaded = store.load(full)
    assert loaded.facilitation.decisions[0].what == "Ship it"
    assert type(loaded.facilitation.decisions[0]) is Decision
