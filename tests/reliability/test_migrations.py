"""Tests schema migrations and the fixtures of every released session format.

`tests/fixtures/sessions/v<N>/*.toml` are files as workshop schema N wrote
them; next to each is the Markdown it must export, forever. If an intended
change to the exporter alters them, regenerate and review the diff:

    WORKSHOP_UPDATE_GOLDENS=1 pytest tests/reliability/test_migrations.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from workshop import cli, content, document, load_warnings, store
from workshop.document import OpenDocument
from workshop.export.markdown import export
from workshop.model import session as session_module
from workshop.model.session import SCHEMA_VERSION
from workshop.storage import backups, migrations, tomlio
from workshop.storage.tomlio import FileProblem

from .helpers import FIXTURES, snapshot

UPDATE = os.environ.get("WORKSHOP_UPDATE_GOLDENS") == "1"
FROZEN_TEMPLATES = FIXTURES / "templates"
VERSION_DIRS = sorted(p for p in FIXTURES.glob("v*") if p.is_dir())
FIXTURE_FILES = sorted(p for d in VERSION_DIRS for p in d.glob("*.toml"))
GOLDEN_FILES = [p for p in FIXTURE_FILES if p.name != "working-backwards.toml"]
"""working-backwards.toml follows the built-in template, whose wording may improve:
it is checked for loading and for keeping every word, not byte for byte."""


@pytest.fixture(autouse=True)
def frozen_templates():
    """Make the frozen fixture templates findable by id, as user templates."""
    folder = content.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for path in FROZEN_TEMPLATES.glob("*.toml"):
        shutil.copyfile(path, folder / path.name)


def _template(session):
    try:
        return content.resolve(session.template_id)
    except LookupError:
        return None


def _check_golden(path: Path, text: str) -> None:
    golden = path.with_suffix(".md")
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden export {golden}; run with WORKSHOP_UPDATE_GOLDENS=1"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{path.name} no longer exports as {golden.name}. If the change is intended, "
        "regenerate with WORKSHOP_UPDATE_GOLDENS=1 and review the diff."
    )


# ------------------------------------------------------------ the framework
def test_every_older_schema_has_a_migration_and_fixtures():
    assert migrations.missing(SCHEMA_VERSION) == []
    assert [d.name for d in VERSION_DIRS] == [f"v{n}" for n in range(1, SCHEMA_VERSION + 1)]
    for folder in VERSION_DIRS:
        assert list(folder.glob("*.toml")), f"{folder} has no fixtures"


def test_fixtures_declare_their_schema():
    for path in FIXTURE_FILES:
        assert tomlio.read(path)["schema_version"] == int(path.parent.name[1:])


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_exports_exactly_as_it_always_did(path):
    session = store.load(path)
    _check_golden(path, export(session, _template(session)))


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_exports_the_same_from_the_command_line(path, capsys):
    assert cli.main(["export", str(path)]) == 0
    assert capsys.readouterr().out == path.with_suffix(".md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_survives_open_save_reload(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    before_text = export(store.load(copy), _template(store.load(copy)))
    doc = OpenDocument.open(copy)
    doc.session.touch()
    assert doc.save_now().ok
    doc.close()
    again = store.load(copy)
    assert again.faq == store.load(path).faq
    assert again.answers == store.load(path).answers
    assert export(again, _template(again)).replace(
        f"{again.updated:%d %B %Y}".replace(" 0", " "), "DATE"
    ) == before_text.replace(f"{store.load(path).updated:%d %B %Y}".replace(" 0", " "), "DATE")


@pytest.mark.parametrize(
    "path",
    [p for p in FIXTURE_FILES if p.parent.name == f"v{SCHEMA_VERSION}"],
    ids=lambda p: p.name,
)
def test_current_fixtures_round_trip_byte_for_byte(path):
    session = store.load(path)
    assert store.dumps(session, _template(session)) == path.read_text(encoding="utf-8")


def test_working_backwards_fixture_keeps_every_word():
    from workshop.model.session import iter_text

    for path in (d / "working-backwards.toml" for d in VERSION_DIRS):
        if not path.exists():
            continue
        session = store.load(path)
        text = export(session, _template(session))
        for _, words in iter_text(session):
            for line in words.splitlines():
                if line.strip():
                    assert line.strip() in text


def test_fixtures_are_never_modified_by_reading(capsys):
    for path in FIXTURE_FILES:
        before = snapshot(path)
        beside = sorted(path.parent.iterdir())
        cli.main(["validate", str(path)])
        cli.main(["export", str(path)])
        OpenDocument.open(path, lock=False)
        assert snapshot(path) == before
        assert sorted(path.parent.iterdir()) == beside  # no backups, no locks beside it
    capsys.readouterr()


# ------------------------------------------------------------ a synthetic bump
OLD_FORMAT = """\
schema_version = 1
id = "s-old"
title = "Written by an older workshop"
template = "golden-workshop"
created = 2025-06-01T08:00:00Z
updated = 2025-06-01T09:00:00Z
people = "Ada; Ben"
current_step = "who"

