"""Pilot tests for the incremental press-release preview (issue 7, change G).

`BlockMarkdown` re-renders only the blocks whose text changed. After every
kind of edit (middle, start, end, inserted and deleted paragraphs, a block
changing type, a fence swallowing the rest, link definitions, emptying) it
must show exactly what Textual's own `Markdown` shows after a full render of
the same text: the same block sources, the same widgets with the same text,
and the same cells and styles on screen (the two are rendered side by side
at the same width and compared column for column). Blocks that didn't change
must keep their widget objects. The preview keeps the part in view still
when blocks above it change height.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from session_helpers import wait_until
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock, MarkdownBullet

from workshop.widgets import pr_preview
from workshop.widgets.markdown_blocks import BlockMarkdown, diff_blocks, split_blocks
from workshop.widgets.pr_preview import PressReleasePreview

WIDTH = 50
"""Columns each of the two documents gets."""

TALL = 80
"""Screen rows: every test document fits (so the whole of it is compared)."""

PARAGRAPHS = [f"Paragraph {n} says something about the product in a few words." for n in range(6)]

DOCUMENT = "\n\n".join(
    [
        "### Pitlane gets riders back on the road",
        "**Rotterdam, 1 June 2027** — Today *Pitlane* opens, with `code` and a [link](https://e.com).",
        PARAGRAPHS[0],
        "- first point\n- second point\n\n  with more\n- third point",
        PARAGRAPHS[1],
        "> “A quote from the leader,”\n> said someone.",
        PARAGRAPHS[2],
        "3. third\n4. fourth",
        "```\ncode line\n\nmore code\n```",
        PARAGRAPHS[3],
        "| col | other |\n|---|---|\n| 1 | 2 |",
        PARAGRAPHS[4],
        "---",
        PARAGRAPHS[5] + " See [the site][s] for more.",
    ]
)


def _edits() -> list[tuple[str, str]]:
    """(what, text) pairs: each text is the one before, edited."""
    d = DOCUMENT
    steps: list[tuple[str, str]] = [("first render", d)]

    def step(what: str, text: str) -> None:
        assert text != steps[-1][1], what
        steps.append((what, text))

    step("word changed in the middle", d := d.replace("Paragraph 2 says", "Paragraph 2 now says"))
    step("heading changed (start)", d := d.replace("### Pitlane gets", "### Pitlane brings"))
    step("last paragraph changed (end)", d := d + " More at the end.")
    step("paragraph inserted in the middle", d := d.replace(PARAGRAPHS[3], PARAGRAPHS[3] + "\n\nA new one."))
    step("paragraph deleted in the middle", d := d.replace(PARAGRAPHS[1] + "\n\n", ""))
    step("paragraph inserted at the start", d := "An opening line.\n\n" + d)
    step("paragraph deleted at the start", d := d.split("\n\n", 1)[1])
    step("paragraph appended", d := d + "\n\nAnd a final word.")
    step("paragraph becomes a list", d := d.replace(PARAGRAPHS[4], "- " + PARAGRAPHS[4]))
    step("list item added", d := d.replace("- third point", "- third point\n- fourth point"))
    step("paragraph split in two", d := d.replace("says something about", "says something\n\nabout"))
    step("paragraphs joined again", d := d.replace("says something\n\nabout", "says something about"))
    step("fence opened, swallowing the rest", d := d.replace(PARAGRAPHS[0], PARAGRAPHS[0] + "\n\n```"))
    step("fence closed again", d := d.replace(PARAGRAPHS[0] + "\n\n```", PARAGRAPHS[0]))
    step("link definition added", d := d + "\n\n[s]: https://example.org")
    step("link definition removed", d := d.rsplit("\n\n", 1)[0])
    step("two changes far apart", d := d.replace("Paragraph 0", "Para 0").replace("Paragraph 5", "Para 5"))
    step("emptied", "")
    step("written again", DOCUMENT)
    return steps


class SideBySide(App[None]):
    """The incremental widget and Textual's full-render Markdown, side by side."""

    CSS = f"""
    Horizontal {{ height: auto; }}
    #incremental, #full {{ width: {WIDTH}; }}
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield BlockMarkdown(id="incremental")
            yield Markdown(id="full")


def _cells(strips: list[Any], start: int, end: int) -> list[list[tuple[str, Any]]]:
    """The text and style of every cell run in columns start..end of each screen line."""
    return [
        [(segment.text, segment.style) for segment in Segment.simplify(strip.crop(start, end))]
        for strip in strips
    ]


def _tree(document: Widget) -> list[tuple[str, str]]:
    """Every widget under a Markdown document: its kind and the text it shows."""
    out = []
    for widget in document.walk_children():
        if isinstance(widget, MarkdownBullet):
            shows = widget.symbol
        elif isinstance(widget, MarkdownBlock):
            shows = widget._content.plain
        else:
            shows = str(getattr(widget, "content", ""))
        out.append((type(widget).__name__, shows))
    return out


def assert_same_as_full_render(app: App[None], text: str) -> None:
    incremental = app.query_one("#incremental", BlockMarkdown)
    full = app.query_one("#full", Markdown)
    assert [source for source, _ in incremental.blocks] == [b.text for b in split_blocks(text)]
    assert [w for _, widgets in incremental.blocks for w in widgets] == list(incremental.children)
    assert incremental.source == text
    assert _tree(incremental) == _tree(full)
    strips = app.screen._compositor.render_strips()
    assert _cells(strips, 0, WIDTH) == _cells(strips, WIDTH, 2 * WIDTH)
    assert any(line for line in _cells(strips, 0, WIDTH)) or not text


async def _show(pilot: Any, text: str) -> None:
    app = pilot.app
    await app.query_one("#incremental", BlockMarkdown).update(text)
    await app.query_one("#full", Markdown).update(text)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.slow
async def test_every_edit_looks_like_a_full_render_and_keeps_unchanged_blocks() -> None:
    app = SideBySide()
    async with app.run_test(size=(2 * WIDTH, TALL)) as pilot:
        incremental = app.query_one("#incremental", BlockMarkdown)
        for what, text in _edits():
            before = incremental.blocks
            await _show(pilot, text)
            after = incremental.blocks
            try:
                assert_same_as_full_render(app, text)
            except AssertionError as error:
                raise AssertionError(f"after '{what}': {error}") from error
            old_texts = [source for source, _ in before]
            new_texts = [source for source, _ in after]
            for tag, i1, i2, j1, j2 in diff_blocks(old_texts, new_texts):
                if tag == "equal":
                    for (_, old), (_, new) in zip(before[i1:i2], after[j1:j2]):
                        assert all(a is b for a, b in zip(old, new)) and len(old) == len(new), what
                        assert all(w.is_attached for w in new), what


async def test_a_changed_paragraph_is_the_only_block_touched() -> None:
    app = SideBySide()
    async with app.run_test(size=(2 * WIDTH, TALL)) as pilot:
        await _show(pilot, DOCUMENT)
        incremental = app.query_one("#incremental", BlockMarkdown)
        before = list(incremental.children)
        mounted: list[Widget] = []
        original_mount_all = incremental.mount_all

        def spy_mount_all(widgets: Any, *args: Any, **kwargs: Any) -> Any:
            widgets = list(widgets)
            mounted.extend(widgets)
            return original_mount_all(widgets, *args, **kwargs)

        incremental.mount_all = spy_mount_all  # type: ignore[method-assign]
        text = DOCUMENT.replace("Paragraph 2 says", "Paragraph 2 now says")
        await _show(pilot, text)
        after = list(incremental.children)
        assert len(after) == len(before) and all(a is b for a, b in zip(before, after))
        assert mounted == [], "a paragraph edit is made in place"
        changed = [w for w in after if "Paragraph 2" in w._content.plain]
        assert changed and changed[0]._content.plain.startswith("Paragraph 2 now says")
        assert_same_as_full_render(app, text)

        # A list is replaced: one new widget, mounted in the old one's place.
        text2 = text.replace("- second point", "- second point, changed")
        await _show(pilot, text2)
        after2 = list(incremental.children)
        replaced = [i for i, (a, b) in enumerate(zip(after, after2)) if a is not b]
        assert len(after2) == len(after) and len(replaced) == 1
        assert mounted == [after2[replaced[0]]]
        assert_same_as_full_render(app, text2)


async def test_append_is_an_incremental_update() -> None:
    app = SideBySide()
    async with app.run_test(size=(2 * WIDTH, TALL)) as pilot:
        await _show(pilot, DOCUMENT)
        incremental = app.query_one("#incremental", BlockMarkdown)
        before = list(incremental.children)
        await incremental.append("\n\nAppended paragraph.")
        await app.query_one("#full", Markdown).update(DOCUMENT + "\n\nAppended paragraph.")
        await pilot.pause()
        assert list(incremental.children)[: len(before) - 1] == before[:-1]
        assert_same_as_full_render(app, DOCUMENT + "\n\nAppended paragraph.")


# ------------------------------------------------------------------ the preview itself
class TwoPreviews(App[None]):
    """A live preview (shown edits) beside a preview built fresh for each text."""

    CSS = f"""
    Horizontal {{ height: auto; }}
    PressReleasePreview {{ width: {WIDTH}; }}
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="row"):
            yield PressReleasePreview("", 0, id="live")
            yield PressReleasePreview("", 0, id="fresh")


