"""`workshop export`: --format (or the -o suffix), --clean, --gfm, --force, standard output, and the refusals."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import store
from workshop.model import Template


@pytest.fixture
def session_file(repo_root: Path, sessions_dir: Path) -> Path:
    target = sessions_dir / "pitlane.toml"
    target.write_bytes((repo_root / "sessions" / "worked-example.toml").read_bytes())
    return target


def one_error_line(err: str, *needles: str) -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("workshop: error: "), err
    for needle in needles:
        assert needle in lines[0], (needle, err)
    return lines[0]


@pytest.mark.parametrize(("name", "start"), [("a.md", b"# Pitlane"), ("a.html", b"<!DOCTYPE html>"), ("a.docx", b"PK")])
def test_the_format_follows_the_file_name(run, session_file: Path, tmp_path: Path, name: str, start: bytes) -> None:
    code, out, err = run("export", str(session_file), "-o", str(tmp_path / name))
    assert code == 0 and out == "", err
    assert (tmp_path / name).read_bytes().startswith(start)


def test_format_into_a_folder_names_the_file_by_format(run, session_file: Path, tmp_path: Path) -> None:
    code, _, err = run("export", str(session_file), "--format", "html", "-o", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "pitlane.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_format_that_contradicts_the_name_is_an_error(run, session_file: Path, tmp_path: Path) -> None:
    code, _, err = run("export", str(session_file), "-o", str(tmp_path / "a.html"), "--format", "docx")
    assert code == 1
    one_error_line(err, "a.html", ".html", "docx")
    assert not (tmp_path / "a.html").exists()


def test_an_existing_file_is_replaced_only_with_force(run, session_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "prfaq.md"
    target.write_text("my own notes\n", encoding="utf-8")
    code, _, err = run("export", str(session_file), "-o", str(target))
    assert code == 1
    one_error_line(err, str(target), "already exists", "--force")
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    code, _, err = run("export", str(session_file), "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Pitlane")


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_no_format_writes_over_toml_or_the_session(run, session_file: Path, tmp_path: Path, fmt: str) -> None:
    before = session_file.read_bytes()
    for target, needle in ((session_file, "session file itself"), (tmp_path / "x.TOML", ".toml")):
        code, _, err = run("export", str(session_file), "--format", fmt, "-o", str(target), "--force")
        assert code == 1
        one_error_line(err, needle)
    assert session_file.read_bytes() == before and not (tmp_path / "x.TOML").exists()


def test_clean_and_gfm(run, session_file: Path, template: Template) -> None:
    LiveDecision = __import__("workshop.model.live", fromlist=["LiveSession"]).LiveSession
    session = store.load(session_file)
    LiveDecision(session, template).decide("Go", "two-way", "Anouk Brandsma")
    store.save(session, session_file, template)
    code, full, _ = run("export", str(session_file))
    assert code == 0 and "## Appendix: session record" in full and "| --- |" not in full
    code, gfm, _ = run("export", str(session_file), "--gfm")
    assert code == 0 and "| Decision | Door | Owner | Date |" in gfm
    code, clean, _ = run("export", str(session_file), "--clean")
    assert code == 0 and "Appendix" not in clean and clean.startswith("# Pitlane gets")
    code, _, err = run("export", str(session_file), "--gfm", "--format", "html")
    assert code == 1
    one_error_line(err, "--gfm")
    code, _, err = run("export", str(session_file), "--clean", "--with-comments")
    assert code == 1
    one_error_line(err, "--clean", "--with-comments")


def test_docx_to_a_terminal_is_refused(run, session_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run("export", str(session_file), "--format", "docx", "-")
    assert code == 1 and out == ""
    one_error_line(err, "-o FILE.docx")


def test_docx_and_html_to_a_pipe(session_file: Path, tmp_path: Path) -> None:
    import docx

    for fmt in ("docx", "html"):
        done = subprocess.run(
            [sys.executable, "-m", "workshop", "export", str(session_file), "--format", fmt, "-"],
            capture_output=True, check=False,
        )
        assert done.returncode == 0, done.stderr
        if fmt == "docx":
            document = docx.Document(io.BytesIO(done.stdout))
            assert document.paragraphs[0].style.name == "Heading 1"
        else:
            assert done.stdout.startswith(b"<!DOCTYPE html>")
