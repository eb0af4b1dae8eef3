"""Unit tests for the domain model: templates, answers, FAQ items, progress, text helpers (issue 2 §2)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.model import (
    FaqItem,
    Field,
    FieldType,
    Session,
    SessionDataError,
    Stage,
    StageKind,
    Step,
    Template,
)
from workshop.model.session import SCHEMA_VERSION
from workshop.model.text import normalise, slugify, word_count

HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
"""Health checks that only measure this machine's speed (CI shares 2 cores): never a failure here."""


def small_template() -> Template:
    """A two-stage template with every field type, built in code (independent of content/)."""
    return Template(
        id="tiny",
        title="Tiny",
        stages=(
            Stage(
                id="one",
                title="One",
                steps=(
                    Step(
                        id="who",
                        title="Who",
                        question="Who?",
                        fields=(
                            Field("segment", "Segment", FieldType.TEXT),
                            Field("needs", "Needs", FieldType.LIST),
                            Field("extra", "Extra", FieldType.LONG_TEXT, required=False),
                        ),
                        stage_id="one",
                    ),
                    Step(
                        id="why",
                        title="Why",
                        question="Why?",
                        fields=(Field("why", "Why", FieldType.LONG_TEXT),),
                        stage_id="one",
                    ),
                ),
            ),
            Stage(
                id="faq",
                title="FAQ",
                kind=StageKind.FAQ,
                steps=(
                    Step(
                        id="faq-customer",
                        title="Customer FAQ",
                        question="What will customers ask?",
                        fields=(
                            Field(
                                "items",
                                "Questions",
                                FieldType.FAQ,
                                faq_kind="customer",
                                suggestions=("What does it cost?",),
                            ),
                        ),
                        stage_id="faq",
                    ),
                    Step(
                        id="faq-internal",
                        title="Internal FAQ",
                        question="What will we ask?",
                        fields=(
                            Field(
                                "items",
                                "Questions",
                                FieldType.FAQ,
                                faq_kind="internal",
                                suggestions=("Who is the single-threaded leader?",),
                            ),
                        ),
                        stage_id="faq",
                    ),
                    Step(
                        id="later",
                        title="Later",
                        question="Anything else?",
                        optional=True,
                        fields=(Field("notes", "Notes", FieldType.LIST),),
                        stage_id="faq",
                    ),
                ),
            ),
        ),
    )


@pytest.fixture
def tiny() -> Template:
    return small_template()


@pytest.fixture
def session() -> Session:
    return Session(title="Pocket planner", template_id="tiny")


# ---------------------------------------------------------------- text helpers
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\n\r\nb\r", "a\n\nb\n"),
        ("mixed\r\n\rends\n", "mixed\n\nends\n"),
        ("no change\n", "no change\n"),
        ("", ""),
    ],
)
def test_normalise_turns_every_line_ending_into_newline(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@given(st.text())
@settings(deadline=None, suppress_health_check=HEALTH)
def test_normalise_leaves_no_carriage_return_and_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert "\r" not in once
    assert normalise(once) == once
    assert once.count("\n") == text.count("\n") + text.count("\r") - text.count("\r\n")


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "a/b\\c", "\x00", "..", "", "   ", "🎉🎉", "-", "CON", "x" * 500, ".hidden", "ü" * 80],
)
def test_slugify_gives_a_plain_safe_name_for_hostile_titles(title: str) -> None:
    slug = slugify(title)
    assert SLUG.match(slug), slug
    assert 1 <= len(slug) <= 60


@given(st.text())
@settings(deadline=None, suppress_health_check=HEALTH)
def test_slugify_is_always_a_plain_safe_name(title: str) -> None:
    slug = slugify(title)
    assert SLUG.match(slug), slug
    assert len(slug) <= 60


def test_slugify_keeps_readable_words() -> None:
    assert slugify("Café  Pocket: Planner!") == "cafe-pocket-planner"
    assert slugify("🎉") == "session"


def test_word_count_counts_runs_of_non_space() -> None:
    assert word_count("  one two\nthree\t four  ") == 4
    assert word_count("") == 0


# ---------------------------------------------------------------- template
def test_template_navigation(tiny: Template) -> None:
    assert [s.id for s in tiny.steps] == ["who", "why", "faq-customer", "faq-internal", "later"]
    assert tiny.step("why").question == "Why?"
    assert tiny.step("nope") is None
    assert tiny.stage_of("faq-internal").id == "faq"
    assert tiny.stage_of("nope") is None
    assert tiny.step_index("faq-customer") == 2
    assert tiny.step_index("nope") == -1
    assert [(stage.id, step.id) for stage, step in tiny.iter_steps()][:2] == [("one", "who"), ("one", "why")]
    assert tiny.step("who").field("needs").type is FieldType.LIST
    assert tiny.step("who").field("nope") is None
    assert tiny.faq_suggestions("customer") == ["What does it cost?"]
    assert tiny.faq_suggestions("internal") == ["Who is the single-threaded leader?"]


