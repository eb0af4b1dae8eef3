"""Provides the team host's limits: message and outbox sizes, the request rate, names, participants, the ledger's period."""

MAX_MESSAGE = 1 << 20
"""Largest websocket message the host accepts (bytes); a bigger one closes that connection."""
MAX_OUTBOX = 2000
"""Requests one participant may send in a session; later ones are ignored (and logged)."""
RATE = 10.0
"""Requests per second one participant may have applied, on average."""
BURST = 40
"""Requests one participant may have applied at once (then RATE per second; the rest wait their turn)."""
MAX_NAME = 40
"""Characters in a participant's name."""
MAX_PARTICIPANTS = 200
"""People who may join one session (each gets a room and a file): more are refused."""
LEDGER_PERIOD = 0.2
"""Seconds between checks for requests the session file now holds."""
COOKIE = "workshop_team"
"""The browser page's cookie (HttpOnly, SameSite=Strict) holding the room token."""
