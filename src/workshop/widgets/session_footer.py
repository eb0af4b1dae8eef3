"""Provides SessionFooter: Textual's Footer, rebuilt once per burst of binding changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ..textual_compat import FooterKey


class SessionFooter(Footer):
    """A Footer (every screen has this one) that coalesces binding updates and never shows a key cut in half.

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

    def compose(self) -> ComposeResult:
        """Textual's keys, each hidden until `_fit` has measured it: a frame drawn between the
        mount and the fit (a loaded machine draws one) shows no key rather than keys cut short."""
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.display = False
            yield widget

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached:
            await self.recompose()
            self._fit()  # styles are applied when the keys are registered: widths are known now
            self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """Fit the keys to the new width."""
        self.call_after_refresh(self._fit)

    def _keys(self) -> list[FooterKey]:
        return [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]

    @staticmethod
    def _width(key: FooterKey) -> int:
        """Cells `key` takes in the row: its text, padding and border, and its margins."""
        styles = key.styles
        return key.render().cell_len + styles.gutter.width + styles.margin.width

    def _fit(self) -> None:
        """Show the keys, in order, that fit whole before the command palette key; hide the rest.

        Widths come from each key's own text and styles, not from the layout,
        so the result is the same whether or not the keys were laid out yet
        (a fit computed from regions of keys not yet placed hid every key).
        A key that does not fit is hidden with every key after it: no key is
        ever shown cut, and the palette key always stays.
        """
        if not self.is_attached:
            return
        width = self.size.width or self.app.size.width
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        # + 1: a key's last cell is blank (padding or margin) and may sit under the palette key's edge.
        room = width - sum(self._width(key) for key in palette) + 1
        used = 0
        hiding = False
        for key in self._keys():
            used += self._width(key)
            hiding = hiding or used > room
            if key.display == hiding:
                key.display = not hiding
