"""Provides the domain's base: its data error, new ids, and the shape checks of loaded data.

The bottom of `workshop.model`: it imports nothing else from the model but
the text helpers (`model.text`, a leaf), so every model module can use it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from typing import Any

from .text import normalise

FIRST_YEAR = 1900
"""Dates and date-times before this year are refused at load."""
LAST_YEAR = 2999
"""Dates and date-times after this year are refused at load.

Far from the ends of Python's calendar (years 1 and 9999), where converting
to local time or adding a timer's seconds overflows (a crash on every launch).
"""
MAX_WHOLE = 1_000_000_000
"""Largest whole number a session holds (seconds: about 31 years)."""
MAX_COUNT = 10_000
"""Largest count a session holds (dots one voter put on an FAQ item)."""


class SessionDataError(ValueError):
    """A session's data does not have the expected shape.

    Attributes:
        key: Dotted path of the offending key (`answers.who.segment`).
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}" if key else message)
        self.key = key
        self.detail = message


def new_id(prefix: str = "") -> str:
    """Return a short, random, stable identifier."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def fail(key: str, message: str) -> Exception:
    """Return a `SessionDataError` for `key`."""
    return SessionDataError(key, message)


def type_name(value: Any) -> str:
    """Name a loaded value's type the way a TOML author thinks of it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    names = {str: "text", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def table(value: Any, key: str) -> dict[str, Any]:
    """Return a copy of `value` if it is a table."""
    if not isinstance(value, dict):
        raise fail(key, f"expected a table, got {type_name(value)}")
    return dict(value)


def table_array(value: Any, key: str) -> list[dict[str, Any]]:
    """Return `value` if it is an array of tables (`[[key]]`)."""
    if not isinstance(value, list):
        raise fail(key, f"expected an array of tables ([[{key}]]), got {type_name(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise fail(f"{key}[{index}]", f"expected a table, got {type_name(item)}")
    return value


def text(value: Any, key: str, *, required: bool = False, default: str = "") -> str:
    """Return `value` as normalised text."""
    if value is None:
        if required:
            raise fail(key, "is required but missing")
        return default
    if not isinstance(value, str):
        raise fail(key, f"expected text, got {type_name(value)}")
    if required and not value.strip():
        raise fail(key, "must not be empty")
    return normalise(value)


def choice(value: Any, key: str, options: tuple[str, ...], default: str) -> str:
    """Return `value` if it is one of `options`."""
    found = text(value, key, default=default)
    if found not in options:
        raise fail(key, f"must be one of {', '.join(options)}, not {found!r}")
    return found


def whole(
    value: Any, key: str, *, default: int = 0, minimum: int = 0, maximum: int = MAX_WHOLE
) -> int:
    """Return `value` as a whole number from `minimum` to `maximum`."""
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise fail(key, f"expected a whole number, got {type_name(value)}")
    if value < minimum:
        raise fail(key, f"must be {minimum} or more, not {value}")
    if value > maximum:
        raise fail(key, f"must be {maximum:_} or less, not {value:_}")
    return value


def in_range(value: date, key: str) -> None:
    """Fail when a date or date-time lies outside FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        kind, like = (
            ("date-time", "2026-01-31T09:00:00Z") if isinstance(value, datetime)
            else ("date", "2026-01-31")
        )
        raise fail(
            key,
            f"{value.isoformat()} is out of range; use a {kind} between the years "
            f"{FIRST_YEAR} and {LAST_YEAR}, like {like}",
        )


def flag(value: Any, key: str, *, default: bool = False) -> bool:
    """Return `value` as true/false."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise fail(key, f"expected true or false, got {type_name(value)}")
    return value


def moment(value: Any, key: str, *, required: bool = False) -> datetime | None:
    """Return `value` as an aware date-time (naive ones are read as UTC)."""
    if value is None:
        if required:
            raise fail(key, "is required but missing (a date-time like 2026-01-31T09:00:00Z)")
        return None
    if not isinstance(value, datetime):
        raise fail(
            key, f"expected a date-time like 2026-01-31T09:00:00Z, got {type_name(value)}"
        )
    in_range(value, key)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def day(value: Any, key: str) -> date | None:
    """Return `value` as a calendar date (a date-time keeps only its date)."""
    if value is None:
        return None
    found: date | None = None
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, str):
        try:
            found = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if found is not None:
        in_range(found, key)
        return found
    raise fail(key, f"expected a date like 2026-01-31, got {type_name(value)}")


def unique_ids(items: list[Any], key: str) -> None:
    """Fail on the first repeated `.id` among `items`."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise fail(f"{key}[{index}].id", f"duplicate id {item.id!r}; ids must be unique")
        seen.add(item.id)


def dismissed(value: Any, key: str) -> None:
    """Check the coach's `[[dismissed]]` records (kept as they are in the session's extra keys).

    Each needs a text `fingerprint`; `rule`, `step` and `reason` are text and
    `when` a date-time when present.
    """
    if value is None:
        return
    for index, entry in enumerate(table_array(value, key)):
        where = f"{key}[{index}]"
        text(entry.get("fingerprint"), f"{where}.fingerprint", required=True)
        for name in ("rule", "step", "reason"):
            text(entry.get(name), f"{where}.{name}")
        moment(entry.get("when"), f"{where}.when")
