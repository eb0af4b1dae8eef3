"""Tests resume points: kept in the state folder by session id, never in the session file."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from workshop import resume, store
from workshop.document import OpenDocument


def _make(sessions_dir: Path, template) -> Path:
    _session, path = store.create("Resume me", template, sessions_dir)
    return path


def test_resume_points_live_in_the_state_folder(sessions_dir, template):
    path = _make(sessions_dir, template)
    session = store.load(path)
    assert resume.remember(session.id, "problem-statement")
    where = resume.resume_file(session.id)
    assert where.parent == Path(os.environ["XDG_STATE_HOME"]) / "workshop" / "resume"
    assert resume.recall(session.id) == "problem-statement"
    assert sorted(p.name for p in sessions_dir.iterdir()) == [path.name]


def test_the_resume_point_wins_over_the_files_step_on_open(sessions_dir, template):
    path = _make(sessions_dir, template)
    before = path.read_bytes()
    doc = OpenDocument.open(path)
    assert doc.session.current_step == template.steps[0].id  # nothing remembered yet: the file's
    doc.session.go_to(template.steps[2].id)
    assert not doc.dirty
    doc.close()  # keeps the resume point
    assert path.read_bytes() == before
    again = OpenDocument.open(path)
    assert again.session.current_step == template.steps[2].id and not again.dirty
    again.close()


def test_a_broken_or_foreign_resume_point_is_ignored(sessions_dir, template):
    path = _make(sessions_dir, template)
    session_id = store.load(path).id
    where, old = resume.resume_file(session_id), resume.old_resume_file(session_id)
    where.parent.mkdir(parents=True, exist_ok=True)
    bad = [
        (where, "\x00\xff not toml"),
        (where, "[1, 2]"),
        (where, 'version = 1\nsession = "someone-else"\nstep = "problem-statement"\n'),
        (where, f'version = 99\nsession = "{session_id}"\nstep = "problem-statement"\n'),
        (where, f'version = 1\nsession = "{session_id}"\nstep = 3\n'),
        (old, "\x00\xff not json"),  # a point kept by an older workshop (JSON)
        (old, "[1, 2]"),
        (old, '{"version": 1, "session": "someone-else", "step": "problem-statement"}'),
        (old, f'{{"version": 99, "session": "{session_id}", "step": "problem-statement"}}'),
        (old, f'{{"version": 1, "session": "{session_id}", "step": 3}}'),
    ]
    for file, text in bad:
        where.unlink(missing_ok=True)
        file.write_text(text, encoding="utf-8", errors="surrogateescape")
        assert resume.recall(session_id) is None, text
        doc = OpenDocument.open(path)
        assert doc.session.current_step == template.steps[0].id
        doc.close()
    # A step the template doesn't have (an edited template): the file's step.
    resume.remember(session_id, "no-such-step")
    doc = OpenDocument.open(path)
    assert doc.session.current_step == template.steps[0].id
    doc.close()


def test_an_unwritable_state_folder_is_no_problem(sessions_dir, template, monkeypatch):
    path = _make(sessions_dir, template)
    blocker = Path(os.environ["XDG_STATE_HOME"]) / "workshop"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    doc = OpenDocument.open(path)
    assert doc.remember_step(template.steps[1].id) is False
    doc.close()


def test_a_read_only_window_keeps_no_resume_point(sessions_dir, template):
    path = _make(sessions_dir, template)
    doc = OpenDocument.open(path)
    doc.read_only = True  # as when another window has it
    assert doc.remember_step(template.steps[1].id) is False
    assert resume.recall(doc.session.id) is None
    doc.close()


def test_visited_steps_are_kept_with_the_resume_point(sessions_dir, template):
    path = _make(sessions_dir, template)
    before = path.read_bytes()
    doc = OpenDocument.open(path)
    first, third, fifth = (template.steps[i].id for i in (0, 2, 4))
    assert doc.visited == {first}
    assert doc.remember_step(third) and doc.remember_step(fifth)
    doc.close()
    assert path.read_bytes() == before  # not in the session file
    assert resume.recall_visited(doc.session.id) == {first, third, fifth}
    again = OpenDocument.open(path)
    assert again.visited == {first, third, fifth} and not again.dirty
    again.close()


def test_a_resume_point_without_or_with_bad_visited_steps_is_read(sessions_dir, template):
    path = _make(sessions_dir, template)
    session = store.load(path)
    where = resume.resume_file(session.id)
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text(f'version = 1\nsession = "{session.id}"\nstep = "problem-statement"\n')
    assert resume.recall_visited(session.id) == set()  # an older file: nothing visited yet
    assert resume.recall(session.id) == "problem-statement"
    where.write_text(f'version = 1\nsession = "{session.id}"\nstep = "x"\nvisited = ["a", 3, ""]\n')
    assert resume.recall_visited(session.id) == {"a"}


def test_a_json_resume_point_of_an_older_workshop_is_read_then_replaced(sessions_dir, template):
    """Up to 4 Dec 2026 resume points were JSON; they still resume, and the next point replaces them."""
    path = _make(sessions_dir, template)
    session = store.load(path)
    old = resume.old_resume_file(session.id)
    assert old.name == resume.resume_file(session.id).stem + ".json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text(
        f'{{"version": 1, "session": "{session.id}", "step": "problem-statement", '
        '"visited": ["customer-who", "problem-statement"]}\n'
    )
    doc = OpenDocument.open(path)
    assert doc.session.current_step == "problem-statement"
    assert doc.visited == {"customer-who", "problem-statement"}
    assert doc.remember_step("customer-today")
    assert not old.exists() and resume.resume_file(session.id).exists()
    assert resume.recall(session.id) == "customer-today"
    assert resume.recall_visited(session.id) == {"customer-who", "customer-today", "problem-statement"}
    doc.close()


def test_the_resume_files_name_is_the_sha256_of_the_session_id(sessions_dir, template):
    """The built-in SHA-256 (no hashlib at start-up) names the file as hashlib did."""
    import hashlib

    for session_id in ("01J0ABCDEF", "ünïcode id", "x" * 200):
        digest = hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:24]
        assert resume.resume_file(session_id).stem == digest


def test_two_quick_step_changes_leave_the_newest_point(sessions_dir, template, monkeypatch):
    """Each step change writes the point from a thread: the older write finishing last
    must not leave the file one step behind (the session reopened on the step before)."""
    path = _make(sessions_dir, template)
    doc = OpenDocument.open(path)
    second, third = template.steps[1].id, template.steps[2].id
    real = resume.remember
    first_inside, let_go = threading.Event(), threading.Event()

    def slow_first(session_id, step_id, visited=()):  # type: ignore[no-untyped-def]
        if not first_inside.is_set():
            first_inside.set()
            let_go.wait(2)  # a slow disk: the next step change comes meanwhile
        return real(session_id, step_id, visited)

    monkeypatch.setattr(resume, "remember", slow_first)
    a = threading.Thread(target=doc.remember_step, args=(second,))
    a.start()
    assert first_inside.wait(5)
    b = threading.Thread(target=doc.remember_step, args=(third,))
    b.start()
    b.join(0.3)  # without one write at a time, this one ends first
    let_go.set()
    a.join(5)
    b.join(5)
    assert resume.recall_point(doc.session.id) == (third, {template.steps[0].id, second, third})
    doc.close()
