"""Provides the JSON Schemas of session and template files (`workshop schema` prints them: cli/schema.py).

The schemas (JSON Schema draft 2020-12) ship inside the package, in
`content/schemas/`, so TOML editors that check files against a schema (Taplo,
tombi, editors built on them) can point at them; docs/session-format.md says
how. A test validates every example, fixture and corpus file against them.
"""

from __future__ import annotations

from pathlib import Path

KINDS = ("session", "template")
"""The file kinds that have a schema."""


def schema_path(kind: str) -> Path:
    """Return the schema file for `session` or `template` files.

    Raises:
        ValueError: for another kind.
    """
    from .content import builtin_dir

    if kind not in KINDS:
        raise ValueError(f"no schema for {kind!r}: choose one of {', '.join(KINDS)}")
    return builtin_dir() / "schemas" / f"{kind}.schema.json"


__all__ = ["KINDS", "schema_path"]
