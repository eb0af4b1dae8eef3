"""Pilot tests of the facilitator's side of team mode (`workshop host`), driven by a fake TeamHost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from session_helpers import SIZE, keep_every_notification, settle, wait_until
from team_fakes import FakeHost
from textual.widgets import OptionList

from workshop.document import OpenDocument
from workshop.host_app import HostApp, TeamOptions
from workshop.screens.team_host import (
    JoinLinkDialog,
    ParticipantsDialog,
    TeamSessionScreen,
)
from workshop.team import host as team_host
from workshop.team.views import DraftAssignment, HostEvent, ParticipantInfo


@pytest.fixture
def hosts(monkeypatch: pytest.MonkeyPatch) -> list[FakeHost]:
    made: list[FakeHost] = []

    def make(*args: Any, **kwargs: Any) -> FakeHost:
        made.append(FakeHost(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(team_host, "TeamHost", make)
    return made


def _app(path: Path, port: int = 0) -> HostApp:
    document = OpenDocument.open(path, later=True)
    app = HostApp(path.parent, path, document=document, team=TeamOptions(port=port))
    app.theme = "textual-dark"
    keep_every_notification(app)
    return app


async def _serving(pilot: Any, hosts: list[FakeHost]) -> tuple[TeamSessionScreen, FakeHost]:
    await settle(pilot)
    await wait_until(pilot, lambda: bool(hosts) and hosts[0].started)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TeamSessionScreen)
    return screen, hosts[0]


async def test_the_link_and_the_count_are_on_screen(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        assert host.browser_command and host.browser_command.endswith("-m workshop join '{url}'")
        assert "0 connected" in screen.team_status.text
        assert "http://127.0.0.1:4321/?t=tok1" in screen.team_status.text
        host.event("joined", "Ana")
        host.event("joined", "Ben")
        await pilot.pause()
        assert "2 connected" in screen.team_status.text
        assert any("Ana joined" in str(n.message) for n in app.notification_log)
        host.event("left", "Ben", connected=False)
        await pilot.pause()
        assert "1 connected · 1 dropped" in screen.team_status.text
        assert any("Ben disconnected" in str(n.message) for n in app.notification_log)


async def test_every_change_and_step_move_is_published(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        host.calls.clear()
        await pilot.press(*"Hello")
        await settle(pilot)
        assert ("publish", screen.session.current_step) in host.calls
        host.calls.clear()
        await screen.action_next_step()
        await settle(pilot)
        assert host.calls and host.calls[-1] == ("publish", screen.session.current_step)


async def test_join_link_dialog_copies_the_link(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        screen.action_show_join_link()
        await pilot.pause()
        assert isinstance(app.screen, JoinLinkDialog)
        await pilot.press("enter")  # Copy has the focus
        await pilot.pause()
        assert app.clipboard == host.url
        assert app.screen is screen


async def test_participants_dialog_removes_after_confirming(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        host.event("joined", "Ana")
        host.event("left", "Ben", connected=False)
        await pilot.pause()
        screen.action_participants()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ParticipantsDialog)
        people = dialog.query_one("#people", OptionList)
        assert "Ana · connected" in str(people.get_option_at_index(0).prompt)
        assert "Ben · dropped" in str(people.get_option_at_index(1).prompt)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")  # confirm
        await pilot.pause()
        assert ("remove", "Ana") in host.calls
        assert "tok2" in screen.team_status.text  # the new room link
        assert people.option_count == 1


async def test_lock_anonymous_and_secret_votes_reach_the_host(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        titles = [c.title for c in screen.commands()]
        assert {"Show join link", "Participants", "Lock contributions", "Anonymous contributions",
                "Secret votes"} <= set(titles)
        screen.action_toggle_lock()
        screen.action_toggle_anonymous()
        screen.action_toggle_secret_votes()
        await pilot.pause()
        assert {("locked", True), ("anonymous", True), ("secret", True)} <= set(host.calls)
        assert "locked · anonymous" in screen.team_status.text
        assert "Unlock contributions" in [c.title for c in screen.commands()]


async def test_a_port_that_cannot_be_bound_is_said_and_the_session_still_works(
    sample_session: Path, hosts: list[FakeHost]
) -> None:
    app = _app(sample_session, port=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamSessionScreen)
        # The server is started by a worker after the first frame: wait for its failure.
        await wait_until(pilot, lambda: screen.team_status.state == "failed")
        assert "not serving" in screen.team_status.text and "Permission denied" in screen.team_status.text
        assert any("did not start" in str(n.message) for n in app.notification_log)


async def test_closing_the_session_stops_the_server(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        await screen.action_close()
        await settle(pilot)
        assert host.stopped


async def test_a_participants_draft_shows_in_the_box_on_screen(sample_session: Path, hosts: list[FakeHost]) -> None:
    from workshop.model import operations as ops

    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        editor = screen.step_view.editors()[0]
        step_id = screen.session.current_step
        screen.document.dispatcher.submit(ops.SetAnswer(step_id, editor.field.id, "Written by Ana", actor="Ana"))
        await settle(pilot)
        assert editor.text == "Written by Ana"
        assert ("publish", step_id) in host.calls


async def test_participants_dots_show_in_the_open_voting_view(sample_session: Path, hosts: list[FakeHost]) -> None:
    from textual.widgets import Static

    from workshop.model import operations as ops
    from workshop.screens.voting import VotingScreen

    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        step_id = screen.session.current_step
        target = screen.facilitation.live().collect_field(step_id)
        screen.submit(ops.SetAnswer(step_id, target.id, ["Refills", "Subscriptions"]))
        await settle(pilot)
        screen.facilitation.voting()
        await settle(pilot)
        voting = app.screen
        assert isinstance(voting, VotingScreen)
        vote = voting.vote
        screen.document.dispatcher.submit(
            ops.CastVote(vote.id, vote.options[0].id, "Ari", actor="Ari"))
        await settle(pilot)
        assert "1 cast" in str(voting.query_one("#vote-status", Static).content)


def test_participant_rows_say_who_dropped_and_who_drafts() -> None:
    from datetime import datetime, timezone

    from workshop.screens.team_host import participant_rows

    rows = participant_rows([
        ParticipantInfo("Ana", True, False, assigned=DraftAssignment("pr", "headline", "Headline")),
        ParticipantInfo("Ben", False, True, last_seen=datetime(2026, 1, 1, 10, 42, 3, tzinfo=timezone.utc)),
    ])
    assert rows == [("Ana", "connected, drafts Headline"), ("Ben", "dropped (last seen 10:42:03), anonymous")]


async def test_any_failure_to_start_is_said_not_left_starting(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session, port=2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamSessionScreen)
        assert "RuntimeError: the sync server did not start" in screen.team_status.text


async def test_a_crashed_hosts_port_that_is_taken_falls_back_to_a_free_one(
    sample_session: Path, hosts: list[FakeHost]
) -> None:
    document = OpenDocument.open(sample_session, later=True)
    app = HostApp(sample_session.parent, sample_session, document=document,
                  team=TeamOptions(port=1, any_port=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: any(h.started for h in hosts))
        await pilot.pause()
        assert [h.port for h in hosts] == [1, 0]
        assert "0 connected" in app.screen.team_status.text


async def test_someone_joining_while_the_participants_dialog_opens(sample_session: Path, hosts: list[FakeHost]) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        screen.action_participants()
        host.people.append(ParticipantInfo("Cy", True, False))
        screen._show_event(HostEvent("joined", "Cy"))  # at once: before the dialog is mounted
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ParticipantsDialog)
        assert "Cy · connected" in str(dialog.query_one("#people", OptionList).get_option_at_index(0).prompt)


async def test_an_open_join_link_dialog_follows_the_link_after_a_remove(
    sample_session: Path, hosts: list[FakeHost],
) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        host.event("joined", "Ana")
        screen.action_show_join_link()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, JoinLinkDialog)
        screen.team_remove("Ana")  # the room link changes (tok1 -> tok2)
        host.event("removed", "Ana")
        await pilot.pause()
        assert "tok2" in str(dialog.query_one("#join-link").render())
        await pilot.press("enter")  # Copy
        await pilot.pause()
        assert app.clipboard == host.url and "tok2" in app.clipboard


async def test_participants_may_comment_while_the_review_meeting_is_open(
    sample_session: Path, hosts: list[FakeHost],
) -> None:
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        screen.action_review_meeting()
        await wait_until(pilot, lambda: ("reviewing", True) in host.calls)
        host.calls.clear()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert ("reviewing", False) in host.calls


async def test_both_typing_in_an_assigned_box_the_facilitator_ends_up_seeing_both(
    sample_session: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The facilitator and a participant type in the same box at once (the real host, no network):
    the facilitator's box ends up showing the merged text, as the session file does."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamSessionScreen)
        await wait_until(pilot, lambda: screen.team is not None, timeout=30)
        host = screen.team
        assert host is not None and host._registry is not None
        host._registry.admit("Ana")
        await screen.show_step("pr-call-to-action")
        await settle(pilot)
        editor = next(e for e in screen.step_view.editors() if e.field.type.value in ("text", "long_text"))
        step, field = screen.session.current_step, editor.field.id
        host.assign("Ana", step, field)
        await wait_until(pilot, lambda: (step, field) in host._drafts)
        shared = host._drafts.texts[(step, field)]
        editor.focus_box()
        await pilot.press(*"Today we")
        shared += " and Ana"  # the participant types at the end meanwhile
        await pilot.press(*" ship")
        await wait_until(pilot, lambda: "Ana" in screen.session.get_text(step, field))
        await wait_until(pilot, lambda: editor.value() == screen.session.get_text(step, field)
                         and "ship" in editor.value() and "Ana" in editor.value())


async def test_a_removed_participant_is_not_said_to_have_dropped(sample_session: Path, hosts: list[FakeHost]) -> None:
    """Removing someone closes their connection: no "disconnected, the same link lets them back in"."""
    app = _app(sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, host = await _serving(pilot, hosts)
        host.event("joined", "Ana")
        host.event("joined", "Ben")
        await pilot.pause()
        screen.team_remove("Ana")
        assert host.on_change is not None
        host.on_change(HostEvent(kind="removed", name="Ana"))
        host.on_change(HostEvent(kind="left", name="Ana"))  # their socket closes after the removal
        host.event("left", "Ben", connected=False)
        await pilot.pause()
        messages = [str(n.message) for n in app.notification_log]
        assert not any("Ana disconnected" in m for m in messages), messages
        assert any("Ben disconnected" in m for m in messages)


def test_the_team_line_keeps_the_whole_link_when_narrow() -> None:
    from workshop.widgets.team_status import TeamStatus

    status = TeamStatus()
    link = "http://127.0.0.1:36933/?t=fPkg58ngfsi4ljEAMtkEEwQBZpbfMP1k"
    status.state, status.link, status.connected, status.dropped = "serving", link, 2, 1
    status.locked = status.anonymous = True
    assert status.fitted(200) == status.text and "2 connected · 1 dropped · locked · anonymous" in status.text
    for width in (98, 78):
        line = status.fitted(width)
        assert len(line) <= width and line.endswith(link), (width, line)
    assert status.fitted(90) == f"Team 2/3 · locked · anon · {link}"
    assert status.fitted(78) == link  # 80 columns: the link, whole
    assert status.fitted(40) == link  # cut with an ellipsis by CSS; Show join link has it
