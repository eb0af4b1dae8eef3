"""Provides the Session: one workshop run, its answers and its FAQ items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Literal

from . import base, clock
from .base import SessionDataError, new_id
from .facilitation import Facilitation
from .readiness import Readiness
from .template import FAQ_KINDS, Field, FieldType, Step, Template
from .text import normalise

if TYPE_CHECKING:
    from .comments import Comment

SCHEMA_VERSION = 1
"""The session file format this code writes."""

Answer = str | list[str]
"""A field's value: text, or a list of items for list fields."""

StepStatus = Literal["not_started", "in_progress", "answered"]
FAQ_STATUSES: tuple[str, ...] = ("open", "answered")


@dataclass
class FaqItem:
    """One question of the customer or internal FAQ."""

    question: str
    """The question, as a reader would ask it."""
    kind: str = "customer"
    """`customer` or `internal`."""
    answer: str = ""
    """The answer (Markdown allowed)."""
    author: str = ""
    """Who asked it (empty = anonymous)."""
    votes: dict[str, int] = field(default_factory=dict)
    """Dots per voter."""
    status: str = "open"
    """`open` or `answered`."""
    id: str = field(default_factory=lambda: new_id("q-"))
    """Stable identifier, kept across edits and reorders."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    @property
    def answered(self) -> bool:
        """True when the item is marked answered and has an answer."""
        return self.status == "answered" and bool(self.answer.strip())

    @property
    def vote_count(self) -> int:
        """Total dots on this item."""
        return sum(self.votes.values())

    def to_dict(self) -> dict[str, Any]:
        """Return the item as TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "question": self.question,
            "answer": self.answer,
            "status": self.status,
        }
        if self.author:
            data["author"] = self.author
        if self.votes:
            data["votes"] = dict(self.votes)
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "FaqItem":
        """Build an item from loaded data, checking its shape.

        Raises:
            SessionDataError: naming the offending key.
        """
        if not isinstance(data, dict):
            raise SessionDataError(key, "expected a table")
        data = dict(data)
        # An empty question is allowed: the app creates blank items to fill in,
        # and a file the model wrote must always load again.
        question = _text(data.pop("question", None), f"{key}.question", present=True)
        kind = _text(data.pop("kind", "customer"), f"{key}.kind")
        if kind not in FAQ_KINDS:
            raise SessionDataError(
                f"{key}.kind", f"must be one of {', '.join(FAQ_KINDS)}, not {kind!r}"
            )
        status = _text(data.pop("status", "open"), f"{key}.status")
        if status not in FAQ_STATUSES:
            raise SessionDataError(
                f"{key}.status",
                f"must be one of {', '.join(FAQ_STATUSES)}, not {status!r}",
            )
        votes_raw = data.pop("votes", {})
        if not isinstance(votes_raw, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0
            for v in votes_raw.values()
        ):
            raise SessionDataError(
                f"{key}.votes", "expected a table of voter = number of dots"
            )
        for voter, dots in votes_raw.items():
            base.whole(dots, f"{key}.votes.{voter}", maximum=base.MAX_COUNT)
        item_id = _text(data.pop("id", None), f"{key}.id", required=True)
        return cls(
            id=item_id,
            question=question,
            kind=kind,
            answer=_text(data.pop("answer", ""), f"{key}.answer"),
            author=_text(data.pop("author", ""), f"{key}.author"),
            votes={str(k): v for k, v in votes_raw.items()},
            status=status,
            extra=data,
        )


