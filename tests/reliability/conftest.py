"""Provides fixtures for the reliability tests: isolated folders, sample sessions, lock holders.

The top-level tests/conftest.py isolates the user folders; this file makes
sure of it again (so this folder can run on its own) and adds helpers that
the reliability tests share.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

import pytest

from workshop import content, store
from workshop.storage import backups, paths

from .helpers import OtherWindow


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the sessions, config, data, state and cache folders at temporary paths."""
    base = None
    tmp_root = os.path.realpath(str(tmp_path_factory.getbasetemp()))
    for name in (
        "WORKSHOP_SESSIONS_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
        "XDG_CACHE_HOME", "XDG_RUNTIME_DIR",
    ):
        value = os.environ.get(name, "")
        if not value or not os.path.realpath(value).startswith(tmp_root):
            if base is None:
                base = tmp_path_factory.mktemp("isolated")
            monkeypatch.setenv(name, str(base / name.lower()))


@pytest.fixture(autouse=True)
def _fresh_backup_clock() -> Iterator[None]:
    """Each test starts with no remembered edit-backup times."""
    backups.reset_rate_limit()
    yield
    backups.reset_rate_limit()


@pytest.fixture
def folder() -> Path:
    """The isolated sessions folder (created)."""
    path = paths.sessions_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def make_session(folder: Path) -> Callable[..., Path]:
    """Return `make_session(title="Idea", **answers)` -> path of a saved session in `folder`.

    Keyword answers are `step__field="text"`.
    """

    def make(title: str = "Reliable idea", **answers: str) -> Path:
        template = content.resolve(None)
        session, path = store.create(title, template, folder, facilitator="Ada")
        for key, value in answers.items():
            step, field = key.split("__")
            session.set_answer(step, field, value)
        store.save(session, path, template)
        return path

    return make


@pytest.fixture
def other_window() -> Iterator[Callable[[Path], OtherWindow]]:
    """Return `other_window(path)` -> a process holding the session's lock (stopped after)."""
    started: list[OtherWindow] = []

    def start(path: Path) -> OtherWindow:
        window = OtherWindow(path)
        started.append(window)
        return window

    yield start
    for window in started:
        window.stop()
