"""Provides every private Textual name the app relies on, and its corrections to Textual, in one place.

Textual 8 has no public way to do these few things. Everything else in the
package uses Textual's public API only; tests/test_textual_compat.py checks
each name below against the installed Textual and fails, naming it, when an upgrade renames, moves or reshapes it
(tests/tui/test_keymap_remap.py covers the keymap correction). Fix it here,
and only here.

- `invoke`: run a callback that may be sync or async (`textual._callback`),
  for `WorkshopApp.call_soon_from_thread`;
- `app_loop`, `app_context`: the app's asyncio loop and its context manager
  (`App._loop`, `App._context`), for the same;
- `keymap`: the user's keymap as the app holds it (`App._keymap`), for `keys.key_for`;
- `normalize_key_list`: Textual's spelling of a key list (`textual.keys`), for
  the keymap check;
- `merged_bindings`: a DOM class's bindings with its bases' (`DOMNode._merge_bindings`);
- `FooterKey`: one key of the footer (`textual.widgets._footer`);
- `HANDLE_EXCEPTION`: the name of the App method that sees an unhandled error
  (`WorkshopApp` overrides it to save and write a crash log first);
- the Markdown widget's internals (`markdown_classes`, `parse_markdown`,
  `child_blocks`, `copy_paragraph`): for the incrementally updated preview.
  Imported on first use: the Markdown widget is not needed at start-up;
- `current_message_pump`: the pump whose message loop runs the calling code
  (`textual._context.active_message_pump`), for waiting on type-ahead;
- `drop_oldest_notifications`: the app's notifications (`App._notifications`,
  `App._unnotify`), so only as many toasts as fit are shown;
- `install_fast_wrapped_height`: TextArea's wrapped height in constant time
  (`textual.document._wrapped_document`), for very long answers.
- `DISPLAY`, `held_by_start_batch`, `batch_lifted`: the app's first whole frame
  is painted even though Textual's start-up batch (`App._batch_count`) would
  drop it (`App._display`, `textual._compositor.LayoutUpdate`); see `held_by_start_batch`.
- `install_parsed_css_cache` (in `parsed_css.py`): stylesheets Textual parsed in an
  earlier run are read back instead of parsed again (`Stylesheet._parse_rules`,
  `Stylesheet._parse_cache`, `Stylesheet._variables`, and the classes parsed rules are
  made of); see `ParsedCss`.
- `install()` also makes writes to a closed terminal drop instead of blocking
  (`textual.drivers._writer_thread.WriterThread`), for quitting on SIGHUP, and
  leaves widgets removed from a screen under a dialog out of what is drawn
  (`textual._compositor.Compositor.visible_widgets`): drawing one crashed the app;
  and renders a container's identical middle rows once per draw
  (`textual._styles_cache.StylesCache.render_widget`, `render_line`), for start-up.

Key remaps (`install`): Textual 8.2's `BindingsMap.apply_keymap` has two faults this app's users see:

- A binding declared with two keys (`Binding("f6,alt+right", …, id="next_step")`)
  is two bindings with one id. Remapped to one key, the second copy finds the
  first already on that key and is reported as a clash with itself: a false
  "Key remap clash … the old key is kept" warning.
- Remapped keys are appended after every other key of their screen, so the
  footer moves them to its end, where a narrow footer cuts them off.

`install()` replaces the method with `apply_keymap` below, which keeps each
remapped binding where its first default key was, and reports a clash only
between different bindings. Everything else is Textual's behaviour: a key
remapped onto a key another binding has by default takes it (that binding is
reported and loses the key), and two bindings remapped to one key are both
reported. Delete `apply_keymap` and `install` when Textual fixes it upstream.

List cursors (`install`, `step_highlight`): Textual's OptionList wraps ↑ on the
first option to the last one, and ↓ on the last to the first. In a room that
led to editing the wrong FAQ question; workshop's lists stop at the ends
(`widgets.paging.SafeOptionList` uses `step_highlight`, and `install` gives a
Select's drop-down list (`textual.widgets._select.SelectOverlay`) the same).
Enter in that list (`install`) is handled in the list's own queue, so letters
typed right after it (type to search) no longer move the highlight first.
"""


from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Iterator

from textual import events
from textual._callback import invoke as _invoke
from textual._compositor import LayoutUpdate
from textual._context import active_message_pump
from textual.binding import Binding, BindingsMap, Keymap, KeymapApplyResult
from textual.keys import _normalize_key_list
from textual.message_pump import MessagePump

