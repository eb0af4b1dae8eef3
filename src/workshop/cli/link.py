"""Provides `workshop link REF`: print the join link of the session's running host."""

from __future__ import annotations

import argparse
from typing import Callable

from ..storage import listing, paths
from .base import EXIT_OK, CliError


def cmd_link(args: argparse.Namespace) -> int:
    """Print the join link on one line; exit 1 when no host serves the session."""
    from ..team.host import running_link

    path = listing.find(args.ref, paths.sessions_dir(args.sessions_dir))
    link = running_link(path)
    if not link:
        raise CliError(
            f"no host is serving {path.name} on this computer. Start one with: "
            f"workshop host {path.stem}"
        )
    print(link)
    return EXIT_OK


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the `link` command to the CLI."""
    command = add("link", cmd_link, "print the join link of a session being hosted (to paste into a chat)")
    command.add_argument("ref", metavar="REF", help="a file path, a file name in the sessions folder, or a title")