@pytest.mark.slow
async def test_live_preview_looks_like_a_freshly_built_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pr_preview, "PREVIEW_DELAY", 0.01)
    app = TwoPreviews()
    async with app.run_test(size=(2 * WIDTH, TALL)) as pilot:
        live = app.query_one("#live", PressReleasePreview)
        for what, text in _edits()[::2] + [("emptied", ""), ("written again", DOCUMENT)]:
            live.show(lambda text=text: text, len(text.split()))
            await app.query_one("#fresh").remove()
            await app.query_one("#row").mount(PressReleasePreview(text, len(text.split()), id="fresh"))
            await wait_until(pilot, lambda text=text: live.rendered == text)
            fresh = app.query_one("#fresh", PressReleasePreview)
            await wait_until(
                pilot,
                lambda: len(fresh.query_one(BlockMarkdown).children)
                == len(live.query_one(BlockMarkdown).children),
            )
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            assert _cells(strips, 0, WIDTH) == _cells(strips, WIDTH, 2 * WIDTH), what


class ShortPreview(App[None]):
    """A preview short enough to scroll, as on the session screen."""

    CSS = """
    PressReleasePreview { width: 44; height: 14; }
    PressReleasePreview #pr-scroll { height: 1fr; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield PressReleasePreview(self.text, len(self.text.split()))


LONG = [f"Paragraph {n}: " + "words that wrap over a few lines " * 3 for n in range(12)]


def _top_block(preview: PressReleasePreview) -> tuple[Widget, int]:
    """The first block reaching into the view, and its screen row."""
    scroll = preview.query_one("#pr-scroll", VerticalScroll)
    top = scroll.content_region.y
    block = next(b for b in preview.query_one(BlockMarkdown).children if b.region.bottom > top)
    return block, block.region.y


async def _show_and_settle(pilot: Any, preview: PressReleasePreview, text: str) -> None:
    preview.show(text, len(text.split()))
    await wait_until(pilot, lambda: preview.rendered == text)
    for _ in range(3):
        await pilot.pause()


@pytest.mark.parametrize("where", ["above", "in view", "below"])
async def test_what_is_in_view_stays_put(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    monkeypatch.setattr(pr_preview, "PREVIEW_DELAY", 0.01)
    app = ShortPreview("\n\n".join(LONG))
    async with app.run_test(size=(60, 20)) as pilot:
        preview = app.query_one(PressReleasePreview)
        scroll = preview.query_one("#pr-scroll", VerticalScroll)
        await pilot.pause()
        scroll.scroll_to(y=20, animate=False)
        await pilot.pause()
        await pilot.pause()
        block, row = _top_block(preview)
        index = preview.query_one(BlockMarkdown).children.index(block)
        assert 1 < index < len(LONG) - 3, "the test needs blocks above and below the view"
        grown = {"above": 0, "in view": index, "below": len(LONG) - 1}[where]
        height = preview.query_one(BlockMarkdown).children[grown].region.height
        y = scroll.scroll_y
        paragraphs = list(LONG)
        paragraphs[grown] += " and many more words to make it grow" * 4
        await _show_and_settle(pilot, preview, "\n\n".join(paragraphs))
        growth = preview.query_one(BlockMarkdown).children[grown].region.height - height
        assert growth >= 2
        assert _top_block(preview) == (block, row), "the block at the top of the view didn't move"
        assert scroll.scroll_y == y + (growth if where == "above" else 0)


async def test_unscrolled_preview_stays_at_the_top(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pr_preview, "PREVIEW_DELAY", 0.01)
    app = ShortPreview("\n\n".join(LONG))
    async with app.run_test(size=(60, 20)) as pilot:
        preview = app.query_one(PressReleasePreview)
        await pilot.pause()
        first = preview.query_one(BlockMarkdown).children[0]
        await _show_and_settle(pilot, preview, "\n\n".join(["A new first paragraph.", *LONG]))
        assert preview.query_one("#pr-scroll", VerticalScroll).scroll_y == 0
        assert preview.query_one(BlockMarkdown).children[1] is first
