"""Provides `workshop example`: copy the worked example into the sessions folder and open it."""

from __future__ import annotations

import argparse
from typing import Callable

from ..examples import EXAMPLES, copy_example
from ..storage import paths
from .base import EXIT_OK
from .commands import cmd_open


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the `example` command to the CLI."""
    command = add(
        "example",
        cmd_example,
        "copy the worked example into your sessions folder as a new session and open it",
    )
    command.add_argument(
        "--template", choices=sorted(EXAMPLES), default="working-backwards",
        help="whose worked example: the full Working Backwards session (default) or the one-hour Feature PR/FAQ",
    )
    command.add_argument("--no-open", action="store_true", help="only make the copy and print its path")


def cmd_example(args: argparse.Namespace) -> int:
    """Copy the worked example into the sessions folder; open it, or print its path with --no-open."""
    path = copy_example(paths.sessions_dir(args.sessions_dir), EXAMPLES[args.template])
    if args.no_open:
        print(path)
        return EXIT_OK
    args.ref = str(path)
    return cmd_open(args)  # the same way `workshop open` starts the app
