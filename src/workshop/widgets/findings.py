"""Provides FindingsPanel: the writing coach's findings for this step or the whole session.

Each finding shows its severity, rule id and place, the one-line message, a
suggestion, and the offending words highlighted in their sentence. Enter asks
the screen to jump to the finding (the words are then selected in their answer
box); `d` asks to dismiss it with a reason. The panel only shows: the screen
runs the checks and sets `show_report`, and turns the panel's messages into
model changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..keys import key_for, key_namer, key_or
from ..model.template import Template
from ..safe import shown
from .paging import SafeOptionList

if TYPE_CHECKING:
    from ..coach import Finding, Report

SEVERITY_MARKS: dict[str, tuple[str, str]] = {
    "error": ("✖", "bold $text-error"),
    "warning": ("▲", "bold $text-warning"),
    "info": ("•", "$text-primary"),
}
"""Severity -> (symbol, style), used here and for the navigator's badges."""

MAX_SHOWN = 300
"""At most this many findings are listed (a huge session can have thousands)."""

TextOf = Callable[["Finding"], "str | None"]
"""Returns the current text of the field (or FAQ question/answer) a finding is about."""


def where_label(finding: "Finding", template: Template | None) -> str:
    """Say where a finding is: `Customer › Who is the customer · Context, line 3`."""
    if finding.field_id == "title" and not finding.step_id:
        return "Session title"
    step = template.step(finding.step_id) if template is not None else None
    stage = template.stage_of(finding.step_id) if template is not None else None
    if not finding.field_id:
        return f"{stage.title} (whole)" if stage is not None else (finding.stage_id or "Document")
    place = f"{stage.title} › {step.title}" if stage is not None and step is not None else finding.step_id
    if finding.item_id:
        part = f" {finding.part}" if finding.part else ""
        place += f" · {finding.item_label or 'question'}{part}"
    elif step is not None:
        field = step.field(finding.field_id)
        if field is not None and len(step.fields) > 1:
            place += f" · {field.label}"
    if finding.line:
        place += f", line {finding.line}"
    return place


