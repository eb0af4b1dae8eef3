"""Provides ParsedCss: the stylesheets Textual parsed, kept between runs so the next start needn't parse them.

Part of `workshop.textual_compat` (it wraps a private method of Textual's
`Stylesheet` and names the classes parsed rules are made of); see
tests/test_parsed_css.py.
"""

from __future__ import annotations

import enum
import io
import os
import pickle
from typing import Any

from ..storage import parsed_cache

_PICKLED = frozenset({
    ("functools", "partial"),
    ("textual.color", "Color"),
    ("textual.css.model", "CombinatorType"),
    ("textual.css.model", "RuleSet"),
    ("textual.css.model", "Selector"),
    ("textual.css.model", "SelectorSet"),
    ("textual.css.model", "SelectorType"),
    ("textual.css.model", "_check_class"),
    ("textual.css.model", "_check_id"),
    ("textual.css.model", "_check_type"),
    ("textual.css.model", "_check_universal"),
    ("textual.css.scalar", "Scalar"),
    ("textual.css.scalar", "ScalarOffset"),
    ("textual.css.scalar", "Unit"),
    ("textual.css.styles", "Styles"),
    ("textual.geometry", "Spacing"),
    ("textual.layouts.grid", "GridLayout"),
    ("textual.layouts.horizontal", "HorizontalLayout"),
    ("textual.layouts.vertical", "VerticalLayout"),
})
"""Everything a parsed stylesheet's rules are made of (`Stylesheet._parse_rules`); the
only names a cached entry may name (tests/test_parsed_css.py pickles every stylesheet
of the app and of Textual's widgets to check it)."""

_PARSER_FILES = (
    "__init__.py", "color.py", "geometry.py", "css/model.py", "css/styles.py", "css/scalar.py",
    "css/parse.py", "css/tokenize.py", "css/tokenizer.py", "css/_styles_builder.py",
    "css/stylesheet.py", "layouts/grid.py", "layouts/horizontal.py", "layouts/vertical.py",
)
"""Textual's files that define those objects and how CSS becomes them: an entry is used only
while each is the file it was parsed with (size and modification time: a Textual upgrade)."""

KEEP_UNUSED = 400
"""A theme's file keeps entries this run didn't read back while it holds fewer than this
(stylesheets of screens not opened this time); beyond it, only those read or parsed now."""


