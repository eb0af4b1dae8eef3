"""Provides team mode's engine: a host that serves one open session to participants, and their client.

Core: no Textual here. `host.TeamHost` runs on the caller's event loop (the
facilitator's Textual app) and applies what participants send through the
document's dispatcher; `client.TeamClient` is what a participant's app (or a
test bot) uses. The collaboration libraries (pycrdt, aiohttp, textual-serve)
are imported only by these modules, which the CLI imports lazily.
See docs/team.md, "Engine".
"""
