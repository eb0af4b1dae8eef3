"""Provides ReviewScreen: the review meeting — read the whole PR/FAQ, then comment on its sections.

"We read, discuss, debate and ask questions." The document is shown as
the export renders it (read-only, Textual's Markdown). An optional
silent-reading timebox comes first: while it runs, comments are hidden so
everyone forms their own view. Then reviewers add comments anchored to a
section (with their name); a comment can become a new FAQ question in one
key, and comments are resolved or left open. Open comments are counted in
the session's navigator and listed by `workshop export --with-comments`.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Header,
    Input,
    Markdown,
    OptionList,
    Select,
    Static,
)

from ..dispatch import Dispatcher
from ..export import markdown as export_markdown
from ..keys import key_for
from ..model import operations as ops
from ..model.comments import FAQ_TITLES, Comment, anchor_choices, find_comment
from ..model.session import Session
from ..model.template import Template
from ..safe import shown
from ..widgets.comment_list import CommentList
from ..widgets.entry import EntryInput, put_back
from ..widgets.session_footer import SessionFooter
from .changes import UNDO_BINDINGS
from .dismiss_once import DismissOnce

DEFAULT_READING_MINUTES = 10
"""The silent-reading timebox offered first (a PR/FAQ of two to six pages)."""

DOCUMENT_VALUE = "@document"
"""The Select's value for the whole-document anchor ("" can't be a Select value)."""


def _now() -> float:
    """The clock the reading timebox counts on (tests replace it)."""
    return time.monotonic()


def format_left(seconds: float) -> str:
    """`07:05` for a countdown."""
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ReviewScreen(DismissOnce, Screen[None]):
    """The review meeting (see the module docstring).

    Changes are operations submitted to the document's dispatcher (whose
    change event makes the session screen save); `on_change` tells the host
    to repaint after each one. ctrl+z / ctrl+y undo and redo session-wide.
    """

    CSS_PATH = "review.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Back", id="review_close"),
        Binding("ctrl+n", "new_comment", "Comment here", id="review_comment"),
        Binding("ctrl+r", "toggle_reading", "Silent read", id="review_reading"),
        Binding("ctrl+l", "focus_comments", "Comments", id="review_comments", show=False),
        *UNDO_BINDINGS,
    ]

    def __init__(
        self,
        session: Session,
        template: Template | None,
        *,
        on_change: Callable[[], None] | None = None,
        reading_minutes: float = DEFAULT_READING_MINUTES,
        dispatcher: Dispatcher | None = None,
    ) -> None:
        """Create the review screen.

        Args:
            session: The session under review (comments and FAQ change here).
            template: Its template (None: the document is exported without one).
            on_change: Called after every change to the session (the host repaints).
            reading_minutes: The silent-reading timebox offered.
        """
        super().__init__()
        self.session = session
        """The session under review."""
        self.template = template
        """Its template."""
        self.on_change = on_change or (lambda: None)
        """Called after each change (the host saves)."""
        self.reading_minutes = reading_minutes
        """The silent-reading timebox offered, in minutes."""
        self.reading_until: float | None = None
        """`_now()` (monotonic seconds) when silent reading ends (None: not reading)."""
        self.dispatcher = dispatcher or Dispatcher.of(session)
        """Where changes go (the open document's: one undo history, one save path)."""
        self._ticker: Timer | None = None
        self._blocks: list[tuple[Widget, str]] = []

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        """The document beside the reading card, the comment form and the comments."""
        yield Header()
        with Horizontal(id="review-main"):
            with VerticalScroll(id="doc-scroll"):
                yield Markdown(self._document_text(), id="document", open_links=False)
            with Vertical(id="review-side"):
                with Vertical(id="reading"):
                    yield Static("", id="reading-text")
                    with Horizontal(id="reading-row"):
                        yield EntryInput(
                            f"{self.reading_minutes:g}",
                            type="number",
                            id="reading-minutes",
                            tooltip="Minutes of silent reading",
                            compact=True,
                        )
                        yield Static("min", id="reading-unit")
                        yield Button("Read silently", id="start-reading", variant="primary", compact=True)
                        yield Button("Skip", id="skip-reading", compact=True)
                with Vertical(id="comment-form"):
                    with Horizontal(id="form-row"):
                        yield Select(
                            self._anchor_options(),
                            allow_blank=False,
                            id="anchor",
                            value=DOCUMENT_VALUE,
                            compact=True,
                            tooltip="The section the comment is about",
                        )
                        yield EntryInput(
                            self.session.facilitation.current_contributor,
                            placeholder="Your name",
                            id="author",
                            compact=True,
                        )
                    yield EntryInput(
                        placeholder="Comment or question, Enter adds it",
                        id="comment-text",
                        compact=True,
                        take=True,
                    )
                yield Static("", id="comments-summary")
                yield CommentList(id="comments", markup=False)
        yield SessionFooter()

    def on_mount(self) -> None:
        """Title, comments; the reading card offers silent reading first."""
        self.title = shown(self.session.title) or export_markdown.UNTITLED
        self.sub_title = "Review meeting"
        self.query_one("#doc-scroll", VerticalScroll).border_title = "The PR/FAQ (read-only)"
        self.query_one("#comments", CommentList).border_title = "Comments"
        self._fill_comments()
        self._paint_reading()
        self.query_one("#doc-scroll", VerticalScroll).focus()

    def _document_text(self) -> str:
        return export_markdown.export(self.session, self.template)

    def _anchor_options(self) -> list[tuple[Text, str]]:
        return [
            (Text(shown(label)), anchor or DOCUMENT_VALUE)  # a str would be markup
            for anchor, label in anchor_choices(self.session, self.template)
        ]

    async def refresh_document(self) -> None:
        """Show the document again (after an FAQ question was added), keeping the place."""
        scroll = self.query_one("#doc-scroll", VerticalScroll)
        y = scroll.scroll_y
        await self.query_one("#document", Markdown).update(self._document_text())
        self._blocks = []
        select = self.query_one("#anchor", Select)
        value = select.value
        select.set_options(self._anchor_options())
        values = {v for _, v in self._anchor_options()}
        select.value = value if value in values else DOCUMENT_VALUE
        self.call_after_refresh(scroll.scroll_to, y=y, animate=False)

    # ------------------------------------------------------------ silent reading
    @property
    def reading(self) -> bool:
        """True while the silent-reading timebox runs."""
        return self.reading_until is not None

    def start_reading(self, minutes: float | None = None) -> None:
        """Start the silent-reading timebox: comments hide until it ends."""
        minutes = self.reading_minutes if minutes is None else minutes
        if minutes <= 0:
            self.end_reading(announce=False)
            return
        self.reading_minutes = minutes
        self.reading_until = _now() + minutes * 60
        if self._ticker is None:
            self._ticker = self.set_interval(1.0, self._tick, name="silent-reading")
        self.set_class(True, "-reading")
        self.set_class(False, "-offer")
        self._paint_reading()
        self.query_one("#doc-scroll", VerticalScroll).focus()

    def end_reading(self, *, announce: bool = True) -> None:
        """Stop silent reading (or skip it): comments open."""
        was_reading = self.reading
        self.reading_until = None
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.set_class(False, "-reading")
        self.set_class(False, "-offer")
        self.add_class("-commenting")
        self._paint_reading()
        if announce and was_reading:
            self.notify(
                f"Comments are open: {key_for(self, 'review_comment', 'ctrl+n')} comments on the section you are reading.",
                title="Reading time is over",
                timeout=6,
            )

    def _tick(self) -> None:
        if self.reading_until is None:
            return
        if _now() >= self.reading_until:
            self.app.bell()
            self.end_reading()
            return
        self._paint_reading()

    def _paint_reading(self) -> None:
        text = self.query_one("#reading-text", Static)
        if self.reading_until is not None:
            left = format_left(self.reading_until - _now())
            text.update(
                Content.assemble(
                    ("Silent reading ", "bold"),
                    (left, "bold $text-accent"),
                    (" left\n", ""),
                    ("Everyone reads the whole document. Comments open when the time is up "
                     f"({key_for(self, 'review_reading', 'ctrl+r')} ends it now).", "$text-muted"),
                )
            )
        elif self.has_class("-commenting"):
            text.update(Content.styled("Reading time over: comment on any section.", "$text-muted"))
        else:
            self.add_class("-offer")
            text.update(
                Content.assemble(
                    ("Read first, then comment. ", "bold"),
                    ("Start a silent-reading timebox so everyone forms a view before the "
                     "discussion, or skip it.", "$text-muted"),
                )
            )

    def action_toggle_reading(self) -> None:
        """Start silent reading, or end it now."""
        if self.reading:
            self.end_reading()
        else:
            self.start_reading(self._minutes_typed())

    def _minutes_typed(self) -> float:
        try:
            value = float(self.query_one("#reading-minutes", Input).value or 0)
        except ValueError:
            value = self.reading_minutes
        return min(max(value, 0), 240)

    @on(Button.Pressed, "#start-reading")
    def _start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.start_reading(self._minutes_typed())

    @on(Input.Submitted, "#reading-minutes")
    def _minutes_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_reading(self._minutes_typed())

    @on(Button.Pressed, "#skip-reading")
    def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.end_reading(announce=False)
        self.action_new_comment()

    # ------------------------------------------------------------ where the reader is
    def _section_blocks(self) -> list[tuple[Widget, str]]:
        """The document's headings, with the anchor (stage, step or FAQ question id) each starts.

        The export's outline is exactly the headings of its structure
        (`export.prfaq.build`), whatever the user typed, so the Markdown
        widget's heading blocks pair one to one, in order, with the
        structure's headings, which say what of the session each shows.
        A heading that shows nothing of it (an appendix) starts "" (the
        whole document).
        """
        if self._blocks:
            return self._blocks
        from ..export.prfaq import build
        from ..textual_compat import markdown_classes

        header_class, _paragraph = markdown_classes()
        headers = [b for b in self.query_one("#document", Markdown).children if isinstance(b, header_class)]
        headings = build(self.session, self.template).headings()
        self._blocks = [
            (block, heading.ref) for block, heading in zip(headers, headings) if heading.ref or heading.level <= 2
        ]
        return self._blocks

    def anchor_in_view(self) -> str:
        """The anchor of the section at the top of the document view ("" for the top)."""
        scroll = self.query_one("#doc-scroll", VerticalScroll)
        top = scroll.scroll_y + 1
        found = ""
        for block, anchor in self._section_blocks():
            if block.virtual_region_with_margin.y <= top:
                found = anchor
            else:
                break
        return found

    def show_anchor(self, anchor: str) -> None:
        """Scroll the document to the section `anchor` names (a stage without a heading of its own: its first step's)."""
        stage = next((s for s in self.template.stages if s.id == anchor), None) if self.template else None
        wanted = {anchor} | ({step.id for step in stage.steps} if stage is not None else set())
        for block, found in self._section_blocks():
            if found in wanted:
                self.query_one("#doc-scroll", VerticalScroll).scroll_to_widget(
                    block, top=True, animate=False
                )
                return

    # ------------------------------------------------------------ comments
    def action_new_comment(self) -> None:
        """Comment on the section being read: the form points at it, the cursor in the text."""
        if self.reading:
            self.notify(
                f"Silent reading: {format_left((self.reading_until or 0) - _now())} left. "
                f"{key_for(self, 'review_reading', 'ctrl+r')} ends it now.",
                title="Read first",
                timeout=4,
            )
            return
        if not self.has_class("-commenting"):
            self.end_reading(announce=False)
        self.query_one("#anchor", Select).value = self.anchor_in_view() or DOCUMENT_VALUE
        author = self.query_one("#author", Input)
        target = author if not author.value.strip() else self.query_one("#comment-text", Input)
        target.focus()

    def action_focus_comments(self) -> None:
        """Put the cursor in the list of comments."""
        if not self.reading:
            self.query_one("#comments", CommentList).focus()

    @on(Input.Submitted, "#author")
    def _author_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#comment-text", Input).focus()

    @on(Input.Submitted, "#comment-text")
    def _comment_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        select = self.query_one("#anchor", Select)
        anchor = "" if select.value in (DOCUMENT_VALUE, Select.NULL) else str(select.value)
        author = self.query_one("#author", Input).value
        if self.add_comment(event.value, anchor=anchor, author=author) is None:
            put_back(event)

    def add_comment(self, text: str, *, anchor: str = "", author: str = "") -> Comment | None:
        """Add a comment (refusing a blank text or author with a message); return it."""
        try:
            op = ops.add_comment(text, anchor=anchor, author=author)
        except ops.OperationError as error:
            self.notify(str(error).capitalize() + ".", title="Comment not added", severity="warning")
            if "who" in str(error):
                self.query_one("#author", Input).focus()
            return None
        self.dispatcher.submit(op)
        self.on_change()
        comment = find_comment(self.session, str(op.comment["id"]))
        self._fill_comments(select=comment.id if comment else None)
        return comment

    @property
    def highlighted_comment(self) -> Comment | None:
        """The comment under the cursor in the list."""
        return self.query_one("#comments", CommentList).highlighted_comment

    def action_resolve_comment(self) -> None:
        """Resolve the highlighted comment, or reopen a resolved one."""
        comment = self.highlighted_comment
        if comment is None:
            self.app.bell()
            return
        status = "resolved" if comment.is_open else "open"
        self.dispatcher.submit(ops.SetCommentStatus(comment.id, status, actor=self._actor()))
        self.on_change()
        self._fill_comments(select=comment.id)

    async def action_comment_to_faq(self, kind: str = "customer") -> None:
        """Turn the highlighted comment into a new FAQ question of `kind` (and resolve it)."""
        comment = self.highlighted_comment
        if comment is None:
            self.app.bell()
            return
        try:
            op = ops.comment_to_faq(self.session, comment.id, kind, actor=self._actor())
            self.dispatcher.submit(op)
        except ops.OperationError as error:
            self.notify(str(error).capitalize() + ".", title="Not added", severity="warning")
            return
        item = self.session.find_faq(str(op.steps[0].item["id"]))  # type: ignore[attr-defined]
        if item is None:
            return
        number = self.session.faq_items(kind).index(item) + 1
        self.on_change()
        self._fill_comments(select=comment.id)
        await self.refresh_document()
        self.notify(
            f"{FAQ_TITLES[kind]} Q{number}: “{item.question}” — waiting for an answer. "
            "The comment is resolved (r reopens it).",
            title="Added to the FAQ",
            markup=False,
            timeout=8,
        )

    def action_delete_comment(self) -> None:
        """Delete the highlighted comment, after asking."""
        from .dialogs import ConfirmDialog

        comment = self.highlighted_comment
        if comment is None:
            self.app.bell()
            return
        self.app.push_screen(
            ConfirmDialog(
                "Delete this comment?",
                f"“{comment.text}” — {comment.author}",
                confirm_label="Delete",
            ),
            callback=lambda yes: self._delete(comment.id) if yes else None,
        )

    def _delete(self, comment_id: str) -> None:
        try:
            self.dispatcher.submit(ops.DeleteComment(comment_id, actor=self._actor()))
        except ops.OperationError:
            return
        self.on_change()
        self._fill_comments()

    def _actor(self) -> str:
        return self.session.facilitation.current_contributor or self.session.facilitator

    def _last_is_delete(self) -> bool:
        steps = self.dispatcher.undo_stack
        return bool(steps) and isinstance(steps[-1].forward, ops.DeleteComment)

    async def action_undo_delete(self) -> None:
        """Bring back the last deleted comment (when the last change was that delete)."""
        if not self._last_is_delete():
            self.notify("No deleted comment to bring back.", title="Nothing to undo")
            return
        await self.action_undo()

    async def action_undo(self) -> None:
        """Undo the last change to the session (session-wide, like in the session screen)."""
        await self._undo_or_redo(undo=True)

    async def action_redo(self) -> None:
        """Redo the last undone change."""
        await self._undo_or_redo(undo=False)

    async def _undo_or_redo(self, *, undo: bool) -> None:
        change = self.dispatcher.undo() if undo else self.dispatcher.redo()
        what = "undo" if undo else "redo"
        if change is None:
            self.notify(f"There is nothing to {what}.", title=f"Nothing to {what}")
            return
        self.on_change()
        comment_id = getattr(change.op, "comment_id", None)
        self._fill_comments(select=comment_id if find_comment(self.session, comment_id or "") else None)
        await self.refresh_document()
        if change.part != "comments":
            self.notify(f"{'Undone' if undo else 'Redone'}: {change.step.forward.describe()}.",
                        title=what.capitalize())

    @on(OptionList.OptionHighlighted, "#comments")
    def _comment_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        comment = find_comment(self.session, event.option.id or "")
        if comment is not None:
            self.show_anchor(comment.anchor)

    @on(OptionList.OptionSelected, "#comments")
    def _comment_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        comment = find_comment(self.session, event.option.id or "")
        if comment is not None:
            self.show_anchor(comment.anchor)
            self.query_one("#anchor", Select).value = comment.anchor or DOCUMENT_VALUE

    def _fill_comments(self, select: str | None = None) -> None:
        listing = self.query_one("#comments", CommentList)
        listing.fill(self.session, self.template, select=select)
        self.query_one("#comments-summary", Static).update(listing.summary())

    # ------------------------------------------------------------ leaving
    def action_close(self) -> None:
        """Back to the session."""
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.dismiss(None)

    def commands(self) -> list[SystemCommand]:
        """The review screen's palette commands (the app adds them to ctrl+p)."""
        commands = [
            SystemCommand("Comment here", f"Comment on the section you are reading ({key_for(self, 'review_comment', 'ctrl+n')})", self.action_new_comment),
            SystemCommand(
                "End silent reading" if self.reading else "Start silent reading",
                f"The reading timebox: comments open when it ends ({key_for(self, 'review_reading', 'ctrl+r')})",
                self.action_toggle_reading,
            ),
            SystemCommand("Resolve or reopen comment", f"The highlighted comment ({key_for(self, 'comment_resolve', 'r')})", self.action_resolve_comment),
            SystemCommand(
                "Turn comment into customer FAQ question",
                f"Adds it, unanswered, to the customer FAQ and resolves the comment ({key_for(self, 'comment_to_customer_faq', 'f')})",
                partial(self.action_comment_to_faq, "customer"),
            ),
            SystemCommand(
                "Turn comment into internal FAQ question",
                f"Adds it, unanswered, to the internal FAQ and resolves the comment ({key_for(self, 'comment_to_internal_faq', 'i')})",
                partial(self.action_comment_to_faq, "internal"),
            ),
            SystemCommand("Delete comment", f"The highlighted comment, after asking ({key_for(self, 'comment_delete', 'x')})", self.action_delete_comment),
            SystemCommand("Back to the session", f"Leave the review ({key_for(self, 'review_close', 'escape')})", self.action_close),
        ]
        if self._last_is_delete():
            commands.append(
                SystemCommand("Undo delete comment", "Bring back the last deleted comment", self.action_undo_delete)
            )
        if self.dispatcher.can_undo:
            commands.append(SystemCommand("Undo", "Undo the last change to the session", self.action_undo))
        if self.dispatcher.can_redo:
            commands.append(SystemCommand("Redo", "Redo the last undone change", self.action_redo))
        return commands
