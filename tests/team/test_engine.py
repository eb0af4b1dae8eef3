"""Tests the team engine with participant PROCESSES on 127.0.0.1: rounds, votes, credit, exactly once."""

from __future__ import annotations

import asyncio
import tomllib

import pytest

from workshop.model.live import LiveSession

from .conftest import Bot, InProcessHost

pytestmark = pytest.mark.timeout(120)


def saved(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow
async def test_a_silent_round_with_several_participants_saves_every_idea_once_credited(session_file, bots):
    async with InProcessHost(session_file) as served:
        host = served.host
        step = host.document.session.current_step
        live = LiveSession(host.document.session, host.document.template)
        live.start_round(step)
        host.publish(step)
        names = ["Ana", "Ben", "Chloé", "Dev"]
        bots += await asyncio.gather(*(Bot.start(served.url, name) for name in names))
        for bot in bots:
            assert bot.joined == {"joined": bot.name}
        texts = {name: [f"{name} idea {i}" for i in range(5)] for name in names}
        await asyncio.gather(*(bot.do("ideas", texts=texts[bot.name]) for bot in bots))
        replies = await asyncio.gather(*(bot.do("wait") for bot in bots))
        assert all(reply["ok"] for reply in replies), replies
        # during the round: my own ideas, only counts of others' (never their texts)
        view = (await bots[0].do("view"))["view"]
        assert view["round"]["open"] is True
        assert sorted(view["my_ideas"]) == sorted(texts["Ana"])
        assert dict(view["counts_by_author"]) == {name: 5 for name in names}
        assert view["revealed_ideas"] == []
        live.reveal_round(step)  # as the facilitator's screen does today (not an operation yet)
        host.document.save_now()
        host.publish()
        reply = await bots[1].do("wait_view", key="round", value={"id": view["round"]["id"], "open": False,
                                                                   "revealed": True})
        assert reply["ok"]
    data = saved(session_file)
    ideas = [idea for idea in data["ideas"] if idea["step"] == step and idea["text"].endswith(tuple("01234"))]
    for name in names:
        mine = [idea for idea in ideas if idea["author"] == name]
        assert sorted(idea["text"] for idea in mine) == sorted(texts[name])  # each once, credited
    answer = data["answers"][step]
    listed = [line for value in answer.values() if isinstance(value, list) for line in value]
    for name in names:
        for text in texts[name]:
            assert listed.count(text) == 1
    assert set(names) <= set(data["participants"])
    assert len(reply["view"]["revealed_ideas"]) >= 20
