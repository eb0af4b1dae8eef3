"""Behaviour at scale: a generated large session opens, saves and exports correctly,
and `workshop list` handles 500 session files (with its cache kept honest).

These tests check results, never timings: the timings live in benchmarks/
(see benchmarks/README.md and docs/performance.md).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from workshop import cli, content, store
from workshop.document import OpenDocument
from workshop.export.blocks import inline
from workshop.export.markdown import export
from workshop.model.session import iter_text
from workshop.model.text import word_count
from workshop.storage import list_cache

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "benchmarks" / "generate_large_session.py"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the sessions, config, data, state and cache folders at temporary paths."""
    base = tmp_path_factory.mktemp("isolated")
    for name in ("WORKSHOP_SESSIONS_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                 "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))


def _generator() -> ModuleType:
    if not GENERATOR.is_file():  # pragma: no cover - an sdist without benchmarks/
        pytest.skip("benchmarks/generate_large_session.py is not in this checkout")
    spec = importlib.util.spec_from_file_location("generate_large_session", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_large_session", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    """The benchmark's session generator."""
    return _generator()


@pytest.fixture(scope="module")
def large_file(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large session (2,000 FAQ items, 200,000 words), written once for this module."""
    path = tmp_path_factory.mktemp("large") / "large-session.toml"
    gen.write_large_session(path)
    return path


# ---------------------------------------------------------------- the generator
def test_generator_makes_the_size_the_issue_asks_for(gen: ModuleType, large_file: Path) -> None:
    session = store.load(large_file)
    assert len(session.faq) == 2000
    assert sum(word_count(text) for _, text in iter_text(session)) == 200_000
    kinds = {kind: len(session.faq_items(kind)) for kind in ("customer", "internal")}
    assert kinds == {"customer": 1200, "internal": 800}
    assert len({item.id for item in session.faq}) == 2000
    assert {item.status for item in session.faq} == {"open", "answered"}
    assert any(not item.answer for item in session.faq), "some items are left unanswered"
    template = content.resolve(None)
    text_steps = [s for s in template.steps if s.fields and s.fields[0].type.value != "faq"]
    assert all(session.answers.get(step.id) for step in text_steps), "every step is answered"
    assert session.current_step == gen.LARGE_CURRENT_STEP


def test_generator_is_deterministic(gen: ModuleType, large_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.toml"
    gen.write_large_session(again)
    assert again.read_bytes() == large_file.read_bytes()


def test_generator_hits_other_sizes_exactly(gen: ModuleType) -> None:
    session, _ = gen.build_large_session(faq=40, words=9000, seed=1)
    assert len(session.faq) == 40
    assert gen.total_words(session) == 9000
    with pytest.raises(ValueError):
        gen.build_large_session(faq=2000, words=1000)


# ---------------------------------------------------------------- open, save, export
def test_large_session_opens_with_everything(large_file: Path) -> None:
    document = OpenDocument.open(large_file)
    try:
        assert not document.read_only
        assert not document.template_missing
        assert len(document.session.faq) == 2000
        assert document.session.current_step == "faq-customer"
        answered, total = document.session.progress(document.template)
        assert total == len([s for s in document.template.steps if not s.optional])
        assert answered >= total - 2  # the FAQ steps hold a few open items
    finally:
        document.close()


def test_large_session_save_round_trips(large_file: Path, tmp_path: Path) -> None:
    working = tmp_path / "working.toml"
    working.write_bytes(large_file.read_bytes())
    document = OpenDocument.open(working)
    try:
        before = store.load(working).to_dict(document.template)
        item = document.session.faq[1999]
        document.session.update_faq(item.id, answer=item.answer + "\n\nOne more line.")
        result = document.save_now()
        assert result.ok, result.error
        assert not document.dirty
    finally:
        document.close()
    after = store.load(working)
    assert after.faq[1999].answer.endswith("\n\nOne more line.")
    after_data = after.to_dict(document.template)
    after_data["faq"][1999]["answer"] = before["faq"][1999]["answer"]
    for key in ("updated",):
        after_data.pop(key), before.pop(key)
    assert after_data == before
    assert not list(tmp_path.glob(".working.toml.*.tmp")), "no temp file is left behind"


def test_large_session_exports_every_item_in_order(large_file: Path) -> None:
    session = store.load(large_file)
    template = content.resolve(None)
    text = export(session, template)
    for kind, heading in (("customer", "Customer FAQ"), ("internal", "Internal FAQ")):
        items = session.faq_items(kind)
        start = text.index(f"## {heading}")
        position = start
        for number, item in enumerate(items, start=1):
            line = f"### {inline(item.question)}\n"
            found = text.find(line, position)
            assert found > position, f"{kind} Q{number} missing or out of order"
            position = found
    flat = " ".join(text.split())
    for item in session.faq:
        if item.answer.strip():
            first_words = " ".join(item.answer.split()[:6])
            assert first_words in flat, item.id
    # The outline is exactly the export's own headings: no answer text became a heading.
    headings = re.findall(r"^(#{1,6}) ", text, flags=re.MULTILINE)
    assert headings.count("#") == 1
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    parsed = [t for t in tokens if t.type == "heading_open"]
    assert len(parsed) == len(headings)


def test_large_session_export_from_the_cli(large_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "large.md"
    assert cli.main(["export", str(large_file), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text == export(store.load(large_file), content.resolve(None))
    assert "Exported" in capsys.readouterr().err


# ---------------------------------------------------------------- workshop list
@pytest.fixture(scope="module")
def many(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 500 ordinary sessions."""
    folder = tmp_path_factory.mktemp("many") / "sessions"
    paths = gen.write_many(folder, 500)
    old = 1_700_000_000
    for index, path in enumerate(paths):  # settled files, as after a day's work
        os.utime(path, (old + index, old + index))
    return folder


def _list_lines(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert cli.main(["--sessions-dir", str(folder), "list"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def test_workshop_list_shows_500_sessions_newest_first(
    many: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _list_lines(many, capsys)
    assert lines[0].split()[:2] == ["TITLE", "TEMPLATE"]
    assert len(lines) == 501
    assert {line.split()[-1] for line in lines[1:]} == {p.name for p in many.glob("*.toml")}
    rows = store.list_sessions(many)
    updated = [row.updated for row in rows]
    assert updated == sorted(updated, reverse=True)
    for row in rows[:25]:
        session = store.load(row.path)
        assert row.title == session.title
        assert (row.answered, row.total) == session.progress(content.resolve(None))
    assert _list_lines(many, capsys) == lines, "a second listing (from the cache) is the same"


def test_workshop_list_rereads_changed_files_only(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    for path in sorted(many.glob("*.toml"))[:60]:
        (folder / path.name).write_bytes(path.read_bytes())
        os.utime(folder / path.name, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    loads: list[str] = []
    real_load = store.load

    def counting_load(path: Path | str) -> object:
        loads.append(Path(path).name)
        return real_load(path)

    monkeypatch.setattr(store, "load", counting_load)

    def listing() -> dict[str, store.SessionInfo]:
        loads.clear()
        return {row.path.name: row for row in store.list_sessions(folder)}

    first = listing()
    assert len(loads) == 60 and len(first) == 60
    assert listing() == first and loads == [], "unchanged files come from the cache"

    # Saved by the app (atomic replace: a new inode), title of the same length.
    victim = sorted(folder.glob("*.toml"))[7]
    session = real_load(victim)
    renamed = session.title[::-1]
    session.title = renamed
    store.save(session, victim, content.resolve(None))
    os.utime(victim, (1_600_000_000, 1_600_000_000))
    rows = listing()
    assert loads == [victim.name] and rows[victim.name].title == renamed
    assert rows[victim.name].updated == session.updated

    # Edited in place (same inode, same size), at another time.
    swapped = renamed.swapcase()
    assert swapped != renamed
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace(renamed, swapped), encoding="utf-8")
    os.utime(victim, (1_600_000_001, 1_600_000_001))
    rows = listing()
    assert loads == [victim.name] and rows[victim.name].title == swapped

    # Just written: read every time until it has been still for a moment.
    victim.write_text(victim.read_text(encoding="utf-8"), encoding="utf-8")
    listing()
    assert listing()[victim.name].title == swapped and loads == [victim.name]

    broken = sorted(folder.glob("*.toml"))[3]
    broken.write_text("schema_version = 1\ntitle = \n", encoding="utf-8")
    os.utime(broken, (1_600_000_000, 1_600_000_000))
    rows = listing()
    assert f"{broken}:2" in rows[broken.name].problem
    assert listing()[broken.name].problem and broken.name in loads, "problems are never cached"

    removed = sorted(folder.glob("*.toml"))[0]
    removed.unlink()
    assert removed.name not in listing()
    entries = json.loads(list_cache.cache_file(folder).read_text(encoding="utf-8"))["entries"]
    assert removed.name not in entries and broken.name not in entries
    assert len(entries) == 57  # 60 - removed - broken - the one just written


def test_workshop_list_survives_a_corrupt_or_unwritable_cache(
    gen: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sessions"
    paths = gen.write_many(folder, 12)
    for path in paths:
        os.utime(path, (1_700_000_000, 1_700_000_000))
    expected = _list_lines(folder, capsys)
    cache = list_cache.cache_file(folder)
    for junk in ("{not json", json.dumps({"version": 1, "folder": str(folder),
                                          "entries": {paths[0].name: {"stamp": "x"}}}),
                 json.dumps({"version": 1, "folder": str(folder), "entries": {
                     paths[0].name: {**json.loads(cache.read_text())["entries"][paths[0].name],
                                     "answered": "lots"}}})):
        cache.write_text(junk, encoding="utf-8")
        assert _list_lines(folder, capsys) == expected
    cache.unlink()
    cache.parent.chmod(0o500)
    try:
        assert _list_lines(folder, capsys) == expected
    finally:
        cache.parent.chmod(0o700)


def test_workshop_list_follows_a_changed_template(
    gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    [path] = gen.write_many(folder, 1)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    [before] = store.list_sessions(folder)
    # A user template with the same id now overrides the built-in one, with one step only.
    builtin = content.resolve(None)
    user_dir = content.user_templates_dir()
    user_dir.mkdir(parents=True)
    source = Path(builtin.path).read_text(encoding="utf-8")
    first_stage_end = source.index("[[stages]]", source.index("[[stages]]") + 1)
    (user_dir / f"{builtin.id}.toml").write_text(source[:first_stage_end], encoding="utf-8")
    [after] = store.list_sessions(folder)
    assert after.total == len([s for s in content.resolve(builtin.id).steps if not s.optional])
    assert after.total < before.total


# ---------------------------------------------------------------- in the app
@pytest.mark.slow
async def test_large_session_in_the_app_opens_saves_and_exports(
    large_file: Path, tmp_path: Path
) -> None:
    """The app resumes the large session at its FAQ step, then saves and exports all of it."""
    from textual.widgets import OptionList

    from workshop.app import WorkshopApp
    from workshop.screens.session import SessionScreen

    working = tmp_path / "large.toml"
    working.write_bytes(large_file.read_bytes())
    original = store.load(working)
    app = WorkshopApp(tmp_path, working)
    app.theme = "textual-dark"
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.session.current_step == "faq-customer"
        lists = [w for w in screen.query(OptionList) if w.id == "questions"]
        assert [len(w.options) for w in lists] == [1200]
        first = original.faq_items("customer")[0]
        assert first.question in str(lists[0].get_option_at_index(0).prompt)

        screen.session.update_faq(first.id, answer="Rewritten in the app.")
        screen.action_save()
        screen.action_export()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.document.dirty, screen.document.last_error
        saved = store.load(working)
        exported = working.with_suffix(".md").read_text(encoding="utf-8")
    assert saved.find_faq(first.id).answer == "Rewritten in the app."
    assert [item.id for item in saved.faq] == [item.id for item in original.faq]
    assert [item.answer for item in saved.faq[1:]] == [item.answer for item in original.faq[1:]]
    assert exported == export(saved, content.resolve(None))
