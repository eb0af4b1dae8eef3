"""Provides what a participant may ask the host to do: the request format, its checks, and the operations it becomes.

A participant never sends an operation. An operation carries fields only the
host may set (the actor, an item's author, its status, record ids), so the
client sends a small request (`{"id", "kind", ...}`) and the host builds the
operation itself, with the actor forced to the participant's name (or
"anonymous"), the current time, and record ids derived from the request id
(so a request applied twice is found the second time). Anything malformed
raises `RequestError` with a message that is safe to log and to show.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..model import clock
from ..model import live_operations as live_ops
from ..model import operations as ops
from ..model.comments import Comment
from ..model.live import LiveSession
from ..model.operations import Operation
from ..model.session import FaqItem, Session
from ..model.template import FAQ_KINDS, Template
from ..model.text import normalise
from ..safe import shown

KINDS: tuple[str, ...] = ("add_idea", "cast_vote", "retract_vote", "add_question", "suggest_answer", "comment")
"""The only requests a participant can make (drafts travel as shared text, not as requests)."""
MAX_REQUEST_BYTES = 8192
"""A request's JSON may be at most this long."""
MAX_TEXT = 2000
"""Characters in one idea, question, answer or comment."""
MAX_ID = 64
"""Characters in an id a request names."""
ANONYMOUS = "anonymous"
"""How contributions are credited while the room is anonymous."""


class RequestError(ValueError):
    """A request that can't be applied: the message says why (safe to log and show)."""


@dataclass(frozen=True)
class Request:
    """One checked request from a participant."""

    id: str
    """The client's id for it (unique per participant; the host applies each once)."""
    kind: str
    """One of KINDS."""
    fields: dict[str, str]
    """Its fields (strings only), checked for its kind."""


_FIELDS: dict[str, tuple[str, ...]] = {
    "add_idea": ("text", "step_id"),
    "cast_vote": ("vote_id", "option_id"),
    "retract_vote": ("vote_id", "option_id"),
    "add_question": ("faq_kind", "text"),
    "suggest_answer": ("item_id", "text"),
    "comment": ("target", "text"),
}
_OPTIONAL = {("add_idea", "step_id")}
_TEXT_FIELDS = {"text"}


def encode(request_id: str, kind: str, **fields: str) -> str:
    """The JSON text of a request, as the client puts it in its outbox."""
    return json.dumps({"id": request_id, "kind": kind, **fields}, ensure_ascii=False)


