"""Provides CoachPart: the writing coach, practice mode, readiness and review meeting of a session screen.

The session screen makes one `CoachPart(self)` and passes itself as the part's
`CoachHost` (the Protocol below: what the part may ask of the screen). The
screen adds `COACH_BINDINGS` to its `BINDINGS`, `coach.commands()` to its
palette commands, forwards its coach actions and the findings panel's messages
to the part, and calls three hooks:

- `start()` once mounted: the first check runs at once;
- `changed()` after every change to the session: the check runs again
  `CHECK_DELAY` seconds after the user pauses typing (a restarted timer);
- `step_changed(step_id)` after a step is shown: the panels follow and
  the step's answer boxes get their findings badges.

Checks never run on the UI thread: the texts are copied into an immutable
snapshot here (a fraction of a millisecond), checked in a thread worker, and
the report comes back as a `CoachPart.Checked` message to the screen, which
hands it to `checked()`. A result that a newer check has overtaken is dropped.
Panels are mounted into a `#coach-side` container created next to `#step-host`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Protocol

from textual.app import SystemCommand
from textual.containers import Container
from textual.message import Message

from ..model.template import FieldType
from ..model.text import plural
from .coach_keys import COACH_BINDINGS  # noqa: F401 - the coach's keys, defined apart (start-up)

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.query import DOMQuery
    from textual.timer import Timer
    from textual.widget import Widget

    from ..coach import Finding, Report
    from ..document import OpenDocument
    from ..widgets.findings import FindingsPanel
    from ..widgets.navigator import StepNavigator
    from ..widgets.practice import PracticePanel
    from ..widgets.step_view import StepView
    from .coach_findings import FindingActions
    from .coach_practice import PracticeMode
    from .coach_views import CoachViews

CHECK_DELAY = 0.6
"""Seconds after the last change before the writing checks run again."""

@dataclass
class CoachState:
    """What the coach keeps per screen (not saved)."""

    report: "Report | None" = None
    """The latest check result (None until the first check finished)."""
    generation: int = 0
    """Counts checks started; a result of an older one is dropped."""
    timer: "Timer | None" = None
    """The debounce timer of the next check."""
    error: str = ""
    """Why the checks can't run (a broken rules file); empty when they can."""
    weak: dict[str, tuple["Finding", ...]] = field(default_factory=dict)
    """Step id -> the coach's findings on that step's weak answer (practice mode)."""
    hints: dict[str, int] = field(default_factory=dict)
    """Step id -> hints open in practice mode."""
    findings_open: bool = False
    """The findings panel is shown."""
    practice_open: bool = False
    """Practice mode is on."""
    checks_run: int = 0
    """Checks finished (for tests and the status)."""
    last_ms: float = 0.0
    """How long the last check took in its worker, in milliseconds."""


def _check_in_thread(snapshot: Any, weak_texts: dict[str, tuple[str, str, str]]) -> tuple[Any, dict, float]:
    """Run every check on `snapshot` (and on the weak answers asked for); runs in a worker."""
    import time

    from .. import coach

    started = time.perf_counter()
    rules = coach.load_rules()
    report = coach.check_snapshot(snapshot, rules)
    weak = {
        step_id: tuple(coach.check_text(text, rules, scope=scope, role=role))
        for step_id, (text, scope, role) in weak_texts.items()
    }
    return report, weak, (time.perf_counter() - started) * 1000


