"""Snapshot tests of the main screens at 100x32 (pytest-textual-snapshot).

Deterministic: the domain clock is fixed, times are shown in UTC, cursors
don't blink, the theme is fixed, and the sessions live under a temporary
HOME so paths show as `~/sessions/…`. Regenerate with
`pytest tests/tui/test_snapshots.py --snapshot-update` and look at the
report before committing new SVGs.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from workshop import content, store
from workshop.storage import paths

SIZE = (100, 32)
NOW = datetime(2024, 5, 6, 14, 30, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock) -> Path:
    """The sessions folder inside a fake HOME, so shown paths don't vary.

    Overrides the top-level fixture, so `make_app` and `make_session` use
    it; also sets the fixed clock to `NOW`.
    """
    home = tmp_path / "home"
    folder = home / "sessions"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv(paths.ENV_SESSIONS_DIR, str(folder))
    clock.set(NOW)
    return folder


async def _loaded(pilot) -> None:
    """Wait until workers are done and the screen has settled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _example_at(folder: Path, step_id: str) -> Path:
    """Copy the worked example into `folder`, set to resume at `step_id`."""
    source = REPO / "sessions" / "worked-example.toml"
    target = folder / "worked-example.toml"
    shutil.copyfile(source, target)
    session = store.load(target)
    assert content.resolve(session.template_id).step(step_id) is not None, step_id
    session.current_step = step_id
    store.save(session, target, content.resolve(session.template_id))
    return target


def test_home_screen(snap_compare, make_app, make_session, sessions_dir: Path) -> None:
    make_session(
        "Same-day bike repairs",
        facilitator="Dana",
        updated=datetime(2024, 5, 6, 11, 5, tzinfo=timezone.utc),
        answers={
            "customer-who": {
                "segment": "Commuters who ride every day",
                "context": "They rely on the bike to get to work.",
                "needs": "A working bike by the evening",
            },
            "customer-today": {"today": "They take the bus and lose a day."},
        },
    )
    make_session(
        "Night pantry for hospital staff",
        updated=datetime(2024, 4, 28, 9, 40, tzinfo=timezone.utc),
    )
    (sessions_dir / "notes.toml").write_text('title = "not a session\n', encoding="utf-8")
    assert snap_compare(make_app(sessions_dir), terminal_size=SIZE, run_before=_loaded)


def test_question_step(snap_compare, make_app, sessions_dir: Path) -> None:
    path = _example_at(sessions_dir, "customer-who")
    assert snap_compare(make_app(sessions_dir, path), terminal_size=SIZE, run_before=_loaded)


def test_press_release_step(snap_compare, make_app, sessions_dir: Path) -> None:
    path = _example_at(sessions_dir, "pr-summary")
    assert snap_compare(make_app(sessions_dir, path), terminal_size=SIZE, run_before=_loaded)


def test_faq_step(snap_compare, make_app, sessions_dir: Path) -> None:
    path = _example_at(sessions_dir, "faq-customer")
    assert snap_compare(make_app(sessions_dir, path), terminal_size=SIZE, run_before=_loaded)
