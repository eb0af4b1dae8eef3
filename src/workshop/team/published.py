"""Provides what the host publishes to each participant (plain JSON data) and the view a client builds from it.

The host writes one JSON text per participant into that participant's own
document (`state["view"]`): only what that person may see. While a silent
round runs it holds their own ideas and the counts of others', never the
others' texts; while a vote is secret it holds their own dots, not the tally.
"""

from __future__ import annotations

import json
import time
from typing import Any

from ..model.comments import FAQ_TITLES
from ..model.live import LiveSession
from ..model.session import Session
from ..model.template import FAQ_KINDS, FieldType, StageKind, Step, Template
from .views import (
    DraftAssignment,
    FaqItemView,
    FaqView,
    IdeaView,
    ParticipantView,
    RoundView,
    TimerView,
    VoteOptionView,
    VoteView,
)

FORMAT = 1
"""The version of the published data."""


def room_state(
    session: Session, template: Template, step_id: str, *,
    locked: bool, anonymous: bool, secret_votes: bool, reviewing: bool = False,
) -> dict[str, Any]:
    """What every participant may see of the session now (the part shared by all).

    `step.kind` says what kind of step it is (`step_kind`), so a participant's
    screen offers only what belongs there; `reviewing` is True while the
    facilitator holds the review meeting (participants may comment then).
    """
    live = LiveSession(session, template)
    anonymous = anonymous or session.facilitation.anonymous  # also when the session file says so
    step = template.step(step_id) if step_id else None
    data: dict[str, Any] = {
        "format": FORMAT, "title": session.title, "locked": locked, "anonymous": anonymous,
        "reviewing": reviewing,
        "step": {"id": step.id, "title": step.title, "question": step.question,
                 "kind": step_kind(template, step), "faq_kinds": step_faq_kinds(step)} if step else None,
        "timer": None, "round": None, "counts": [], "revealed": [], "vote": None,
    }
    if step is not None:
        timer = session.facilitation.timers.get(step.id)
        if timer is not None and (timer.planned or timer.running):
            remaining = timer.remaining_at()
            data["timer"] = {
                "planned": timer.planned, "remaining": remaining, "running": timer.running,
                "deadline": round(time.time() + remaining) if timer.running else None,
            }
        rounds = live.rounds_for(step.id)
        if rounds:
            latest = rounds[-1]
            data["round"] = {"id": latest.id, "open": latest.hidden, "revealed": latest.revealed is not None}
            unnamed = anonymous or latest.anonymous  # an anonymous round shows no names either
            if latest.hidden:
                counts = live.round_counts(latest)
                if unnamed:
                    total = sum(n for _, n in counts)
                    data["counts"] = [["", total]] if total else []
                else:
                    data["counts"] = [[name, n] for name, n in counts]
            else:
                data["revealed"] = [
                    [idea.text, "" if unnamed else idea.author]
                    for idea in session.facilitation.ideas if idea.round == latest.id
                ]
        vote = live.current_vote(step.id)
        if vote is not None:
            hidden = vote.is_open and (anonymous or secret_votes or vote.secret)
            data["vote"] = {
                "id": vote.id, "title": vote.title, "dots": vote.dots, "closed": not vote.is_open,
                "options": [[o.id, live.option_text(vote, o)] for o in vote.options],
                "tally": None if hidden else {o.id: vote.count(o.id) for o in vote.options},
                "ballots": {voter: list(ballot) for voter, ballot in vote.ballots.items()},
            }
    data["faq"] = [
        {
            "kind": kind, "title": FAQ_TITLES.get(kind, kind),
            "items": [
                {"id": i.id, "question": i.question, "answer": i.answer,
                 "author": "" if anonymous else i.author}
                for i in session.faq_items(kind)
            ],
        }
        for kind in FAQ_KINDS
    ]
    return data


def section_label(step_title: str, field_label: str) -> str:
    """How an assigned section is named: "Headline: Subheading", or once when both say the same."""
    if field_label.strip().casefold() == step_title.strip().casefold():
        return step_title
    return f"{step_title}: {field_label}"


def step_faq_kinds(step: Step) -> list[str]:
    """The FAQ kinds (`customer`, `internal`) whose lists this step asks for, in field order."""
    kinds: list[str] = []
    for field in step.fields:
        if field.type is FieldType.FAQ and field.faq_kind in FAQ_KINDS and field.faq_kind not in kinds:
            kinds.append(field.faq_kind)
    return kinds


