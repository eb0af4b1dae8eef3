"""Tests for the writing checks: every rule with failing and passing text, positions, dismissals."""

from __future__ import annotations

import copy
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workshop import coach, store
from workshop.coach import (
    Finding,
    check_field,
    check_snapshot,
    check_text,
    dismiss,
    dismissals,
    is_dismissed,
    prose,
    run_checks,
    run_report,
    take_snapshot,
    undismiss,
)
from workshop.coach import writing_checks as checks_module
from workshop.coach.checks import prose_rules
from workshop.coach.writing_checks import segment_head
from workshop.model.session import Session
from workshop.model.template import FieldType, Template

ROOT = Path(__file__).resolve().parents[1]
WORKED = ROOT / "sessions" / "worked-example.toml"
HALF = ROOT / "sessions" / "half-finished.toml"


@pytest.fixture
def worked() -> Session:
    return store.load(WORKED)


VAGUE = "Riders lose a very big part of their week."


def _flagged(session: Session, template: Template) -> Finding:
    """Put a known vague word in the problem paragraph; return its finding."""
    session.set_answer("pr-problem", "problem", VAGUE)
    return next(
        f for f in run_checks(session, template) if f.rule_id == "vague-word" and f.step_id == "pr-problem"
    )


def _fired(rule_id: str, text: str, **kwargs: object) -> list[Finding]:
    return [f for f in check_text(text, **kwargs) if f.rule_id == rule_id]  # type: ignore[arg-type]


def _ids(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings}


# ------------------------------------------------------------------ prose rules
def _passive_on() -> coach.Rules:
    """The built-in rules with passive-voice turned on (it is off by default)."""
    import dataclasses

    rules = coach.load_rules()
    passive = dataclasses.replace(rules["passive-voice"], enabled=True)
    return dataclasses.replace(rules, rules={**rules.rules, "passive-voice": passive}, memo={})


PASSIVE_ON = {"rules": _passive_on()}

PROSE_CASES = [
    # rule, kwargs, failing text, offending words, passing text
    ("vague-word", {}, "Setting it up is very easy.", "very", "Setting it up takes 3 minutes."),
    ("vague-word", {}, "Many riders asked for it.", "Many", "Many riders (81%) asked for it."),
    ("vague-word", {}, "It saves time significantly.", "significantly", "How many riders asked for it?"),
    ("vague-word", {}, "Studies show people like it.", "Studies show", "We keep as many as 40 bikes."),
    ("hype-word", {}, "Our world-class app is here.", "world-class", "Our app answers in 2 seconds."),
    ("hype-word", {}, "A best in class tool.", "best in class", "A tool that saves 2 hours a week."),
    ("unquantified-claim", {}, "Setup is faster than before.", "faster", "Setup is 8 times faster than before."),
    ("unquantified-claim", {}, "It reduces the paperwork.", "reduces", "Is it faster than a bike shop?"),
    ("jargon", {}, "We leverage your data.", "leverage", "We use the tools you already have."),
    ("jargon", {"scope": "customer_faq"}, "Track the KPIs.", "KPIs", "Track how many orders you ship."),
    ("undefined-acronym", {}, "Track your NPS every week.", "NPS", "Track your Net Promoter Score (NPS) every week."),
    ("undefined-acronym", {}, "Ask the SRE team.", "SRE", "Send “JOIN” to us, or ask your CEO."),
    ("passive-voice", PASSIVE_ON, "The report is generated every night.", "is generated", "The app writes the report every night."),
    ("passive-voice", PASSIVE_ON, "Bikes are not always repaired quickly.", "are not always repaired", "I am interested in it."),
    ("passive-voice", PASSIVE_ON, "The tyres were taken away.", "were taken", "The tyres were red."),
]


