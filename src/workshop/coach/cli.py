"""Provides the `workshop check` command: the writing checks as a linter, for people and CI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .findings import Finding, Report

JSON_SCHEMA_VERSION = 1
"""Version of `workshop check --format json` output (see docs/coach.md)."""

EXIT_CLEAN = 0
"""No errors (and, with --strict, no warnings)."""
EXIT_FINDINGS = 1
"""Errors found (or warnings, with --strict)."""
EXIT_UNREADABLE = 2
"""The session, its template or the rules file could not be read."""


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the `check` command to the CLI."""
    check = add(
        "check",
        cmd_check,
        "check a session's writing like a linter (exit 0 clean, 1 errors, 2 unreadable)",
    )
    check.add_argument(
        "ref", metavar="REF", help="a file path, a file name in the sessions folder, or a title"
    )
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one `path: step.field:line: rule-id message` line per finding (default); "
        "json: for machines",
    )
    check.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too, not only on errors"
    )
    check.add_argument(
        "--rules",
        metavar="FILE",
        help="a rules file laid over the built-in rules (only the keys it sets change)",
    )
    check.add_argument(
        "--fingerprints",
        action="store_true",
        help="end each text line with the finding's fingerprint (to dismiss it in the session file)",
    )


def _unreadable(message: str) -> Exception:
    from ..cli import CliError

    return CliError(message, code=EXIT_UNREADABLE)


def _load(args: argparse.Namespace) -> tuple[Any, Path, Any, Any]:
    """Find and read the session, its template and the rules; any failure exits 2."""
    from .. import content, store
    from ..tomlio import FileProblem
    from .rules import load_rules

    try:
        path = store.find(args.ref, store.sessions_dir(args.sessions_dir))
        session = store.load(path)
    except FileProblem as problem:
        raise _unreadable(problem.describe()) from None
    except LookupError as error:  # store.NotFound
        raise _unreadable(str(error)) from None
    try:
        template = content.resolve_id(session.template_id)
    except FileProblem as problem:
        raise _unreadable(f"{path}: its template can't be read: {problem.describe()}") from None
    except LookupError as error:
        raise _unreadable(f"{path}: can't check without its template: {error}") from None
    try:
        rules = load_rules(args.rules)
    except FileProblem as problem:
        raise _unreadable(problem.describe()) from None
    return session, path, template, rules


def cmd_check(args: argparse.Namespace) -> int:
    """Run the writing checks on one session and print the findings."""
    from ..safe import json_text
    from .checks import run_report
    from .dismissed import dismissals

    session, path, template, rules = _load(args)
    report = run_report(session, template, rules)
    code = report.exit_code(strict=args.strict)
    if args.format == "json":
        reasons = {d.fingerprint: d for d in dismissals(session)}
        data = report_json(report, path=str(path), session=session, rules=rules, exit_code=code)
        for entry in data["dismissed"]:
            item = reasons.get(entry["fingerprint"])
            entry["reason"] = item.reason if item else ""
            entry["when"] = item.when.isoformat() if item and item.when else ""
        sys.stdout.write(json_text(data, indent=2) + "\n")  # C1 as \u escapes, not raw
        return code
    for finding in report.findings:
        print(text_line(str(path), finding, fingerprint=args.fingerprints))
    print(summary_line(str(path), report))
    return code


def _one_line(text: str) -> str:
    from ..safe import shown

    return " ".join("".join(c if c.isprintable() else " " for c in shown(text)).split())


def text_line(path: str, finding: Finding, *, fingerprint: bool = False) -> str:
    """Return `path: step.field:line: rule-id severity: message — try: suggestion`."""
    line = f"{path}: {finding.location}: {finding.rule_id} {finding.severity}: {_one_line(finding.message)}"
    if finding.suggestion:
        line += f" — try: {_one_line(finding.suggestion)}"
    if fingerprint:
        line += f" [{finding.fingerprint}]"
    return line


def summary_line(path: str, report: Report) -> str:
    """Return the closing line: counts and the press-release and FAQ numbers."""
    s = report.stats

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    parts = [
        f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}, "
        f"{report.infos} info ({len(report.dismissed)} dismissed)",
        f"press release {s.press_release_words}/{s.press_release_word_limit} words"
        + (f", grade {s.readability_grade:.1f}" if s.readability_grade is not None else ""),
        f"FAQ {s.faq_questions} questions, {s.faq_words} words "
        f"({s.faq_pages:g} of {s.faq_max_pages:g} pages)",
    ]
    return f"{path}: " + "; ".join(parts)


def report_json(
    report: Report, *, path: str, session: Any, rules: Any, exit_code: int
) -> dict[str, Any]:
    """Return the JSON document `workshop check --format json` prints (docs/coach.md)."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "path": path,
        "session": {"id": session.id, "title": session.title, "template": session.template_id},
        "rules": list(rules.sources),
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "info": report.infos,
            "dismissed": len(report.dismissed),
            "exit_code": exit_code,
        },
        "stats": report.stats.to_dict(),
        "findings": [finding.to_dict() for finding in report.findings],
        "dismissed": [finding.to_dict() for finding in report.dismissed],
    }
