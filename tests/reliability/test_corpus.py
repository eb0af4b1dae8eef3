"""Tests the corpus of corrupt, hand-edited and hostile files: exact messages, files untouched."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from workshop import cli, store
from workshop.document import OpenDocument
from workshop.storage import listing, tomlio
from workshop.storage.tomlio import FileProblem

from .helpers import CORPUS, snapshot

EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
SESSION_CASES = EXPECTED["session"]
TEMPLATE_CASES = EXPECTED["template"]


def _fill(text: str, path: Path) -> str:
    return text.replace("{path}", str(path))


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_corpus_file_has_an_expectation():
    for kind, cases in (("sessions", SESSION_CASES), ("templates", TEMPLATE_CASES)):
        on_disk = sorted(p.name for p in (CORPUS / kind).glob("*.toml"))
        assert on_disk == sorted(case["file"] for case in cases), kind


def test_corpus_bytes_are_what_they_claim():
    sessions = CORPUS / "sessions"
    assert (sessions / "bom.toml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (sessions / "crlf.toml").read_bytes()
    assert b"\n" not in (sessions / "crlf.toml").read_bytes().replace(b"\r\n", b"")
    assert b"\x00" in (sessions / "binary-garbage.toml").read_bytes()


@pytest.mark.parametrize("case", SESSION_CASES, ids=[c["file"] for c in SESSION_CASES])
def test_session_file(case, folder, capsys):
    path = folder / case["file"]
    shutil.copyfile(CORPUS / "sessions" / case["file"], path)
    before = snapshot(path)
    error = case.get("error")
    load_error = case.get("export_error", error)

    code, out, err = _run(capsys, "validate", str(path))
    if error:
        assert (code, out, err) == (1, "", f"workshop: error: {_fill(error, path)}\n")
    else:
        assert code == 0, err
        assert out.startswith(f"{path}: valid session 'Corpus idea'")
        assert err.splitlines() == [f"warning: {_fill(w, path)}" for w in case["warnings"]]
    assert snapshot(path) == before

    code, out, err = _run(capsys, "export", str(path))
    if error:
        assert (code, out, err) == (1, "", f"workshop: error: {_fill(load_error, path)}\n")
    else:
        assert code == 0, err
        assert out.startswith("# Corpus idea\n")
        for text in case["export_contains"]:
            assert text in out
    assert snapshot(path) == before

    code, out, err = _run(capsys, "list")
    assert code == 0
    if error:
        assert f"warning: {_fill(load_error, path)}" in err.splitlines()
        assert "unreadable" in out
    else:
        assert "Corpus idea" in out
    assert snapshot(path) == before

    if error:
        with pytest.raises(FileProblem) as caught:
            OpenDocument.open(path)
        assert caught.value.describe() == _fill(load_error, path)
    else:
        doc = OpenDocument.open(path)
        try:
            assert doc.warnings == [_fill(w, path) for w in case["open_warnings"]]
            assert not doc.dirty
        finally:
            doc.close()
    assert snapshot(path) == before


@pytest.mark.parametrize("case", TEMPLATE_CASES, ids=[c["file"] for c in TEMPLATE_CASES])
def test_template_file(case, tmp_path, capsys):
    path = tmp_path / case["file"]
    shutil.copyfile(CORPUS / "templates" / case["file"], path)
    before = snapshot(path)
    code, out, err = _run(capsys, "validate", str(path))
    assert (code, out, err) == (1, "", f"workshop: error: {_fill(case['error'], path)}\n")
    assert snapshot(path) == before


def test_broken_user_template_is_reported_not_fatal(capsys, monkeypatch):
    from workshop import content

    folder = content.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "duplicate-step-id.toml"
    shutil.copyfile(CORPUS / "templates" / "duplicate-step-id.toml", path)
    before = snapshot(path)
    code, out, err = _run(capsys, "templates")
    assert code == 0
    assert "working-backwards" in out
    assert f"warning: {path}: stages[0].steps[1].id: duplicate step id 'only-step'" in err
    assert snapshot(path) == before


# ------------------------------------------------------------ round trips
@pytest.mark.parametrize("name", ["bom.toml", "crlf.toml", "bom-crlf.toml"])
def test_windows_files_load_like_the_plain_one(name, folder):
    plain = folder / "plain.toml"
    plain.write_bytes((CORPUS / "sessions" / "bom.toml").read_bytes()[3:])
    windows = folder / name
    shutil.copyfile(CORPUS / "sessions" / name, windows)
    assert store.load(windows) == store.load(plain)
    assert "\r" not in store.load(windows).get_text("customer-today", "today")


def test_unknown_keys_survive_open_edit_save(folder):
    path = folder / "unknown-keys.toml"
    shutil.copyfile(CORPUS / "sessions" / "unknown-keys.toml", path)
    doc = OpenDocument.open(path)
    doc.session.set_answer("customer-today", "today", "edited")
    assert doc.save_now().ok
    doc.close()
    data = tomlio.read(path)
    assert data["mood"] == "sunny"
    assert data["whiteboard"] == {"photo": "board-1.jpg", "caption": "Where we started"}
    assert data["faq"][0]["colour"] == "red"
    assert data["answers"]["customer-today"]["today"] == "edited"


def test_missing_template_session_opens_edits_and_keeps_its_answers(folder, capsys):
    path = folder / "missing-template.toml"
    shutil.copyfile(CORPUS / "sessions" / "missing-template.toml", path)
    doc = OpenDocument.open(path)
    assert doc.template_missing
    assert doc.session.current_step == doc.template.steps[0].id  # opens somewhere sensible
    from workshop.export.markdown import export

    inside = export(doc.session, doc.template)  # what the app's export writes
    assert "Words typed for a step of a template that was removed." in inside
    doc.session.set_answer("customer-today", "today", "edited without the template")
    assert doc.save_now().ok
    doc.close()
    data = tomlio.read(path)
    assert data["template"] == "retired-template"  # not rewritten to the stand-in
    assert data["answers"]["old-step"]["notes"].startswith("Words typed for a step")
    assert data["answers"]["customer-today"]["today"] == "edited without the template"


# ------------------------------------------------------------ generated cases
def test_twenty_megabyte_file_is_refused_quickly(folder, capsys):
    path = folder / "huge.toml"
    header = (CORPUS / "sessions" / "bom.toml").read_bytes()[3:]
    filler = b'\n[answers.flood]\ntext = """\n' + b"all work and no play " * 1_000_000
    path.write_bytes((header + filler)[: 20 * 1024 * 1024])
    assert path.stat().st_size == 20 * 1024 * 1024
    before = snapshot(path)
    message = f"{path}: file is 20.0 MB, over the 16 MB limit; is this really a workshop file?"
    for args in (["validate", str(path)], ["export", str(path)]):
        assert _run(capsys, *args) == (1, "", f"workshop: error: {message}\n")
    code, out, err = _run(capsys, "list")
    assert code == 0 and f"warning: {message}" in err.splitlines()
    with pytest.raises(FileProblem) as caught:
        OpenDocument.open(path)
    assert caught.value.describe() == message
    assert snapshot(path) == before