class _RulesUnpickler(pickle.Unpickler):
    """Reads back pickled rules, refusing any name that isn't part of them (`_PICKLED`)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):  # see `_rules_attribute`
            return _rules_attribute
        if (module, name) not in _PICKLED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsed stylesheet")
        return super().find_class(module, name)


def _rules_attribute(owner: Any, name: str) -> Any:
    """`getattr(owner, name)` for the two uses pickled rules make of it: a member of one of
    their enums, and a `Styles`' `get_rule` and `has_rule`: its rules dict's `get` and
    `__contains__`."""
    if isinstance(owner, enum.EnumMeta) and (owner.__module__, owner.__qualname__) in _PICKLED:
        if name in owner.__members__:
            return owner[name]
    elif type(owner) is dict and name in ("get", "__contains__"):
        return getattr(owner, name)
    raise pickle.UnpicklingError(f"{type(owner).__name__}.{name} is not part of a parsed stylesheet")


class ParsedCss:
    """Textual's parsed stylesheets, kept between runs (`install_parsed_css_cache`).

    Textual parses every stylesheet it meets (its widgets' DEFAULT_CSS, ours, the
    .tcss files) on every start, ~12 ms of `workshop open`'s first frame (issue 12
    §4), and again for each theme. The rules parsed for one text, place and theme
    are the same each time, so they are pickled into the user cache
    (`storage.parsed_cache.store`, one file per theme's variables) when the app ends
    and read back next time. An entry is used only while the CSS text, where it was
    read from, its kind, tie-breaker and scope, the theme's variables, Textual's
    parser files, workshop and Python are all the same; one with errors is never
    kept. Reading one back names only the classes rules are made of
    (`_RulesUnpickler`), so even a tampered cache file can't run code, and the file is
    read only when it is the user's own (`parsed_cache.stored`).
    """

    def __init__(self) -> None:
        self.key = _parser_files_key()
        """What Textual's parser files were when these entries were parsed."""
        self.themes: dict[str, dict[str, bytes]] = {}
        """Stored entries by theme (the digest of its variables), read on first use."""
        self.parsed: dict[str, dict[str, list[Any]]] = {}
        """Rules parsed in this run, by theme and entry: written by `save`."""
        self.used: dict[str, set[str]] = {}
        """Stored entries read back in this run, by theme: kept by `save`."""
        self._variables: tuple[object, str] = (None, "")
        """The variables dict digested last and its digest (see `theme`)."""

    def theme(self, variables: dict[str, str]) -> str:
        """The digest of a stylesheet's variables (the same dict is digested once)."""
        if self._variables[0] is not variables:
            self._variables = (variables, _digest(repr(sorted(variables.items()))))
        return self._variables[1]

    def rules(self, theme: str, entry: str) -> list[Any] | None:
        """The stored rules of `entry` (fresh objects), or None."""
        if theme not in self.themes:
            self.themes[theme] = parsed_cache.stored(f"css-{theme}", self.key)
        data = self.themes[theme].get(entry)
        if data is None:
            return None
        try:
            rules = _RulesUnpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001 - a broken or foreign entry: parse it again
            return None
        if not isinstance(rules, list):
            return None
        self.used.setdefault(theme, set()).add(entry)
        return rules

    def finish(self) -> None:
        """Stop reading back (`uninstall_parsed_css_cache`) and `save`."""
        uninstall_parsed_css_cache()
        self.save()

    def save(self) -> None:
        """Store what this run parsed beside what it read back (nothing to do: no write)."""
        for theme, parsed in self.parsed.items():
            entries = {entry: data for entry, data in self.themes.get(theme, {}).items()
                       if entry in self.used.get(theme, ()) or len(self.themes[theme]) < KEEP_UNUSED}
            for entry, rules in parsed.items():
                try:
                    data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
                    _RulesUnpickler(io.BytesIO(data)).load()  # only what reads back
                except Exception:  # noqa: BLE001 - not kept; it is parsed next time
                    continue
                entries[entry] = data
            parsed_cache.store(f"css-{theme}", self.key, entries)
        self.parsed.clear()


def _digest(text: str) -> str:
    """A short SHA-256 of `text` (`parsed_cache.sha256_hex`: without importing hashlib)."""
    return parsed_cache.sha256_hex(text.encode("utf-8", "surrogatepass"))[:32]


def _parser_files_key() -> tuple[Any, ...]:
    """Size and modification time of each of Textual's parser files (`_PARSER_FILES`)."""
    import textual

    root = os.path.dirname(textual.__file__)
    key: list[Any] = []
    for name in _PARSER_FILES:
        try:
            info = os.stat(os.path.join(root, name))
        except OSError:
            key.append(None)
        else:
            key.append((info.st_size, info.st_mtime_ns))
    return tuple(key)


def install_parsed_css_cache() -> ParsedCss:
    """Make Textual read back stylesheets parsed in earlier runs (see `ParsedCss`).

    Wraps `Stylesheet._parse_rules(css, read_from, is_default_rules, tie_breaker,
    scope)`, which keeps its own cache per stylesheet (`Stylesheet._parse_cache`)
    and parses with the stylesheet's variables (`Stylesheet._variables`). Returns the
    cache; call its `finish()` when the app has ended. Installing again replaces it.
    """
    from textual.css.stylesheet import Stylesheet

    original = getattr(Stylesheet._parse_rules, "_workshop_original", Stylesheet._parse_rules)
    cache = ParsedCss()

    def _parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[Any]:
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        try:
            return self._parse_cache[key]
        except KeyError:
            pass
        theme = cache.theme(self._variables)
        entry = _digest(repr(key))
        rules = cache.rules(theme, entry)
        if rules is None:
            rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                cache.parsed.setdefault(theme, {})[entry] = rules
        else:
            self._parse_cache[key] = rules
        return rules

    _parse_rules._workshop_original = original  # type: ignore[attr-defined]
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
    return cache


def uninstall_parsed_css_cache() -> None:
    """Textual parses every stylesheet again, as without `install_parsed_css_cache`."""
    from textual.css.stylesheet import Stylesheet

    original = getattr(Stylesheet._parse_rules, "_workshop_original", None)
    if original is not None:
        Stylesheet._parse_rules = original  # type: ignore[method-assign]
