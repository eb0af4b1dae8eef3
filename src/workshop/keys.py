"""Provides key_for: how the key bound to a binding id is shown, read from the live keymap.

Every message, hint or help text that names a key asks here instead of
writing the key down, so a key remapped in settings.toml `[keymap]` is the key
the text names. Widgets, screens and the app may all import it.
"""

from __future__ import annotations

from typing import Callable
from weakref import WeakKeyDictionary

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


def key_or(node: DOMNode, binding_id: str, default: str) -> str:
    """Return `default` as written unless the key of `binding_id` was changed, else `key_for`.

    For hints whose default spelling says more than one key's display would
    ("shift+↑↓", "←→", "Enter"): a remap in `[keymap]` or the leader preset
    still shows the key that is really bound.
    """
    try:
        changed = bool(keymap(node.app).get(binding_id)) or leader_key(node.app, binding_id) is not None
    except Exception:  # noqa: BLE001 - no app yet (a widget built outside one)
        changed = False
    return key_for(node, binding_id, default) if changed else default


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


# ------------------------------------------------------------ key presets
STANDARD = "standard"
"""The default preset: F-keys and alt keys (plus a few ctrl keys)."""
LEADER = "leader"
"""The preset for terminals and laptops that take F-keys and alt keys: ctrl+g, then a letter."""
PRESETS: dict[str, str] = {
    STANDARD: "F-keys and alt keys",
    LEADER: "no F-keys or alt keys: ctrl+g, then a letter",
}
"""Preset name (as in settings.toml `key_preset`) -> what it is, for the palette and help."""

LEADER_KEY = "ctrl+g"
"""The key that starts a two-key sequence in the leader preset ("g" for "go")."""

LEADER_KEYS: dict[str, str] = {
    # Moving around and the document
    "next_step": "right",
    "previous_step": "left",
    "show_steps": "j",
    "save_session": "s",
    "export_markdown": "y",
    "help": "question_mark",
    "edit_external": "w",
    # Help panels and the coach (the letter of their alt key)
    "toggle_guidance": "g",
    "toggle_example": "e",
    "toggle_notes": "n",
    "toggle_findings": "f",
    "toggle_practice": "t",
    "next_hint": "h",
    "readiness": "k",
    "review_meeting": "c",
    # Facilitation (the letter of their alt key)
    "presenter_mode": "p",
    "agenda": "a",
    "decision_log": "d",
    "add_idea": "i",
    "parking_lot": "l",
    "timer_add_minute": "m",
    "timer_reset": "x",
    "roster": "o",
    "voting": "v",
    "start_round": "r",
    "reveal_round": "u",
    "brainstorm_start_round": "r",
    "brainstorm_reveal_round": "u",
    # Its own key is the leader's: reached through it instead
    "use_suggestion": "b",
}
"""Binding id -> the key pressed after `LEADER_KEY` in the leader preset.

Every binding whose keys are all F-keys or alt keys is here, and every
binding on `LEADER_KEY` itself; a binding id shares its letter only with its
twin on another screen (the brainstorm dialog's rounds).
"""

_presets: "WeakKeyDictionary[object, str]" = WeakKeyDictionary()


def set_preset(app: object, name: str) -> None:
    """Make `name` (a key of `PRESETS`) the preset of `app`."""
    _presets[app] = name if name in PRESETS else STANDARD


def preset(app: object) -> str:
    """The preset `app` uses (`STANDARD` unless set)."""
    return _presets.get(app, STANDARD)


def leader_key(app: object, binding_id: str | None) -> str | None:
    """The key after the leader for `binding_id` when `app` uses the leader preset, else None."""
    if binding_id and preset(app) == LEADER:
        return LEADER_KEYS.get(binding_id)
    return None


def needs_fn_or_alt(key: str) -> bool:
    """Whether `key` (Textual's spelling) is an F-key or holds alt."""
    parts = key.lower().split("+")
    return "alt" in parts[:-1] or (parts[-1][:1] == "f" and parts[-1][1:].isdigit())