@pytest.mark.parametrize(("rule_id", "kwargs", "bad", "words", "good"), PROSE_CASES)
def test_prose_rule_fails_and_passes(rule_id: str, kwargs: dict, bad: str, words: str, good: str) -> None:
    found = _fired(rule_id, bad, **kwargs)
    assert [f.excerpt for f in found] == [words]
    finding = found[0]
    assert finding.message and finding.suggestion
    assert words in finding.message
    assert finding.severity in ("warning", "info")
    assert _fired(rule_id, good, **kwargs) == []


@pytest.mark.parametrize(
    ("rule_id", "text"),
    [
        ("jargon", "We leverage our ecosystem."),
        ("undefined-acronym", "Track your NPS every week."),
        ("unquantified-claim", "Setup is faster than before."),
    ],
)
def test_customer_facing_rules_skip_internal_text(rule_id: str, text: str) -> None:
    assert _fired(rule_id, text, scope="press_release")
    assert _fired(rule_id, text, scope="internal_faq") == []


def test_passive_voice_skips_worksheet_answers() -> None:
    assert _fired("passive-voice", "It is generated nightly.", scope="answers", **PASSIVE_ON) == []


def test_passive_voice_is_off_by_default() -> None:
    """On real PR/FAQs almost every passive was normal prose (docs/coach.md)."""
    assert _fired("passive-voice", "The report is generated every night.") == []


def test_acronym_defined_once_anywhere_in_the_customer_text(template: Template, worked: Session) -> None:
    worked.set_answer("pr-solution", "solution", "Riders get a Rapid Loaner Service (RLS) van.")
    worked.set_answer("pr-how-it-works", "how_it_works", "Call the RLS line.")
    assert "undefined-acronym" not in _ids(check_field(worked, template, "pr-how-it-works", "how_it_works"))
    worked.set_answer("pr-solution", "solution", "Riders get a van.")
    assert "undefined-acronym" in _ids(check_field(worked, template, "pr-how-it-works", "how_it_works"))


def test_acronyms_in_shouting_and_code_are_not_flagged() -> None:
    assert _fired("undefined-acronym", "THIS IS A VERY LOUD HEADLINE ABOUT BIKES") == []
    assert _fired("undefined-acronym", "Run `workshop check --format JSON` now.") == []
    assert _fired("undefined-acronym", "See https://example.com/XYZQ for more.") == []


def test_long_sentence_limit_and_clause_breaks() -> None:
    thirty = " ".join(["word"] * 30) + "."
    thirty_one = " ".join(["word"] * 31) + "."
    assert _fired("long-sentence", thirty) == []
    found = _fired("long-sentence", thirty_one)
    assert len(found) == 1
    assert "31 words" in found[0].message
    assert found[0].excerpt.endswith("…")
    split = " ".join(["word"] * 20) + "; " + " ".join(["word"] * 20) + "."
    assert _fired("long-sentence", split) == []


def test_numbers_with_separators_count_as_one_word() -> None:
    assert prose.word_count("It cost €148,100 at 10:00, up 4.5%.") == 7


def test_abbreviations_do_not_end_sentences() -> None:
    spans = prose.sentences("Bring tools, e.g. a pump. Then go.", frozenset({"e.g."}))
    assert len(spans) == 2


# ------------------------------------------------------------------ role rules
ROLE_CASES = [
    ("headline-length", "headline", " ".join(["Riders"] * 20), "Pitlane gets delivery riders back on the road within the hour"),
    ("headline-length", "headline", "Pitlane launches", "Pitlane gets delivery riders moving again"),
    ("summary-length", "summary", "One. Two is here. Three is here. Four is here. Five is here.", "One is here. Two is here. Three is here."),
    ("customer-quote-voice", "customer_quote", "This service saves riders two hours a week.", "It saves me two hours a week."),
    ("customer-quote-benefit", "customer_quote", "I love it and I tell everyone about it.", "I finish my invoices in 10 minutes now."),
    ("customer-quote-marketing", "customer_quote", "I love this seamless solution, I use it daily.", "I use it every day and I get home earlier."),
    ("leader-quote-customers", "leader_quote", "We are building the best engineering organisation.", "Customers told us the waiting hurts most."),
    ("leader-quote-cliche", "leader_quote", "We are thrilled that customers can now ride on.", "Customers can now ride on."),
    ("placeholder-name", "headline", "Project X launches for riders in TBD", "Pitlane launches for riders in Rotterdam"),
    ("internal-name", "headline", "Rider Platform v2 launches for riders", "Pitlane launches for riders"),
]


