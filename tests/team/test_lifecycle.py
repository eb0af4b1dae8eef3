"""Tests the host's lifecycle as the app drives it: started in one task (a worker), stopped from another."""

from __future__ import annotations

import asyncio

import pytest

from workshop.document import OpenDocument
from workshop.team.client import TeamClient
from workshop.team.host import TeamHost

pytestmark = pytest.mark.timeout(60)


async def test_a_host_started_in_a_worker_and_stopped_elsewhere_leaves_nothing_running(session_file):
    document = OpenDocument.open(session_file)
    before = set(asyncio.all_tasks())
    host = TeamHost(document)
    await asyncio.ensure_future(host.start())  # the worker's task ends once the host is up
    client = TeamClient(host.url, "Ana")
    await client.connect()
    client.add_question("customer", "Does it work?")
    for _ in range(500):
        if any(item.question == "Does it work?" for item in document.session.faq):
            break
        await asyncio.sleep(0.02)
    assert any(item.question == "Does it work?" for item in document.session.faq)
    await asyncio.ensure_future(host.stop())  # another task (the screen's unmount)
    for _ in range(100):
        if client.view.ended:
            break
        await asyncio.sleep(0.02)
    assert client.view.ended
    await client.close()
    await asyncio.sleep(0.1)
    left = [t for t in asyncio.all_tasks() - before if t is not asyncio.current_task() and not t.done()]
    assert left == [], left
    document.close()
