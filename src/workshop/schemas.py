"""Provides the JSON Schemas of session and template files, and `workshop schema` to print them.

The schemas (JSON Schema draft 2020-12) ship inside the package, in
`content/schemas/`, so TOML editors that check files against a schema (Taplo,
tombi, editors built on them) can point at them; docs/session-format.md says
how. A test validates every example, fixture and corpus file against them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

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


def cmd_schema(args: argparse.Namespace) -> int:
    """Print a schema (or, with --path, where it is installed)."""
    path = schema_path(args.kind)
    if args.path:
        print(path)
    else:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0


def register(add: Callable[..., Any]) -> None:
    """Add `workshop schema KIND [--path]` to the command line."""
    command = add("schema", cmd_schema, "print the JSON Schema of session or template files")
    command.add_argument("kind", choices=KINDS, help="which file kind")
    command.add_argument(
        "--path", action="store_true", help="print where the schema file is installed instead"
    )


__all__ = ["KINDS", "cmd_schema", "register", "schema_path"]