def step_kind(template: Template, step: Step) -> str:
    """What kind of step it is for a participant: "faq" (it holds FAQ lists), "press_release"
    (a section of the press release) or "questions" (a plain question)."""
    if step_faq_kinds(step):
        return "faq"
    stage = template.stage_of(step.id)
    if stage is not None and stage.kind is StageKind.PRESS_RELEASE:
        return "press_release"
    return "questions"


def personal_state(
    room: dict[str, Any], session: Session, template: Template, *,
    idea_ids: set[str], voter: str, assigned: list[str],
) -> dict[str, Any]:
    """The room state completed for one participant: their ideas, their dots, their section."""
    data = dict(room)
    step = room["step"]["id"] if room["step"] else ""
    data["my_ideas"] = [
        idea.text for idea in session.facilitation.ideas if idea.id in idea_ids and idea.step == step
    ]
    vote = room["vote"]
    if vote is not None:
        vote = dict(vote)
        mine: dict[str, int] = {}
        for option_id in vote["ballots"].get(voter, []):
            mine[option_id] = mine.get(option_id, 0) + 1
        vote["mine"] = mine
        del vote["ballots"]
        data["vote"] = vote
    data["assigned"] = None
    if len(assigned) == 2:
        found = template.step(assigned[0])
        field = found.field(assigned[1]) if found else None
        label = section_label(found.title, field.label) if found and field else "/".join(assigned)
        data["assigned"] = {"step_id": assigned[0], "field_id": assigned[1], "label": label}
    return data


def encode(data: dict[str, Any]) -> str:
    """The JSON text written into a participant's document."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def view_of(
    raw: str | None, *, name: str, connected: bool, pending_ideas: list[str], pending: int,
    last_error: str, removed: bool = False,
) -> ParticipantView:
    """A participant's view from the published JSON (defensive: a bad value gives an empty part)."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    step = data.get("step") or {}
    timer = data.get("timer")
    round_ = data.get("round")
    vote = data.get("vote")
    assigned = data.get("assigned")
    try:
        return ParticipantView(
            name=name, connected=connected, removed=removed, ended=bool(data.get("ended")),
            session_title=str(data.get("title", "")),
            step_id=str(step.get("id", "")), step_title=str(step.get("title", "")),
            question=str(step.get("question", "")),
            step_kind=str(step.get("kind", "")),
            faq_kinds=tuple(str(k) for k in step.get("faq_kinds", ())),
            reviewing=bool(data.get("reviewing")),
            timer=TimerView(
                planned=int(timer["planned"]), remaining=int(timer["remaining"]),
                running=bool(timer["running"]),
                deadline=float(timer["deadline"]) if timer.get("deadline") is not None else None,
            ) if timer else None,
            round=RoundView(str(round_["id"]), bool(round_["open"]), bool(round_["revealed"]))
            if round_ else None,
            my_ideas=(*[str(t) for t in data.get("my_ideas", [])], *pending_ideas),
            counts_by_author=tuple((str(n), int(c)) for n, c in data.get("counts", [])),
            revealed_ideas=tuple(IdeaView(str(t), str(a)) for t, a in data.get("revealed", [])),
            vote=VoteView(
                id=str(vote["id"]), title=str(vote["title"]),
                options=tuple(VoteOptionView(str(i), str(t)) for i, t in vote["options"]),
                dots=int(vote["dots"]), my_dots={str(k): int(v) for k, v in vote.get("mine", {}).items()},
                closed=bool(vote["closed"]),
                tally={str(k): int(v) for k, v in vote["tally"].items()} if vote.get("tally") is not None else None,
            ) if vote else None,
            faq=tuple(
                FaqView(str(f["kind"]), str(f["title"]), tuple(
                    FaqItemView(str(i["id"]), str(i["question"]), str(i.get("answer", "")),
                                str(i.get("author", "")))
                    for i in f.get("items", [])
                ))
                for f in data.get("faq", [])
            ),
            assigned=DraftAssignment(str(assigned["step_id"]), str(assigned["field_id"]),
                                     str(assigned.get("label", ""))) if assigned else None,
            locked=bool(data.get("locked")), anonymous=bool(data.get("anonymous")),
            pending=pending, last_error=last_error,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return ParticipantView(name=name, connected=connected, removed=removed, pending=pending,
                               last_error=last_error)
