"""Provides BlockMarkdown: a Markdown widget whose updates re-render only the blocks that changed.

Textual's `Markdown.update` removes every block widget and mounts a new
set: with a long document that is hundreds of milliseconds of UI-thread
work for a one-word change. `BlockMarkdown` splits the document into its
top-level blocks (`split_blocks`: paragraphs, headings, block quotes, whole
lists, tables, code blocks, rules), keeps the widgets each block rendered
to, and on `update` compares the new blocks with the old ones by their
source text (`diff_blocks`). Unchanged blocks keep their widgets; only
changed, new and removed blocks are rendered, mounted or removed. All the
block widgets stay direct children of the one Markdown widget, so styling
(including margins between blocks) is the same as a full render.

Each block is rendered on its own, which gives the same widgets as
rendering the whole document: Markdown block structure is decided line by
line, and every top-level block (a list or block quote with all its items)
is kept whole. The exception is link reference definitions (`[x]: url`),
which apply to the whole document: a document that has any is rendered as
one block.

`BlockMarkdown` builds its block widgets the way `Markdown` does and reads a
few of the Markdown widget's private attributes, all through
`workshop.textual_compat` (tests/test_textual_compat.py pins them); the Pilot
tests also compare it with a full render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple

from markdown_it import MarkdownIt
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from ..textual_compat import (
    child_blocks,
    copy_paragraph,
    markdown_classes,
    parse_markdown,
)

__all__ = ["Block", "BlockMarkdown", "diff_blocks", "split_blocks"]

_NEWLINES = re.compile(r"\r\n?")
"""Line endings markdown-it treats as a newline (it normalises them before parsing)."""

_BLOCK_ONLY = ("normalize", "block")
"""The markdown-it core rules that find block structure (the rest parse inline text)."""


class Block(NamedTuple):
    """One top-level block of a Markdown document."""

    start: int
    """Its first line (0-based) in the document."""
    end: int
    """The line after its last line."""
    text: str
    """Its source: lines `start` to `end`, each with its newline (none after the last line)."""


def block_parser(parser: MarkdownIt) -> MarkdownIt:
    """Return `parser` set to find only the block structure (no inline parsing).

    Args:
        parser: A fresh parser; it is changed and returned.
    """
    active = parser.core.ruler.get_active_rules()
    parser.core.ruler.disable([name for name in active if name not in _BLOCK_ONLY])
    return parser


@lru_cache(maxsize=1)
def _default_block_parser() -> MarkdownIt:
    return block_parser(MarkdownIt("gfm-like"))


def split_blocks(text: str, parser: MarkdownIt | None = None) -> list[Block]:
    """Split a Markdown document into its top-level blocks.

    Blank lines between blocks belong to no block. A list or block quote is
    one block with all its items; a code fence is one block with everything
    up to its closing fence. A document with link reference definitions is
    returned as one block (a definition changes links in other blocks).

    Args:
        text: The Markdown document.
        parser: A block-only parser (see `block_parser`); by default one
            set up like Textual's Markdown widget ("gfm-like").

    Returns:
        The blocks, in document order.
    """
    text = _NEWLINES.sub("\n", text)
    parser = parser or _default_block_parser()
    env: dict[str, object] = {}
    tokens = parser.parse(text, env)
    lines = text.split("\n")
    if env.get("references"):
        return [Block(0, len(lines), text)] if text.strip() else []
    lines = [line + "\n" for line in lines[:-1]] + lines[-1:]
    return [
        Block(start, end, "".join(lines[start:end]))
        for token in tokens
        if token.level == 0 and token.nesting >= 0 and token.map is not None
        for start, end in (token.map,)
    ]


Opcode = tuple[str, int, int, int, int]
"""A `difflib` opcode: (tag, old start, old end, new start, new end)."""


def diff_blocks(old: list[str], new: list[str]) -> list[Opcode]:
    """Return how to turn the block texts `old` into `new`, as `difflib` opcodes.

    Equal runs are included ("equal"), so the opcodes cover both lists in
    order. The common start and end are found first (a typical edit changes
    one block), the rest with `difflib.SequenceMatcher`.

    Args:
        old: Block texts shown now.
        new: Block texts to show.
    """
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    opcodes: list[Opcode] = []
    if head:
        opcodes.append(("equal", 0, head, 0, head))
    old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
    if old_mid and new_mid:
        matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            opcodes.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    elif old_mid:
        opcodes.append(("delete", head, len(old) - tail, head, head))
    elif new_mid:
        opcodes.append(("insert", head, head, head, len(new) - tail))
    if tail:
        opcodes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return opcodes


@dataclass
class _Part:
    """A block on screen: its source and the widgets it rendered to."""

    block: Block
    widgets: list[MarkdownBlock] = field(default_factory=list)
    fresh: bool = False
    """True while its widgets still have to be mounted."""


def _nested(blocks: Iterable[MarkdownBlock]) -> Iterable[MarkdownBlock]:
    """Yield not-yet-mounted blocks and, depth first, the blocks they hold."""
    for block in blocks:
        yield block
        yield from _nested(child_blocks(block))


def _has_heading(widgets: Iterable[MarkdownBlock]) -> bool:
    header, _paragraph = markdown_classes()
    return any(isinstance(widget, header) for widget in widgets)


class BlockMarkdown(Markdown):
    """A Markdown widget that re-renders only the top-level blocks that changed.

    A drop-in `Markdown`: `update(text)` shows `text`, but unchanged blocks
    keep their widgets (same objects, not re-mounted); a changed paragraph is
    updated in place; other changed blocks are replaced. `append(text)` is
    `update(source + text)`.
    """

    def __init__(
        self,
        markdown: str | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        parser_factory: Callable[[], MarkdownIt] | None = None,
        open_links: bool = True,
    ) -> None:
        """Create the widget (arguments as for `Markdown`)."""
        super().__init__(
            markdown,
            name=name,
            id=id,
            classes=classes,
            parser_factory=parser_factory,
            open_links=open_links,
        )
        self._parts: list[_Part] = []
        self._parser: MarkdownIt | None = None
        self._splitter: MarkdownIt | None = None

    @property
    def blocks(self) -> list[tuple[str, list[MarkdownBlock]]]:
        """Each top-level block on screen: its source text and its widgets."""
        return [(part.block.text, list(part.widgets)) for part in self._parts]

    def _new_parser(self) -> MarkdownIt:
        return MarkdownIt("gfm-like") if self._parser_factory is None else self._parser_factory()

    def split(self, markdown: str) -> list[Block]:
        """Split `markdown` into top-level blocks with this widget's parser settings."""
        if self._splitter is None:
            self._splitter = (
                _default_block_parser()
                if self._parser_factory is None
                else block_parser(self._parser_factory())
            )
        return split_blocks(markdown, self._splitter)

    def _render_block(self, block: Block) -> list[MarkdownBlock]:
        """Build (not mount) the widgets for one block, with document line numbers."""
        if self._parser is None:
            self._parser = self._new_parser()
        widgets = list(parse_markdown(self, self._parser.parse(block.text)))
        for widget in _nested(widgets):
            start, end = widget.source_range
            widget.source_range = (start + block.start, end + block.start)
        return widgets

    def update(self, markdown: str) -> AwaitComplete:
        """Show new Markdown, re-rendering only the blocks whose text changed.

        Args:
            markdown: A string containing Markdown.

        Returns:
            An optionally awaitable object: await it to know the blocks are mounted.
        """
        self._theme = self.app.theme
        return AwaitComplete(self._patch(markdown))

    def append(self, markdown: str) -> AwaitComplete:
        """Append Markdown to the document (re-renders only what changed).

        Args:
            markdown: A fragment of Markdown.
        """
        return self.update(self.source + markdown)

    async def _patch(self, markdown: str) -> None:
        async with self.lock:
            blocks = self.split(markdown)
            self._markdown = markdown
            old_parts = self._parts
            opcodes = diff_blocks([part.block.text for part in old_parts], [b.text for b in blocks])
            parts: list[_Part] = []
            removed: list[MarkdownBlock] = []
            headings_changed = not old_parts
            for tag, i1, i2, j1, j2 in opcodes:
                if tag == "equal":
                    for part, block in zip(old_parts[i1:i2], blocks[j1:j2]):
                        self._move(part, block)
                        parts.append(part)
                    continue
                # Changed blocks: the n-th new one may reuse the n-th old one's widget.
                olds: list[_Part | None] = list(old_parts[i1:i2])
                for index, block in enumerate(blocks[j1:j2]):
                    widgets = self._render_block(block)
                    old = olds[index] if index < len(olds) else None
                    if old is not None and self._update_in_place(old, widgets):
                        old.block = block
                        parts.append(old)
                        olds[index] = None
                        continue
                    headings_changed = headings_changed or _has_heading(widgets)
                    parts.append(_Part(block, widgets, fresh=True))
                for old in filter(None, olds):
                    headings_changed = headings_changed or _has_heading(old.widgets)
                    removed.extend(old.widgets)
            self._parts = parts
            if removed or any(part.fresh for part in parts):
                with self.app.batch_update():
                    if removed:
                        await self.remove_children(removed)
                    await self._mount_fresh(parts)
            if headings_changed:
                self._table_of_contents = None
                self.post_message(
                    Markdown.TableOfContentsUpdated(self, self.table_of_contents).set_sender(self)
                )

    @staticmethod
    def _move(part: _Part, block: Block) -> None:
        """Give an unchanged part its (maybe shifted) place in the new document."""
        shift = block.start - part.block.start
        part.block = block
        if shift:
            for widget in part.widgets:
                for moved in (widget, *widget.query(MarkdownBlock)):
                    start, end = moved.source_range
                    moved.source_range = (start + shift, end + shift)

    @staticmethod
    def _update_in_place(old: _Part, widgets: list[MarkdownBlock]) -> bool:
        """Update a paragraph's text in its existing widget; False if it can't be."""
        if len(old.widgets) != 1 or len(widgets) != 1:
            return False
        widget, new = old.widgets[0], widgets[0]
        _header, paragraph = markdown_classes()
        if type(widget) is not type(new) or not isinstance(widget, paragraph):
            return False
        copy_paragraph(widget, new)
        widget.source_range = new.source_range
        return True

    async def _mount_fresh(self, parts: list[_Part]) -> None:
        """Mount the widgets of fresh parts between the kept ones, in document order."""
        previous: MarkdownBlock | None = None
        run: list[MarkdownBlock] = []
        for part in parts:
            if part.fresh:
                run.extend(part.widgets)
                part.fresh = False
                continue
            if part.widgets:
                if run:
                    await self._mount_run(run, previous)
                    run = []
                previous = part.widgets[-1]
        if run:
            await self._mount_run(run, previous)

    async def _mount_run(self, run: list[MarkdownBlock], previous: MarkdownBlock | None) -> None:
        if previous is not None:
            await self.mount_all(run, after=previous)
        elif self.children:
            await self.mount_all(run, before=0)
        else:
            await self.mount_all(run)
