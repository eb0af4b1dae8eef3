"""Tests that an edit changes only the lines of what changed, plus `updated` (git-friendly diffs)."""

from __future__ import annotations

import difflib

from workshop import store
from workshop.document import OpenDocument


def _changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_editing_one_answer_changes_only_its_lines_and_updated(examples_dir, sessions_dir, clock):
    path = sessions_dir / "worked-example.toml"
    path.write_bytes((examples_dir / "worked-example.toml").read_bytes())
    doc = OpenDocument.open(path)
    first = doc.template.steps[0]
    doc.session.go_to(first.id)
    doc.session.set_answer(first.id, first.fields[0].id, "a first save, so the file is ours")
    assert doc.save_now().ok
    old = path.read_text(encoding="utf-8")

    clock.advance(minutes=7)
    doc.session.set_answer(first.id, first.fields[0].id, "Changed words.")
    assert doc.save_now().ok
    new = path.read_text(encoding="utf-8")
    doc.close()
    changed = _changed_lines(old, new)
    assert [line for line in changed if not line[1:].startswith("updated = ")] == [
        '-' + f'{first.fields[0].id} = "a first save, so the file is ours"',
        '+' + f'{first.fields[0].id} = "Changed words."',
    ], "\n".join(changed)
    assert len(changed) == 4


def test_saving_without_a_change_rewrites_the_same_bytes(examples_dir, sessions_dir):
    path = sessions_dir / "worked-example.toml"
    path.write_bytes((examples_dir / "worked-example.toml").read_bytes())
    session = store.load(path)
    once = store.dumps(session)
    assert store.dumps(store.loads(once)) == once