# ---------------------------------------------------------------- session basics
def test_new_session_has_aware_timestamps_from_the_domain_clock(clock) -> None:
    session = Session(title="x")
    assert session.created == clock.now == session.updated
    assert session.created.tzinfo is not None
    assert session.id and session.id != Session(title="y").id


def test_clock_is_fixed_and_can_be_moved(clock) -> None:
    from workshop.model import clock as domain_clock

    assert domain_clock.now() == datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)
    clock.advance(minutes=5)
    assert domain_clock.now() == datetime(2026, 1, 15, 9, 35, tzinfo=timezone.utc)
    with pytest.raises(ValueError):
        clock.set(datetime(2026, 1, 1))


# ---------------------------------------------------------------- answers
def test_set_answer_stores_normalised_text_and_reports_change(session: Session, clock) -> None:
    clock.advance(minutes=1)
    assert session.set_answer("who", "segment", "Night-shift nurses\r\nin small clinics") is True
    assert session.get_answer("who", "segment") == "Night-shift nurses\nin small clinics"
    assert session.updated == clock.now
    assert session.revision == 1
    assert session.set_answer("who", "segment", "Night-shift nurses\nin small clinics") is False
    assert session.revision == 1


def test_set_answer_normalises_list_items(session: Session) -> None:
    assert session.set_answer("who", "needs", ["one\r\ntwo", "three\r"]) is True
    assert session.get_answer("who", "needs") == ["one\ntwo", "three\n"]
    assert session.get_text("who", "needs") == "one\ntwo\nthree\n"
    assert session.set_answer("who", "needs", ("one\ntwo", "three\n")) is False


def test_blank_answer_for_an_unanswered_field_is_not_a_change(session: Session) -> None:
    assert session.set_answer("who", "segment", "") is False
    assert session.set_answer("who", "needs", []) is False
    assert session.answers == {}
    assert session.revision == 0


def test_clearing_an_answer_is_a_change(session: Session) -> None:
    session.set_answer("who", "segment", "x")
    assert session.set_answer("who", "segment", "") is True
    assert session.get_answer("who", "segment") == ""


@pytest.mark.parametrize("bad", [None, 3, ["ok", 4], {"a": "b"}])
def test_set_answer_refuses_values_that_could_not_be_saved(session: Session, bad: object) -> None:
    with pytest.raises(TypeError):
        session.set_answer("who", "segment", bad)  # type: ignore[arg-type]
    assert session.answers == {}


def test_get_answer_defaults(session: Session) -> None:
    assert session.get_answer("nope", "nope") == ""
    assert session.get_answer("nope", "nope", []) == []
    assert session.get_text("nope", "nope") == ""


def test_go_to_remembers_the_position_without_being_an_edit(session: Session) -> None:
    session.go_to("why")
    assert session.current_step == "why"
    assert session.revision == 0  # moving alone never saves the file (see workshop.resume)
    session.set_answer("why", "reason", "x")
    assert session.revision == 1 and session.to_dict()["current_step"] == "why"


# ---------------------------------------------------------------- FAQ
def test_add_faq_normalises_and_sets_status(session: Session) -> None:
    item = session.add_faq("  What does it cost?\r\n ", "customer", author=" Ana ")
    assert item.question == "What does it cost?"
    assert item.author == "Ana"
    assert item.status == "open" and not item.answered
    answered = session.add_faq("Can I get a refund?", "customer", answer="Yes,\r\nwithin 30 days.")
    assert answered.answer == "Yes,\nwithin 30 days."
    assert answered.status == "answered" and answered.answered
    assert session.faq == [item, answered]
    assert item.id != answered.id
    assert session.find_faq(item.id) is item
    assert session.find_faq("nope") is None


def test_add_faq_refuses_an_unknown_kind(session: Session) -> None:
    with pytest.raises(ValueError):
        session.add_faq("Q?", "partner")
    assert session.faq == []


