"""Provides CoachSide: the container beside the step that holds the writing coach's panels.

Its stylesheet (coach_side.tcss) places the panels and makes room for them
on the session screen at each width. It comes with this widget, which is
first mounted when a coach panel opens, rather than with the session screen:
the screen's first frame doesn't parse it (start-up, issue 12 §4). The rules
reach outside the container (the step list, the screen's layout), so they
are not scoped to it; they are default rules, and none of the app's or the
session screen's own rules sets what they set.
"""

from __future__ import annotations

from pathlib import Path

from textual.containers import Container


class CoachSide(Container):
    """The coach's side panels (findings, practice), beside or under the step."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    SCOPED_CSS = False