@pytest.mark.parametrize(("rule_id", "role", "bad", "good"), ROLE_CASES)
def test_role_rule_fails_and_passes(rule_id: str, role: str, bad: str, good: str) -> None:
    found = _fired(rule_id, bad, role=role)
    assert found, f"{rule_id} should flag {bad!r}"
    assert all(f.message and f.suggestion for f in found)
    assert _fired(rule_id, good, role=role) == []


def test_role_rules_only_read_their_role() -> None:
    assert _fired("customer-quote-voice", "This service saves riders two hours a week.", role="summary") == []
    assert _fired("headline-length", "Pitlane launches", role="subheading") == []


def test_placeholder_words_found_in_headline() -> None:
    words = {f.excerpt for f in _fired("placeholder-name", "Project X launches for riders in TBD", role="headline")}
    assert words == {"Project X", "TBD"}


def test_leader_quote_may_name_the_customer_segment(template: Template, worked: Session) -> None:
    worked.set_answer("customer-who", "segment", "Night-shift nurses in Leeds who work 12-hour shifts")
    worked.set_answer("pr-leader-quote", "leader_quote", "“A nurse should not lose sleep over this,” said Jo.")
    assert "leader-quote-customers" not in _ids(run_checks(worked, template))
    worked.set_answer("pr-leader-quote", "leader_quote", "“We built something we are proud of,” said Jo.")
    assert "leader-quote-customers" in _ids(run_checks(worked, template))


@pytest.mark.parametrize(
    ("segment", "head"),
    [
        ("Full-time food-delivery riders in Rotterdam who own their e-bike", "rider*"),
        ("Parents of toddlers", "parent*"),
        ("Small bakery owners, mostly in rural towns", "owner*"),
        ("Product managers at mid-size companies", "manager*"),
        ("Families with one car", "family*"),
        ("", ""),
    ],
)
def test_segment_head(segment: str, head: str) -> None:
    assert segment_head(segment) == head


def test_session_title_is_checked_for_placeholders(template: Template, worked: Session) -> None:
    worked.title = "Project Falcon v2 (TBD)"
    found = [f for f in run_checks(worked, template) if f.field_id == "title"]
    assert {f.rule_id for f in found} == {"placeholder-name", "internal-name"}
    assert all(f.location.startswith("title:1") for f in found)


# ------------------------------------------------------------------ structure rules
def test_worked_example_has_no_errors(template: Template, worked: Session) -> None:
    report = run_report(worked, template)
    assert report.errors == 0, [f.location + " " + f.rule_id for f in report.findings if f.severity == "error"]
    assert report.exit_code() == 0
    for rule_id in ("missing-section", "missing-faq", "unanswered-question", "hard-question",
                    "press-release-length", "faq-length", "readability", "customer-quote-voice",
                    "customer-quote-benefit", "leader-quote-customers", "placeholder-name"):
        assert rule_id not in _ids(list(report.findings)), rule_id
    stats = report.stats
    assert 0 < stats.press_release_words <= stats.press_release_word_limit == 500
    assert stats.readability_grade is not None and 3 < stats.readability_grade < 12
    assert stats.faq_questions == len(worked.faq) and stats.faq_unanswered == 0
    assert stats.faq_word_limit == 2500 and 0 < stats.faq_pages < 5


def test_half_finished_example_has_errors(template: Template) -> None:
    report = run_report(store.load(HALF), template)
    assert report.errors > 0
    assert report.exit_code() == 1
    assert {"missing-section", "unanswered-question"} <= _ids(list(report.findings))


