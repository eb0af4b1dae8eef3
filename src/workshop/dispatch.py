"""Provides the Dispatcher: the one place a session changes (apply, record, undo, redo, notify).

The open document owns one (`OpenDocument.dispatcher`). The UI submits
operations (`model/operations.py`); the dispatcher applies each, keeps its
inverse on the undo stack, appends it to the history, and calls every
listener with one `Change`. The session's revision goes up with every
change, which makes the document dirty; the screen's listener schedules
the save. See docs/architecture.md, "The one change path".
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Literal

if TYPE_CHECKING:
    from .model.operations import Operation
    from .model.session import Session

TYPING_PAUSE = 1.0
"""Seconds without typing in a box after which the next key starts a new undo step."""
UNDO_LIMIT = 500
"""Undo steps kept (the oldest go first)."""
HISTORY_LIMIT = 5000
"""Applied operations kept in `history`."""

Origin = Literal["edit", "undo", "redo"]


@dataclass(frozen=True)
class Change:
    """What one submit, undo or redo did to the session (the one change event)."""

    op: Operation
    """The operation that was applied (for an undo: the inverse that was applied)."""
    origin: Origin
    """`edit` (submitted), `undo` or `redo`."""
    step: "UndoStep"
    """The undo step it belongs to (its `forward` is the user's change, also for undo)."""

    @property
    def part(self) -> str:
        """Which part of the session the user's change is about: answers, faq, comments,
        readiness, roster, coach, facilitation (also for its undo; a batch: its first step's).
        """
        from .model import operations as ops

        op = self.step.forward
        while isinstance(op, ops.Batch) and op.steps:
            op = op.steps[0]
        return op.PART

    @property
    def step_id(self) -> str:
        """The template step the change is on, when the operation names one ("" otherwise)."""
        return str(getattr(self.op, "step_id", ""))


@dataclass
class UndoStep:
    """One undo step: the user's change and what undoes it (typing merges into one)."""

    forward: Operation
    """The latest operation of the step (redo applies it)."""
    inverse: Operation
    """Applying it undoes the whole step."""
    typing_key: tuple[Any, ...] | None = None
    """Which box the typing was in (None: not typing, never merged)."""
    text: str = ""
    """The box's text after the step (for the word-boundary rule)."""
    last: float = 0.0
    """When the step last grew (the dispatcher's clock)."""


def typing_of(op: Operation) -> tuple[tuple[Any, ...], str] | None:
    """`(box, text)` when `op` is typing in one text box, else None."""
    from .model import operations as ops

    if isinstance(op, ops.SetAnswer):
        value = op.value
        text = "\n".join(value) if isinstance(value, list) else (value or "")
        return ("answer", op.step_id, op.field_id), text
    if isinstance(op, ops.SetFaqDraft):
        return ("draft", op.faq_kind), op.text
    if isinstance(op, ops.EditFaq) and len(op.changes) == 1:
        (name, text), = op.changes.items()
        if name in ("question", "answer"):
            return ("faq", op.item_id, name), text
    return None


def starts_new_word(before: str, after: str) -> bool:
    """True when the text typed since `before` starts a new word (a space or line break, then a letter).

    Keys that arrive in one burst are reported together: " with" added to
    "toddlers" starts a new word too.
    """
    if len(after) <= len(before):
        return False  # deleting: one step until a pause or another box
    added = after[len(before):] if after.startswith(before) else after[-1:]
    joined = before[-1:] + added
    return any(a.isspace() and not b.isspace() for a, b in zip(joined, joined[1:]))


class Dispatcher:
    """Applies operations to one session, records them for undo/redo and tells listeners.

    Args:
        session: The session it changes (the document's; never replaced, only refilled).
        clock: Seconds, monotonic (tests pass a fake one to check typing groups).
    """

    @classmethod
    def of(cls, session: Session) -> "Dispatcher":
        """The dispatcher of `session` (made on first use): every view of a session shares one."""
        found = _BY_SESSION.get(id(session))
        if found is None or found._session() is not session:
            found = cls(session)
        return found

    def __init__(self, session: Session, clock: Callable[[], float] = time.monotonic) -> None:
        self._session = weakref.ref(session)  # the registry must not keep sessions alive
        self.clock = clock
        """Monotonic seconds (typing groups)."""
        self.undo_stack: list[UndoStep] = []
        """Undo steps, latest last."""
        self.redo_stack: list[UndoStep] = []
        """Undone steps, latest undone last."""
        self.history: list[Operation] = []
        """Every operation applied (edits, undos and redos), oldest first, with actor and time."""
        self.listeners: list[Callable[[Change], None]] = []
        """Called with every `Change`, in order, after it is applied."""
        _BY_SESSION[id(session)] = self
        weakref.finalize(session, _BY_SESSION.pop, id(session), None)

    @property
    def session(self) -> Session:
        """The session every operation is applied to."""
        session = self._session()
        if session is None:
            raise RuntimeError("the session of this dispatcher is gone")
        return session

    # ------------------------------------------------------------ changing
    def submit(self, op: Operation, *, record: bool = True) -> Change | None:
        """Apply `op`, record it and notify; None when it changed nothing.

        `record=False` keeps it off the undo stack (still in `history`, still
        saved): a side effect of moving between steps, not an edit to undo.

        Raises:
            OperationError: the operation does not fit the session (nothing changed).
        """
        from .model import operations as ops

        inverse = ops.apply(self.session, op)
        if inverse is None:
            return None
        if not record:
            return self._done(op, "edit", UndoStep(op, inverse))
        self.redo_stack.clear()
        step = self._record(op, inverse)
        return self._done(op, "edit", step)

    def _record(self, op: Operation, inverse: Operation) -> UndoStep:
        now = self.clock()
        typing = typing_of(op)
        top = self.undo_stack[-1] if self.undo_stack else None
        if (
            typing is not None
            and top is not None
            and top.typing_key == typing[0]
            and now - top.last <= TYPING_PAUSE
            and not starts_new_word(top.text, typing[1])
        ):
            top.forward, top.text, top.last = op, typing[1], now  # same word: one step
            return top
        step = UndoStep(
            op, inverse,
            typing_key=typing[0] if typing else None,
            text=typing[1] if typing else "",
            last=now,
        )
        self.undo_stack.append(step)
        del self.undo_stack[:-UNDO_LIMIT]
        return step

    def undo(self) -> Change | None:
        """Undo the latest step (None: nothing to undo)."""
        from .model import operations as ops

        while self.undo_stack:
            step = self.undo_stack.pop()
            applied = step.inverse
            try:
                redo = ops.apply(self.session, applied)
            except ops.OperationError:
                continue  # its record went (a reload): the step before it may still apply
            if redo is None:
                continue
            self.redo_stack.append(step)
            return self._done(applied, "undo", step)
        return None

    def redo(self) -> Change | None:
        """Redo the latest undone step (None: nothing to redo)."""
        from .model import operations as ops

        while self.redo_stack:
            step = self.redo_stack.pop()
            try:
                inverse = ops.apply(self.session, step.forward)
            except ops.OperationError:
                continue
            if inverse is None:
                continue
            done = UndoStep(step.forward, inverse, last=float("-inf"))  # never merged into
            self.undo_stack.append(done)
            return self._done(step.forward, "redo", done)
        return None

    def forget(self) -> None:
        """Drop undo and redo (the session was reloaded from its file: old steps don't fit)."""
        self.undo_stack.clear()
        self.redo_stack.clear()

    def seal(self) -> None:
        """End the current typing step: the next key starts a new undo step."""
        if self.undo_stack:
            self.undo_stack[-1].typing_key = None

    @property
    def can_undo(self) -> bool:
        """True when there is a step to undo."""
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        """True when there is a step to redo."""
        return bool(self.redo_stack)

    def _done(self, op: Operation, origin: Origin, step: UndoStep) -> Change:
        self.history.append(op)
        del self.history[:-HISTORY_LIMIT]
        change = Change(op, origin, step)
        for listener in list(self.listeners):
            listener(change)
        return change


_BY_SESSION: dict[int, Dispatcher] = {}
"""The dispatcher of each live session object (by id: a Session is unhashable; an entry
goes when its session is collected)."""

__all__ = ["Change", "Dispatcher", "TYPING_PAUSE", "UndoStep", "starts_new_word", "typing_of"]
