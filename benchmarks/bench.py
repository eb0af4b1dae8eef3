"""Provides the workshop benchmarks: start-up, typing, a large session, `workshop list`, checks.

Run from the repository root with the dev/test install:

    python benchmarks/bench.py               # everything, 7 runs each (a few minutes)
    python benchmarks/bench.py --runs 5 --only startup,large

It prints a table (target, median, limit, ratio, pass/fail) and writes the
full results as JSON to benchmarks/results/ (bench-<time>.json and
latest.json). Every measurement runs in isolated temporary folders; nothing
touches your real sessions or settings. See benchmarks/README.md for what
each row measures and how.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
SIZE = (100, 32)
"""Terminal columns and rows for every measurement."""
TYPING_WORDS = 5000
"""Words in the long answer the typing benchmark types into."""
ECHO_KEY = "§"
"""Sent once the first screen is up; its echo proves the app accepts keys."""
HELP_KEY = "\x1bOP"
"""F1 as a terminal sends it: opens the help screen."""
HELP_TEXT = "Keys on this screen"
CHECKED_TEXT = "✖"
"""The coach's error badge in the step list: the large session's first check is on screen."""
"""The help screen's first line."""

# Isolate before importing workshop: every folder it could touch is temporary.
_TMP = Path(tempfile.mkdtemp(prefix="workshop-bench-"))
ISOLATED_ENV = {
    "WORKSHOP_SESSIONS_DIR": str(_TMP / "sessions"),
    "XDG_CONFIG_HOME": str(_TMP / "config"),
    "XDG_DATA_HOME": str(_TMP / "data"),
    "XDG_STATE_HOME": str(_TMP / "state"),
    "XDG_CACHE_HOME": str(_TMP / "cache"),
}
os.environ.update(ISOLATED_ENV)
sys.path.insert(0, str(HERE))

from generate_large_session import (  # noqa: E402
    LARGE_CURRENT_STEP,
    Words,
    total_words,
    write_large_session,
    write_many,
)
from ptyrun import PtyRun, run_in_pty  # noqa: E402
from workshop import content, store  # noqa: E402


# ---------------------------------------------------------------- results
@dataclass
class Row:
    """One line of the results table."""

    name: str
    """What was measured."""
    value: float | None
    """The median (or the single value), in `unit`."""
    unit: str = "ms"
    """ms, x (a ratio), MiB, or yes/no (1/0)."""
    limit: float | None = None
    """The target's limit in `unit` (None: information only)."""
    target: str = ""
    """Which issue target this row checks (1-4), empty for information."""
    runs: list[float] = field(default_factory=list)
    """Every run's value."""
    detail: str = ""
    """How it was measured, or why it is missing."""

    @property
    def ratio(self) -> float | None:
        """value / limit (below 1 passes)."""
        if self.value is None or not self.limit:
            return None
        return self.value / self.limit

    @property
    def ok(self) -> bool | None:
        """Pass/fail against the limit (None: no limit, or not measured)."""
        if self.limit is None:
            return None
        if self.value is None:
            return False
        if self.unit == "yes/no":
            return self.value >= self.limit
        return self.value <= self.limit

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        data = asdict(self)
        data["ratio"] = self.ratio
        data["ok"] = self.ok
        return data


def median(values: list[float]) -> float | None:
    """Median of the values, None for none."""
    return statistics.median(values) if values else None


def ms(seconds: float) -> float:
    """Seconds to milliseconds, rounded to 0.1."""
    return round(seconds * 1000, 1)


def timed(func: Callable[[], object], runs: int) -> list[float]:
    """Run `func` `runs` times; return each run's wall time in ms."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append(ms(time.perf_counter() - start))
    return out


# ---------------------------------------------------------------- machine
def machine() -> dict[str, Any]:
    """Describe the machine and software the numbers come from."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    import rich
    import textual

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "rich": getattr(rich, "__version__", "") or _dist_version("rich"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
        "terminal": f"{SIZE[0]}x{SIZE[1]}",
    }


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


# ---------------------------------------------------------------- fixtures
@dataclass
class Fixtures:
    """Files the benchmarks use, all under the temporary folder."""

    fresh: Path
    """A new session resuming at the first step."""
    large: Path
    """The large session (2,000 FAQ items, 200,000 words)."""
    many: Path
    """A folder of 500 ordinary sessions."""
    typing: Path
    """A session for the typing benchmark."""


def make_fixtures(count: int) -> Fixtures:
    """Write the sessions the benchmarks need."""
    template = content.resolve(None)
    sessions = Path(ISOLATED_ENV["WORKSHOP_SESSIONS_DIR"])
    sessions.mkdir(parents=True, exist_ok=True)
    _, fresh = store.create("Start-up bench", template, sessions, facilitator="Dana")
    large = _TMP / "large" / "large-session.toml"
    large.parent.mkdir(parents=True)
    write_large_session(large)
    many = _TMP / "many"
    write_many(many, count)
    typing_session, typing_path = store.create("Typing bench", template, sessions)
    store.save(typing_session, typing_path, template)
    return Fixtures(fresh=fresh, large=large, many=many, typing=typing_path)


