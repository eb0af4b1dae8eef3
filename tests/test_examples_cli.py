"""Tests for `workshop example`: the worked example copied into the sessions folder (issue 16 §1)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workshop import examples, store
from workshop.cli import commands
from workshop.model import clock
from workshop.storage import listing


@pytest.fixture
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Record what the TUI would have been started with, instead of starting it."""
    calls: list[dict] = []

    def fake_run_app(**kwargs: object) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(commands, "_run_app", fake_run_app)
    return calls


def test_the_example_is_the_repository_file(repo_root: Path) -> None:
    # One source of truth: run from a checkout, the repository's file; the wheel force-includes it
    # (CI installs the wheel, not an editable checkout: then it is the wheel's byte-identical copy).
    found = examples.example_file()
    repository_file = repo_root / "sessions" / "worked-example.toml"
    if "site-packages" in found.parts:
        assert found.read_bytes() == repository_file.read_bytes()
    else:
        assert found == repository_file
    assert not (repo_root / "src" / "workshop" / "examples").exists()  # no second copy to drift
    build = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    force = build["targets"]["wheel"]["force-include"]
    assert force["sessions/worked-example.toml"] == "workshop/examples/worked-example.toml"


def test_example_no_open_copies_it_as_a_new_session(run, sessions_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # works from any folder
    original = store.load(examples.example_file())
    code, out, err = run("example", "--no-open")
    assert code == 0 and err == ""
    path = Path(out.strip())
    assert path == sessions_dir / "worked-example.toml"
    copy = store.load(path)
    assert copy.id != original.id
    assert copy.title == f"{original.title} (example)"
    assert copy.created == copy.updated == clock.now()
    assert copy.answers == original.answers and copy.faq == original.faq
    assert copy.current_step == original.current_step
    assert list(elsewhere.iterdir()) == []


def test_a_second_call_makes_a_second_copy_and_never_overwrites(run, sessions_dir: Path) -> None:
    first = Path(run("example", "--no-open")[1].strip())
    before = first.read_bytes()
    code, out, _ = run("example", "--no-open")
    assert code == 0
    second = Path(out.strip())
    assert second == sessions_dir / "worked-example-2.toml"
    assert first.read_bytes() == before
    one, two = store.load(first), store.load(second)
    assert one.id != two.id
    assert two.title.endswith(" (example 2)")
    # each copy can be found by its own name and title
    assert listing.find("worked-example-2", sessions_dir) == second
    assert listing.find(two.title, sessions_dir) == second


def test_the_copy_avoids_files_and_titles_already_there(run, sessions_dir: Path, template) -> None:
    mine = sessions_dir / "worked-example.toml"
    mine.write_text("my own notes, not a session\n", encoding="utf-8")
    original = store.load(examples.example_file())
    session, path = store.create("placeholder", template, sessions_dir)
    session.title = f"{original.title} (example 2)"
    store.save(session, path, template)
    code, out, _ = run("example", "--no-open")
    assert code == 0
    copy = Path(out.strip())
    assert copy == sessions_dir / "worked-example-3.toml"
    assert store.load(copy).title.endswith(" (example 3)")
    assert mine.read_text(encoding="utf-8") == "my own notes, not a session\n"


def test_example_opens_the_copy_like_open_does(run, app_calls: list, sessions_dir: Path) -> None:
    code, out, err = run("example")
    assert code == 0 and out == "", err
    assert len(app_calls) == 1
    call = app_calls[0]
    assert call["session_path"] == sessions_dir / "worked-example.toml"
    assert call["sessions_dir"] == sessions_dir
    assert call["document"].path == call["session_path"]  # opened as `workshop open` opens


def test_example_into_an_unwritable_place_is_one_line(run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, out, err = run("--sessions-dir", str(blocker / "sessions"), "example", "--no-open")
    assert code == 1 and out == ""
    assert err.startswith("workshop: error: ") and err.count("\n") == 1 and str(blocker) in err
