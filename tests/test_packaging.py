"""Tests that a built wheel installs into a fresh venv and finds its built-in content (issue 2 §1).

Builds a wheel from the repository, installs it (not editable) into a new
virtual environment with dependencies from the package index, and runs the
installed `workshop` from a folder outside the repository: the templates must
come from the installed package's `content` folder, not from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]

_ORIGINAL_ENV = dict(os.environ)
"""The environment before the isolation fixtures changed HOME and XDG_* (read at import)."""


def _pip_cache() -> str:
    """The user's pip cache, so installing the wheel's dependencies is quick when they were fetched before."""
    if _ORIGINAL_ENV.get("PIP_CACHE_DIR"):
        return _ORIGINAL_ENV["PIP_CACHE_DIR"]
    cache_home = _ORIGINAL_ENV.get("XDG_CACHE_HOME") or os.path.join(
        _ORIGINAL_ENV.get("HOME", os.path.expanduser("~")), ".cache"
    )
    return os.path.join(cache_home, "pip")


def _env(**extra: str) -> dict[str, str]:
    """The test's isolated environment, minus anything that could import the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PIP_CACHE_DIR=_pip_cache(), PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    env.update(extra)
    return env


def _run(args: list[str | Path], cwd: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the repository."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", out, REPO], cwd=out)
    wheels = list(out.glob("working_backwards_workshop-*.whl"))  # the distribution name, normalised
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed (dependencies from the index)."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", root / "env"], cwd=root)
    env = root / "env"
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([python, "-m", "pip", "install", "--quiet", wheel], cwd=root, timeout=900)
    return env