def test_missing_section_is_an_error(template: Template, worked: Session) -> None:
    worked.set_answer("pr-summary", "summary", "   ")
    worked.set_answer("pr-summary", "city", "")
    found = [f for f in run_checks(worked, template) if f.rule_id == "missing-section"]
    assert [(f.step_id, f.field_id, f.severity, f.line) for f in found] == [("pr-summary", "summary", "error", 0)]
    assert "summary paragraph" in found[0].message
    assert found[0].location == "pr-summary.summary:0"


def test_missing_faq_is_an_error(template: Template, worked: Session) -> None:
    worked.faq = [item for item in worked.faq if item.kind != "customer"]
    found = [f for f in run_checks(worked, template) if f.rule_id == "missing-faq"]
    assert [(f.step_id, f.severity) for f in found] == [("faq-customer", "error")]
    assert "customer FAQ" in found[0].message


def test_unanswered_question_is_an_error_per_question(template: Template, worked: Session) -> None:
    first = worked.add_faq("Does it work in the rain?", "customer")
    second = worked.add_faq("What if the van is late?", "customer")
    found = [f for f in run_checks(worked, template) if f.rule_id == "unanswered-question"]
    assert [f.item_id for f in found] == [first.id, second.id]
    assert found[0].severity == "error"
    assert found[0].item_label == "Q11"
    assert found[0].location == "faq-customer.items[Q11].answer:0"
    assert "Does it work in the rain?" in found[0].message


def test_draft_answer_is_info(template: Template, worked: Session) -> None:
    item = worked.add_faq("Does it work in the rain?", "customer")
    worked.update_faq(item.id, answer="Yes, all 40 loaners have mudguards.")
    found = [f for f in run_checks(worked, template) if f.item_id == item.id]
    assert [(f.rule_id, f.severity) for f in found] == [("draft-answer", "info")]


def test_no_hard_internal_question_is_a_warning(template: Template, worked: Session) -> None:
    easy = Session(title="Easy")
    easy.add_faq("Who is the leader?", "internal", answer="Anouk.")
    easy.add_faq("What is the name?", "internal", answer="Pitlane.")
    assert "hard-question" in _ids(run_checks(easy, template))
    easy.add_faq("What is the riskiest assumption?", "internal", answer="Trust.")
    assert "hard-question" not in _ids(run_checks(easy, template))


def test_press_release_over_one_page(template: Template, worked: Session) -> None:
    worked.set_answer("pr-solution", "solution", "Riders get 40 loaner bikes. " * 30)
    found = [f for f in run_checks(worked, template) if f.rule_id == "press-release-length"]
    assert len(found) == 1
    assert found[0].step_id == "pr-headline" and found[0].field_id == ""
    assert found[0].location == "press-release:0"
    assert "/500" not in found[0].message and "500" in found[0].message


def test_faq_over_five_pages(template: Template, worked: Session) -> None:
    worked.add_faq("Anything else?", "internal", answer="We ride 40 km a day. " * 500)
    report = run_report(worked, template)
    found = [f for f in report.findings if f.rule_id == "faq-length"]
    assert len(found) == 1 and found[0].stage_id == "faq"
    assert report.stats.faq_pages > 5


def test_readability_flags_dense_press_release(template: Template, worked: Session) -> None:
    dense = (
        "Comprehensive organisational transformation necessitates interdisciplinary collaboration "
        "and institutionalised accountability, notwithstanding considerable implementation "
        "complexity, particularly regarding infrastructural interoperability and sustainability considerations. "
    )
    for step_id, field_id in (("pr-problem", "problem"), ("pr-solution", "solution"), ("pr-how-it-works", "how_it_works")):
        worked.set_answer(step_id, field_id, dense * 2)
    report = run_report(worked, template)
    found = [f for f in report.findings if f.rule_id == "readability"]
    assert len(found) == 1
    assert report.stats.readability_grade is not None and report.stats.readability_grade > 12
    assert f"{report.stats.readability_grade:.1f}" in found[0].message


