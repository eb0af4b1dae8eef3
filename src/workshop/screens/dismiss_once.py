"""Provides DismissOnce: a screen whose dismiss counts once (keys typed ahead can ask twice)."""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete


class DismissOnce:
    """Mixin (before the Screen base) for screens that dismiss themselves.

    Two Enters (or Enter and Escape) typed ahead in a dialog post two
    messages, and each dismissed it. Textual's `Screen.dismiss` then ran the
    result callback twice (a point parked twice) and popped a second screen:
    the one below (the session closed under the user's hands) or none at all
    (`ScreenStackError`). Only the first dismiss counts here.
    """

    _dismissed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Dismiss the screen with `result`; later calls do nothing."""
        if self._dismissed:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc]
