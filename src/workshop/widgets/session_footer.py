"""Provides SessionFooter: Textual's Footer, rebuilt once per burst of binding changes."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

from ..textual_compat import FooterKey


class SessionFooter(Footer):
    """A Footer that coalesces binding updates and never shows a key cut in half.

    Moving to another step changes focus and bindings several times in one
    go; the stock Footer rebuilds its keys for each change. This one rebuilds
    once, `DELAY` seconds after the first change of a burst, which keeps step
    changes quick (the delay is too short to notice). On a narrow screen the
    keys that would run under the command palette key are hidden (the last
    ones, which are the least used; all of them are in the palette and on F1).
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
            self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """Show every key again, then hide what doesn't fit once laid out."""
        for key in self._keys():
            key.display = True
        self.call_after_refresh(self._fit)

    def _keys(self) -> list[FooterKey]:
        return [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]

    def _fit(self) -> None:
        """Hide the keys whose text would end under the command palette key or the edge."""
        if not self.is_attached or not self.region:
            return
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        limit = self.region.right
        if palette and palette[0].region:
            limit = palette[0].region.x
        hiding = False
        for key in self._keys():
            # A key's last cell is padding, which may sit under the palette key's edge.
            hiding = hiding or not key.region or key.region.right - 1 > limit
            if hiding and key.display:
                key.display = False
