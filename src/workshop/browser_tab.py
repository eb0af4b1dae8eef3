"""Provides BrowserTabDriver: the driver of a participant app in a browser tab, which ends with its host.

textual-serve (inside `workshop host`) runs one `workshop join` per browser
tab and talks to it over the process's standard input and output. Textual's
`WebDriver` stops reading at the end of that input but leaves the app
running: a host that was killed (SIGKILL, a crash) left its tabs' processes
running for ever, reconnecting to nobody. Here the end of input ends the
app, and if the app has not ended `HOST_GONE_GRACE` seconds later (its exit
got stuck writing to a pipe nobody reads), the process ends regardless:
the tab it drew in is gone with the host, so nothing in it can be lost.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from textual.drivers.web_driver import WebDriver
from textual.messages import ExitApp

HOST_GONE_GRACE = 5.0
"""Seconds after the end of input before the process ends without its app."""
HOST_GONE_EXIT_CODE = 3
"""The exit status when the process had to end without its app."""


class BrowserTabDriver(WebDriver):
    """Textual's `WebDriver`, ending the app when its input (textual-serve, in the host) ends."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.tab_app = app
        """The app this driver runs."""
        self.host_gone = threading.Event()
        """Set when the input ended before the app stopped (the host closed it, or is gone)."""

    def run_input_thread(self) -> None:
        """Read input until it ends (Textual's loop); then, unless the app is stopping, end it."""
        try:
            super().run_input_thread()
        finally:
            if not self.exit_event.is_set():
                self.host_gone.set()
                watchdog = threading.Timer(HOST_GONE_GRACE, os._exit, (HOST_GONE_EXIT_CODE,))
                watchdog.daemon = True
                watchdog.start()
                try:
                    self.tab_app.post_message(ExitApp())  # thread-safe: queued on the app's loop
                except RuntimeError:  # the loop already closed: the process is ending anyway
                    pass


def driver_for(driver_class: type) -> type:
    """`BrowserTabDriver` in place of Textual's `WebDriver` (what textual-serve asks for); else `driver_class`."""
    return BrowserTabDriver if driver_class is WebDriver else driver_class