def child_env() -> dict[str, str]:
    """Environment for the programs run in a pseudo-terminal."""
    env = dict(os.environ)
    env.update(ISOLATED_ENV)
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    for name in ("TEXTUAL", "TEXTUAL_DEVTOOLS_PORT", "TEXTUAL_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    # Like an installed app, run from compiled bytecode, but keep the caches out of the repo.
    env["PYTHONPYCACHEPREFIX"] = str(_TMP / "pycache")
    return env


# ---------------------------------------------------------------- 1 + 3: pty runs
def marker_for(step_id: str) -> str:
    """On-screen text that shows a step is up: the start of its question."""
    step = content.resolve(None).step(step_id)
    assert step is not None, step_id
    question = " ".join(step.question.split())
    return question[:28]


def pty_rounds(fixtures: Fixtures, runs: int, rows: list[Row]) -> None:
    """Targets 1 and 3 (open, memory): bare app vs workshop, alternating, in a pty."""
    env = child_env()
    python = sys.executable
    first = content.resolve(None).steps[0].id
    programs: dict[str, dict[str, Any]] = {
        "bare": dict(
            argv=[python, str(HERE / "bare_app.py")],
            marker="Bare Textual app ready",
            echo=f"pressed {ECHO_KEY}",
        ),
        "floor": dict(  # Textual alone drawing workshop's first-frame widgets
            argv=[python, str(HERE / "floor_app.py")],
            marker="Who exactly is the customer? (floor app)"[:28],
            echo=ECHO_KEY,
        ),
        "first_step": dict(
            argv=[python, "-m", "workshop", "open", str(fixtures.fresh)],
            marker=marker_for(first),
            echo=ECHO_KEY,
        ),
        "large": dict(
            argv=[python, "-m", "workshop", "open", str(fixtures.large)],
            marker=marker_for(LARGE_CURRENT_STEP),
            key=HELP_KEY,
            echo=HELP_TEXT,
        ),
        "large_checked": dict(  # the same, left open until the coach's first check is shown
            argv=[python, "-m", "workshop", "open", str(fixtures.large)],
            marker=marker_for(LARGE_CURRENT_STEP),
            echo=None,
            settle=CHECKED_TEXT,
        ),
        "home_500": dict(
            argv=[python, "-m", "workshop", "--sessions-dir", str(fixtures.many)],
            marker=_newest_title(fixtures.many)[:28],
            echo=None,
        ),
    }
    results: dict[str, list[PtyRun]] = {name: [] for name in programs}
    names = list(programs)
    for round_number in range(-1, runs):  # round -1 warms the bytecode cache; not counted
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            spec = programs[name]
            run = run_in_pty(
                spec["argv"],
                spec["marker"],
                key=spec.get("key", ECHO_KEY) if spec["echo"] else None,
                echo=spec["echo"],
                settle=spec.get("settle"),
                env=env,
                cwd=str(REPO),
                size=SIZE,
                timeout=30,
            )
            if round_number >= 0:
                results[name].append(run)
            if run.ready is None or run.notes:
                print(f"  {name}: {'; '.join(run.notes) or 'marker not seen'}\n"
                      f"  last text on screen: {run.tail[-400:]!r}", file=sys.stderr)
    ready = {n: [ms(r.ready) for r in rs if r.ready is not None] for n, rs in results.items()}
    echo = {n: [ms(r.echo) for r in rs if r.echo is not None] for n, rs in results.items()}
    rss = {n: [round(r.max_rss_kb / 1024, 1) for r in rs if r.max_rss_kb] for n, rs in results.items()}
    cpu = {n: [ms(r.ready_cpu) for r in rs if r.ready_cpu is not None] for n, rs in results.items()}
    settled = {n: [ms(r.settled) for r in rs if r.settled is not None] for n, rs in results.items()}

    def ratio_runs(a: dict[str, list[float]], x: str, y: str) -> list[float]:
        return [round(p / q, 3) for p, q in zip(a[x], a[y]) if q]

    bare_ready = median(ready["bare"])
    app_ready = median(ready["first_step"])
    rows.append(Row("bare Textual app: first frame", bare_ready, runs=ready["bare"],
                    detail="Static + Footer; process start to its text on screen"))
    rows.append(Row("workshop open: first step's question", app_ready, runs=ready["first_step"],
                    detail="`workshop open` of a new session; process start to the question on screen"))
    rows.append(Row(
        "start-up ratio (question on screen / bare)",
        _ratio(app_ready, bare_ready), unit="x", limit=1.3, target="1",
        runs=ratio_runs(ready, "first_step", "bare"),
        detail="ratio of the medians; runs = ratio within each round",
    ))
    rows.append(Row(
        "floor: Textual alone drawing the same widgets / bare",
        _ratio(median(ready["floor"]), bare_ready), unit="x", runs=ratio_runs(ready, "floor", "bare"),
        detail="benchmarks/floor_app.py: Header, question, Input, two TextAreas, status line; "
        "no workshop code. The best start-up ratio a screen like workshop's can reach",
    ))
    rows.append(Row("bare Textual app: CPU used by its first frame", median(cpu["bare"]),
                    runs=cpu["bare"], detail="all threads, /proc schedstat, when the text showed"))
    rows.append(Row("workshop open: CPU used by the question's frame", median(cpu["first_step"]),
                    runs=cpu["first_step"]))
    rows.append(Row(
        "start-up CPU ratio (workshop / bare)", _ratio(median(cpu["first_step"]), median(cpu["bare"])),
        unit="x", runs=ratio_runs(cpu, "first_step", "bare"),
        detail="the same comparison in CPU time, which a busy machine barely moves",
    ))
    rows.append(Row("bare Textual app: key echoed", median(echo["bare"]), runs=echo["bare"]))
    rows.append(Row("workshop open: key echoed in the first field", median(echo["first_step"]),
                    runs=echo["first_step"]))
    rows.append(Row(
        "start-up ratio incl. first key (echo / bare echo)",
        _ratio(median(echo["first_step"]), median(echo["bare"])), unit="x", limit=1.3,
        target="1", runs=ratio_runs(echo, "first_step", "bare"),
        detail="process start until a typed key shows on screen",
    ))
    rows.append(Row(
        "large session: open to first frame", median(ready["large"]), limit=1000, target="3",
        runs=ready["large"],
        detail=f"`workshop open` of the large session (resumes at {LARGE_CURRENT_STEP}); "
        "process start to that step's question on screen",
    ))
    rows.append(Row("large session: CPU used by the first frame", median(cpu["large"]),
                    runs=cpu["large"]))
    rows.append(Row("large session: F1 help shown", median(echo["large"]), runs=echo["large"],
                    detail="process start until the help screen answers F1 (it is interactive)"))
    rows.append(Row("home screen with 500 sessions: first frame", median(ready["home_500"]),
                    runs=ready["home_500"], detail="`workshop` (home); newest title on screen"))
    rows.append(Row("bare Textual app: peak memory", median(rss["bare"]), unit="MiB",
                    runs=rss["bare"]))
    rows.append(Row("workshop, new session: peak memory", median(rss["first_step"]), unit="MiB",
                    runs=rss["first_step"]))
    rows.append(Row("workshop, large session (F1 run): peak memory", median(rss["large"]),
                    unit="MiB", runs=rss["large"],
                    detail="max RSS (wait4) of the run that opens help, including quit"))
    rows.append(Row("large session: first writing check on screen", median(settled["large_checked"]),
                    runs=settled["large_checked"],
                    detail="process start until the coach's badges show in the step list"))
    rows.append(Row("workshop, large session after its first check: peak memory",
                    median(rss["large_checked"]), unit="MiB", runs=rss["large_checked"],
                    detail="max RSS (wait4) of the whole run: open, first check, quit and save"))
    rows.append(Row(
        "large session peak memory / bare app",
        _ratio(median(rss["large_checked"]), median(rss["bare"])),
        unit="x", limit=2.0, target="3", runs=ratio_runs(rss, "large_checked", "bare"),
        detail="the run that waits for the first writing check",
    ))


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def _newest_title(folder: Path) -> str:
    rows = store.list_sessions(folder)
    return rows[0].title if rows else "No sessions"


# ---------------------------------------------------------------- 3: large session ops
def large_ops(fixtures: Fixtures, runs: int, rows: list[Row]) -> None:
    """Target 3: open (model), save and export the large session in-process."""
    from workshop.document import OpenDocument
    from workshop.export.markdown import export

    template = content.resolve(None)
    rows.append(Row("large session: load (parse + model)",
                    median(runs_ := timed(lambda: store.load(fixtures.large), runs)), runs=runs_,
                    detail="store.load"))
    def open_and_close() -> None:
        OpenDocument.open(fixtures.large).close()

    opened = timed(open_and_close, runs)
    rows.append(Row("large session: OpenDocument.open", median(opened), runs=opened,
                    detail="load + template + checks + backup + lock: what the app does "
                    "before the session screen is built"))
    working = fixtures.large.with_name("working-copy.toml")
    shutil.copyfile(fixtures.large, working)
    document = OpenDocument.open(working)
    session = document.session
    words = total_words(session)
    snapshots = timed(document.snapshot, runs)
    rows.append(Row("large session: save, UI-thread part (snapshot)", median(snapshots),
                    runs=snapshots, detail="OpenDocument.snapshot: copies the data"))

    def save() -> None:
        revision, data = document.snapshot()
        result = document.write(revision, data)
        if not result.ok:
            raise RuntimeError(result.error)

    saves = timed(save, runs)
    rows.append(Row("large session: save (snapshot + TOML + atomic write)", median(saves),
                    limit=100, target="3", runs=saves,
                    detail="OpenDocument.snapshot then .write (TOML, fsync'd atomic replace; "
                    "the app runs .write in a worker)"))
    exports = timed(lambda: export(session, template), runs)
    rows.append(Row("large session: export to Markdown", median(exports), limit=200, target="3",
                    runs=exports, detail="export.markdown.export (what `workshop export` and "
                    "the app's Export run)"))
    document.close()
    rows.append(Row("large session: FAQ items", len(session.faq), unit="count"))
    rows.append(Row("large session: words", words, unit="count"))
    rows.append(Row("large session: file size", round(fixtures.large.stat().st_size / 1048576, 2),
                    unit="MiB"))


def list_runs(fixtures: Fixtures, runs: int, rows: list[Row]) -> None:
    """Target 3: `workshop list` over 500 session files, as a user runs it."""
    argv = [sys.executable, "-m", "workshop", "--sessions-dir", str(fixtures.many), "list"]
    env = child_env()
    cache = Path(ISOLATED_ENV["XDG_CACHE_HOME"])
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(runs):
        _clear(cache)
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        cold.append(ms(time.perf_counter() - start))
        if done.returncode != 0 or len(done.stdout.splitlines()) < 500:
            print(f"  workshop list failed: {done.returncode} {done.stderr[-400:]}", file=sys.stderr)
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True)
        warm.append(ms(time.perf_counter() - start))
    rows.append(Row("`workshop list`, 500 sessions (first run)", median(cold), limit=1000,
                    target="3", runs=cold,
                    detail="process start to exit; nothing cached from an earlier run"))
    rows.append(Row("`workshop list`, 500 sessions (again)", median(warm), limit=1000, target="3",
                    runs=warm, detail="the same, run a second time"))
    start_only = timed(lambda: subprocess.run([sys.executable, "-m", "workshop", "--version"],
                                              env=env, capture_output=True), runs)
    rows.append(Row("`workshop --version` (interpreter + CLI start)", median(start_only),
                    runs=start_only))