def test_readability_without_a_dictionary_is_skipped(
    template: Template, worked: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prose, "hyphenator", lambda language: None)
    report = run_report(worked, template)
    assert report.stats.readability_grade is None
    assert "readability" not in _ids(list(report.findings))


def test_readability_needs_enough_words(template: Template) -> None:
    session = Session(title="Short")
    session.set_answer("pr-headline", "headline", "Pitlane gets riders moving")
    assert run_report(session, template).stats.readability_grade is None


# ------------------------------------------------------------------ positions
def test_positions_are_line_and_column_in_the_field(template: Template, worked: Session) -> None:
    worked.set_answer("pr-problem", "problem", "Riders lose days.\nIt is very costly for them.")
    found = [f for f in check_field(worked, template, "pr-problem", "problem") if f.rule_id == "vague-word"]
    assert len(found) == 1
    f = found[0]
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 7, 2, 11)
    assert f.location == "pr-problem.problem:2"


def test_list_items_are_lines(template: Template, worked: Session) -> None:
    worked.set_answer("problem-evidence", "evidence", ["81% had a breakdown.", "Riders asked 23 times.", "It is very bad."])
    found = [f for f in check_field(worked, template, "problem-evidence", "evidence") if f.rule_id == "vague-word"]
    assert [(f.line, f.excerpt) for f in found] == [(3, "very")]


def test_findings_are_in_document_order(template: Template) -> None:
    findings = run_checks(store.load(HALF), template)
    order = {step.id: index for index, step in enumerate(template.steps)}
    positions = [order.get(f.step_id, -1) for f in findings]
    assert positions == sorted(positions)


def test_one_word_gets_one_finding() -> None:
    found = check_text("I love this world-class app and it saves me 2 hours.", role="customer_quote")
    assert [f.rule_id for f in found if f.excerpt == "world-class"] == ["customer-quote-marketing"]


# ------------------------------------------------------------------ fingerprints and dismissals
def test_fingerprint_is_stable_across_unrelated_edits(template: Template, worked: Session) -> None:
    worked.set_answer("pr-problem", "problem", "It is very costly.")
    before = [f for f in run_checks(worked, template) if f.rule_id == "vague-word" and f.step_id == "pr-problem"]
    worked.set_answer("pr-problem", "problem", "Riders lose 3.5 days.\n\nIt is very costly.")
    after = [f for f in run_checks(worked, template) if f.rule_id == "vague-word" and f.step_id == "pr-problem"]
    assert before[0].line != after[0].line
    assert before[0].fingerprint == after[0].fingerprint
    assert len(before[0].fingerprint) == 12
    other = Finding(rule_id="vague-word", severity="warning", message="", excerpt="very", step_id="pr-solution", field_id="solution")
    assert other.fingerprint != before[0].fingerprint


def test_document_finding_fingerprint_ignores_numbers(template: Template, worked: Session) -> None:
    worked.set_answer("pr-solution", "solution", "Riders get 40 loaner bikes. " * 30)
    one = next(f for f in run_checks(worked, template) if f.rule_id == "press-release-length")
    worked.set_answer("pr-solution", "solution", "Riders get 40 loaner bikes. " * 35)
    two = next(f for f in run_checks(worked, template) if f.rule_id == "press-release-length")
    assert one.message != two.message and one.fingerprint == two.fingerprint


