"""Provides to_dict and from_dict: operations as plain JSON-safe data, to store or send to another machine.

`to_dict(op)` gives `{"format": 1, "kind": …, "actor": …, "at": …, …}`;
`from_dict(data)` reads it back and raises `OperationError` naming what does
not fit. Both are re-exported by `model.operations` (callers use those).
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from datetime import date, datetime
from typing import Any

from .operation_kinds import KINDS, OPERATION_FORMAT, Operation, OperationError


def to_dict(op: Operation) -> dict[str, Any]:
    """Return `op` as plain JSON-safe data: `{"format": 1, "kind": …, "actor": …, "at": …, …}`.

    Dates become ISO 8601 text; inside record payloads they are `{"$datetime": "…"}`.
    """
    data: dict[str, Any] = {"format": OPERATION_FORMAT, "kind": op.KIND}
    for item in fields(op):
        value = getattr(op, item.name)
        if item.name == "at":
            data["at"] = value.isoformat()
        elif item.name == "steps":
            data["steps"] = [to_dict(step) for step in value]
        else:
            data[item.name] = _to_json(value)
    return data


def from_dict(data: Any) -> Operation:
    """Build an operation from `to_dict` data (from a file or another machine).

    Raises:
        OperationError: not a table, a newer format, an unknown kind, a missing,
            unknown or badly typed field (the message names it).
    """
    if not isinstance(data, dict):
        raise OperationError(f"an operation is a table, not {type(data).__name__}")
    data = dict(data)
    version = data.pop("format", None)
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= OPERATION_FORMAT:
        raise OperationError(
            f"operation format {version!r} is not one this version reads (1 to {OPERATION_FORMAT}); "
            "update workshop on this machine"
        )
    kind = data.pop("kind", None)
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise OperationError(f"unknown operation kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    values: dict[str, Any] = {}
    for item in fields(cls):
        name = item.name
        if name not in data:
            if item.default is not MISSING or item.default_factory is not MISSING:
                continue  # an optional field
            raise OperationError(f"{kind}: field {name!r} is missing")
        value = data.pop(name)
        if name == "at":
            value = _when(value, kind)
        elif name == "steps":
            if not isinstance(value, list):
                raise OperationError(f"{kind}: field 'steps' must be a list of operations")
            value = tuple(from_dict(step) for step in value)
        else:
            value = _check(kind, name, _FIELD_TYPES.get(name, "any"), _from_json(value))
        values[name] = value
    if data:
        raise OperationError(f"{kind}: unknown field(s) {', '.join(sorted(map(str, data)))}")
    return cls(**values)


_FIELD_TYPES: dict[str, str] = {
    "actor": "str", "step_id": "str", "field_id": "str", "value": "answer", "faq_kind": "str",
    "text": "str", "item": "table", "index": "int", "item_id": "str", "changes": "texts",
    "offset": "int", "comment": "table", "comment_id": "str", "status": "str",
    "items": "list", "parked": "table", "planned": "int", "dots": "int", "closed": "bool", "names": "list", "name": "str", "old": "str", "new": "str", "decision": "table", "decision_id": "str", "entries": "tables", "faq_item": "str", "vote_id": "str", "option_id": "str", "voter": "str", "state": "table",
    "round": "table", "idea": "table", "round_id": "str", "vote": "table", "options": "tables",
    "old_step": "str", "new_step": "str", "old_planned": "int", "item_ids": "list",
    "keys": "list", "anonymous": "bool", "secret": "bool",
}


def _check(kind: str, name: str, expected: str, value: Any) -> Any:
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "table": isinstance(value, dict),
        "texts": isinstance(value, dict) and all(isinstance(v, str) for v in value.values()),
        "list": isinstance(value, list) and all(isinstance(v, str) for v in value),
        "tables": isinstance(value, list),
        "answer": value is None or isinstance(value, str)
        or (isinstance(value, list) and all(isinstance(v, str) for v in value)),
    }.get(expected, True)
    if not ok:
        raise OperationError(f"{kind}: field {name!r} must be {_TYPE_WORDS[expected]}")
    return value


_TYPE_WORDS = {
    "str": "text", "int": "a whole number", "bool": "true or false", "table": "a table", "texts": "a table of text",
    "list": "a list of text", "tables": "a list of tables", "answer": "text, a list of text or null",
}


def _when(value: Any, kind: str) -> datetime:
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise OperationError(f"{kind}: field 'at' must be an ISO 8601 time with a zone, like "
                             "2026-01-31T09:00:00+00:00")
    return when


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$datetime"} and isinstance(value["$datetime"], str):
            try:
                return datetime.fromisoformat(value["$datetime"])
            except ValueError:
                raise OperationError(f"bad date {value['$datetime']!r}") from None
        if set(value) == {"$date"} and isinstance(value["$date"], str):
            try:
                return date.fromisoformat(value["$date"])
            except ValueError:
                raise OperationError(f"bad date {value['$date']!r}") from None
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value
