"""Tests that every text colour the app uses reaches WCAG AA (4.5:1) in every theme it offers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from session_helpers import SIZE, settle
from textual.color import Color
from textual.widgets import Input

from workshop import themes
from workshop.app import WorkshopApp

SRC = Path(themes.__file__).parent
ANSI_THEMES = {"textual-ansi", "ansi-dark", "ansi-light"}
"""Themes that use the terminal's own palette: their contrast is the terminal's."""


def _offered() -> list[str]:
    return sorted(WorkshopApp(Path(".")).available_themes)


def _variables(name: str) -> dict[str, str]:
    app = WorkshopApp(Path("."))
    app.theme = name
    return app.get_css_variables()


def test_the_styles_use_only_text_colours_the_check_covers():
    used: set[str] = set()
    for path in SRC.rglob("*.tcss"):
        for match in re.finditer(r"^\s*(?:border-title-)?color:\s*\$([a-z-]+)", path.read_text(), re.M):
            used.add(match.group(1))
    for path in SRC.rglob("*.py"):
        used.update(re.findall(r"\$(text(?:-[a-z]+)?)\b", path.read_text(encoding="utf-8")))
    assert used, "found no text colours: the scan is broken"
    assert used <= set(themes.TEXT), f"text colours not checked for contrast: {used - set(themes.TEXT)}"


def test_no_text_is_dimmed_or_in_fixed_colours():
    """Textual draws "dim" at 66% of the text colour: below 4.5:1 in most themes; use $text-muted."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""["'](?:[a-z $-]* )?dim["']|\[dim\]""", text), f"{path.name} dims text"
        # Named terminal colours ("bold red") ignore the theme: use the theme's text colours.
        assert not re.search(r"""style=["'](?:bold )?(?:red|green|yellow|blue|magenta|cyan)["']""", text), path.name
    for path in SRC.rglob("*.tcss"):
        assert not re.search(r"text-style:[^;]*\bdim\b", path.read_text()), f"{path.name} dims text"


def test_every_tinted_background_in_the_styles_is_checked():
    tints = {(tint, round(alpha * 100)) for tint, alpha, _on, _over in themes.TINTS}
    for path in SRC.rglob("*.tcss"):
        for tint, percent in re.findall(r"^\s*background:\s*\$([a-z-]+)\s+(\d+)%", path.read_text(), re.M):
            assert (tint, int(percent)) in tints, f"{path.name}: background ${tint} {percent}% is not in TINTS"


@pytest.mark.parametrize("name", _offered())
async def test_every_text_colour_reaches_aa_in_every_offered_theme(name: str):
    variables = _variables(name)
    if name in ANSI_THEMES:
        assert themes.is_ansi(variables)
        return
    failures = []
    for text in themes.TEXT:
        places = themes.backgrounds(variables, text)
        ratio, where = themes.worst(variables[text], places)
        if ratio < themes.MIN_CONTRAST:
            failures.append(f"${text} {variables[text]} on {where}: {ratio:.2f}:1")
    assert not failures, f"{name}: " + "; ".join(failures)


async def test_the_light_theme_figures_from_the_issue_are_fixed():
    from textual.theme import BUILTIN_THEMES

    theme = BUILTIN_THEMES["textual-light"]
    stock = {**theme.to_color_system().generate(), **theme.variables}
    background = Color.parse(stock["background"])
    assert themes.contrast(Color.parse(stock["text-accent"]), background) < 3.5  # Textual's own
    fixed = _variables("textual-light")
    for text in ("text-accent", "text-success", "text-warning", "text-muted"):
        assert themes.worst(fixed[text], themes.backgrounds(fixed, text))[0] >= 4.5


def test_colours_that_pass_are_left_as_the_theme_has_them():
    from textual.theme import BUILTIN_THEMES

    theme = BUILTIN_THEMES["rose-pine"]
    stock = {**theme.to_color_system().generate(), **theme.variables}
    assert themes.readable(stock) == stock


async def test_answer_box_hints_are_muted_not_disabled(make_app, sample_session):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await settle(pilot)
        box = app.screen.query(Input).first()
        hint = box.get_component_rich_style("input--placeholder").color
        under = box.styles.background
        assert hint is not None
        ratio = themes.contrast(Color.from_rich_color(hint), under)
        assert ratio >= 4.5, f"placeholder {hint} on {under}: {ratio:.2f}:1"
