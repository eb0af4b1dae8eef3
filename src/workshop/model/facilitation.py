"""Provides live-session facilitation state: roster, timers, rounds, votes, parking lot, decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FACILITATION_KEYS: tuple[str, ...] = ()
"""Top-level session keys owned by facilitation (popped from loaded data)."""


@dataclass
class Facilitation:
    """Everything a live session adds to the written answers."""

    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data for the session's top level (no None values)."""
        return {}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Facilitation":
        """Pop this section's keys from loaded session data and build it.

        Raises:
            SessionDataError: naming the offending key.
        """
        return cls()
