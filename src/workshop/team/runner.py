"""Provides a host without a screen: `python -m workshop.team.runner SESSION` serves a session and saves it.

For the multi-process tests and the benchmarks (and a facilitator who wants
to serve a session from a machine without a terminal UI). It opens the
session like `workshop open`, saves SAVE_PAUSE after a change, like the app (a burst of changes is saved once),
prints the join link on its first line, and stops cleanly on SIGTERM, SIGINT or SIGHUP.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .host import TeamHost

SAVE_PAUSE = 0.5
"""Seconds after a change before the session is saved (a burst is saved once; the app waits 1 s)."""


async def serve(path: Path, *, port: int = 0, bind: str = "127.0.0.1", state_dir: Path | None = None,
                ready: "asyncio.Future[TeamHost] | None" = None, stop: asyncio.Event | None = None) -> None:
    """Serve `path` until `stop` is set (or forever); `ready` gets the host once it listens."""
    from ..document import OpenDocument
    from .host import TeamHost

    document = OpenDocument.open(path)
    host = TeamHost(document, bind=bind, port=port, state_dir=state_dir)
    loop = asyncio.get_running_loop()
    pending: list[asyncio.TimerHandle] = []
    writing: list[asyncio.Future[object]] = []

    def save() -> None:
        """Snapshot on the loop, write in a thread (as the app does): the loop keeps serving."""
        pending.clear()
        if writing or not document.dirty:
            return
        revision, data = document.snapshot()
        future = loop.run_in_executor(None, document.write, revision, data)
        writing.append(future)

        def done(f: asyncio.Future[object]) -> None:
            writing.clear()
            result = f.result()
            if not result.ok:  # type: ignore[attr-defined]
                logging.getLogger("workshop.team").warning("not saved: %s", result.error)  # type: ignore[attr-defined]
            if document.dirty:
                changed(None)

        future.add_done_callback(done)

    def changed(_change: object) -> None:
        if not pending:
            pending.append(loop.call_later(SAVE_PAUSE, save))

    document.dispatcher.listeners.append(changed)
    stop = stop or asyncio.Event()
    await host.start()
    if ready is not None:
        ready.set_result(host)
    try:
        await stop.wait()
    finally:
        await host.stop()
        for handle in pending:
            handle.cancel()
        if writing:
            await asyncio.wait(writing)
        if document.dirty:
            document.save_now()
        document.close()


def main(argv: list[str] | None = None) -> int:
    """Run the host from the command line (the join link is printed on stdout's first line)."""
    parser = argparse.ArgumentParser(prog="python -m workshop.team.runner", description=__doc__)
    parser.add_argument("session", type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--state-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s")

    async def run() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):  # SIGHUP: its terminal closed
            loop.add_signal_handler(sig, stop.set)
        ready: asyncio.Future[TeamHost] = loop.create_future()
        ready.add_done_callback(lambda f: print(f.result().url, flush=True))
        await serve(args.session, port=args.port, bind=args.bind, state_dir=args.state_dir,
                    ready=ready, stop=stop)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
