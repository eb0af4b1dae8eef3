"""Tests the team host's guard: tokens on every route, rooms of one's own, allowed requests only, caps and rates."""

from __future__ import annotations

import asyncio
import json
import logging
import tomllib

import aiohttp
import pytest

from workshop.document import OpenDocument
from workshop.team import limits as host_module
from workshop.team.client import JoinError, TeamClient
from workshop.team.host import TeamHost, running_link

from .conftest import Bot, InProcessHost, until

pytestmark = pytest.mark.timeout(120)

ROUTES = ["/", "/ws", "/static/app.js", "/download/abc", "/sync/x/p/y", "/nothing-here"]


async def statuses(base: str, suffix: str = "", headers: dict | None = None) -> dict[str, int]:
    found = {}
    async with aiohttp.ClientSession() as http:
        for route in ROUTES:
            async with http.get(base + route + suffix, headers=headers or {}) as response:
                found[route] = response.status
        async with http.post(base + "/join" + suffix, json={"name": "Eve"}) as response:
            found["/join"] = response.status
    return found


async def test_no_token_or_a_wrong_one_gets_403_on_every_route(session_file):
    document = OpenDocument.open(session_file)
    host = TeamHost(document, browser_command="workshop join {url}")
    await host.start()
    try:
        base = host.url.split("/?")[0]
        assert host.url.startswith("http://127.0.0.1:")
        token = host.url.split("t=")[1]
        assert len(token) >= 22  # at least 128 bits, URL-safe base64
        assert set((await statuses(base)).values()) == {403}
        assert set((await statuses(base, "?t=" + "x" * len(token))).values()) == {403}
        assert set((await statuses(base, headers={"Authorization": "Bearer nope"})).values()) == {403}
        # the right room token opens the page (textual-serve's) and sets an HttpOnly cookie for the rest
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # IP hosts
            async with http.get(host.url) as response:
                assert response.status == 200
                assert "HttpOnly" in response.headers.get("Set-Cookie", "")
            async with http.get(base + "/static/css/xterm.css") as response:
                assert response.status != 403
            # the room token is not a participant token: the sync route still refuses it
            async with http.get(base + f"/sync/{document.session.id}/p/x", params={"t": token}) as response:
                assert response.status == 403
    finally:
        await host.stop()
        document.close()
    # after stop the old link is dead (tokens end with the host)
    assert running_link(session_file) is None


async def test_the_link_file_names_the_running_host(session_file):
    async with InProcessHost(session_file) as served:
        assert running_link(session_file) == served.url
    assert running_link(session_file) is None


async def test_a_participant_cannot_change_the_step_delete_others_items_or_forge_credit(
    session_file, bots, caplog
):
    caplog.set_level(logging.WARNING, logger="workshop.team")
    async with InProcessHost(session_file) as served:
        host = served.host
        session = host.document.session
        ana, ben = await asyncio.gather(Bot.start(served.url, "Ana"), Bot.start(served.url, "Ben"))
        bots += [ana, ben]
        await ben.do("question", kind="customer", text="Ben's own question?")
        assert (await ben.do("wait"))["ok"]
        bens = next(item for item in session.faq if item.question == "Ben's own question?")
        assert bens.author == "Ben"
        step_before, faq_before = session.current_step, len(session.faq)
        attacks = [
            {"id": "a1", "kind": "set_answer", "step_id": "x", "field_id": "y", "value": "z"},
            {"id": "a2", "kind": "delete_faq", "item_id": bens.id},
            {"id": "a3", "kind": "go_to", "step_id": "pr-headline"},
            {"id": "a4", "kind": "add_question", "faq_kind": "customer", "text": "forged?", "actor": "Ben"},
            {"id": "a5", "kind": "set_facilitation", "state": {}},
            {"id": "a6", "kind": "retract_vote", "vote_id": "v-x", "option_id": "o-x"},
        ]
        for attack in attacks:
            await ana.do("raw", text=json.dumps(attack))
        await ana.do("raw", text="not json at all {")
        await ana.do("raw", text=json.dumps({"id": "big", "kind": "add_idea", "text": "x" * 100_000}))
        assert (await ana.do("wait"))["ok"]
        assert session.current_step == step_before
        assert len(session.faq) == faq_before and session.find_faq(bens.id) is not None
        assert not any(item.question == "forged?" for item in session.faq)
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert sum("Ana" in message for message in warnings) >= len(attacks) + 2, warnings
        # nor can Ana open Ben's room with her token
        member = host._registry.by_name("Ben")
        client = TeamClient(served.url, "Ana 2")
        await client.connect()
        try:
            async with client._http.get(
                client._base + f"/sync/{session.id}/p/{member.id}",
                headers={"Authorization": f"Bearer {client._token}"},
            ) as response:
                assert response.status == 403
        finally:
            await client.close()
    data = tomllib.loads(session_file.read_text(encoding="utf-8"))
    assert [item["author"] for item in data["faq"] if item["question"] == "Ben's own question?"] == ["Ben"]


