"""Provides key_for: how the key bound to a binding id is shown, read from the live keymap.

Every message, hint or help text that names a key asks here instead of
writing the key down, so a key remapped in settings.toml `[keymap]` is the key
the text names. Widgets, screens and the app may all import it.
"""

from __future__ import annotations

from typing import Callable

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from .textual_compat import keymap, merged_bindings


def key_for(node: DOMNode, binding_id: str, default: str) -> str:
    """Return how the key bound to `binding_id` is shown (remaps included).

    Looks through the active bindings of `node`'s screen; falls back to the
    user's keymap, then to `default` when the binding is not active there.
    """
    try:
        screen = node if isinstance(node, Screen) else node.screen
        for active in screen.active_bindings.values():
            if active.binding.id == binding_id:
                return node.app.get_key_display(active.binding)
    except Exception:  # noqa: BLE001 - a display helper must never fail
        pass
    try:
        keys = keymap(node.app).get(binding_id)
        if keys:  # remapped, but not active here: shown the way the footer shows keys
            return node.app.get_key_display(Binding(keys.split(",")[0].strip(), ""))
    except Exception:  # noqa: BLE001 - no app yet (a widget built outside one)
        pass
    return default


def key_namer(node: DOMNode | None) -> Callable[[str, str], str]:
    """Return `name(binding_id, default)`: `key_for` on `node`, or the default without a node.

    For text built by plain functions that a widget calls with itself (and a
    test may call with no widget at all).
    """
    if node is None:
        return lambda binding_id, default: default
    return lambda binding_id, default: key_for(node, binding_id, default)


def keys_text(node: DOMNode, template: str) -> str:
    """Return `template` with each `{binding_id}` replaced by the key bound to it.

    For hint lines such as "{roster_add}: add · {roster_close}: back". The
    default key (before any remap) is the first key `node`'s class binds to
    that id; a field naming no binding of the class is left as it is.
    """
    defaults: dict[str, str] = {}
    for bindings in merged_bindings(type(node)).key_to_bindings.values():
        for binding in bindings:
            if binding.id and binding.id not in defaults:
                defaults[binding.id] = binding.key.split(",")[0]

    class Keys(dict[str, str]):
        def __missing__(self, binding_id: str) -> str:
            if binding_id in defaults:
                return key_for(node, binding_id, defaults[binding_id])
            return "{" + binding_id + "}"

    return template.format_map(Keys())
