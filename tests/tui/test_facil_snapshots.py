"""Snapshots of issue 14 §3/§4 screens: the Decisions step, the FAQ editor beside its list, an anonymous
presenter mode and a secret ballot (fixed clock, fixed data)."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from workshop import content, store
from workshop.model.live import LiveSession
from workshop.storage import paths

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 3, 14, 30, tzinfo=timezone.utc)


@pytest.fixture
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock) -> Path:
    """The sessions folder inside a fake HOME (paths shown don't vary), with the clock fixed."""
    home = tmp_path / "home"
    folder = home / "sessions"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv(paths.ENV_SESSIONS_DIR, str(folder))
    clock.set(NOW)
    return folder


async def _loaded(pilot) -> None:
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _copy(folder: Path, name: str, step_id: str) -> Path:
    target = folder / f"{name}.toml"
    shutil.copyfile(REPO / "sessions" / f"{name}.toml", target)
    session = store.load(target)
    session.current_step = step_id
    store.save(session, target, content.resolve(session.template_id))
    return target


def test_decisions_step_of_the_feature_template(snap_compare, make_app, sessions_dir: Path) -> None:
    path = _copy(sessions_dir, "feature-example", "decisions")
    assert snap_compare(make_app(sessions_dir, path), terminal_size=(80, 24), run_before=_loaded)


def test_faq_answer_beside_its_question(snap_compare, make_app, sessions_dir: Path) -> None:
    path = _copy(sessions_dir, "worked-example", "faq-customer")

    async def to_the_list(pilot) -> None:
        await _loaded(pilot)
        pilot.app.screen.query_one("#questions").focus()
        await _loaded(pilot)

    assert snap_compare(make_app(sessions_dir, path), terminal_size=(120, 40), run_before=to_the_list)


def _anonymous_vote(path: Path) -> Path:
    template = content.resolve(None)
    session = store.load(path)
    session.participants[:] = ["Ana", "Ben", "Caro"]
    session.current_step = "problem-benefit"
    live = LiveSession(session, template)
    live.add_idea("problem-benefit", "Get back every dollar you're owed", author="Ana")
    live.add_idea("problem-benefit", "Stop arguing with the landlord", author="Ben")
    vote = live.start_vote("problem-benefit")
    vote.secret = True
    live.cast(vote, vote.options[0].id, "Ana")
    live.cast(vote, vote.options[1].id, "Ben")
    session.facilitation.anonymous = True
    store.save(session, path, template)
    return path


def test_secret_ballot_in_an_anonymous_session(snap_compare, make_app, sample_session: Path) -> None:
    path = _anonymous_vote(sample_session)

    async def vote(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("alt+v")
        await _loaded(pilot)

    assert snap_compare(make_app(session_path=path), terminal_size=(100, 32), run_before=vote)


def test_presenter_mode_in_an_anonymous_session(snap_compare, make_app, sample_session: Path) -> None:
    path = _anonymous_vote(sample_session)

    async def present(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("f7")
        await _loaded(pilot)

    assert snap_compare(make_app(session_path=path), terminal_size=(100, 32), run_before=present)
