"""Provides the `workshop check` command: the writing checks as a linter, for people and CI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..model.text import plural
from ..storage import listing, paths
from .base import CliError

if TYPE_CHECKING:
    from ..coach.findings import Finding, Report

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
        "ref", metavar="REF", help="a file path, a file name in the sessions folder, a title, or the unique beginning of a name or title"
    )
    check.add_argument(
        "--format",
        choices=("text", "concise", "json", "github"),
        default="text",
        help="text: findings grouped by rule, `path:line:col` and the words, the rule's "
        "explanation once (default); concise: one `path:line:col: rule-id severity: message` "
        "line per finding; json: for machines; github: GitHub Actions annotations",
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
    return CliError(message, code=EXIT_UNREADABLE)


def _load(args: argparse.Namespace) -> tuple[Any, Path, Any, Any]:
    """Find and read the session, its template and the rules; any failure exits 2."""
    from .. import content, store
    from ..coach.rules import load_rules
    from ..storage.tomlio import FileProblem

    try:
        path = listing.find(args.ref, paths.sessions_dir(args.sessions_dir))
        session = store.load(path)
    except FileProblem as problem:
        raise _unreadable(problem.describe()) from None
    except LookupError as error:  # listing.NotFound
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
    from ..coach.dismissed import dismissals
    from ..coach.score import readiness
    from ..coach.writing_checks import run_report
    from ..safe import json_text

    session, path, template, rules = _load(args)
    report = run_report(session, template, rules)
    code = report.exit_code(strict=args.strict)
    shown_path = display_path(path)
    places = file_places(path, report)
    ready = readiness(report, rules)
    if args.format == "json":
        reasons = {d.fingerprint: d for d in dismissals(session)}
        data = report_json(
            report, path=shown_path, session=session, rules=rules, exit_code=code,
            places=places, ready=ready,
        )
        for entry in data["dismissed"]:
            item = reasons.get(entry["fingerprint"])
            entry["reason"] = item.reason if item else ""
            entry["when"] = item.when.isoformat() if item and item.when else ""
        sys.stdout.write(json_text(data, indent=2) + "\n")  # C1 as \u escapes, not raw
        return code
    if args.format == "github":
        for finding in report.findings:
            print(github_line(shown_path, finding, places[id(finding)]))
        print(summary_line(shown_path, report, ready))
        return code
    if args.format == "concise":
        for finding in report.findings:
            print(text_line(shown_path, finding, fingerprint=args.fingerprints, place=places[id(finding)]))
        print(summary_line(shown_path, report, ready))
        return code
    for line in grouped_lines(shown_path, report, rules, places, fingerprint=args.fingerprints):
        print(line)
    print(summary_line(shown_path, report, ready))
    return code


WIDTH = 80
"""Text output fits a terminal this wide (a long path or word may still run over)."""

Place = tuple[int, int, int, int]
"""A finding's (line, column, end line, end column) in the session file."""


def display_path(path: Path | str) -> str:
    """The path as the user would type it from here: relative to the working directory."""
    import os

    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def file_places(path: Path, report: Report) -> dict[int, Place]:
    """Each finding's place in the session file (by `id(finding)`); line 1 if unreadable."""
    from ..coach.filepos import scan

    findings = [*report.findings, *report.dismissed]
    try:
        positions = scan(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {id(f): (1, 1, 1, 1) for f in findings}
    return {id(f): positions.place(f) for f in findings}


def _one_line(text: str) -> str:
    from ..safe import shown

    return " ".join("".join(c if c.isprintable() else " " for c in shown(text)).split())


def _where(finding: Finding) -> str:
    """The finding's place in the session's words: `pr-problem.problem`, `faq-customer Q3 answer`."""
    if finding.item_label:
        return f"{finding.step_id} {finding.item_label} {finding.part}".strip()
    if finding.field_id and finding.step_id:
        return f"{finding.step_id}.{finding.field_id}"
    return finding.field_id or finding.step_id or finding.stage_id


def text_line(path: str, finding: Finding, *, fingerprint: bool = False, place: Place | None = None) -> str:
    """Return `path:line:col: rule-id severity: message — try: suggestion` (one line)."""
    line, column = (place or (1, 1))[:2]
    text = f"{path}:{line}:{column}: {finding.rule_id} {finding.severity}: {_one_line(finding.message)}"
    if finding.suggestion:
        text += f" — try: {_one_line(finding.suggestion)}"
    if fingerprint:
        text += f" [{finding.fingerprint}]"
    return text


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_line(path: str, finding: Finding, place: Place) -> str:
    """Return a GitHub Actions annotation: `::warning file=…,line=…,col=…::message`."""
    line, column, end_line, end_column = place
    props = f"file={_github_escape(path, prop=True)},line={line},col={column}"
    if end_line > line or end_column > column:
        props += f",endLine={end_line},endColumn={end_column}"
    props += f",title={_github_escape(finding.rule_id, prop=True)}"
    message = _one_line(finding.message)
    if finding.suggestion:
        message += f" — try: {_one_line(finding.suggestion)}"
    return f"::{_GITHUB_LEVEL[finding.severity]} {props}::{_github_escape(message)}"


def _wrap(text: str, first: str, rest: str) -> list[str]:
    import textwrap

    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest,
        break_long_words=False, break_on_hyphens=False,
    ) or [first.rstrip()]


