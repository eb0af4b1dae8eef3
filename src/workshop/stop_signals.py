"""Provides quit_on_stop_signals: SIGTERM and SIGHUP quit the app the way its quit key does.

Without it Python's default ends the process on the spot: the last second of
typing is not saved, the session's lock and the terminal's modes are left
behind and, for `workshop host`, the team server never stops (its link file
stays, and textual-serve's browser-tab processes are not ended). SIGTERM is
what `kill`, service managers and a shutting-down system send; SIGHUP is
what a closed terminal window or a dropped SSH connection sends.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any, Callable

STOP_SIGNALS = tuple(sig for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if sig)
"""The signals that quit the app (SIGHUP does not exist on Windows)."""


def quit_on_stop_signals(app: Any, quit_now: Callable[[], Any]) -> None:
    """On the app's loop, let each stop signal call `quit_now` on the app (once its queue gets there).

    Not in headless runs (tests share the test runner's process and loop).
    """
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        try:
            loop.add_signal_handler(sig, app.call_later, quit_now)
        except (NotImplementedError, RuntimeError, ValueError):  # no signals here (Windows, another thread)
            pass