def _clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- 2: typing (Pilot)
class FrameClock:
    """Notes the time (wall and main-thread CPU) at the end of every frame the app draws."""

    def __init__(self, app: Any) -> None:
        self.frames: list[tuple[float, float]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            self.frames.append((time.perf_counter(), time.thread_time()))

        app._display = display


async def _settle(clock: FrameClock, quiet: float = 0.04, limit: float = 2.0) -> None:
    """Wait until no frame has been drawn for `quiet` seconds."""
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        last = clock.frames[-1][0] if clock.frames else 0.0
        await asyncio.sleep(quiet / 4)
        if time.perf_counter() - max(last, 0) >= quiet and (
            not clock.frames or clock.frames[-1][0] == last
        ):
            return


async def _quiet_window(clock: FrameClock, start: float, changed: Callable[[], bool],
                        quiet: float) -> float | None:
    """Wait for the first frame after `changed()`, then until no frame for `quiet` s.

    Returns the wall time of that first frame (None: it never came within 2 s).
    """
    first_frame: float | None = None
    end = start + 2.0
    while time.perf_counter() < end:
        await asyncio.sleep(0.002)
        if first_frame is None and clock.frames and changed():
            first_frame = clock.frames[-1][0]
        if first_frame is not None and time.perf_counter() - clock.frames[-1][0] >= quiet:
            break
    return first_frame


async def background_rate(clock: FrameClock, quiet: float = 0.04, windows: int = 5) -> float:
    """Main-thread CPU per second of wall time while nothing is typed (polling included)."""
    rates = []
    for _ in range(windows):
        await _settle(clock, quiet)
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        while time.perf_counter() - wall0 < quiet + 0.02:
            await asyncio.sleep(0.002)
        rates.append((time.thread_time() - cpu0) / (time.perf_counter() - wall0))
    return statistics.median(rates)


async def press_and_measure(app: Any, clock: FrameClock, key: str, changed: Callable[[], bool],
                            background: float = 0.0, quiet: float = 0.04
                            ) -> tuple[float, float] | None:
    """Send one key like Pilot does; return (CPU ms, wall ms) for the app to handle it.

    CPU is the main thread's CPU time from sending the key until the app has
    drawn the change and then stayed quiet (no frame) for `quiet` seconds,
    less the `background` rate measured with no key (so it counts handling
    the key, everything the app does in reaction on the UI thread, and
    painting). Wall is the time to the first frame that shows the change (it
    includes waiting for Textual's 60 fps frame timer).
    """
    from textual import events

    await _settle(clock, quiet)
    clock.frames.clear()
    char = " " if key == "space" else (key if len(key) == 1 else None)
    cpu0 = time.thread_time()
    wall0 = time.perf_counter()
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)
    first_frame = await _quiet_window(clock, wall0, changed, quiet)
    cpu = time.thread_time() - cpu0 - background * (time.perf_counter() - wall0)
    if first_frame is None:
        return None
    return max(cpu, 0.0) * 1000, (first_frame - wall0) * 1000