[answers.who]
segment = "Renters"
"""


@pytest.fixture
def pretend_schema(monkeypatch):
    """Pretend the current schema is 2, with a migration from 1 (`people` -> `participants`)."""

    def people_to_participants(data):
        people = data.pop("people", "")
        data["participants"] = [p.strip() for p in people.split(";") if p.strip()]
        return data

    for module in (store, session_module, load_warnings, document):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, people_to_participants)
    return people_to_participants


def test_migration_runs_on_load_and_only_in_memory(pretend_schema, folder, capsys):
    path = folder / "old.toml"
    path.write_text(OLD_FORMAT)
    before = snapshot(path)
    session = store.load(path)
    assert session.participants == ["Ada", "Ben"]
    assert "people" not in session.extra
    for args in (["validate", str(path)], ["export", str(path)], ["list"]):
        assert cli.main(args) == 0
    assert snapshot(path) == before
    capsys.readouterr()


def test_open_warns_keeps_the_original_and_the_next_save_upgrades(pretend_schema, folder):
    path = folder / "old.toml"
    path.write_text(OLD_FORMAT)
    original = path.read_bytes()
    doc = OpenDocument.open(path)
    assert doc.warnings == [
        f"{path}: schema_version: written by an older workshop (schema 1); upgraded to "
        "schema 2 in memory. The file is rewritten when the session is next saved, and the "
        "original is kept in the backups (`workshop restore --list`)"
    ]
    assert not doc.dirty
    assert path.read_bytes() == original  # opening wrote nothing
    kept = backups.list_backups(path)
    assert kept[0].reason == "migrate" and kept[0].path.read_bytes() == original

    doc.session.set_answer("who", "segment", "Renters, edited")
    assert doc.save_now().ok
    doc.close()
    data = tomlio.read(path)
    assert data["schema_version"] == 2
    assert data["participants"] == ["Ada", "Ben"]
    assert "people" not in data
    # The original is still there to go back to.
    assert any(b.path.read_bytes() == original for b in backups.list_backups(path))


def test_chain_of_migrations_runs_in_order(monkeypatch, folder):
    calls = []

    def step(n):
        def run(data):
            calls.append(n)
            data.setdefault("notes", "")
            data["notes"] += f"[{n}->{n + 1}]"
            return data

        return run

    monkeypatch.setattr(store, "SCHEMA_VERSION", 4)
    for n in (1, 2, 3):
        monkeypatch.setitem(store.MIGRATIONS, n, step(n))
    path = folder / "old.toml"
    path.write_text(OLD_FORMAT)
    assert store.load(path).notes == "[1->2][2->3][3->4]"
    assert calls == [1, 2, 3]
    calls.clear()
    path.write_text(OLD_FORMAT.replace("schema_version = 1", "schema_version = 3"))
    assert store.load(path).notes == "[3->4]"
    assert calls == [3]


def test_missing_migration_is_a_clear_error(monkeypatch, folder):
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    path = folder / "old.toml"
    path.write_text(OLD_FORMAT)
    with pytest.raises(FileProblem) as caught:
        store.load(path)
    assert caught.value.describe() == (
        f"{path}: schema_version: this workshop can't upgrade schema 1 files (no migration "
        "to schema 2; please report this as a bug)"
    )


def test_failing_migration_is_a_clear_error_and_the_file_is_kept(monkeypatch, folder, capsys):
    def broken(data):
        return data["no such key"]

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, broken)
    path = folder / "old.toml"
    path.write_text(OLD_FORMAT)
    before = snapshot(path)
    assert cli.main(["validate", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"workshop: error: {path}: schema_version: can't upgrade this schema 1 file: "
        "KeyError('no such key'); the file is unchanged (please report this as a bug)\n"
    )
    assert snapshot(path) == before


def test_registered_migrations_get_a_copy(monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", {})

    @migrations.migration(1)
    def vandal(data):
        data["answers"].clear()
        return data

    original = {"answers": {"who": {"segment": "x"}}}
    migrated = migrations.MIGRATIONS[1](original)
    assert original == {"answers": {"who": {"segment": "x"}}}
    assert migrated == {"answers": {}}
    with pytest.raises(ValueError):
        migrations.migration(1)(vandal)
