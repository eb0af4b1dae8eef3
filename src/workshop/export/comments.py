"""Provides the export's comments appendix: the review comments still open (`--with-comments`).

The appendix is added only when asked for (`workshop export --with-comments`,
or "Export to Markdown with open comments" in the app), after everything
else, under its own `##` heading. Resolved comments are left out: the
appendix is the list of what the review still has to settle. Every piece of
user text passes through `inline`, so a comment can't break the outline.
"""

from __future__ import annotations

from ..model.comments import anchor_choices, anchor_label, open_comments
from ..model.session import Session
from ..model.template import Template
from ..model.text import plural
from .blocks import Heading, inline

COMMENTS_HEADING = "Appendix: open review comments"
"""The appendix's heading."""


def comments_appendix(session: Session, template: Template | None) -> list[str]:
    """Return the open comments as Markdown lines, grouped by section in document order.

    Returns a short "no open comments" note when every comment is resolved
    (the reader asked for the appendix, so it says so rather than vanishing).
    """
    lines: list[str] = [Heading(2, COMMENTS_HEADING), ""]
    comments = open_comments(session)
    if not comments:
        return lines + ["*No open comments.*", ""]
    order = {anchor: index for index, (anchor, _) in enumerate(anchor_choices(session, template))}
    groups: dict[str, list] = {}
    for comment in sorted(comments, key=lambda c: (order.get(c.anchor, len(order)), c.created)):
        groups.setdefault(comment.anchor, []).append(comment)
    count = len(comments)
    lines += [f"{plural(count, 'open comment')}.", ""]
    for anchor, items in groups.items():
        lines += [f"**{inline(anchor_label(anchor, session, template))}**", ""]
        for comment in items:
            when = comment.created.astimezone()
            author = inline(comment.author) or "anonymous"
            lines.append(f"- {inline(comment.text)} — *{author}, {when.day} {when:%B %Y}*")
        lines.append("")
    return lines


def with_comments(markdown_text: str, session: Session, template: Template | None) -> str:
    """Return an exported document with the open-comments appendix added at the end."""
    appendix = "\n".join(comments_appendix(session, template)).rstrip("\n")
    return markdown_text.rstrip("\n") + "\n\n" + appendix + "\n"


def export_with_comments(session: Session, template: Template | None) -> str:
    """Return the whole PR/FAQ (`markdown.export`) followed by the open comments."""
    from .markdown import export

    return with_comments(export(session, template), session, template)
