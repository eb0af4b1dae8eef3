"""Provides StopSignals: SIGTERM and SIGHUP quit the app the way its quit key does.

Without it Python's default ends the process on the spot: the last second of
typing is not saved, the session's lock and the terminal's modes are left
behind and, for `workshop host`, the team server never stops (its link file
stays, and textual-serve's browser-tab processes are not ended). SIGTERM is
what `kill`, service managers and a shutting-down system send; SIGHUP is
what a closed terminal window or a dropped SSH connection sends.

A closed terminal cannot be restored: Textual's output thread dies on the
first failed write and its last writes (leaving the app's screen) then wait
for ever. So once a stop signal came, the process ends by itself
`FINISH_GRACE` seconds after the app has finished (saved, locks released,
team server stopped), and `SIGNAL_GRACE` seconds after the signal whatever
happens.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import Any, Callable

STOP_SIGNALS = tuple(sig for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if sig)
"""The signals that quit the app (SIGHUP does not exist on Windows)."""
FINISH_GRACE = 2.0
"""Seconds between the app's end (all saved and stopped) and the process's end after a stop signal."""
SIGNAL_GRACE = 30.0
"""Seconds between a stop signal and the process's end, at the latest."""


class StopSignals:
    """Quits the app on SIGTERM and SIGHUP, and makes sure the process then ends."""

    def __init__(self, app: Any, quit_now: Callable[[], Any]) -> None:
        """Args:
            app: The app to quit.
            quit_now: Called on the app's loop (once its queue gets there) to quit it.
        """
        self.app = app
        """The app."""
        self.quit_now = quit_now
        """Quits the app."""
        self.received: int | None = None
        """The first stop signal received (None: none)."""

    def install(self) -> None:
        """Handle the stop signals on the running loop (not in headless runs: tests share their runner's loop)."""
        if self.app.is_headless:
            return
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            try:
                loop.add_signal_handler(sig, self._received, sig)
            except (NotImplementedError, RuntimeError, ValueError):  # no signals here (Windows, another thread)
                pass

    def _received(self, sig: int) -> None:
        if self.received is not None:
            return
        self.received = sig
        _end_process_in(SIGNAL_GRACE, 128 + sig)
        self.app.call_later(self.quit_now)

    def finished(self, code: int) -> None:
        """The app has finished (call it from its Unmount): after a stop signal, the process ends soon."""
        if self.received is not None:
            _end_process_in(FINISH_GRACE, code)


def _end_process_in(seconds: float, code: int) -> None:
    timer = threading.Timer(seconds, os._exit, (code,))
    timer.daemon = True  # a process that ends sooner by itself is not held up
    timer.start()
