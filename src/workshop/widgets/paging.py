"""Provides option lists (and a command palette) whose page keys are safe before they are laid out, and whose cursor stops at the ends.

Textual 8.2's `OptionList` pages by looking up the highlighted option's line
in a cache that is only filled once the list has a size on screen
(`_update_lines` returns early while `scrollable_content_region` is empty).
PageUp/PageDown on a list that has options but no size yet (just mounted,
hidden, or squeezed to zero rows in a tiny terminal) raised `KeyError` from
`OptionList._move_page`. A list with no rows has no page to move by, so here
the keys do nothing then; with no highlight they still go to the first/last
option, which needs no layout. Every workshop option list derives from
`SafeOptionList`; `screens.command_palette.SafeCommandPalette` does the same
for ctrl+p's list (a screen, so it lives with the screens).

Options are also wrapped to the list's width less their padding: in a
terminal only a few columns wide that width reached zero and wrapping raised
`ValueError` (Rich's `chop_cells`). `SafeOptionList` keeps a minimum width
(clipped by its container, never zero) and measures at least one column.

↑ and ↓ stop at the first and last option instead of wrapping around
(`step_highlight`); Select's drop-down list is corrected the same way in
`textual_compat.install`.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import OptionList

from ..textual_compat import step_highlight


def can_page(option_list: OptionList) -> bool:
    """True when PageUp/PageDown can move the list's highlight (it has rows on screen)."""
    return option_list.highlighted is None or bool(option_list.scrollable_content_region)


class SafeOptionList(OptionList):
    """An OptionList that survives having no size yet and tiny terminals (see the module)."""

    DEFAULT_CSS = """
    SafeOptionList {
        min-width: 7;  /* border 2 + option padding 2 + scrollbar 2 + 1 column of text */
    }
    """

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Height of the options at `width` (measured at one column of text at least)."""
        padding = self.get_component_styles("option-list--option").padding.width
        return super().get_content_height(container, viewport, max(width, padding + 1))

    def action_cursor_up(self) -> None:
        """Move the highlight to the previous enabled option; at the first one, stay there."""
        self.highlighted = step_highlight(self, -1)

    def action_cursor_down(self) -> None:
        """Move the highlight to the next enabled option; at the last one, stay there."""
        self.highlighted = step_highlight(self, 1)

    def action_page_up(self) -> None:
        """Move the highlight up one page (nothing while the list has no size yet)."""
        if can_page(self):
            super().action_page_up()

    def action_page_down(self) -> None:
        """Move the highlight down one page (nothing while the list has no size yet)."""
        if can_page(self):
            super().action_page_down()