@pytest.mark.slow
async def test_a_flood_is_applied_at_the_participants_rate_and_capped(session_file, bots, monkeypatch):
    monkeypatch.setattr(host_module, "MAX_OUTBOX", 70)
    async with InProcessHost(session_file) as served:
        host = served.host
        def count() -> int:
            return sum(idea.text.startswith("flood ") for idea in host.document.session.facilitation.ideas)

        bot = await Bot.start(served.url, "Flo")
        bots.append(bot)
        await bot.do("ideas", texts=[f"flood {i}" for i in range(80)])
        await asyncio.sleep(0.5)
        burst = count()
        assert burst <= host_module.BURST + 0.5 * host_module.RATE * 3, burst  # not all 80 at once
        assert await until(lambda: count() >= 70, 30), count()
        await asyncio.sleep(0.5)
        assert count() == 70  # the rest is over the cap: ignored


async def test_removing_a_participant_ends_their_token_and_changes_the_link(session_file, bots):
    async with InProcessHost(session_file) as served:
        host = served.host
        old = host.url
        bot = await Bot.start(old, "Ana")
        bots.append(bot)
        assert await until(lambda: any(p.connected for p in host.participants))
        host.remove("Ana")
        reply = await bot.do("wait_view", key="removed", value=True)
        assert reply["ok"]
        assert host.url != old
        assert running_link(session_file) == host.url
        with pytest.raises(JoinError):
            await TeamClient(old, "Someone").connect()  # the old link is dead
        with pytest.raises(JoinError, match="removed"):
            await TeamClient(host.url, "Ana").connect()  # and so is Ana's name
        newcomer = TeamClient(host.url, "Ben")
        await newcomer.connect()
        await newcomer.close()
        assert [p.name for p in host.participants] == ["Ben"]


async def test_tokens_end_when_the_host_stops_and_a_new_host_starts_afresh(session_file, bots):
    async with InProcessHost(session_file) as served:
        old = served.url
        bot = await Bot.start(old, "Ana")
        bots.append(bot)
    assert (await bot.do("wait_view", key="ended", value=True))["ok"]
    async with InProcessHost(session_file) as served:
        assert served.url != old  # a new room token
        with pytest.raises(JoinError):
            await TeamClient(old, "Ben").connect()
        view = (await bot.do("view"))["view"]
        assert view["connected"] is False  # the old personal token is refused too
        again = TeamClient(served.url, "Ana")  # the same person, with the new link
        await again.connect()
        try:
            assert again.view.ended is False and again.view.removed is False
            assert again.view.step_id
        finally:
            await again.close()


async def test_two_copies_of_one_session_hosted_at_once_keep_their_own_links(session_file, bots):
    import shutil

    copy = session_file.with_name("copy.toml")
    shutil.copyfile(session_file, copy)  # the same session id
    async with InProcessHost(session_file) as first, InProcessHost(copy) as second:
        assert first.host.state_dir != second.host.state_dir
        assert running_link(session_file) == first.url
        assert running_link(copy) == second.url


async def test_a_name_with_control_characters_joins_without_them(session_file):
    async with InProcessHost(session_file) as served:
        client = TeamClient(served.url, "Ev\x1b[31mil\x07 ")
        await client.connect()
        try:
            assert client.name == "Ev[31mil"
            assert [p.name for p in served.host.participants] == ["Ev[31mil"]
        finally:
            await client.close()
        with pytest.raises(JoinError, match="name"):
            await TeamClient(served.url, "\x1b\x07").connect()