from .parsed_css import ParsedCss, install_parsed_css_cache, uninstall_parsed_css_cache

if TYPE_CHECKING:
    import asyncio

    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.widgets import Markdown, OptionList
    from textual.widgets._footer import FooterKey
    from textual.widgets.markdown import MarkdownBlock

__all__ = [
    "DISPLAY",
    "HANDLE_EXCEPTION",
    "batch_lifted",
    "held_by_start_batch",
    "FooterKey",
    "app_context",
    "app_loop",
    "apply_keymap",
    "child_blocks",
    "copy_paragraph",
    "drop_oldest_notifications",
    "current_message_pump",
    "install",
    "install_fast_wrapped_height",
    "invoke",
    "keymap",
    "markdown_classes",
    "merged_bindings",
    "normalize_key_list",
    "ParsedCss",
    "install_parsed_css_cache",
    "parse_markdown",
    "uninstall_parsed_css_cache",
    "step_highlight",
]

def __getattr__(name: str) -> Any:
    """`FooterKey`, imported on first use: the first frame has no footer (start-up, issue 12 §4)."""
    if name == "FooterKey":
        from textual.widgets._footer import FooterKey

        return FooterKey
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


HANDLE_EXCEPTION = "_handle_exception"
"""`App._handle_exception(error)`: called with an error no handler caught, before the app exits."""


DISPLAY = "_display"
"""`App._display(screen, renderable)`: writes one rendered update to the terminal (dropped during a batch)."""


def held_by_start_batch(app: App[Any], screen: Screen[Any], renderable: object) -> bool:
    """Whether `renderable` is a whole frame of the top screen that only Textual's start-up batch holds back.

    Textual runs the app's compose and mount inside a batch (`App._batch_count`
    is 1) so that nothing half-built flickers. A screen pushed from the app's
    `on_mount` (the session screen of `workshop open`) is composed, laid out
    and rendered whole while that batch is still open, and `App._display`
    drops the frame. The compositor takes it as drawn, so the first frame
    Textual then writes (after the batch) holds only what changed since:
    the header, the question and some labels, without the answer boxes or the
    status line, which follow a frame later (seen in a real terminal). A whole
    frame (`LayoutUpdate`, never a partial one) of the screen on top is
    complete whatever comes next, so painting it is safe and puts the whole
    first screen up ~10 ms sooner (issue 12 §4).
    """
    return isinstance(renderable, LayoutUpdate) and app._batch_count == 1 and screen is app.screen


@contextmanager
def batch_lifted(app: App[Any]) -> Iterator[None]:
    """Within the block the app paints as if no batch were open."""
    count = app._batch_count
    app._batch_count = 0
    try:
        yield
    finally:
        app._batch_count = count


def invoke(callback: Callable[..., Any]) -> Awaitable[Any]:
    """Call `callback()` (sync or async) the way Textual calls handlers; await the result."""
    return _invoke(callback)


def app_loop(app: App[Any]) -> asyncio.AbstractEventLoop | None:
    """The asyncio loop `app` runs on (None before it runs)."""
    return app._loop


def app_context(app: App[Any]) -> AbstractContextManager[None]:
    """The context manager that makes `app` the active app for code run on its loop."""
    return app._context()


def keymap(app: App[Any]) -> dict[str, str]:
    """The keymap `app` applies: binding id -> comma-separated keys ({} when none)."""
    return dict(getattr(app, "_keymap", None) or {})


def normalize_key_list(keys: str) -> str:
    """Return a comma-separated key list spelled the way Textual matches keys."""
    return _normalize_key_list(keys)


def merged_bindings(cls: type[DOMNode]) -> BindingsMap:
    """The bindings of `cls` merged with its base classes' (what its instances start with)."""
    return cls._merge_bindings()


def markdown_classes() -> tuple[type[MarkdownBlock], type[MarkdownBlock]]:
    """Return Textual's `(MarkdownHeader, MarkdownParagraph)` widget classes."""
    from textual.widgets._markdown import MarkdownHeader, MarkdownParagraph

    return MarkdownHeader, MarkdownParagraph


def parse_markdown(widget: Markdown, tokens: Any) -> Iterable[MarkdownBlock]:
    """Build (not mount) the block widgets `widget` would show for markdown-it `tokens`."""
    return widget._parse_markdown(tokens)


