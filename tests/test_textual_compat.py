"""Tests that every private Textual name in workshop.textual_compat still means what the app expects.

Also its corrections to Textual: the wrapped-document height (the keymap fix
is tested by tests/tui/test_keymap_remap.py).

Each test fails, naming the private name, when a Textual upgrade renames,
moves or reshapes it; `workshop.textual_compat` is then the one place to fix.
A scan also proves no other module reaches into Textual's private names.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import random
import time
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown
from textual.widgets.markdown import MarkdownBlock

import workshop
from workshop import textual_compat as compat
from workshop.app import WorkshopApp
from workshop.keys import key_for
from workshop.textual_compat import install_fast_wrapped_height

PACKAGE = Path(workshop.__file__).resolve().parent


class _Keys(App[None]):
    BINDINGS = [Binding("ctrl+k", "noop", "Do it", id="do_it")]

    def compose(self) -> ComposeResult:
        yield Markdown("# Title\n\nSome *text*.\n\n- one\n- two\n")
        yield Footer()

    def action_noop(self) -> None:
        pass


async def test_app_loop_context_and_invoke() -> None:
    app = _Keys()
    ran: list[str] = []
    async with app.run_test() as pilot:
        loop = compat.app_loop(app)
        assert loop is asyncio.get_running_loop()
        with compat.app_context(app):
            await compat.invoke(lambda: ran.append("sync"))

            async def later() -> None:
                ran.append("async")

            await compat.invoke(later)
        await pilot.pause()
    assert ran == ["sync", "async"]


async def test_keymap_and_key_for_follow_a_remap() -> None:
    app = _Keys()
    app.set_keymap({"do_it": "f5"})
    async with app.run_test() as pilot:
        await pilot.pause()
        assert compat.keymap(app) == {"do_it": "f5"}
        assert key_for(app.screen, "do_it", "ctrl+k") == app.get_key_display(Binding("f5", "noop"))
        assert key_for(app.screen, "no_such_binding", "x") == "x"
        footer_keys = list(app.screen.query(compat.FooterKey))
        assert any(key.description == "Do it" for key in footer_keys)


def test_normalize_key_list_and_merged_bindings() -> None:
    assert compat.normalize_key_list("ctrl+k, f5") == "ctrl+k,f5"
    merged = compat.merged_bindings(_Keys)
    assert isinstance(merged, BindingsMap)
    assert "ctrl+k" in merged.key_to_bindings
    assert any(b.id == "quit" for bs in compat.merged_bindings(WorkshopApp).key_to_bindings.values() for b in bs)


def test_the_exception_hook_is_still_there_and_overridden() -> None:
    hook = getattr(App, compat.HANDLE_EXCEPTION)
    assert list(inspect.signature(hook).parameters) == ["self", "error"]
    assert compat.HANDLE_EXCEPTION in vars(WorkshopApp)


def test_the_display_hook_and_the_start_batch_are_still_there() -> None:
    hook = getattr(App, compat.DISPLAY)
    assert list(inspect.signature(hook).parameters) == ["self", "screen", "renderable"]
    assert compat.DISPLAY in vars(WorkshopApp)
    app = App()
    assert app._batch_count == 0
    with app.batch_update():
        assert app._batch_count == 1
        with compat.batch_lifted(app):
            assert app._batch_count == 0
        assert app._batch_count == 1


async def test_markdown_internals() -> None:
    header_class, paragraph_class = compat.markdown_classes()
    assert issubclass(header_class, MarkdownBlock) and issubclass(paragraph_class, MarkdownBlock)
    app = _Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        markdown = app.query_one(Markdown)
        from markdown_it import MarkdownIt

        parser = MarkdownIt("gfm-like")
        built = list(compat.parse_markdown(markdown, parser.parse("# Head\n\nA *para*.\n\n- x\n- y\n")))
        assert isinstance(built[0], header_class) and isinstance(built[1], paragraph_class)
        listing = built[2]
        assert compat.child_blocks(listing), "a list holds its items until mounted"
        mounted = [b for b in markdown.query(paragraph_class) if b.parent is markdown][0]
        compat.copy_paragraph(mounted, built[1])
        await pilot.pause()
        assert "para" in str(mounted.content)


def _private_textual_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("textual"):
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"from {node.module} import …")
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("textual") and "._" in a.name]
    return found


def test_no_module_but_the_compat_one_imports_a_private_textual_name() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): uses
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "textual_compat" and (uses := _private_textual_uses(path))
    }
    assert offenders == {}


def test_the_scan_sees_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from textual._callback import invoke\nfrom textual.keys import _normalize_key_list\n")
    assert _private_textual_uses(sample) == ["from textual._callback import …", "textual.keys._normalize_key_list"]


async def test_current_message_pump_is_the_pump_running_the_code() -> None:
    assert compat.current_message_pump() is None  # outside any message loop
    seen = []

    class _Pumps(_Keys):
        def on_mount(self) -> None:
            seen.append(compat.current_message_pump())

    app = _Pumps()
    async with app.run_test() as pilot:
        await pilot.pause()
    assert seen == [app]


# ------------------------------------------------------------ the fast wrapped height
def _summed_height(wrapped: WrappedDocument) -> int:
    """Textual's own definition of the height."""
    return sum(len(offsets) + 1 for offsets in wrapped._wrap_offsets)