class CoachHost(Protocol):
    """What the coach may ask of the screen it is part of (the session screen)."""

    document: OpenDocument
    """The open session."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def step_view(self) -> StepView | None: ...
    @property
    def navigator(self) -> StepNavigator | None: ...
    def show_step(self, step_id: str, *, focus: bool = True) -> Awaitable[None]: ...
    def after_change(self) -> None: ...
    def default_export_path(self) -> Path: ...
    def export_to(self, path: Path, options: Any, force: bool) -> None: ...
    def key(self, binding_id: str, default: str) -> str: ...
    # What any Textual screen offers, used on this screen:
    def query(self, selector: Any = None) -> DOMQuery[Any]: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def set_timer(self, delay: float, callback: Callable[[], Any], **kwargs: Any) -> Timer: ...
    def run_worker(self, work: Any, **kwargs: Any) -> Any: ...
    def post_message(self, message: Message) -> bool: ...
    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...
    def set_focus(self, widget: Widget | None, **kwargs: Any) -> None: ...
    def set_class(self, add: bool, *class_names: str, **kwargs: Any) -> Any: ...
    def mount(self, *widgets: Widget, **kwargs: Any) -> Any: ...
    @property
    def log(self) -> Any: ...


class CoachPart:
    """The coach of one session screen (see the module docstring)."""

    def __init__(self, host: CoachHost) -> None:
        """Create the part; `host` is the screen (it satisfies CoachHost)."""
        self.host = host
        """The screen this is part of."""
        self.state = CoachState()
        """What the coach keeps for this screen (not saved)."""

    @dataclass
    class Checked(Message):
        """A check finished in its worker (posted to the screen that started it)."""

        generation: int
        """Which check this is the result of."""
        report: "Report | None"
        """The result (None when the check failed)."""
        weak: dict[str, tuple["Finding", ...]]
        """Findings on weak answers that were checked with it."""
        error: str = ""
        """Why the check failed."""
        elapsed_ms: float = 0.0
        """Time spent in the worker."""

    # ---------------------------------------------------------------- pieces (made on first use: start-up)
    @cached_property
    def practice(self) -> PracticeMode:
        """Practice mode (screens/coach_practice.py)."""
        from .coach_practice import PracticeMode

        return PracticeMode(self)

    @cached_property
    def views(self) -> CoachViews:
        """Review meeting, readiness, export with comments (screens/coach_views.py)."""
        from .coach_views import CoachViews

        return CoachViews(self)

    @cached_property
    def finding_actions(self) -> FindingActions:
        """Jumping to a finding, dismissing and restoring one (screens/coach_findings.py)."""
        from .coach_findings import FindingActions

        return FindingActions(self)

    # ---------------------------------------------------------------- state
    @property
    def report(self) -> "Report | None":
        """The latest check result (None before the first check)."""
        return self.state.report

    def key(self, binding_id: str, default: str) -> str:
        return self.host.key(binding_id, default)

    # ---------------------------------------------------------------- hooks
    def start(self) -> None:
        """Run the first check now; restore practice mode if the app keeps it on."""
        settings = getattr(self.host.app, "settings", None)
        from .coach_practice import SETTINGS_KEY

        if settings is not None and getattr(settings, "extra", {}).get(SETTINGS_KEY) is True:
            self.practice.set(True, remember=False)
        self.check_now()

    def changed(self) -> None:
        """The session changed: check again once the user pauses; keep practice mode's answer live."""
        state = self.state
        if state.timer is not None:
            state.timer.stop()
        state.timer = self.host.set_timer(CHECK_DELAY, self.check_now, name="coach-check")
        if state.practice_open:
            self.practice.paint_answer()

    def step_changed(self, step_id: str) -> None:
        """The screen shows `step_id` now: panels follow, answer boxes get their badges."""
        for panel in self.host.query("FindingsPanel"):
            panel.set_step(step_id)
        if self.state.practice_open:
            self.practice.paint(step_id)
        self._paint_field_badges()

    # ---------------------------------------------------------------- checking
    def check_now(self) -> None:
        """Copy the texts (here, on the UI thread) and check them in a thread worker."""
        from .. import coach

        state = self.state
        if state.timer is not None:
            state.timer.stop()
            state.timer = None
        document = self.host.document
        if document.template_missing:
            return  # the stand-in template has no sections to check against
        state.generation += 1
        snapshot = coach.take_snapshot(document.session, document.template)
        weak_texts: dict[str, tuple[str, str, str]] = {}
        if state.practice_open and not state.weak:
            for stage, step in document.template.iter_steps():
                if step.weak_answer.strip():
                    from .coach_practice import practice_scope

                    scope, role = practice_scope(step, stage.kind)
                    weak_texts[step.id] = (step.weak_answer, scope, role)
        self.host.run_worker(
            partial(self._coach_worker, snapshot, weak_texts, state.generation),
            name="coach-check",
            group="coach",
            thread=True,
            exit_on_error=False,
        )

    def _coach_worker(self, snapshot: Any, weak_texts: dict, generation: int) -> None:
        """Check in a worker thread; the result goes back by message."""
        try:
            report, weak, elapsed = _check_in_thread(snapshot, weak_texts)
        except Exception as error:  # noqa: BLE001 - a broken rules file must not crash the app
            describe = getattr(error, "describe", None)
            reason = describe() if callable(describe) else f"{type(error).__name__}: {error}"
            self.host.post_message(self.Checked(generation, None, {}, reason))
            return
        self.host.post_message(self.Checked(generation, report, weak, elapsed_ms=elapsed))

    def checked(self, message: "CoachPart.Checked") -> None:
        """Show a finished check (unless a newer one has started since)."""
        state = self.state
        if message.weak:
            state.weak.update(message.weak)
            if state.practice_open:
                self.practice.paint_weak()
        if message.generation != state.generation:
            return
        if message.report is None:
            if message.error != state.error:
                state.error = message.error
                self.host.notify(
                    f"{message.error}\nThe writing checks are off until this is fixed; "
                    "nothing else is affected.",
                    title="Writing checks can't run",
                    severity="warning",
                    timeout=15,
                    markup=False,
                )
            return
        state.error = ""
        state.report = message.report
        state.checks_run += 1
        state.last_ms = message.elapsed_ms
        self._coach_show_report()

    def _coach_show_report(self) -> None:
        from .. import coach

        report = self.state.report
        if report is None:
            return
        session = self.host.document.session
        reasons = {item.fingerprint: item.reason for item in coach.dismissals(session)}
        for panel in self.host.query("FindingsPanel"):
            panel.show_report(report, self.current_step(), reasons)
        self.paint_badges()
        self._paint_field_badges()

    def current_step(self) -> str:
        return self.host.document.session.current_step

    # ---------------------------------------------------------------- badges
    def badges(self) -> tuple[dict[str, tuple[int, str]], dict[str, int]]:
        """Navigator badges: step id -> (findings, worst severity); row id -> open comments."""
        from .. import coach
        from ..model.comments import open_counts

        document = self.host.document
        findings: dict[str, tuple[int, str]] = {}
        report = self.state.report
        if report is not None:
            for step_id, items in report.by_step().items():
                if step_id:
                    findings[step_id] = (len(items), coach.worst(items))
        comments = open_counts(document.session, document.template)
        return findings, comments

    def paint_badges(self) -> None:
        navigator = self.host.navigator
        if navigator is None:
            return
        try:
            findings, comments = self.badges()
            navigator.set_badges(findings, comments)
        except Exception as error:  # noqa: BLE001 - badges are decoration; never fail an edit
            self.host.log.error(f"coach badges: {error!r}")

    def _paint_field_badges(self) -> None:
        """Put each answer box's findings count in its bottom border."""
        from .coach_text import badge

        report = self.state.report
        view = self.host.step_view
        if report is None or view is None:
            return
        key = self.key("toggle_findings", "f12")
        step_id = view.step.id
        for editor in view.editors():
            badge(editor.box, report.for_field(step_id, editor.field.id), key)
        faq_panel = view.faq_panel()
        if faq_panel is not None:
            field = next(
                (f for f in view.step.fields if f.type is FieldType.FAQ and f.faq_kind == faq_panel.kind),
                None,
            )
            if field is not None:
                findings = report.for_field(step_id, field.id)
                for widget in faq_panel.query("#questions"):
                    badge(widget, findings, key)
                worst_per_item: dict[str, list] = {}
                for finding in findings:
                    worst_per_item.setdefault(finding.item_id, []).append(finding)
                editing = getattr(faq_panel, "editing_id", "")
                for widget in faq_panel.query("#edit-answer"):
                    badge(
                        widget,
                        [f for f in worst_per_item.get(editing, []) if f.part == "answer"],
                        key,
                    )

    # ---------------------------------------------------------------- side panels
    def side(self) -> Container:
        """The container beside the step that holds the coach's panels (made on first use)."""
        found = self.host.query("#coach-side")
        if found:
            return found.first(Container)
        from ..widgets.coach_side import CoachSide

        side = CoachSide(id="coach-side")
        main = self.host.query("#session-main")
        if main:
            main.first().mount(side)
        else:
            self.host.mount(side)
        return side

    def update_side(self) -> None:
        state = self.state
        self.host.set_class(state.findings_open or state.practice_open, "-coach-open")
        if state.findings_open != state.practice_open:  # the one still open is in front
            self.bring_front("findings" if state.findings_open else "practice")

    def bring_front(self, which: str) -> None:
        """On narrow screens only one coach panel fits: show `findings` or `practice`."""
        side = self.side()
        side.set_class(which == "findings", "-findings-front")
        side.set_class(which == "practice", "-practice-front")

    def findings_panel(self) -> FindingsPanel | None:
        panels = self.host.query("FindingsPanel")
        return panels.first() if panels else None

    def practice_panel(self) -> PracticePanel | None:
        panels = self.host.query("PracticePanel")
        return panels.first() if panels else None

    def _text_of(self, finding: "Finding") -> str | None:
        """The current text a finding is about (for showing the words in context)."""
        session = self.host.document.session
        if finding.item_id:
            item = session.find_faq(finding.item_id)
            if item is None:
                return None
            return item.answer if finding.part == "answer" else item.question
        if finding.field_id == "title" and not finding.step_id:
            return session.title
        if not finding.field_id:
            return None
        return session.get_text(finding.step_id, finding.field_id)

    def toggle_findings(self) -> None:
        """Show the findings panel and put the cursor in it; again: hide it, back to the answer."""
        state = self.state
        panel = self.findings_panel()
        if state.findings_open and panel is not None:
            if panel.has_focus_within:
                self._set_findings(False)
                self._coach_focus_answer()
            else:
                self.bring_front("findings")
                panel.focus_list()
            return
        self._set_findings(True)
        panel = self.findings_panel()
        if panel is not None:
            self.host.call_after_refresh(panel.focus_list)

    def _set_findings(self, open_: bool) -> None:
        state = self.state
        state.findings_open = open_
        panel = self.findings_panel()
        if open_ and panel is None:
            document = self.host.document
            from ..widgets.findings import FindingsPanel

            panel = FindingsPanel(document.template, self._text_of, id="findings-panel")
            self.side().mount(panel)
            if state.report is not None:
                self.host.call_after_refresh(self._coach_show_report)
            else:
                panel.step_id = self.current_step()
        elif panel is not None:
            panel.set_class(not open_, "-hidden")
        if open_:
            self.bring_front("findings")
        self.update_side()

    def _coach_focus_answer(self) -> None:
        view = self.host.step_view
        if view is not None:
            view.focus_first()

    # The findings panel's messages reach the screen, which hands them on here.
    def leave_requested(self, event: FindingsPanel.LeaveRequested) -> None:
        """Escape on the findings list: back to the answer."""
        self._coach_focus_answer()

    # ---------------------------------------------------------------- jumping
    async def jump_requested(self, event: FindingsPanel.JumpRequested) -> None:
        """A finding was picked: go there."""
        await self.jump(event.finding)

    async def jump(self, finding: "Finding") -> None:
        """Show a finding's step, put the cursor in its box and select the offending words."""
        await self.finding_actions.jump(finding)

    # ---------------------------------------------------------------- dismissing
    def dismiss_requested(self, event: FindingsPanel.DismissRequested) -> None:
        """`d` on a finding: ask why, then dismiss it."""
        self.ask_dismiss(event.finding)

    def ask_dismiss(self, finding: "Finding") -> None:
        """Ask why, then dismiss the finding for this session."""
        self.finding_actions.ask_dismiss(finding)

    def dismiss(self, finding: "Finding", reason: str) -> bool:
        """Dismiss `finding` with `reason` (kept in the session); return True if it worked."""
        return self.finding_actions.dismiss(finding, reason)

    def restore_requested(self, event: FindingsPanel.RestoreRequested) -> None:
        """`d` on a dismissed finding: bring it back."""
        self.finding_actions.restore(event.finding)

    def after_edit(self) -> None:
        """A coach action changed the session: save as usual, and check again now."""
        self.host.after_change()
        self.check_now()

    # ---------------------------------------------------------------- palette
    def commands(self) -> Iterable[SystemCommand]:
        """The coach's palette commands."""
        state = self.state
        report = state.report
        summary = ""
        if report is not None:
            summary = f" — now {plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}, {report.infos} info"
        yield SystemCommand(
            "Show findings",
            f"The writing coach's findings for this step or the session{summary} "
            f"({self.key('toggle_findings', 'f12')})",
            self.toggle_findings,
        )
        yield SystemCommand(
            "Practice mode",
            ("Turn off" if state.practice_open else "Turn on")
            + " the worked example, weak vs strong answers and hints "
            f"({self.key('toggle_practice', 'alt+t')})",
            self.practice.toggle,
        )
        yield SystemCommand(
            "Next hint",
            f"Open the next hint for this step ({self.key('next_hint', 'alt+h')})",
            self.practice.next_hint,
        )
        yield SystemCommand(
            "Review meeting",
            "Read the whole PR/FAQ silently, then comment on its sections "
            f"({self.key('review_meeting', 'alt+c')})",
            self.views.review_meeting,
        )
        yield SystemCommand(
            "Readiness",
            "Tick each stage's checklist and see its check results "
            f"({self.key('readiness', 'alt+k')})",
            self.views.readiness,
        )
        yield SystemCommand(
            "Check writing now",
            "Run the writing checks on the whole session now",
            self.check_now,
        )
        yield SystemCommand(
            "Export to Markdown with open comments",
            "The PR/FAQ plus an appendix of the review comments still open",
            self.views.export_with_comments,
        )