@pytest.fixture
def outside_link(folder, tmp_path):
    """A symbolic link in the sessions folder to a valid session outside it."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "secret.toml"
    shutil.copyfile(CORPUS / "sessions" / "bom.toml", target)
    link = folder / "link.toml"
    link.symlink_to(target)
    return link, target


def test_symlink_out_of_the_sessions_folder_is_not_followed_by_name(outside_link, capsys):
    link, target = outside_link
    before = snapshot(target)
    refusal = (
        f"{link}: is a symbolic link to {target}, outside the sessions folder; "
        "not followed (open it by its full path if you trust it)"
    )
    code, out, err = _run(capsys, "list")
    assert code == 0
    assert f"warning: {refusal}" in err.splitlines()
    assert "unreadable" in out
    for args in (["export", "link"], ["export", "Corpus idea"], ["open", "link"], ["restore", "link", "--list"]):
        code, out, err = _run(capsys, *args)
        assert code == 1, args
        assert err in (f"workshop: error: {refusal}\n", "workshop: error: no session 'Corpus idea': not a file, "
                       f"and no session in {link.parent} has that file name or title, or one that starts "
                       "with it (see `workshop list`)\n"), args
    assert snapshot(target) == before


def test_symlink_named_by_its_full_path_is_followed(outside_link, capsys):
    link, target = outside_link
    code, out, err = _run(capsys, "export", str(link))
    assert code == 0 and out.startswith("# Corpus idea\n")
    code, out, err = _run(capsys, "validate", str(link))
    assert code == 0
    doc = OpenDocument.open(link)
    assert doc.path == target
    doc.session.set_answer("customer-today", "today", "via the link")
    assert doc.save_now().ok
    doc.close()
    assert link.is_symlink()
    assert store.load(target).get_text("customer-today", "today") == "via the link"


def test_symlink_inside_the_sessions_folder_is_fine(folder, capsys):
    real = folder / "real.toml"
    shutil.copyfile(CORPUS / "sessions" / "bom.toml", real)
    (folder / "alias.toml").symlink_to(real)
    assert listing.find("alias", folder) == folder / "alias.toml"
    assert all(not row.problem for row in store.list_sessions(folder))
