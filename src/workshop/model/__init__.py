"""Provides the workshop domain: templates, sessions and FAQ items (no UI code)."""

from .base import SessionDataError
from .session import SCHEMA_VERSION, FaqItem, Session
from .template import (
    FAQ_KINDS,
    PR_ROLES,
    Field,
    FieldType,
    Stage,
    StageKind,
    Step,
    Template,
)

__all__ = [
    "FAQ_KINDS",
    "PR_ROLES",
    "SCHEMA_VERSION",
    "FaqItem",
    "Field",
    "FieldType",
    "Session",
    "SessionDataError",
    "Stage",
    "StageKind",
    "Step",
    "Template",
]
