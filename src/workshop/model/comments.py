"""Provides review comments: what reviewers say about a section of the PR/FAQ, open or resolved.

A comment is anchored to a section of the document by an id that already
exists elsewhere in the session or template:

- `""`: the document as a whole;
- a stage id (`customer`, `press-release`, `faq`): that part of the document;
- a step id (`customer-who`, `pr-summary`): one step's answer or one press-release section;
- an FAQ item id (`q-…`): one question of the customer or internal FAQ.

Comments are kept in the session file as `[[comments]]` tables (see
docs/review.md). A comment can be turned into a new FAQ question in one step
(`comment_to_faq`); the comment then remembers the question's id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import base, clock
from .base import new_id
from .template import FAQ_KINDS, FieldType, Template
from .text import normalise

if TYPE_CHECKING:
    from .session import FaqItem, Session

COMMENT_STATUSES: tuple[str, ...] = ("open", "resolved")
"""A comment is open until someone resolves it."""

DOCUMENT_ANCHOR = ""
"""The anchor of a comment about the whole document."""

FAQ_TITLES = {"customer": "Customer FAQ", "internal": "Internal FAQ"}
"""How each FAQ kind is named in anchor labels."""


@dataclass
class Comment:
    """One reviewer's comment on a section of the PR/FAQ."""

    text: str
    """What the reviewer said."""
    anchor: str = DOCUMENT_ANCHOR
    """The section it is about: "", a stage id, a step id or an FAQ item id."""
    author: str = ""
    """Who said it."""
    created: datetime = field(default_factory=clock.now)
    """When it was added (timezone-aware)."""
    status: str = "open"
    """`open` or `resolved`."""
    faq_item: str = ""
    """When the comment was turned into an FAQ question: that question's id."""
    id: str = field(default_factory=lambda: new_id("c-"))
    """Stable identifier."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    @property
    def is_open(self) -> bool:
        """True until the comment is resolved."""
        return self.status == "open"

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "id": self.id,
            "anchor": self.anchor,
            "author": self.author,
            "text": self.text,
            "created": self.created,
            "status": self.status,
        }
        if self.faq_item:
            data["faq_item"] = self.faq_item
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "Comment":
        """Build a comment from loaded data.

        Raises:
            SessionDataError: naming the offending key.
        """
        data = base.table(data, key)
        if "text" not in data:
            raise base.fail(f"{key}.text", "is required but missing")
        return cls(
            id=base.text(data.pop("id", None), f"{key}.id", required=True),
            text=base.text(data.pop("text", None), f"{key}.text"),
            anchor=base.text(data.pop("anchor", None), f"{key}.anchor").strip(),
            author=base.text(data.pop("author", None), f"{key}.author"),
            created=base.moment(data.pop("created", None), f"{key}.created") or clock.now(),
            status=base.choice(data.pop("status", None), f"{key}.status", COMMENT_STATUSES, "open"),
            faq_item=base.text(data.pop("faq_item", None), f"{key}.faq_item"),
            extra=data,
        )


# ------------------------------------------------------------------ file form
def comments_to_dict(comments: list[Comment]) -> dict[str, Any]:
    """Return `{"comments": [...]}` for the session's top level ({} when there are none)."""
    return {"comments": [comment.to_dict() for comment in comments]} if comments else {}


def comments_from_dict(data: dict[str, Any]) -> list[Comment]:
    """Pop `comments` from loaded session data and build the comments.

    Raises:
        SessionDataError: naming the offending key (`comments[2].status`).
    """
    raw = base.table_array(data.pop("comments", []), "comments")
    comments = [Comment.from_dict(item, f"comments[{index}]") for index, item in enumerate(raw)]
    base.unique_ids(comments, "comments")
    return comments


# ------------------------------------------------------------------ edits
def add_comment(session: "Session", text: str, *, anchor: str = "", author: str = "") -> Comment:
    """Add an open comment to `session` and return it.

    Raises:
        ValueError: the text is blank (nothing to say) or the author is blank.
    """
    clean = normalise(text).strip()
    if not clean:
        raise ValueError("type the comment first")
    who = " ".join(normalise(author).split())
    if not who:
        raise ValueError("say who makes the comment (a name or initials)")
    comment = Comment(text=clean, anchor=anchor.strip(), author=who)
    session.comments.append(comment)
    session.touch()
    return comment


def find_comment(session: "Session", comment_id: str) -> Comment | None:
    """Return the comment with `comment_id`, or None."""
    for comment in session.comments:
        if comment.id == comment_id:
            return comment
    return None


def _get(session: "Session", comment_id: str) -> Comment:
    comment = find_comment(session, comment_id)
    if comment is None:
        raise KeyError(comment_id)
    return comment


def set_status(session: "Session", comment_id: str, status: str) -> bool:
    """Resolve (`resolved`) or reopen (`open`) a comment; return True if it changed.

    Raises:
        KeyError: no comment has that id.
        ValueError: an unknown status.
    """
    if status not in COMMENT_STATUSES:
        raise ValueError(f"unknown comment status {status!r}")
    comment = _get(session, comment_id)
    if comment.status == status:
        return False
    comment.status = status
    session.touch()
    return True


