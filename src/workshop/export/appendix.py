"""Provides the export's session record: how the live session ran (people, time, votes, parking lot, decisions).

The record is the last appendix of the PR/FAQ (left out of a `--clean`
copy). It opens with what the session was (template, last change,
facilitator); then only sections with content appear. It is built as
`export.structure` blocks carrying the user's text as typed, so each format
escapes it its own way and nothing typed can break the outline.
"""

from __future__ import annotations

from datetime import date, datetime

from ..model.live import LiveSession, display_name
from ..model.session import Session
from ..model.template import Template
from ..model.text import plural
from ..model.timer import format_duration
from ..model.voting import Vote
from .structure import (
    Block,
    Heading,
    Inline,
    Items,
    Para,
    Span,
    Table,
    em,
    plain,
    strong,
)

APPENDIX_HEADING = "Appendix: session record"
"""The heading of the session record."""


def _day(when: date | datetime) -> str:
    return f"{when.day} {when:%B %Y}"


def _plural(count: int, word: str) -> str:
    return plural(count, word)


def about(session: Session, template: Template | None) -> Para:
    """One line saying what the session was: template, last change, facilitator, participants."""
    parts = [template.title if template else session.template_id]
    parts.append(f"updated {_day(session.updated)}")
    if session.facilitator.strip():
        parts.append(f"facilitator: {session.facilitator}")
    people = [p for p in session.participants if p.strip()]
    if people:
        parts.append("participants: " + ", ".join(people))
    title = session.title.strip()
    lead = (Span(title, "strong"), Span(" — ")) if title else ()
    return Para(lead + plain(" · ".join(p for p in parts if p.strip())))


def participants_section(live: LiveSession) -> list[Block]:
    """Who took part, and what each contributed."""
    if not live.participants:
        return []
    blocks: list[Block] = [Heading(3, "Participants")]
    if live.session.facilitator:
        blocks.append(Para(plain(f"Facilitated by {live.session.facilitator}.")))
    rows: list[Inline] = []
    for name in live.participants:
        counts = live.contributions(name)
        parts = [
            _plural(counts[key], word)
            for key, word in (
                ("ideas", "idea"),
                ("questions", "question"),
                ("dots", "dot"),
                ("parked", "parked item"),
                ("decisions", "decision owned"),
            )
            if counts[key]
        ]
        rows.append(plain(name + (f" — {', '.join(parts)}" if parts else "")))
    blocks.append(Items(tuple(rows)))
    return blocks


def agenda_section(live: LiveSession) -> list[Block]:
    """Planned vs actual time per step (only once a timer has run)."""
    if not live.timers_used():
        return []
    rows = [row for row in live.agenda() if row.planned or row.actual]
    cells: list[tuple[Inline, ...]] = []
    for row in rows:
        planned = format_duration(row.planned) if row.planned else "—"
        actual = format_duration(row.actual) if row.actual else "—"
        cells.append((plain(row.title), plain(planned), plain(actual)))
    total_planned = sum(row.planned for row in rows)
    total_actual = sum(row.actual for row in rows)
    cells.append(
        (strong("Total"), strong(format_duration(total_planned)), strong(format_duration(total_actual)))
    )
    return [
        Heading(3, "Agenda"),
        Table(("Step", "Planned", "Actual"), tuple(cells), numeric=(False, True, True)),
    ]


def vote_blocks(live: LiveSession, vote: Vote) -> list[Block]:
    """One vote's result: title, status, then options with their dots (ties marked)."""
    status = f"closed {_day(vote.closed.astimezone().date())}" if vote.closed else "still open"
    blocks: list[Block] = [
        Para(
            strong(vote.title)
            + plain(f" — {_plural(vote.dots, 'dot')} each, {_plural(vote.total, 'dot')} cast, {status}")
        )
    ]
    if len(vote.winners()) > 1:
        blocks.append(Para(em("A tie between the top options.")))
    rows = [
        plain(f"{live.option_text(vote, row.option)} — {_plural(row.dots, 'dot')}{' (tied)' if row.tied else ''}")
        for row in vote.tally()
    ]
    if rows:
        blocks.append(Items(tuple(rows)))
    return blocks


def votes_section(live: LiveSession) -> list[Block]:
    """Every vote that received dots."""
    votes = [vote for vote in live.state.votes if vote.total]
    if not votes:
        return []
    blocks: list[Block] = [Heading(3, "Votes")]
    for vote in votes:
        blocks += vote_blocks(live, vote)
    return blocks


def hidden_ideas_section(live: LiveSession) -> list[Block]:
    """Ideas a silent round still holds back (exported so nothing is lost)."""
    ideas = live.all_hidden_ideas()
    if not ideas:
        return []
    rows = tuple(
        plain(f"{idea.text} — {display_name(idea.author)}, {live.step_title(idea.step)}") for idea in ideas
    )
    return [Heading(3, "Ideas not yet revealed"), Items(rows)]


def parking_section(live: LiveSession) -> list[Block]:
    """The parking lot: each point with who raised it and when."""
    items = live.state.parking_lot
    if not items:
        return []
    rows: list[Inline] = []
    for item in items:
        context = []
        if item.author:
            context.append(f"raised by {item.author}")
        if item.step:
            context.append(f"during “{live.step_title(item.step)}”")
        rows.append(plain(item.text) + ((Span(" "), Span(f"({', '.join(context)})", "em")) if context else ()))
    return [Heading(3, "Parking lot"), Items(tuple(rows))]


def decisions_section(live: LiveSession) -> list[Block]:
    """The decision log as a table."""
    items = live.state.decisions
    if not items:
        return []
    with_why = any(item.why for item in items)  # the Why column only when a reason was recorded
    rows = tuple(
        (plain(item.what), *((plain(item.why or "—"),) if with_why else ()), plain(item.door),
         plain(item.owner or "—"), plain(_day(item.date)))
        for item in items
    )
    header = ("Decision", "Why", "Door", "Owner", "Date") if with_why else ("Decision", "Door", "Owner", "Date")
    return [Heading(3, "Decisions"), Table(header, rows)]


def appendix(session: Session, template: Template | None) -> list[Block]:
    """Return the session record: what the session was, then each part of the live session with content."""
    live = LiveSession(session, template)
    blocks: list[Block] = [Heading(2, APPENDIX_HEADING), about(session, template)]
    body: list[Block] = []
    for section in (agenda_section, votes_section, hidden_ideas_section, parking_section, decisions_section):
        body += section(live)
    return blocks + participants_section(live) + body

