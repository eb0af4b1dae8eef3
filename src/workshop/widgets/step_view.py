"""Provides StepView: one step on screen — its question, help texts, answer boxes and next action."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from ..model.session import Session
from ..model.template import FieldType, Stage, StageKind, Step
from .fields import FieldEditor
from .safe_text import shown

if TYPE_CHECKING:  # imported when a step needs them: start-up stays quick (issue 7)
    from textual.widgets import Collapsible

    from .decision_panel import DecisionLogPanel
    from .faq_list import FaqPanel
    from .pr_preview import PressReleasePreview

PANELS: dict[str, str] = {
    "guidance": "Guidance",
    "example": "Worked example",
    "notes": "Facilitator notes",
}
"""Toggleable help panels: id -> title."""

PANEL_KEYS: dict[str, str] = {"guidance": "f8", "example": "f9", "notes": "f10"}
"""The default key of each panel's toggle (shown in its title)."""


@dataclass
class StepContext:
    """What a StepView needs to know besides the step itself."""

    number: int
    """1-based position of the step in the template."""
    total: int
    """Number of steps in the template."""
    next_title: str = ""
    """Title of the next step (empty on the last step)."""
    open_panels: frozenset[str] = frozenset()
    """Which help panels start expanded."""
    pr_markdown: str = ""
    """The press release so far (press-release steps only)."""
    pr_words: int = 0
    """Its word count."""
    panel_keys: dict[str, str] = field(default_factory=lambda: dict(PANEL_KEYS))
    """Panel id -> the key that toggles it (as shown, remaps included)."""
    next_key: str = "F6"
    """The key that goes to the next step (as shown)."""
    quick: bool = False
    """Compose only the question and the answer boxes (the app's first frame);
    `StepView.add_rest()` adds the help panels, checklist and next button."""


