"""Tests that the core (model, storage, store, content, export) never imports Textual (issue 2 §2).

Two proofs: a fresh interpreter imports every core module and finds no
`textual` module loaded, and a static scan finds no import of Textual, nor of
the UI packages (app, screens, widgets) that would bring it in.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import workshop

PACKAGE = Path(workshop.__file__).resolve().parent
CORE_PACKAGES = ("model", "storage", "export", "team")
CORE_MODULES = ("store", "content", "resume", "schemas", "dispatch")
UI_MODULES = {"textual", "workshop.app", "workshop.screens", "workshop.widgets"}


def core_files() -> list[Path]:
    files = [PACKAGE / f"{name}.py" for name in CORE_MODULES]
    for package in CORE_PACKAGES:
        files += sorted((PACKAGE / package).rglob("*.py"))
    return files


def core_module_names() -> list[str]:
    names = []
    for path in core_files():
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_core_files_exist() -> None:
    names = core_module_names()
    for expected in ("workshop.model", "workshop.model.session", "workshop.store", "workshop.storage.tomlio",
                     "workshop.content", "workshop.export", "workshop.export.markdown"):
        assert expected in names


def test_importing_the_core_loads_no_textual() -> None:
    """Every core module, imported in a fresh interpreter, leaves Textual unloaded."""
    names = core_module_names()
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "ui = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'workshop.app', "
        "'workshop.screens', 'workshop.widgets')))\n"
        "print(json.dumps(ui))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_command_line_parser_loads_no_textual() -> None:
    """`workshop --help` and the non-TUI commands start without Textual (fast, and TUI-free)."""
    code = (
        "import sys, json, workshop.cli.parser as parser\n"
        "parser.build_parser()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def imported_modules(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every module an `import` or `from … import` in `path` names (relative ones resolved).

    `root` is the `workshop` package folder `path` lives in.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_source_never_imports_the_ui(path: Path) -> None:
    bad = {
        name
        for name in imported_modules(path)
        if any(name == ui or name.startswith(ui + ".") for ui in UI_MODULES)
    }
    assert bad == set(), f"{path.name} imports {sorted(bad)}"
    text = path.read_text(encoding="utf-8")
    assert "import_module(\"textual" not in text and "__import__(\"textual" not in text


def test_the_static_check_would_see_a_ui_import(tmp_path: Path) -> None:
    """The scanner itself works (a check that cannot fail proves nothing)."""
    root = tmp_path / "workshop"
    (root / "model").mkdir(parents=True)
    sample = root / "model" / "sample.py"
    sample.write_text(
        "import textual\nfrom textual.widgets import Static\nfrom ..widgets import navigator\n"
        "from .. import screens\nfrom . import text\n"
    )
    names = imported_modules(sample, root)
    assert {"textual", "textual.widgets", "workshop.widgets", "workshop.screens", "workshop.model.text"} <= names