def excerpt_content(text: str | None, finding: "Finding", width: int = 64) -> Content:
    """The offending words highlighted in their line of `text` (trimmed to about `width`).

    Falls back to the finding's own excerpt when the text has changed since
    the check (or the finding is about the whole field).
    """
    highlight = "bold reverse $text-warning"
    if not finding.excerpt:
        return Content("")
    lines = (text or "").split("\n")
    if finding.line and 0 < finding.line <= len(lines) and finding.column:
        line = lines[finding.line - 1]
        start = finding.column - 1
        end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
        words = line[start:end]
        if words and " ".join(words.split()).casefold().startswith(
            " ".join(finding.excerpt.rstrip("…").split()).casefold()[: len(words)]
        ):
            room = max(width - min(len(words), width // 2), 10)
            before = line[:start]
            after = line[end:]
            keep_before = min(len(before), room // 2)
            if keep_before < len(before):
                before = "…" + before[len(before) - keep_before + 1 :]
            keep_after = max(room - len(before), 0)
            if keep_after < len(after):
                after = after[: max(keep_after - 1, 0)] + "…"
            if len(words) > width:
                words = words[: width - 1] + "…"
            return Content.assemble((shown(before), "$text-muted"), (shown(words), highlight), (shown(after), "$text-muted"))
    return Content.assemble(("“", "$text-muted"), (shown(finding.excerpt), highlight), ("”", "$text-muted"))


def finding_prompt(
    finding: "Finding",
    template: Template | None,
    text: str | None,
    *,
    reason: str = "",
    show_where: bool = True,
) -> Content:
    """The list entry of one finding (several lines)."""
    symbol, style = SEVERITY_MARKS.get(finding.severity, ("?", ""))
    head: list[tuple[str, str] | Content] = [
        (f"{symbol} ", style),
        (finding.rule_id, "bold"),
        (f" {finding.severity}", "$text-muted"),
    ]
    if show_where:
        head.append((f"  {shown(where_label(finding, template))}", "$text-accent"))
    elif finding.line:
        head.append((f"  line {finding.line}", "$text-muted"))
    lines: list[Content] = [Content.assemble(*head), Content(shown(finding.message))]
    if finding.suggestion:
        lines.append(Content.assemble(("→ ", "$text-success"), (shown(finding.suggestion), "$text-muted")))
    excerpt = excerpt_content(text, finding)
    if excerpt.plain:
        lines.append(Content.assemble("  ", excerpt))
    if reason:
        lines.append(Content.assemble(("Dismissed: ", "italic $text-muted"), (reason, "italic")))
    return Content("\n").join(lines)


def counts_text(findings: Sequence["Finding"]) -> Content:
    """`2 ✖ 3 ▲ 1 •` (or `no findings`)."""
    if not findings:
        return Content.styled("no findings", "$text-success")
    parts: list[tuple[str, str]] = []
    for severity in ("error", "warning", "info"):
        count = sum(1 for item in findings if item.severity == severity)
        if count:
            symbol, style = SEVERITY_MARKS[severity]
            parts.append((f"{count} {symbol} ", style))
    return Content.assemble(*parts).rstrip()


class FindingList(SafeOptionList):
    """The list of findings; its keys ask the panel to act on the highlighted one."""

    BINDINGS = [
        Binding("d,delete", "dismiss_finding", "Dismiss", id="finding_dismiss"),
        Binding("s", "toggle_scope", "Step/all", id="findings_scope"),
        Binding("v", "toggle_dismissed", "Dismissed", id="findings_dismissed", show=False),
        Binding("escape", "leave", "Back", id="findings_leave", show=False),
    ]

    @dataclass
    class DismissKey(Message):
        """The dismiss key: dismiss (or, among dismissed findings, restore) the highlighted finding."""

        finding_list: "FindingList"
        """The list."""

    @dataclass
    class ScopeKey(Message):
        """The scope key: switch between this step and the whole session."""

        finding_list: "FindingList"
        """The list."""

    @dataclass
    class DismissedKey(Message):
        """The dismissed key: show the dismissed findings instead (and back)."""

        finding_list: "FindingList"
        """The list."""

    @dataclass
    class LeaveKey(Message):
        """Escape on the list: back to the answer."""

        finding_list: "FindingList"
        """The list."""

    def action_dismiss_finding(self) -> None:
        """Dismiss (or, among dismissed findings, restore) the highlighted finding."""
        self.post_message(self.DismissKey(self))

    def action_toggle_scope(self) -> None:
        """Switch between this step and the whole session."""
        self.post_message(self.ScopeKey(self))

    def action_toggle_dismissed(self) -> None:
        """Show the dismissed findings instead (and back)."""
        self.post_message(self.DismissedKey(self))

    def action_leave(self) -> None:
        """Go back to the answer."""
        self.post_message(self.LeaveKey(self))


class FindingsPanel(Vertical):
    """The coach's findings, for the step on screen or the whole session.

    Set `show_report(report, step_id)`; read `shown` for what is listed. The
    panel posts `JumpRequested`, `DismissRequested`, `RestoreRequested` and
    `LeaveRequested`; it never changes the session.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    scope: reactive[str] = reactive("step")
    """`step`: findings of the step on screen; `all`: the whole session."""
    dismissed_view: reactive[bool] = reactive(False)
    """True: list the dismissed findings (with their reasons) instead."""

    @dataclass
    class JumpRequested(Message):
        """The user picked a finding: show its step and select the words."""

        panel: "FindingsPanel"
        """The panel that sent it."""
        finding: "Finding"
        """The finding to go to."""

        @property
        def control(self) -> "FindingsPanel":
            """The panel that sent it."""
            return self.panel

    @dataclass
    class DismissRequested(Message):
        """The user wants to dismiss a finding (the screen asks for the reason)."""

        panel: "FindingsPanel"
        """The panel that sent it."""
        finding: "Finding"
        """The finding to dismiss."""

        @property
        def control(self) -> "FindingsPanel":
            """The panel that sent it."""
            return self.panel

    @dataclass
    class RestoreRequested(Message):
        """The user wants a dismissed finding back."""

        panel: "FindingsPanel"
        """The panel that sent it."""
        finding: "Finding"
        """The dismissed finding."""

        @property
        def control(self) -> "FindingsPanel":
            """The panel that sent it."""
            return self.panel

    @dataclass
    class LeaveRequested(Message):
        """Escape on the list: focus should go back to the answer."""

        panel: "FindingsPanel"
        """The panel that sent it."""

    def __init__(
        self,
        template: Template | None,
        text_of: TextOf | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the panel.

        Args:
            template: The session's template (step titles, field labels).
            text_of: Returns a finding's current field text (to show the words in context).
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.template = template
        """The session's template."""
        self.text_of = text_of or (lambda finding: None)
        """Returns the text a finding is about, as it is now."""
        self.report: "Report | None" = None
        """The last check's report (None until the first check finished)."""
        self.step_id = ""
        """The step on screen."""
        self.reasons: dict[str, str] = {}
        """Fingerprint -> reason, for dismissed findings."""
        self.shown: list["Finding"] = []
        """The findings listed now, in order."""
        self._ready = False
        self._focus_on_mount = False
        self.border_title = "Findings"

    def compose(self) -> ComposeResult:
        """A summary line, the list, a line of keys."""
        yield Static("Checking…", id="findings-summary")
        yield FindingList(id="findings-list", markup=False)
        key = key_namer(self)
        yield Static(
            # Enter is the OptionList's own select key (no binding id to ask for).
            f"Enter: go there · {key('finding_dismiss', 'd')}: dismiss · {key('findings_scope', 's')}: this step/all"
            f" · {key('findings_dismissed', 'v')}: dismissed · {key_or(self, 'findings_leave', 'Esc')}: back",
            id="findings-keys",
            markup=False,
        )

    def on_mount(self) -> None:
        """List what is known already (a report set before mounting)."""
        self._ready = True  # `is_mounted` only turns true after this handler
        self._rebuild()
        if self.report is None:
            self.query_one("#findings-summary", Static).update("Checking…")
        if self._focus_on_mount:
            self._focus_on_mount = False
            self.focus_list()

    @property
    def finding_list(self) -> FindingList:
        """The list of findings."""
        return self.query_one(FindingList)

    # ------------------------------------------------------------ state in
    def show_report(
        self, report: "Report", step_id: str | None = None, reasons: dict[str, str] | None = None
    ) -> None:
        """Show a new check result (keeps the highlighted finding when it is still there).

        Args:
            report: The check result.
            step_id: The step on screen (None: unchanged).
            reasons: Fingerprint -> reason of the dismissed findings.
        """
        self.report = report
        if step_id is not None:
            self.step_id = step_id
        if reasons is not None:
            self.reasons = dict(reasons)
        self._rebuild()

    def set_step(self, step_id: str) -> None:
        """Follow the step on screen."""
        if step_id != self.step_id:
            self.step_id = step_id
            self._rebuild(keep=False)

    def watch_scope(self) -> None:
        """Relist."""
        self._rebuild(keep=False)

    def watch_dismissed_view(self) -> None:
        """Relist."""
        self._rebuild(keep=False)

    def step_findings(self) -> list["Finding"]:
        """Shown (not dismissed) findings of the step on screen."""
        if self.report is None:
            return []
        return [f for f in self.report.findings if f.step_id == self.step_id]

    def _listed(self) -> list["Finding"]:
        report = self.report
        if report is None:
            return []
        source = report.dismissed if self.dismissed_view else report.findings
        if self.scope == "step":
            return [f for f in source if f.step_id == self.step_id]
        return list(source)

    def _rebuild(self, *, keep: bool = True) -> None:
        if not self._ready:
            return
        listing = self.finding_list
        previous = listing.highlighted_option.id if keep and listing.highlighted_option else None
        findings = self._listed()
        self.shown = findings[:MAX_SHOWN]
        options: list[Option] = []
        seen: dict[str, int] = {}
        for finding in self.shown:
            base = f"{finding.fingerprint}-{finding.line}-{finding.column}"
            seen[base] = seen.get(base, 0) + 1
            options.append(
                Option(
                    finding_prompt(
                        finding,
                        self.template,
                        self.text_of(finding),
                        reason=self.reasons.get(finding.fingerprint, "") if self.dismissed_view else "",
                        show_where=self.scope == "all" or not finding.field_id,
                    ),
                    id=f"{base}-{seen[base]}",
                )
            )
        if len(findings) > MAX_SHOWN:
            options.append(
                Option(
                    Content.styled(
                        f"… and {len(findings) - MAX_SHOWN} more: `workshop check` lists them all",
                        "$text-muted",
                    ),
                    disabled=True,
                )
            )
        divided: list[Option | None] = []
        for option in options:
            if divided:
                divided.append(None)  # a rule between findings
            divided.append(option)
        listing.set_options(divided)
        ids = [option.id for option in options]
        if previous in ids:
            listing.highlighted = ids.index(previous)
        elif self.shown:
            listing.highlighted = 0
        self._update_summary()

    def _update_summary(self) -> None:
        report = self.report
        summary = self.query_one("#findings-summary", Static)
        if report is None:
            summary.update("Checking…")
            return
        here = self.step_findings()
        step = self.template.step(self.step_id) if self.template is not None else None
        here_name = step.title if step is not None else "this step"
        parts: list[tuple[str, str] | Content] = []
        if self.dismissed_view:
            where = f"on “{here_name}”" if self.scope == "step" else "in the session"
            count = len(self.shown)
            parts.append(
                (f"Dismissed {where}: {count} ({key_for(self, 'finding_dismiss', 'd')} restores one · "
                 f"{key_for(self, 'findings_dismissed', 'v')} back to findings)", "italic")
            )
        else:
            parts += [
                ("This step ", "bold" if self.scope == "step" else "$text-muted"),
                counts_text(here),
                ("\nSession   ", "bold" if self.scope == "all" else "$text-muted"),
                counts_text(report.findings),
            ]
            if report.dismissed:
                parts.append((f"  ({len(report.dismissed)} dismissed)", "$text-muted"))
            if self.scope == "step" and not here and report.findings:
                parts.append(("\nNothing to fix here: s lists the whole session.", "$text-muted"))
        summary.update(Content.assemble(*parts))
        self.border_title = "Findings · this step" if self.scope == "step" else "Findings · all"

    # ------------------------------------------------------------ actions
    @property
    def highlighted_finding(self) -> "Finding | None":
        """The finding under the cursor."""
        if not self._ready:
            return None
        listing = self.finding_list
        index = listing.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def focus_list(self) -> None:
        """Put the cursor in the list (once it is mounted: a second F12 can come first)."""
        if not self._ready:
            self._focus_on_mount = True
            return
        self.screen.set_focus(self.finding_list)

    @on(OptionList.OptionSelected, "#findings-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self.shown):
            self.post_message(self.JumpRequested(self, self.shown[index]))

    # One handler per key of the list (no action names to dispatch on).
    @on(FindingList.ScopeKey)
    def _scope_key(self, event: FindingList.ScopeKey) -> None:
        event.stop()
        self.scope = "all" if self.scope == "step" else "step"

    @on(FindingList.DismissedKey)
    def _dismissed_key(self, event: FindingList.DismissedKey) -> None:
        event.stop()
        self.dismissed_view = not self.dismissed_view

    @on(FindingList.LeaveKey)
    def _leave_key(self, event: FindingList.LeaveKey) -> None:
        event.stop()
        self.post_message(self.LeaveRequested(self))

    @on(FindingList.DismissKey)
    def _dismiss_key(self, event: FindingList.DismissKey) -> None:
        event.stop()
        finding = self.highlighted_finding
        if finding is None:
            self.app.bell()
        elif self.dismissed_view:
            self.post_message(self.RestoreRequested(self, finding))
        else:
            self.post_message(self.DismissRequested(self, finding))
