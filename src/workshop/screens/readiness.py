"""Provides ReadinessScreen: per stage, the template's checklist to tick and the writing checks' results.

The checklist items come from the template (each step's "Before you move
on" list), grouped by stage; ticks are kept in the session. Beside them, the
findings of the highlighted stage and the whole-document numbers (press
release words and grade, FAQ pages). Nothing here blocks the export: the
view informs, the team decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ..dispatch import Change, Dispatcher
from ..keys import key_or
from ..model import operations as ops
from ..model.readiness import stage_checklist
from ..model.session import Session
from ..model.template import Stage, StageKind, Template
from ..model.text import plural
from ..safe import shown
from ..widgets.findings import counts_text, finding_prompt
from ..widgets.paging import SafeOptionList
from ..widgets.session_footer import SessionFooter
from .changes import UNDO_BINDINGS, UndoInView
from .dismiss_once import DismissOnce

if TYPE_CHECKING:
    from ..coach import Finding, Report


class ChecklistList(SafeOptionList):
    """Every stage's checklist; space or Enter ticks the highlighted item."""

    BINDINGS = [
        Binding("space,enter", "tick", "Tick", id="readiness_tick"),
    ]

    def action_tick(self) -> None:
        """Tick or untick the highlighted item."""
        screen = self.screen
        if isinstance(screen, ReadinessScreen):
            screen.toggle_highlighted()


