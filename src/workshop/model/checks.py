"""Provides shape checks for loaded facilitation data that fail with the offending key."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from .text import normalise


def fail(key: str, message: str) -> Exception:
    """Return a `SessionDataError` for `key` (imported late: session imports us)."""
    from .session import SessionDataError

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


def whole(value: Any, key: str, *, default: int = 0, minimum: int = 0) -> int:
    """Return `value` as a whole number >= `minimum`."""
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise fail(key, f"expected a whole number, got {type_name(value)}")
    if value < minimum:
        raise fail(key, f"must be {minimum} or more, not {value}")
    return value


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
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def day(value: Any, key: str) -> date | None:
    """Return `value` as a calendar date (a date-time keeps only its date)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise fail(key, f"expected a date like 2026-01-31, got {type_name(value)}")


def unique_ids(items: list[Any], key: str) -> None:
    """Fail on the first repeated `.id` among `items`."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise fail(f"{key}[{index}].id", f"duplicate id {item.id!r}; ids must be unique")
        seen.add(item.id)
