"""Provides the export's appendix: how the live session ran (people, time, votes, parking lot, decisions).

The appendix follows the PR/FAQ under its own `##` heading, so the document
itself stays clean. Only sections with content appear; a session that never
used the facilitation tools gets no appendix at all. Every piece of user
text passes through `inline`/`block`, so nothing typed can break the outline.
"""

from __future__ import annotations

from datetime import date

from ..model.live import LiveSession, display_name
from ..model.session import Session
from ..model.template import Template
from ..model.text import plural
from ..model.timer import format_duration
from ..model.voting import Vote
from .blocks import Heading, inline

APPENDIX_HEADING = "Appendix: how the session ran"


def _inline(text: str) -> str:
    return inline(text)


def _heading(level: int, text: str) -> str:
    """A heading the export's outline check knows about (see blocks.Heading)."""
    return Heading(level, text)


def _day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


def _plural(count: int, word: str) -> str:
    return plural(count, word)


def participants_section(live: LiveSession) -> list[str]:
    """Who took part, and what each contributed."""
    if not live.participants:
        return []
    lines = [_heading(3, "Participants"), ""]
    if live.session.facilitator:
        lines += [f"Facilitated by {_inline(live.session.facilitator)}.", ""]
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
        detail = f" — {', '.join(parts)}" if parts else ""
        lines.append(f"- {_inline(name)}{detail}")
    lines.append("")
    return lines


def agenda_section(live: LiveSession) -> list[str]:
    """Planned vs actual time per step (only once a timer has run)."""
    if not live.timers_used():
        return []
    rows = [row for row in live.agenda() if row.planned or row.actual]
    lines = [
        _heading(3, "Agenda"),
        "",
        "| Step | Planned | Actual |",
        "| --- | ---: | ---: |",
    ]
    for row in rows:
        planned = format_duration(row.planned) if row.planned else "—"
        actual = format_duration(row.actual) if row.actual else "—"
        lines.append(f"| {_inline(row.title)} | {planned} | {actual} |")
    total_planned = sum(row.planned for row in rows)
    total_actual = sum(row.actual for row in rows)
    lines.append(
        f"| **Total** | **{format_duration(total_planned)}** | **{format_duration(total_actual)}** |"
    )
    lines.append("")
    return lines


def vote_lines(live: LiveSession, vote: Vote) -> list[str]:
    """One vote's result: title, status, then options with their dots (ties marked)."""
    status = (
        f"closed {_day(vote.closed.astimezone().date())}" if vote.closed else "still open"
    )
    lines = [
        f"**{_inline(vote.title)}** — {_plural(vote.dots, 'dot')} each, "
        f"{_plural(vote.total, 'dot')} cast, {status}",
        "",
    ]
    winners = vote.winners()
    if len(winners) > 1:
        lines += ["*A tie between the top options.*", ""]
    for row in vote.tally():
        tie = " (tied)" if row.tied else ""
        text = _inline(live.option_text(vote, row.option))
        lines.append(f"- {text} — {_plural(row.dots, 'dot')}{tie}")
    lines.append("")
    return lines


def votes_section(live: LiveSession) -> list[str]:
    """Every vote that received dots."""
    votes = [vote for vote in live.state.votes if vote.total]
    if not votes:
        return []
    lines = [_heading(3, "Votes"), ""]
    for vote in votes:
        lines += vote_lines(live, vote)
    return lines


def hidden_ideas_section(live: LiveSession) -> list[str]:
    """Ideas a silent round still holds back (exported so nothing is lost)."""
    ideas = live.all_hidden_ideas()
    if not ideas:
        return []
    lines = [_heading(3, "Ideas not yet revealed"), ""]
    for idea in ideas:
        where = _inline(live.step_title(idea.step))
        lines.append(f"- {_inline(idea.text)} — {_inline(display_name(idea.author))}, {where}")
    lines.append("")
    return lines


def parking_section(live: LiveSession) -> list[str]:
    """The parking lot: each point with who raised it and when."""
    items = live.state.parking_lot
    if not items:
        return []
    lines = [_heading(3, "Parking lot"), ""]
    for item in items:
        context = []
        if item.author:
            context.append(f"raised by {_inline(item.author)}")
        if item.step:
            context.append(f"during “{_inline(live.step_title(item.step))}”")
        suffix = f" *({', '.join(context)})*" if context else ""
        lines.append(f"- {_inline(item.text)}{suffix}")
    lines.append("")
    return lines


def decisions_section(live: LiveSession) -> list[str]:
    """The decision log as a table."""
    items = live.state.decisions
    if not items:
        return []
    lines = [
        _heading(3, "Decisions"),
        "",
        "| Decision | Why | Door | Owner | Date |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in items:
        owner = _inline(item.owner) if item.owner else "—"
        why = _inline(item.why) if item.why else "—"
        lines.append(f"| {_inline(item.what)} | {why} | {item.door} | {owner} | {_day(item.date)} |")
    lines.append("")
    return lines


def appendix(session: Session, template: Template | None) -> list[str]:
    """Return the appendix as Markdown lines (empty when there is nothing to report).

    The participants section alone doesn't make an appendix (the export's
    header already names them) unless someone contributed through the
    facilitation tools.
    """
    live = LiveSession(session, template)
    body: list[str] = []
    for section in (
        agenda_section,
        votes_section,
        hidden_ideas_section,
        parking_section,
        decisions_section,
    ):
        body += section(live)
    contributed = any(any(live.contributions(name).values()) for name in live.participants)
    if not body and not contributed:
        return []
    return [_heading(2, APPENDIX_HEADING), ""] + participants_section(live) + body


def appendix_markdown(session: Session, template: Template | None) -> str:
    """Return the appendix as Markdown text ("" when empty)."""
    return "\n".join(appendix(session, template)).rstrip("\n")
