"""Pilot tests of lines that change often: they repaint without laying the whole screen out.

A layout pass lays out every widget on the screen (on a step with a long press
release preview, ~10 ms, and then everything repaints), so the word count, the
save state, the preview's title and the facilitation bar's lines must not ask
for one when their size can't change (`widgets/repaint.py`).
"""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, session_screen, settle
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from workshop.widgets.repaint import update_text


class _OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("", id="cell")


def _spy_layouts(monkeypatch, ids: set[str]) -> list[str]:
    calls: list[str] = []
    original = Widget.refresh

    def refresh(self, *regions, layout: bool = False, **kwargs):
        if layout and self.id in ids:
            calls.append(self.id)
        return original(self, *regions, layout=layout, **kwargs)

    monkeypatch.setattr(Widget, "refresh", refresh)
    return calls


async def test_update_text_lays_out_only_when_the_width_changes(monkeypatch) -> None:
    app = _OneLine()
    async with app.run_test() as pilot:
        cell = app.query_one("#cell", Static)
        calls = _spy_layouts(monkeypatch, {"cell"})
        update_text(cell, "12 words")
        update_text(cell, "13 words")  # same width: repaint only
        update_text(cell, "130 words")  # wider: lay out
        update_text(cell, "999 words", fixed_size=True)  # the CSS fixes the size
        await pilot.pause()
        assert calls == ["cell", "cell"]
        assert str(cell.render()) == "999 words"


async def test_typing_words_and_saving_need_no_layout_pass(
    make_app, sample_session: Path, monkeypatch
) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await screen.show_step("pr-problem")
        await settle(pilot)
        bar = screen.status_bar
        bar.save_state = "saved"
        bar.save_detail = "09:30"
        await pilot.pause()
        calls = _spy_layouts(monkeypatch, {"words", "save-status", "pr-title"})
        for words in (101, 102, 1003):  # the count grows, even by a digit
            bar.words = words
            screen.step_view.preview().words = words
            await pilot.pause()
        for state in ("pending", "saving", "saved", "pending", "saved"):
            bar.save_state = state
            await pilot.pause()
        assert calls == []
        bar.save_state = "failed"  # a different width: now the line is laid out again
        bar.save_detail = "disk full"
        await pilot.pause()
        assert "save-status" in calls
