"""Tests the team engine across crashes: a participant killed and rejoining, the host killed and restarted, offline edits."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import tomllib

import pytest

from workshop.model.live import LiveSession

from .conftest import Bot, InProcessHost, child_env

pytestmark = pytest.mark.timeout(180)


def texts_of(path, step: str) -> list[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [idea["text"] for idea in data.get("ideas", []) if idea["step"] == step]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def start_host(path, port: int) -> tuple[asyncio.subprocess.Process, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "workshop.team.runner", str(path), "--port", str(port),
        env=child_env(), stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    url = (await asyncio.wait_for(process.stdout.readline(), 60)).decode().strip()
    assert url.startswith(f"http://127.0.0.1:{port}/?t="), url
    return process, url


async def test_a_participant_killed_and_rejoining_keeps_what_it_sent(session_file, bots):
    async with InProcessHost(session_file) as served:
        step = served.host.document.session.current_step
        LiveSession(served.host.document.session, served.host.document.template).start_round(step)
        served.host.publish(step)
        ana = await Bot.start(served.url, "Ana")
        bots.append(ana)
        await ana.do("ideas", texts=["kept one", "kept two"])
        assert (await ana.do("wait"))["ok"]
        ana.kill()
        await ana.process.wait()
        again = await Bot.start(served.url, "Ana")  # the same name: the same participant
        bots.append(again)
        reply = await again.do("wait_view", key="my_ideas", value=["kept one", "kept two"])
        assert reply["ok"], reply
        await again.do("ideas", texts=["after rejoining"])
        assert (await again.do("wait"))["ok"]
    assert sorted(t for t in texts_of(session_file, step) if "kept" in t or "after" in t) == [
        "after rejoining", "kept one", "kept two"]


@pytest.mark.slow
async def test_the_host_killed_and_restarted_restores_the_room_and_merges_offline_edits(session_file, bots):
    port = free_port()
    host, url = await start_host(session_file, port)
    try:
        ana, ben = await asyncio.gather(Bot.start(url, "Ana"), Bot.start(url, "Ben"))
        bots += [ana, ben]
        await ana.do("ideas", texts=["before the crash"])
        assert (await ana.do("wait"))["ok"]
        host.send_signal(signal.SIGKILL)
        await host.wait()
        # while the host is down both keep working: what they add waits in their documents
        await ana.do("ideas", texts=["while down, Ana"])
        await ben.do("ideas", texts=["while down, Ben 1", "while down, Ben 2"])
        view = (await ben.do("wait_view", key="connected", value=False))["view"]
        assert view["pending"] == 2
        host, url2 = await start_host(session_file, port)
        assert url2 == url  # the same link: the room token was kept
        replies = await asyncio.gather(ana.do("wait"), ben.do("wait"))
        assert all(reply["ok"] for reply in replies), replies
        await asyncio.sleep(1.0)  # the runner saves 0.5 s after a change
    finally:
        host.send_signal(signal.SIGTERM)
        await asyncio.wait_for(host.wait(), 30)
    found = texts_of(session_file, tomllib.loads(session_file.read_text())["current_step"])
    for text in ("before the crash", "while down, Ana", "while down, Ben 1", "while down, Ben 2"):
        assert found.count(text) == 1, (text, found)
