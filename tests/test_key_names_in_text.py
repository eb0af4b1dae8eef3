"""A scan of src/workshop: no user-facing string names a key literally (issue 12 §3).

Every key a message, hint, placeholder or palette help names comes from the
live keymap (`keys.key_for`, `keys.keys_text`, `keys.key_or`), so a key
remapped in settings.toml `[keymap]` (or the leader preset) is the key the
text names. This test reads every string literal of the package (docstrings
and the key arguments themselves left out) and fails on one that looks like a
key hint: "r reopens", "(d)", "alt+x ", "F6", "d: dismiss", "f/i".
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "workshop"

HINT = re.compile(
    r"\b(?:ctrl|alt|shift|meta)\+\S"  # alt+o, ctrl+p, shift+↑
    r"|(?<!\[)\^[a-z]\b"  # ^n (not a regex's [^a-z])
    r"|\bF(?:[1-9]|1[0-2])\b|\(f(?:[1-9]|1[0-2])\)"  # F6, (f6)
    r"|\((?!s\))[a-z]\)"  # (d), but not a plural's (s)
    r"|(?<![\w'’.-])[a-z] (?:resolves?|reopens?|restores?|deletes?|dismiss(?:es)?|undoes|undo|adds?|opens?|shows?|brings|"
    r"goes|back|moves?|starts?|reveals?|edits?|removes?|renames?|toggles?|on the)\b"  # r reopens, v on the list
    r"|(?<![\w'’.%-])[a-z]: [a-z]"  # d: dismiss (not a log format's %s: )
    r"|(?<![\w/'’.-])[a-z]/[a-z](?![\w/])"  # f/i
    r"|\bEsc(?:ape)?\b"  # Esc: back, press Esc
    r"|\b[Ss]pace(?: (?:ticks|marks|toggles|picks|chooses)\b|: )"  # (space ticks), Space: choose
)
"""What a literal key hint looks like."""

KEY_SPELLING = re.compile(r"^(?:\^|(?:ctrl|alt|shift|meta)\+)*[\w↑↓←→]{1,12}(?:,[\w+↑↓←→]+)*$")
"""A string that is only a key (a Binding's keys, a `key_for` default): the argument, not a hint."""

ALLOWED: dict[tuple[str, str], str] = {
    # (module path under src/workshop, the literal) -> why it may name a key as written
    ("keys.py", "*"): "the keymap module itself: the leader preset's description names its own key",
    ("cli/completion.py", "*"): "shell completion scripts: zsh's ${(f)…} and (z) flags, no key hints",
    ("screens/export_dialog.py", "Enter: Export · {dialog_cancel}: Cancel · Tab: next choice · Space: choose"):
        "Space is the RadioSet's and Checkbox's own key (no binding id of ours); the cancel key is asked for",
}
"""Literals allowed to look like key hints, each with its reason ("*": the whole module)."""


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
        # attribute docstrings: a string expression right after an assignment
        if isinstance(body, list):
            for before, after in zip(body, body[1:]):
                if isinstance(before, (ast.Assign, ast.AnnAssign)) and isinstance(after, ast.Expr) \
                        and isinstance(after.value, ast.Constant):
                    ids.add(id(after.value))
    return ids


def _binding_args(tree: ast.AST) -> set[int]:
    """The string arguments of Binding(...) calls (keys, descriptions, tooltips: Textual's, not messages)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Binding":
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                ids.update(id(n) for n in ast.walk(arg) if isinstance(n, ast.Constant))
    return ids


def literal_key_hints(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string literal in `source` that looks like a key hint."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _binding_args(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if KEY_SPELLING.match(text.strip()) and len(text.strip()) <= 24:
                continue  # a key argument: key_for(self, "roster", "alt+o")
            if HINT.search(text):
                found.append((node.lineno, text))
    return found


def test_no_literal_key_hint_in_user_text() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if (rel, "*") in ALLOWED:
            continue
        for line, text in literal_key_hints(path.read_text(encoding="utf-8")):
            if (rel, text) not in ALLOWED:
                problems.append(f"{rel}:{line}: {text!r}")
    assert not problems, (
        "User text names a key literally; ask the keymap instead (keys.key_for / keys_text / key_or, "
        "with the binding id of the action), or add it to ALLOWED with a reason:\n" + "\n".join(problems)
    )


def test_the_scan_finds_the_hints_it_is_meant_to_find() -> None:
    bad = [
        'shown = "The comment is resolved (r reopens it)."',
        'shown = "dismiss the finding (d)."',
        'shown = "v on the findings list shows dismissed ones"',
        'shown = "  r resolve · f/i → customer/internal FAQ · x delete"',
        'shown = "Go to the next step (F6)"',
        'shown = "The roster is empty: alt+o adds people."',
        'shown = f"Enter: go there · d: dismiss · {x}"',
        'shown = "Type the point to park, or press Esc."',
        'title = "Checklists (space ticks)"',
    ]
    for source in bad:
        assert literal_key_hints(source), source
    fine = [
        'key_for(self, "roster", "alt+o")',
        'Binding("ctrl+n", "add_question", "Add question", id="add_question")',
        '"""Escape on the list: back to the answer."""',
        'shown = "Pick a file, then press Enter."',
        'shown = "a vote needs at least two candidates"',
        'keys_text(self, "{roster_add}: add · {roster_close}: back")',
    ]
    for source in fine:
        assert not literal_key_hints(source), source
