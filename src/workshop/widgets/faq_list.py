"""Provides FaqPanel: one FAQ list (customer or internal) to add, answer, reorder and delete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..keys import key_for
from ..model.session import FaqItem
from ..model.text import plural
from .entry import EntryInput, put_back
from .paging import SafeOptionList
from .question_list import MARKS, QuestionList, item_prompt, item_state
from .safe_text import shown, typed


@dataclass
class FaqMessage(Message):
    """Base of the FAQ panel's messages: which panel, which FAQ."""

    panel: "FaqPanel"
    """The panel that sends it."""
    kind: str
    """`customer` or `internal`."""

    @property
    def control(self) -> "FaqPanel":
        """The panel that sends it."""
        return self.panel


SIDE_BY_SIDE = 72
"""Narrower than this (cells), the answer editor goes below the list instead of beside it."""


class FaqPanel(Vertical):
    """Add, pick, edit, answer, reorder and delete the FAQ items of one kind.

    The panel shows `items` (set by the screen with `set_items`) and posts a
    one message per event (`Added`, `Edited`, `Deleted`, `Moved`,
    `DraftChanged`, `UndoRequested`); the screen changes the session and
    hands the new items back. Suggested questions are one key away.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    BINDINGS = [
        # Not in the Footer (it would push Next/Save off narrow screens): the
        # panel's key line shows them instead.
        Binding("ctrl+n", "add_question", "Add question", id="add_question", show=False),
        Binding("ctrl+g", "use_suggestion", "Use suggestion", id="use_suggestion", show=False),
        Binding("ctrl+t", "toggle_answered", "Mark answered", id="mark_answered", show=False),
    ]

    @dataclass
    class Added(FaqMessage):
        """The user added a question (typed, or a suggestion)."""

        question: str
        """The new question."""
        from_box: bool = False
        """True when typed in the new-question box (which is now empty: its draft goes too)."""

    @dataclass
    class Edited(FaqMessage):
        """The user changed an item's question, answer or answered mark."""

        item_id: str
        """The item."""
        changes: dict[str, str]
        """Field (`question`, `answer`, `status`) -> new value."""

    @dataclass
    class Deleted(FaqMessage):
        """The user deleted an item."""

        item_id: str
        """The item."""

    @dataclass
    class Moved(FaqMessage):
        """The user moved an item up or down."""

        item_id: str
        """The item."""
        offset: int
        """-1 up, +1 down."""

    @dataclass
    class DraftChanged(FaqMessage):
        """The text of the new-question box changed (kept until it is added)."""

        question: str
        """The box's text."""

    @dataclass
    class UndoRequested(FaqMessage):
        """The user pressed the list's undo key: undo the last change (session-wide)."""

    def __init__(
        self,
        kind: str,
        label: str,
        items: Sequence[FaqItem],
        suggestions: Sequence[str] = (),
        *,
        draft: str = "",
        id: str | None = None,
    ) -> None:
        """Create the panel.

        Args:
            kind: `customer` or `internal`.
            label: Heading of the list ("Customer questions").
            items: The items of this kind, in order.
            suggestions: The template's starter questions.
            draft: Text typed in the new-question box earlier (not added yet).
            id: Widget id.
        """
        super().__init__(id=id)
        self.kind = kind
        """Which FAQ this panel edits."""
        self.label = label
        """The list heading."""
        self.items: list[FaqItem] = list(items)
        """The items shown (set by the screen)."""
        self.suggestions = tuple(suggestions)
        """The template's starter questions."""
        self.editing_id = ""
        """The item loaded in the editor (empty when none)."""
        self._reported: tuple[str, str] = ("", "")
        self._draft = shown(draft)
        """The new-question box's text last reported (a `draft` request)."""
        self._answer_due = False

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        """New-question box, suggestions, the list and the answer editor."""
        yield Label(shown(self.label), classes="faq-heading", markup=False)
        yield Static("", id="faq-keys", markup=False)
        yield EntryInput(
            self._draft,
            placeholder="Type a question, press Enter to add it",
            id="new-question",
            select_on_focus=False,
            take=True,
        )
        yield Static("", id="suggestion-hint", markup=False)
        yield Static("", id="faq-count")
        # The list and the answer editor side by side: the answer is written right beside
        # the question it belongs to (stacked when the panel is narrow: `SIDE_BY_SIDE`).
        with Horizontal(id="faq-pair"):
            yield QuestionList(id="questions", markup=False)
            with Vertical(id="editor"):
                yield Static("", id="editor-title")
                yield EntryInput(placeholder="The question", id="edit-question", select_on_focus=False)
                yield TextArea(
                    "",
                    soft_wrap=True,
                    tab_behavior="focus",
                    placeholder="Type the answer",
                    id="edit-answer",
                )
                with Horizontal(id="editor-row"):
                    yield Checkbox("Answered", id="answered", button_first=True)
                    yield Static("", id="editor-keys", markup=False)
        yield Label("Suggested questions (Enter adds one)", classes="faq-heading", id="suggest-heading")
        yield SafeOptionList(id="suggestions", markup=False)

    def on_resize(self) -> None:
        """Put the list and the answer editor side by side when there is room, else stack them."""
        self.set_class(self.size.width < SIDE_BY_SIDE, "-stacked")

    def key(self, binding_id: str, default: str) -> str:
        """How the key of one of the panel's bindings is shown (remaps included)."""
        return key_for(self, binding_id, default)

    def on_mount(self) -> None:
        """Fill the list and the editor; show the keys."""
        add = self.key("add_question", "^n")
        suggest = self.key("use_suggestion", "^g")
        answered = self.key("mark_answered", "^t")
        self.query_one("#faq-keys", Static).update(
            f"{add} new question · {suggest} use a suggestion · {answered} mark answered · "
            "Tab to the list: Enter answers, d deletes, u undoes, shift+↑↓ moves"
        )
        editor_keys = self.query_one_optional("#editor-keys", Static)
        if editor_keys is not None:  # absent when the panel is taken down as it mounts
            editor_keys.update(f"{answered} or space on the list")
        self.set_items(self.items, select=self.items[0].id if self.items else "")

    # ------------------------------------------------------------ state in
    @property
    def unused_suggestions(self) -> list[str]:
        """Suggestions not yet in the list (compared without case)."""
        present = {item.question.strip().casefold() for item in self.items}
        return [s for s in self.suggestions if s.strip().casefold() not in present]

    @property
    def highlighted_id(self) -> str:
        """The id of the highlighted item (empty when none)."""
        questions = self.query_one("#questions", QuestionList)
        option = questions.highlighted_option
        return option.id or "" if option is not None else ""

    def set_items(self, items: Sequence[FaqItem], *, select: str | None = None) -> None:
        """Show `items`; keep (or move) the highlight and reload the editor if needed.

        Args:
            items: The items of this kind, in order.
            select: Item id to highlight (None keeps the current one).
        """
        self.items = list(items)
        questions = self.query_one("#questions", QuestionList)
        keep = select if select is not None else self.highlighted_id
        questions.set_options(
            Option(item_prompt(number, item), id=item.id)
            for number, item in enumerate(self.items, start=1)
        )
        ids = [item.id for item in self.items]
        if keep in ids:
            questions.highlighted = ids.index(keep)
        elif self.items:
            questions.highlighted = min(questions.highlighted or 0, len(self.items) - 1)
        self._update_counts()
        self._update_suggestions()
        current = self.highlighted_id
        if current != self.editing_id:
            self._load_editor(current)
        else:
            self._update_editor_title()

    def refresh_item(self, item: FaqItem) -> None:
        """Repaint one item's row after its answer or mark changed."""
        for number, listed in enumerate(self.items, start=1):
            if listed.id == item.id:
                questions = self.query_one("#questions", QuestionList)
                prompt = item_prompt(number, item)
                # Re-laying out a long list costs; only do it when the row really changed.
                if str(questions.get_option(item.id).prompt) != str(prompt):
                    questions.replace_option_prompt(item.id, prompt)
                break
        self._update_counts()
        if item.id == self.editing_id:
            checkbox = self.query_one("#answered", Checkbox)
            if checkbox.value != (item.status == "answered"):
                with checkbox.prevent(Checkbox.Changed):
                    checkbox.value = item.status == "answered"
            self._update_editor_title()

    def reload(self, items: Sequence[FaqItem], draft: str, *, select: str | None = None) -> None:
        """Show the model again after an undo or redo: the items, the editor and the draft box."""
        self.set_items(items, select=select)
        self._load_editor(self.highlighted_id)  # also when the same item stays selected
        box = self.query_one_optional("#new-question", Input)
        if box is None:  # not composed yet, or being removed: it shows the model when composed
            return
        if typed(box.value) != draft:
            with box.prevent(Input.Changed):
                box.value = shown(draft)
        self._draft = box.value

    def _update_counts(self) -> None:
        total = len(self.items)
        states = [item_state(item) for item in self.items]
        if not total:
            text = Content.styled("No questions yet. Type one above, or use a suggestion.", "$text-muted")
        else:
            parts: list[tuple[str, str]] = [(plural(total, 'question'), "")]
            for state, words in (("unanswered", "unanswered"), ("draft", "draft"),
                                 ("answered", "answered")):
                count = states.count(state)
                if count:
                    symbol, style = MARKS[state]
                    parts.append((f"  {symbol} {count} {words}", style))
            text = Content.assemble(*parts)
        self.query_one("#faq-count", Static).update(text)

    def _update_suggestions(self) -> None:
        unused = self.unused_suggestions
        hint = self.query_one("#suggestion-hint", Static)
        if unused:
            hint.update(
                f"Next suggestion ({self.key('use_suggestion', '^g')}): “{shown(unused[0])}”"
            )
        elif self.suggestions:
            hint.update("Every suggested question is in the list.")
        else:
            hint.update("")
        suggestions = self.query_one("#suggestions", OptionList)
        highlighted = suggestions.highlighted
        suggestions.set_options(
            Option(shown(text), id=f"s{index}") for index, text in enumerate(unused)
        )
        if unused:
            suggestions.highlighted = min(highlighted or 0, len(unused) - 1)
        self.set_class(not unused, "-no-suggestions")

    def _load_editor(self, item_id: str) -> None:
        if self._answer_due and self.editing_id:  # the answer typed so far goes first
            self._report_answer(self.editing_id)
        self.editing_id = item_id
        item = next((i for i in self.items if i.id == item_id), None)
        editor = self.query_one("#editor", Vertical)
        editor.display = item is not None
        if item is None:
            return
        question = self.query_one("#edit-question", Input)
        answer = self.query_one("#edit-answer", TextArea)
        checkbox = self.query_one("#answered", Checkbox)
        with question.prevent(Input.Changed):
            question.value = shown(item.question)
        with answer.prevent(TextArea.Changed):
            answer.load_text(shown(item.answer))
        with checkbox.prevent(Checkbox.Changed):
            checkbox.value = item.status == "answered"
        self._reported = (shown(item.question), shown(item.answer))
        self._update_editor_title()

    def _update_editor_title(self) -> None:
        item = self.editing_item
        if item is None:
            return
        number = self.items.index(item) + 1
        state = item_state(item)
        words = {"answered": "answered", "draft": "draft answer, not marked answered",
                 "unanswered": "not answered yet"}[state]
        self.query_one("#editor-title", Static).update(
            Content.assemble((f"Question {number}", "bold"), (f" · {words}", "$text-muted"))
        )

    @property
    def editing_item(self) -> FaqItem | None:
        """The item loaded in the editor."""
        return next((i for i in self.items if i.id == self.editing_id), None)

    def unreported_edit(self) -> tuple[str, str, str] | None:
        """`(item id, question, answer)` when the editor shows text not yet reported.

        None when there is no item or every keystroke has been reported.
        """
        if self.editing_item is None:
            return None
        question_box = self.query_one_optional("#edit-question", Input)
        answer_box = self.query_one_optional("#edit-answer", TextArea)
        if question_box is None or answer_box is None:  # not composed yet, or being removed
            return None
        question, answer = question_box.value, answer_box.text
        if (question, answer) == self._reported:
            return None
        return self.editing_id, typed(question), typed(answer)

    def unreported_draft(self) -> str | None:
        """The new-question box's text if it changed since it was last reported, else None."""
        box = self.query_one_optional("#new-question", Input)
        if box is None:  # not composed yet, or being removed (its draft was reported)
            return None
        value = box.value
        return None if value == self._draft else typed(value)

    # ------------------------------------------------------------ focus
    def focus_new_question(self) -> None:
        """Put the cursor in the new-question box."""
        if not self.is_attached:
            return
        self.screen.set_focus(self.query_one("#new-question", Input), scroll_visible=False)

    def focus_question_editor(self) -> None:
        """Put the cursor in the selected question's text, to edit it."""
        if self.is_attached and self.editing_item is not None:
            self.screen.set_focus(self.query_one("#edit-question", Input))

    def focus_answer(self) -> None:
        """Put the cursor in the answer of the highlighted item."""
        if not self.is_attached:
            return
        if self.editing_item is not None:
            area = self.query_one("#edit-answer", TextArea)
            self.screen.set_focus(area)
            area.move_cursor(area.document.end)

    # ------------------------------------------------------------ events out
    def _edited(self, item_id: str, **changes: str) -> None:
        self.post_message(self.Edited(self, self.kind, item_id, changes))

    @on(Input.Submitted, "#new-question")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(typed(event.value).split())
        if not text:
            put_back(event)
            self.app.bell()
            return
        self._draft = ""  # the add takes the draft with it: no separate draft change
        self.post_message(self.Added(self, self.kind, text, from_box=True))

    @on(Input.Changed, "#new-question")
    def _draft_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._draft:
            self._draft = event.value
            self.post_message(self.DraftChanged(self, self.kind, typed(event.value)))

    @on(OptionList.OptionHighlighted, "#questions")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if (event.option.id or "") != self.editing_id:
            self._load_editor(event.option.id or "")

    @on(OptionList.OptionSelected, "#questions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._load_editor(event.option.id or "")
        self.focus_answer()

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Added(self, self.kind, typed(str(event.option.prompt))))

    @on(OptionList.OptionHighlighted, "#suggestions")
    def _stop_suggestion_highlight(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    @on(Input.Changed, "#edit-question")
    def _question_edited(self, event: Input.Changed) -> None:
        event.stop()
        self._reported = (event.value, self._reported[1])
        if self.editing_id and event.value.strip():
            self._edited(self.editing_id, question=typed(event.value))

    @on(Input.Submitted, "#edit-question")
    def _question_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_answer()

    @on(TextArea.Changed, "#edit-answer")
    def _answer_edited(self, event: TextArea.Changed) -> None:
        """Report the answer once the changes queued with this one are handled (see FieldEditor)."""
        event.stop()
        if not self._answer_due:
            self._answer_due = True
            self.call_later(self._report_answer, self.editing_id)

    def _report_answer(self, item_id: str) -> None:
        self._answer_due = False
        if item_id != self.editing_id:  # another item was loaded meanwhile (and flushed first)
            return
        text = self.query_one("#edit-answer", TextArea).text
        if text == self._reported[1]:
            return
        self._reported = (self._reported[0], text)
        if self.editing_id:
            self._edited(self.editing_id, answer=typed(text))

    @on(Checkbox.Changed, "#answered")
    def _answered_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        if self.editing_id:
            status = "answered" if event.value else "open"
            self._edited(self.editing_id, status=status)

    # One handler per request of the question list (no action names to dispatch on).
    @on(QuestionList.UndoRequested)
    def _list_undo(self, event: QuestionList.UndoRequested) -> None:
        event.stop()
        self.post_message(self.UndoRequested(self, self.kind))

    def _highlighted_or_bell(self) -> str:
        item_id = self.highlighted_id
        if not item_id:
            self.app.bell()
        return item_id

    @on(QuestionList.ToggleRequested)
    def _list_toggle(self, event: QuestionList.ToggleRequested) -> None:
        event.stop()
        if self._highlighted_or_bell():
            self.action_toggle_answered()

    @on(QuestionList.DeleteRequested)
    def _list_delete(self, event: QuestionList.DeleteRequested) -> None:
        event.stop()
        item_id = self._highlighted_or_bell()
        if item_id:
            self.post_message(self.Deleted(self, self.kind, item_id))

    @on(QuestionList.MoveRequested)
    def _list_move(self, event: QuestionList.MoveRequested) -> None:
        event.stop()
        item_id = self._highlighted_or_bell()
        if item_id:
            self.post_message(self.Moved(self, self.kind, item_id, event.offset))

    # ------------------------------------------------------------ actions
    def action_add_question(self) -> None:
        """Focus the new-question box."""
        self.focus_new_question()

    def action_use_suggestion(self) -> None:
        """Add the highlighted (or first) unused suggested question."""
        unused = self.unused_suggestions
        if not unused:
            self.notify("Every suggested question is already in the list.", title="No suggestion left")
            return
        suggestions = self.query_one("#suggestions", OptionList)
        index = suggestions.highlighted or 0
        self.post_message(self.Added(self, self.kind, unused[min(index, len(unused) - 1)]))

    def action_toggle_answered(self) -> None:
        """Flip the answered mark of the item in the editor."""
        item = self.editing_item
        if item is None:
            self.notify("Add a question first.", title="No question selected")
            return
        status = "open" if item.status == "answered" else "answered"
        self._edited(item.id, status=status)
