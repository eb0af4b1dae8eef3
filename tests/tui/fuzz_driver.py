"""Provides the random-key driver of the fuzz tests: seeded actions, a Pilot runner, replay.

`run_fuzz(seed, count, ...)` starts the real app, drives it with `count`
random actions drawn from a `random.Random(seed)` and returns a `FuzzResult`
with every action it performed (so a failure can be replayed exactly with
`replay_actions`). Keys come from the app's live bindings (what the focused
widget, the screen and the app bind right now), from every workshop screen's
and widget's bindings, plus typing and editing keys; there are bursts of keys
sent without waiting (keys typed ahead, also right after start-up while the
session screen is still mounting), the command palette with typing, short
waits (timers: autosave, preview), and resizes down to tiny terminals.

Quitting ends an app run: its keys are never drawn, and when the app quits
another way (the palette's Quit) the run goes on with a fresh app.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from textual import events
from textual._wait import wait_for_idle  # what Pilot.press waits with (private)
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from workshop import load_warnings, store
from workshop.app import WorkshopApp
from workshop.keymap_check import workshop_classes
from workshop.storage import listing

QUIT_ACTIONS = {"quit"}
"""Binding actions never drawn: quitting ends the run (see `run_fuzz`)."""

EDIT_KEYS = [
    "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right",
    "pageup", "pagedown", "home", "end", "backspace", "delete", "ctrl+z", "ctrl+y",
    "shift+up", "shift+down", "space", "ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w",
]
"""Typing and moving keys every screen gets."""

PRINTABLE = string.ascii_letters + string.digits + " .,;:-?!'\"()/#*é"
"""Characters typed as text."""

PALETTE_WORDS = [
    "next", "prev", "step", "save", "export", "question", "guid", "example", "notes", "close",
    "go to", "stage", "find", "timer", "vote", "park", "agenda", "roster", "theme", "keys",
    "help", "practice", "review", "ready", "decision", "present", "undo", "answer", "move",
]
"""Fragments typed into the command palette (parts of command titles)."""

SIZES = [(100, 30), (80, 24), (160, 45), (120, 40), (60, 20), (40, 12), (20, 6), (10, 3), (1, 1)]
"""Terminal sizes to jump to (besides random ones), tiny ones included."""


def _binding_keys() -> list[str]:
    """Every key of every workshop class's bindings (the app's included), quit excluded."""
    keys: set[str] = set()
    for cls in workshop_classes(WorkshopApp):
        for key, bindings in cls._merge_bindings().key_to_bindings.items():
            if not any(binding.action in QUIT_ACTIONS for binding in bindings):
                keys.add(key)
    return sorted(keys)


def live_keys(app: WorkshopApp) -> list[str]:
    """Keys bound right now (focused widget, screen, app), quit excluded."""
    return sorted(
        key
        for key, active in app.active_bindings.items()
        if active.binding.action not in QUIT_ACTIONS
    )


@dataclass
class FuzzResult:
    """What a fuzz run did and found."""

    seed: int
    """The seed of the run (-1 for a replay)."""
    actions: list[list[Any]] = field(default_factory=list)
    """Every action performed, in order (`replay_actions` takes them)."""
    error: BaseException | None = None
    """The first exception (the app's crash, or the driver's), None when all went well."""
    files: list[Path] = field(default_factory=list)
    """Session files checked at the end."""
    restarts: int = 0
    """Times the app quit by itself (palette → Quit) and was started again."""

    def describe(self, last: int = 60) -> str:
        """The seed, the error and the last actions, for a failure message."""
        lines = [f"fuzz seed {self.seed}: {self.error!r}"]
        lines.append(f"{len(self.actions)} actions; the last {min(last, len(self.actions))}:")
        lines += [f"  {json.dumps(action)}" for action in self.actions[-last:]]
        return "\n".join(lines)


class _Chooser:
    """Draws the next action from the seed (and the app's live bindings)."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.all_keys = _binding_keys()

    def key(self, app: WorkshopApp) -> str:
        r = self.random.random()
        if r < 0.35:
            return self.random.choice(PRINTABLE)
        if r < 0.6:
            return self.random.choice(EDIT_KEYS)
        live = live_keys(app)
        if r < 0.85 and live:
            return self.random.choice(live)
        return self.random.choice(self.all_keys)

    def action(self, app: WorkshopApp, started: bool) -> list[Any]:
        r = self.random.random()
        if not started or r < 0.25:  # keys typed ahead, no waiting between them
            return ["burst", [self.key(app) for _ in range(self.random.randint(2, 12))]]
        if r < 0.28:
            word = self.random.choice(PALETTE_WORDS)
            end = self.random.choice(["enter", "enter", "escape", "down", "tab"])
            return ["keys", ["ctrl+p", *word, end]]
        if r < 0.31:
            if self.random.random() < 0.5:
                width, height = self.random.choice(SIZES)
            else:
                width, height = self.random.randint(1, 200), self.random.randint(1, 60)
            return ["resize", width, height]
        if r < 0.33:
            return ["wait", self.random.choice([0.05, 0.2, 0.5, 1.2])]
        return ["keys", [self.key(app)]]


TRACE = os.environ.get("WORKSHOP_FUZZ_TRACE", "")
"""A file to append each action to before it is performed (to find a hang: the last line)."""


async def _perform(pilot: Any, action: list[Any]) -> None:
    app = pilot.app
    kind = action[0]
    if TRACE:
        with open(TRACE, "a", encoding="utf-8") as trace:
            trace.write(f"{type(app.screen).__name__} {json.dumps(action)}\n")
    if kind == "keys":
        await pilot.press(*action[1])
    elif kind == "burst":
        driver = app._driver
        for key in action[1]:
            event = _key_event(key)
            event.set_sender(app)
            driver.send_message(event)
        await wait_for_idle(0)
    elif kind == "resize":
        await pilot.resize_terminal(action[1], action[2])
    elif kind == "wait":
        await asyncio.sleep(action[1])
        await pilot.pause()


def _key_event(key: str) -> events.Key:
    """The key event Pilot would send for `key` (as in `App._press_keys`)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def _crashed(app: WorkshopApp) -> BaseException | None:
    if app._exception is not None:
        return app._exception
    if app.crash_report is not None:
        return RuntimeError(f"crash handler ran: {app.crash_report.error}")
    return None


async def _drive(
    make_app: Callable[[], WorkshopApp],
    next_action: Callable[[WorkshopApp, bool], list[Any] | None],
    result: FuzzResult,
    size: tuple[int, int],
) -> list[WorkshopApp]:
    """Run apps until `next_action` returns None; return the apps (the last one still open)."""
    apps: list[WorkshopApp] = []
    done = False
    while not done:
        app = make_app()
        apps.append(app)
        try:
            async with app.run_test(size=size) as pilot:
                started = False
                while True:
                    action = next_action(app, started)
                    if action is None:
                        done = True
                        if app.return_code is None:
                            await pilot.pause()
                            await app.workers.wait_for_complete()
                            await app.action_quit()
                            await pilot.pause()
                        break
                    result.actions.append(action)
                    await _perform(pilot, action)
                    started = True
                    error = _crashed(app)
                    if error is not None:
                        result.error = error
                        return apps
                    if app.return_code is not None:  # quit (palette): start again
                        result.actions.append(["restart"])
                        result.restarts += 1
                        break
        except Exception as error:  # noqa: BLE001 - reported with the seed and actions
            result.error = result.error or error
            return apps
        error = _crashed(app)
        if error is not None:
            result.error = error
            return apps
    return apps


def check_files(folder: Path, apps: list[WorkshopApp], result: FuzzResult) -> None:
    """Every session file in `folder` (and every one the apps had open) loads and validates."""
    paths = set(listing.session_files(folder)) if folder.is_dir() else set()
    for app in apps:
        paths.update(document.path for document in app.open_documents())
    last = apps[-1]
    for path in sorted(paths):
        if not path.exists():
            continue
        session = store.load(path)  # raises FileProblem with file and line
        unknown = load_warnings.unknown_keys(session)
        assert not unknown, f"{path}: unknown keys after the run: {unknown}"
        result.files.append(path)
    for document in last.open_documents():  # what the user typed is what is on disk
        if document.path.exists() and not document.read_only:
            on_disk = store.load(document.path).to_dict(document.template)
            assert on_disk == document.session.to_dict(document.template), (
                f"{document.path}: the file differs from the session in the app"
            )
    assert not last.unsaved_at_exit, last.unsaved_at_exit


async def run_fuzz(
    seed: int,
    count: int,
    make_app: Callable[[], WorkshopApp],
    folder: Path,
    size: tuple[int, int] = (100, 30),
) -> FuzzResult:
    """Drive fresh apps from `make_app()` with `count` random actions from `seed`."""
    result = FuzzResult(seed)
    chooser = _Chooser(seed)
    left = [count]

    def next_action(app: WorkshopApp, started: bool) -> list[Any] | None:
        if left[0] <= 0:
            return None
        left[0] -= 1
        return chooser.action(app, started)

    apps = await _drive(make_app, next_action, result, size)
    if result.error is None:
        try:
            check_files(folder, apps, result)
        except Exception as error:  # noqa: BLE001 - reported with the seed and actions
            result.error = error
    return result


async def replay_actions(
    actions: list[list[Any]],
    make_app: Callable[[], WorkshopApp],
    folder: Path,
    size: tuple[int, int] = (100, 30),
) -> FuzzResult:
    """Perform recorded `actions` again (from `FuzzResult.actions` or its JSON)."""
    result = FuzzResult(-1)
    pending = [action for action in actions if action[0] != "restart"]

    def next_action(app: WorkshopApp, started: bool) -> list[Any] | None:
        return pending.pop(0) if pending else None

    apps = await _drive(make_app, next_action, result, size)
    if result.error is None:
        try:
            check_files(folder, apps, result)
        except Exception as error:  # noqa: BLE001
            result.error = error
    return result
