"""Tests of the cache of parsed built-in TOML (storage.parsed_cache, start-up: issue 12 §4)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from workshop import content
from workshop.storage import parsed_cache, tomlio


@pytest.fixture
def settled_toml(tmp_path: Path) -> Path:
    """A TOML file last changed long enough ago to be cached."""
    path = tmp_path / "t.toml"
    path.write_text('id = "t"\n[[stages]]\ntitle = "One"\n', encoding="utf-8")
    old = time.time_ns() - 10 * parsed_cache.SETTLE_NS
    os.utime(path, ns=(old, old))
    return path


class Counting:
    """`tomlio.read`, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.read = tomlio.read

    def __call__(self, path: Path) -> dict:
        self.calls += 1
        return self.read(path)


def test_the_second_read_comes_from_the_cache(settled_toml: Path) -> None:
    parse = Counting()
    first = parsed_cache.parsed(settled_toml, parse)
    second = parsed_cache.parsed(settled_toml, parse)
    assert parse.calls == 1
    assert first == second == tomlio.read(settled_toml)


def test_a_changed_file_is_parsed_again(settled_toml: Path) -> None:
    parse = Counting()
    parsed_cache.parsed(settled_toml, parse)
    settled_toml.write_text('id = "u"\n', encoding="utf-8")
    old = time.time_ns() - 10 * parsed_cache.SETTLE_NS + 1000
    os.utime(settled_toml, ns=(old, old))
    assert parsed_cache.parsed(settled_toml, parse) == {"id": "u"}
    assert parse.calls == 2


def test_a_file_changed_just_now_is_not_cached(settled_toml: Path) -> None:
    settled_toml.write_text('id = "new"\n', encoding="utf-8")  # mtime: now
    parse = Counting()
    parsed_cache.parsed(settled_toml, parse)
    parsed_cache.parsed(settled_toml, parse)
    assert parse.calls == 2


@pytest.mark.parametrize("junk", [b"", b"\x00garbage", b"\xe3\x01\x00\x00\x00", None])
def test_a_broken_entry_is_parsed_again_and_rewritten(settled_toml: Path, junk: bytes | None) -> None:
    parse = Counting()
    parsed_cache.parsed(settled_toml, parse)
    entry = parsed_cache._entry_file(settled_toml)
    if junk is None:  # well-formed marshal data of the wrong shape
        import marshal

        entry.write_bytes(marshal.dumps(("not", "a", "pair")))
    else:
        entry.write_bytes(junk)
    assert parsed_cache.parsed(settled_toml, parse) == tomlio.read(settled_toml)
    assert parse.calls == 2
    assert parsed_cache.parsed(settled_toml, parse) == tomlio.read(settled_toml)
    assert parse.calls == 2  # rewritten


def test_a_broken_file_raises_and_is_not_cached(settled_toml: Path) -> None:
    settled_toml.write_text("id = \n", encoding="utf-8")
    with pytest.raises(tomlio.FileProblem):
        parsed_cache.parsed(settled_toml, tomlio.read)
    assert not parsed_cache._entry_file(settled_toml).exists()


def test_an_unwritable_cache_folder_is_skipped(settled_toml: Path, monkeypatch) -> None:
    blocker = settled_toml.parent / "blocker"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    parse = Counting()
    assert parsed_cache.parsed(settled_toml, parse) == tomlio.read(settled_toml)
    assert parsed_cache.parsed(settled_toml, parse) == tomlio.read(settled_toml)
    assert parse.calls == 2


def test_built_in_templates_load_the_same_from_the_cache(monkeypatch) -> None:
    parse = Counting()
    monkeypatch.setattr(tomlio, "read", parse)
    for template_id in ("working-backwards", "feature-prfaq"):
        path = content.builtin_dir() / "templates" / f"{template_id}.toml"
        fresh = content.template_from_dict(parse(path), path, "built-in")
        calls = parse.calls
        first = content.load_template_file(path, "built-in")  # may write the entry
        second = content.load_template_file(path, "built-in")
        assert first == second == fresh
        if time.time_ns() - path.stat().st_mtime_ns > parsed_cache.SETTLE_NS:
            assert parse.calls == calls + 1  # the second came from the cache


def test_a_users_template_is_not_cached(settled_toml: Path) -> None:
    source = (content.builtin_dir() / "templates" / "feature-prfaq.toml").read_text(encoding="utf-8")
    settled_toml.write_text(source, encoding="utf-8")
    old = time.time_ns() - 10 * parsed_cache.SETTLE_NS
    os.utime(settled_toml, ns=(old, old))
    content.load_template_file(settled_toml, "user")
    assert not parsed_cache._entry_file(settled_toml).exists()


# ---------------------------------------------------------------- remembered values (the theme's colours)
def _code_file(tmp_path: Path) -> Path:
    code = tmp_path / "code.py"
    code.write_text("x = 1\n", encoding="utf-8")
    return code


def test_a_remembered_value_is_computed_once_per_key(tmp_path: Path) -> None:
    code = _code_file(tmp_path)
    calls: list[int] = []

    def compute() -> dict:
        calls.append(1)
        return {"text": f"#{len(calls):06x}"}

    first = parsed_cache.remembered("t", str(code), ("a", "1"), compute)
    assert parsed_cache.remembered("t", str(code), ("a", "1"), compute) == first
    assert len(calls) == 1
    assert parsed_cache.remembered("t", str(code), ("a", "2"), compute) == {"text": "#000002"}  # other key
    assert len(calls) == 2


def test_a_changed_module_or_a_broken_entry_computes_again(tmp_path: Path) -> None:
    code = _code_file(tmp_path)
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "v"

    parsed_cache.remembered("t", str(code), "k", compute)
    code.write_text("x = 22\n", encoding="utf-8")  # the computing code changed: its size did
    parsed_cache.remembered("t", str(code), "k", compute)
    assert len(calls) == 2
    entry = Path(parsed_cache.user_dirs().user_cache_dir) / "parsed" / "t.marshal"
    entry.write_bytes(b"\x00 not marshal")
    assert parsed_cache.remembered("t", str(code), "k", compute) == "v"
    assert len(calls) == 3


def test_the_theme_colours_come_back_the_same_from_the_cache() -> None:
    from textual.app import App

    from workshop import themes

    variables = App().get_css_variables()
    computed = themes._adjusted(variables)
    themes._cache.clear()
    assert themes.readable(variables) == {**variables, **computed}  # computed and stored
    themes._cache.clear()
    assert themes.readable(variables) == {**variables, **computed}  # read back
    assert list(Path(parsed_cache.user_dirs().user_cache_dir).glob("parsed/readable-colours.marshal"))