def bin_path(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / name


def test_wheel_ships_the_content_and_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "workshop/content/templates/working-backwards.toml" in names
    assert "workshop/content/schemas/session.schema.json" in names
    assert "workshop/content/schemas/template.schema.json" in names
    assert "workshop/cli/__init__.py" in names and "workshop/__main__.py" in names
    assert not any(name.startswith(("tests/", "sessions/", "src/")) for name in names)
    # the worked example ships for `workshop example`, byte for byte the repository's one
    shipped = zipfile.ZipFile(wheel).read("workshop/examples/worked-example.toml")
    assert shipped == (REPO / "sessions" / "worked-example.toml").read_bytes()
    styles = [n for n in (REPO / "src").rglob("*.tcss")]
    for style in styles:  # Textual styles next to their modules must ship too
        assert str(style.relative_to(REPO / "src")).replace(os.sep, "/") in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "workshop = workshop.launch:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    # `workshop` on the package index is an unrelated project: ours has its own name, same command
    assert "\nName: working-backwards-workshop\n" in zipfile.ZipFile(wheel).read(metadata).decode()


def test_installed_workshop_lists_templates_from_the_installed_package(venv: Path, tmp_path: Path) -> None:
    result = _run([bin_path(venv, "workshop"), "templates"], cwd=tmp_path)
    row = next(line for line in result.stdout.splitlines() if line.startswith("working-backwards "))
    assert "built-in" in row
    path = Path(row.split("built-in: ", 1)[1].strip())
    assert path.name == "working-backwards.toml"
    assert venv.resolve() in path.resolve().parents  # from the installed package…
    assert REPO.resolve() not in path.resolve().parents  # …not from the checkout
    assert path.parent.parent.name == "content" and path.parent.parent.parent.name == "workshop"
    assert result.stderr == ""


def test_installed_workshop_validates_creates_and_exports(venv: Path, tmp_path: Path) -> None:
    workshop = bin_path(venv, "workshop")
    version = _run([bin_path(venv, "python"), "-m", "workshop", "--version"], cwd=tmp_path)
    assert version.stdout.startswith("workshop ")
    listing = _run([workshop, "templates"], cwd=tmp_path).stdout
    builtin = Path(next(row for row in listing.splitlines() if row.startswith("working-backwards ")).split("built-in: ", 1)[1].strip())
    assert "valid template 'working-backwards'" in _run([workshop, "validate", builtin], cwd=tmp_path).stdout
    examples = sorted((REPO / "sessions").glob("*.toml"))
    copies = []
    for example in examples:
        copies.append(tmp_path / example.name)
        shutil.copyfile(example, copies[-1])
    if copies:
        result = _run([workshop, "validate", *copies], cwd=tmp_path)
        assert result.stdout.count("valid session") == len(copies)
    sessions = tmp_path / "sessions"
    created = _run([workshop, "--sessions-dir", sessions, "new", "Packaged idea", "--no-open"], cwd=tmp_path)
    path = Path(created.stdout.strip())
    assert path.parent == sessions and path.is_file()
    exported = _run([workshop, "--sessions-dir", sessions, "export", "Packaged idea"], cwd=tmp_path)
    assert exported.stdout.startswith("# Packaged idea\n")


def test_installed_workshop_reports_errors_without_a_traceback(venv: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('schema_version = 1\ntitle = "x\n')
    result = subprocess.run(
        [str(bin_path(venv, "workshop")), "validate", str(broken)],
        cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"workshop: error: {broken}:2:")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_installed_workshop_copies_the_worked_example_with_no_checkout(venv: Path, tmp_path: Path) -> None:
    workshop = bin_path(venv, "workshop")
    sessions = tmp_path / "sessions"
    first = Path(_run([workshop, "--sessions-dir", sessions, "example", "--no-open"], cwd=tmp_path).stdout.strip())
    second = Path(_run([workshop, "--sessions-dir", sessions, "example", "--no-open"], cwd=tmp_path).stdout.strip())
    assert (first, second) == (sessions / "worked-example.toml", sessions / "worked-example-2.toml")
    listing = json.loads(_run([workshop, "--sessions-dir", sessions, "list", "--format", "json"], cwd=tmp_path).stdout)
    titles = sorted(row["title"] for row in listing["sessions"])
    assert [title.rsplit(" (", 1)[1] for title in titles] == ["example 2)", "example)"]
    assert all(row["error"] is None and row["answered"] for row in listing["sessions"])
    exported = _run([workshop, "--sessions-dir", sessions, "export", "worked-example-2", "-o", "-"], cwd=tmp_path)
    assert exported.stdout.startswith("# ") and exported.stderr == ""


def test_installed_workshop_prints_a_working_bash_completion(venv: Path, tmp_path: Path) -> None:
    workshop = bin_path(venv, "workshop")
    script = _run([workshop, "completion", "bash"], cwd=tmp_path).stdout
    assert "_shtab_workshop_sessions" in script
    for shell in ("zsh", "fish"):
        assert _run([workshop, "completion", shell], cwd=tmp_path).stdout.strip()
    if shutil.which("bash") is None:
        return
    sessions = tmp_path / "sessions"
    _run([workshop, "--sessions-dir", sessions, "new", "Packaged idea", "--no-open"], cwd=tmp_path)
    path = f"{bin_path(venv, 'workshop').parent}{os.pathsep}{os.environ.get('PATH', '')}"
    driver = (
        'source <(workshop completion bash) && COMP_WORDS=(workshop open pack) && COMP_CWORD=2 '
        '&& _shtab_workshop_complete workshop pack open && printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = _run(["bash", "--norc", "--noprofile", "-c", driver], cwd=tmp_path, PATH=path, WORKSHOP_SESSIONS_DIR=str(sessions))
    assert result.stdout == "packaged-idea\n"


def test_installed_workshop_prints_its_schemas(venv: Path, tmp_path: Path) -> None:
    workshop = bin_path(venv, "workshop")
    where = Path(_run([workshop, "schema", "session", "--path"], cwd=tmp_path).stdout.strip())
    assert venv.resolve() in where.resolve().parents and where.is_file()
    schema = json.loads(_run([workshop, "schema", "template"], cwd=tmp_path).stdout)
    assert schema["title"] == "workshop template file"
