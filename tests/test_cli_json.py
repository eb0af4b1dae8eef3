"""Tests for `workshop list --format json` and `workshop templates --format json` (issue 16 §2)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from workshop import store
from workshop.model import Template

SESSION_KEYS = {"name", "path", "title", "template", "answered", "total", "updated", "error"}
TEMPLATE_KEYS = {"id", "title", "version", "description", "stages", "steps", "source", "path", "error"}


def test_list_json_has_every_session_with_stable_keys(run, sessions_dir: Path, template: Template) -> None:
    good, good_path = store.create("Pocket Planner", template, sessions_dir)
    for step in template.steps[:2]:
        for field in step.fields:
            good.set_answer(step.id, field.id, "an answer")
    store.save(good, good_path, template)
    assert good.progress(template)[0] > 0
    orphan, orphan_path = store.create("Orphan", template, sessions_dir)
    orphan.template_id = "vanished"
    store.save(orphan, orphan_path)
    (sessions_dir / "broken.toml").write_text("schema_version = [\n", encoding="utf-8")

    code, out, err = run("list", "--format", "json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert document["schema_version"] == 1
    assert document["sessions_dir"] == str(sessions_dir)
    rows = {row["name"]: row for row in document["sessions"]}
    assert set(rows) == {"pocket-planner", "orphan", "broken"}  # the broken file is not dropped
    assert all(set(row) == SESSION_KEYS for row in rows.values())

    planner = rows["pocket-planner"]
    assert planner["path"] == str(good_path) and planner["title"] == "Pocket Planner"
    assert planner["template"] == template.id and planner["error"] is None
    assert (planner["answered"], planner["total"]) == good.progress(template)
    when = datetime.fromisoformat(planner["updated"])
    assert when.utcoffset() is not None and when == good.updated  # ISO 8601 with its offset

    assert rows["orphan"]["template"] == "vanished"
    assert rows["orphan"]["answered"] is None and rows["orphan"]["total"] is None  # unknown, not 0/0

    broken = rows["broken"]
    assert broken["path"] == str(sessions_dir / "broken.toml")
    assert broken["error"].startswith(f"{sessions_dir / 'broken.toml'}:2:") and "invalid TOML" in broken["error"]
    assert {broken[k] for k in SESSION_KEYS - {"name", "path", "error"}} == {None}


def test_list_json_paths_are_as_given_not_resolved(run, tmp_path: Path, template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store.create("Relative", template, tmp_path / "here")
    code, out, _ = run("--sessions-dir", "here", "list", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["sessions_dir"] == "here"
    assert [row["path"] for row in document["sessions"]] == [str(Path("here") / "relative.toml")]


def test_list_json_of_an_empty_or_missing_folder(run, tmp_path: Path) -> None:
    code, out, err = run("--sessions-dir", str(tmp_path / "none"), "list", "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out)["sessions"] == []


def test_list_json_keeps_control_characters_escaped_and_exact(run, sessions_dir: Path, template: Template) -> None:
    session, path = store.create("x", template, sessions_dir)
    session.title = "Bell\x07 esc\x1b[31m csi\x9b line\nend"
    store.save(session, path, template)
    code, out, _ = run("list", "--format", "json")
    assert code == 0
    assert not any(ch in out for ch in "\x07\x1b\x9b")  # nothing raw reaches the terminal
    assert json.loads(out)["sessions"][0]["title"] == session.title  # and nothing is lost


def test_templates_json_lists_built_in_and_broken_user_templates(run, user_templates_dir: Path, template: Template) -> None:
    (user_templates_dir / "broken.toml").write_text('id = "broken"\nstages = 3\n', encoding="utf-8")
    code, out, err = run("templates", "--format", "json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert document["schema_version"] == 1
    assert all(set(entry) == TEMPLATE_KEYS for entry in document["templates"])
    builtin = next(e for e in document["templates"] if e["id"] == template.id)
    assert builtin["source"] == "built-in" and builtin["error"] is None
    assert builtin["stages"] == len(template.stages) and builtin["steps"] == len(template.steps)
    assert builtin["title"] == template.title and builtin["version"] == template.version
    assert Path(builtin["path"]).name == f"{template.id}.toml"
    broken = next(e for e in document["templates"] if e["path"] == str(user_templates_dir / "broken.toml"))
    assert broken["source"] == "user" and broken["id"] is None
    assert broken["error"].startswith(f"{user_templates_dir / 'broken.toml'}: ")


def test_text_is_still_the_default(run, sessions_dir: Path, template: Template) -> None:
    store.create("Pocket Planner", template, sessions_dir)
    assert run("list")[1].startswith("TITLE")
    assert run("templates")[1].startswith("ID")
    code, _, err = run("list", "--format", "yaml")
    assert code == 2 and "invalid choice" in err
