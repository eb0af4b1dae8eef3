"""Provides the participant's main screen, ParticipantScreen (follow the facilitator); NameScreen is in participant_name.

ParticipantScreen owns a team client (`workshop.team.TeamClient`, or a fake
in tests) and redraws from its `ParticipantView` on every change: the step's
question large, the timer, and what can be done on that step now — ideas in
a silent round (own ideas listed, only counts of others' until the reveal),
dots in a vote, FAQ questions, suggested answers and comments, and the
press-release section assigned to this participant (a shared text). Text
typed in a box stays there through a dropped connection, a lock or a step
change; it is only cleared once it was handed to the client.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..keys import key_for
from ..model.text import plural
from ..safe import shown
from ..widgets.entry import EntryInput, put_back
from ..widgets.paging import SafeOptionList
from ..widgets.session_footer import SessionFooter
from .participant_name import NAME_LIMIT, NameScreen, clean_name

__all__ = ["NAME_LIMIT", "NameScreen", "ParticipantScreen", "clean_name", "clock_text", "moved_cursor",
           "timer_level", "vote_rows"]

if TYPE_CHECKING:
    from ..team.views import ParticipantView, VoteView

DRAFT_PAUSE = 0.6
"""Seconds of no typing after which a draft's text is sent (a word boundary sends at once)."""
AMBER_AT = 60
"""Seconds left from which the timer is amber."""
IDLE_TEXT = ("Follow along: there is nothing to add on this step. A box shows here when the facilitator "
             "starts a silent round or a vote, gives you a section to draft, moves to the FAQ, or opens "
             "the review for comments.")
"""What a participant reads on a step that takes nothing from them."""


