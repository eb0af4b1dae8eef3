"""Provides the writing coach: offline, deterministic checks of a session's writing.

Public API (see docs/coach.md). Everything here is pure and never imports
textual; the check functions only read the session, so the app can run them
in a thread worker:

- `load_rules(path=None) -> Rules`: the built-in rules, with a team's file laid over them.
- `run_checks(session, template, rules=None) -> list[Finding]`: every rule, dismissed left out.
- `run_report(session, template, rules=None) -> Report`: findings, dismissed ones and stats.
- `take_snapshot(session, template) -> Snapshot` then `check_snapshot(snapshot, rules) -> Report`:
  the same in two halves, the first on the UI thread, the second in a worker.
- `check_field(session, template, step_id, field_id, rules=None) -> list[Finding]`: one field, fast.
- `check_text(text, rules=None, scope=..., role=...) -> list[Finding]`: text with no session.
- `warm_up(rules=None) -> Rules`: do the first check's one-time work (in a worker at start-up).
- `dismiss(session, finding, reason)`, `undismiss(session, fingerprint)`,
  `is_dismissed(session, finding)`, `dismissals(session)`: dismissals kept in the session.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "check_field": "writing_checks",
    "check_snapshot": "writing_checks",
    "check_text": "writing_checks",
    "run_checks": "writing_checks",
    "run_report": "writing_checks",
    "warm_up": "writing_checks",
    "Dismissal": "dismissed",
    "dismiss": "dismissed",
    "dismissals": "dismissed",
    "is_dismissed": "dismissed",
    "undismiss": "dismissed",
    "SCOPES": "findings",
    "SEVERITIES": "findings",
    "Finding": "findings",
    "Report": "findings",
    "Stats": "findings",
    "worst": "findings",
    "Rule": "rules",
    "Rules": "rules",
    "builtin_rules_path": "rules",
    "load_rules": "rules",
    "Snapshot": "snapshot",
    "take_snapshot": "snapshot",
}
"""Public name -> submodule. Imported on first use, so `workshop --help` and the
app's start-up don't pay for the coach until it is needed."""

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .dismissed import Dismissal, dismiss, dismissals, is_dismissed, undismiss
    from .findings import SCOPES, SEVERITIES, Finding, Report, Stats, worst
    from .rules import Rule, Rules, builtin_rules_path, load_rules
    from .snapshot import Snapshot, take_snapshot
    from .writing_checks import (
        check_field,
        check_snapshot,
        check_text,
        run_checks,
        run_report,
        warm_up,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
