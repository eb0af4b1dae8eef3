"""Provides CommentList: a review meeting's comments, open ones first in document order, then resolved.

Each comment shows whether it is open, the section it is about, its text,
who wrote it and when, and the FAQ question it became. The list's keys run
the screen's actions on the highlighted comment (`screen.resolve_comment`,
`screen.comment_to_faq(kind)`, `screen.delete_comment`), so the widget needs
no screen of its own to import.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.widgets.option_list import Option

from ..model.comments import (
    FAQ_TITLES,
    Comment,
    anchor_choices,
    anchor_label,
    open_comments,
)
from ..model.session import Session
from ..model.template import Template
from .paging import SafeOptionList


def comment_prompt(comment: Comment, session: Session, template: Template | None) -> Content:
    """One comment as the list shows it: state and section, text, author and time, the FAQ question it became."""
    where = anchor_label(comment.anchor, session, template)
    when = comment.created.astimezone()
    head = [
        ("● open  " if comment.is_open else "✓ resolved  ", "bold $text-warning" if comment.is_open else "$text-success"),
        (where, "$text-accent"),
    ]
    lines = [
        Content.assemble(*head),
        Content.styled(comment.text, "" if comment.is_open else "$text-muted"),
        Content.styled(f"{comment.author or 'anonymous'} · {when:%d %b %H:%M}", "$text-muted"),
    ]
    if comment.faq_item:
        item = session.find_faq(comment.faq_item)
        if item is not None:
            number = session.faq_items(item.kind).index(item) + 1
            lines.append(Content.styled(f"→ became {FAQ_TITLES[item.kind]} Q{number}", "$text-success"))
    return Content("\n").join(lines)


class CommentList(SafeOptionList):
    """The comments; keys act on the highlighted one (through the screen's actions)."""

    BINDINGS = [
        Binding("r", "screen.resolve_comment", "Resolve/reopen", id="comment_resolve"),
        Binding("f", "screen.comment_to_faq('customer')", "→ Customer FAQ", id="comment_to_customer_faq"),
        Binding("i", "screen.comment_to_faq('internal')", "→ Internal FAQ", id="comment_to_internal_faq"),
        Binding("x,delete", "screen.delete_comment", "Delete", id="comment_delete", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        """Create an empty list (`fill` puts the comments in); `kwargs` go to the OptionList."""
        super().__init__(**kwargs)
        self.shown: list[Comment] = []
        """The comments in the list's order (one option each)."""
        self.open_count = 0
        """How many of them are open."""

    @property
    def highlighted_comment(self) -> Comment | None:
        """The comment under the cursor."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def fill(self, session: Session, template: Template | None, select: str | None = None) -> None:
        """Show the session's comments, the cursor on `select` (else where it was, else the first)."""
        keep = select or (self.highlighted_option.id if self.highlighted_option else None)
        order = {anchor: i for i, (anchor, _) in enumerate(anchor_choices(session, template))}
        opened = sorted(open_comments(session), key=lambda c: (order.get(c.anchor, len(order)), c.created))
        resolved = [c for c in session.comments if not c.is_open]
        self.shown = opened + resolved
        self.open_count = len(opened)
        options: list[Option | None] = []
        for comment in self.shown:
            if options:
                options.append(None)
            options.append(Option(comment_prompt(comment, session, template), id=comment.id))
        self.set_options(options)
        ids = [c.id for c in self.shown]
        if keep in ids:
            self.highlighted = ids.index(keep)
        elif ids:
            self.highlighted = 0

    def summary(self) -> Content:
        """The line above the list: how many are open and resolved, and the list's keys."""
        if not self.shown:
            return Content.styled("No comments yet.", "$text-muted")
        resolved = len(self.shown) - self.open_count
        return Content.assemble(
            (f"{self.open_count} open", "bold $text-warning" if self.open_count else "$text-muted"),
            (f" · {resolved} resolved", "$text-muted"),
            ("  r resolve · f/i → customer/internal FAQ · x delete", "$text-muted"),
        )