def _long_text(words: int, seed: int = 3) -> str:
    gen = Words(seed)
    return gen.text(words)


class StallMonitor:
    """Measures how late the event loop wakes a 5 ms sleeper: the longest UI-thread stall."""

    def __init__(self) -> None:
        self.stalls: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.005)
            self.stalls.append((time.perf_counter() - start - 0.005) * 1000)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass


async def _typing_case(make_app: Callable[[], Any], step_id: str, keys: list[str],
                       report: dict[str, Any], phase: dict[str, str]) -> None:
    from textual import events
    from textual.widgets import TextArea

    from workshop.model.text import word_count

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        area = app.focused
        if not isinstance(area, TextArea):
            report["error"] = f"after opening {step_id}, focus is on {area!r}, not a TextArea"
            return
        text = _long_text(TYPING_WORDS)
        area.insert(text)
        area.move_cursor(area.document.end)
        await pilot.pause(1.5)  # the insert's own autosave and preview happen here
        await pilot.pause()
        report["words_in_field"] = word_count(area.text)
        phase["name"] = "typing"
        clock = FrameClock(app)
        background = await background_rate(clock)
        report["background_cpu_per_s_ms"] = round(background * 1000, 2)
        samples = []
        for key in keys:
            location = area.cursor_location
            result = await press_and_measure(
                app, clock, key, lambda: area.cursor_location != location, background
            )
            if result is not None:
                samples.append(result)
        report["cpu_ms"] = [round(c, 2) for c, _ in samples]
        report["wall_ms"] = [round(w, 2) for _, w in samples]
        report["missed_keys"] = len(keys) - len(samples)
        # Type in bursts with pauses, so debounced work (preview, autosave) runs between
        # them; note the longest time the UI thread could not take a key.
        monitor = StallMonitor()
        monitor.start()
        idle_cpu = []
        for _burst in range(3):
            for key in keys[:8]:
                event = events.Key(key, " " if key == "space" else key)
                event.set_sender(app)
                app._driver.send_message(event)
                await asyncio.sleep(0.08)
            cpu = time.thread_time()
            await asyncio.sleep(1.6)
            idle_cpu.append(round((time.thread_time() - cpu) * 1000, 1))
        await monitor.stop()
        report["pause_cpu_ms"] = idle_cpu
        report["max_stall_ms"] = round(max(monitor.stalls), 1) if monitor.stalls else None
        report["words_after"] = word_count(area.text)
        phase["name"] = "closing"


