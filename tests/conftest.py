"""Provides the shared test fixtures: isolated user folders, a fixed clock, the built-in template.

Every test runs isolated (autouse fixtures below):

- `WORKSHOP_SESSIONS_DIR`, `HOME` and the XDG data, config, state and cache
  folders point into the test's own temporary directory, so no test can read
  or write the real user's sessions, settings, templates, caches or logs
  (on Linux platformdirs reads the XDG variables; elsewhere `paths.user_dirs` is
  replaced as well);
- the domain clock (`workshop.model.clock`) is fixed at `FIXED_NOW`, so
  timestamps, file contents and exports are reproducible; the `clock`
  fixture moves it.

Fixtures to ask for: `repo_root`, `examples_dir`, `sessions_dir`,
`user_templates_dir`, `template`, `clock`.

Other suites add their own fixtures below (Pilot helpers, snapshots); keep each
with a docstring and keep this file free of test-only logic of one suite.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import pytest

from workshop import content
from workshop.model import Template
from workshop.model import clock as domain_clock
from workshop.storage import paths

REPO_ROOT = Path(__file__).resolve().parents[1]
"""The repository checkout the tests run from."""

FIXED_NOW = datetime(2026, 1, 15, 9, 30, 0, tzinfo=timezone.utc)
"""What `workshop.model.clock.now()` returns in every test (unless moved)."""

ISOLATED_ENV = (
    "WORKSHOP_SESSIONS_DIR",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
    "HOME",
)
"""Environment variables the isolation fixture points into a temporary folder."""


# ---------------------------------------------------------------- isolation
@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user folder the app could touch at `tmp_path/user/…`.

    Returns the base folder (tests normally use `sessions_dir` instead).
    """
    base = tmp_path / "user"
    paths = {
        "WORKSHOP_SESSIONS_DIR": base / "sessions",
        "XDG_DATA_HOME": base / "data",
        "XDG_CONFIG_HOME": base / "config",
        "XDG_STATE_HOME": base / "state",
        "XDG_CACHE_HOME": base / "cache",
        "XDG_RUNTIME_DIR": base / "runtime",
        "HOME": base / "home",
    }
    for name, path in paths.items():
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    if not sys.platform.startswith("linux"):
        # platformdirs ignores XDG_* on macOS and Windows: replace the lookup.
        fake = SimpleNamespace(
            user_data_dir=str(paths["XDG_DATA_HOME"] / "workshop"),
            user_config_dir=str(paths["XDG_CONFIG_HOME"] / "workshop"),
            user_state_dir=str(paths["XDG_STATE_HOME"] / "workshop"),
            user_log_dir=str(paths["XDG_STATE_HOME"] / "workshop" / "log"),
            user_cache_dir=str(paths["XDG_CACHE_HOME"] / "workshop"),
            user_runtime_dir=str(paths["XDG_RUNTIME_DIR"] / "workshop"),
        )
        monkeypatch.setattr(paths, "user_dirs", lambda: fake)
    return base


# ---------------------------------------------------------------- the clock
class FixedClock:
    """The domain clock during a test: stands still at `now` until moved."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        """The time `workshop.model.clock.now()` returns."""

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward (`advance(minutes=5)`) and return the new time."""
        self.now = self.now + timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> None:
        """Jump to `when` (must be timezone-aware)."""
        if when.tzinfo is None:
            raise ValueError("the domain clock only tells timezone-aware times")
        self.now = when


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[FixedClock]:
    """Fix the domain clock at `FIXED_NOW` for the test; restore the real clock after."""
    fixed = FixedClock(FIXED_NOW)
    domain_clock.set_clock(fixed)
    try:
        yield fixed
    finally:
        domain_clock.set_clock(None)


@pytest.fixture
def clock(_fixed_clock: FixedClock) -> FixedClock:
    """The test's fixed domain clock, to move: `clock.advance(minutes=5)`."""
    return _fixed_clock


# ---------------------------------------------------------------- places
@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (holds pyproject.toml, content/, sessions/)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def examples_dir(repo_root: Path) -> Path:
    """The example sessions that ship in the repository (sessions/)."""
    return repo_root / "sessions"


@pytest.fixture
def sessions_dir() -> Path:
    """The test's isolated sessions folder (exists, empty); `paths.sessions_dir()` returns it."""
    folder = paths.sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def user_templates_dir() -> Path:
    """The test's isolated user template folder (exists, empty)."""
    folder = content.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---------------------------------------------------------------- content
@pytest.fixture
def template() -> Template:
    """The built-in `working-backwards` template."""
    return content.resolve(content.DEFAULT_TEMPLATE)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """Return `run(*args) -> (exit code, stdout, stderr)` calling `cli.main` in-process."""
    from workshop import cli  # at use: collecting the tests must not load the CLI

    def invoke(*args: str) -> tuple[int, str, str]:
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse's --help, --version and usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