@dataclass
class Session:
    """A workshop run: metadata, answers per step and field, FAQ items, notes."""

    title: str
    """What the session is about; also the export's first heading."""
    template_id: str = "working-backwards"
    """The template it follows."""
    template_version: int = 1
    """The template's version when the session was created."""
    id: str = field(default_factory=lambda: new_id())
    """Stable identifier."""
    created: datetime = field(default_factory=clock.now)
    """When the session was created (timezone-aware)."""
    updated: datetime = field(default_factory=clock.now)
    """When the session last changed (timezone-aware)."""
    facilitator: str = ""
    """Who runs the session."""
    participants: list[str] = field(default_factory=list)
    """Who takes part."""
    current_step: str = ""
    """Step id the user is on; saved with the next edit (the resume point is kept apart)."""
    answers: dict[str, dict[str, Answer]] = field(default_factory=dict)
    """Answers by step id, then field id."""
    faq: list[FaqItem] = field(default_factory=list)
    """Customer and internal FAQ items, in display order."""
    notes: str = ""
    """Free notes."""
    faq_drafts: dict[str, str] = field(default_factory=dict)
    """A new FAQ question typed but not added yet, by FAQ kind (kept like any answer)."""
    facilitation: Facilitation = field(default_factory=Facilitation)
    """Live-session state: roster, timers, rounds, votes, parking lot, decisions."""
    comments: list[Comment] = field(default_factory=list)
    """Review comments on sections of the PR/FAQ (see model/comments.py)."""
    readiness: Readiness = field(default_factory=Readiness)
    """Ticked checklist items of the readiness view (see model/readiness.py)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Top-level keys this version does not know, kept on save."""
    revision: int = field(default=0, compare=False)
    """Counts changes since load (not saved); autosave compares it."""

    # ----------------------------------------------------------------- edits
    def touch(self) -> None:
        """Record that the session changed."""
        self.revision += 1
        self.updated = clock.now()

    def get_answer(self, step_id: str, field_id: str, default: Answer = "") -> Answer:
        """Return the answer for `step_id.field_id`, or `default`."""
        return self.answers.get(step_id, {}).get(field_id, default)

    def get_text(self, step_id: str, field_id: str) -> str:
        """Return the answer as text (list items joined by newlines)."""
        value = self.get_answer(step_id, field_id)
        return "\n".join(value) if isinstance(value, list) else value

    def set_answer(self, step_id: str, field_id: str, value: Answer) -> bool:
        """Store an answer (line endings normalised). Return True if it changed.

        Raises:
            TypeError: `value` is not text or a list of text (it could not be saved).
        """
        clean: Answer
        if isinstance(value, (list, tuple)):
            if not all(isinstance(item, str) for item in value):
                raise TypeError("list answers must hold text items")
            clean = [normalise(item) for item in value]
        elif isinstance(value, str):
            clean = normalise(value)
        else:
            raise TypeError(f"an answer must be text or a list of text, not {type(value).__name__}")
        current = self.answers.get(step_id, {}).get(field_id)
        if current == clean or (current is None and clean in ("", [])):
            return False
        self.answers.setdefault(step_id, {})[field_id] = clean
        self.touch()
        return True

    def go_to(self, step_id: str) -> None:
        """Remember `step_id` as the current position.

        Not an edit: the revision stays, so moving alone never saves the file
        (the app keeps the position as a resume point, see workshop.resume);
        the next saved edit writes it as `current_step`.
        """
        self.current_step = step_id

    def set_faq_draft(self, kind: str, text: str) -> bool:
        """Keep the text of the new-question box of `kind`'s FAQ ("" drops it). True if it changed."""
        if kind not in FAQ_KINDS:
            raise ValueError(f"unknown FAQ kind {kind!r}")
        if not isinstance(text, str):
            raise TypeError(f"a draft question must be text, not {type(text).__name__}")
        clean = normalise(text)
        if self.faq_drafts.get(kind, "") == clean:
            return False
        if clean:
            self.faq_drafts[kind] = clean
        else:
            del self.faq_drafts[kind]
        self.touch()
        return True

    def faq_items(self, kind: str) -> list[FaqItem]:
        """FAQ items of `kind`, in order."""
        return [item for item in self.faq if item.kind == kind]

    def find_faq(self, item_id: str) -> FaqItem | None:
        """Return the FAQ item with `item_id`, or None."""
        for item in self.faq:
            if item.id == item_id:
                return item
        return None

    def add_faq(
        self, question: str, kind: str = "customer", author: str = "", answer: str = ""
    ) -> FaqItem:
        """Append a FAQ item and return it."""
        if kind not in FAQ_KINDS:
            raise ValueError(f"unknown FAQ kind {kind!r}")
        item = FaqItem(
            question=normalise(question).strip(),
            kind=kind,
            author=normalise(author).strip(),
            answer=normalise(answer),
            status="answered" if answer.strip() else "open",
        )
        self.faq.append(item)
        self.touch()
        return item

    def update_faq(self, item_id: str, **changes: Any) -> FaqItem:
        """Change fields of a FAQ item (question, answer, status, author, kind).

        All changes are checked before any is applied, so a bad call changes nothing.

        Raises:
            KeyError: no item has `item_id`.
            ValueError: an unknown field, kind or status.
            TypeError: a value that is not text.
        """
        item = self.find_faq(item_id)
        if item is None:
            raise KeyError(item_id)
        clean: dict[str, str] = {}
        for name, value in changes.items():
            if name not in {"question", "answer", "status", "author", "kind"}:
                raise ValueError(f"cannot change {name!r}")
            if not isinstance(value, str):
                raise TypeError(f"{name} must be text, not {type(value).__name__}")
            value = normalise(value)
            if name == "status" and value not in FAQ_STATUSES:
                raise ValueError(f"unknown status {value!r}")
            if name == "kind" and value not in FAQ_KINDS:
                raise ValueError(f"unknown FAQ kind {value!r}")
            clean[name] = value
        for name, value in clean.items():
            setattr(item, name, value)
        self.touch()
        return item

    def remove_faq(self, item_id: str) -> tuple[int, FaqItem]:
        """Remove a FAQ item; return its position and the item (for undo)."""
        for index, item in enumerate(self.faq):
            if item.id == item_id:
                del self.faq[index]
                self.touch()
                return index, item
        raise KeyError(item_id)

    def restore_faq(self, index: int, item: FaqItem) -> None:
        """Put back an item removed by `remove_faq` (undo)."""
        self.faq.insert(min(index, len(self.faq)), item)
        self.touch()

    def move_faq(self, item_id: str, offset: int) -> bool:
        """Move an item up (-1) or down (+1) among items of its kind."""
        item = self.find_faq(item_id)
        if item is None:
            raise KeyError(item_id)
        same = [i for i, other in enumerate(self.faq) if other.kind == item.kind]
        here = same.index(self.faq.index(item))
        there = here + offset
        if not 0 <= there < len(same):
            return False
        a, b = same[here], same[there]
        self.faq[a], self.faq[b] = self.faq[b], self.faq[a]
        self.touch()
        return True

    # -------------------------------------------------------------- progress
    def field_state(self, step_id: str, item: Field) -> tuple[bool, bool]:
        """Return `(has_content, done)` for one field of a step."""
        if item.type is FieldType.FAQ:
            items = self.faq_items(item.faq_kind)
            return bool(items), bool(items) and all(faq.answered for faq in items)
        value = self.get_answer(step_id, item.id)
        if isinstance(value, list):
            has = any(v.strip() for v in value)
        else:
            has = bool(value.strip())
        return has, has

    def step_status(self, step: Step) -> StepStatus:
        """Whether `step` is not started, in progress or answered.

        A step is answered when something is filled in and every required
        field is done (an FAQ field is done when it has items, all answered).
        """
        any_filled = False
        required_done = True
        for item in step.fields:
            has, done = self.field_state(step.id, item)
            any_filled = any_filled or has
            if item.required and not done:
                required_done = False
        if any_filled and required_done:
            return "answered"
        return "in_progress" if any_filled else "not_started"

    def progress(self, template: Template) -> tuple[int, int]:
        """Return `(answered, total)` over the template's required steps."""
        steps = [step for step in template.steps if not step.optional]
        done = sum(1 for step in steps if self.step_status(step) == "answered")
        return done, len(steps)

    # --------------------------------------------------------- serialisation
    def to_dict(self, template: Template | None = None) -> dict[str, Any]:
        """Return the session as TOML-ready data, keys in a stable, readable order.

        Args:
            template: When given, answers follow the template's step and field
                order; steps the template lacks follow at the end.
        """
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "title": self.title,
            "template": self.template_id,
            "template_version": self.template_version,
            "created": self.created,
            "updated": self.updated,
            "facilitator": self.facilitator,
            "participants": list(self.participants),
            "current_step": self.current_step,
        }
        if self.notes:
            data["notes"] = self.notes
        for key, value in self.extra.items():
            if not isinstance(value, dict) and not _is_table_array(value):
                data[key] = value
        data["answers"] = self._ordered_answers(template)
        if self.faq:
            data["faq"] = [item.to_dict() for item in self.faq]
        drafts = {kind: self.faq_drafts[kind] for kind in FAQ_KINDS if self.faq_drafts.get(kind)}
        if drafts:
            data["faq_drafts"] = drafts
        data.update(self.facilitation.to_dict())
        if self.comments:  # model.comments is imported only for a session that has some (start-up)
            from .comments import comments_to_dict

            data.update(comments_to_dict(self.comments))
        data.update(self.readiness.to_dict())
        for key, value in self.extra.items():
            if isinstance(value, dict) or _is_table_array(value):
                data[key] = value
        return data

    def _ordered_answers(self, template: Template | None) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        if template is not None:
            for step in template.steps:
                given = self.answers.get(step.id)
                if not given:
                    continue
                ordered = {f.id: given[f.id] for f in step.fields if f.id in given}
                ordered.update({k: v for k, v in given.items() if k not in ordered})
                answers[step.id] = ordered
        for step_id, given in self.answers.items():
            if step_id not in answers and given:
                answers[step_id] = dict(given)
        return answers

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Session":
        """Build a session from loaded (and migrated) data.

        Raises:
            SessionDataError: naming the first key with the wrong shape.
        """
        data = dict(data)
        data.pop("schema_version", None)
        # A blank title loads (the export calls it "Untitled session"): a file
        # the model wrote must always load again.
        title = _text(data.pop("title", None), "title", present=True)
        answers_raw = data.pop("answers", {})
        if not isinstance(answers_raw, dict):
            raise SessionDataError("answers", "expected a table of steps")
        answers: dict[str, dict[str, Answer]] = {}
        for step_id, fields in answers_raw.items():
            if not isinstance(fields, dict):
                raise SessionDataError(
                    f"answers.{step_id}", "expected a table of field = answer"
                )
            answers[step_id] = {}
            for field_id, value in fields.items():
                key = f"answers.{step_id}.{field_id}"
                if isinstance(value, list):
                    answers[step_id][field_id] = [
                        _text(v, f"{key}[{i}]") for i, v in enumerate(value)
                    ]
                else:
                    answers[step_id][field_id] = _text(value, key)
        faq_raw = data.pop("faq", [])
        if not isinstance(faq_raw, list):
            raise SessionDataError("faq", "expected an array of tables ([[faq]])")
        faq = [FaqItem.from_dict(item, f"faq[{i}]") for i, item in enumerate(faq_raw)]
        seen: set[str] = set()
        for index, item in enumerate(faq):
            if item.id in seen:
                raise SessionDataError(
                    f"faq[{index}].id", f"duplicate id {item.id!r}; ids must be unique"
                )
            seen.add(item.id)
        drafts_raw = data.pop("faq_drafts", {})
        if not isinstance(drafts_raw, dict):
            raise SessionDataError("faq_drafts", "expected a table of FAQ kind = question")
        faq_drafts: dict[str, str] = {}
        for kind, text in drafts_raw.items():
            if kind not in FAQ_KINDS:
                raise SessionDataError(
                    f"faq_drafts.{kind}", f"unknown FAQ kind; use one of {', '.join(FAQ_KINDS)}"
                )
            value = _text(text, f"faq_drafts.{kind}")
            if value:
                faq_drafts[kind] = value
        facilitation = Facilitation.from_dict(data)
        comments: list[Comment] = []
        if "comments" in data:
            from .comments import comments_from_dict

            comments = comments_from_dict(data)
        readiness = Readiness.from_dict(data)
        participants = data.pop("participants", [])
        if not isinstance(participants, list):
            raise SessionDataError("participants", "expected a list of names")
        template_version = data.pop("template_version", 1)
        if not isinstance(template_version, int) or isinstance(template_version, bool):
            raise SessionDataError("template_version", "expected a whole number")
        base.whole(template_version, "template_version", minimum=1)
        base.dismissed(data.get("dismissed"), "dismissed")
        session = cls(
            title=title,
            id=_text(data.pop("id", None), "id") or new_id(),
            template_id=_text(data.pop("template", "working-backwards"), "template"),
            template_version=template_version,
            created=_when(data.pop("created", None), "created"),
            updated=_when(data.pop("updated", None), "updated"),
            facilitator=_text(data.pop("facilitator", ""), "facilitator"),
            participants=[_text(p, f"participants[{i}]") for i, p in enumerate(participants)],
            current_step=_text(data.pop("current_step", ""), "current_step"),
            answers=answers,
            faq=faq,
            notes=_text(data.pop("notes", ""), "notes"),
            faq_drafts=faq_drafts,
            facilitation=facilitation,
            comments=comments,
            readiness=readiness,
            extra=data,
        )
        return session


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _text(value: Any, key: str, *, required: bool = False, present: bool = False) -> str:
    """Check loaded text: `present` = the key must exist, `required` = and not be blank."""
    if value is None:
        if required or present:
            raise SessionDataError(key, "is required but missing")
        return ""
    if not isinstance(value, str):
        raise SessionDataError(key, f"expected text, got {_type_name(value)}")
    if required and not value.strip():
        raise SessionDataError(key, "must not be empty")
    return normalise(value)


def _when(value: Any, key: str) -> datetime:
    if value is None:
        return clock.now()
    if not isinstance(value, datetime):
        raise SessionDataError(
            key, f"expected a date-time like 2026-01-31T09:00:00Z, got {_type_name(value)}"
        )
    base.in_range(value, key)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def _type_name(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def iter_text(session: Session) -> Iterable[tuple[str, str]]:
    """Yield `(key, text)` for every piece of user text in the session."""
    for step_id, fields in session.answers.items():
        for field_id, value in fields.items():
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield f"answers.{step_id}.{field_id}[{index}]", item
            else:
                yield f"answers.{step_id}.{field_id}", value
    for index, item in enumerate(session.faq):
        yield f"faq[{index}].question", item.question
        yield f"faq[{index}].answer", item.answer
    for kind, text in session.faq_drafts.items():
        yield f"faq_drafts.{kind}", text
