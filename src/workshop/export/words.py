"""Provides the press release's word count and its one-page limit, without the Markdown export.

The session screen's status line shows the count in its first frame; keeping
it here lets start-up skip the export modules (structure, blocks, PR/FAQ
builder, ~5 ms of imports) until a press release preview or an export needs them.
"""

from __future__ import annotations

from ..model.session import Session
from ..model.template import StageKind, Template
from ..model.text import word_count

PRESS_RELEASE_WORD_LIMIT = 500
"""About one printed page of press release prose."""


def pr_values(session: Session, template: Template) -> dict[str, str]:
    """The press release's answers by field role (headline, summary, …), stripped."""
    values: dict[str, str] = {}
    for stage in template.stages:
        if stage.kind is not StageKind.PRESS_RELEASE:
            continue
        for step in stage.steps:
            for item in step.fields:
                if item.role:
                    values[item.role] = session.get_text(step.id, item.id).strip()
    return values


def press_release_words(session: Session, template: Template) -> int:
    """Words in the press release's prose (what the one-page limit counts)."""
    return sum(word_count(text) for text in pr_values(session, template).values())
