"""Provides the session schema migrations: `MIGRATIONS[n]` turns schema n data into schema n+1.

How to change the session file format (a "schema bump"):

1. Raise `SCHEMA_VERSION` in `workshop.model.session` by one (say to 2) and
   change `Session.to_dict` / `from_dict` to the new shape.
2. Add one function here that turns version-1 data into version-2 data,
   decorated with `@migration(1)`. It receives the parsed TOML (plain dicts,
   lists, strings, datetimes), must not touch anything but its argument's
   copy, and returns the new data; `schema_version` is set for it.
3. Copy the session files under `tests/fixtures/sessions/v1/` to a new folder
   `v2/` re-saved by the new code (the old folders stay forever: every
   released version must keep loading and exporting the same).

`tests/reliability/test_migrations.py` fails until 2 and 3 are done.

Migrations run when a file is loaded; the file itself is rewritten only by the
next save, and the original is kept as a backup first (see `workshop.storage.backups`).
"""

from __future__ import annotations

import copy
from typing import Any, Callable

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""A function from schema n data to schema n+1 data."""

MIGRATIONS: dict[int, Migration] = {}
"""`MIGRATIONS[n]` turns schema n data into schema n+1 data (store.migrate runs them)."""


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register the decorated function as the migration from `from_version` to the next.

    Raises:
        ValueError: when a migration for that version is already registered.
    """

    def register(func: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise ValueError(f"a migration from schema {from_version} is already registered")

        def run(data: dict[str, Any]) -> dict[str, Any]:
            return func(copy.deepcopy(data))

        run.__name__ = func.__name__
        run.__doc__ = func.__doc__
        MIGRATIONS[from_version] = run
        return func

    return register


def original_version(data: dict[str, Any]) -> int | None:
    """Return the file's schema_version if it is a usable whole number, else None."""
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool):
        return version
    return None


def missing(current: int) -> list[int]:
    """Versions below `current` that have no migration (should be empty)."""
    return [n for n in range(1, current) if n not in MIGRATIONS]


# ---------------------------------------------------------------- migrations
# Schema 1 is the first released format: nothing to migrate yet. The next
# bump adds, for example:
#
#   @migration(1)
#   def _notes_to_list(data):
#       """Schema 2 keeps notes as a list of paragraphs."""
#       notes = data.pop("notes", "")
#       data["notes"] = [p for p in notes.split("\n\n") if p]
#       return data

__all__ = ["MIGRATIONS", "Migration", "migration", "missing", "original_version"]