def parse(raw: Any) -> Request:
    """Check one outbox entry and return the request.

    Raises:
        RequestError: not a JSON object of a known kind with the right string fields,
            too long, or a text that is empty after cleaning.
    """
    if not isinstance(raw, str):
        raise RequestError(f"a request must be JSON text, not {type(raw).__name__}")
    if len(raw.encode("utf-8", "replace")) > MAX_REQUEST_BYTES:
        raise RequestError(f"request too large (over {MAX_REQUEST_BYTES} bytes)")
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise RequestError(f"request is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise RequestError("a request must be a JSON object")
    request_id, kind = data.get("id"), data.get("kind")
    if not isinstance(request_id, str) or not request_id or len(request_id) > MAX_ID:
        raise RequestError("request without a valid id")
    if kind not in _FIELDS:
        raise RequestError(f"not allowed: {shown(str(kind))[:40]!r}")
    names = _FIELDS[kind]
    unknown = set(data) - set(names) - {"id", "kind"}
    if unknown:
        raise RequestError(f"{kind}: unknown field {shown(sorted(unknown)[0])[:40]!r}")
    fields: dict[str, str] = {}
    for name in names:
        value = data.get(name)
        if value is None and (kind, name) in _OPTIONAL:
            continue
        if not isinstance(value, str):
            raise RequestError(f"{kind}: {name} must be text")
        limit = MAX_TEXT if name in _TEXT_FIELDS else MAX_ID
        if len(value) > limit:
            raise RequestError(f"{kind}: {name} too long (over {limit} characters)")
        if name in _TEXT_FIELDS:
            value = normalise(value).strip()
            if not value:
                raise RequestError(f"{kind}: the text is empty")
        fields[name] = value
    return Request(request_id, kind, fields)


def record_id(prefix: str, participant_id: str, request_id: str) -> str:
    """The id of the record a request creates: the same for the same request, every time."""
    digest = hashlib.sha256(f"{participant_id}\0{request_id}".encode()).hexdigest()[:10]
    return f"{prefix}{digest}"


def already_applied(session: Session, request: Request, participant_id: str) -> bool:
    """True when the record this request creates is already in the session (applied before)."""
    if request.kind == "add_idea":
        wanted = record_id("i-", participant_id, request.id)
        return any(idea.id == wanted for idea in session.facilitation.ideas)
    if request.kind == "add_question":
        return session.find_faq(record_id("q-", participant_id, request.id)) is not None
    if request.kind in ("suggest_answer", "comment"):
        wanted = record_id("c-", participant_id, request.id)
        return any(comment.id == wanted for comment in session.comments)
    return False


def anchors(session: Session, template: Template) -> set[str]:
    """Every comment anchor: the whole document, a stage, a step, an FAQ item."""
    found = {""}
    for stage in template.stages:
        found.add(stage.id)
        found.update(step.id for step in stage.steps)
    found.update(item.id for item in session.faq)
    return found


def anchor_of(target: str) -> str:
    """The comment anchor a client's target names.

    "step:<id>" and "field:<step>/<field>" mean that step (a comment is anchored to a
    step, a stage, an FAQ item or the whole document); "document" or "" the whole
    document; anything else is taken as an anchor itself (a stage or an FAQ item id).
    """
    if target.startswith("step:"):
        return target[5:]
    if target.startswith("field:"):
        return target[6:].split("/", 1)[0]
    return "" if target == "document" else target


def to_operation(
    request: Request,
    *,
    session: Session,
    template: Template,
    participant_id: str,
    actor: str,
    voter: str,
    current_step: str,
) -> Operation:
    """The operation a checked request becomes, built by the host.

    Args:
        actor: Who is credited (the participant's name, or "anonymous").
        voter: The ballot the participant's dots go on (distinct per person, also when anonymous).
        current_step: The step the facilitator is on (ideas without a valid step go there).

    Raises:
        RequestError: the request names something that does not exist or does not fit.
    """
    fields, now = request.fields, clock.now()
    if request.kind == "add_idea":
        return _add_idea(request, session, template, participant_id, actor, current_step)
    if request.kind in ("cast_vote", "retract_vote"):
        vote = next((v for v in session.facilitation.votes if v.id == fields["vote_id"]), None)
        if vote is None:
            raise RequestError("that vote does not exist")
        if vote.option(fields["option_id"]) is None:
            raise RequestError("that vote has no such option")
        if not vote.is_open:
            raise RequestError("the vote is closed")
        cls = ops.CastVote if request.kind == "cast_vote" else ops.RetractVote
        return cls(vote_id=vote.id, option_id=fields["option_id"], voter=voter, actor=actor, at=now)
    if request.kind == "add_question":
        if fields["faq_kind"] not in FAQ_KINDS:
            raise RequestError(f"no FAQ list {shown(fields['faq_kind'])!r}")
        item = FaqItem(
            question=fields["text"], kind=fields["faq_kind"], author=actor,
            id=record_id("q-", participant_id, request.id),
        )
        return ops.AddFaq(item=item.to_dict(), actor=actor, at=now)
    if request.kind == "suggest_answer":
        item = session.find_faq(fields["item_id"])
        if item is None:
            raise RequestError("that question does not exist")
        return _comment(f"Suggested answer: {fields['text']}", item.id, participant_id, request, actor)
    if request.kind == "comment":
        anchor = anchor_of(fields["target"])
        if anchor not in anchors(session, template):
            raise RequestError("nothing to comment on there")
        return _comment(fields["text"], anchor, participant_id, request, actor)
    raise RequestError(f"not allowed: {request.kind!r}")  # parse() let it through: never


def _comment(text: str, anchor: str, participant_id: str, request: Request, actor: str) -> Operation:
    comment = Comment(
        text=text, anchor=anchor, author=actor, created=clock.now(),
        id=record_id("c-", participant_id, request.id),
    )
    return ops.AddComment(comment=comment.to_dict(), actor=actor, at=comment.created)


def _add_idea(
    request: Request, session: Session, template: Template, participant_id: str,
    actor: str, current_step: str,
) -> Operation:
    """An idea (`AddIdea`): held back in a hidden round, else straight into the step's list or FAQ.

    Its id comes from the request, so the same request is found again after a restart.
    """
    live = LiveSession(session, template)
    step_id = request.fields.get("step_id") or current_step
    if live.collect_field(step_id) is None and step_id != current_step:
        step_id = current_step  # the step it was typed on takes no ideas: the facilitator's
    try:
        op = live_ops.add_idea(live, step_id, request.fields["text"], author=actor, actor=actor)
    except ops.OperationError as error:
        raise RequestError(str(error)) from None
    return dataclasses.replace(op, idea={**op.idea, "id": record_id("i-", participant_id, request.id)})
