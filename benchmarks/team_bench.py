"""Provides the team-mode benchmarks (issue 13): idea latency, a 20 x 20 silent round, host and participant memory.

Run from the repository root: `python benchmarks/team_bench.py` (Linux; ~1 min on 2 cores).
Everything runs on 127.0.0.1 in a temporary folder (sessions, state: never the user's).

1. Latency: 10 participant processes each add 20 ideas, 50 ms apart; each idea's text
   carries the time it was sent; the host (this process) notes when its dispatcher applied
   it. Median and p95 of (applied - sent). Targets: < 100 ms median, < 300 ms p95.
2. A silent round of 20 participants x 20 ideas, all sent at once: exactly 400 ideas, each
   once, in the saved file; the round's wall time; host CPU seconds and RSS growth per participant.
3. A participant process's resident memory (the TeamClient in a bare Python process) next to
   `workshop open`'s peak in a pseudo-terminal (target for the participant app: <= 1.3x).
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

_TMP = Path(tempfile.mkdtemp(prefix="team-bench-"))
for _name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_TMP / _name.lower())
os.environ["WORKSHOP_SESSIONS_DIR"] = str(_TMP / "sessions")

from team.conftest import Bot  # noqa: E402  (after the folders are isolated)
from workshop.model import live_operations as live_ops  # noqa: E402
from workshop.model.live import LiveSession  # noqa: E402
from workshop.team import runner  # noqa: E402


def rss_kb() -> int:
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS"))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def fresh_session(name: str) -> Path:
    folder = _TMP / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.toml"
    shutil.copyfile(ROOT / "sessions" / "worked-example.toml", target)
    return target


async def serve(path: Path):
    stop = asyncio.Event()
    ready = asyncio.get_running_loop().create_future()
    task = asyncio.ensure_future(runner.serve(path, ready=ready, stop=stop, state_dir=_TMP / "state" / path.stem))
    return await ready, stop, task


async def latency() -> None:
    host, stop, task = await serve(fresh_session("latency"))
    seen: list[float] = []

    def applied(change) -> None:
        idea = getattr(change.op, "idea", None)
        if idea and idea.get("text", "").startswith("t="):
            seen.append(time.time() - float(idea["text"].split()[0][2:]))

    host.document.dispatcher.listeners.append(applied)
    bots = await asyncio.gather(*(Bot.start(host.url, f"P{i}") for i in range(10)))
    await asyncio.sleep(0.5)
    await asyncio.gather(*(bot.do("stamped", n=20, gap=0.05) for bot in bots))
    await asyncio.gather(*(bot.do("wait") for bot in bots))
    member_rss = [(await bot.do("rss"))["rss_kb"] / 1024 for bot in bots]
    await asyncio.gather(*(bot.close() for bot in bots))
    stop.set()
    await task
    ms = [s * 1000 for s in seen]
    print(f"1. idea -> host dispatcher, 10 participants x 20 ideas ({len(ms)} measured):")
    print(f"   median {statistics.median(ms):.1f} ms (target < 100), p95 {pct(ms, 0.95):.1f} ms "
          f"(target < 300), max {max(ms):.1f} ms")
    print(f"   participant process RSS (TeamClient in bare Python): median {statistics.median(member_rss):.1f} MiB")
    return statistics.median(member_rss)


async def silent_round() -> None:
    path = fresh_session("round")
    host, stop, task = await serve(path)
    document = host.document
    step = document.session.current_step
    live = LiveSession(document.session, document.template)
    document.dispatcher.submit(live_ops.start_round(live, step))
    host.publish(step)
    rss0, cpu0 = rss_kb(), cpu_seconds()
    bots = await asyncio.gather(*(Bot.start(host.url, f"R{i:02d}") for i in range(20)))
    await asyncio.sleep(0.5)
    rss_joined, cpu_joined = rss_kb(), cpu_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(bot.do("ideas", texts=[f"{bot.name} idea {j}" for j in range(20)]) for bot in bots))
    waits = await asyncio.gather(*(bot.do("wait") for bot in bots))
    wall = time.perf_counter() - started
    cpu_round = cpu_seconds() - cpu_joined
    reveal = live_ops.reveal_round(live, step)
    if reveal is not None:
        document.dispatcher.submit(reveal)
    await asyncio.sleep(0.3)
    await asyncio.gather(*(bot.close() for bot in bots))
    stop.set()
    await task
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    texts = [i["text"] for i in data["ideas"] if i["text"].startswith("R") and " idea " in i["text"]]
    listed = [line for value in data["answers"][step].values() if isinstance(value, list) for line in value]
    expected = {f"R{i:02d} idea {j}" for i in range(20) for j in range(20)}
    once = len(texts) == 400 and set(texts) == expected and all(listed.count(t) == 1 for t in expected)
    credited = all(i["author"] == i["text"].split()[0] for i in data["ideas"] if i["text"] in expected)
    print(f"2. silent round, 20 participants x 20 ideas: {len(texts)} ideas saved, each once: {once}, "
          f"credited: {credited}, all acknowledged: {all(w['ok'] for w in waits)}")
    print(f"   round wall time {wall:.2f} s; host CPU {cpu_round:.2f} s for 400 ideas "
          f"({cpu_round / 400 * 1000:.1f} ms per idea); joining 20 cost {cpu_joined - cpu0:.2f} s CPU")
    print(f"   host RSS {rss0 / 1024:.1f} MiB before joins, {rss_joined / 1024:.1f} MiB with 20 joined "
          f"({(rss_joined - rss0) / 1024 / 20:.2f} MiB per participant), {rss_kb() / 1024:.1f} MiB at the end")


def open_rss() -> float | None:
    from ptyrun import run_in_pty

    path = fresh_session("open")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    runs = [run_in_pty([sys.executable, "-m", "workshop", "open", str(path)], "Which experiments", env=env)
            for _ in range(3)]
    values = [r.max_rss_kb / 1024 for r in runs if r.max_rss_kb]
    return statistics.median(values) if values else None


async def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    client_rss = await latency()
    await silent_round()
    workshop_rss = open_rss()
    if workshop_rss:
        print(f"3. `workshop open` peak RSS {workshop_rss:.1f} MiB; a participant's TeamClient process "
              f"{client_rss:.1f} MiB = {client_rss / workshop_rss:.2f}x (the participant app adds Textual on top)")


if __name__ == "__main__":
    try:
        asyncio.run(main())
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(_TMP, ignore_errors=True)
