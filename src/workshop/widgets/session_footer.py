"""Provides SessionFooter: Textual's Footer, rebuilt once per burst of binding changes."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SessionFooter(Footer):
    """A Footer that coalesces binding updates.

    Moving to another step changes focus and bindings several times in one
    go; the stock Footer rebuilds its keys for each change. This one rebuilds
    once, `DELAY` seconds after the first change of a burst, which keeps step
    changes quick (the delay is too short to notice).
    """

    DELAY = 0.05
    """Seconds to gather binding changes before rebuilding."""

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        """Schedule one rebuild for however many changes arrive before the next refresh."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.set_timer(self.DELAY, self._rebuild, name="footer-rebuild")

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached:
            await self.recompose()