def child_blocks(block: MarkdownBlock) -> list[MarkdownBlock]:
    """The blocks a not-yet-mounted block holds (a list's items, a quote's paragraphs)."""
    return block._blocks


def copy_paragraph(widget: MarkdownBlock, new: MarkdownBlock) -> None:
    """Show `new`'s text, inline token and context in the mounted paragraph `widget`."""
    widget.set_content(new._content)
    widget._copy_context(new)
    widget._inline_token = new._inline_token


def current_message_pump() -> MessagePump | None:
    """The app, screen or widget whose message loop runs the calling code (None outside one).

    Textual keeps it in a context variable (`textual._context.active_message_pump`),
    which it sets while a pump handles a message; workers copy it.
    """
    return active_message_pump.get(None)


_SEVERITY_RANK = {"information": 0, "warning": 1, "error": 2}


def drop_oldest_notifications(app: App[Any], keep: int) -> None:
    """Remove notifications until `keep` unexpired ones are left (no redraw).

    Information goes first, then warnings, then errors, the oldest of each
    first: an error stays on screen while newer news comes and goes.
    """
    live = [notification for notification in app._notifications if not notification.has_expired]
    order = sorted(live, key=lambda n: _SEVERITY_RANK.get(n.severity, 0))  # stable: oldest first
    for notification in order[: max(0, len(live) - keep)]:
        app._unnotify(notification, refresh=False)


_FAST_HEIGHT = {"installed": False}


def install_fast_wrapped_height() -> None:
    """Make TextArea's `WrappedDocument.height` cost the same whatever the text's length.

    Textual 8.2 sums the wrap count of every line of the document each time
    `height` is read, and the TextArea reads it for every line it paints:
    in a 150,000-word answer that was about half of each key's cost, and it
    grows with the answer. `_offset_to_line_info` holds one entry per wrapped
    line and `wrap` and `wrap_range` keep it in step with the wrap offsets,
    so its length is the same number (tests/test_textual_compat.py
    checks both against each other after edits).
    """
    from textual.document._wrapped_document import WrappedDocument

    if _FAST_HEIGHT["installed"]:
        return
    _FAST_HEIGHT["installed"] = True
    WrappedDocument.height = property(  # type: ignore[method-assign, assignment]
        lambda self: len(self._offset_to_line_info), doc="The height of the wrapped document."
    )


# ------------------------------------------------------------ key remaps
def apply_keymap(self: BindingsMap, keymap: Keymap) -> KeymapApplyResult:
    """Replace bindings for keys in `keymap`, in place; report real clashes only."""
    old = list(self.key_to_bindings.items())
    new_keys: dict[str, list[str]] = {}
    for _key, bindings in old:
        for binding in bindings:
            if binding.id and binding.id not in new_keys and keymap.get(binding.id):
                keys = [key.strip() for key in keymap[binding.id].split(",") if key.strip()]
                new_keys[binding.id] = keys
    if not new_keys:
        return KeymapApplyResult(set())
    taken = {key for keys in new_keys.values() for key in keys}
    clashed: set[Binding] = set()
    result: dict[str, list[Binding]] = {}
    placed: dict[str, str] = {}  # key -> id of the remapped binding placed on it
    done: set[str] = set()  # ids placed (a binding with two default keys is placed once)
    for key, bindings in old:
        kept = [b for b in bindings if not (b.id and b.id in new_keys)]
        if kept and key in taken:
            clashed.update(kept)  # a default binding loses its key to a remap
            kept = []
        if kept:
            result.setdefault(key, []).extend(kept)
        for binding in bindings:
            binding_id = binding.id
            if not binding_id or binding_id not in new_keys or binding_id in done:
                continue
            done.add(binding_id)
            for target in new_keys[binding_id]:
                owner = placed.get(target)
                if owner is not None and owner != binding_id:
                    clashed.update(result.get(target, []))  # two remaps want one key
                    clashed.add(binding)
                result.setdefault(target, []).append(
                    binding.with_key(key=target, key_display=None)
                )
                placed.setdefault(target, binding_id)
    self.key_to_bindings.clear()
    self.key_to_bindings.update(result)
    return KeymapApplyResult(clashed)