def test_wrapped_height_stays_equal_to_textuals_after_edits() -> None:
    install_fast_wrapped_height()
    rng = random.Random(7)
    words = ["night", "nurse", "laundry", "a" * 60, "\t", "😀", "\n", "\n\n"]
    document = Document(" ".join(rng.choice(words) for _ in range(2000)))
    wrapped = WrappedDocument(document, width=37)
    assert wrapped.height == _summed_height(wrapped)
    for _ in range(300):
        lines = document.line_count
        row = rng.randrange(lines)
        column = rng.randrange(len(document[row]) + 1)
        end_row = min(lines - 1, row + rng.randrange(3))
        end_column = rng.randrange(len(document[end_row]) + 1)
        start, end = sorted([(row, column), (end_row, end_column)])
        result = document.replace_range(start, end, rng.choice(words) * rng.randrange(4))
        wrapped.wrap_range(start, end, result.end_location)
        assert wrapped.height == _summed_height(wrapped)
    wrapped.wrap(80)
    assert wrapped.height == _summed_height(wrapped)


def test_wrapped_height_costs_the_same_for_a_long_text() -> None:
    install_fast_wrapped_height()
    wrapped = WrappedDocument(Document(("word " * 20 + "\n") * 30_000), width=40)
    start = time.perf_counter()
    for _ in range(1_000):
        wrapped.height
    took = time.perf_counter() - start
    assert took < 0.1, f"1,000 reads of the height of 30,000 lines took {took:.2f} s"


async def test_page_keys_in_a_select_list_with_no_rows_on_screen() -> None:
    """Textual's `_move_page` raised KeyError: 0 for a Select's list not laid out yet
    (the fuzz test's seed 118); `install()` makes the keys do nothing then."""
    from textual.app import App
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    from workshop import textual_compat

    textual_compat.install()

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Select([("one", 1), ("two", 2), ("three", 3)], value=1)

    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        overlay = app.query_one(SelectOverlay)
        overlay.highlighted = 0
        assert not overlay.scrollable_content_region  # closed: no rows on screen
        overlay.action_page_down()
        overlay.action_page_up()
        await pilot.pause()
        assert overlay.highlighted == 0


async def test_drop_oldest_notifications_keeps_the_newest() -> None:
    app = _Keys()
    async with app.run_test(notifications=True) as pilot:
        for n in range(4):
            App.notify(app, f"note {n}", timeout=30)
        await pilot.pause()
        App.notify(app, "bad", severity="error", timeout=30)
        App.notify(app, "hm", severity="warning", timeout=30)
        await pilot.pause()
        compat.drop_oldest_notifications(app, 3)  # information goes first, the oldest first
        assert [n.message for n in app._notifications] == ["note 3", "bad", "hm"]
        compat.drop_oldest_notifications(app, 1)  # the error stays longest
        assert [n.message for n in app._notifications] == ["bad"]
        compat.drop_oldest_notifications(app, 0)
        assert len(app._notifications) == 0


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the EIO ends it
def test_writes_to_a_closed_terminal_are_dropped_not_blocking() -> None:
    """Textual's output thread ends at its first failed write (a closed terminal: EIO); the app's later
    writes (more than its queue holds) and the stop must return instead of waiting for ever."""
    import threading

    from textual.drivers._writer_thread import WriterThread

    from workshop import textual_compat

    textual_compat.install()

    class ClosedTerminal:
        def write(self, text: str) -> None:
            raise OSError(5, "Input/output error")

        def flush(self) -> None:
            pass

    writer = WriterThread(ClosedTerminal())  # type: ignore[arg-type]
    writer.start()
    done = threading.Event()

    def app_writes() -> None:
        for _ in range(100):
            writer.write("x")
        writer.stop()
        done.set()

    threading.Thread(target=app_writes, daemon=True).start()
    assert done.wait(30), "the app's writes blocked on a terminal that has closed"


