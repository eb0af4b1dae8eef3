"""Provides the team tests' fixtures: a session to host, a host in the test's loop or in a process, bot participants."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any, AsyncIterator

import pytest

from workshop.team import runner

HERE = Path(__file__).resolve().parent
BOT = HERE / "bot.py"
"""The participant process (a TeamClient driven by JSON lines)."""
REPLY_TIMEOUT = 60.0
"""Seconds to wait for a bot's answer (generous: a loaded 2-core machine)."""


def child_env() -> dict[str, str]:
    """The environment for child processes: this test's folders, the checkout's code first."""
    env = dict(os.environ)
    src = str(HERE.parents[1] / "src")
    if (Path(src) / "workshop").is_dir():
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


class Bot:
    """One participant process."""

    def __init__(self, process: asyncio.subprocess.Process, name: str) -> None:
        self.process = process
        self.name = name
        self.joined: dict[str, Any] = {}

    @classmethod
    async def start(cls, url: str, name: str) -> "Bot":
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(BOT), url, name, env=child_env(),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        bot = cls(process, name)
        bot.joined = await bot._read()
        return bot

    async def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), REPLY_TIMEOUT)
        if not line:
            raise RuntimeError(f"bot {self.name} ended (exit {await self.process.wait()})")
        return json.loads(line)

    async def do(self, do: str, **fields: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps({"do": do, **fields}) + "\n").encode())
        await self.process.stdin.drain()
        return await self._read()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def close(self) -> None:
        if self.process.returncode is None:
            try:
                self.process.stdin.close()  # type: ignore[union-attr]
                await asyncio.wait_for(self.process.wait(), 10)
            except (asyncio.TimeoutError, OSError, ConnectionError):
                self.process.kill()
                await self.process.wait()


@pytest.fixture
def session_file(sessions_dir: Path, repo_root: Path) -> Path:
    """A copy of the worked example to host."""
    target = sessions_dir / "team.toml"
    shutil.copyfile(repo_root / "sessions" / "worked-example.toml", target)
    return target


class InProcessHost:
    """A host serving `session_file` in the test's own loop (`runner.serve`: saves after each change)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.url = ""
        self.host: Any = None

    async def __aenter__(self) -> "InProcessHost":
        ready: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.task = asyncio.ensure_future(runner.serve(self.path, ready=ready, stop=self.stop))
        self.host = await asyncio.wait_for(ready, 30)
        self.url = self.host.url
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.stop.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 30)


@pytest.fixture
async def bots() -> AsyncIterator[list[Bot]]:
    """Bots started by the test are closed (or killed) at its end."""
    started: list[Bot] = []
    yield started
    await asyncio.gather(*(bot.close() for bot in started), return_exceptions=True)


async def until(check: Any, seconds: float = 30.0) -> bool:
    """Wait (polling) until `check()` is true; False after `seconds`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if check():
            return True
        await asyncio.sleep(0.02)
    return False
