"""Provides `workshop schema KIND [--path]`: print the JSON Schema of session or template files."""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from ..schemas import KINDS, schema_path
from .base import EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print a schema (or, with --path, where it is installed)."""
    path = schema_path(args.kind)
    if args.path:
        print(path)
    else:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    return EXIT_OK


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `workshop schema KIND [--path]` to the command line."""
    command = add("schema", cmd_schema, "print the JSON Schema of session or template files")
    command.add_argument("kind", choices=KINDS, help="which file kind")
    command.add_argument(
        "--path", action="store_true", help="print where the schema file is installed instead"
    )
