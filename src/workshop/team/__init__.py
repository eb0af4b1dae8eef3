"""Provides team mode's engine: a host that serves one open session to participants, and their client.

Core: no Textual here. `host.TeamHost` runs on the caller's event loop (the
facilitator's Textual app) and applies what participants send through the
document's dispatcher; `client.TeamClient` is what a participant's app (or a
test bot) uses. The collaboration libraries (pycrdt, aiohttp, textual-serve)
are imported only by these modules, which the CLI imports lazily.
See docs/team.md, "Engine".
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import TeamClient
    from .host import TeamHost, running_link

__all__ = ["TeamClient", "TeamHost", "running_link"]


def __getattr__(name: str) -> Any:
    """`workshop.team.TeamHost` and friends, imported on first use (the package itself stays light)."""
    if name in ("TeamHost", "running_link"):
        from . import host

        return getattr(host, name)
    if name == "TeamClient":
        from . import client

        return client.TeamClient
    raise AttributeError(name)
