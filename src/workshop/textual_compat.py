"""Provides the Textual internals workshop relies on, and its corrections to Textual, in one place.

Everything here is checked by tests that fail when a Textual upgrade changes
what it relies on (tests/tui/test_textual_compat.py, tests/tui/test_keymap_remap.py).

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
"""

from __future__ import annotations

from textual._context import active_message_pump
from textual.binding import Binding, BindingsMap, Keymap, KeymapApplyResult
from textual.message_pump import MessagePump


def current_message_pump() -> MessagePump | None:
    """The app, screen or widget whose message loop runs the calling code (None outside one).

    Textual keeps it in a context variable (`textual._context.active_message_pump`),
    which it sets while a pump handles a message; workers copy it.
    """
    return active_message_pump.get(None)


_FAST_HEIGHT = {"installed": False}


def install_fast_wrapped_height() -> None:
    """Make TextArea's `WrappedDocument.height` cost the same whatever the text's length.

    Textual 8.2 sums the wrap count of every line of the document each time
    `height` is read, and the TextArea reads it for every line it paints:
    in a 150,000-word answer that was about half of each key's cost, and it
    grows with the answer. `_offset_to_line_info` holds one entry per wrapped
    line and `wrap` and `wrap_range` keep it in step with the wrap offsets,
    so its length is the same number (tests/tui/test_textual_compat.py
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


def install() -> None:
    """Use the corrected `apply_keymap` (safe to call more than once)."""
    BindingsMap.apply_keymap = apply_keymap  # type: ignore[method-assign]
