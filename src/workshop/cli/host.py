"""Provides `workshop host REF [--port N] [--bind ADDR]`: open a session and serve it to a team."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path
from typing import Callable

from ..storage import listing, paths
from .base import EXIT_USAGE, CliError

DEFAULT_BIND = "127.0.0.1"
"""Only this machine can join unless --bind says otherwise."""


def is_loopback(address: str) -> bool:
    """True when `address` only accepts connections from this machine."""
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def bind_warning(address: str) -> str | None:
    """The warning `workshop host` prints for `address` (None on loopback)."""
    if is_loopback(address):
        return None
    where = "every network this computer is on" if address in ("0.0.0.0", "::") else f"the network of {address}"
    return (
        f"warning: serving on {where}: anyone on that network who has the join link can join "
        "this session and add to it. Share the link only with the people in the room; "
        "`workshop host` without --bind serves this computer only."
    )


def port_number(text: str) -> int:
    """argparse type: a TCP port, 0 (a free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0-65535)")
    return value


def previous_port(session_path: Path) -> int:
    """The port this session was last served on when that host did not stop cleanly (0: none).

    A host that crashed leaves its link file behind; serving on the same port
    again lets the participants' apps, which keep retrying that address,
    reconnect by themselves.
    """
    import json
    from urllib.parse import urlsplit

    from ..team import registry

    session_id = registry.session_id_of(session_path)
    if session_id is None:
        return 0
    try:
        folder = registry.state_dir_for(session_id, session_path)
        data = json.loads((folder / registry.LINK_FILE).read_text(encoding="utf-8"))
        return int(urlsplit(str(data["url"])).port or 0)
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def cmd_host(args: argparse.Namespace) -> int:
    """Open the session like `workshop open` and serve it to participants."""
    from ..document import OpenDocument

    folder = paths.sessions_dir(args.sessions_dir)
    path = listing.find(args.ref, folder)
    bind = args.bind or DEFAULT_BIND
    if not bind.strip():
        raise CliError("--bind needs an address, e.g. 127.0.0.1 or 0.0.0.0", EXIT_USAGE)
    warning = bind_warning(bind)
    if warning:
        print(warning, file=sys.stderr)
    # Settled now (backup and lock): a session another window has open would be read-only here,
    # and what participants add could not be saved. Said before the TUI starts.
    document = OpenDocument.open(path)
    if document.read_only:
        holder = document.holder.describe() if document.holder is not None else "another window"
        document.close()
        raise CliError(
            f"{path} is open in another window ({holder}), so nothing participants add could be "
            "saved here. Close it there, then run `workshop host` again."
        )
    if args.port is None:  # the port of a host that crashed, so participants reconnect; else a free one
        options_port, any_port = previous_port(path), True
    else:
        options_port, any_port = args.port, False
    try:
        from functools import partial

        from ..app import run
        from ..host_app import HostApp, TeamOptions

        options = TeamOptions(bind=bind, port=options_port, any_port=any_port)

        return run(
            sessions_dir=folder,
            session_path=path,
            document=document,
            make_app=partial(HostApp, team=options),
        )
    finally:
        document.close()


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the `host` command to the CLI."""
    command = add("host", cmd_host, "open a session and let participants join from their terminal or browser")
    command.add_argument("ref", metavar="REF", help="a file path, a file name in the sessions folder, or a title")
    command.add_argument(
        "--port", metavar="N", type=port_number, default=None,
        help="the port to serve on (default: the one a crashed host of this session used, "
        "so participants reconnect; else a free one)",
    )
    command.add_argument(
        "--bind", metavar="ADDR", default=DEFAULT_BIND,
        help="the address to serve on (default: 127.0.0.1, this computer only; "
        "0.0.0.0 lets anyone on your network with the link join)",
    )
