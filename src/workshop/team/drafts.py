"""Provides SharedDrafts: the shared texts of assigned fields, kept in step with the session's answers.

A participant's edits reach the session as one `SetAnswer` after a pause
(DRAFT_PAUSE), credited by the host; the facilitator's own edits of the field
reach the shared text as one delete and one insert, rebased onto what
participants typed meanwhile (`textdiff.rebase`), so nobody's keys are lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Callable

from .textdiff import apply_to_text, rebase

if TYPE_CHECKING:
    from ..document import OpenDocument

log = logging.getLogger("workshop.team")

DRAFT_PAUSE = 0.6
"""Seconds without a change in a shared draft before it is saved as the answer (one operation)."""

Key = tuple[str, str]
"""(step id, field id) of a drafted field."""


class SharedDrafts:
    """The shared `Text` of every drafted field, and the answers they stand for.

    Args:
        document: The open session (answers are read from it and submitted to its dispatcher).
        credit: Who a field's draft is credited to (the assigned names, or "anonymous").
    """

    def __init__(self, document: "OpenDocument", credit: Callable[[Key], str]) -> None:
        self.document = document
        """The session."""
        self.credit = credit
        """Who a save is credited to."""
        self.texts: dict[Key, Any] = {}
        """The shared pycrdt `Text` of each drafted field."""
        self.saving = False
        """True while a draft's own save is being applied (its change is not echoed back)."""
        self.active = True
        """False once the host stopped (nothing more is saved)."""
        self._timers: dict[Key, asyncio.TimerHandle] = {}
        self._base: dict[Key, str] = {}  # the answer as the session last had it

    def __contains__(self, key: object) -> bool:
        return key in self.texts

    def add(self, key: Key, text: Any) -> None:
        """Keep `text` as the field's shared text (seeded with the answer when empty) and watch it."""
        self.texts[key] = text
        if str(text):
            self._base[key] = self.document.session.get_text(*key)
        else:
            self.from_session(key)
        text.observe(lambda _event: self.changed(key))  # one parameter: pycrdt counts them

    def from_session(self, key: Key) -> None:
        """Make the shared text the session's answer."""
        text = self.texts.get(key)
        if text is None:
            return
        value = self.document.session.get_text(*key)
        self._base[key] = value
        if str(text) != value:
            with text.doc.transaction(origin="host"):
                apply_to_text(text, value)

    def from_facilitator(self, key: Key) -> None:
        """The facilitator edited the field: make the same edit in the shared text.

        Their box held the answer as last saved, not the participants' latest keys,
        so their edit is rebased onto the shared text rather than replacing it.
        """
        if self.saving or key not in self.texts:
            return
        text = self.texts[key]
        after = self.document.session.get_text(*key)
        before = self._base.get(key, after)
        self._base[key] = after
        merged = rebase(str(text), before, after)
        if str(text) != merged:
            with text.doc.transaction(origin="host"):
                apply_to_text(text, merged)

    def changed(self, key: Key) -> None:
        """The shared text changed: save it after DRAFT_PAUSE without another change."""
        handle = self._timers.pop(key, None)
        if handle is not None:
            handle.cancel()
        self._timers[key] = asyncio.get_running_loop().call_later(DRAFT_PAUSE, self.save, key)

    def save(self, key: Key) -> None:
        """Submit the shared text as the field's answer (one `SetAnswer`), if it differs."""
        from ..model import operations as ops
        from ..model.operations import OperationError

        self._timers.pop(key, None)
        text = self.texts.get(key)
        if text is None or not self.active:
            return
        value = str(text)
        if value == self.document.session.get_text(*key):
            return
        self.saving = True
        try:
            self.document.dispatcher.submit(
                ops.SetAnswer(step_id=key[0], field_id=key[1], value=value, actor=self.credit(key))
            )
            self._base[key] = self.document.session.get_text(*key)
        except OperationError as error:
            log.warning("team host: draft %s/%s not saved: %s", key[0], key[1], error)
        finally:
            self.saving = False

    def flush(self) -> None:
        """Save every draft still waiting for its pause (the host is stopping)."""
        for key, handle in list(self._timers.items()):
            handle.cancel()
            self.save(key)

    def close(self) -> None:
        """Save what waits, then stop saving."""
        self.flush()
        self.active = False