async def test_a_widget_removed_under_a_dialog_is_not_drawn_with_the_dialog() -> None:
    """The dialog draws the screen under it from that screen's last layout; a TextArea removed
    meanwhile (its styles cleared by Textual) raised KeyError 'text-area--gutter' and ended the app."""
    from textual.screen import ModalScreen
    from textual.widgets import Static, TextArea

    class Dialog(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Static("a dialog")

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea("an answer", id="box")

    compat.install()
    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        under = app.screen
        await app.push_screen(Dialog())
        await pilot.pause()
        await under.query_one("#box", TextArea).remove()  # while the dialog is on top
        assert not under.query("#box")
        under._compositor.render_strips()  # what the dialog's background draws (raised KeyError)
        app.screen.refresh()
        await pilot.pause()
        assert app.is_running and app._exception is None


# ------------------------------------------------------------ a container's middle rows rendered once
class _Containers(App[None]):
    """Containers with every kind of row: borders and titles, outline, padding, hatch, tint,
    opacity, keylines, scrolling, and a dialog drawn over a translucent background."""

    CSS = """
    #a { border: round $accent; border-title-align: center; border-subtitle-align: right; padding: 1 2; height: 9; }
    #b { outline: heavy $error; background: $panel; height: 7; hatch: right $primary 40%; }
    #c { background-tint: $success 30%; opacity: 80%; padding: 0 1 2 0; height: 8; border-left: thick $warning; }
    #d { layout: grid; grid-size: 2; keyline: thin $primary; height: 6; }
    #e { height: 6; text-opacity: 60%; background: $boost; }
    _Dialog { background: $background 60%; align: center middle; }
    _Dialog > Vertical { width: 30; height: 8; border: tall $accent; background: $surface; padding: 1; }
    """

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal, Vertical, VerticalScroll
        from textual.widgets import Label

        with VerticalScroll():
            with Vertical(id="a") as a:
                a.border_title, a.border_subtitle = "Title", "sub"
                yield Label("inside a")
            with Horizontal(id="b"):
                yield Label("inside b")
            with Vertical(id="c"):
                yield Label("inside c")
            with Vertical(id="d"):
                yield Label("one")
                yield Label("two")
                yield Label("three")
            with Vertical(id="e"):
                yield Label("\n".join(f"line {n}" for n in range(20)))


class _Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        from textual.containers import Vertical
        from textual.widgets import Label

        with Vertical():
            yield Label("A dialog")


async def _container_screens() -> list[str]:
    app = _Containers()
    shots = []
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        shots.append(app.export_screenshot())
        app.query_one("VerticalScroll").scroll_to(y=12, animate=False)
        await pilot.pause()
        shots.append(app.export_screenshot())
        await pilot.resize_terminal(47, 19)
        await pilot.pause()
        shots.append(app.export_screenshot())
        app.push_screen(_Dialog())
        await pilot.pause()
        shots.append(app.export_screenshot())
    return shots


async def test_container_rows_rendered_once_draw_what_textual_draws(monkeypatch) -> None:
    from textual._styles_cache import StylesCache

    compat.install()
    drawn = await _container_screens()
    calls = []
    render_line = StylesCache.render_line

    def counting(self, *args, **kwargs):
        calls.append(1)
        return render_line(self, *args, **kwargs)

    monkeypatch.setattr(StylesCache, "render_line", counting)
    once = len(calls) if await _container_screens() == drawn else None
    calls.clear()
    monkeypatch.setattr(StylesCache, "render_widget", StylesCache.render_widget._workshop_original)
    assert await _container_screens() == drawn  # Textual's own, row by row: the same screens
    assert once is not None and once < len(calls) * 0.8  # and far fewer rows rendered


def test_the_stylesheet_and_render_internals_are_still_there() -> None:
    """`parsed_css` wraps `Stylesheet._parse_rules` and reads `_parse_cache` and `_variables`;
    the container rows wrap `StylesCache.render_widget` and pass `render_line` its arguments."""
    from textual._styles_cache import StylesCache
    from textual.css.stylesheet import Stylesheet

    from workshop.textual_compat.parsed_css import uninstall_parsed_css_cache

    uninstall_parsed_css_cache()
    assert list(inspect.signature(Stylesheet._parse_rules).parameters) == [
        "self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    sheet = Stylesheet(variables={"accent": "red"})
    assert sheet._variables == {"accent": "red"} and len(sheet._parse_cache) == 0
    compat.install()
    original = StylesCache.render_widget._workshop_original
    assert list(inspect.signature(original).parameters) == ["self", "widget", "crop"]
    assert list(inspect.signature(StylesCache.render_line).parameters)[:4] == ["self", "styles", "y", "size"]
