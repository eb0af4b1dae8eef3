"""Tests the one export entry point (`workshop.export.write`) and the targets it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workshop import store
from workshop.export.markdown import export
from workshop.export.target import ExistsError, TargetError, check_target
from workshop.export.write import markdown_text, write_markdown, write_snapshot
from workshop.model import Session, Template


@pytest.fixture
def saved(tmp_path: Path, template: Template) -> tuple[Session, Path]:
    session, path = store.create("Pocket Planner", template, tmp_path)
    return session, path


@pytest.mark.parametrize("name", ["other.toml", "other.TOML", "other.Toml"])
def test_a_toml_target_is_refused_in_any_case(saved, template: Template, tmp_path: Path, name: str) -> None:
    session, path = saved
    with pytest.raises(TargetError, match=r"\.toml"):
        write_markdown(session, template, tmp_path / name, session_path=path)
    assert not (tmp_path / name).exists()


def test_the_session_file_is_refused_however_it_is_reached(saved, template: Template, tmp_path: Path) -> None:
    session, path = saved
    before = path.read_bytes()
    link = tmp_path / "link.md"
    link.symlink_to(path)
    hard = tmp_path / "hard.md"
    os.link(path, hard)
    for target in (path, link, hard, tmp_path / "." / path.name):
        with pytest.raises(TargetError, match="session file itself"):
            write_markdown(session, template, target, session_path=path)
    assert path.read_bytes() == before


def test_a_markdown_target_is_written(saved, template: Template, tmp_path: Path) -> None:
    session, path = saved
    target = tmp_path / "prfaq.md"
    assert write_markdown(session, template, target, session_path=path) == target
    assert target.read_text(encoding="utf-8") == export(session, template)
    check_target(target, path)  # an existing .md may be replaced…
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(ExistsError, match="already exists"):  # …but only when asked
        write_markdown(session, template, target, session_path=path)
    assert target.read_text(encoding="utf-8") == "mine\n"
    write_markdown(session, template, target, session_path=path, force=True)
    assert target.read_text(encoding="utf-8") == export(session, template)


def test_a_format_never_lands_in_another_formats_file(saved, template: Template, tmp_path: Path) -> None:
    from workshop.export.write import ExportOptions, write_export

    session, path = saved
    for name, fmt in (("a.md", "docx"), ("a.docx", "markdown"), ("a.html", "docx")):
        with pytest.raises(TargetError, match="format"):
            write_export(session, template, tmp_path / name, session_path=path, options=ExportOptions(format=fmt))
        assert not (tmp_path / name).exists()
    write_export(session, template, tmp_path / "notes.txt", session_path=path, options=ExportOptions(format="html"))


def test_comments_and_snapshots_take_the_same_path(saved, template: Template, tmp_path: Path) -> None:
    session, path = saved
    text = markdown_text(session, template, with_comments=True)
    assert text.startswith(export(session, template).rstrip("\n")) and "open review comments" in text
    target = tmp_path / "snap.md"
    write_snapshot(session.to_dict(), template, target, session_path=path, with_comments=True)
    assert target.read_text(encoding="utf-8") == text
    with pytest.raises(TargetError):
        write_snapshot(session.to_dict(), template, path, session_path=path)