def typing_bench(fixtures: Fixtures, rows: list[Row], keys_per_case: int) -> None:
    """Target 2: per-key app-side work in a 5,000-word answer; autosave off the UI thread."""
    from textual.widgets import Input, TextArea

    from workshop.app import WorkshopApp
    from workshop.document import OpenDocument
    from workshop.storage import atomic as store_module

    writes: list[dict[str, Any]] = []
    snapshots: list[dict[str, Any]] = []
    original_write = store_module.atomic_write
    original_snapshot = OpenDocument.snapshot

    phase = {"name": "opening"}

    def recording_write(path: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        if phase["name"] != "typing":
            return original_write(path, text, *args, **kwargs)
        writes.append({"main_thread": threading.current_thread() is threading.main_thread(),
                       "thread": threading.current_thread().name, "path": str(path)})
        return original_write(path, text, *args, **kwargs)

    def recording_snapshot(self: Any) -> Any:
        start = time.perf_counter()
        result = original_snapshot(self)
        if phase["name"] != "typing":
            return result
        snapshots.append({"ms": round((time.perf_counter() - start) * 1000, 2),
                          "main_thread": threading.current_thread() is threading.main_thread()})
        return result

    store_module.atomic_write = recording_write  # type: ignore[assignment]
    OpenDocument.snapshot = recording_snapshot  # type: ignore[method-assign]
    blink = (Input.cursor_blink._default, TextArea.cursor_blink._default)
    Input.cursor_blink._default = False  # a blinking cursor repaints twice a second
    TextArea.cursor_blink._default = False
    word_keys = list("the quick brown fox jumps over a lazy dog".replace(" ", "_"))
    keys = [("space" if k == "_" else k) for k in (word_keys * 4)][:keys_per_case]
    cases = {"plain long answer (customer-today)": "customer-today",
             "press release section with live preview (pr-problem)": "pr-problem"}
    try:
        for label, step_id in cases.items():
            session = store.load(fixtures.typing)
            session.current_step = step_id
            store.save(session, fixtures.typing, content.resolve(None))
            writes.clear()
            snapshots.clear()
            report: dict[str, Any] = {}

            def make_app() -> Any:
                app = WorkshopApp(fixtures.typing.parent, fixtures.typing)
                app.theme = "textual-dark"
                return app

            try:
                phase["name"] = "opening"
                asyncio.run(_typing_case(make_app, step_id, keys, report, phase))
            except Exception as error:  # noqa: BLE001 - a benchmark reports, it doesn't crash
                report["error"] = f"{type(error).__name__}: {error}"
            cpu = report.get("cpu_ms", [])
            wall = report.get("wall_ms", [])
            detail = report.get("error", "") or (
                f"{report.get('words_in_field')} words in the field; {len(cpu)} keys; "
                f"{report.get('missed_keys', 0)} not seen"
            )
            rows.append(Row(f"typing: app work per key, {label}", median(cpu), limit=10,
                            target="2", runs=cpu, detail=detail + "; main-thread CPU time from "
                            "the key until the app is quiet again, less idle background"))
            rows.append(Row(f"typing: key to frame (wall), {label}", median(wall), runs=wall,
                            detail="includes waiting for Textual's 60 fps frame timer"))
            off_main = bool(writes) and not any(w["main_thread"] for w in writes)
            rows.append(Row(
                f"autosave wrote off the UI thread, {label}", 1.0 if off_main else 0.0,
                unit="yes/no", limit=1.0, target="2",
                detail=f"{len(writes)} writes: " + ", ".join(sorted({w['thread'] for w in writes}))
                if writes else "no autosave write seen while typing with pauses",
            ))
            rows.append(Row(f"longest UI stall while typing with pauses, {label}",
                            report.get("max_stall_ms"), detail="how late a 5 ms timer fired "
                            "(the longest a key could wait), 3 bursts of 8 keys + 1.6 s pauses"))
            pauses = report.get("pause_cpu_ms", [])
            rows.append(Row(f"UI-thread work in each 1.6 s pause, {label}", median(pauses),
                            runs=pauses, detail="debounced work: preview, autosave snapshot, "
                            "status updates"))
            ui_snaps = [s["ms"] for s in snapshots if s["main_thread"]]
            rows.append(Row(f"autosave snapshot on the UI thread, {label}", median(ui_snaps),
                            runs=ui_snaps, detail="OpenDocument.snapshot (the only part of a save "
                            "on the UI thread)"))
    finally:
        store_module.atomic_write = original_write  # type: ignore[assignment]
        OpenDocument.snapshot = original_snapshot  # type: ignore[method-assign]
        Input.cursor_blink._default, TextArea.cursor_blink._default = blink


# ---------------------------------------------------------------- 2b: typing vs answer size
SIZE_WORDS = (100, 20_000)
"""Answer lengths (words) the typing-speed rows compare (issue 11 §3)."""


async def _typing_speed_case(make_app: Callable[[], Any], words: int, keys: list[str],
                             burst: int, report: dict[str, Any]) -> None:
    """Keys per second at the end of a `words`-word answer: one at a time, and in a burst."""
    from textual import events
    from textual.widgets import TextArea

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        area = app.focused
        if not isinstance(area, TextArea):
            report["error"] = f"focus is on {area!r}, not a TextArea"
            return
        area.move_cursor(area.document.end)
        await pilot.pause(1.5)  # the opening's own checks and autosave happen here
        clock = FrameClock(app)
        background = await background_rate(clock)
        cpu = []
        for key in keys:
            location = area.cursor_location
            result = await press_and_measure(
                app, clock, key, lambda: area.cursor_location != location, background
            )
            if result is not None:
                cpu.append(result[0])
        report["cpu_ms"] = [round(c, 2) for c in cpu]
        # A burst, as type-ahead or a fast typist's run delivers it: all keys at once.
        await _settle(clock)
        session = app.screen.session
        before = len(session.get_text("customer-today", "today"))
        start = time.perf_counter()
        for index in range(burst):
            key = keys[index % len(keys)]
            event = events.Key(key, " " if key == "space" else key)
            event.set_sender(app)
            app._driver.send_message(event)
        # Done when the session (not only the box) holds every key.
        while (len(session.get_text("customer-today", "today")) < before + burst
               and time.perf_counter() - start < 60):
            await asyncio.sleep(0.005)
        report["burst_s"] = time.perf_counter() - start
        report["burst_done"] = len(session.get_text("customer-today", "today")) - before


def typing_speed_bench(fixtures: Fixtures, rows: list[Row], keys_per_case: int,
                       repeats: int = 3) -> None:
    """Issue 11 §3: keys/s at the end of a 100-word and a 20,000-word answer."""
    from textual.widgets import Input, TextArea

    from workshop.app import WorkshopApp

    template = content.resolve(None)
    blink = (Input.cursor_blink._default, TextArea.cursor_blink._default)
    Input.cursor_blink._default = False
    TextArea.cursor_blink._default = False
    word_keys = list("the quick brown fox jumps over a lazy dog".replace(" ", "_"))
    keys = [("space" if k == "_" else k) for k in (word_keys * 4)][:keys_per_case]
    burst = 500
    try:
        for words in SIZE_WORDS:
            session, path = store.create(f"Typing speed {words}", template, fixtures.typing.parent)
            session.go_to("customer-today")
            session.set_answer("customer-today", "today", _long_text(words))
            store.save(session, path, template)
            one_by_one: list[float] = []
            bursts: list[float] = []
            error = ""
            for _ in range(repeats):  # the machine is shared: repeat, report the median
                report: dict[str, Any] = {}

                def make_app() -> Any:
                    app = WorkshopApp(path.parent, path)
                    app.theme = "textual-dark"
                    return app

                try:
                    asyncio.run(_typing_speed_case(make_app, words, keys, burst, report))
                except Exception as error_:  # noqa: BLE001 - a benchmark reports, it doesn't crash
                    report["error"] = f"{type(error_).__name__}: {error_}"
                error = report.get("error", error)
                cpu = median(report.get("cpu_ms", []))
                if cpu:
                    one_by_one.append(round(1000 / cpu, 1))
                if report.get("burst_done") == burst and report.get("burst_s"):
                    bursts.append(round(burst / report["burst_s"], 1))
            rows.append(Row(
                f"typing speed: keys/s one at a time, end of a {words:,}-word answer",
                median(one_by_one), unit="keys/s", runs=one_by_one,
                detail=error or f"1000 / median main-thread CPU ms per key ({len(keys)} keys), "
                f"{repeats} runs",
            ))
            rows.append(Row(
                f"typing speed: keys/s in a {burst}-key burst, end of a {words:,}-word answer",
                median(bursts), unit="keys/s", runs=bursts,
                detail=error or f"{burst} keys sent at once until all are in the session, "
                f"{repeats} runs",
            ))
    finally:
        Input.cursor_blink._default, TextArea.cursor_blink._default = blink


# ---------------------------------------------------------------- 4: checks
def checks_bench(fixtures: Fixtures, runs: int, rows: list[Row]) -> None:
    """Target 4: every writing check on the large session (if the coach exists)."""
    try:
        from workshop import coach
    except ImportError:
        rows.append(Row("checks on the large session", None, detail="no workshop.coach yet"))
        return
    run_checks = getattr(coach, "run_checks", None)
    if run_checks is None:
        rows.append(Row("checks on the large session", None, limit=500, target="4",
                        detail="workshop.coach has no run_checks"))
        return
    session = store.load(fixtures.large)
    template = content.resolve(None)
    first = time.perf_counter()
    findings = run_checks(session, template)
    cold = ms(time.perf_counter() - first)
    times = timed(lambda: run_checks(session, template), runs)
    count = len(findings) if isinstance(findings, (list, tuple)) else len(findings.findings)
    rows.append(Row("checks on the large session (first run)", cold, limit=500, target="4",
                    detail=f"coach.run_checks, {count} findings; includes loading the rule lists"))
    rows.append(Row("checks on the large session", median(times), limit=500, target="4",
                    runs=times, detail="coach.run_checks, repeated"))
    take, check = getattr(coach, "take_snapshot", None), getattr(coach, "check_snapshot", None)
    if take is not None and check is not None:
        snaps = timed(lambda: take(session, template), runs)
        rows.append(Row("checks: snapshot (the UI-thread half)", median(snaps), runs=snaps,
                        detail="coach.take_snapshot; the app runs check_snapshot in a worker"))
        snapshot = take(session, template)
        worker = timed(lambda: check(snapshot), runs)
        rows.append(Row("checks: check_snapshot (the worker half)", median(worker), runs=worker))
    rows.append(_checks_in_app(fixtures))


def _checks_in_app(fixtures: Fixtures) -> Row:
    """Open the large session in the app (Pilot), ask the coach to check, note the threads."""
    from workshop import coach
    from workshop.app import WorkshopApp

    calls: list[str] = []
    original = coach.check_snapshot

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        return original(*args, **kwargs)

    name = "checks ran off the UI thread in the app (large session)"
    working = fixtures.large.with_name("coach-copy.toml")
    shutil.copyfile(fixtures.large, working)
    outcome: dict[str, Any] = {}

    async def run() -> None:
        app = WorkshopApp(working.parent, working)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            part = getattr(app.screen, "coach", None)  # the session screen's CoachPart
            check_now = getattr(part, "check_now", None)
            if check_now is None:
                outcome["missing"] = True
                return
            calls.clear()
            start = time.perf_counter()
            check_now()
            outcome["ui_ms"] = ms(time.perf_counter() - start)
            await app.workers.wait_for_complete()
            outcome["done_ms"] = ms(time.perf_counter() - start)
            await pilot.pause()

    coach.check_snapshot = recording  # type: ignore[assignment]
    try:
        asyncio.run(run())
    except Exception as error:  # noqa: BLE001 - a benchmark reports, it doesn't crash
        return Row(name, None, unit="yes/no", limit=1.0, target="4",
                   detail=f"{type(error).__name__}: {error}")
    finally:
        coach.check_snapshot = original  # type: ignore[assignment]
    if outcome.get("missing"):
        return Row(name, None, unit="yes/no", target="4",
                   detail="the session screen has no coach.check_now yet; not measured")
    off_main = bool(calls) and all(c != threading.main_thread().name for c in calls)
    return Row(name, 1.0 if off_main else 0.0, unit="yes/no", limit=1.0, target="4",
               detail=f"check_snapshot ran in: {', '.join(calls) or 'nothing'}; "
               f"coach.check_now took {outcome.get('ui_ms')} ms on the UI thread, "
               f"results after {outcome.get('done_ms')} ms")


# ---------------------------------------------------------------- output
def print_table(rows: list[Row], info: dict[str, Any]) -> None:
    """Print the results as a fixed-width table."""
    print()
    print(f"machine: {info['cpu']} · {info['cpus']} CPUs · {info['memory']} · Python "
          f"{info['python']} · Textual {info['textual']} · terminal {info['terminal']}")
    header = f"{'#':<2} {'measurement':<62} {'median':>10} {'limit':>9} {'ratio':>6}  result"
    print(header)
    print("-" * len(header))
    for row in rows:
        value = _fmt(row.value, row.unit)
        limit = _fmt(row.limit, row.unit) if row.limit is not None else ""
        ratio = f"{row.ratio:.2f}" if row.ratio is not None and row.unit != "yes/no" else ""
        verdict = {True: "PASS", False: "FAIL", None: ""}[row.ok]
        print(f"{row.target:<2} {row.name[:62]:<62} {value:>10} {limit:>9} {ratio:>6}  {verdict}")
    failed = [row for row in rows if row.ok is False]
    print()
    print(f"{sum(1 for r in rows if r.ok)} targets met, {len(failed)} missed.")


def markdown_table(rows: list[Row], info: dict[str, Any]) -> str:
    """Return the results as a Markdown table (for docs/performance.md)."""
    lines = [
        f"Machine: {info['cpu']}, {info['cpus']} CPUs, {info['memory']} RAM; {info['os']}; "
        f"Python {info['python']}, Textual {info['textual']}, Rich {info['rich']}; "
        f"terminal {info['terminal']}; {info['runs']} runs per measurement; commit "
        f"{info['commit']}{' + uncommitted changes' if info['uncommitted_changes'] else ''}.",
        "",
        "| # | Measurement | Median | Limit | Ratio | Result |",
        "|---|---|---:|---:|---:|---|",
    ]
    for row in rows:
        limit = _fmt(row.limit, row.unit) if row.limit is not None else ""
        ratio = f"{row.ratio:.2f}" if row.ratio is not None and row.unit != "yes/no" else ""
        verdict = {True: "pass", False: "**FAIL**", None: ""}[row.ok]
        lines.append(f"| {row.target} | {row.name} | {_fmt(row.value, row.unit)} | {limit} | "
                     f"{ratio} | {verdict} |")
    return "\n".join(lines) + "\n"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "yes/no":
        return "yes" if value else "no"
    if unit == "count":
        return f"{int(value)}"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.1f} {unit}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the table; write JSON. Exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description="workshop benchmarks (see benchmarks/README.md)")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--keys", type=int, default=30, help="keys typed per typing case")
    parser.add_argument("--only", default="startup,large,list,typing,typing-size,checks",
                        help="comma-separated sections: "
                        "startup,large,list,typing,typing-size,checks")
    parser.add_argument("--sessions", type=int, default=500, help="files for `workshop list`")
    parser.add_argument("--json", metavar="PATH", help="also write the JSON here")
    parser.add_argument("--markdown", action="store_true",
                        help="also print the table as Markdown (for docs/performance.md)")
    args = parser.parse_args(argv)
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    began = time.perf_counter()
    info = machine()
    print(f"preparing sessions in {_TMP} …", file=sys.stderr)
    fixtures = make_fixtures(args.sessions)
    rows: list[Row] = []
    steps: list[tuple[str, Callable[[], None]]] = [
        ("startup", lambda: pty_rounds(fixtures, args.runs, rows)),
        ("large", lambda: large_ops(fixtures, args.runs, rows)),
        ("list", lambda: list_runs(fixtures, args.runs, rows)),
        ("typing", lambda: typing_bench(fixtures, rows, args.keys)),
        ("typing-size", lambda: typing_speed_bench(fixtures, rows, args.keys)),
        ("checks", lambda: checks_bench(fixtures, args.runs, rows)),
    ]
    for name, step in steps:
        if name in sections:
            print(f"running {name} …", file=sys.stderr)
            step()
    info["seconds"] = round(time.perf_counter() - began, 1)
    info["runs"] = args.runs
    print_table(rows, info)
    if args.markdown:
        print()
        print(markdown_table(rows, info))
    data = {"machine": info, "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "rows": [row.to_dict() for row in rows]}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    for path in (out, RESULTS / "latest.json", *( [Path(args.json)] if args.json else [])):
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO) if out.is_relative_to(REPO) else out} "
          f"({info['seconds']} s)")
    _clear(_TMP)
    return 1 if any(row.ok is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
