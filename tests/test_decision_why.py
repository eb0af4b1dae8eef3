"""Tests the decision log's "why" (issue 14 §3): kept in the file, in operations, in the export."""

from __future__ import annotations

from datetime import date

from workshop import content, store
from workshop.export.markdown import export
from workshop.model import operations as ops
from workshop.model.facilitation import Decision
from workshop.model.session import Session


def test_why_round_trips_through_the_file_and_is_left_out_when_empty(tmp_path) -> None:
    template = content.resolve(None)
    session = Session(title="Why", template_id=template.id)
    session.facilitation.decisions = [
        Decision(what="One city first", why="we can support one city's riders", door="one-way",
                 owner="Caro", date=date(2026, 1, 20)),
        Decision(what="Price at 19", date=date(2026, 1, 20)),
    ]
    path = tmp_path / "why.toml"
    path.write_text(store.dumps(session, template), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.count("why = ") == 1  # an empty reason is not written
    loaded = store.load(path)
    assert [d.why for d in loaded.facilitation.decisions] == ["we can support one city's riders", ""]
    assert not loaded.facilitation.decisions[0].extra  # a known key, not an unknown one kept aside


def test_why_travels_in_the_decision_operations() -> None:
    template = content.resolve(None)
    session = Session(title="Why", template_id=template.id)
    decision = Decision(what="One city first", why="support", date=date(2026, 1, 20))
    op = ops.AddDecision(decision=decision.to_dict())
    again = ops.from_dict(ops.to_dict(op))
    inverse = ops.apply(session, again)
    assert session.facilitation.decisions[0].why == "support"
    ops.apply(session, inverse)
    assert session.facilitation.decisions == []


def test_the_export_appendix_shows_why() -> None:
    template = content.resolve(None)
    session = Session(title="Why", template_id=template.id)
    session.facilitation.decisions = [
        Decision(what="One city first", why="we can support one city's riders", date=date(2026, 1, 20)),
    ]
    assert "we can support one city's riders" in export(session, template)


def test_the_why_column_appears_only_when_a_reason_was_recorded() -> None:
    template = content.resolve(None)
    session = Session(title="Why", template_id=template.id)
    session.facilitation.decisions = [Decision(what="Price at 19", date=date(2026, 1, 20))]
    assert "| Decision | Door | Owner | Date |" in export(session, template, gfm=True)
    session.facilitation.decisions.append(Decision(what="One city", why="support", date=date(2026, 1, 20)))
    assert "| Decision | Why | Door | Owner | Date |" in export(session, template, gfm=True)
