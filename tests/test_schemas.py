"""Tests the JSON Schemas of session and template files against every example, fixture and corpus file."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from workshop import cli, schemas
from workshop.model.session import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "reliability" / "corpus"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))

NOT_EXPRESSIBLE = {
    "duplicate-faq-ids.toml": "ids unique across array items: JSON Schema can't say it",
    "duplicate-step-id.toml": "ids unique across nested arrays: JSON Schema can't say it",
    "deep-nesting-headers.toml": (
        "nesting deeper than tomlio.MAX_DEPTH under an unknown key (kept on save, so allowed):"
        " JSON Schema has no depth keyword; only a chain of MAX_DEPTH + 1 $defs could count"
        " levels, which would double the schema for a file no person writes"
    ),
}
"""Invalid corpus files whose problem no JSON Schema can catch (`workshop validate` does)."""


def as_json(value: Any) -> Any:
    """TOML data as a TOML editor shows it to JSON Schema: dates and times become RFC 3339 strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads(schemas.schema_path(kind).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


class ParserGaveUp(Exception):
    """tomllib hit Python's recursion limit: a TOML editor shows a parse error, no schema runs."""


def errors(kind: str, path: Path) -> list[str]:
    try:
        data = as_json(tomllib.loads(path.read_text(encoding="utf-8-sig")))
    except RecursionError:
        raise ParserGaveUp(path.name) from None
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]


def _current(path: Path) -> bool:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("schema_version") == SCHEMA_VERSION


VALID_SESSIONS = sorted((ROOT / "sessions").glob("*.toml")) + sorted(
    p for p in (ROOT / "tests" / "fixtures" / "sessions").glob("v*/*.toml") if _current(p)
)
VALID_TEMPLATES = sorted((ROOT / "content" / "templates").glob("*.toml")) + sorted(
    (ROOT / "tests" / "fixtures" / "sessions" / "templates").glob("*.toml")
)


def test_the_schemas_ship_in_the_package_content():
    for kind in schemas.KINDS:
        path = schemas.schema_path(kind)
        assert path.parent.parent.name == "content" and path.is_file()
        assert json.loads(path.read_text(encoding="utf-8"))["$schema"].endswith("/2020-12/schema")


@pytest.mark.parametrize("path", VALID_SESSIONS, ids=lambda p: p.name)
def test_every_example_and_fixture_session_is_valid(path: Path):
    assert errors("session", path) == []


@pytest.mark.parametrize("path", VALID_TEMPLATES, ids=lambda p: p.name)
def test_every_shipped_and_fixture_template_is_valid(path: Path):
    assert errors("template", path) == []


