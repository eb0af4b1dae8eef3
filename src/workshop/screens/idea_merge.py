"""Provides IdeaMergeMixin: merging marked ideas (and offering exact duplicates) on a screen with an IdeaList."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..keys import key_for
from ..model.text import plural

if TYPE_CHECKING:
    from ..model.live import LiveSession
    from ..widgets.brainstorm import IdeaList


class IdeaMergeMixin:
    """Turns `IdeaList.MergeRequested` into a `MergeItems` operation, and offers duplicates.

    The host provides `merge_target()` -> `(LiveSession, step id)` and
    `merged()` (redraw and save after a change). Named handlers (`on_…`):
    a plain mixin's `@on`-decorated ones are never registered.
    """

    def merge_target(self) -> "tuple[LiveSession, str]":
        """The session and the step whose items are merged (the host's)."""
        raise NotImplementedError

    def merge_screen(self) -> Any:
        """The screen that asks and tells (the host itself, or the screen a part belongs to)."""
        return self

    def merged(self) -> None:
        """Redraw and save after a merge (the host's)."""
        raise NotImplementedError

    def on_idea_list_merge_requested(self, event: "IdeaList.MergeRequested") -> None:
        """Ask for the merged item's text, then merge (one undo step)."""
        from ..model.merging import item_keys
        from .prompt import TextPrompt

        event.stop()
        screen: Any = self.merge_screen()
        live, step_id = self.merge_target()
        keys = event.keys
        if len(keys) < 2:
            screen.notify(
                f"Mark the items to merge with {key_for(event.idea_list, 'idea_mark', 'space')}, "
                f"then press {key_for(event.idea_list, 'idea_merge', 'm')}.",
                title="Merge", markup=False,
            )
            return
        texts = dict(item_keys(live, step_id))
        idea_list = event.idea_list

        def chosen(text: str | None) -> None:
            if text is not None and self._merge(live, step_id, [keys], [text]):
                idea_list.clear_marks()

        screen.app.push_screen(
            TextPrompt(
                f"Merge {plural(len(keys), 'item')} into one",
                value=texts.get(keys[0], ""),
                hint="Every author stays credited and every dot is kept. Edit the wording, Enter merges.",
            ),
            chosen,
        )

    def note_repeat(self, text: str) -> None:
        """After an idea is added in the open: when it repeats an item word for word, say how to merge.

        (A notification, not a dialog: the room keeps typing.)
        """
        from ..model.merging import item_keys, same_words

        screen: Any = self.merge_screen()
        live, step_id = self.merge_target()
        if live.active_round(step_id) is not None:
            return  # held back: offered after the reveal
        wanted = same_words(text)
        if sum(1 for _, item in item_keys(live, step_id) if same_words(item) == wanted) > 1:
            screen.notify(
                f"“{' '.join(text.split())}” is already in the list: both are kept. To make them one, "
                f"mark them ({key_for(screen, 'idea_mark', 'space')}) and merge "
                f"({key_for(screen, 'idea_merge', 'm')}), or use “Merge duplicate ideas”.",
                title="Repeated idea", markup=False,
            )

    def offer_duplicates(self) -> None:
        """After a reveal: when items repeat each other word for word, offer to merge them."""
        from ..model.merging import duplicates, item_keys
        from .dialogs import ConfirmDialog

        screen: Any = self.merge_screen()
        live, step_id = self.merge_target()
        groups = duplicates(live, step_id)
        if not groups:
            return
        texts = dict(item_keys(live, step_id))
        repeated = sum(len(group) - 1 for group in groups)
        examples = "; ".join(f"“{' '.join(texts[g[0]].split())}” ×{len(g)}" for g in groups[:3])

        def answered(yes: bool | None) -> None:
            if yes:
                self._merge(live, step_id, groups, [texts[g[0]] for g in groups])

        screen.app.push_screen(
            ConfirmDialog(
                "Merge duplicates?",
                f"{plural(repeated, 'item')} {'repeats' if repeated == 1 else 'repeat'} another word for word: "
                f"{examples}. "
                "Merge each into one item? Every author stays credited and every dot is kept "
                f"(undo with {key_for(screen, 'undo', 'ctrl+z')}).",
                confirm_label="Merge",
                cancel_label="Keep both",
            ),
            answered,
        )

    def _merge(self, live: "LiveSession", step_id: str, groups: list[list[str]], texts: list[str]) -> bool:
        """Merge each group (list positions shift as lines go: later groups follow); one undo step."""
        from ..dispatch import Dispatcher
        from ..model import operations as ops
        from ..model.merging import merge_op

        screen: Any = self.merge_screen()
        steps: list[ops.Operation] = []
        gone: list[int] = []
        try:
            for group, text in zip(groups, texts):
                keys = group
                if all(key.isdigit() for key in group):  # list lines: earlier merges removed some
                    keys = [str(int(key) - sum(1 for g in gone if g < int(key))) for key in group]
                    gone += [int(key) for key in group[1:]]
                steps.append(merge_op(live, step_id, keys, text, actor=live.contributor))
        except ValueError as error:
            screen.notify(str(error).capitalize() + ".", severity="warning", markup=False)
            return False
        op = steps[0] if len(steps) == 1 else ops.Batch(steps=tuple(steps), actor=live.contributor)
        try:
            Dispatcher.of(live.session).submit(op)
        except ops.OperationError as error:
            screen.notify(error.reason.capitalize() + ".", severity="warning", markup=False)
            return False
        self.merged()
        screen.notify(
            f"Merged. Every author is still credited. {key_for(screen, 'undo', 'ctrl+z')} undoes it.",
            title="Merged", markup=False,
        )
        return True
