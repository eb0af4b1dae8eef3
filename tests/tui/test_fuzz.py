"""Fuzz tests: random keys and resizes from fixed seeds never crash the app (issue 11 §6).

Each seed starts the real app in one of four ways (the worked example, a new
session, the home screen, a session left on an FAQ step), drives it with
random keys (from its live bindings, every workshop binding, typing and
editing keys, the command palette), bursts typed ahead (from the first frame
on, while the session screen still mounts), waits and resizes down to 1x1,
and then asserts that the crash handler never ran and that every session file
loads, validates and holds what the app had.

- Default suite: `FAST_SEEDS` with `FAST_ACTIONS` actions each.
- `-m slow`: `SLOW_SEEDS` seeds with `SLOW_ACTIONS` actions each (CI).
- `WORKSHOP_FUZZ_SEEDS=100-199` (or `7,9,12`) runs those seeds instead, with
  `WORKSHOP_FUZZ_ACTIONS` actions each (default `SLOW_ACTIONS`).
- A failure prints the seed and the last actions; it also writes all of them
  to `<temp dir>/workshop-fuzz/seed-<seed>.json` (the path is in the message):
  `WORKSHOP_FUZZ_REPLAY=<file>` replays exactly those actions (test_replay).
  `WORKSHOP_FUZZ_TRACE=<file>` appends each action before it runs (for a hang).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pytest
from fuzz_driver import FuzzResult, replay_actions, run_fuzz

from workshop import content, store
from workshop.app import WorkshopApp

FAST_SEEDS = [0, 1, 2, 3]
"""Seeds run in the default suite (one per way of starting)."""
FAST_ACTIONS = 50
"""Actions per seed in the default suite."""
SLOW_SEEDS = list(range(100, 120))
"""Seeds of the slow run (CI)."""
SLOW_ACTIONS = 100
"""Actions per seed in the slow run."""


def _env_seeds() -> list[int]:
    text = os.environ.get("WORKSHOP_FUZZ_SEEDS", "").strip()
    seeds: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "-" in part:
            low, high = part.split("-", 1)
            seeds += range(int(low), int(high) + 1)
        else:
            seeds.append(int(part))
    return seeds


def _start(seed: int, folder: Path, examples_dir: Path) -> Callable[[], WorkshopApp]:
    """How seed `seed` starts the app: `make()` -> a fresh app (again after a quit)."""
    example = folder / "worked-example.toml"
    shutil.copyfile(examples_dir / "worked-example.toml", example)
    template = content.resolve(None)
    sample = store.create("Sample session", template, folder, facilitator="Dana", participants=["Ari"])[1]
    session, faq = store.create("FAQ session", template, folder)
    session.go_to("faq-customer")
    store.save(session, faq, template)
    way = seed % 4
    path = {0: example, 1: sample, 2: None, 3: faq}[way]

    def make() -> WorkshopApp:
        opened = path if path is not None and path.exists() else None
        app = WorkshopApp(folder, opened)
        app.theme = "textual-dark"
        return app

    return make


async def _run(seed: int, actions: int, sessions_dir: Path, examples_dir: Path) -> None:
    make = _start(seed, sessions_dir, examples_dir)
    result = await run_fuzz(seed, actions, make, sessions_dir)
    _report(result)


def _report(result: FuzzResult) -> None:
    """Fail with the seed, the error and the actions (saved for a replay)."""
    if result.error is None:
        assert result.files, "no session file was checked"
        return
    folder = Path(tempfile.gettempdir()) / "workshop-fuzz"  # outlives pytest's tmp_path clean-up
    folder.mkdir(exist_ok=True)
    saved = folder / f"seed-{result.seed}.json"
    saved.write_text(json.dumps({"seed": result.seed, "actions": result.actions}), encoding="utf-8")
    raise AssertionError(
        f"{result.describe()}\nReplay: WORKSHOP_FUZZ_REPLAY={saved} pytest tests/tui/test_fuzz.py -k replay"
    ) from result.error


@pytest.mark.parametrize("seed", FAST_SEEDS)
async def test_random_keys_never_crash(seed, sessions_dir, examples_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a relative "save as" path lands here
    await _run(seed, FAST_ACTIONS, sessions_dir, examples_dir)


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("seed", _env_seeds() or SLOW_SEEDS)
async def test_random_keys_never_crash_slow(
    seed, sessions_dir, examples_dir, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    actions = int(os.environ.get("WORKSHOP_FUZZ_ACTIONS", SLOW_ACTIONS))
    await _run(seed, actions, sessions_dir, examples_dir)


@pytest.mark.skipif(not os.environ.get("WORKSHOP_FUZZ_REPLAY"), reason="set WORKSHOP_FUZZ_REPLAY=<file>")
async def test_replay(sessions_dir, examples_dir, tmp_path, monkeypatch) -> None:
    """Replay the actions saved by a failed fuzz run (same seed's way of starting)."""
    monkeypatch.chdir(tmp_path)
    saved = json.loads(Path(os.environ["WORKSHOP_FUZZ_REPLAY"]).read_text(encoding="utf-8"))
    make = _start(saved["seed"], sessions_dir, examples_dir)
    result = await replay_actions(saved["actions"], make, sessions_dir)
    result.seed = saved["seed"]
    _report(result)


async def test_the_driver_sees_a_crash(sessions_dir, examples_dir, tmp_path, monkeypatch) -> None:
    """The fuzz run fails when a key crashes the app (the crash handler ran)."""
    from workshop.screens.session import SessionScreen

    def broken(self) -> None:
        raise RuntimeError("boom")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(SessionScreen, "action_save", broken)
    make = _start(1, sessions_dir, examples_dir)
    result = await replay_actions([["keys", ["a"]], ["keys", ["f2"]], ["keys", ["b"]]], make, sessions_dir)
    assert isinstance(result.error, RuntimeError) and "boom" in str(result.error)
    assert result.actions == [["keys", ["a"]], ["keys", ["f2"]]]
    assert "fuzz seed -1: RuntimeError('boom')" in result.describe()