@pytest.mark.parametrize("case", EXPECTED["session"], ids=lambda c: c["file"])
def test_corpus_sessions_agree_with_workshop_validate(case: dict[str, Any]):
    path = CORPUS / "sessions" / case["file"]
    try:
        found = errors("session", path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        assert "error" in case  # not TOML at all: nothing for a schema to say
        return
    except ParserGaveUp:
        assert "nested more than" in case["error"]  # the file fails before any schema runs
        return
    if "error" not in case:
        assert found == [], case["file"]
    elif "missing-template" in case["file"]:
        assert found == []  # a missing template is not a shape problem
    elif case["file"] in NOT_EXPRESSIBLE:
        assert found == []
    else:
        assert found, f"{case['file']} should fail the schema: {case['error']}"


@pytest.mark.parametrize("case", EXPECTED.get("template", []), ids=lambda c: c["file"])
def test_corpus_templates_agree_with_workshop_validate(case: dict[str, Any]):
    path = CORPUS / "templates" / case["file"]
    try:
        found = errors("template", path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        assert "error" in case
        return
    except ParserGaveUp:
        assert "nested more than" in case["error"]
        return
    if "error" not in case or case["file"] in NOT_EXPRESSIBLE:
        assert found == [], case["file"]
    else:
        assert found, f"{case['file']} should fail the schema: {case['error']}"


@pytest.mark.parametrize(
    ("kind", "text", "where"),
    [
        ("session", 'schema_version = 1\n', ""),
        ("session", 'schema_version = 1\ntitle = "x"\n[answers.a]\nb = 3\n', "answers.a.b"),
        ("session", 'schema_version = 1\ntitle = "x"\n[[faq]]\nid = "q"\nquestion = ""\nstatus = "done"\n', "faq.0.status"),
        ("session", 'schema_version = 1\ntitle = "x"\ncreated = "yesterday"\n', "created"),
        ("template", 'id = "t"\ntitle = "T"\n[[stages]]\nid = "s"\ntitle = "S"\n[[stages.steps]]\nid = "a"\ntitle = "A"\nquestion = "Q?"\nguidence = "typo"\n[[stages.steps.fields]]\nid = "f"\nlabel = "F"\n', "stages.0.steps.0"),
        ("template", 'id = "t"\ntitle = "T"\n[[stages]]\nid = "s"\ntitle = "S"\n[[stages.steps]]\nid = "a"\ntitle = "A"\nquestion = "Q?"\n[[stages.steps.fields]]\nid = "f"\nlabel = "F"\ntype = "faq"\n', "stages.0.steps.0.fields.0"),
    ],
)
def test_known_bad_files_fail(tmp_path: Path, kind: str, text: str, where: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    found = errors(kind, path)
    assert any(line.startswith(f"{where}:") for line in found), found


def test_workshop_schema_prints_the_schema_and_its_path(capsys):
    assert cli.main(["schema", "session"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "workshop session file"
    assert cli.main(["schema", "template", "--path"]) == 0
    assert capsys.readouterr().out.strip() == str(schemas.schema_path("template"))


def test_every_key_the_app_writes_is_described_by_the_session_schema(tmp_path: Path):
    """The schema allows unknown keys (they are kept on save), so nothing else notices when
    the model starts writing a new one: save a session with every part filled and check."""
    from workshop import store
    from workshop.model.session import Session

    path = ROOT / "sessions" / "worked-example.toml"
    session = Session.from_dict(tomllib.loads(path.read_text(encoding="utf-8")))
    session.faq_drafts.update(customer="A question not sent yet", internal="Another")
    written = tmp_path / "full.toml"
    written.write_text(store.dumps(session), encoding="utf-8")
    data = tomllib.loads(written.read_text(encoding="utf-8"))
    schema = json.loads(schemas.schema_path("session").read_text(encoding="utf-8"))
    assert sorted(set(data) - set(schema["properties"])) == []
    assert errors("session", written) == []


def _schema(kind: str) -> dict[str, Any]:
    return json.loads(schemas.schema_path(kind).read_text(encoding="utf-8"))


def _bounds(node: Any, where: str = "") -> dict[str, tuple[Any, Any]]:
    """Every integer's (minimum, maximum) in a schema, by its path of property names."""
    found: dict[str, tuple[Any, Any]] = {}
    if isinstance(node, dict):
        if node.get("type") == "integer":
            found[where] = (node.get("minimum"), node.get("maximum"))
        for key, value in node.items():
            found.update(_bounds(value, f"{where}/{key}" if where else key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.update(_bounds(value, f"{where}/{index}"))
    return found


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if "pattern" in node else []
        return own + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_schema_number_bounds_are_the_codes_limits():
    """Each bounded number in the schemas is the loader's own constant, so they can't drift."""
    from workshop import content
    from workshop.model import base, voting

    session = {path.replace("/properties/", ".").replace("properties/", ""): bounds
               for path, bounds in _bounds(_schema("session")).items()}
    assert session == {
        "schema_version": (1, SCHEMA_VERSION),
        "template_version": (1, base.MAX_WHOLE),
        "faq/items.votes/additionalProperties": (0, base.MAX_COUNT),
        "timers/additionalProperties.planned_seconds": (0, base.MAX_WHOLE),
        "timers/additionalProperties.elapsed_seconds": (0, base.MAX_WHOLE),
        "timers/additionalProperties.spent_seconds": (0, base.MAX_WHOLE),
        "votes/items.dots": (1, voting.MAX_DOTS),
    }
    template = {path.rsplit("/", 1)[-1]: bounds for path, bounds in _bounds(_schema("template")).items()}
    assert template == {"version": (0, content.MAX_WHOLE), "timebox_minutes": (0, content.MAX_WHOLE)}


def test_schema_dates_allow_exactly_the_codes_years():
    from workshop.model import base

    dated = [p for p in _patterns(_schema("session")) if p.startswith("^(19")]
    assert len(dated) >= 13  # every date and date-time key the loader checks
    first, last = base.FIRST_YEAR, base.LAST_YEAR
    for pattern in dated:
        tail = "-01-31" if pattern.endswith("{2}$") else "-01-31T09:00:00Z"
        for year, ok in ((first, True), (last, True), (first - 1, False), (last + 1, False), (1, False)):
            assert bool(re.match(pattern, f"{year:04d}{tail}")) is ok, (pattern, year)
    assert not [p for p in _patterns(_schema("session")) if p.startswith("^[0-9]{4}")]