def step_highlight(option_list: "OptionList", direction: int) -> int | None:
    """The enabled option one step from the highlight in `direction` (-1 up, 1 down).

    Textual's lists wrap from the last option to the first; at an end this
    returns the highlight unchanged instead, so holding ↑ or ↓ stops at the
    first or last step or question rather than jumping to the other end (the
    step list once went from step 8 to 19 after 12 presses of ↑).
    """
    count = option_list.option_count
    current = option_list.highlighted
    if current is None:
        order = range(count) if direction > 0 else range(count - 1, -1, -1)
    else:
        order = range(current + 1, count) if direction > 0 else range(current - 1, -1, -1)
    for index in order:
        if not option_list.get_option_at_index(index).disabled:
            return index
    return current



def install() -> None:
    """Use the corrected `apply_keymap`, safe Select paging, Select cursors that stop at
    the ends and the other corrections above (safe to call more than once)."""
    BindingsMap.apply_keymap = apply_keymap  # type: ignore[method-assign]
    _install_safe_select_paging()
    _install_select_cursor_stops()
    _install_select_enter_in_order()
    _install_writes_to_a_closed_terminal_dropped()
    _install_removed_widgets_not_drawn()
    _install_blank_rows_rendered_once()


def _install_blank_rows_rendered_once() -> None:
    """A container's rows between its edges are rendered once per draw, not once each.

    Textual renders every row of every widget on screen, containers included,
    though a container's content is a blank background (`Widget.render` gives
    `Blank` to a container without keylines): each of its middle rows comes out
    the same, but each costs a full `StylesCache.render_line` (~20 µs: border,
    outline, padding, tint and opacity worked out again). The session screen's
    first frame has five nested containers of ~30 rows (~3 ms of its ~12 ms of
    rendering; ~0.2 ms each with this). For such a container, the first middle row rendered is used for
    the others of that draw; its edge rows (border, outline) and padding rows are
    rendered as Textual does. Start-up, issue 12 §4; every snapshot test checks
    the result is the same, byte for byte.
    """
    from textual._styles_cache import StylesCache
    from textual.widget import Widget

    render_widget = StylesCache.render_widget
    if getattr(render_widget, "_workshop_rows_once", False):
        return
    plain_render, plain_render_line = Widget.render, Widget.render_line

    def rows_once(self: StylesCache, widget: Widget, crop: Any) -> Any:
        cls = type(widget)
        if not (widget.is_container and cls.render is plain_render and cls.render_line is plain_render_line):
            return render_widget(self, widget, crop)
        styles = widget.styles
        if styles.layout and styles.keyline[0] != "none":  # keylines differ from row to row
            return render_widget(self, widget, crop)
        render_line = self.render_line
        middle: list[Any] = []

        def render_row(styles: Any, y: int, size: Any, *args: Any) -> Any:
            gutter = styles.gutter
            if y == 0 or y >= size.height - 1 or y < gutter.top or y >= size.height - gutter.bottom:
                return render_line(styles, y, size, *args)
            if not middle:
                middle.append(render_line(styles, y, size, *args))
            return middle[0]

        self.render_line = render_row  # type: ignore[method-assign]
        try:
            return render_widget(self, widget, crop)
        finally:
            del self.render_line

    rows_once._workshop_rows_once = True  # type: ignore[attr-defined]
    rows_once._workshop_original = render_widget  # type: ignore[attr-defined]
    StylesCache.render_widget = rows_once  # type: ignore[method-assign]


def _install_removed_widgets_not_drawn() -> None:
    """A widget removed from a screen that lies under another is no longer drawn (it crashed the app).

    A dialog draws the screen under it from that screen's last layout
    (`textual._compositor.Compositor.visible_widgets`), which Textual refreshes
    only when the screen is on top again. A widget removed meanwhile (the session
    screen replaces an answer box when an idea is added or undone from a dialog)
    is still in that layout, but Textual has cleared its styles; a TextArea
    then raised "No 'text-area--gutter' key in COMPONENT_CLASSES" as the dialog
    redrew, which ended the app (seen in CI, ~1 run in 18 under load). A widget
    that has left the DOM (no parent) is left out of what is drawn; the screen
    under it shows until the layout is refreshed.
    """
    from textual._compositor import Compositor

    layout_widgets = Compositor.visible_widgets
    if getattr(layout_widgets.fget, "_workshop_skips_removed", False):
        return

    def visible_widgets(self: Compositor) -> dict[Any, Any]:
        widgets = layout_widgets.fget(self)
        if any(widget._parent is None for widget in widgets):
            return {widget: place for widget, place in widgets.items() if widget._parent is not None}
        return widgets

    visible_widgets._workshop_skips_removed = True  # type: ignore[attr-defined]
    Compositor.visible_widgets = property(visible_widgets)  # type: ignore[method-assign]


