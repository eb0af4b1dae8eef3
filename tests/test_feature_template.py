"""Tests the second built-in template, the one-hour Feature PR/FAQ, and its worked example (issue 14 §4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workshop import coach, content, examples, store
from workshop.export.markdown import export
from workshop.model.template import FieldType, StageKind

ROOT = Path(__file__).resolve().parents[1]
FEATURE = "feature-prfaq"
EXAMPLE = ROOT / "sessions" / "feature-example.toml"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the tests away from the real sessions, data and config folders (and user templates)."""
    monkeypatch.setenv("WORKSHOP_SESSIONS_DIR", str(tmp_path / "sessions"))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setattr(content, "user_templates_dir", lambda: tmp_path / "templates")


def test_the_feature_template_is_one_hour_customer_problem_press_release_six_questions() -> None:
    template = content.resolve(FEATURE)
    assert template.source == "built-in"
    assert sum(step.timebox_minutes for step in template.steps) == 60
    assert [stage.id for stage in template.stages][:4] == ["customer", "problem", "press-release", "faq"]
    kinds = {stage.id: stage.kind for stage in template.stages}
    assert kinds["press-release"] is StageKind.PRESS_RELEASE and kinds["faq"] is StageKind.FAQ
    roles = {f.role for step in template.steps for f in step.fields if f.role}
    assert {"headline", "subheading", "city", "date", "summary", "problem", "solution",
            "customer_quote", "call_to_action"} <= roles
    faq_steps = [step for step in template.steps if any(f.type is FieldType.FAQ for f in step.fields)]
    assert [step.fields[0].faq_kind for step in faq_steps] == ["customer", "internal"]
    assert all("three" in step.title.lower() for step in faq_steps)  # 3 + 3: six questions
    assert [step.id for step in template.steps if step.decision_log] == ["decisions"]


def test_every_step_has_its_own_guidance_example_and_practice_material() -> None:
    for step in content.resolve(FEATURE).steps:
        for name in ("guidance", "example", "facilitator_notes", "weak_answer", "strong_answer", "why_strong"):
            assert getattr(step, name).strip(), f"{step.id}: {name} is empty"
        assert step.hints and step.checklist, step.id


def _sentences(text: str) -> set[str]:
    return {" ".join(s.split()).lower() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6}


def test_written_in_its_own_words_not_copied_from_the_full_template() -> None:
    full = content.resolve("working-backwards")
    feature = content.resolve(FEATURE)

    def texts(template) -> set[str]:
        found: set[str] = set()
        for step in template.steps:
            for name in ("guidance", "example", "facilitator_notes", "strong_answer", "why_strong"):
                found |= _sentences(getattr(step, name))
        return found

    assert texts(feature) & texts(full) == set()


def test_workshop_templates_lists_both(run) -> None:
    code, out, _ = run("templates")
    assert code == 0
    assert "feature-prfaq" in out and "working-backwards" in out


def test_workshop_new_with_the_feature_template(run, tmp_path: Path) -> None:
    code, out, err = run("new", "Swap check", "--template", FEATURE, "--no-open")
    assert code == 0, err
    path = Path(out.strip().splitlines()[-1])
    session = store.load(path)
    assert session.template_id == FEATURE
    assert session.current_step == "customer"
    assert run("validate", str(path))[0] == 0


def test_the_worked_example_is_complete_and_the_coach_finds_nothing() -> None:
    session = store.load(EXAMPLE)
    template = content.resolve(session.template_id)
    assert template.id == FEATURE
    assert session.progress(template) == (8, 8)
    kinds = [item.kind for item in session.faq]
    assert kinds.count("customer") == 3 and kinds.count("internal") == 3
    assert all(item.answered for item in session.faq)
    assert session.facilitation.decisions and all(d.why for d in session.facilitation.decisions)
    findings = coach.run_checks(session, template)
    assert [f.rule_id for f in findings if f.severity != "info"] == []
    text = export(session, template)
    assert "Westhaven library members renew a loan by replying to a text" in text
    assert "a recycled phone number must never show someone's loans" in text  # the decision's why


def test_workshop_example_copies_the_feature_example(run, tmp_path: Path) -> None:
    code, out, err = run("example", "--template", FEATURE, "--no-open")
    assert code == 0, err
    path = Path(out.strip())
    assert path.name == "feature-example.toml"
    copy = store.load(path)
    original = store.load(examples.example_file("feature-example"))
    assert copy.template_id == FEATURE and copy.answers == original.answers
    assert copy.title == f"{original.title} (example)"
