"""Unit tests for template content: the built-in template, the loader's errors, discovery (issue 2 §3)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from workshop import content
from workshop.model import PR_ROLES, FieldType, StageKind, Template
from workshop.storage.tomlio import FileProblem


def minimal() -> dict[str, Any]:
    """The smallest valid template, as data to break in tests."""
    return {
        "id": "mini",
        "title": "Mini",
        "stages": [
            {
                "id": "customer",
                "title": "Customer",
                "steps": [
                    {
                        "id": "who",
                        "title": "Who",
                        "question": "Who is the customer?",
                        "fields": [{"id": "segment", "label": "Segment", "type": "text"}],
                    }
                ],
            },
            {
                "id": "faq",
                "title": "FAQ",
                "kind": "faq",
                "steps": [
                    {
                        "id": "faq-customer",
                        "title": "Customer FAQ",
                        "question": "What will customers ask?",
                        "fields": [
                            {"id": "items", "label": "Questions", "type": "faq", "faq_kind": "customer"}
                        ],
                    }
                ],
            },
        ],
    }


def write(folder: Path, name: str, data: dict[str, Any] | str) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else tomli_w.dumps(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the built-in template
def test_builtin_template_loads_from_the_content_folder(template: Template) -> None:
    assert template.id == content.DEFAULT_TEMPLATE == "working-backwards"
    assert template.source == "built-in"
    assert Path(template.path).parent == content.builtin_dir() / "templates"


def test_builtin_template_has_the_stages_the_issue_asks_for(template: Template) -> None:
    titles = " | ".join(stage.title.lower() for stage in template.stages)
    for word in ("customer", "problem", "experience", "press release", "faq", "review"):
        assert word in titles, word
    kinds = [stage.kind for stage in template.stages]
    assert kinds.count(StageKind.PRESS_RELEASE) == 1
    assert kinds.count(StageKind.FAQ) == 1


def test_every_builtin_step_is_fully_written(template: Template) -> None:
    for step in template.steps:
        for name in ("title", "question", "guidance", "example", "facilitator_notes"):
            value = getattr(step, name)
            assert value.strip(), f"{step.id}.{name} is empty"
            assert "TODO" not in value, f"{step.id}.{name} still says TODO"
        assert step.fields, step.id
        if not step.optional:
            assert step.timebox_minutes > 0, step.id
    assert template.description.strip() and "TODO" not in template.description
    for stage in template.stages:
        assert "TODO" not in stage.intro, stage.id


def test_builtin_press_release_has_every_section(template: Template) -> None:
    stage = next(s for s in template.stages if s.kind is StageKind.PRESS_RELEASE)
    roles = [f.role for step in stage.steps for f in step.fields if f.role]
    assert sorted(roles) == sorted(PR_ROLES)


def test_builtin_faq_has_customer_and_internal_starters(template: Template) -> None:
    kinds = {f.faq_kind for step in template.steps for f in step.fields if f.type is FieldType.FAQ}
    assert kinds == {"customer", "internal"}
    assert len(template.faq_suggestions("customer")) >= 4
    assert len(template.faq_suggestions("internal")) >= 8
    internal = " ".join(template.faq_suggestions("internal")).lower()
    assert "one-way door" in internal
    assert "single-threaded" in internal


def test_builtin_review_steps_are_optional(template: Template) -> None:
    review = template.stages[-1]
    assert "review" in review.title.lower()
    assert review.steps and all(step.optional for step in review.steps)


def test_builtin_templates_all_validate() -> None:
    entries = [e for e in content.discover() if e.source == "built-in"]
    assert entries
    assert [e.problem for e in entries if e.problem] == []


# ---------------------------------------------------------------- loader errors
def test_minimal_template_loads(tmp_path: Path) -> None:
    template = content.load_template_file(write(tmp_path, "mini.toml", minimal()))
    assert [s.id for s in template.steps] == ["who", "faq-customer"]
    assert template.steps[0].stage_id == "customer"
    assert template.stages[1].kind is StageKind.FAQ


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('id = "x"\ntitle = \n', 2),
        ('id = "x"\n[[stages]\n', 2),
        ('id = "x"\ntitle = "unterminated\n', 2),
        ('id = "x"\nid = "y"\n', 2),
        ('id = "x"\n\n\nquestion = """never closed\n', 5),  # tomllib: "at end of document"
    ],
)
def test_syntax_errors_are_reported_as_file_line_column(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path, "broken.toml", text)
    with pytest.raises(FileProblem) as caught:
        content.load_template_file(path)
    problem = caught.value
    assert problem.line == line
    assert problem.column is not None
    assert problem.describe().startswith(f"{path}:{line}:{problem.column}: invalid TOML: ")
    assert "\n" not in problem.describe()