class ReadinessScreen(DismissOnce, UndoInView, Screen["Finding | str | None"]):
    """Readiness per stage: checklist ticks and check results (see the module docstring).

    Dismisses with a finding (Enter on a finding: the session screen goes
    there), a step id, or None (Escape).
    """

    CSS_PATH = "readiness.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Back", id="readiness_close"),
        *UNDO_BINDINGS,  # a tick, or any other change to the session
        Binding("tab", "app.focus_next", "Next list", show=False),
        Binding("ctrl+r", "recheck", "Check again", id="readiness_recheck", show=False),
    ]

    def __init__(
        self,
        session: Session,
        template: Template,
        *,
        report: "Report | None" = None,
        on_change: Callable[[], None] | None = None,
        dispatcher: Dispatcher | None = None,
    ) -> None:
        """Create the view.

        Args:
            session: The session (its ticks change here).
            template: Its template (stages, checklists).
            report: The latest check result, if any (a fresh check runs on open).
            on_change: Called after a tick changes the session (the host saves).
        """
        super().__init__()
        self.session = session
        """The session."""
        self.template = template
        """Its template."""
        self.report = report
        """The check result shown."""
        self.on_change = on_change or (lambda: None)
        """Called after every change."""
        self.dispatcher = dispatcher or Dispatcher.of(session)
        """Where ticks go (the open document's: undo, history, the save)."""
        self.stage_id = next((s.id for s in template.stages if s.steps), "")
        """The stage whose checks are shown."""
        self._rows: dict[str, tuple[str, str, str]] = {}
        self._findings: list["Finding"] = []

    def compose(self) -> ComposeResult:
        """Summary, checklist beside the stage's checks, footer."""
        yield Header()
        yield Static("", id="readiness-summary")
        with Horizontal(id="readiness-main"):
            with Vertical(id="checklist-side"):
                yield ChecklistList(id="checklist", markup=False)
            with Vertical(id="checks-side"):
                yield Static("", id="stage-title")
                yield SafeOptionList(id="stage-findings", markup=False)
        yield SessionFooter()

    def on_mount(self) -> None:
        """Fill in the lists; check again in the background."""
        self.title = shown(self.session.title)
        self.sub_title = "Readiness"
        ticks = key_or(self, "readiness_tick", "space")
        self.query_one("#checklist", ChecklistList).border_title = f"Checklists ({ticks} ticks)"
        # Enter is the OptionList's own select key (no binding id to ask for).
        self.query_one("#stage-findings", OptionList).border_title = "Checks (Enter goes there)"
        self._fill_checklist()
        self._paint()
        self.query_one("#checklist", ChecklistList).focus()
        self.recheck()

    # ------------------------------------------------------------ checks
    def recheck(self) -> None:
        """Snapshot the session here (UI thread), then check it in a thread."""
        from .. import coach

        self._check_in_thread(coach.take_snapshot(self.session, self.template))

    @work(thread=True, exclusive=True, group="readiness-check", exit_on_error=False)
    def _check_in_thread(self, snapshot: object) -> None:
        """Run the checks on an immutable snapshot; post the result back without blocking."""
        from .. import coach

        report = coach.check_snapshot(snapshot, coach.load_rules())
        self.app.call_soon_from_thread(self.show_report, report)

    def action_recheck(self) -> None:
        """Check the writing again now."""
        self.recheck()

    def show_report(self, report: "Report") -> None:
        """Show a check result."""
        self.report = report
        self._fill_checklist()
        self._paint()

    # ------------------------------------------------------------ checklist
    def _stage_findings(self, stage_id: str) -> list["Finding"]:
        if self.report is None:
            return []
        return [f for f in self.report.findings if f.stage_id == stage_id]

    def _fill_checklist(self) -> None:
        listing = self.query_one("#checklist", ChecklistList)
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        options: list[Option | None] = []
        self._rows.clear()
        for stage in self.template.stages:
            items = stage_checklist(stage)
            if not stage.steps:
                continue
            ticked, total = self.session.readiness.count(stage)
            head: list[Any] = [(stage.title, "bold $text-accent")]
            if total:
                style = "$text-success" if ticked == total else "$text-muted"
                head.append((f"  {ticked}/{total} ticked", style))
            if self.report is not None:
                head += ["  ", counts_text(self._stage_findings(stage.id))]
            options.append(Option(Content.assemble(*head), id=f"stage:{stage.id}"))
            self._rows[f"stage:{stage.id}"] = (stage.id, "", "")
            if not items:
                options.append(Option(Content.styled("  (no checklist)", "$text-muted"), disabled=True))
            for index, (step, item) in enumerate(items):
                option_id = f"tick:{stage.id}:{index}"
                self._rows[option_id] = (stage.id, step.id, item)
                done = self.session.readiness.is_ticked(step.id, item)
                options.append(
                    Option(
                        Content.assemble(
                            ("  ☑ " if done else "  ☐ ", "$text-success" if done else ""),
                            (item, "$text-muted" if done else ""),
                            (f"  · {step.title}", "$text-muted"),
                        ),
                        id=option_id,
                    )
                )
        listing.set_options(options)
        ids = [option.id for option in options if option is not None]
        if keep in ids:
            listing.highlighted = listing.get_option_index(keep)
        elif ids:
            listing.highlighted = 1 if len(ids) > 1 else 0

    def toggle_highlighted(self) -> None:
        """Tick or untick the highlighted item (on a stage row: go to its first step)."""
        listing = self.query_one("#checklist", ChecklistList)
        option = listing.highlighted_option
        if option is None or option.id is None:
            return
        stage_id, step_id, item = self._rows.get(option.id, ("", "", ""))
        if not item:
            stage = next((s for s in self.template.stages if s.id == stage_id), None)
            if stage is not None and stage.steps:
                self.dismiss(stage.steps[0].id)
            return
        ticked = list(self.session.readiness.ticked.get(step_id, []))
        ticked = [text for text in ticked if text != item] if item in ticked else [*ticked, item]
        who = self.session.facilitation.current_contributor or self.session.facilitator
        self.dispatcher.submit(ops.SetTicked(step_id, ticked, actor=who))
        self.on_change()
        self._fill_checklist()
        self._paint()

    def shows_change(self, change: Change) -> bool:
        return change.part == "readiness"

    def redraw_after_undo(self, change: Change) -> None:
        self.on_change()
        self._fill_checklist()
        self._paint()

    @on(OptionList.OptionHighlighted, "#checklist")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        stage_id = self._rows.get(event.option.id or "", ("", "", ""))[0]
        if stage_id and stage_id != self.stage_id:
            self.stage_id = stage_id
            self._paint_stage()

    @on(OptionList.OptionSelected, "#checklist")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter is bound to "tick" on the list; a click ticks too
        if event.option.id and event.option.id.startswith("tick:"):
            self.toggle_highlighted()

    @on(OptionList.OptionSelected, "#stage-findings")
    def _finding_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._findings):
            self.dismiss(self._findings[index])

    # ------------------------------------------------------------ painting
    def _paint(self) -> None:
        self._paint_summary()
        self._paint_stage()

    def _paint_summary(self) -> None:
        ticked = total = 0
        for stage in self.template.stages:
            done, count = self.session.readiness.count(stage)
            ticked, total = ticked + done, total + count
        parts: list[Any] = [("Checklists ", "bold"), f"{ticked} of {total} ticked", ("  ·  Checks ", "bold")]
        report = self.report
        if report is None:
            parts.append(("checking…", "$text-muted"))
        else:
            parts.append(counts_text(report.findings))
            stats = report.stats
            parts.append(
                f"  ·  Press release {stats.press_release_words}/{plural(stats.press_release_word_limit, 'word')}"
            )
            if stats.readability_grade is not None:
                parts.append(f", grade {stats.readability_grade:.1f}")
            parts.append(
                f"  ·  FAQ {plural(stats.faq_questions, 'question')}, {stats.faq_pages:.1f} of "
                f"{stats.faq_max_pages:g} pages"
            )
        parts.append(("\nFindings never block the export: it works at any time.", "italic $text-muted"))
        self.query_one("#readiness-summary", Static).update(Content.assemble(*parts))

    def _stage(self) -> Stage | None:
        return next((s for s in self.template.stages if s.id == self.stage_id), None)

    def _paint_stage(self) -> None:
        stage = self._stage()
        title = self.query_one("#stage-title", Static)
        listing = self.query_one("#stage-findings", OptionList)
        if stage is None:
            title.update("")
            listing.clear_options()
            return
        lines: list[Any] = [(f"{stage.title}: ", "bold")]
        findings = self._stage_findings(stage.id)
        if self.report is None:
            lines.append(("checking…", "$text-muted"))
        else:
            lines.append(counts_text(findings))
            stats = self.report.stats
            if stage.kind is StageKind.PRESS_RELEASE:
                grade = (
                    f", grade {stats.readability_grade:.1f}"
                    if stats.readability_grade is not None
                    else ""
                )
                lines.append(
                    f"\n{stats.press_release_words} of {plural(stats.press_release_word_limit, 'word')}{grade}"
                )
            elif stage.kind is StageKind.FAQ:
                lines.append(
                    f"\n{plural(stats.faq_questions, 'question')}, {stats.faq_unanswered} unanswered, "
                    f"{stats.faq_pages:.1f} of {stats.faq_max_pages:g} pages"
                )
        title.update(Content.assemble(*lines))
        self._findings = findings
        options: list[Option | None] = []
        for index, finding in enumerate(findings):
            if options:
                options.append(None)
            options.append(
                Option(finding_prompt(finding, self.template, self._text_of(finding)), id=f"f{index}")
            )
        if not findings and self.report is not None:
            options.append(Option(Content.styled("Nothing flagged in this stage.", "$text-success"), disabled=True))
        listing.set_options(options)

    def _text_of(self, finding: "Finding") -> str | None:
        if finding.item_id:
            item = self.session.find_faq(finding.item_id)
            if item is None:
                return None
            return item.answer if finding.part == "answer" else item.question
        if not finding.field_id or not finding.step_id:
            return None
        return self.session.get_text(finding.step_id, finding.field_id)

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)
