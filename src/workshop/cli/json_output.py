"""Provides `workshop list --format json` and `workshop templates --format json` (docs/scripting.md).

The keys are stable: every object has every key, with `null` where a value
is unknown (a file that can't be read has its `error` and nulls elsewhere),
and `schema_version` is bumped only when a key changes meaning or goes away.
Dates are ISO 8601 with their UTC offset, as stored in the session file.
Paths are as given: the sessions folder as typed (with `~` expanded), joined
with the file name, not resolved. Text goes through `workshop.safe.json_text`
so control characters reach a terminal as `\\uXXXX` escapes only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

SCHEMA_VERSION = 1
"""Version of the `list` and `templates` JSON documents (docs/scripting.md)."""


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """Add `--format text|json` to a listing command."""
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a table for people (default); json: one JSON document for scripts",
    )


def _write(document: dict[str, Any]) -> None:
    from ..safe import json_text

    sys.stdout.write(json_text(document, indent=2) + "\n")


def session_entry(row: Any) -> dict[str, Any]:
    """Return the JSON object for one `store.SessionInfo` row."""
    if row.problem:
        return {
            "name": row.path.stem,
            "path": str(row.path),
            "title": None,
            "template": None,
            "answered": None,
            "total": None,
            "updated": None,
            "error": row.problem,
        }
    known = row.total > 0  # 0 steps: the template is missing, so progress is unknown
    return {
        "name": row.path.stem,
        "path": str(row.path),
        "title": row.title,
        "template": row.template_id,
        "answered": row.answered if known else None,
        "total": row.total if known else None,
        "updated": row.updated.isoformat() if row.updated is not None else None,
        "error": None,
    }


def print_sessions(folder: Path, rows: Sequence[Any]) -> int:
    """Print the `list --format json` document; return the exit code (0)."""
    _write(
        {
            "schema_version": SCHEMA_VERSION,
            "sessions_dir": str(folder),
            "sessions": [session_entry(row) for row in rows],
        }
    )
    return 0


def template_entry(entry: Any) -> dict[str, Any]:
    """Return the JSON object for one `content.TemplateEntry`."""
    template = entry.template
    return {
        "id": template.id if template else None,
        "title": template.title if template else None,
        "version": template.version if template else None,
        "description": template.description if template else None,
        "stages": len(template.stages) if template else None,
        "steps": len(template.steps) if template else None,
        "source": entry.source,
        "path": str(entry.path),
        "error": entry.problem.describe() if entry.problem is not None else None,
    }


def print_templates(entries: Sequence[Any]) -> int:
    """Print the `templates --format json` document; return the exit code (0)."""
    _write(
        {
            "schema_version": SCHEMA_VERSION,
            "templates": [template_entry(entry) for entry in entries],
        }
    )
    return 0
