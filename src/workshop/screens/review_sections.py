"""Provides section_blocks: which block of the rendered PR/FAQ starts which section (review mode's anchors)."""

from __future__ import annotations

from typing import Iterable

from textual.widget import Widget
from textual.widgets.markdown import MarkdownBlock

from ..export import markdown as export_markdown
from ..model.session import Session
from ..model.template import FieldType, StageKind, Template


def section_blocks(
    children: Iterable[Widget], session: Session, template: Template | None
) -> list[tuple[Widget, str]]:
    """The blocks among `children` (the Markdown widget's) that start a section, with each one's anchor.

    Blocks are matched by their Markdown source: `## Stage`, `### Step`
    and, under an FAQ step, `**Q3. …**` (what the export writes).
    """
    blocks: list[tuple[Widget, str]] = []
    if template is None:
        return blocks
    inline = export_markdown.inline
    stages = {f"## {inline(stage.title)}": stage for stage in template.stages}
    stage = None
    faq_kind = ""
    faq_number = 0
    for block in children:
        if not isinstance(block, MarkdownBlock):
            continue
        source = (block.source or "").strip()
        if source.startswith("## "):
            stage = stages.get(source)
            faq_kind, faq_number = "", 0
            blocks.append((block, stage.id if stage is not None else ""))
        elif source.startswith("### ") and stage is not None:
            step = next(
                (s for s in stage.steps if source == f"### {inline(s.title)}"), None
            )
            if stage.kind is StageKind.PRESS_RELEASE or step is None:
                continue
            faq_kind = next((f.faq_kind for f in step.fields if f.type is FieldType.FAQ), "")
            faq_number = 0
            blocks.append((block, step.id))
        elif faq_kind and source.startswith(f"**Q{faq_number + 1}. "):
            items = session.faq_items(faq_kind)
            faq_number += 1
            if faq_number <= len(items):
                blocks.append((block, items[faq_number - 1].id))
    return blocks