def test_update_faq_changes_fields_and_normalises(session: Session, clock) -> None:
    item = session.add_faq("Q?", "customer")
    clock.advance(seconds=10)
    session.update_faq(item.id, answer="A\r\nB", status="answered", question="Q2?", author="Bo")
    assert (item.question, item.answer, item.status, item.author) == ("Q2?", "A\nB", "answered", "Bo")
    assert session.updated == clock.now
    session.update_faq(item.id, kind="internal")
    assert session.faq_items("internal") == [item]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"status": "done"}, ValueError),
        ({"kind": "partner"}, ValueError),
        ({"votes": {}}, ValueError),
        ({"id": "other"}, ValueError),
        ({"answer": None}, TypeError),
        ({"question": 42}, TypeError),
        ({"answer": "fine", "status": "bogus"}, ValueError),
    ],
)
def test_update_faq_refuses_bad_changes_and_changes_nothing(
    session: Session, changes: dict, error: type[Exception]
) -> None:
    item = session.add_faq("Q?", "customer")
    before = FaqItem(**vars(item))
    revision = session.revision
    with pytest.raises(error):
        session.update_faq(item.id, **changes)
    assert vars(item) == vars(before)
    assert session.revision == revision


def test_update_unknown_faq_raises_key_error(session: Session) -> None:
    with pytest.raises(KeyError):
        session.update_faq("nope", answer="x")


def test_remove_and_restore_faq_is_an_exact_undo(session: Session) -> None:
    a = session.add_faq("A?", "customer")
    b = session.add_faq("B?", "internal")
    c = session.add_faq("C?", "customer")
    index, removed = session.remove_faq(b.id)
    assert (index, removed) == (1, b)
    assert session.faq == [a, c]
    session.restore_faq(index, removed)
    assert session.faq == [a, b, c]
    with pytest.raises(KeyError):
        session.remove_faq("nope")


def test_restore_faq_after_the_list_shrank_appends(session: Session) -> None:
    a = session.add_faq("A?")
    b = session.add_faq("B?")
    index, removed = session.remove_faq(b.id)
    session.remove_faq(a.id)
    session.restore_faq(index, removed)
    assert session.faq == [b]


def test_move_faq_moves_among_items_of_the_same_kind(session: Session) -> None:
    c1 = session.add_faq("C1?", "customer")
    i1 = session.add_faq("I1?", "internal")
    c2 = session.add_faq("C2?", "customer")
    i2 = session.add_faq("I2?", "internal")
    assert session.move_faq(c2.id, -1) is True
    assert session.faq_items("customer") == [c2, c1]
    assert session.faq_items("internal") == [i1, i2]
    assert session.move_faq(c2.id, -1) is False  # already first
    assert session.move_faq(i2.id, +1) is False  # already last
    assert session.move_faq(i1.id, +1) is True
    assert session.faq_items("internal") == [i2, i1]
    assert sorted(item.id for item in session.faq) == sorted(x.id for x in (c1, c2, i1, i2))
    with pytest.raises(KeyError):
        session.move_faq("nope", 1)


def test_faq_item_vote_count_and_answered() -> None:
    item = FaqItem(question="Q?", votes={"ana": 2, "bo": 1})
    assert item.vote_count == 3
    assert not item.answered
    item.status = "answered"
    assert not item.answered  # answered needs an answer too
    item.answer = "Yes."
    assert item.answered


# ---------------------------------------------------------------- progress
def test_step_status_for_text_and_list_fields(session: Session, tiny: Template) -> None:
    who = tiny.step("who")
    assert session.step_status(who) == "not_started"
    session.set_answer("who", "extra", "optional only")
    assert session.step_status(who) == "in_progress"
    session.set_answer("who", "segment", "Nurses")
    assert session.step_status(who) == "in_progress"
    session.set_answer("who", "needs", ["  ", ""])
    assert session.step_status(who) == "in_progress"  # blank items don't count
    session.set_answer("who", "needs", ["sleep"])
    assert session.step_status(who) == "answered"
    session.set_answer("who", "segment", "   ")
    assert session.step_status(who) == "in_progress"


def test_step_status_for_faq_fields(session: Session, tiny: Template) -> None:
    step = tiny.step("faq-customer")
    assert session.step_status(step) == "not_started"
    session.add_faq("Internal only?", "internal", answer="yes")
    assert session.step_status(step) == "not_started"
    a = session.add_faq("A?", "customer", answer="yes")
    b = session.add_faq("B?", "customer")
    assert session.step_status(step) == "in_progress"
    session.update_faq(b.id, status="answered")
    assert session.step_status(step) == "in_progress"  # marked answered but blank
    session.update_faq(b.id, answer="done")
    assert session.step_status(step) == "answered"
    session.update_faq(a.id, status="open")
    assert session.step_status(step) == "in_progress"