class StepView(Vertical):
    """One step: where we are, the question, help panels, answer boxes, next action.

    The view only shows; answers leave it as `FieldEditor.Changed` and
    `FaqPanel.Request` messages that the screen turns into model changes.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(
        self, stage: Stage, step: Step, session: Session, context: StepContext, *, id: str | None = None
    ) -> None:
        """Create the view.

        Args:
            stage: The stage the step belongs to.
            step: The step shown.
            session: The session (read for the current answers only).
            context: Position, next step and panel state.
            id: Widget id.
        """
        kinds = [f"-{stage.kind.value}"]
        super().__init__(id=id, classes=" ".join(kinds))
        self.stage = stage
        """The step's stage."""
        self.step = step
        """The step shown."""
        self.session = session
        """The session (read only here)."""
        self.context = context
        """Position, next step and panel state."""
        self.leaving = False
        """Set when a step change takes this view down: its parts may already be gone
        while it is still attached, so late work (the start-up worker, a timer) leaves it alone."""

    @property
    def is_press_release(self) -> bool:
        """True for steps of a press-release stage."""
        return self.stage.kind is StageKind.PRESS_RELEASE

    @property
    def is_faq(self) -> bool:
        """True when the step holds an FAQ list."""
        return any(f.type is FieldType.FAQ for f in self.step.fields)

    def where_text(self) -> Content:
        """`Stage · Step n of m · ⏱ 10 min suggested`."""
        parts: list[tuple[str, str] | Content] = [
            Content.styled(shown(self.stage.title), "bold $text-accent"),
            (f"  ·  Step {self.context.number} of {self.context.total}", ""),
        ]
        if self.step.optional:
            parts.append(("  ·  optional", "$text-muted"))
        minutes = self.planned_minutes()
        if minutes:
            word = "suggested" if minutes == self.step.timebox_minutes else "planned"
            parts.append((f"  ·  ⏱ {minutes} min {word}", "bold"))
        return Content.assemble(*parts)

    def planned_minutes(self) -> int:
        """The step's timebox in whole minutes: the agenda's plan once set, else the template's."""
        timer = self.session.facilitation.timers.get(self.step.id)
        if timer is None:
            return self.step.timebox_minutes
        return (timer.planned + 59) // 60

    def refresh_live(self) -> None:
        """Redraw what shows the live session: the `Stage · Step n of m · ⏱` line (the
        timebox may have changed in the agenda) and the decision log of a Decisions step."""
        where = self.query_one_optional("#step-where", Static)
        if where is not None:
            where.update(self.where_text())
        panel = self.decision_panel()
        if panel is not None:
            panel.show()

    def decision_panel(self) -> DecisionLogPanel | None:
        """The decision log of a Decisions step (None on other steps)."""
        if not self.step.decision_log:
            return None
        found = self.query("DecisionLogPanel")
        return found.first() if found else None  # type: ignore[return-value]

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        """Head (where + question), scrolling body, optional preview."""
        with Vertical(id="step-head"):
            yield Static(self.where_text(), id="step-where")
            yield Static(Content(shown(self.step.question or self.step.title)), id="question")
        with Container(id="step-body"):
            with VerticalScroll(id="step-scroll", can_focus=False):
                if not self.context.quick:
                    yield from self._panels()
                    yield from self._checklist()
                yield from self._fields()
                if not self.context.quick:
                    yield self._next_row()
            if self.is_press_release:
                from .pr_preview import PressReleasePreview

                yield PressReleasePreview(
                    self.context.pr_markdown, self.context.pr_words, id="pr-preview"
                )

    async def add_rest(self) -> None:
        """Add what a quick first frame left out: help panels, checklist, next button."""
        if not self.context.quick or self.leaving or not self.is_attached:
            return
        self.context.quick = False
        scroll = self.query_one("#step-scroll", VerticalScroll)
        extras = [*self._panels(), *self._checklist()]
        first = scroll.children[0] if scroll.children else None
        with self.app.batch_update():
            if extras:
                await scroll.mount_all(extras, before=first)
            if self.leaving or not self.is_attached:  # a step change took this view away meanwhile
                return
            await scroll.mount(self._next_row())
        if self.leaving or not self.is_attached:
            return
        # The boxes moved down: bring the focused one back into view (as on a step change).
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors:
            self.call_after_refresh(self.scroll_to_focus)

    def _panel_texts(self) -> dict[str, str]:
        return {
            "guidance": self.step.guidance.strip(),
            "example": self.step.example.strip(),
            "notes": self.step.facilitator_notes.strip(),
        }

    def _panels(self) -> ComposeResult:
        # Here, not at the top: a first frame shows no panel (start-up, issue 12 §4).
        from .step_help import StepHelpPanel

        texts = self._panel_texts()
        for panel_id, title in PANELS.items():
            text = texts[panel_id]
            collapsible = StepHelpPanel(
                text or "*Nothing here for this step.*",
                title=f"{title} ({self.context.panel_keys.get(panel_id, '')})",
                collapsed=panel_id not in self.context.open_panels,
                id=panel_id,
            )
            collapsible.display = bool(text)
            yield collapsible

    def _checklist(self) -> ComposeResult:
        if self.step.checklist:
            lines = "\n".join(f"☐ {shown(item)}" for item in self.step.checklist)
            yield Static(Content.assemble(("Before you move on\n", "bold"), lines), id="checklist")

    def _next_row(self) -> Horizontal:
        if self.context.next_title:
            label = f"Next: {shown(self.context.next_title)}  →  ({self.context.next_key})"
        else:
            label = "Last step done? Export the PR/FAQ"
        return Horizontal(
            # Content: a step title's "[…]" is text, not markup
            Button(Content(label), id="next-step", variant="primary", compact=True), id="next-row"
        )

    def _fields(self) -> ComposeResult:
        if self.step.decision_log:
            from .decision_panel import DecisionLogPanel

            yield DecisionLogPanel(self.session, id="decision-panel")
        for item in self.step.fields:
            if item.type is FieldType.FAQ:
                from .faq_list import FaqPanel

                yield FaqPanel(
                    item.faq_kind,
                    item.label,
                    self.session.faq_items(item.faq_kind),
                    item.suggestions,
                    draft=self.session.faq_drafts.get(item.faq_kind, ""),
                    id=f"faq-{item.id}",
                )
            else:
                yield FieldEditor(
                    self.step.id,
                    item,
                    self.session.get_answer(self.step.id, item.id),
                    id=f"field-{item.id}",
                )

    # ------------------------------------------------------------ queries
    def has_panel(self, panel_id: str) -> bool:
        """True when the step has text for that help panel."""
        return bool(self._panel_texts().get(panel_id))

    def panel_open(self, panel_id: str) -> bool:
        """True when the help panel is expanded."""
        collapsible = self._panel(panel_id)
        if collapsible is None:  # not built yet: as it will be built
            return panel_id in self.context.open_panels
        return not collapsible.collapsed

    def _panel(self, panel_id: str) -> Collapsible | None:
        """The help panel, None while it is not there (a quick first frame, a view still
        composing during a step change, or one being removed)."""
        if self.context.quick:
            return None
        from textual.widgets import Collapsible

        return self.query_one_optional(f"#{panel_id}", Collapsible)

    def set_panel(self, panel_id: str, open_: bool) -> None:
        """Expand or collapse a help panel (and bring it into view when opened)."""
        collapsible = self._panel(panel_id)
        if collapsible is None:  # not there yet: `add_rest` or compose builds it this way
            panels = set(self.context.open_panels)
            (panels.add if open_ else panels.discard)(panel_id)
            self.context.open_panels = frozenset(panels)
            return
        collapsible.collapsed = not open_
        scroll = self.query_one_optional("#step-scroll", VerticalScroll)
        if open_ and scroll is not None:
            scroll.scroll_to_widget(collapsible, top=True)

    def faq_panel(self) -> FaqPanel | None:
        """The step's FAQ panel, if it has one."""
        if not self.is_faq:
            return None
        panels = self.query("FaqPanel")
        return panels.first() if panels else None  # type: ignore[return-value]

    def editors(self) -> list[FieldEditor]:
        """The step's answer boxes, in order."""
        return list(self.query(FieldEditor))

    def preview(self) -> PressReleasePreview | None:
        """The press release preview, on press-release steps."""
        if not self.is_press_release:
            return None
        found = self.query("PressReleasePreview")
        return found.first() if found else None  # type: ignore[return-value]

    def focus_first(self) -> None:
        """Put the cursor in the first answer box (or the new-question box).

        Focus moves at once (so keys typed right after a step change land
        there); the scroll follows once the step is laid out.
        """
        panel = self.faq_panel()
        editors = self.editors()
        if editors and (panel is None or self.step.fields[0].type is not FieldType.FAQ):
            editors[0].focus_box()
        elif panel is not None:
            panel.focus_new_question()
        else:
            button = self.query_one_optional("#next-step", Button)
            if button is not None:
                self.screen.set_focus(button)
        self.call_after_refresh(self.scroll_to_focus)
        # Once more when the step has surely been laid out (slow terminals, reflow).
        self.set_timer(0.2, self.scroll_to_focus, name="scroll-to-focus")

    def scroll_to_focus(self) -> None:
        """Bring the focused box into view (the question stays on top)."""
        if self.leaving or not self.is_attached:
            return  # the user already moved to another step
        focused = self.screen.focused
        if focused is None or self not in focused.ancestors:
            return
        scroll = self.query_one("#step-scroll", VerticalScroll)
        if scroll in focused.ancestors and focused.region and scroll.region:
            # Where the box ends within the scrolled content: when it fits with
            # the view at the top, stay there so the help toggles above it show.
            bottom = (
                focused.region.bottom - scroll.scrollable_content_region.y + scroll.scroll_y
            )
            if bottom <= scroll.scrollable_content_region.height:
                scroll.scroll_home(animate=False)
                return
        # scroll_visible waits for a layout when the box has not had one yet.
        focused.scroll_visible(animate=False)
