"""Provides fixtures for Pilot and snapshot tests of the Textual app.

The top-level tests/conftest.py isolates the data/config/log folders (and
provides `sessions_dir`) and fixes the domain clock (`clock`); these fixtures
add what the UI needs to be deterministic: no blinking cursors, a fixed theme,
times shown in UTC, and helpers to build the app and sample sessions in the
isolated sessions folder.

Use:

    async def test_something(make_app, sample_session):
        app = make_app(session_path=sample_session)
        async with app.run_test(size=(100, 32)) as pilot:
            ...

    def test_look(snap_compare, make_app, sample_session):
        assert snap_compare(make_app(), terminal_size=(100, 32))
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import pytest
from session_helpers import keep_every_notification
from textual.widgets import Input, TextArea

from workshop import content, store
from workshop.app import WorkshopApp

FIXED_THEME = "textual-dark"
"""The theme every test app uses, whatever the developer's environment says."""


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make text cursors steady so screenshots don't depend on timing.

    Changes the class default of `cursor_blink` for Input and TextArea (and
    their subclasses) for the duration of a test only; the app itself is
    unchanged for real users.
    """
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


@pytest.fixture(autouse=True)
def _utc() -> Iterator[None]:
    """Show times in UTC so "last updated" columns look the same on every machine."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def make_app(sessions_dir: Path) -> Callable[..., WorkshopApp]:
    """Return `make_app(sessions_dir=None, session_path=None)` -> a WorkshopApp.

    The app uses the isolated sessions folder unless told otherwise, and the
    fixed theme `FIXED_THEME`.
    """

    def factory(folder: Path | None = None, session_path: Path | None = None) -> WorkshopApp:
        app = WorkshopApp(folder or sessions_dir, session_path)
        app.theme = FIXED_THEME
        keep_every_notification(app)
        return app

    return factory


@pytest.fixture
def app_factory(make_app: Callable[..., WorkshopApp]) -> Callable[..., WorkshopApp]:
    """Alias of `make_app`."""
    return make_app


def create_session(
    folder: Path,
    title: str,
    *,
    answers: dict[str, dict[str, str]] | None = None,
    facilitator: str = "",
    participants: list[str] | None = None,
    current_step: str = "",
    updated: datetime | None = None,
) -> Path:
    """Create a session file with the default template; return its path.

    Args:
        folder: Sessions folder.
        title: The session's title.
        answers: `{step_id: {field_id: text}}` to fill in.
        facilitator: Facilitator name.
        participants: Participant names.
        current_step: The step to resume at (default: the first).
        updated: The "last updated" time to record (default: the clock's now).
    """
    template = content.resolve(None)
    session, path = store.create(
        title, template, folder, facilitator=facilitator, participants=participants or []
    )
    for step_id, fields in (answers or {}).items():
        for field_id, value in fields.items():
            session.set_answer(step_id, field_id, value)
    if current_step:
        session.go_to(current_step)
    if updated is not None:
        session.updated = updated
    store.save(session, path, template)
    return path


@pytest.fixture
def make_session(sessions_dir: Path) -> Callable[..., Path]:
    """Return `make_session(title, **kwargs)` -> path: `create_session` in the sessions folder."""

    def factory(title: str, **kwargs) -> Path:
        return create_session(sessions_dir, title, **kwargs)

    return factory


@pytest.fixture
def sample_session(sessions_dir: Path) -> Path:
    """A fresh session file ("Sample session", default template) in the sessions folder."""
    return create_session(
        sessions_dir, "Sample session", facilitator="Dana", participants=["Ari", "Sam"]
    )


@pytest.fixture
def worked_example(sessions_dir: Path, examples_dir: Path) -> Path:
    """A copy of sessions/worked-example.toml in the sessions folder."""
    source = examples_dir / "worked-example.toml"
    target = sessions_dir / source.name
    shutil.copyfile(source, target)
    return target
