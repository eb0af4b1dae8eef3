"""Provides PracticeMode: the coach's practice mode (worked example, weak vs strong answer, hints).

A piece of `CoachPart` (screens/coach.py): the coach makes one `PracticeMode(self)`
and calls `paint`, `paint_answer` and `paint_weak` as steps, answers and checks
change; the screen's `toggle_practice` and `next_hint` actions come here.
"""

from __future__ import annotations

from typing import Any

from ..model.template import FieldType, StageKind, Step
from ..model.text import plural
from .coach_piece import CoachPiece

SETTINGS_KEY = "practice"
"""Key in the settings file that keeps the whole app in practice mode."""


def answer_text(session: Any, step: Step) -> str:
    """A step's answer as plain text, field by field (for practice mode's "Your answer")."""
    parts: list[str] = []
    labelled = len(step.fields) > 1
    for item in step.fields:
        if item.type is FieldType.FAQ:
            items = session.faq_items(item.faq_kind)
            answered = sum(1 for faq in items if faq.answer.strip())
            body = f"{plural(len(items), 'question')}, {answered} with an answer" if items else ""
        else:
            body = session.get_text(step.id, item.id).strip()
        if not body:
            continue
        parts.append(f"{item.label}: {body}" if labelled else body)
    return "\n\n".join(parts)


def practice_scope(step: Step, stage_kind: StageKind) -> tuple[str, str]:
    """The coach scope and press-release role to check a step's weak answer with."""
    if stage_kind is StageKind.PRESS_RELEASE:
        role = next((item.role for item in step.fields if item.role), "")
        return "press_release", role
    if any(item.type is FieldType.FAQ and item.faq_kind == "internal" for item in step.fields):
        return "internal_faq", ""
    if any(item.type is FieldType.FAQ for item in step.fields):
        return "customer_faq", ""
    return "answers", ""



class PracticeMode(CoachPiece):
    """Practice mode of one coach (see the module docstring)."""

    def toggle(self) -> None:
        """Turn practice mode on or off (the app remembers it)."""
        self.set(not self.state.practice_open, remember=True)

    def set(self, on: bool, *, remember: bool) -> None:
        state = self.state
        state.practice_open = on
        panel = self.coach.practice_panel()
        if on and panel is None:
            from ..widgets.practice import PracticePanel

            panel = PracticePanel(next_hint_key=self.coach.key("next_hint", "alt+h"), id="practice-panel")
            side = self.coach.side()
            findings = self.coach.findings_panel()
            if findings is not None:
                side.mount(panel, before=findings)
            else:
                side.mount(panel)
            self.host.call_after_refresh(self.paint, self.coach.current_step())
        elif panel is not None:
            panel.set_class(not on, "-hidden")
            if on:
                self.paint(self.coach.current_step())
        if on:
            self.coach.bring_front("practice")
        if on and not state.weak:
            self.host.call_after_refresh(self.coach.check_now)
        self.coach.update_side()
        if remember:
            self._remember(on)
            self.host.notify(
                "Practice mode is on: worked example beside your answer, a weak and a strong "
                f"answer, and hints ({self.coach.key('next_hint', 'alt+h')})."
                if on
                else "Practice mode is off.",
                title="Practice mode",
                timeout=4,
                markup=False,
            )

    def _remember(self, on: bool) -> None:
        app = self.host.app
        settings = getattr(app, "settings", None)
        save = getattr(app, "_save_settings", None)
        if settings is None or not hasattr(settings, "extra"):
            return
        if on:
            settings.extra[SETTINGS_KEY] = True
        else:
            settings.extra.pop(SETTINGS_KEY, None)
        if callable(save):
            app.run_worker(save, thread=True, exclusive=True, group="settings")

    def paint(self, step_id: str) -> None:
        panel = self.coach.practice_panel()
        document = self.host.document
        step = document.template.step(step_id)
        if panel is None or step is None:
            return
        state = self.state
        panel.show_step(
            step,
            answer_text(document.session, step),
            state.hints.get(step_id, 0),
            state.weak.get(step_id, ()),
        )

    def paint_answer(self) -> None:
        panel = self.coach.practice_panel()
        document = self.host.document
        if panel is not None and panel.step is not None:
            panel.update_answer(answer_text(document.session, panel.step))

    def paint_weak(self) -> None:
        panel = self.coach.practice_panel()
        if panel is not None and panel.step is not None:
            panel.set_weak_findings(self.state.weak.get(panel.step.id, ()))

    def next_hint(self) -> None:
        """Open the next hint of this step (turns practice mode on)."""
        state = self.state
        document = self.host.document
        step = document.template.step(self.coach.current_step())
        if step is None:
            return
        if not step.hints:
            self.host.notify("This step has no hints.", title="Hints", timeout=3)
            return
        shown = state.hints.get(step.id, 0)
        if shown >= len(step.hints):
            self.host.notify(
                "That was the last hint for this step. The worked example is in the practice panel.",
                title="Hints",
                timeout=4,
            )
        else:
            state.hints[step.id] = shown + 1
        if not state.practice_open:
            self.set(True, remember=False)
        else:
            self.coach.bring_front("practice")
            panel = self.coach.practice_panel()
            if panel is not None:
                panel.show_hints(state.hints.get(step.id, 0))
                panel.scroll_home(animate=False)