def test_dismiss_hides_a_finding_and_counts_it(template: Template, worked: Session) -> None:
    target = _flagged(worked, template)
    revision = worked.revision
    record = dismiss(worked, target, "  it is a big part,\n honestly ")
    assert worked.revision > revision
    assert record.reason == "it is a big part, honestly"
    assert is_dismissed(worked, target)
    report = run_report(worked, template)
    assert target.fingerprint not in {f.fingerprint for f in report.findings}
    assert [f.fingerprint for f in report.dismissed] == [target.fingerprint]
    assert target.fingerprint not in {f.fingerprint for f in check_field(worked, template, target.step_id, target.field_id)}
    # re-dismissing replaces the reason instead of adding a second entry
    dismiss(worked, target, "a keyword")
    assert [d.reason for d in dismissals(worked)] == ["a keyword"]
    assert undismiss(worked, target.fingerprint)
    assert not is_dismissed(worked, target)
    assert "dismissed" not in worked.extra
    assert not undismiss(worked, target.fingerprint)


def test_dismissals_survive_save_and_load(template: Template, worked: Session, tmp_path: Path) -> None:
    target = _flagged(worked, template)
    dismiss(worked, target, "a keyword, not an acronym")
    path = tmp_path / "s.toml"
    store.save(worked, path, template)
    text = path.read_text(encoding="utf-8")
    assert "[[dismissed]]" in text and target.fingerprint in text
    loaded = store.load(path)
    assert is_dismissed(loaded, target)
    (record,) = dismissals(loaded)
    assert (record.rule, record.step, record.reason) == ("vague-word", "pr-problem", "a keyword, not an acronym")
    assert record.when is not None and record.when.tzinfo is not None


def test_dismiss_needs_a_reason(template: Template, worked: Session) -> None:
    target = _flagged(worked, template)
    with pytest.raises(ValueError, match="reason"):
        dismiss(worked, target, "   ")
    assert "dismissed" not in worked.extra


def test_hand_edited_dismissals_are_tolerated_and_kept(template: Template, worked: Session) -> None:
    target = _flagged(worked, template)
    worked.extra["dismissed"] = [{"fingerprint": 7}, "junk", {"fingerprint": target.fingerprint, "reason": 3}]
    assert [d.fingerprint for d in dismissals(worked)] == [target.fingerprint]
    assert is_dismissed(worked, target)
    other = next(f for f in run_checks(worked, template) if f.fingerprint != target.fingerprint)
    dismiss(worked, other, "fine here")
    assert worked.extra["dismissed"][:2] == [{"fingerprint": 7}, "junk"]
    worked.extra["dismissed"] = "oops"
    with pytest.raises(ValueError, match="not a list"):
        dismiss(worked, other, "fine here")
    assert worked.extra["dismissed"] == "oops"


# ------------------------------------------------------------------ API for the app
def test_check_field_reports_only_that_field(template: Template, worked: Session) -> None:
    worked.set_answer("pr-problem", "problem", "It is very costly and many riders know it.")
    found = check_field(worked, template, "pr-problem", "problem")
    assert found and all((f.step_id, f.field_id) == ("pr-problem", "problem") for f in found)
    full = [f for f in run_checks(worked, template) if (f.step_id, f.field_id) == ("pr-problem", "problem")]
    assert found == full


def test_check_field_on_an_faq_field(template: Template, worked: Session) -> None:
    item = worked.add_faq("Is it really world-class?", "customer")
    found = check_field(worked, template, "faq-customer", "items")
    assert {f.rule_id for f in found if f.item_id == item.id} == {"hype-word", "unanswered-question"}
    assert all(f.step_id == "faq-customer" for f in found)


def test_snapshot_is_independent_of_later_edits(template: Template, worked: Session) -> None:
    snapshot = take_snapshot(worked, template)
    before = check_snapshot(snapshot)
    worked.set_answer("pr-summary", "summary", "")
    worked.faq.clear()
    assert check_snapshot(snapshot) == before


def test_checks_do_not_change_the_session(template: Template, worked: Session) -> None:
    before = copy.deepcopy(worked)
    run_report(worked, template)
    check_field(worked, template, "pr-summary", "summary")
    assert worked == before and worked.revision == before.revision


