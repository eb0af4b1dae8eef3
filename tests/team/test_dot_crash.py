"""Tests that a host crash between a save and the applied-request log never counts a participant's dot twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from workshop.document import OpenDocument
from workshop.model.live import LiveSession
from workshop.team import requests as wire
from workshop.team.host import TeamHost
from workshop.team.registry import Registry

from .conftest import until

pytestmark = pytest.mark.timeout(60)


def open_vote(path: Path) -> tuple[str, list[str]]:
    """Start a vote on the first step with candidates (saved in the file); (vote id, option ids)."""
    document = OpenDocument.open(path)
    live = LiveSession(document.session, document.template)
    for step in document.template.steps:
        if len(live.vote_candidates(step.id)) >= 2:
            vote = live.start_vote(step.id, dots=3)
            document.session.touch()
            document.save_now()
            document.close()
            return vote.id, [option.id for option in vote.options]
    raise AssertionError("the example has no step to vote on")


def ballot(path: Path, vote_id: str, voter: str) -> list[str]:
    document = OpenDocument.open(path)
    try:
        vote = next(v for v in document.session.facilitation.votes if v.id == vote_id)
        return sorted(vote.ballots.get(voter, []))
    finally:
        document.close()


async def serve(path: Path, state: Path) -> TeamHost:
    host = TeamHost(OpenDocument.open(path), state_dir=state)
    await host.start()
    return host


async def send(host: TeamHost, name: str, requests: list[str]) -> str:
    """Append requests to `name`'s outbox as their client would; their participant id."""
    from pycrdt import Array

    registry = host._registry
    assert registry is not None
    member = registry.by_name(name) or registry.admit(name)[0]
    await host._open_member_room(member)
    outbox = host._docs[member.id].get("outbox", type=Array)
    for raw in requests:
        outbox.append(raw)
    return member.id


async def crash(host: TeamHost) -> None:
    """The host dies: what is on disk stays as it is (stop() writes nothing the ledger would not have)."""
    await asyncio.sleep(0.3)  # the rooms' files get their updates
    await host.stop()
    host.document.close()


@pytest.mark.parametrize("saved", [True, False], ids=["saved-before-the-crash", "not-saved"])
async def test_a_dot_is_counted_once_whatever_the_moment_of_the_crash(session_file, tmp_path, monkeypatch, saved):
    vote_id, options = open_vote(session_file)
    state = tmp_path / "state"
    monkeypatch.setattr(Registry, "mark_applied", lambda self, keys: None)  # killed before the log's update
    first = await serve(session_file, state)
    casts = [wire.encode("r1", "cast_vote", vote_id=vote_id, option_id=options[0]),
             wire.encode("r2", "cast_vote", vote_id=vote_id, option_id=options[1]),
             wire.encode("r3", "retract_vote", vote_id=vote_id, option_id=options[1]),
             wire.encode("r4", "cast_vote", vote_id=vote_id, option_id=options[0])]
    await send(first, "Ana", casts)
    session = first.document.session
    assert await until(lambda: len(next(v for v in session.facilitation.votes if v.id == vote_id)
                                   .ballots.get("Ana", [])) == 2)
    if saved:
        first.document.save_now()  # the save happened; the log's update did not
    await crash(first)
    monkeypatch.undo()
    expected = sorted([options[0], options[0]])
    assert ballot(session_file, vote_id, "Ana") == (expected if saved else [])

    second = await serve(session_file, state)  # restarted: reads every outbox again
    try:
        def dots() -> list[str]:
            vote = next(v for v in second.document.session.facilitation.votes if v.id == vote_id)
            return sorted(vote.ballots.get("Ana", []))

        assert await until(lambda: dots() == expected and not second._process_soon), dots()
        await asyncio.sleep(0.5)  # anything applied twice would show by now
        assert dots() == expected
        second.document.save_now()
    finally:
        await second.stop()
        second.document.close()
    assert ballot(session_file, vote_id, "Ana") == expected


async def test_a_half_written_dot_record_is_ignored(tmp_path):
    from workshop.team.dots import DotIntent, DotLedger

    ledger = DotLedger(tmp_path)
    ledger.record(DotIntent("p1", "r1", "v1", "Ana", [], ["o1"]))
    with open(ledger.path, "a", encoding="utf-8") as handle:
        handle.write('{"pid":"p1","request_id":"r2"')  # the crash tore it
    assert [intent.request_id for intent in DotLedger(tmp_path).intents] == ["r1"]
