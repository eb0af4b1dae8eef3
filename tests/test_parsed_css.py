"""Tests of the stylesheets kept between runs (textual_compat.parsed_css, start-up: issue 12 §4).

Textual parses every stylesheet it meets on every start; `ParsedCss` pickles
what it parsed when the app ends and reads it back on the next start. These
tests hold the rules read back to the rules parsed (for every stylesheet of
workshop and of Textual's widgets), a screen drawn from them to the screen
drawn from a fresh parse, and a tampered cache file to nothing but a new parse.
"""

from __future__ import annotations

import glob
import io
import os
import pickle
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css import stylesheet as textual_stylesheet
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet, StylesheetParseError
from textual.layout import Layout
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

import workshop
from workshop.storage import parsed_cache
from workshop.textual_compat import parsed_css
from workshop.textual_compat.parsed_css import (
    ParsedCss,
    _RulesUnpickler,
    install_parsed_css_cache,
    uninstall_parsed_css_cache,
)

PACKAGE = Path(workshop.__file__).resolve().parent


@pytest.fixture(autouse=True)
def _parse_as_textual_does():
    """Each test installs the cache itself; none leaves it installed."""
    uninstall_parsed_css_cache()
    yield
    uninstall_parsed_css_cache()


def _every_stylesheet() -> list[tuple[str, Any, bool]]:
    """(css, read_from, is_default) of every widget class workshop and Textual define, and our .tcss."""
    import importlib
    import pkgutil

    import textual.widgets

    for name in textual.widgets.__all__:
        getattr(textual.widgets, name)
    for module in pkgutil.walk_packages(workshop.__path__, "workshop."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    sources = []
    for cls in sorted(subclasses(Widget) | {App}, key=lambda c: (c.__module__, c.__qualname__)):
        for variable in ("DEFAULT_CSS", "CSS"):
            css = cls.__dict__.get(variable)
            if isinstance(css, str) and css.strip():
                sources.append((css, (cls.__module__, f"{cls.__qualname__}.{variable}"), variable == "DEFAULT_CSS"))
    for path in sorted(glob.glob(str(PACKAGE / "**" / "*.tcss"), recursive=True)):
        sources.append((Path(path).read_text(encoding="utf-8"), (path, ""), False))
    return sources


def _shape(rules: list[RuleSet]) -> list[Any]:
    """Everything a rule set holds, in values that compare equal when the rules mean the same."""

    def value(item: Any) -> Any:
        if isinstance(item, Layout):  # compared by identity otherwise
            return (type(item), vars(item))
        return item

    shaped = []
    for rule in rules:
        shaped.append((
            [
                (selector_set.specificity, [
                    (s.name, s.combinator, s.type, s.pseudo_classes, s.specificity, s.advance,
                     s._check.func, s._check.args)
                    for s in selector_set.selectors
                ])
                for selector_set in rule.selector_set
            ],
            {name: value(item) for name, item in rule.styles._rules.items()},
            rule.styles.important,
            rule.errors,
            rule.is_default_rules,
            rule.tie_breaker,
            rule.selector_names,
            rule.pseudo_classes,
        ))
    return shaped


def test_every_stylesheet_reads_back_as_it_was_parsed() -> None:
    variables = App().get_css_variables()
    sources = _every_stylesheet()
    assert len(sources) > 100  # workshop's and Textual's widgets, and our .tcss files
    checked = 0
    for css, read_from, is_default in sources:
        sheet = Stylesheet(variables=variables)
        try:
            rules = sheet._parse_rules(css, read_from, is_default)
        except Exception:  # noqa: BLE001 - a stylesheet Textual itself can't parse alone
            continue
        data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
        back = _RulesUnpickler(io.BytesIO(data)).load()  # only the classes rules are made of
        assert _shape(back) == _shape(rules), read_from
        for rule in back:  # a Styles' lookups are bound to its own rules, as after a parse
            assert rule.styles.get_rule.__self__ is rule.styles._rules
            assert rule.styles.has_rule.__self__ is rule.styles._rules
        checked += 1
    assert checked > 100


class _Sample(App[None]):
    """Containers, inputs, a text area and app CSS: a little of everything rules hold."""

    CSS = """
    #left { width: 30; border: round $accent; border-title-align: center; padding: 1 2; }
    #right { background: $panel; layout: grid; grid-size: 2; keyline: thin $primary; }
    Label.-hot { color: $warning; text-style: bold; }
    Button:hover { background: $success 40%; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="left"):
                yield Label("Who is the customer?", classes="-hot")
                yield Input(placeholder="answer")
            with VerticalScroll(id="right"):
                yield Static("one")
                yield Button("two")
                yield TextArea("three\nfour")


async def _screen_text(size: tuple[int, int] = (80, 20)) -> str:
    app = _Sample()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return app.export_screenshot()


class _CountingParse:
    """Textual's CSS parser, counting the stylesheets it parses."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.parse = textual_stylesheet.parse
        monkeypatch.setattr(textual_stylesheet, "parse", self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.parse(*args, **kwargs)


async def test_the_next_run_draws_the_same_screen_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    parse = _CountingParse(monkeypatch)
    cache = install_parsed_css_cache()
    first = await _screen_text()
    cache.finish()
    parsed_first = parse.calls
    assert parsed_first > 10
    files = list((Path(parsed_cache.user_dirs().user_cache_dir) / "parsed").glob("css-*.marshal"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600  # the user's own: pickles are read from no other

    parse.calls = 0
    cache = install_parsed_css_cache()
    second = await _screen_text()
    cache.finish()
    assert parse.calls == 0  # every stylesheet read back
    assert second == first
    assert not cache.parsed  # nothing new: nothing written


async def test_without_the_cache_textual_parses_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = install_parsed_css_cache()
    await _screen_text()
    cache.finish()
    parse = _CountingParse(monkeypatch)
    await _screen_text()  # not installed: the file is there but Textual parses everything
    assert parse.calls > 10


async def test_another_theme_is_parsed_and_kept_beside_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = install_parsed_css_cache()
    await _screen_text()
    cache.finish()

    class _Light(_Sample):
        def on_mount(self) -> None:
            self.theme = "textual-light"

    parse = _CountingParse(monkeypatch)
    cache = install_parsed_css_cache()
    app = _Light()
    async with app.run_test() as pilot:
        await pilot.pause()
    cache.finish()
    assert parse.calls > 0  # the light theme's variables: its own entries
    folder = Path(parsed_cache.user_dirs().user_cache_dir) / "parsed"
    assert len(list(folder.glob("css-*.marshal"))) == 2


async def test_a_cache_from_another_textual_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = install_parsed_css_cache()
    await _screen_text()
    cache.finish()
    original_key = parsed_css._parser_files_key
    monkeypatch.setattr(parsed_css, "_parser_files_key", lambda: ("upgraded", *original_key()))
    parse = _CountingParse(monkeypatch)
    cache = install_parsed_css_cache()
    await _screen_text()
    cache.finish()
    assert parse.calls > 10


def _one_entry(cache: ParsedCss, data: bytes) -> tuple[str, str]:
    """Store `data` as the only entry of a theme; return (theme, entry)."""
    theme, entry = "t" * 32, "e" * 32
    parsed_cache.store(f"css-{theme}", cache.key, {entry: data})
    return theme, entry


class _Payload:
    """Pickles as a call of `os.system`: what a tampered cache file could hold."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_tampered_entry_runs_nothing_and_is_parsed_again(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    cache = ParsedCss()
    theme, entry = _one_entry(cache, pickle.dumps([_Payload(marker)]))
    assert cache.rules(theme, entry) is None
    assert not marker.exists()


@pytest.mark.parametrize(
    "owner, name",
    [
        (dict, "update"),  # a dict's own method, not `get` or `__contains__`
        (RuleSet, "__init__"),  # an attribute of a class rules are made of, not an enum member
        (parsed_cache, "store"),
    ],
)
def test_getattr_in_an_entry_reaches_only_enum_members_and_a_rules_lookup(owner: Any, name: str) -> None:
    data = pickle.dumps(getattr(owner, name) if owner is not dict else {}.update)
    with pytest.raises(pickle.UnpicklingError):
        _RulesUnpickler(io.BytesIO(data)).load()


def test_a_cache_file_others_may_write_or_own_is_ignored() -> None:
    cache = ParsedCss()
    rules = Stylesheet(variables=App().get_css_variables())._parse_rules("Label { color: red; }", ("x", "y"))
    theme, entry = _one_entry(cache, pickle.dumps(rules))
    assert cache.rules(theme, entry) is not None
    path = Path(parsed_cache.user_dirs().user_cache_dir) / "parsed" / f"css-{theme}.marshal"
    path.chmod(0o666)
    assert ParsedCss().rules(theme, entry) is None
    path.chmod(0o600)
    assert ParsedCss().rules(theme, entry) is not None
    try:
        os.chown(path, 65534, 65534)  # another user's file (root can give it away)
    except PermissionError:
        pytest.skip("only root can give a file to another user")
    assert ParsedCss().rules(theme, entry) is None


def test_a_broken_cache_file_is_parsed_again() -> None:
    cache = ParsedCss()
    theme, entry = _one_entry(cache, b"not a pickle")
    assert cache.rules(theme, entry) is None
    path = Path(parsed_cache.user_dirs().user_cache_dir) / "parsed" / f"css-{theme}.marshal"
    path.write_bytes(b"\x00garbage")
    path.chmod(0o600)
    assert ParsedCss().rules(theme, entry) is None


def test_a_stylesheet_with_errors_is_never_kept() -> None:
    cache = install_parsed_css_cache()
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.add_source("Label { colour: red; }", ("bad.tcss", ""))
    with pytest.raises(StylesheetParseError):
        sheet.parse()
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.add_source("Label { color: red; }", ("good.tcss", ""))
    sheet.parse()
    kept = [entry for entries in cache.parsed.values() for entry in entries]
    assert len(kept) == 1  # the good one only
