"""Provides FACILITATION_BINDINGS: the facilitation keys on the session screen.

Apart from screens/facilitation.py so the session screen can declare them
without loading the facilitation part before its first frame (issue 12 §4).
"""

from __future__ import annotations

from textual.binding import Binding

FACILITATION_BINDINGS: list[Binding] = [
    Binding("ctrl+r", "facilitation(\'timer_toggle')", "Timer", id="timer_toggle", tooltip="Start or pause the timer"),
    Binding("alt+m", "facilitation(\'timer_add_minute')", "+1 min", id="timer_add_minute", show=False, priority=True),
    Binding("alt+x", "facilitation(\'timer_reset')", "Reset timer", id="timer_reset", show=False, priority=True),
    Binding("ctrl+o", "facilitation(\'next_contributor')", "Next person", id="next_contributor"),
    Binding("alt+o", "facilitation(\'roster')", "Roster", id="roster", show=False, priority=True),
    Binding("ctrl+l", "facilitation(\'park_item')", "Park", id="park_item", tooltip="Park an off-topic point"),
    Binding("alt+i", "facilitation(\'add_idea')", "Ideas", id="add_idea", show=False, priority=True),
    Binding("alt+s", "facilitation(\'start_round')", "Silent round", id="start_round", show=False, priority=True),
    Binding("alt+r", "facilitation(\'reveal_round')", "Reveal", id="reveal_round", show=False, priority=True),
    Binding("alt+v", "facilitation(\'voting')", "Vote", id="voting", show=False, priority=True),
    Binding("alt+a", "facilitation(\'agenda')", "Agenda", id="agenda", show=False, priority=True),
    Binding("alt+l", "facilitation(\'parking_lot')", "Parking lot", id="parking_lot", show=False, priority=True),
    Binding("alt+d", "facilitation(\'decision_log')", "Decisions", id="decision_log", show=False, priority=True),
    Binding("f7,alt+p", "presenter_mode", "Present", id="presenter_mode", priority=True),
]
"""Keys for the facilitation actions (all of them are also palette commands); ids are the action names."""
