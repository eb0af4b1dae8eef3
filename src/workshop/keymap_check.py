"""Provides keymap_problems: what is wrong with a user's [keymap] (unknown binding ids, keys that collide on one screen).

Textual quietly drops a binding whose key another binding is remapped to;
the app calls `keymap_problems` once at start (only when settings.toml has a
keymap) and says so instead. `workshop_classes` finds every class whose
BINDINGS the check reads: the app class and every workshop screen and widget
(it imports every module of `workshop.screens` and `workshop.widgets`, so
the app imports this module only when there is a keymap to check).
"""

from __future__ import annotations

from textual.app import App
from textual.dom import DOMNode
from textual.widget import Widget

from .textual_compat import merged_bindings, normalize_key_list


def workshop_classes(app_class: type[App]) -> list[type[DOMNode]]:
    """The app class and every workshop screen and widget class (their BINDINGS)."""
    import importlib
    import pkgutil

    from . import screens, widgets

    for package in (screens, widgets):  # import every module so all classes are known
        for module in pkgutil.iter_modules(package.__path__):
            try:
                importlib.import_module(f"{package.__name__}.{module.name}")
            except Exception:  # noqa: BLE001 - a broken module must not stop the check
                continue
    found: list[type[DOMNode]] = [app_class]
    pending: list[type] = [Widget]
    seen: set[type] = set()
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            pending.append(sub)
            if sub.__module__.startswith("workshop."):
                found.append(sub)
    return found


def keymap_problems(keymap: dict[str, str], app_class: type[App]) -> list[str]:
    """Check a user keymap: unknown binding ids, and keys that collide on one screen.

    Textual itself quietly drops a binding whose key another binding is
    remapped to; this says so instead.

    Args:
        keymap: Binding id -> comma-separated keys, as in settings.toml.
        app_class: The app class (its bindings apply on every screen).
    """
    wanted = {
        binding_id: [key for key in normalize_key_list(keys).split(",") if key]
        for binding_id, keys in keymap.items()
    }
    classes = workshop_classes(app_class)

    def effective(cls: type[DOMNode]) -> dict[str, set[str]]:
        keys: dict[str, set[str]] = {}
        for key, bindings in merged_bindings(cls).key_to_bindings.items():
            for binding in bindings:
                name = binding.id or binding.action
                targets = wanted.get(binding.id or "", [key]) if binding.id else [key]
                for target in targets:
                    keys.setdefault(target, set()).add(name)
        return keys

    known: set[str] = set()
    for cls in classes:
        for bindings in merged_bindings(cls).key_to_bindings.values():
            known.update(b.id for b in bindings if b.id)
    problems = [
        f"{binding_id!r} is not a binding id, so it changes nothing."
        for binding_id in sorted(wanted)
        if binding_id not in known
    ]
    app_keys = effective(app_class)
    reported: set[tuple[str, frozenset[str]]] = set()
    for cls in classes:
        keys = effective(cls)
        if cls is not app_class:
            for key, names in app_keys.items():
                keys.setdefault(key, set()).update(names)
        for key, names in sorted(keys.items()):
            if len(names) > 1 and names & set(wanted):
                marker = (key, frozenset(names))
                if marker not in reported:
                    reported.add(marker)
                    problems.append(
                        f"{key!r} is used by {' and '.join(sorted(names))} ({cls.__name__}): "
                        "only one of them can have it."
                    )
    return problems
