"""Tests that the facilitation screens show control characters in user text as pictures (issue 11 §1)."""

from __future__ import annotations

from facilitation_host import SIZE, make_host
from textual.widgets import Static

from workshop.screens.presenter import PresenterScreen

HOSTILE = "x \x1b]0;PWNED\x07 \x9b2J"


def _controls(text: str) -> list[str]:
    return [hex(ord(c)) for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]


async def test_presenter_shows_the_answer_and_silent_round_names_as_pictures(clock) -> None:
    app = make_host(step="problem-benefit", participants=("Ana" + HOSTILE,))
    async with app.run_test(size=SIZE) as pilot:
        app.live.session.set_answer("problem-benefit", "benefit", "Answer " + HOSTILE)
        app.live.start_round("problem-benefit")
        app.live.add_idea("problem-benefit", "idea", author=app.live.participants[0])
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, PresenterScreen)
        texts = [str(app.screen.query_one(f"#presenter-{name}", Static).content) for name in ("answer", "round")]
        assert all(_controls(text) == [] for text in texts), texts
        assert "␛]0;PWNED␇ ⟨9B⟩2J" in texts[0] and "␛]0;PWNED␇" in texts[1], texts


async def test_practice_panel_shows_the_answer_and_step_title_as_pictures() -> None:
    from dataclasses import replace

    from textual.app import App, ComposeResult

    from workshop import content
    from workshop.widgets.practice import PracticePanel

    step = replace(content.resolve(None).steps[0], title="Who " + HOSTILE)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield PracticePanel()

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(PracticePanel)
        panel.show_step(step, "Mine " + HOSTILE)
        await pilot.pause()
        answer = str(panel.query_one("#your-answer", Static).content)
        assert _controls(answer) == [] and "␛]0;PWNED␇" in answer, answer
        assert _controls(str(panel.border_title)) == [], panel.border_title
