"""Provides every private Textual name the app relies on, in one place, each pinned by a test.

Textual 8 has no public way to do these few things. Everything else in the
package uses Textual's public API only; tests/test_textual_compat.py checks
each name below against the installed Textual and fails, naming it, when an
upgrade renames, moves or reshapes it. Fix it here, and only here.

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
  Imported on first use: the Markdown widget is not needed at start-up.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable

from textual._callback import invoke as _invoke
from textual.keys import _normalize_key_list
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    import asyncio

    from textual.app import App
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.widgets import Markdown
    from textual.widgets.markdown import MarkdownBlock

__all__ = [
    "HANDLE_EXCEPTION",
    "FooterKey",
    "app_context",
    "app_loop",
    "child_blocks",
    "copy_paragraph",
    "invoke",
    "keymap",
    "markdown_classes",
    "merged_bindings",
    "normalize_key_list",
    "parse_markdown",
]

HANDLE_EXCEPTION = "_handle_exception"
"""`App._handle_exception(error)`: called with an error no handler caught, before the app exits."""


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