def _break(change: str) -> dict[str, Any]:
    data = copy.deepcopy(minimal())
    step = data["stages"][0]["steps"][0]
    field = step["fields"][0]
    faq_field = data["stages"][1]["steps"][0]["fields"][0]
    if change == "missing question":
        del step["question"]
    elif change == "blank question":
        step["question"] = "   "
    elif change == "field type is a number":
        field["type"] = 3
    elif change == "unknown field type":
        field["type"] = "essay"
    elif change == "duplicate step id":
        data["stages"][1]["steps"][0]["id"] = "who"
    elif change == "bad id chars":
        step["id"] = "Who Is It?"
    elif change == "faq field without faq_kind":
        del faq_field["faq_kind"]
    elif change == "unknown faq_kind":
        faq_field["faq_kind"] = "partner"
    elif change == "negative timebox":
        step["timebox_minutes"] = -5
    elif change == "no stages":
        del data["stages"]
    elif change == "no fields":
        step["fields"] = []
    elif change == "unknown stage kind":
        data["stages"][0]["kind"] = "essay"
    elif change == "unknown role":
        field["role"] = "tagline"
    elif change == "duplicate role":
        field["role"] = "headline"
        data["stages"][1]["steps"][0]["fields"].append(
            {"id": "again", "label": "Again", "type": "text", "role": "headline"}
        )
    elif change == "required not a bool":
        field["required"] = "yes"
    elif change == "suggestions not a list":
        faq_field["suggestions"] = "What does it cost?"
    elif change == "duplicate field id":
        step["fields"].append(dict(field))
    elif change == "missing template title":
        del data["title"]
    elif change == "stage is not a table":
        data["stages"][0] = "customer"
    return data


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ("missing question", "stages[0].steps[0].question", "is required but missing"),
        ("blank question", "stages[0].steps[0].question", "must not be empty"),
        ("field type is a number", "stages[0].steps[0].fields[0].type", "expected text"),
        ("unknown field type", "stages[0].steps[0].fields[0].type", "'essay' is not one of"),
        ("duplicate step id", "stages[1].steps[0].id", "duplicate step id 'who'"),
        ("bad id chars", "stages[0].steps[0].id", "is not a valid id"),
        ("faq field without faq_kind", "stages[1].steps[0].fields[0].faq_kind", "FAQ fields need faq_kind"),
        ("unknown faq_kind", "stages[1].steps[0].fields[0].faq_kind", "'partner' is not one of"),
        ("negative timebox", "stages[0].steps[0].timebox_minutes", "expected a whole number"),
        ("no stages", "stages", "needs at least one"),
        ("no fields", "stages[0].steps[0].fields", "needs at least one"),
        ("unknown stage kind", "stages[0].kind", "'essay' is not one of"),
        ("unknown role", "stages[0].steps[0].fields[0].role", "'tagline' is not one of"),
        ("duplicate role", "stages[1].steps[0].fields[1].role", "already used by who.segment"),
        ("required not a bool", "stages[0].steps[0].fields[0].required", "expected true or false"),
        ("suggestions not a list", "stages[1].steps[0].fields[0].suggestions", "expected a list of text"),
        ("duplicate field id", "stages[0].steps[0].fields[1].id", "duplicate field id"),
        ("missing template title", "title", "is required but missing"),
        ("stage is not a table", "stages[0]", "expected a table"),
    ],
)
def test_schema_errors_are_reported_as_file_key_message(
    tmp_path: Path, change: str, key: str, message: str
) -> None:
    path = write(tmp_path, "broken.toml", _break(change))
    with pytest.raises(FileProblem) as caught:
        content.load_template_file(path)
    text = caught.value.describe()
    assert text.startswith(f"{path}: {key}: "), text
    assert message in text
    assert caught.value.line is None


def test_template_text_is_normalised(tmp_path: Path) -> None:
    data = minimal()
    data["stages"][0]["steps"][0]["guidance"] = "one\r\ntwo\rthree"
    template = content.load_template_file(write(tmp_path, "mini.toml", data))
    assert template.steps[0].guidance == "one\ntwo\nthree"


# ---------------------------------------------------------------- discovery and lookup
def test_resolve_by_path_for_the_template_option(tmp_path: Path) -> None:
    path = write(tmp_path, "draft.toml", minimal())
    template = content.resolve(str(path))
    assert (template.id, template.source) == ("mini", "path")


def test_resolve_missing_path_and_unknown_id(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="no such template file"):
        content.resolve(str(tmp_path / "nope.toml"))
    with pytest.raises(LookupError) as caught:
        content.resolve("no-such-template")
    assert "working-backwards" in str(caught.value)  # says what is available


def test_resolve_invalid_template_path_reports_the_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.toml", _break("missing question"))
    with pytest.raises(FileProblem, match="question"):
        content.resolve(str(path))


def test_user_templates_are_discovered_next_to_the_built_in_ones(user_templates_dir: Path) -> None:
    write(user_templates_dir, "mini.toml", minimal())
    write(user_templates_dir, "broken.toml", "id = \n")
    entries = content.discover()
    by_source = {(e.source, e.path.name): e for e in entries}
    assert by_source[("built-in", "working-backwards.toml")].template is not None
    assert by_source[("user", "mini.toml")].template.id == "mini"
    broken = by_source[("user", "broken.toml")]
    assert broken.template is None and broken.problem.line == 1
    assert content.resolve("mini").source == "user"
    assert content.resolve("working-backwards").source == "built-in"  # a broken user file hides nothing


def test_a_user_template_overrides_a_built_in_one_with_the_same_id(
    user_templates_dir: Path, template: Template
) -> None:
    data = minimal()
    data["id"] = template.id
    data["title"] = "Our own variant"
    write(user_templates_dir, "ours.toml", data)  # a different file name: found by its id
    resolved = content.resolve(template.id)
    assert (resolved.title, resolved.source) == ("Our own variant", "user")


def test_a_file_named_like_an_id_must_also_have_that_id(user_templates_dir: Path) -> None:
    data = minimal()
    data["id"] = "other"
    write(user_templates_dir, "mini.toml", data)
    with pytest.raises(LookupError):
        content.resolve("mini")
    assert content.resolve("other").path.endswith("mini.toml")


def test_edited_template_file_is_reloaded(tmp_path: Path) -> None:
    import os

    path = write(tmp_path, "draft.toml", minimal())
    assert content.resolve(str(path)).title == "Mini"
    data = minimal()
    data["title"] = "Mini, edited"
    write(tmp_path, "draft.toml", data)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert content.resolve(str(path)).title == "Mini, edited"
