"""Provides COACH_BINDINGS: the writing coach's keys on the session screen.

Apart from screens/coach.py so the session screen can declare them without
loading the coach, which starts only after the first frame (issue 12 §4).
"""

from __future__ import annotations

from textual.binding import Binding

COACH_BINDINGS: list[Binding] = [
    Binding("f12,alt+f", "toggle_findings", "Findings", id="toggle_findings", priority=True,
            tooltip="Show the writing coach's findings (again: back to the answer)"),
    Binding("alt+t", "toggle_practice", "Practice", id="toggle_practice", show=False,
            priority=True, tooltip="Practice mode: worked example, weak vs strong answer, hints"),
    Binding("alt+h", "next_hint", "Next hint", id="next_hint", show=False, priority=True),
    Binding("alt+c", "review_meeting", "Review", id="review_meeting", show=False,
            priority=True, tooltip="Read the whole PR/FAQ and collect comments"),
    Binding("alt+k", "readiness", "Readiness", id="readiness", show=False,
            priority=True, tooltip="Checklists and check results per stage"),
]
"""Keys for the coach's actions (every one is also a palette command).

The alt+letter keys are priority bindings: in a real terminal alt+t arrives
as a key whose character is "t", and an Input or TextArea with focus would
type it instead of letting a normal binding run.
"""
