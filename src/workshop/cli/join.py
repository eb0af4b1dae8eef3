"""Provides `workshop join URL [--name NAME]`: take part in a hosted session from this terminal."""

from __future__ import annotations

import argparse
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from .base import EXIT_USAGE, CliError


def check_url(url: str) -> str:
    """Return the join link, or raise CliError saying what is wrong with it."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CliError(
            f"{url!r} is not a join link; it looks like http://HOST:PORT/?t=TOKEN "
            "(the facilitator gets it with `workshop link`)",
            EXIT_USAGE,
        )
    if not parse_qs(parts.query).get("t"):
        raise CliError(
            f"the link {url!r} has no token (?t=…); copy the whole link from the facilitator",
            EXIT_USAGE,
        )
    return url


def check_name(name: str) -> str:
    """Return the cleaned name, or raise CliError."""
    from ..screens.participant import clean_name

    cleaned = clean_name(name)
    if not cleaned:
        raise CliError("--name needs a name with at least one letter or digit", EXIT_USAGE)
    return cleaned


def cmd_join(args: argparse.Namespace) -> int:
    """Open the participant's view of a hosted session."""
    url = check_url(args.url)
    name = check_name(args.name) if args.name is not None else None
    from ..participant import run_participant

    return run_participant(url, name)


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the `join` command to the CLI."""
    command = add("join", cmd_join, "join a hosted session as a participant (the link comes from the facilitator)")
    command.add_argument("url", metavar="URL", help="the join link, http://HOST:PORT/?t=TOKEN")
    command.add_argument("--name", metavar="NAME", help="your name as the others see it (asked when left out)")