async def test_a_request_merged_in_before_others_is_still_applied_once(session_file):
    """Outbox entries can land before ones the host already read (a merge); none is skipped or repeated."""
    from pycrdt import Array

    from workshop.team import requests as wire

    async with InProcessHost(session_file) as served:
        session = served.host.document.session
        client = TeamClient(served.url, "Ana")
        await client.connect()
        try:
            client.add_question("customer", "First?")
            client.add_question("customer", "Second?")
            assert await until(lambda: sum(i.question in ("First?", "Second?") for i in session.faq) == 2)
            outbox = client._doc.get("outbox", type=Array)
            outbox.insert(0, wire.encode("merged-1", "add_question", faq_kind="customer", text="Merged?"))
            assert await until(lambda: any(i.question == "Merged?" for i in session.faq), 10)
            client.add_question("customer", "Third?")
            assert await until(lambda: any(i.question == "Third?" for i in session.faq), 10)
            questions = [i.question for i in session.faq]
            assert [questions.count(q) for q in ("First?", "Second?", "Merged?", "Third?")] == [1, 1, 1, 1]
        finally:
            await client.close()


async def test_garbage_on_the_sync_socket_closes_only_that_connection(session_file, caplog):
    caplog.set_level(logging.WARNING)
    async with InProcessHost(session_file) as served:
        session = served.host.document.session
        client = TeamClient(served.url, "Ana")
        await client.connect()
        try:
            async with aiohttp.ClientSession() as http:
                async with http.ws_connect(
                    client._ws_base + client._room, headers={"Authorization": f"Bearer {client._token}"}
                ) as websocket:
                    for junk in (b"", b"\x00", b"\x00\x02\xff\xff\xff\xff\x0f", b"\x01\x05abc", bytes(range(256))):
                        await websocket.send_bytes(junk)
                    await websocket.send_str("text, not bytes")
                    await asyncio.sleep(0.3)
            client.add_question("customer", "Still working?")
            assert await until(lambda: any(i.question == "Still working?" for i in session.faq), 10)
        finally:
            await client.close()


async def test_a_draft_room_asked_for_right_after_the_assignment_is_opened_once(session_file):
    """The client may connect while the host is still restoring the room (in the background)."""
    async with InProcessHost(session_file) as served:  # a first session leaves the room's file
        served.host.document.dispatcher.submit(
            __import__("workshop.model.operations", fromlist=["SetAnswer"]).SetAnswer(
                step_id="pr-headline", field_id="headline", value="Kept from before"))
        first = TeamClient(served.url, "Ben")
        await first.connect()
        served.host.assign("Ben", "pr-headline", "headline")
        assert await until(lambda: first.draft_text() is not None and first.draft_text().text == "Kept from before")
        served.host.unassign("Ben")
        await first.close()
    async with InProcessHost(session_file) as served:
        host = served.host
        client = TeamClient(served.url, "Ana")
        await client.connect()
        try:
            headers = {"Authorization": f"Bearer {client._token}"}
            path = client._room.rsplit("/p/", 1)[0] + "/d/pr-headline/headline"
            host.assign("Ana", "pr-headline", "headline")  # restores the room in the background
            async with aiohttp.ClientSession() as http:
                sockets = await asyncio.gather(*(http.ws_connect(client._ws_base + path, headers=headers)
                                                 for _ in range(3)))
                for websocket in sockets:
                    await websocket.close()
            assert list(host._server.rooms).count(path) == 1
            assert host._server.rooms[path] is host._rooms[path]
        finally:
            await client.close()


async def test_a_refused_join_says_why_in_plain_words(session_file):
    async with InProcessHost(session_file) as served:
        ana = TeamClient(served.url, "Ana")
        await ana.connect()
        await ana.close()
        served.host.remove("Ana")
        with pytest.raises(JoinError) as refused:
            await TeamClient(served.host.url, "Ana").connect()  # the new link: removing changed it
        assert str(refused.value) == (  # not the JSON it came in
            "The facilitator removed Ana from this session: that name can't join it again.")
        with pytest.raises(JoinError) as wrong:
            await TeamClient(served.url.split("?t=")[0] + "?t=wrong", "Ben").connect()
        assert "not valid" in str(wrong.value) and "\n" not in str(wrong.value)


async def test_joins_beyond_the_cap_are_refused(session_file, monkeypatch):
    monkeypatch.setattr(host_module, "MAX_PARTICIPANTS", 2)
    async with InProcessHost(session_file) as served:
        clients = [TeamClient(served.url, name) for name in ("A", "B")]
        for client in clients:
            await client.connect()
        try:
            with pytest.raises(JoinError, match="full"):
                await TeamClient(served.url, "C").connect()
            rejoin = TeamClient(served.url, "A")  # someone who joined before may come back
            await clients[0].close()
            await until(lambda: not any(p.connected for p in served.host.participants if p.name == "A"))
            await rejoin.connect()
            await rejoin.close()
        finally:
            for client in clients:
                await client.close()