def _explained(rule: Any, findings: list[Finding], template: str, attribute: str) -> str | None:
    """The rule's message (or suggestion) once for the group, or None when it differs
    by more than the offending words (then each line carries its own)."""
    texts = {getattr(f, attribute) for f in findings}
    if len(texts) == 1:
        return texts.pop()
    if rule is None:
        return None
    if all(rule.render(template, {"words": f.excerpt}) == getattr(f, attribute) for f in findings):
        return rule.render(template, {"words": "…"})
    return None


def grouped_lines(
    path: str, report: Report, rules: Any, places: dict[int, Place], *, fingerprint: bool = False
) -> list[str]:
    """The text output: findings grouped by rule (errors first), like ruff.

    Each group has a heading (rule id, severity, count), one line per finding
    (`path:line:col`, the offending words and where they are in the session),
    then once the rule's explanation (`why:`) and suggestion (`try:`). Lines fit
    80 columns.
    """
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.rule_id, []).append(finding)
    order = sorted(groups, key=lambda r: (_SEVERITY_ORDER[groups[r][0].severity], report.findings.index(groups[r][0])))
    out: list[str] = []
    for rule_id in order:
        findings = groups[rule_id]
        rule = rules.rules.get(rule_id) if rules is not None else None
        why = _explained(rule, findings, rule.message if rule else "", "message")
        tip = _explained(rule, findings, rule.suggestion if rule else "", "suggestion")
        count = len(findings)
        out.append(f"{rule_id} ({findings[0].severity}): {plural(count, 'finding')}")
        for finding in findings:
            line, column = places[id(finding)][:2]
            if why is None:
                detail = _one_line(finding.message)
            elif finding.excerpt and finding.line:
                detail = f"\"{_one_line(finding.excerpt)}\""
            else:
                detail = ""
            where = _where(finding)
            detail = f"{detail} ({where})" if detail and where else (detail or where)
            if tip is None and finding.suggestion:
                detail += f" — try: {_one_line(finding.suggestion)}"
            if fingerprint:
                detail += f" [{finding.fingerprint}]"
            where_in_file = f"  {path}:{line}:{column}"
            if len(where_in_file) + 2 + len(detail) <= WIDTH:
                out.append(f"{where_in_file}  {detail}")
            else:  # the words on their own lines under the place, not split after it
                out.append(where_in_file)
                out += _wrap(detail, "      ", "      ")
        if why:
            out += _wrap(_one_line(why), "  why: ", "       ")
        if tip:
            out += _wrap(_one_line(tip), "  try: ", "       ")
        out.append("")
    return out


def summary_line(path: str, report: Report, ready: Any = None) -> str:
    """Return the closing lines: counts, readiness, and the press-release and FAQ numbers."""
    s = report.stats

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    counts = (
        f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}, "
        f"{report.infos} info ({len(report.dismissed)} dismissed)"
    )
    head = f"{path}: {counts}"
    parts = []
    if len(head) > WIDTH:
        head, parts = f"{path}:", [counts]
    if ready is not None:
        parts.append(
            f"readiness {ready.score}/100, {ready.per_1000_words:g} findings per 1,000 words "
            f"({plural(ready.words, 'word')})"
        )
    parts.append(
        f"press release {s.press_release_words}/{plural(s.press_release_word_limit, 'word')}"
        + (f", grade {s.readability_grade:.1f}" if s.readability_grade is not None else "")
    )
    parts.append(
        f"FAQ {plural(s.faq_questions, 'question')}, {plural(s.faq_words, 'word')} "
        f"({s.faq_pages:g} of {s.faq_max_pages:g} pages)"
    )
    return "\n".join([head, *("  " + part for part in parts)])


def rule_sources(rules: Any) -> list[str]:
    """The rules files for people: `builtin:writing.toml`, then a team file's path as given."""
    from ..coach.rules import builtin_rules_path

    builtin = str(builtin_rules_path())
    return [
        f"builtin:{Path(source).name}" if source == builtin else display_path(source)
        for source in rules.sources
    ]


def report_json(
    report: Report, *, path: str, session: Any, rules: Any, exit_code: int,
    places: dict[int, Place] | None = None, ready: Any = None,
) -> dict[str, Any]:
    """Return the JSON document `workshop check --format json` prints (docs/coach.md)."""
    places = places or {}

    def entry(finding: Finding) -> dict[str, Any]:
        data = finding.to_dict()
        line, column, end_line, end_column = places.get(id(finding), (1, 1, 1, 1))
        data.update(file_line=line, file_column=column, file_end_line=end_line, file_end_column=end_column)
        return data

    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "path": path,
        "session": {"id": session.id, "title": session.title, "template": session.template_id},
        "rules": rule_sources(rules),
        "readiness": ready.to_dict() if ready is not None else None,
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "info": report.infos,
            "dismissed": len(report.dismissed),
            "exit_code": exit_code,
        },
        "stats": report.stats.to_dict(),
        "findings": [entry(finding) for finding in report.findings],
        "dismissed": [entry(finding) for finding in report.dismissed],
    }
