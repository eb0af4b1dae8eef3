"""A static check that only the model and the dispatcher change a session (issue 12 §1).

Screens, widgets, the CLI and the other modules change a session by
submitting operations (`workshop.model.operations`) to the document's
dispatcher. This test reads every module's syntax tree and fails when code
outside `model/`, `dispatch.py` and `document.py` (which loads and reloads
the session it owns) calls a session-changing method.

`LiveSession`'s changing methods count as mutators too (found by reading
model/live.py and the model/live_*.py modules its methods hand over to): the facilitation views submit operations
(`ops.start_round(live, step)`…) instead. `NOT_YET` (paths still allowed to
bypass the dispatcher) is empty and stays so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import workshop

PACKAGE = Path(workshop.__file__).resolve().parent
ALLOWED = {"dispatch.py", "document.py"}
"""Modules outside model/ that may change a session directly."""

SESSION_MUTATORS = {
    "set_answer", "set_faq_draft", "add_faq", "update_faq", "remove_faq", "restore_faq",
    "move_faq", "touch", "set_ticked", "remove_comment", "restore_comment", "comment_to_faq",
}
"""Methods of Session (and model functions) that change it."""


def live_modules() -> list[Path]:
    """model/live.py and the model modules its facade hands over to (`from . import live_roster`…)."""
    live = PACKAGE / "model" / "live.py"
    tree = ast.parse(live.read_text(encoding="utf-8"))
    handed = [
        PACKAGE / "model" / f"{alias.name}.py"
        for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module
        for alias in node.names
    ]
    return [live, *handed]


def live_mutators() -> set[str]:
    """LiveSession's methods (and the functions in model/live_*.py they hand over to) that change
    the session: they call `self._changed()`, a session mutator (`session.touch()`…), or (in turn)
    one of these."""
    calls: dict[str, set[str]] = {}
    for module in live_modules():
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                calls.setdefault(node.name, set()).update(
                    call.func.attr for call in ast.walk(node)
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                )
    names = {name for name, called in calls.items() if called & {"_changed", *SESSION_MUTATORS}}
    while True:
        more = {name for name, called in calls.items() if called & names} - names
        if not more:
            return names - {"_changed"}
        names |= more


NOT_YET: set[tuple[str, str]] = set()
"""Known paths that still bypass the dispatcher: none."""


def calls_outside_model(names: set[str]) -> set[tuple[str, str]]:
    """`(module, method)` for every call of one of `names` outside model/ and ALLOWED."""
    found: set[tuple[str, str]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("model/") or relative in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "dismiss" and not (  # Screen.dismiss is not the coach's
                isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("coach", "dismissed")
            ):
                continue
            if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("ops", "operations"):
                continue  # an operation maker (ops.add_faq…) only builds a value
            if isinstance(func, ast.Attribute) and "client" in (
                getattr(func.value, "id", ""), getattr(func.value, "attr", "")
            ):
                continue  # a team client's request (client.add_idea…): the host submits the operation
            if name in names:
                found.add((relative, name))
    return found


def test_no_screen_widget_or_cli_calls_a_session_mutator() -> None:
    found = calls_outside_model(SESSION_MUTATORS)
    assert found == set(), (
        "change the session by submitting an operation to the document's dispatcher "
        "(workshop.model.operations), not by calling the model: " + repr(sorted(found))
    )


def test_live_session_changes_outside_model_are_only_the_known_ones() -> None:
    names = live_mutators() | {"dismiss", "undismiss"}
    found = {
        (module, name) for module, name in calls_outside_model(names)
        if module.startswith(("screens/", "widgets/", "cli", "app"))
    }
    new = found - NOT_YET
    assert not new, f"new changes that bypass the dispatcher: {sorted(new)}"


def test_the_check_finds_a_screen_that_calls_the_model(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "workshop"
    (fake / "screens").mkdir(parents=True)
    (fake / "model").mkdir()
    (fake / "model" / "live.py").write_text("", encoding="utf-8")
    (fake / "screens" / "bad.py").write_text(
        "def f(session):\n    session.set_answer('a', 'b', 'c')\n", encoding="utf-8"
    )
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert calls_outside_model(SESSION_MUTATORS) == {("screens/bad.py", "set_answer")}


def test_live_mutators_include_what_the_facade_hands_over() -> None:
    """Roster, timer, parking-lot and decision changes live in model/live_*.py: still mutators."""
    found = live_mutators()
    for name in ("add_participant", "rename_participant", "set_contributor", "cycle_contributor",
                 "start_timer", "toggle_timer", "follow", "park", "edit_parked", "decide",
                 "update_decision", "remove_decision", "start_round", "cast"):
        assert name in found, name


def test_the_check_finds_a_screen_that_calls_a_handed_over_mutator(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "workshop"
    (fake / "screens").mkdir(parents=True)
    (fake / "model").mkdir()
    (fake / "model" / "live.py").write_text(
        "from . import live_records\n\n"
        "class LiveSession:\n    def park(self, text):\n        return live_records.park(self.session, text)\n",
        encoding="utf-8",
    )
    (fake / "model" / "live_records.py").write_text(
        "def park(session, text):\n    session.touch()\n", encoding="utf-8"
    )
    (fake / "screens" / "bad.py").write_text("def f(live):\n    live.park('later')\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert calls_outside_model(live_mutators()) == {("screens/bad.py", "park")}