def moved_cursor(old: str, new: str, offset: int) -> int:
    """Where a cursor at `offset` in `old` belongs in `new`: it stays with the text around it."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    if len(old) - suffix <= offset:  # the change is before the cursor: move with the text after it
        return max(0, min(len(new), offset + len(new) - len(old)))
    return min(offset, prefix, len(new)) if offset > prefix else offset


def clock_text(seconds: int) -> str:
    """`4:05`, `-0:12` (over time)."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def timer_level(left: int, planned: int) -> str:
    """"ok", "amber" (the last minute or fifth) or "red" (time is up)."""
    if left <= 0:
        return "red"
    if left <= AMBER_AT or (planned and left <= planned // 5):
        return "amber"
    return "ok"


def vote_rows(vote: "VoteView") -> list[str]:
    """One line per option: my dots, its text, and the tally when it is not hidden."""
    rows = []
    for option in vote.options:
        mine = vote.my_dots.get(option.id, 0)
        dots = "●" * mine if mine else "·"
        tally = "" if vote.tally is None else f"  ({vote.tally.get(option.id, 0)} in all)"
        rows.append(f"{dots:<5} {option.text}{tally}")
    return rows


def _on_screen(widget: Any) -> bool:
    """True when neither the widget nor any container around it is hidden."""
    node = widget
    while node is not None and not isinstance(node, Screen):
        if not node.display:
            return False
        node = node.parent
    return True


class ParticipantScreen(Screen[None]):
    """Follows the facilitator's step; the participant adds ideas, dots, questions, comments, a draft."""

    CSS_PATH = "participant.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("plus,equals_sign", "dot(1)", "Add dot", id="vote_add", show=False),
        Binding("minus,backspace", "dot(-1)", "Take dot", id="vote_remove", show=False),
    ]

    def __init__(self, url: str, name: str, make_client: Callable[[str, str], Any]) -> None:
        """Create the screen; it joins once mounted.

        Args:
            url: The join link.
            name: The participant's name.
            make_client: Builds the team client from (url, name).
        """
        super().__init__()
        self.url = url
        """The join link."""
        self.participant_name = name
        """The name joined with."""
        self.make_client = make_client
        """Builds the team client (again, after a failed join)."""
        self.client = make_client(url, name)
        """The team client."""
        self.view: ParticipantView | None = None
        """The latest view (None before the first sync)."""
        self.joined = False
        """The first sync is done."""
        self._bell_rung_for = ""
        self._draft = None
        self._draft_key: tuple[str, str] | None = None
        self._draft_timer: Timer | None = None
        self._showing_remote = False
        self._draft_base = ""
        """The shared draft text the box last showed or sent (what unsent typing started from)."""
        self._step_shown: tuple[Any, ...] = ()
        self._vote_options: list[str] = []

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        """Connection line, step, question, timer, then what can be done now."""
        yield Header()
        yield Static("Connecting…", id="connection", markup=False)
        yield Static("", id="step-title", markup=False)
        yield Static("Waiting for the facilitator…", id="question", markup=False)
        yield Static("", id="timer", markup=False)
        with VerticalScroll(id="activity"):
            with Vertical(id="round", classes="section"):
                yield Static("", id="round-help", markup=False)
                yield EntryInput(placeholder="Type an idea, Enter adds it", id="idea", max_length=500, take=True)
                yield Static("", id="my-ideas", markup=False)
                yield Static("", id="counts", markup=False)
            with Vertical(id="revealed", classes="section"):
                yield Static("", id="revealed-ideas", markup=False)
            with Vertical(id="vote", classes="section"):
                yield Static("", id="vote-help", markup=False)
                yield SafeOptionList(id="vote-options")
            with Vertical(id="draft", classes="section"):
                yield Static("", id="draft-help", markup=False)
                yield TextArea(id="draft-text", soft_wrap=True)
            with Vertical(id="faq", classes="section"):
                yield Static("Questions", classes="section-title")
                yield SafeOptionList(id="faq-items")
                yield EntryInput(placeholder="A new question, Enter adds it", id="faq-question", max_length=500,
                                 take=True)
                yield EntryInput(placeholder="Suggest an answer to the highlighted question, Enter sends it",
                                 id="faq-answer", max_length=2000, take=True)
            yield Static(IDLE_TEXT, id="idle", markup=False)
            with Vertical(id="comment-box", classes="section"):
                yield EntryInput(placeholder="A comment on this step for the facilitator, Enter sends it",
                                 id="comment", max_length=2000, take=True)
        yield Static("", id="notice", markup=False)
        yield SessionFooter()

    def on_mount(self) -> None:
        """Hide what the first view decides, tick the timer, join."""
        for section in self.query(".section"):
            section.display = False
        self.set_interval(1.0, self._tick)
        self.client.on_view = self._view_arrived
        self._connect()

    # ------------------------------------------------------------ joining
    @work(exclusive=True, group="join", exit_on_error=False)
    async def _connect(self) -> None:
        from ..team.client import JoinError

        try:
            await self.client.connect()
        except JoinError as error:
            self._join_failed(str(error))
            return
        except OSError as error:
            self._join_failed(f"The host can't be reached ({error.strerror or error}). "
                              "Check the link, or ask the facilitator whether `workshop host` still runs.")
            return
        except Exception as error:  # noqa: BLE001 - say why instead of "Connecting…" for ever
            self.log.error(f"joining failed: {error!r}")
            self._join_failed(f"Joining failed ({type(error).__name__}: {error}). Try again, or ask "
                              "the facilitator for the current link.")
            return
        self.joined = True
        self._view_arrived(self.client.view)

    def _join_failed(self, reason: str) -> None:
        self.app.switch_screen(NameScreen(self.url, self.make_client, problem=reason,
                                          name=self.participant_name))

    async def action_quit(self) -> None:
        """Send what is in the draft, disconnect, quit."""
        self._send_draft()
        try:
            await self.client.close()
        finally:
            self.app.exit(0)

    # ------------------------------------------------------------ the view
    def _view_arrived(self, view: ParticipantView) -> None:
        """The client's callback: redraw on the next turn of the loop (coalesced)."""
        first = self.view is None
        self.view = view
        if first or not self._pending:
            self._pending = True
            self.call_later(self._redraw)

    _pending = False

    def _redraw(self) -> None:
        self._pending = False
        view = self.view
        if view is None or not self.is_attached:
            return
        self._show_connection(view)
        self.sub_title = shown(view.session_title)
        mode = (
            view.step_id,
            view.round.id if view.round and view.round.open else "",
            view.vote.id if view.vote and not view.vote.closed else "",
            (view.assigned.step_id, view.assigned.field_id) if view.assigned else None,
        )
        step_changed = mode != self._step_shown  # a new step, round, vote or draft: its box gets the focus
        self._step_shown = mode
        self.query_one("#step-title", Static).update(
            shown(f"Step: {view.step_title}") if view.step_title else "")
        self.query_one("#question", Static).update(
            shown(view.question or view.step_title or "Waiting for the facilitator…"))
        self._tick()
        self._show_round(view)
        self._show_vote(view)
        self._show_draft(view)
        self._show_faq(view)
        self.query_one("#comment-box").display = bool(view.step_id) and view.reviewing
        self.query_one("#idle").display = bool(view.step_id) and not any(
            section.display for section in self.query(".section"))
        notice = ""
        if view.locked:
            notice = "The facilitator locked contributions for now: what you type stays in its box."
        elif view.last_error:
            notice = f"Not accepted: {view.last_error}"
        elif view.pending:
            notice = f"Sending {view.pending}…"
        self.query_one("#notice", Static).update(shown(notice))
        focused = self.focused
        if step_changed or focused is None or not _on_screen(focused):
            self._focus_main()  # never type into a box that was just hidden

    def _show_connection(self, view: ParticipantView) -> None:
        line = self.query_one("#connection", Static)
        if view.removed:
            text, level = ("The facilitator removed you from this session. What you added is kept "
                           f"in it; you can close this window ({key_for(self, 'quit', 'ctrl+q')})."), "-bad"
        elif view.ended:
            text, level = "The facilitator ended the team session. You can close this window.", "-bad"
        elif view.connected:
            who = " (anonymous)" if view.anonymous else ""
            text, level = f"● Connected as {view.name or self.participant_name}{who}", "-good"
        else:
            text, level = ("○ Disconnected: reconnecting… What you type is kept and sent when the "
                           "connection is back."), "-warn"
        line.update(shown(text))
        for cls in ("-good", "-warn", "-bad"):
            line.set_class(cls == level, cls)
        if view.removed or view.ended:
            for box in self.query("Input, TextArea, OptionList"):
                box.disabled = True

    def _show_round(self, view: ParticipantView) -> None:
        round_ = view.round
        section = self.query_one("#round")
        section.display = bool(round_ and round_.open)
        revealed = self.query_one("#revealed")
        revealed.display = bool(round_ and round_.revealed)
        if round_ and round_.open:
            self.query_one("#round-help", Static).update(
                "Silent round: add your ideas. The others see them when the facilitator reveals them.")
            mine = "\n".join(f"• {idea}" for idea in view.my_ideas) or "Your ideas will be listed here."
            self.query_one("#my-ideas", Static).update(shown(mine))
            counts = ", ".join(f"{name or 'someone'}: {count}" for name, count in view.counts_by_author)
            total = sum(count for _, count in view.counts_by_author)
            self.query_one("#counts", Static).update(
                shown(f"Ideas so far: {total} ({counts})") if total else "No ideas yet.")
        if round_ and round_.revealed:
            lines = [f"• {idea.text}" + (f" — {idea.author}" if idea.author else "")
                     for idea in view.revealed_ideas]
            self.query_one("#revealed-ideas", Static).update(
                shown("Revealed ideas:\n" + ("\n".join(lines) or "(none)")))

    def _show_vote(self, view: ParticipantView) -> None:
        vote = view.vote
        section = self.query_one("#vote")
        section.display = vote is not None
        if vote is None:
            return
        if vote.closed:
            state = "The vote is closed."
        else:
            add, take = key_for(self, "vote_add", "+"), key_for(self, "vote_remove", "-")
            state = (f"{vote.left} of {plural(vote.dots, 'dot')} left. Enter or {add} puts a dot on the highlighted "
                     f"option, {take} takes one off.")
        if vote.tally is None:
            state += " The results show when the facilitator closes the vote."
        self.query_one("#vote-help", Static).update(shown(f"Vote: {vote.title}\n{state}"))
        options = self.query_one("#vote-options", OptionList)
        keep = options.highlighted
        options.clear_options()
        options.add_options([Option(Content(shown(row))) for row in vote_rows(vote)])
        self._vote_options = [option.id for option in vote.options]
        if vote.options:
            options.highlighted = min(keep or 0, len(vote.options) - 1)
        options.disabled = vote.closed

    def _show_faq(self, view: ParticipantView) -> None:
        section = self.query_one("#faq")
        order = {kind: index for index, kind in enumerate(view.faq_kinds)}
        lists = sorted((faq for faq in view.faq if faq.kind in order), key=lambda faq: order[faq.kind])
        section.display = view.step_kind == "faq" and bool(lists) and not (view.round and view.round.open)
        if not lists:
            return
        self._faq_ids = []
        rows = []
        for faq in lists:
            for item in faq.items:
                answer = f"\n   → {item.answer}" if item.answer else ""
                rows.append(Option(Content(shown(f"[{faq.title}] {item.question}{answer}"))))
                self._faq_ids.append(item.id)
        items = self.query_one("#faq-items", OptionList)
        items.display = bool(rows)
        self.query_one("#faq-answer", Input).display = bool(rows)
        keep = items.highlighted
        items.clear_options()
        items.add_options(rows)
        if rows:
            items.highlighted = min(keep or 0, len(rows) - 1)
        self._faq_kind = lists[0].kind
        self.query_one("#faq-question", Input).placeholder = shown(
            f"A new question for “{lists[0].title}”, Enter adds it")

    _faq_ids: list[str] = []
    _faq_kind = ""

    def _show_draft(self, view: ParticipantView) -> None:
        assigned = view.assigned
        section = self.query_one("#draft")
        section.display = assigned is not None
        if assigned is None:
            self._send_draft()  # what was typed reaches the draft it was typed in
            self._forget_draft()
            return
        key = (assigned.step_id, assigned.field_id)
        box = self.query_one("#draft-text", TextArea)
        if key != self._draft_key or self._draft is None:  # None: its shared text is still on its way
            self._send_draft()
            self._forget_draft()
            self._draft = draft = self.client.draft_text()
            self._draft_key = key
            self.query_one("#draft-help", Static).update(
                shown(f"You draft “{assigned.label or assigned.field_id}”. The facilitator sees it as you "
                      "type; others may type in it too."))
            if draft is not None:
                # Tied to this draft: a late call from a draft reassigned meanwhile does nothing.
                draft.on_remote = lambda _text: self.call_later(self._draft_remote, draft)
                self._show_draft_text(draft.text)
            box.disabled = draft is None

    def _forget_draft(self) -> None:
        if self._draft is not None:
            self._draft.on_remote = None
        self._draft, self._draft_key = None, None

    def _draft_remote(self, draft: Any) -> None:
        """Someone else's edit reached the shared text: merge what was typed here since, show it."""
        if draft is not self._draft:
            return
        self._send_draft()  # keys not sent yet go on top of the newest shared text
        self._show_draft_text(draft.text)

    def _show_draft_text(self, text: str) -> None:
        """Show the shared `text` in the box (the cursor stays with the text around it)."""
        self._draft_base = text
        box = self.query_one("#draft-text", TextArea)
        if box.text == text:
            return
        offset = moved_cursor(box.text, text, len(box.document.get_text_range((0, 0), box.cursor_location)))
        self._showing_remote = True
        try:
            box.load_text(text)
            before = text[:offset]
            row = before.count("\n")
            column = len(before) - (before.rfind("\n") + 1)
            box.cursor_location = (row, column)
        finally:
            self._showing_remote = False

    @on(TextArea.Changed, "#draft-text")
    def _draft_typed(self, event: TextArea.Changed) -> None:
        if self._showing_remote or self._draft is None:
            return
        text = event.text_area.text
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if text and text[-1] in " \n.,;:!?":
            self._send_draft()
        else:
            self._draft_timer = self.set_timer(DRAFT_PAUSE, self._send_draft)

    def _send_draft(self) -> None:
        """Send what was typed in the box since it last showed the shared text.

        The box's edit (from `_draft_base`, the shared text it last showed, to
        what it holds now) is made on the shared text as it is now, so an edit
        someone else made meanwhile (arrived, or still on its way to the box)
        is kept rather than typed away.
        """
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        draft = self._draft
        if draft is None:
            return
        typed = self.query_one("#draft-text", TextArea).text
        base = self._draft_base
        if typed == base:
            return
        shared = draft.text
        if shared == base:
            merged = typed
        else:
            from ..team.textdiff import rebase

            merged = rebase(shared, base, typed)
        if merged != shared:
            draft.apply_local(merged)
        self._show_draft_text(merged)

    def _focus_main(self) -> None:
        """After a step change: the box where the next thing is typed gets the focus."""
        view = self.view
        if view is None:
            return
        if view.round and view.round.open:
            self.query_one("#idea", Input).focus()
        elif view.vote is not None and not view.vote.closed:
            self.query_one("#vote-options", OptionList).focus()
        elif view.assigned is not None:
            self.query_one("#draft-text", TextArea).focus()
        elif self.query_one("#faq").display:
            self.query_one("#faq-question", Input).focus()
        elif self.query_one("#comment-box").display:
            self.query_one("#comment", Input).focus()
        else:
            self.set_focus(None)  # nothing to type into on this step

    # ------------------------------------------------------------ the timer
    def _tick(self) -> None:
        view = self.view
        line = self.query_one("#timer", Static)
        timer = view.timer if view is not None else None
        if timer is None or not timer.planned:
            line.update("")
            line.display = False
            return
        line.display = True
        left = timer.left(time.time())
        level = timer_level(left, timer.planned)
        paused = "" if timer.running else " (paused)"
        label = f"Time's up {clock_text(left)}" if left <= 0 else f"Time left {clock_text(left)}"
        line.update(label + paused)
        for cls in ("-amber", "-red"):
            line.set_class(f"-{level}" == cls, cls)
        marker = f"{view.step_id if view else ''}:{timer.deadline}"
        if left <= 0 and timer.running and self._bell_rung_for != marker:
            self._bell_rung_for = marker
            self.app.bell()

    # ------------------------------------------------------------ what the participant does
    def _can_send(self) -> bool:
        view = self.view
        if view is None or not self.joined:
            self.notify("Not joined yet: your text stays in its box.", severity="warning")
            return False
        if view.removed or view.ended:
            return False
        if view.locked:
            self.notify("The facilitator locked contributions for now: your text stays in its box.",
                        severity="warning")
            return False
        return True

    def _request(self, send: Callable[..., None], *args: str) -> bool:
        """Hand a request to the client; False (and why, on screen) when it refused it: the text stays."""
        from ..team.requests import RequestError

        try:
            send(*args)
        except (RequestError, RuntimeError) as error:
            self.notify(f"Not sent: {error}. Your text stays in its box.", severity="warning", markup=False)
            return False
        return True

    @on(Input.Submitted, "#idea")
    def _add_idea(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or not self._can_send() or not self._request(self.client.add_idea, text):
            put_back(event)

    @on(Input.Submitted, "#faq-question")
    def _add_question(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if (not text or not self._faq_kind or not self._can_send()
                or not self._request(self.client.add_question, self._faq_kind, text)):
            put_back(event)

    @on(Input.Submitted, "#faq-answer")
    def _suggest_answer(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        index = self.query_one("#faq-items", OptionList).highlighted
        if not text:
            put_back(event)
            return
        if index is None or not 0 <= index < len(self._faq_ids):
            put_back(event)
            self.notify("Highlight a question first (↑ ↓ in the list above).", severity="warning")
            return
        if not self._can_send() or not self._request(self.client.suggest_answer, self._faq_ids[index], text):
            put_back(event)
            return
        self.notify("Sent to the facilitator as a suggestion.")

    @on(Input.Submitted, "#comment")
    def _comment(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        view = self.view
        if (not text or view is None or not view.step_id or not self._can_send()
                or not self._request(self.client.comment, f"step:{view.step_id}", text)):
            put_back(event)
            return
        self.notify("Comment sent to the facilitator.")

    @on(OptionList.OptionSelected, "#vote-options")
    def _vote_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_dot(1)

    def action_dot(self, change: int) -> None:
        """Put a dot on (1) or take one off (-1) the highlighted option."""
        options = self.query_one("#vote-options", OptionList)
        view = self.view
        if view is None or view.vote is None or not options.has_focus:
            return
        index = options.highlighted
        if index is None or not 0 <= index < len(self._vote_options) or not self._can_send():
            return
        option_id = self._vote_options[index]
        vote = view.vote
        if change > 0:
            if vote.left <= 0:
                self.notify(f"You have used all your dots ({vote.dots}): take one off first.", severity="warning")
                return
            self._request(self.client.cast_vote, option_id)
        else:
            if not vote.my_dots.get(option_id):
                return
            self._request(self.client.retract_vote, option_id)
