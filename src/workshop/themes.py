"""Provides readable themes: every text colour the app uses reaches WCAG AA (4.5:1) on its background.

Textual's built-in themes derive their text colours from the theme's accent
colours, and several fall short of WCAG AA's 4.5:1 contrast for normal text:
in `textual-light` accent text is 3.3:1, success 3.8:1, warning 3.3:1; in
`atom-one-light` success text is 2.1:1 on panels; the footer's keys are
1.1:1 in `solarized-light`; muted text is 4.2:1 on some dark panels.

`readable(variables)` adjusts a theme's CSS variables, as Textual generated
them, just enough: each text colour below `TARGET` against any background it
can sit on (`BACKGROUNDS` and the tints in `TINTS`, over each) is moved
towards black (light themes) or white (dark themes), keeping its hue, until
it passes; an "auto N%" colour (muted text, Textual's contrast colour at N%
opacity) gets a higher N instead. Colours that pass are left exactly as the
theme has them, so every theme keeps its look. The app applies it in
`WorkshopApp.get_css_variables`, for the theme in use only (about 1 ms).

ANSI themes (`textual-ansi`, `ansi-dark`, `ansi-light`) name the terminal's
own palette rather than colours: their contrast is the terminal's, and they
are left as they are.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from textual.color import Color

MIN_CONTRAST = 4.5
"""WCAG 2.x level AA for normal text."""
TARGET = 4.6
"""What adjusted colours aim for: a margin over `MIN_CONTRAST` for rounding to whole RGB values."""

TEXT = (
    "text",
    "text-muted",
    "text-primary",
    "text-secondary",
    "text-accent",
    "text-success",
    "text-warning",
    "text-error",
    "foreground",
    "footer-foreground",
    "footer-key-foreground",
    "footer-description-foreground",
)
"""The theme variables the app (and the Textual widgets it uses) draw text with."""

BACKGROUNDS = ("background", "surface", "panel")
"""Where text sits: the screen, widgets, panels (the status bar)."""

FOOTER = ("footer-foreground", "footer-key-foreground", "footer-description-foreground")
"""Text of the footer, which sits on `$footer-background` only (some themes colour it boldly)."""

SCREEN = ("background", "surface")
"""Where the presenter and the facilitation bar (with its timer) sit."""

TINTS: tuple[tuple[str, float, tuple[str, ...], tuple[str, ...]], ...] = (
    # (tint, opacity, text on it, what it is laid over)
    ("boost", 1.0, TEXT, BACKGROUNDS),  # Textual's near-transparent lift (`$boost`), under any text
    ("primary", 0.20, ("text",), SCREEN),  # the presenter's question
    ("warning", 0.25, ("text-warning",), SCREEN),  # the presenter's silent round
    ("warning", 0.30, ("text-warning",), SCREEN),  # a timer's last minute
    ("error", 0.30, ("text-error",), SCREEN),  # a timer that ran over
    # The status bar (on $panel) after a failed save: progress, words and the save state.
    ("error", 0.20, ("text", "text-muted", "text-accent", "text-success", "text-warning", "text-error"), ("panel",)),
)
"""Tinted backgrounds in the app's styles (`background: $warning 30%`…), with the text
colours that sit on them and the backgrounds under them."""


def luminance(color: Color) -> float:
    """Return the WCAG relative luminance of an opaque colour (0 black … 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(first: Color, second: Color) -> float:
    """Return the WCAG contrast ratio of two opaque colours (1 … 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_ansi(variables: dict[str, str]) -> bool:
    """True for an ANSI theme: its colours are the terminal's palette, not known here."""
    return any(
        variables.get(name, "").startswith("ansi_") for name in ("background", "foreground", "text")
    )


def _parse(value: str) -> Color:
    """Parse `#rrggbb`, a colour name, or `colour N%` (an alpha)."""
    parts = value.split()
    color = Color.parse(parts[0])
    if len(parts) > 1 and parts[1].endswith("%"):
        color = color.with_alpha(float(parts[1][:-1]) / 100)
    return color


def text_on(value: str, background: Color) -> Color:
    """Return the opaque colour text of CSS `value` shows on `background`."""
    parts = value.split()
    if parts[0] == "auto":
        alpha = float(parts[1][:-1]) / 100 if len(parts) > 1 else 1.0
        return background.blend(background.get_contrast_text(1.0), alpha)
    color = _parse(value)
    return background + color if color.a < 1 else color


def text_colour(variables: dict[str, str], name: str, on: str = "surface") -> str:
    """Return the `#rrggbb` that text in variable `name` shows on background `on`.

    For Rich `Text` (tables), which can't name theme variables: `$text-muted`
    is "auto 61%", a colour only once its background is known.
    """
    value = variables.get(name, "")
    if not value or "background" not in variables or is_ansi(variables):
        return ""
    base = _parse(variables["background"])
    under = _parse(variables.get(on, variables["background"]))
    return text_on(value, base + under if under.a < 1 else under).hex


def backgrounds(variables: dict[str, str], text: str) -> list[tuple[str, Color]]:
    """Return every (name, opaque colour) text in variable `text` can sit on in this theme."""
    base = _parse(variables["background"])
    plain: list[tuple[str, Color]] = []
    for name in ("footer-background",) if text in FOOTER else BACKGROUNDS:
        color = _parse(variables.get(name, variables["background"]))
        plain.append((name, base + color if color.a < 1 else color))
    found = list(plain)
    for tint, alpha, on_it, over in TINTS:
        if text not in on_it:
            continue
        color = _parse(variables[tint])
        if alpha < 1:
            color = color.with_alpha(alpha)
        for name, under in plain:
            if name not in over and text not in FOOTER:
                continue
            found.append((f"${tint} {alpha:.0%} on ${name}", under + color if color.a < 1 else color))
    return found


def worst(value: str, places: list[tuple[str, Color]]) -> tuple[float, str]:
    """Return the lowest contrast of text `value` over `places`, and where."""
    return min((contrast(text_on(value, color), color), name) for name, color in places)


_cache: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}