def test_checks_run_in_parallel_threads(template: Template, worked: Session) -> None:
    expected = run_report(worked, template)
    snapshot = take_snapshot(worked, template)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: check_snapshot(snapshot), range(12)))
    assert all(result == expected for result in results)


def test_finding_to_dict_is_json_ready(template: Template, worked: Session) -> None:
    import json

    finding = _flagged(worked, template)
    data = finding.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {"rule", "severity", "step", "field", "line", "message", "suggestion", "fingerprint", "location"} <= set(data)
    assert "key" not in data and "rule_id" not in data


def test_coach_imports_no_textual_and_stays_offline() -> None:
    """The domain rule (no textual), and the readability grade needs no network."""
    code = f"""
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network used")
socket.socket.connect = refuse
socket.create_connection = refuse
from workshop import coach, store, content
import workshop.cli.check
session = store.load({str(WORKED)!r})
report = coach.run_report(session, content.resolve(session.template_id))
assert report.stats.readability_grade is not None
assert "textual" not in sys.modules, "coach imported textual"
assert "textstat" not in sys.modules and "nltk" not in sys.modules
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# ------------------------------------------------------------------ never crash
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
_ANY_TEXT = st.one_of(_TEXT, st.sampled_from(["", "\n", "A.", "?", "“”", "(NPS)", "is ed", "``` x", "; ;", "TBD <x>"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_checks_never_crash_on_arbitrary_text(template: Template, data: st.DataObject) -> None:
    session = Session(title=data.draw(_ANY_TEXT, label="title"))
    for step in template.steps:
        for item in step.fields:
            if item.type is FieldType.FAQ:
                continue
            if item.type is FieldType.LIST:
                value = data.draw(st.lists(_ANY_TEXT, max_size=3), label=f"{step.id}.{item.id}")
            else:
                value = data.draw(_ANY_TEXT, label=f"{step.id}.{item.id}")
            session.answers.setdefault(step.id, {})[item.id] = value
    for kind in ("customer", "internal"):
        for _ in range(data.draw(st.integers(0, 2), label=f"{kind} items")):
            faq = session.add_faq(data.draw(_ANY_TEXT) or "?", kind)
            faq.answer = data.draw(_ANY_TEXT)
    report = run_report(session, template)
    for finding in report.findings:
        assert finding.severity in ("error", "warning", "info")
        assert "\n" not in finding.message
        if finding.column:
            assert finding.line >= 1 and finding.end_line >= finding.line
    for step in template.steps:
        for item in step.fields:
            check_field(session, template, step.id, item.id)
    check_text(data.draw(_ANY_TEXT, label="free text"), role="customer_quote")


@settings(max_examples=80, deadline=None)
@given(text=_ANY_TEXT)
@example(text="\rAA")
def test_word_positions_point_at_the_offending_words(text: str) -> None:
    for finding in check_text("It is very good. " + text, scope="press_release"):
        if finding.rule_id in checks_module.WORD_RULES and finding.column:
            # Positions are in the text as the app holds it: line endings normalised
            # (a lone \r is a line break, as in the answer box).
            from workshop.model.text import normalise

            source = normalise("It is very good. " + text).split("\n")
            if finding.line == finding.end_line:
                assert " ".join(source[finding.line - 1][finding.column - 1 : finding.end_column - 1].split()) == finding.excerpt


def test_public_api_is_exported() -> None:
    for name in ("run_checks", "run_report", "check_field", "check_text", "load_rules",
                 "dismiss", "undismiss", "is_dismissed", "dismissals", "take_snapshot", "check_snapshot"):
        assert callable(getattr(coach, name))


def test_remembered_results_match_a_fresh_run(template: Template, worked: Session) -> None:
    import dataclasses

    rules = coach.load_rules()
    first = run_report(worked, template, rules)
    again = run_report(worked, template, rules)
    fresh = run_report(worked, template, dataclasses.replace(rules, memo={}))
    assert first == again == fresh
    worked.set_answer("pr-problem", "problem", VAGUE)
    assert run_report(worked, template, rules) == run_report(worked, template, dataclasses.replace(rules, memo={}))


def test_cross_field_rules_follow_other_fields(template: Template, worked: Session) -> None:
    """The leader quote is unchanged (remembered), but the segment it may name changes."""
    worked.set_answer("pr-leader-quote", "leader_quote", "“No rider should lose a week to a chain,” said Jo.")
    assert "leader-quote-customers" not in _ids(run_checks(worked, template))
    worked.set_answer("customer-who", "segment", "Night-shift nurses in Leeds")
    assert "leader-quote-customers" in _ids(run_checks(worked, template))


def test_warm_up_returns_usable_rules() -> None:
    rules = coach.warm_up()
    assert rules is coach.load_rules()
    assert prose.hyphenator(rules["readability"]["language"]) is not None


def test_remembered_acronyms_follow_their_definitions_elsewhere(template: Template, worked: Session) -> None:
    """An unchanged answer's acronym is remembered; whether another answer defines it is not."""
    import dataclasses

    rules = coach.load_rules()
    worked.set_answer("pr-how-it-works", "how_it_works", "Call the RLS line. RLS vans come fast.")

    def acronyms() -> list[str]:
        report = run_report(worked, template, rules)
        assert report == run_report(worked, template, dataclasses.replace(rules, memo={}))
        return [f.location for f in report.findings if f.rule_id == "undefined-acronym" and f.excerpt == "RLS"]

    assert acronyms() == ["pr-how-it-works.how_it_works:1"]
    worked.set_answer("pr-solution", "solution", "Riders get a Rapid Loaner Service (RLS) van.")
    assert acronyms() == []
    worked.set_answer("pr-solution", "solution", "Riders get a van.")
    assert acronyms() == ["pr-how-it-works.how_it_works:1"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from("aZ09 .,:%-'’_\t\n!?()/&éß²٣"), min_size=1, max_size=80),
    limit=st.integers(0, 12),
)
def test_long_sentence_shortcut_agrees_with_counting_words(text: str, limit: int) -> None:
    """The quick upper bound on a sentence's words never decides differently from counting."""
    span = prose.Span(0, len(text))
    count = len(prose.WORD.findall(text))
    assert prose_rules._few_words(text, span, limit) == (count <= limit)


