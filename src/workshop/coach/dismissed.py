"""Provides dismissed findings, kept per session in `Session.extra["dismissed"]`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..model import clock
from ..model.operations import SetDismissed, apply
from ..model.session import Session
from ..model.text import normalise
from .findings import Finding

EXTRA_KEY = "dismissed"
"""The session's top-level key for dismissals (an array of tables, `[[dismissed]]`)."""


@dataclass(frozen=True)
class Dismissal:
    """A finding someone decided to keep, and why."""

    fingerprint: str
    """The finding's fingerprint (Finding.fingerprint)."""
    rule: str = ""
    """The rule id, for people reading the file."""
    step: str = ""
    """The step id, for people reading the file."""
    reason: str = ""
    """Why the finding does not apply."""
    when: datetime | None = None
    """When it was dismissed."""

    def to_dict(self) -> dict[str, Any]:
        """Return the dismissal as TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "step": self.step,
            "reason": self.reason,
        }
        if self.when is not None:
            data["when"] = self.when
        return data


def _raw(session: Session) -> list[Any]:
    value = session.extra.get(EXTRA_KEY)
    return value if isinstance(value, list) else []


def dismissals(session: Session) -> list[Dismissal]:
    """Return the session's dismissals.

    Entries that are not tables with a text fingerprint (a hand-edit gone
    wrong) are skipped here but left untouched in the session, so nothing in
    the file is lost.
    """
    found: list[Dismissal] = []
    for entry in _raw(session):
        if not isinstance(entry, dict):
            continue
        fingerprint = entry.get("fingerprint")
        if not isinstance(fingerprint, str) or not fingerprint.strip():
            continue
        when = entry.get("when")
        found.append(
            Dismissal(
                fingerprint=fingerprint.strip(),
                rule=_str(entry.get("rule")),
                step=_str(entry.get("step")),
                reason=_str(entry.get("reason")),
                when=when if isinstance(when, datetime) else None,
            )
        )
    return found


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def dismissed_fingerprints(session: Session) -> frozenset[str]:
    """The fingerprints of every dismissed finding."""
    return frozenset(item.fingerprint for item in dismissals(session))


def is_dismissed(session: Session, finding: Finding) -> bool:
    """True when `finding` has been dismissed in `session`."""
    return finding.fingerprint in dismissed_fingerprints(session)


def dismiss_operation(
    session: Session, finding: Finding, reason: str, *, actor: str = ""
) -> tuple[Dismissal, SetDismissed]:
    """The dismissal of `finding` with a reason, and the operation that records it.

    Submit the operation to the document's dispatcher (or `apply` it).
    Dismissing an already dismissed finding replaces its reason.

    Raises:
        ValueError: when `reason` is empty, or the session's `dismissed` key
            holds something other than a list (a hand-edit; it is not overwritten).
    """
    current = session.extra.get(EXTRA_KEY)
    if current is not None and not isinstance(current, list):
        raise ValueError(
            f"the session's {EXTRA_KEY!r} key is not a list of [[{EXTRA_KEY}]] tables; "
            "fix it in the file before dismissing findings"
        )
    reason = " ".join(normalise(reason).split())
    if not reason:
        raise ValueError("give a reason for dismissing the finding (it is kept in the session)")
    item = Dismissal(
        fingerprint=finding.fingerprint,
        rule=finding.rule_id,
        step=finding.step_id,
        reason=reason,
        when=clock.now(),
    )
    entries = [
        entry
        for entry in _raw(session)
        if not (isinstance(entry, dict) and entry.get("fingerprint") == item.fingerprint)
    ]
    entries.append(item.to_dict())
    return item, SetDismissed(entries=entries, actor=actor, at=item.when or clock.now())


def dismiss(session: Session, finding: Finding, reason: str) -> Dismissal:
    """Dismiss `finding` in `session` with a reason (applied at once; the app submits
    `dismiss_operation` to its dispatcher instead, for undo).

    Raises:
        ValueError: see `dismiss_operation`.
    """
    item, op = dismiss_operation(session, finding, reason)
    apply(session, op)
    return item


def undismiss_operation(
    session: Session, fingerprint: str, *, actor: str = ""
) -> SetDismissed | None:
    """The operation that brings back a dismissed finding (None: it is not dismissed)."""
    entries = _raw(session)
    kept = [
        entry
        for entry in entries
        if not (isinstance(entry, dict) and entry.get("fingerprint") == fingerprint)
    ]
    if len(kept) == len(entries):
        return None
    return SetDismissed(entries=kept, actor=actor)


def undismiss(session: Session, fingerprint: str) -> bool:
    """Bring back a dismissed finding; return True if there was one to bring back."""
    op = undismiss_operation(session, fingerprint)
    return op is not None and apply(session, op) is not None