def test_progress_counts_required_steps_only(session: Session, tiny: Template) -> None:
    assert session.progress(tiny) == (0, 4)
    session.set_answer("why", "why", "Because.")
    session.set_answer("later", "notes", ["optional step"])
    assert session.progress(tiny) == (1, 4)
    session.set_answer("who", "segment", "Nurses")
    session.set_answer("who", "needs", ["sleep"])
    session.add_faq("Q?", "customer", answer="A")
    session.add_faq("Q?", "internal", answer="A")
    assert session.progress(tiny) == (4, 4)


def test_progress_on_the_built_in_template(template: Template) -> None:
    session = Session(title="x")
    answered, total = session.progress(template)
    assert answered == 0
    assert total == len([s for s in template.steps if not s.optional]) > 0


# ---------------------------------------------------------------- serialisation shape
def test_to_dict_puts_schema_version_first_and_answers_in_template_order(
    session: Session, tiny: Template
) -> None:
    session.set_answer("why", "why", "b")
    session.set_answer("who", "needs", ["n"])
    session.set_answer("who", "segment", "s")
    session.set_answer("gone", "old", "kept")
    data = session.to_dict(tiny)
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == SCHEMA_VERSION
    assert list(data["answers"]) == ["who", "why", "gone"]
    assert list(data["answers"]["who"]) == ["segment", "needs"]


def _walk(value: object) -> list[object]:
    if isinstance(value, dict):
        return [value] + [x for v in value.values() for x in _walk(v)]
    if isinstance(value, list):
        return [value] + [x for v in value for x in _walk(v)]
    return [value]


def test_to_dict_never_holds_none(session: Session) -> None:
    session.add_faq("Q?")
    assert None not in _walk(session.to_dict())


def test_unknown_keys_are_kept(session: Session) -> None:
    data = session.to_dict()
    data["future_scalar"] = "keep me"
    data["future_table"] = {"a": 1}
    data["future_rows"] = [{"x": 1}, {"x": 2}]
    data["faq"] = [{"id": "q-1", "question": "Q?", "kind": "customer", "future": True}]
    again = Session.from_dict(data).to_dict()
    assert again["future_scalar"] == "keep me"
    assert again["future_table"] == {"a": 1}
    assert again["future_rows"] == [{"x": 1}, {"x": 2}]
    assert again["faq"][0]["future"] is True


def test_from_dict_accepts_blank_title_and_blank_question(session: Session) -> None:
    """A file the model wrote must load again, even mid-edit."""
    session.title = ""
    item = session.add_faq("")
    again = Session.from_dict(session.to_dict())
    assert again.title == ""
    assert again.find_faq(item.id).question == ""


def test_from_dict_makes_naive_times_utc() -> None:
    data = {"title": "x", "created": datetime(2026, 1, 1, 8, 0), "updated": datetime(2026, 1, 2)}
    session = Session.from_dict(data)
    assert session.created.tzinfo is not None
    assert session.created.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"title": None}, "title"),
        ({"title": 5}, "title"),
        ({"answers": []}, "answers"),
        ({"answers": {"who": "text"}}, "answers.who"),
        ({"answers": {"who": {"segment": 3}}}, "answers.who.segment"),
        ({"answers": {"who": {"needs": ["a", 2]}}}, "answers.who.needs[1]"),
        ({"faq": {"a": 1}}, "faq"),
        ({"faq": ["text"]}, "faq[0]"),
        ({"faq": [{"id": "q1", "kind": "partner", "question": "Q"}]}, "faq[0].kind"),
        ({"faq": [{"id": "q1", "status": "done", "question": "Q"}]}, "faq[0].status"),
        ({"faq": [{"kind": "customer", "question": "Q"}]}, "faq[0].id"),
        ({"faq": [{"id": "q1"}]}, "faq[0].question"),
        ({"faq": [{"id": "q1", "question": "Q", "votes": {"ana": -1}}]}, "faq[0].votes"),
        ({"faq": [{"id": "q1", "question": "Q"}, {"id": "q1", "question": "R"}]}, "faq[1].id"),
        ({"participants": "Ana"}, "participants"),
        ({"participants": ["Ana", 3]}, "participants[1]"),
        ({"template_version": True}, "template_version"),
        ({"created": "yesterday"}, "created"),
        ({"notes": ["x"]}, "notes"),
    ],
)
def test_from_dict_names_the_offending_key(change: dict, key: str) -> None:
    data = {"title": "x", **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(SessionDataError) as caught:
        Session.from_dict(data)
    assert caught.value.key == key
    assert str(caught.value).startswith(f"{key}: ")
