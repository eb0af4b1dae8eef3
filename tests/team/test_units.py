"""Tests the team engine's pure parts: request checks, text differences, published views, the link file, textual-serve's pin."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.model.live import LiveSession
from workshop.model.session import Session
from workshop.team import published, registry
from workshop.team import requests as wire
from workshop.team.textdiff import apply_to_text, one_edit


@pytest.mark.parametrize(
    "raw, why",
    [
        (42, "JSON text"),
        ("[1]", "object"),
        ("{", "not JSON"),
        (json.dumps({"kind": "add_idea", "text": "x"}), "id"),
        (json.dumps({"id": "1", "kind": "delete_faq", "item_id": "q"}), "not allowed"),
        (json.dumps({"id": "1", "kind": "add_idea", "text": "x", "actor": "Ben"}), "unknown field"),
        (json.dumps({"id": "1", "kind": "add_idea", "text": 3}), "must be text"),
        (json.dumps({"id": "1", "kind": "add_idea", "text": "  \n "}), "empty"),
        (json.dumps({"id": "1", "kind": "add_idea", "text": "x" * 3000}), "too long"),
        (json.dumps({"id": "1", "kind": "comment", "target": "x" * 100, "text": "t"}), "too long"),
        ("x" * 9000, "too large"),
    ],
)
def test_malformed_requests_are_refused_with_a_reason(raw, why):
    with pytest.raises(wire.RequestError, match=why):
        wire.parse(raw)


def test_a_request_becomes_an_operation_credited_by_the_host_not_the_client(template):
    session = Session(title="t")
    request = wire.parse(wire.encode("r1", "add_question", faq_kind="customer", text="Why?"))
    op = wire.to_operation(request, session=session, template=template, participant_id="p1",
                           actor="anonymous", voter="anonymous 1", current_step="")
    assert op.actor == "anonymous" and op.item["author"] == "anonymous"
    assert op.item["id"] == wire.record_id("q-", "p1", "r1")  # the same request: the same record


def test_an_idea_in_a_hidden_round_stays_out_of_the_answer(template):
    session = Session(title="t")
    live = LiveSession(session, template)
    step = next(s.id for s in template.steps if live.collect_field(s.id) is not None)
    live.start_round(step)
    request = wire.parse(wire.encode("r1", "add_idea", text="secret idea", step_id=step))
    op = wire.to_operation(request, session=session, template=template, participant_id="p",
                           actor="Ana", voter="Ana", current_step=step)
    from workshop.model import operations as ops

    ops.apply(session, op)
    assert [i.text for i in live.hidden_ideas(step)] == ["secret idea"]
    assert wire.already_applied(session, request, "p")
    room = published.room_state(session, template, step, locked=False, anonymous=True, secret_votes=False)
    assert "secret idea" not in json.dumps(room)  # only counts while hidden, and no names when anonymous
    assert room["counts"] == [["", 1]]


@given(st.text(max_size=30), st.text(max_size=30))
def test_one_edit_turns_any_text_into_any_other(old, new):
    start, end, insert = one_edit(old, new)
    assert old[:start] + insert + old[end:] == new


@given(st.text(max_size=20), st.text(max_size=20))
def test_a_shared_text_becomes_the_new_text_with_multibyte_characters(old, new):
    from pycrdt import Doc, Text

    text = Doc().get("t", type=Text)
    apply_to_text(text, old)
    apply_to_text(text, new)
    assert str(text) == new


def test_a_link_file_left_by_a_dead_process_is_not_a_running_host(tmp_path):
    folder = tmp_path / "state"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    (folder / registry.LINK_FILE).write_text(json.dumps({"url": "http://x/?t=y", "pid": int(dead)}))
    assert registry.read_link(folder) is None
    (folder / registry.LINK_FILE).write_text(json.dumps({"url": "http://x/?t=y", "pid": os.getpid()}))
    assert registry.read_link(folder) == "http://x/?t=y"


def test_tokens_are_at_least_128_bits_and_kept_only_as_hashes(tmp_path):
    reg = registry.Registry(tmp_path / "s")
    member, token = reg.admit("Ana")
    assert len(reg.room_token) >= 22 and len(token) >= 22
    stored = (tmp_path / "s" / "room.json").read_text()
    assert token not in stored and registry.token_hash(token) in stored
    assert reg.by_token(token) is member and reg.by_token("x" + token) is None
    assert oct(os.stat(tmp_path / "s").st_mode & 0o777) == "0o700"


def test_textual_serves_private_app_builder_is_what_serve_compat_expects():
    """Pins `Server._make_app` (private) and its routes: a new textual-serve must be checked here."""
    import asyncio

    from workshop.team.serve_compat import BROWSER_ROUTES, browser_app

    async def build():
        app, server = await browser_app("true", "http://127.0.0.1:1", "t")
        return {r.resource.canonical for r in app.router.routes()}, server

    routes, server = asyncio.run(build())
    assert set(BROWSER_ROUTES) == routes
    assert server.on_startup.__name__ == "on_startup"  # removed from the app: it prints to the terminal


def test_textual_serves_private_names_that_serve_compat_uses_to_end_tabs_are_there():
    """Pins what `TabServer`/`end_tabs` rely on: each tab's `AppService` reaches `_process_messages` once
    started, its process is `_process` (a shell, `exec`-ed by the host's command), and it takes "quit"."""
    import inspect

    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    assert list(inspect.signature(Server._process_messages).parameters) == ["self", "websocket", "app_service"]
    handler = inspect.getsource(Server.handle_websocket)
    assert handler.index("await app_service.start(") < handler.index("self._process_messages(websocket, app_service)")
    assert "self._process = process = await asyncio.create_subprocess_shell(" in inspect.getsource(
        AppService._open_app_process)
    assert '{"type": "quit"}' in inspect.getsource(AppService.stop)


def test_the_browser_tab_driver_hooks_where_textuals_web_driver_reads_its_input():
    """`BrowserTabDriver` extends `WebDriver.run_input_thread` (the input thread's target) and reads
    `exit_event` (set when the app stops): pinned against the installed Textual."""
    import inspect

    from textual.drivers.web_driver import WebDriver

    from workshop.browser_tab import BrowserTabDriver, driver_for

    assert "target=self.run_input_thread" in inspect.getsource(WebDriver.__init__)
    assert "self.exit_event.set()" in inspect.getsource(WebDriver.stop_application_mode)
    assert driver_for(WebDriver) is BrowserTabDriver and driver_for(object) is object


@pytest.mark.parametrize("target, anchor", [
    ("step:pr-headline", "pr-headline"), ("field:pr-headline/headline", "pr-headline"),
    ("document", ""), ("", ""), ("faq", "faq"),
])
def test_a_comment_target_of_the_client_contract_names_its_anchor(template, target, anchor):
    session = Session(title="t")
    request = wire.parse(wire.encode("r1", "comment", target=target, text="Nice"))
    op = wire.to_operation(request, session=session, template=template, participant_id="p",
                           actor="Ana", voter="Ana", current_step="")
    assert op.comment["anchor"] == anchor and op.comment["author"] == "Ana"
    with pytest.raises(wire.RequestError, match="nothing to comment"):
        wire.to_operation(wire.parse(wire.encode("r2", "comment", target="step:nope", text="x")),
                          session=session, template=template, participant_id="p", actor="Ana",
                          voter="Ana", current_step="")


@pytest.mark.parametrize("current, before, after, merged", [
    ("Hello big world", "Hello world", "Hello world!", "Hello big world!"),  # facilitator at the end
    ("Hello world!!", "Hello world", "Oh, Hello world", "Oh, Hello world!!"),  # at the start
    ("Hello world", "Hello world", "Hello there world", "Hello there world"),  # nothing meanwhile
    ("Hello wide world", "Hello world", "Hello small world", "Hello small wide world"),  # both inserted: both kept
    ("Hello there", "Hello world", "Hello World", "Hello World"),  # both changed one word: the facilitator's wins
])
def test_the_facilitators_edit_is_rebased_onto_the_shared_text(current, before, after, merged):
    from workshop.team.textdiff import rebase

    assert rebase(current, before, after) == merged


async def test_the_facilitator_typing_keeps_what_a_participant_typed_meanwhile(session_file):
    import asyncio

    from workshop.model import operations as ops

    from .conftest import InProcessHost, until

    async with InProcessHost(session_file) as served:
        document, host = served.host.document, served.host
        document.dispatcher.submit(ops.SetAnswer(step_id="pr-headline", field_id="headline", value="Hello world"))
        from workshop.team.client import TeamClient

        client = TeamClient(served.url, "Ana")
        await client.connect()
        try:
            host.assign("Ana", "pr-headline", "headline")
            assert await until(lambda: client.draft_text() is not None and client.draft_text().text == "Hello world")
            client.draft_text().apply_local("Hello big world")
            await asyncio.sleep(0.1)  # it reached the host, not yet saved as the answer (0.6 s)
            assert document.session.get_text("pr-headline", "headline") == "Hello world"
            document.dispatcher.submit(ops.SetAnswer(step_id="pr-headline", field_id="headline",
                                                     value="Hello world!"))  # the facilitator's box
            assert await until(lambda: client.draft_text().text == "Hello big world!", 10)
            assert await until(lambda: document.session.get_text("pr-headline", "headline") == "Hello big world!", 10)
        finally:
            await client.close()


def test_a_room_store_takes_updates_arriving_together_and_reads_back_with_pycrdts_store(tmp_path):
    """Two first updates at once must not find a half-made file (it was moved aside as "another version")."""
    import asyncio

    from pycrdt import Array, Doc
    from pycrdt.store import FileYStore

    from workshop.team.roomstore import room_store

    async def run() -> list:
        source = Doc()
        outbox = source.get("outbox", type=Array)
        updates: list[bytes] = []
        source.observe(lambda event: updates.append(event.update))
        for i in range(40):
            outbox.append(f"r{i}")
        store = room_store(tmp_path / "rooms" / "p-x.y", __import__("logging").getLogger("t"))
        await asyncio.gather(*(store.write(update) for update in updates))
        copy = Doc()
        await FileYStore(str(tmp_path / "rooms" / "p-x.y")).apply_updates(copy)
        return copy.get("outbox", type=Array).to_py()

    assert asyncio.run(run()) == [f"r{i}" for i in range(40)]
    assert [p.name for p in (tmp_path / "rooms").iterdir()] == ["p-x.y"]


def test_the_published_step_says_its_kind_and_its_faq_lists(template):
    """A participant's screen offers FAQ boxes only on FAQ steps: the host says which steps those are."""
    session = Session(title="t")
    kinds = {}
    for stage, step in template.iter_steps():
        room = published.room_state(session, template, step.id, locked=False, anonymous=False,
                                    secret_votes=False, reviewing=True)
        kinds[step.id] = (room["step"]["kind"], tuple(room["step"]["faq_kinds"]))
        view = published.view_of(published.encode(room), name="Ana", connected=True, pending_ideas=[],
                                 pending=0, last_error="")
        assert (view.step_kind, view.faq_kinds, view.reviewing) == (*kinds[step.id], True)
    assert ("faq", ("customer",)) in kinds.values() and ("faq", ("internal",)) in kinds.values()
    assert ("press_release", ()) in kinds.values() and ("questions", ()) in kinds.values()


def test_an_assigned_section_is_named_once_when_step_and_field_say_the_same(template):
    session = Session(title="t")
    names = {}
    for step in template.steps:
        for field in step.fields:
            if field.type.value in ("text", "long_text"):
                data = published.personal_state(
                    published.room_state(session, template, step.id, locked=False, anonymous=False,
                                         secret_votes=False),
                    session, template, idea_ids=set(), voter="Ana", assigned=[step.id, field.id])
                names[(step.id, field.id)] = data["assigned"]["label"]
    assert names[("pr-call-to-action", "call_to_action")] == "Call to action"
    assert names[("pr-headline", "subheading")].startswith("Headline: Subheading")