def _plain_sentences(text: str, abbreviations: frozenset[str], lines_are_blocks: bool) -> list[tuple[int, int]]:
    """prose.sentences the plain way: slice at each sentence end, strip, keep pieces with a word."""
    found: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        piece = text[start:end]
        if piece.strip() and prose.WORD.search(piece):
            first = start + len(piece) - len(piece.lstrip())
            found.append((first, first + len(piece.strip())))

    for block in prose.blocks(text, lines_are_blocks=lines_are_blocks):
        start = block.start
        for match in prose._SENTENCE_END.finditer(text, block.start, block.end):
            if text[match.start()] == ".":
                before = text[start : match.start()].replace("\n", " ").split(" ")[-1]
                if before.lower() + "." in abbreviations:
                    continue
            add(start, match.end())
            start = match.end()
        add(start, block.end)
    return found


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(["Word", "a", "e.g.", "Dr.", "ok.", " ", "  ", "\n", "\n\n", "\t", "\u00a0", ".", "!", "?",
                         "…", "”", ")", "- ", "1. ", "_", "3", "1.5", "—", "é"]),
        max_size=14,
    ),
    lines_are_blocks=st.booleans(),
)
def test_sentences_are_the_trimmed_pieces_between_sentence_ends(pieces: list[str], lines_are_blocks: bool) -> None:
    text = "".join(pieces)
    abbreviations = frozenset({"e.g.", "dr."})
    spans = prose.sentences(text, abbreviations, lines_are_blocks=lines_are_blocks)
    assert spans == _plain_sentences(text, abbreviations, lines_are_blocks)
    assert all(isinstance(span, prose.Span) for span in spans)
