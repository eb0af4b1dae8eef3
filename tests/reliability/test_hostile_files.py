"""Tests hostile files and environments: one clear line each, never a traceback, never a hang."""

from __future__ import annotations

import json
import os
import shutil
import threading
import tomllib
from pathlib import Path

import pytest

from workshop import cli, content, store
from workshop.cli.check import EXIT_UNREADABLE
from workshop.document import OpenDocument
from workshop.model.session import FaqItem, Session
from workshop.storage import list_cache, listing, locking, tomlio
from workshop.storage.tomlio import FileProblem

from .helpers import CORPUS, snapshot

DEEP = CORPUS / "sessions" / "deep-nesting-arrays.toml"
GOOD = CORPUS / "sessions" / "bom.toml"


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _finishes(func, *args, timeout: float = 20.0):
    """Run `func(*args)` in a thread; return its result or exception, failing if it hangs."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = func(*args)
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    return thread.is_alive(), outcome


@pytest.fixture
def fifo(tmp_path: Path):
    """A named pipe with a .toml name; any reader stuck on it is released afterwards."""
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    yield path
    try:  # a reader blocked in open() is released by a writer
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


# ------------------------------------------------------------ not regular files
def test_validate_refuses_a_fifo_without_blocking(fifo, capsys):
    hung, outcome = _finishes(_run, capsys, "validate", str(fifo))
    assert not hung, "workshop validate blocked on a FIFO"
    assert outcome["value"] == (
        1, "", f"workshop: error: {fifo}: is a named pipe (FIFO), not a regular file; name a .toml file instead\n"
    )


@pytest.mark.parametrize("reader", [tomlio.read, store.load, OpenDocument.open, content.load_template_file])
def test_every_reader_refuses_a_fifo(fifo, reader):
    hung, outcome = _finishes(reader, fifo)
    assert not hung, f"{reader.__qualname__} blocked on a FIFO"
    assert isinstance(outcome.get("error"), FileProblem)
    assert "is a named pipe (FIFO), not a regular file" in str(outcome["error"])


@pytest.mark.parametrize("args", [["export", "{}"], ["open", "{}"], ["check", "{}"], ["new", "Idea", "--template", "{}"]])
def test_commands_given_a_fifo_say_so(fifo, capsys, args):
    hung, outcome = _finishes(_run, capsys, *[a.format(fifo) for a in args])
    assert not hung
    code, out, err = outcome["value"]
    assert code != 0 and out == ""
    assert err == f"workshop: error: {fifo}: is a named pipe (FIFO), not a regular file; name a .toml file instead\n"


def test_devices_and_folders_are_refused(tmp_path, capsys):
    assert _run(capsys, "validate", os.devnull) == (
        1, "", f"workshop: error: {os.devnull}: is a device, not a regular file; name a .toml file instead\n"
    )
    assert _run(capsys, "validate", str(tmp_path)) == (
        1, "", f"workshop: error: {tmp_path}: is a folder, not a file\n"
    )


def test_a_fifo_as_lock_holder_file_does_not_hang(folder):
    session = folder / "s.toml"
    shutil.copyfile(GOOD, session)
    locking.holder_path(session).parent.mkdir(parents=True, exist_ok=True)  # the locks folder
    os.mkfifo(locking.holder_path(session))
    hung, outcome = _finishes(locking.read_holder, session)
    if hung:  # release the stuck reader before failing
        os.close(os.open(locking.holder_path(session), os.O_WRONLY | os.O_NONBLOCK))
    assert not hung
    assert outcome["value"] == locking.Holder()


# ------------------------------------------------------------ one broken file hides nothing
def test_a_deeply_nested_session_is_reported_and_every_other_listed(folder, capsys):
    shutil.copyfile(DEEP, folder / "aaa-deep.toml")  # sorts first
    shutil.copyfile(GOOD, folder / "good.toml")
    message = (
        f"{folder / 'aaa-deep.toml'}:11:41: tables and arrays nested more than 32 levels deep "
        "(a workshop file needs a few); is this really a workshop file?"
    )
    code, out, err = _run(capsys, "list")
    assert code == 0
    assert "Corpus idea" in out and "unreadable" in out
    assert err.splitlines() == [f"warning: {message}"]
    assert listing.find("Corpus idea", folder) == folder / "good.toml"  # lookup by title
    code, out, err = _run(capsys, "export", "Corpus idea")
    assert code == 0 and out.startswith("# Corpus idea\n")
    code, out, err = _run(capsys, "check", "aaa-deep")
    assert (code, out, err) == (EXIT_UNREADABLE, "", f"workshop: error: {message}\n")


def test_nesting_blows_no_stack_however_deep_the_caller_is():
    """The refusal does not depend on how much stack is left when the file is parsed."""
    text = DEEP.read_text(encoding="utf-8")

    def nested(depth: int):
        if depth:
            return nested(depth - 1)
        with pytest.raises(FileProblem) as caught:
            tomlio.parse(text, "deep.toml")
        return caught.value

    for depth in (0, 200, 600):
        problem = nested(depth)
        assert (problem.line, problem.column) == (11, 41)


def test_nesting_up_to_the_limit_still_loads():
    data = tomlio.parse("a = " + "[" * tomlio.MAX_DEPTH + "]" * tomlio.MAX_DEPTH, "ok.toml")
    assert "a" in data
    quoted = "[" * 48
    assert tomlio.parse(f's = "{quoted}"\nt = \'{quoted}\'\n# {quoted}', "x") == {"s": quoted, "t": quoted}


def test_the_bracket_that_goes_too_deep_is_located_past_brackets_in_text():
    quoted = "[{" * 40
    text = (
        f's = "{quoted}\\"{quoted}"\nt = \'{quoted}\'\nu = """\n{quoted}\n"""\n# {quoted}\n'
        f"deep = {'[' * 40}{']' * 40}\n"
    )
    with pytest.raises(FileProblem) as caught:
        tomlio.parse(text, "x.toml")
    assert (caught.value.line, caught.value.column) == (7, 8 + tomlio.MAX_DEPTH)


def test_an_out_of_range_date_in_the_folder_leaves_list_working(folder, capsys):
    shutil.copyfile(CORPUS / "sessions" / "date-out-of-range.toml", folder / "future.toml")
    shutil.copyfile(GOOD, folder / "good.toml")
    code, out, err = _run(capsys, "list")
    assert code == 0
    assert "Corpus idea" in out and "unreadable" in out
    assert "updated: 9999-12-31T23:59:59-23:59 is out of range" in err


def test_a_hostile_list_cache_is_ignored(folder, capsys):
    shutil.copyfile(GOOD, folder / "good.toml")
    stamp = list_cache.file_stamp(folder / "good.toml")
    cache = list_cache.cache_file(folder)
    cache.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "stamp": stamp, "template_stamp": "x", "title": "Cached", "template_id": "working-backwards",
        "answered": 1, "total": 2, "updated": "9999-12-31T23:59:59-23:59",
    }
    assert list_cache.from_entry(entry, stamp) is None  # would crash astimezone() in `list`
    cache.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # RecursionError in json
    code, out, err = _run(capsys, "list")
    assert code == 0 and "Corpus idea" in out


# ------------------------------------------------------------ templates
def test_a_nested_user_template_hides_no_other_template(capsys):
    folder = content.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "deep.toml"
    shutil.copyfile(CORPUS / "templates" / "deep-nesting.toml", path)
    code, out, err = _run(capsys, "templates")
    assert code == 0
    assert "working-backwards" in out
    assert f"warning: {path}:14:42: tables and arrays nested more than 32 levels deep" in err
    assert content.resolve("working-backwards").id == "working-backwards"
    code, out, err = _run(capsys, "new", "Still works", "--no-open")
    assert code == 0, err


def test_a_template_path_in_a_session_is_never_read(folder, tmp_path, capsys):
    """A session naming a real template file by path opens as template-missing, answers kept."""
    planted = tmp_path / "planted.toml"
    text = (CORPUS / "templates" / "wrong-type-timebox.toml").read_text(encoding="utf-8")
    planted.write_text(text.replace('timebox_minutes = "five"', "timebox_minutes = 5")
                       .replace("What is the one thing?", "PLANTED QUESTION"), encoding="utf-8")
    assert content.resolve(str(planted)).id == "corpus-template"  # a valid template by path
    for ref in (str(planted), "planted.toml", "../planted", "corpus-template.toml"):
        session = folder / "s.toml"
        session.write_text(
            GOOD.read_text(encoding="utf-8-sig").replace('"working-backwards"', json.dumps(ref)),
            encoding="utf-8",
        )
        before = snapshot(session)
        doc = OpenDocument.open(session)
        try:
            assert doc.template_missing, ref
            assert doc.template.id == "working-backwards"  # the stand-in
            assert any("is not a template id" in w for w in doc.warnings)
        finally:
            doc.close()
        code, out, err = _run(capsys, "export", str(session))
        assert code == 0 and "PLANTED QUESTION" not in out and "Night-shift nurses" in out
        assert snapshot(session) == before
    with pytest.raises(LookupError, match="is not a template id"):
        content.resolve_id("/etc/passwd")


# ------------------------------------------------------------ arrays of records are tables
def _faq(answer: str) -> FaqItem:
    return FaqItem(id="q1", question="Cost?", answer=answer, status="answered")


def test_faq_is_always_written_as_tables(template):
    session = Session(title="Idea", template_id=template.id)
    session.faq = [_faq("None."), FaqItem(id="q2", question="Who?", answer="Nurses.")]  # short: inlined before
    short = store.dumps(session, template)
    assert short.count("[[faq]]\n") == 2 and "faq = [" not in short
    session.faq[0] = _faq("Nothing for nurses; the hospital pays per ward, and the first ward is free for a year.")
    long = store.dumps(session, template)
    changed = [line for line in long.splitlines() if line not in short.splitlines()]
    assert len(changed) == 1 and changed[0].startswith("answer = ")  # the diff is one line


def test_every_array_of_records_is_written_as_tables(template):
    data = tomllib.loads((CORPUS / "sessions" / "crlf.toml").read_text(encoding="utf-8"))
    data["votes"] = [{
        "id": "v1", "title": "T", "step": "customer-who", "field": "needs", "dots": 3,
        "created": data["created"], "options": [{"id": "o1", "text": "a"}], "ballots": {},
    }]
    data["comments"] = [{"id": "c1", "text": "x", "created": data["created"]}]
    data["decisions"] = [{"id": "d1", "what": "x", "date": data["created"].date()}]
    data["parking_lot"] = [{"id": "p1", "text": "x", "created": data["created"]}]
    data["dismissed"] = [{"fingerprint": "f", "reason": "r"}]
    session = store.loads(tomlio.dumps(data))
    text = store.dumps(session, template)
    for header in ("[[faq]]", "[[votes]]", "[[votes.options]]", "[[comments]]", "[[decisions]]",
                   "[[parking_lot]]", "[[dismissed]]"):
        assert f"\n{header}\n" in text, header
    assert not any(line.lstrip().startswith("{ ") for line in text.splitlines())  # no inline records
    assert store.loads(text).to_dict(template) == session.to_dict(template)


def test_a_deeply_nested_settings_file_gives_defaults_and_says_why():
    from workshop import settings

    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    loaded = settings.load()
    assert loaded.theme == "" and loaded.keymap == {}
    assert loaded.problem == (
        f"{path}:1:41: tables and arrays nested more than 32 levels deep (a workshop file "
        "needs a few); is this really a workshop file?"
    )


def test_a_fifo_among_the_backups_does_not_hang_restore(folder, capsys):
    from workshop.storage import backups

    session = folder / "s.toml"
    shutil.copyfile(GOOD, session)
    backup_folder = backups.backup_dir(session)
    backup_folder.mkdir(parents=True, exist_ok=True)
    pipe = backup_folder / "20260131T100000.000000Z-edit.toml"
    os.mkfifo(pipe)
    hung, outcome = _finishes(_run, capsys, "restore", "s", "--list")
    if hung:
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    assert not hung, "workshop restore --list blocked on a FIFO in the backups folder"
    assert outcome["value"][0] in (0, 1)
    assert backups.list_backups(session) == []


def test_an_out_of_range_time_in_a_lock_holder_file_is_ignored(folder):
    session = folder / "s.toml"
    shutil.copyfile(GOOD, session)
    locking.holder_path(session).parent.mkdir(parents=True, exist_ok=True)  # the locks folder
    locking.holder_path(session).write_text(
        'pid = 123\nhost = "laptop"\nuser = "ada"\nsince = 9999-12-31T23:59:59-23:59\n', encoding="utf-8"
    )
    holder = locking.read_holder(session)
    assert holder.pid == 123 and holder.since is None
    assert holder.describe().startswith("another workshop window (process 123")  # astimezone() overflowed
