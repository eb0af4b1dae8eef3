"""Tests votes and shared drafts through participant processes."""

from __future__ import annotations

import asyncio
import tomllib

import pytest

from workshop.model import operations as ops
from workshop.model.live import LiveSession

from .conftest import Bot, InProcessHost, until

pytestmark = pytest.mark.timeout(120)


async def test_a_dot_vote_counts_each_persons_dots_within_the_limit_and_hides_the_tally(session_file, bots):
    async with InProcessHost(session_file) as served:
        host = served.host
        document = host.document
        step = document.session.current_step
        live = LiveSession(document.session, document.template)
        for vote in live.votes_for(step):
            live.close_vote(vote)
        vote = live.start_vote(step, dots=2)
        host.set_secret_votes(True)
        host.publish(step)
        ana, ben = await asyncio.gather(Bot.start(served.url, "Ana"), Bot.start(served.url, "Ben"))
        bots += [ana, ben]
        first, second = vote.options[0].id, vote.options[1].id
        for bot in (ana, ben):
            await bot.do("vote", option=first)
            await bot.do("vote", option=second)
        views = await asyncio.gather(ana.do("wait"), ben.do("wait"))
        assert all(v["ok"] for v in views)
        assert vote.ballots == {"Ana": [first, second], "Ben": [first, second]}
        view = views[0]["view"]["vote"]
        assert view["my_dots"] == {first: 1, second: 1} and view["tally"] is None  # secret while open
        refused = await ana.do("vote", option=first)  # a third dot: over the limit
        assert refused["ok"] is False and "dots" in refused["error"]
        document.dispatcher.submit(ops.CloseVote(vote_id=vote.id, closed=True))

        async def tally() -> dict | None:
            return (await ben.do("view"))["view"]["vote"]["tally"]

        for _ in range(200):
            if await tally() is not None:
                break
            await asyncio.sleep(0.05)
        assert await tally() == {**{o.id: 0 for o in vote.options}, first: 2, second: 2}
    data = tomllib.loads(session_file.read_text(encoding="utf-8"))
    saved = next(v for v in data["votes"] if v["id"] == vote.id)
    assert saved["ballots"] == {"Ana": [first, second], "Ben": [first, second]}


async def test_two_people_and_the_facilitator_typing_in_one_draft_merge_character_by_character(
    session_file, bots
):
    async with InProcessHost(session_file) as served:
        host = served.host
        document = host.document
        step_id, field_id = "pr-headline", "headline"
        assert document.template.step(step_id).field(field_id) is not None
        document.dispatcher.submit(ops.SetAnswer(step_id=step_id, field_id=field_id, value="Hello world"))
        ana, ben = await asyncio.gather(Bot.start(served.url, "Ana"), Bot.start(served.url, "Ben"))
        bots += [ana, ben]
        host.assign("Ana", step_id, field_id)
        host.assign("Ben", step_id, field_id)
        for bot in (ana, ben):
            assert (await bot.do("wait_draft", text="Hello world"))["ok"]
        # both type at once, in different places (as people type: into the text each one sees; a
        # "make it read exactly X" command raced when the other's key had already arrived)
        before = len(document.dispatcher.history)
        await asyncio.gather(ana.do("type", text="big ", at=len("Hello ")), ben.do("type", text="!"))
        for bot in (ana, ben):
            assert (await bot.do("wait_draft", text="Hello big world!"))["ok"]
        # The host copies the draft into the session when it gets to it: on a loaded machine
        # later than 10 s, and possibly in more than one change (or after another operation).
        assert await until(lambda: document.session.get_text(step_id, field_id) == "Hello big world!")
        since = [op for op in document.dispatcher.history[before:]
                 if isinstance(op, ops.SetAnswer) and (op.step_id, op.field_id) == (step_id, field_id)]
        assert since and {op.actor for op in since} == {"Ana, Ben"}, since  # the draft's writers
        # the facilitator types too: it reaches both as a difference
        document.dispatcher.submit(ops.SetAnswer(step_id=step_id, field_id=field_id, value="Hello big world! Done."))
        for bot in (ana, ben):
            assert (await bot.do("wait_draft", text="Hello big world! Done."))["ok"]


async def test_an_anonymous_room_credits_anonymous_in_the_file_and_keeps_one_ballot_per_person(session_file, bots):
    async with InProcessHost(session_file) as served:
        host = served.host
        document = host.document
        step = document.session.current_step
        live = LiveSession(document.session, document.template)
        for vote in live.votes_for(step):
            live.close_vote(vote)
        vote = live.start_vote(step, dots=1)
        host.set_anonymous(True)
        ana, ben = await asyncio.gather(Bot.start(served.url, "Ana"), Bot.start(served.url, "Ben"))
        bots += [ana, ben]
        option = vote.options[0].id
        await ana.do("vote", option=option)
        await ben.do("vote", option=option)
        await ana.do("question", kind="internal", text="Who pays for this?")
        assert all(r["ok"] for r in await asyncio.gather(ana.do("wait"), ben.do("wait")))
        assert sorted(vote.ballots) == ["anonymous 1", "anonymous 2"]  # one ballot each, no names
        item = next(i for i in document.session.faq if i.question == "Who pays for this?")
        assert item.author == "anonymous"
        assert document.dispatcher.history[-1].actor == "anonymous"
        view = (await ben.do("view"))["view"]
        assert view["anonymous"] is True and view["vote"]["tally"] is None
        assert all(i["author"] == "" for f in view["faq"] for i in f["items"] if i["question"] == "Who pays for this?")