def remove_comment(session: "Session", comment_id: str) -> tuple[int, Comment]:
    """Delete a comment; return its position and the comment (for undo).

    Raises:
        KeyError: no comment has that id.
    """
    for index, comment in enumerate(session.comments):
        if comment.id == comment_id:
            del session.comments[index]
            session.touch()
            return index, comment
    raise KeyError(comment_id)


def restore_comment(session: "Session", index: int, comment: Comment) -> None:
    """Put back a comment removed by `remove_comment`."""
    session.comments.insert(min(index, len(session.comments)), comment)
    session.touch()


def comment_to_faq(
    session: "Session", comment_id: str, kind: str = "customer", *, resolve: bool = True
) -> "FaqItem":
    """Turn a comment into a new, unanswered FAQ question, in one step.

    The question's text is the comment's and its author the comment's
    author. The comment remembers the question (`faq_item`) and, unless
    `resolve` is False, is resolved: the open question now carries it.

    Raises:
        KeyError: no comment has that id.
        ValueError: an unknown FAQ kind, or the comment was already turned
            into a question that is still in the FAQ.
    """
    if kind not in FAQ_KINDS:
        raise ValueError(f"unknown FAQ kind {kind!r}")
    comment = _get(session, comment_id)
    if comment.faq_item and session.find_faq(comment.faq_item) is not None:
        raise ValueError("this comment is already a question in the FAQ")
    item = session.add_faq(comment.text, kind, author=comment.author)
    comment.faq_item = item.id
    if resolve:
        comment.status = "resolved"
    session.touch()
    return item


# ------------------------------------------------------------------ reading
def open_comments(session: "Session") -> list[Comment]:
    """The comments still open, in the order they were made."""
    return [comment for comment in session.comments if comment.is_open]


def anchor_step(anchor: str, session: "Session", template: Template | None) -> str:
    """The step a comment's anchor belongs to ("" for the document or a stage).

    An FAQ item belongs to the first FAQ step of its kind.
    """
    if not anchor or template is None:
        return ""
    if template.step(anchor) is not None:
        return anchor
    item = session.find_faq(anchor)
    if item is not None:
        for step in template.steps:
            if any(f.type is FieldType.FAQ and f.faq_kind == item.kind for f in step.fields):
                return step.id
    return ""


def anchor_stage(anchor: str, session: "Session", template: Template | None) -> str:
    """The stage a comment's anchor belongs to ("" for the document or an unknown anchor)."""
    if not anchor or template is None:
        return ""
    if any(stage.id == anchor for stage in template.stages):
        return anchor
    stage = template.stage_of(anchor_step(anchor, session, template))
    return stage.id if stage is not None else ""


def anchor_label(anchor: str, session: "Session", template: Template | None) -> str:
    """Say in words which section an anchor names ("Press release › Headline").

    Unknown anchors (a deleted FAQ question, a step the template lost) are
    shown as they are, so a comment never loses its place silently.
    """
    if not anchor:
        return "Whole document"
    if template is not None:
        for stage in template.stages:
            if stage.id == anchor:
                return stage.title
        stage = template.stage_of(anchor)
        step = template.step(anchor)
        if stage is not None and step is not None:
            return f"{stage.title} › {step.title}"
    item = session.find_faq(anchor)
    if item is not None:
        items = session.faq_items(item.kind)
        number = items.index(item) + 1
        question = " ".join(item.question.split())
        if len(question) > 48:
            question = question[:47].rstrip() + "…"
        return f"{FAQ_TITLES.get(item.kind, item.kind)} Q{number}: {question}"
    if anchor.startswith("q-"):
        return f"A deleted FAQ question ({anchor})"
    return anchor


def anchor_choices(session: "Session", template: Template | None) -> list[tuple[str, str]]:
    """Every section a comment can be anchored to, in document order, as `(anchor, label)`.

    The whole document first, then each stage followed by its steps; on FAQ
    steps, each question of that FAQ.
    """
    choices: list[tuple[str, str]] = [(DOCUMENT_ANCHOR, "Whole document")]
    if template is None:
        return choices
    for stage in template.stages:
        choices.append((stage.id, stage.title))
        for step in stage.steps:
            choices.append((step.id, f"{stage.title} › {step.title}"))
            for item in step.fields:
                if item.type is FieldType.FAQ:
                    for faq in session.faq_items(item.faq_kind):
                        choices.append((faq.id, anchor_label(faq.id, session, template)))
    return choices


def open_counts(session: "Session", template: Template | None) -> dict[str, int]:
    """Open comments per navigator row: step ids, and stage ids for stage-wide comments.

    Comments on an FAQ question count on the FAQ step of its kind; comments
    on the whole document, or on anchors the template doesn't know, count
    under `""`.
    """
    counts: dict[str, int] = {}
    for comment in session.comments:
        if not comment.is_open:
            continue
        key = anchor_step(comment.anchor, session, template)
        if not key and template is not None and any(
            stage.id == comment.anchor for stage in template.stages
        ):
            key = comment.anchor
        counts[key] = counts.get(key, 0) + 1
    return counts
