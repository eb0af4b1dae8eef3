"""Provides PracticePanel: practice mode's worked example, weak vs strong answer and hints for a step.

Beside the step the user is answering, the panel shows:

- their answer next to the template's worked example;
- a weak and a strong answer to the same question, with one line on why the
  strong one is better (and what the writing coach says about the weak one);
- the step's hints on top, unfolding one at a time ("Next hint").

All of it comes from the template (content/, not code). The panel only
shows; the screen sets the step, the answer as it is typed, and how many
hints are open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Markdown, Static

from ..model.template import Step
from ..safe import shown

if TYPE_CHECKING:
    from ..coach import Finding

STACK_BELOW = 64
"""Narrower than this (cells), the weak and strong answers stack, and "Your answer" is
left out: the panel then sits beside the answer box itself, which is the user's answer."""

_SOFT_BREAK = re.compile(r"(?<!\n)\n(?![\n\-*>#\d])")


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of a paragraph (a template's TOML keeps them short)."""
    return _SOFT_BREAK.sub(" ", text.strip())


class PracticePanel(VerticalScroll):
    """Practice mode for the step on screen (see the module docstring)."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(
        self,
        *,
        next_hint_key: str = "alt+h",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the panel (empty until `show_step`).

        Args:
            next_hint_key: The key that opens the next hint (as shown).
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.next_hint_key = next_hint_key
        """The key that opens the next hint."""
        self.step: Step | None = None
        """The step shown."""
        self.answer = ""
        """The user's answer, as last set."""
        self.hints_shown = 0
        """How many of the step's hints are open."""
        self.weak_findings: tuple["Finding", ...] = ()
        """What the coach says about the weak answer."""
        self.border_title = "Practice"
        self._ready = False

    def compose(self) -> ComposeResult:
        """Hints, answer vs example, weak vs strong, why."""
        yield Static("", id="hints")
        with Horizontal(id="answer-vs-example", classes="pair"):
            with Vertical(classes="column", id="your-answer-column"):
                yield Label("Your answer", classes="column-title")
                yield Static("", id="your-answer", markup=False)
            with Vertical(classes="column"):
                yield Label("Worked example", classes="column-title")
                yield Markdown("", id="worked-example")
        with Horizontal(id="weak-vs-strong", classes="pair"):
            with Vertical(classes="column -weak"):
                yield Label("✗ A weak answer", classes="column-title")
                yield Markdown("", id="weak-answer")
                yield Static("", id="weak-findings")
            with Vertical(classes="column -strong"):
                yield Label("✓ A strong answer", classes="column-title")
                yield Markdown("", id="strong-answer")
        yield Static("", id="why-strong")

    def on_mount(self) -> None:
        """Fill in the step, if one was set before mounting."""
        self._ready = True  # `is_mounted` only turns true after this handler
        self._paint()

    def on_resize(self) -> None:
        """Stack the columns when the panel is narrow."""
        self.set_class(self.size.width < STACK_BELOW, "-stacked")

    # ------------------------------------------------------------ state in
    def show_step(
        self,
        step: Step,
        answer: str,
        hints_shown: int = 0,
        weak_findings: Sequence["Finding"] = (),
    ) -> None:
        """Show practice material for `step`.

        Args:
            step: The step on screen.
            answer: The user's answer so far (all its fields, as text).
            hints_shown: How many hints are open.
            weak_findings: The coach's findings on the step's weak answer.
        """
        self.step = step
        self.answer = answer
        self.hints_shown = hints_shown
        self.weak_findings = tuple(weak_findings)
        self.border_title = Content(f"Practice · {shown(step.title)}")  # a str would be markup
        self._paint()
        self.scroll_home(animate=False)

    def update_answer(self, answer: str) -> None:
        """Show the user's answer as it is typed."""
        if answer != self.answer:
            self.answer = answer
            if self._ready:
                self._paint_answer()

    def show_hints(self, count: int) -> None:
        """Open the first `count` hints."""
        self.hints_shown = count
        if self._ready:
            self._paint_hints()

    def set_weak_findings(self, findings: Sequence["Finding"]) -> None:
        """Show what the coach says about the weak answer."""
        self.weak_findings = tuple(findings)
        if self._ready:
            self._paint_weak_findings()

    @property
    def hint_count(self) -> int:
        """How many hints the step has."""
        return len(self.step.hints) if self.step is not None else 0

    # ------------------------------------------------------------ painting
    def _paint(self) -> None:
        if not self._ready or self.step is None:
            return
        step = self.step
        self._paint_answer()
        self.query_one("#worked-example", Markdown).update(
            step.example.strip() or "*This step has no worked example.*"
        )
        has_pair = bool(step.weak_answer.strip() or step.strong_answer.strip())
        self.query_one("#weak-vs-strong").display = has_pair
        self.query_one("#weak-answer", Markdown).update(unwrap(step.weak_answer) or "—")
        self.query_one("#strong-answer", Markdown).update(unwrap(step.strong_answer) or "—")
        why = self.query_one("#why-strong", Static)
        why.display = bool(step.why_strong.strip())
        why.update(
            Content.assemble(("Why the strong one is better: ", "bold"), unwrap(step.why_strong))
        )
        self._paint_weak_findings()
        self._paint_hints()

    def _paint_answer(self) -> None:
        box = self.query_one("#your-answer", Static)
        if self.answer.strip():
            box.update(Content(shown(self.answer.strip())))
            box.remove_class("-empty")
        else:
            box.update(Content.styled("Nothing yet. Type in the answer box; it shows here.", "italic $text-muted"))
            box.add_class("-empty")

    def _paint_weak_findings(self) -> None:
        box = self.query_one("#weak-findings", Static)
        findings = self.weak_findings
        box.display = bool(findings)
        if not findings:
            return
        lines: list[Content] = [Content.styled("The coach would flag:", "bold")]
        for finding in findings[:4]:
            lines.append(Content.assemble(("• ", "$text-warning"), (finding.rule_id, "bold"), ": ", finding.message))
        if len(findings) > 4:
            lines.append(Content.styled(f"…and {len(findings) - 4} more", "$text-muted"))
        box.update(Content("\n").join(lines))

    def _paint_hints(self) -> None:
        box = self.query_one("#hints", Static)
        hints = self.step.hints if self.step is not None else ()
        box.display = bool(hints)
        if not hints:
            return
        shown = min(self.hints_shown, len(hints))
        lines: list[Content] = [
            Content.assemble(("Hints ", "bold"), (f"{shown} of {len(hints)}", "$text-muted"))
        ]
        for number, hint in enumerate(hints[:shown], start=1):
            lines.append(Content.assemble((f"{number}. ", "bold $text-accent"), unwrap(hint)))
        if shown < len(hints):
            more = len(hints) - shown
            lines.append(
                Content.styled(
                    f"{self.next_hint_key}: {'first' if not shown else 'next'} hint "
                    f"({more} more)",
                    "$text-muted",
                )
            )
        else:
            lines.append(Content.styled("That's every hint for this step.", "$text-muted"))
        box.update(Content("\n").join(lines))
