"""Provides the export's comments appendix: the review comments still open (`--with-comments`).

The appendix is added only when asked for (`workshop export --with-comments`,
or "Export to Markdown with open comments" in the app), after everything
else, under its own `##` heading. Resolved comments are left out: the
appendix is the list of what the review still has to settle. It is built as
`export.structure` blocks, so every format escapes the comments its own way.
"""

from __future__ import annotations

from ..model.comments import anchor_choices, anchor_label, open_comments
from ..model.session import Session
from ..model.template import Template
from ..model.text import plural
from .structure import Block, Heading, Items, Para, Span, em, plain, strong

COMMENTS_HEADING = "Appendix: open review comments"
"""The appendix's heading."""


def comments_appendix(session: Session, template: Template | None) -> list[Block]:
    """Return the open comments as blocks, grouped by section in document order.

    Returns a short "no open comments" note when every comment is resolved
    (the reader asked for the appendix, so it says so rather than vanishing).
    """
    blocks: list[Block] = [Heading(2, COMMENTS_HEADING)]
    comments = open_comments(session)
    if not comments:
        return blocks + [Para(em("No open comments."))]
    order = {anchor: index for index, (anchor, _) in enumerate(anchor_choices(session, template))}
    groups: dict[str, list] = {}
    for comment in sorted(comments, key=lambda c: (order.get(c.anchor, len(order)), c.created)):
        groups.setdefault(comment.anchor, []).append(comment)
    count = len(comments)
    blocks.append(Para(plain(f"{plural(count, 'open comment')}.")))
    for anchor, items in groups.items():
        blocks.append(Para(strong(anchor_label(anchor, session, template))))
        rows = []
        for comment in items:
            when = comment.created.astimezone()
            author = comment.author.strip() or "anonymous"
            rows.append(plain(f"{comment.text} — ") + (Span(f"{author}, {when.day} {when:%B %Y}", "em"),))
        blocks.append(Items(tuple(rows)))
    return blocks