def readable(variables: dict[str, str]) -> dict[str, str]:
    """Return `variables` with every `TEXT` colour raised to `TARGET` contrast where it falls short."""
    if is_ansi(variables):
        return variables
    names = (*TEXT, *BACKGROUNDS, "footer-background", "primary", "warning", "error", "boost")
    key = tuple((name, variables.get(name, "")) for name in names)
    if key not in _cache:
        # Kept in the user cache between runs (~1.3 ms at each start, issue 12 §4).
        from .storage.parsed_cache import remembered

        _cache[key] = remembered("readable-colours", __file__, key, partial(_adjusted, variables))
    return {**variables, **_cache[key]}


def _adjusted(variables: dict[str, str]) -> dict[str, str]:
    """The `TEXT` variables that need a new value, with it."""
    changes: dict[str, str] = {}
    for name in TEXT:
        value = variables.get(name)
        if value is None:
            continue
        places = backgrounds(variables, name)
        if worst(value, places)[0] >= TARGET:
            continue
        parts = value.split()
        if parts[0] == "auto":
            start = float(parts[1][:-1]) if len(parts) > 1 else 100.0
            found = _least(lambda step: worst(f"auto {min(100.0, start + step):g}%", places)[0])
            changes[name] = f"auto {min(100.0, start + found):g}%"
        else:
            origin = text_on(value, places[0][1])
            towards = places[0][1].get_contrast_text(1.0)  # white on dark backgrounds
            found = _least(lambda step: worst(origin.blend(towards, step / 100).hex, places)[0])
            if worst(origin.blend(towards, found / 100).hex, places)[0] < TARGET:
                towards = towards.inverse  # e.g. light text on a mid-blue footer can't get there
                found = _least(lambda step: worst(origin.blend(towards, step / 100).hex, places)[0])
            changes[name] = origin.blend(towards, found / 100).hex
    return changes


def _least(score: Callable[[int], float]) -> int:
    """The least step in 0..100 whose score reaches `TARGET` (100 when none does); score rises with step."""
    low, high = 0, 100
    while low < high:
        middle = (low + high) // 2
        if score(middle) >= TARGET:
            high = middle
        else:
            low = middle + 1
    return low


__all__ = [
    "BACKGROUNDS",
    "FOOTER",
    "SCREEN",
    "MIN_CONTRAST",
    "TARGET",
    "TEXT",
    "TINTS",
    "backgrounds",
    "contrast",
    "is_ansi",
    "luminance",
    "readable",
    "text_colour",
    "text_on",
    "worst",
]