def _install_writes_to_a_closed_terminal_dropped() -> None:
    """Writes to a terminal that has closed are dropped instead of blocking the app for ever.

    Textual's output thread (`textual.drivers._writer_thread.WriterThread`) ends at
    its first failed write (the terminal window was closed: EIO); the app's next
    writes fill its queue (30 items) and then wait for ever for a thread that is
    gone. An app that quits on SIGHUP (`stop_signals`) hung so in its very last
    writes (leaving the app's screen), after saving but before its screens were
    closed (so `workshop host` never stopped its team server). Here a write that
    finds the queue full and the thread gone is dropped, and so is the stop mark.
    """
    from queue import Full

    from textual.drivers._writer_thread import WriterThread

    if getattr(WriterThread, "_workshop_drops_when_gone", False):
        return

    def write(self: Any, text: str | None) -> None:
        while self.ident is None or self.is_alive():  # not started yet, or running
            try:
                self._queue.put(text, timeout=0.2)
                return
            except Full:  # a slow terminal: wait; a closed one (the thread ended): drop
                if not self.is_alive():
                    return

    def stop(self: Any) -> None:
        write(self, None)
        self.join()

    WriterThread.write = write  # type: ignore[method-assign]
    WriterThread.stop = stop  # type: ignore[method-assign]
    WriterThread._workshop_drops_when_gone = True  # type: ignore[attr-defined]


def _install_select_cursor_stops() -> None:
    """↑/↓ in a Select's open list stop at the first and last option (Textual wraps around).

    Workshop's own lists are `widgets.paging.SafeOptionList`, which do the same;
    the Select builds its overlay itself, so its class is corrected here.
    """
    from textual.widgets._select import SelectOverlay

    if getattr(SelectOverlay, "_workshop_cursor_stops", False):
        return
    SelectOverlay.action_cursor_up = lambda self: setattr(self, "highlighted", step_highlight(self, -1))  # type: ignore[method-assign]
    SelectOverlay.action_cursor_down = lambda self: setattr(self, "highlighted", step_highlight(self, 1))  # type: ignore[method-assign]
    SelectOverlay._workshop_cursor_stops = True  # type: ignore[attr-defined]


def _install_select_enter_in_order() -> None:
    """Enter in a Select's open list picks the option highlighted when Enter was typed.

    The list's select key is a non-priority binding: its Key event bubbles up to
    the app before the binding runs, while letters typed next go straight to the
    list and move the highlight (type to search), so a burst `b Enter e` picked
    the option matching "be". The select key is handled in the list's own queue
    instead, in order (as `widgets.entry.EntryInput` does for Input's Enter).
    """
    from textual.widgets._select import SelectOverlay

    if getattr(SelectOverlay, "_workshop_enter_in_order", False):
        return
    select_keys = frozenset(
        key for key, found in merged_bindings(SelectOverlay).key_to_bindings.items()
        if any(binding.action == "select" for binding in found)
    )
    original = SelectOverlay._on_key

    async def _on_key(self: Any, event: events.Key) -> None:
        if event.key in select_keys:
            event.stop()
            event.prevent_default()
            self.action_select()
            return
        await original(self, event)

    SelectOverlay._on_key = _on_key  # type: ignore[method-assign]
    SelectOverlay._workshop_enter_in_order = True  # type: ignore[attr-defined]


def _install_safe_select_paging() -> None:
    """PageUp/PageDown in a Select's list before it has rows on screen do nothing.

    Textual 8.2's `OptionList._move_page` looks the highlight up in
    `_index_to_line`, which is empty until the list is laid out: a Select's
    overlay that is closed or was just opened in a tiny terminal raised
    `KeyError: 0` (found by the fuzz test, seed 118). Workshop's own lists are
    `widgets.paging.SafeOptionList`; the Select builds its overlay itself, so
    its class is corrected here.
    """
    from textual.widgets._select import SelectOverlay

    if getattr(SelectOverlay, "_workshop_safe_paging", False):
        return
    for name in ("action_page_up", "action_page_down"):
        original = getattr(SelectOverlay, name)

        def page(self: Any, _original: Callable[[Any], None] = original) -> None:
            if self.highlighted is None or self.scrollable_content_region:
                _original(self)

        page.__name__ = name
        page.__doc__ = original.__doc__
        setattr(SelectOverlay, name, page)
    SelectOverlay._workshop_safe_paging = True  # type: ignore[attr-defined]
