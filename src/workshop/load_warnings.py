"""Provides the warnings a session file earns on load: kept-but-unknown keys, missing template, old schema.

None of these stop a session from opening; each is one line naming the file
and the key, for `workshop validate` and the app's notifications.
"""

from __future__ import annotations

from pathlib import Path

from .model.session import SCHEMA_VERSION, Session
from .model.template import FieldType, Template

KEPT = "unknown key, kept as it is (written by a newer workshop, or added by hand?)"
"""How an unknown key is described."""


def unknown_keys(session: Session) -> list[str]:
    """Return the dotted paths of keys this version does not know (they are kept on save)."""
    keys = [key for key in session.extra if key != "dismissed"]  # the coach's [[dismissed]]
    facilitation_extra = getattr(session.facilitation, "extra", None) or {}
    keys += [key for key in facilitation_extra]
    for index, item in enumerate(session.faq):
        keys += [f"faq[{index}].{key}" for key in item.extra]
    return keys


def unknown_key_warnings(session: Session, path: Path | str) -> list[str]:
    """Return one `file: key: unknown key, kept…` line per unknown key."""
    return [f"{path}: {key}: {KEPT}" for key in unknown_keys(session)]


def missing_template_warning(session: Session, path: Path | str) -> str:
    """Return the line shown when a session's template can't be found."""
    from .content import is_template_id

    if not is_template_id(session.template_id):
        return (
            f"{path}: template: {session.template_id!r} is not a template id (file paths "
            "are not followed); the session opens with a stand-in template, and all its "
            "answers are kept and exported"
        )
    return (
        f"{path}: template {session.template_id!r} not found; the session still opens, "
        "and answers to steps the stand-in template lacks are kept and exported"
    )


def unknown_step_warnings(session: Session, template: Template, path: Path | str) -> list[str]:
    """Return one line per answered step the template does not have."""
    step_ids = {step.id for step in template.steps}
    return [
        f"{path}: answers.{step_id}: no such step in template {template.id!r}; "
        "the answers are kept and exported"
        for step_id, fields in session.answers.items()
        if step_id not in step_ids and fields
    ]


def field_shape_warnings(session: Session, template: Template, path: Path | str) -> list[str]:
    """Return one line per answer whose shape does not match its field (text vs list).

    The answer loads either way (and is shown one item per line), but a
    hand-edit like `needs = 'x'` for a list field should not pass unnoticed.
    """
    found = []
    for step in template.steps:
        given = session.answers.get(step.id, {})
        for item in step.fields:
            if item.id not in given or item.type is FieldType.FAQ:
                continue
            value = given[item.id]
            key = f"{path}: answers.{step.id}.{item.id}"
            if item.type is FieldType.LIST and not isinstance(value, list):
                found.append(
                    f"{key}: expected a list of items (it is a list field in {template.id!r}), "
                    "got text; it is shown one item per line, and saved as a list once edited"
                )
            elif item.type is not FieldType.LIST and isinstance(value, list):
                found.append(
                    f"{key}: expected text (it is a text field in {template.id!r}), got a list; "
                    "it is shown one item per line, and saved as text once edited"
                )
    return found


def migration_warning(original: int, path: Path | str) -> str:
    """Return the line shown when an older file was upgraded in memory."""
    return (
        f"{path}: schema_version: written by an older workshop (schema {original}); "
        f"upgraded to schema {SCHEMA_VERSION} in memory. The file is rewritten when the "
        "session is next saved, and the original is kept in the backups "
        "(`workshop restore --list`)"
    )


__all__ = [
    "KEPT",
    "field_shape_warnings",
    "migration_warning",
    "missing_template_warning",
    "unknown_key_warnings",
    "unknown_keys",
    "unknown_step_warnings",
]
