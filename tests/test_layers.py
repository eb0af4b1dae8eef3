"""Tests the package's layers: no import cycle (lazy imports included), import-linter's contracts, ruff.

The cycle check walks every `import` in src/workshop, at module level or
inside a function (a lazy import is still a dependency), and fails on any
cycle between two or more modules. Imports under `if TYPE_CHECKING:` are left
out: they never run. import-linter (the layers in pyproject.toml) and ruff are
run as their command-line tools, and a failure shows their report.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import workshop

PACKAGE = Path(workshop.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent
"""The checkout (CI installs the package non-editable, so not PACKAGE.parent.parent)."""


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes inside `if TYPE_CHECKING:` blocks."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    inside.update(id(n) for n in ast.walk(child))
    return inside


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (anywhere in its code)."""
    files = {module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _type_checking_nodes(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                # `from . import x` names module x; `from .m import f` names module m.
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in sorted(graph):
            if node not in index:
                visit(node)
    finally:
        # Put it back: a raised limit leaks into later tests (tomllib's depth check in test_schemas).
        sys.setrecursionlimit(limit)
    return sorted(found)


def describe(graph: dict[str, set[str]], group: list[str]) -> str:
    members = set(group)
    arrows = [f"  {a} -> {b}" for a in group for b in sorted(graph[a] & members)]
    return "cycle: " + ", ".join(group) + "\n" + "\n".join(arrows)


def test_no_import_cycle_lazy_imports_included() -> None:
    graph = import_graph(PACKAGE)
    found = cycles(graph)
    assert not found, "\n".join(describe(graph, group) for group in found)


def test_the_cycle_check_sees_a_lazy_cycle(tmp_path: Path) -> None:
    """A check that cannot fail proves nothing: a cycle closed inside a function is found."""
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "sub" / "__init__.py").write_text("")
    (root / "a.py").write_text("from .sub import b\n")
    (root / "sub" / "b.py").write_text("def f():\n    from .. import a\n    return a\n")
    (root / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n")
    (root / "sub" / "d.py").write_text("from ..c import x\n")
    graph = import_graph(root)
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"]]
    assert graph["pkg.c"] == set() and graph["pkg.sub.d"] == {"pkg.c"}


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install '.[test]' (pyproject.toml lists it)")
    return found


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", "src", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


MAX_LINES = 600
"""No module over about 600 lines (issue 12 §3): a bigger one moves a cohesive concern into a module of its own."""

LONG_MODULES_ALLOWED = {
    # One table: every operation's frozen dataclass (fields, describe, inverse kind) and KINDS;
    # split, its entries would be read in several places to see what an operation is.
    "model/operation_kinds.py": 800,
}
"""Modules allowed over MAX_LINES (path under src/workshop -> their own limit): cohesive tables or rule lists only."""


def long_modules(root: Path, allowed: dict[str, int]) -> list[str]:
    """`path: N lines (limit L)` for each module of `root` over its limit."""
    found = []
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        limit = allowed.get(name, MAX_LINES)
        if lines > limit:
            found.append(f"{name}: {lines} lines (limit {limit})")
    return found


def test_no_module_over_about_600_lines() -> None:
    found = long_modules(PACKAGE, LONG_MODULES_ALLOWED)
    assert not found, (
        "modules too long; move one cohesive concern into its own module (docs/architecture.md "
        "§Module size), or, for one table or rule list, add it to LONG_MODULES_ALLOWED with why:\n  "
        + "\n  ".join(found)
    )


def test_allowed_long_modules_still_exist() -> None:
    """An allow-list entry whose module is gone (or renamed) would silently allow nothing: drop it."""
    missing = [name for name in LONG_MODULES_ALLOWED if not (PACKAGE / name).is_file()]
    assert not missing, missing


def test_the_size_check_finds_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "sub" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tmp_path / "table.py").write_text("x = 1\n" * (MAX_LINES + 50))
    assert long_modules(tmp_path, {"table.py": MAX_LINES + 50}) == [
        f"sub/long.py: {MAX_LINES + 1} lines (limit {MAX_LINES})"
    ]
