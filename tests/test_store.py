"""Unit tests for the session store: locations, slugs, lookup, listing, trash, atomic save, TOML format (issue 2 §4)."""

from __future__ import annotations

import os
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import content, store
from workshop.model import Session, Template
from workshop.model.session import SCHEMA_VERSION
from workshop.model.text import normalise
from workshop.storage import atomic, listing, paths
from workshop.storage.tomlio import FileProblem

HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
"""Health checks that only measure this machine's speed (CI shares 2 cores): never a failure here."""

HOSTILE_TITLES = [
    "../../etc/passwd",
    "a/b\\c",
    "\x00",
    "..",
    ".",
    "",
    "   ",
    "🎉🚀",
    "x" * 5000,
    "/absolute/path",
    "C:\\Windows\\system32",
    "con",
    ".hidden",
    "name.toml",
    "\u202eevil\u202d",  # RTL override
    "-rf --no-preserve-root",
    "~/home",
    "$HOME",
    "a\nb\rc\td",
]


def all_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


# ---------------------------------------------------------------- locations
def test_isolation_points_every_user_folder_into_tmp(tmp_path: Path) -> None:
    """The autouse fixture redirects platformdirs (via XDG_*) and the sessions folder."""
    base = tmp_path / "user"
    assert paths.sessions_dir() == base / "sessions"
    assert base / "config" in paths.config_dir().parents
    assert base / "state" in paths.log_dir().parents
    dirs = paths.user_dirs()
    assert base / "data" in Path(dirs.user_data_dir).parents
    assert base / "cache" in Path(dirs.user_cache_dir).parents
    assert base / "config" in content.user_templates_dir().parents


def test_sessions_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert paths.sessions_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.setenv(paths.ENV_SESSIONS_DIR, str(tmp_path / "env"))
    assert paths.sessions_dir() == tmp_path / "env"
    assert paths.sessions_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv(paths.ENV_SESSIONS_DIR)
    default = paths.sessions_dir()
    assert default.name == "sessions"
    assert default.parent == Path(paths.user_dirs().user_data_dir)
    assert tmp_path / "user" / "data" in default.parents


# ---------------------------------------------------------------- file names
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_unique_path_stays_in_the_folder(sessions_dir: Path, title: str) -> None:
    path = listing.unique_path(sessions_dir, title)
    assert path.parent == sessions_dir
    assert path.suffix == ".toml"
    assert not path.name.startswith(".")
    assert path.resolve().parent == sessions_dir.resolve()


@pytest.mark.parametrize("title", [t for t in HOSTILE_TITLES if t.strip()])
def test_create_with_a_hostile_title_writes_one_file_inside_the_folder(
    tmp_path: Path, sessions_dir: Path, template: Template, title: str
) -> None:
    before = all_files(tmp_path)
    session, path = store.create(title, template, sessions_dir)
    assert all_files(tmp_path) - before == {path}
    assert path.parent == sessions_dir
    assert store.load(path).title == " ".join(title.split())


@given(title=st.text(min_size=1))
@settings(max_examples=150, deadline=None, suppress_health_check=HEALTH)
def test_any_title_gives_a_safe_file_name(sessions_dir: Path, title: str) -> None:
    path = listing.unique_path(sessions_dir, title)
    assert path.parent == sessions_dir
    assert path.name.endswith(".toml") and len(path.name) <= 70
    assert "/" not in path.name and "\\" not in path.name and ".." not in path.name
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in path.name)


def test_collisions_get_numbered_names(sessions_dir: Path, template: Template) -> None:
    paths = [store.create("Pocket Planner", template, sessions_dir)[1] for _ in range(3)]
    assert [p.name for p in paths] == ["pocket-planner.toml", "pocket-planner-2.toml", "pocket-planner-3.toml"]
    assert len({p.read_text() for p in paths}) == 3  # three sessions, three ids


def test_unique_path_counts_a_dangling_symlink_as_taken(sessions_dir: Path) -> None:
    (sessions_dir / "idea.toml").symlink_to(sessions_dir / "missing.toml")
    assert listing.unique_path(sessions_dir, "Idea").name == "idea-2.toml"


def test_create_never_replaces_a_file_that_appears_meanwhile(
    sessions_dir: Path, template: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process may take the name between choosing it and writing."""
    precious = sessions_dir / "idea.toml"
    real_unique = listing.unique_path
    calls = []

    def racing_unique(folder: Path, title: str) -> Path:
        path = real_unique(folder, title)
        if not calls:
            precious.write_text("someone else's work")
        calls.append(path)
        return path

    monkeypatch.setattr(listing, "unique_path", racing_unique)
    _, path = store.create("Idea", template, sessions_dir)
    assert precious.read_text() == "someone else's work"
    assert path.name == "idea-2.toml"
    assert not [p for p in sessions_dir.iterdir() if p.name.endswith(".tmp")]


def test_create_sets_up_the_session(sessions_dir: Path, template: Template, clock) -> None:
    session, path = store.create(
        "  Pocket \n planner  ", template, sessions_dir, facilitator=" Ana ", participants=[" Bo ", "", "Cy"]
    )
    assert session.title == "Pocket planner"
    assert (session.facilitator, session.participants) == ("Ana", ["Bo", "Cy"])
    assert session.current_step == template.steps[0].id
    assert (session.template_id, session.template_version) == (template.id, template.version)
    assert session.created == clock.now
    assert store.load(path) == session


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_create_refuses_a_blank_title(sessions_dir: Path, template: Template, title: str) -> None:
    with pytest.raises(ValueError):
        store.create(title, template, sessions_dir)
    assert list(sessions_dir.iterdir()) == []


def test_create_in_an_unwritable_place_raises_save_error(tmp_path: Path, template: Template) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(atomic.SaveError) as caught:
        store.create("Idea", template, blocker / "sessions")
    assert str(blocker) in str(caught.value)
    assert "Errno" not in str(caught.value)


# ---------------------------------------------------------------- lookup
@pytest.fixture
def saved(sessions_dir: Path, template: Template) -> Path:
    return store.create("Pocket Planner", template, sessions_dir)[1]


def test_find_by_path_stem_file_name_and_title(sessions_dir: Path, saved: Path) -> None:
    assert listing.find(str(saved), sessions_dir) == saved
    assert listing.find("pocket-planner", sessions_dir) == saved
    assert listing.find("pocket-planner.toml", sessions_dir) == saved
    assert listing.find("Pocket Planner", sessions_dir) == saved
    assert listing.find("  pocket PLANNER ", sessions_dir) == saved


def test_find_reports_where_it_looked(sessions_dir: Path, saved: Path) -> None:
    with pytest.raises(listing.NotFound) as caught:
        listing.find("nothing like it", sessions_dir)
    assert str(sessions_dir) in str(caught.value)
    assert "nothing like it" in str(caught.value)


def test_find_does_not_climb_out_of_the_folder(
    tmp_path: Path, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = sessions_dir.parent / "outside.toml"
    outside.write_text(store.dumps(Session(title="Outside")))
    (sessions_dir / "sub").mkdir()
    inner = sessions_dir / "sub" / "inner.toml"
    inner.write_text(store.dumps(Session(title="Inner")))
    monkeypatch.chdir(tmp_path / "user" / "home")  # relative refs resolve against the working folder
    with pytest.raises(listing.NotFound):
        listing.find("../outside", sessions_dir)
    with pytest.raises(listing.NotFound):
        listing.find("sub/inner", sessions_dir)
    # An explicit path is the user's choice and is honoured.
    assert listing.find(str(outside), sessions_dir) == outside


def test_find_skips_unreadable_files_when_matching_titles(sessions_dir: Path, saved: Path) -> None:
    (sessions_dir / "broken.toml").write_text("title = ")
    assert listing.find("Pocket Planner", sessions_dir) == saved


# ---------------------------------------------------------------- listing
def test_list_sessions_newest_first_with_progress(sessions_dir: Path, template: Template, clock) -> None:
    old, old_path = store.create("Old idea", template, sessions_dir)
    clock.advance(days=1)
    new, new_path = store.create("New idea", template, sessions_dir)
    first = template.steps[0]
    for item in first.fields:
        new.set_answer(first.id, item.id, ["x"] if item.type.value == "list" else "x")
    store.save(new, new_path, template)
    rows = store.list_sessions(sessions_dir)
    assert [r.title for r in rows] == ["New idea", "Old idea"]
    assert rows[0].answered == 1 and rows[0].total == old.progress(template)[1]
    assert rows[0].template_id == template.id
    assert rows[0].updated == clock.now
    assert all(r.problem == "" for r in rows)


def test_list_sessions_reports_broken_files_and_skips_trash_and_temp_files(
    sessions_dir: Path, saved: Path
) -> None:
    (sessions_dir / "broken.toml").write_text('title = "x"\nschema_version = 1\n[answers\n')
    (sessions_dir / ".saved.toml.abc.tmp").write_text("half")
    (sessions_dir / ".hidden.toml").write_text("x")
    (sessions_dir / "notes.txt").write_text("x")
    store.move_to_trash(store.create("Gone", content.resolve(), sessions_dir)[1])
    rows = store.list_sessions(sessions_dir)
    assert sorted(r.path.name for r in rows) == ["broken.toml", "pocket-planner.toml"]
    broken = next(r for r in rows if r.path.name == "broken.toml")
    assert broken.problem.startswith(f"{sessions_dir / 'broken.toml'}:3:")


def test_list_sessions_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert store.list_sessions(tmp_path / "nope") == []


def test_list_sessions_sees_edits(sessions_dir: Path, saved: Path, template: Template) -> None:
    assert store.list_sessions(sessions_dir)[0].title == "Pocket Planner"
    session = store.load(saved)
    session.title = "Renamed"
    store.save(session, saved, template)
    assert store.list_sessions(sessions_dir)[0].title == "Renamed"


# ---------------------------------------------------------------- trash
def test_move_to_trash_moves_and_never_unlinks(
    sessions_dir: Path, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = saved.read_bytes()

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("move_to_trash must never delete a file")

    monkeypatch.setattr(os, "unlink", forbidden)
    monkeypatch.setattr(os, "remove", forbidden)
    monkeypatch.setattr(Path, "unlink", forbidden)
    target = store.move_to_trash(saved)
    assert not saved.exists()
    assert target.parent == paths.trash_dir(sessions_dir)
    assert target.read_bytes() == original
    assert listing.session_files(sessions_dir) == []


def test_trashing_the_same_name_twice_keeps_both(sessions_dir: Path, template: Template) -> None:
    first = store.create("Idea", template, sessions_dir)[1]
    a = store.move_to_trash(first)
    second = store.create("Idea", template, sessions_dir)[1]
    b = store.move_to_trash(second)
    assert a != b and a.exists() and b.exists()
    assert a.read_text() != b.read_text()


# ---------------------------------------------------------------- atomic save
@pytest.fixture
def existing(sessions_dir: Path) -> Path:
    path = sessions_dir / "keep.toml"
    path.write_bytes(b'schema_version = 1\ntitle = "old"\n')
    os.chmod(path, 0o640)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_replaces_and_keeps_permissions(existing: Path) -> None:
    atomic.atomic_write(existing, "new text ✓\n")
    assert existing.read_text(encoding="utf-8") == "new text ✓\n"
    assert existing.stat().st_mode & 0o777 == 0o640
    assert leftovers(existing.parent) == []


@pytest.mark.parametrize("there_before", [False, True])
def test_atomic_write_with_a_mode_has_it_before_the_file_is_in_place(
    existing: Path, monkeypatch: pytest.MonkeyPatch, there_before: bool
) -> None:
    """A private file (the stylesheet cache) is never in place, even for a moment, with the
    umask's or the old file's wider permissions."""
    target = existing if there_before else existing.with_name("new.marshal")
    real_replace = os.replace
    modes: list[int] = []

    def replace(source, destination):  # type: ignore[no-untyped-def]
        modes.append(os.stat(source).st_mode & 0o777)
        return real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", replace)
    old_umask = os.umask(0o002)  # a umask that leaves new files group-writable
    try:
        atomic.atomic_write(target, b"private", mode=0o600)
    finally:
        os.umask(old_umask)
    assert modes == [0o600]
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_bytes() == b"private"


@pytest.mark.parametrize("failing", ["replace", "fsync", "chmod", "write"])
def test_failed_write_leaves_the_old_file_byte_identical_and_no_temp(
    existing: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = existing.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    if failing == "write":
        real_fdopen = os.fdopen

        class Broken:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])  # a torn write…
                raise OSError(28, "No space left on device")  # …then the disk is full

            def __getattr__(self, name):
                return getattr(self.handle, name)

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Broken(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, failing, boom)
    with pytest.raises(atomic.SaveError) as caught:
        atomic.atomic_write(existing, "new content that must not land")
    assert str(existing) in str(caught.value)
    assert existing.read_bytes() == before
    assert leftovers(existing.parent) == []


def test_interrupted_write_removes_the_temp_file(existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = existing.read_bytes()

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic.atomic_write(existing, "new")
    assert existing.read_bytes() == before
    assert leftovers(existing.parent) == []


def test_text_that_is_not_encodable_is_refused_before_touching_disk(existing: Path) -> None:
    before = existing.read_bytes()
    with pytest.raises(atomic.SaveError):
        atomic.atomic_write(existing, "lone surrogate \udc80")
    assert existing.read_bytes() == before
    assert leftovers(existing.parent) == []


def test_replace_is_retried_on_permission_error(existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace
    attempts = []

    def flaky(src, dst):
        attempts.append(dst)
        if len(attempts) < 3:
            raise PermissionError(13, "file in use")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    monkeypatch.setattr(store.time, "sleep", lambda seconds: None)
    atomic.atomic_write(existing, "after retries")
    assert len(attempts) == 3
    assert existing.read_text() == "after retries"
    assert leftovers(existing.parent) == []


def test_replace_gives_up_after_the_retries(existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = existing.read_bytes()
    attempts = []

    def locked(src, dst):
        attempts.append(dst)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(store.time, "sleep", lambda seconds: None)
    with pytest.raises(atomic.SaveError) as caught:
        atomic.atomic_write(existing, "never lands", retries=4)
    assert len(attempts) == 4
    assert "Permission denied" in str(caught.value)
    assert existing.read_bytes() == before
    assert leftovers(existing.parent) == []


def test_save_failure_keeps_the_previous_session(
    sessions_dir: Path, saved: Path, template: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    session = store.load(saved)
    session.set_answer(template.steps[0].id, template.steps[0].fields[0].id, "new words")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(atomic.SaveError):
        store.save(session, saved, template)
    assert saved.read_bytes() == before
    assert leftovers(sessions_dir) == []


def test_atomic_write_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.toml"
    atomic.atomic_write(target, "x")
    assert target.read_text() == "x"


def test_exclusive_write_refuses_an_existing_file(existing: Path) -> None:
    before = existing.read_bytes()
    with pytest.raises(FileExistsError):
        atomic.atomic_write(existing, "x", exclusive=True)
    assert existing.read_bytes() == before
    assert leftovers(existing.parent) == []


# ---------------------------------------------------------------- file format
def full_session(template: Template) -> Session:
    session = Session(title="Pocket planner", facilitator="Ana", participants=["Bo", "Cy"])
    for step in template.steps:
        for item in step.fields:
            if item.type.value == "list":
                session.set_answer(step.id, item.id, ["first", "second"])
            elif item.type.value == "long_text":
                session.set_answer(step.id, item.id, "Line one.\nLine two.\n")
            elif item.type.value == "text":
                session.set_answer(step.id, item.id, "short")
    session.add_faq("What does it cost?", "customer", answer="Nothing.\nReally.")
    session.add_faq("Who leads?", "internal")
    session.notes = "a note"
    return session


def test_file_is_readable_toml_with_schema_version_first(template: Template) -> None:
    text = store.dumps(full_session(template), template)
    assert text.splitlines()[0] == f"schema_version = {SCHEMA_VERSION}"
    data = tomllib.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    keys = list(data)
    assert keys.index("title") < keys.index("answers") < keys.index("faq")


def test_multi_line_answers_are_toml_multi_line_strings(template: Template) -> None:
    text = store.dumps(full_session(template), template)
    assert '"""\nLine one.\nLine two.\n"""' in text
    assert "\\n" not in text.split("[answers")[1].split("[[faq]]")[0]  # no escaped newlines


def test_answers_follow_template_order(template: Template) -> None:
    session = full_session(template)
    session.answers = dict(reversed(list(session.answers.items())))
    text = store.dumps(session, template)
    answered = [s.id for s in template.steps if s.id in session.answers]
    positions = [text.index(f"[answers.{step_id}]") for step_id in answered]
    assert positions == sorted(positions)


def test_save_load_round_trip(sessions_dir: Path, template: Template) -> None:
    session = full_session(template)
    path = sessions_dir / "x.toml"
    store.save(session, path, template)
    assert store.load(path) == session
    assert store.dumps(store.load(path), template) == path.read_text(encoding="utf-8")


def test_load_accepts_a_byte_order_mark(sessions_dir: Path) -> None:
    path = sessions_dir / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + store.dumps(Session(title="BOM")).encode())
    assert store.load(path).title == "BOM"


def test_load_reports_syntax_errors_with_line_and_column(sessions_dir: Path) -> None:
    path = sessions_dir / "bad.toml"
    path.write_text('schema_version = 1\ntitle = "ok"\nfacilitator = "unterminated\n')
    with pytest.raises(FileProblem) as caught:
        store.load(path)
    problem = caught.value
    assert (problem.line, problem.column) == (3, problem.column)
    assert problem.describe().startswith(f"{path}:3:")
    assert "invalid TOML" in problem.describe()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('title = "x"\n', "schema_version: is required but missing"),
        ('schema_version = "1"\ntitle = "x"\n', "schema_version: expected a whole number"),
        ("schema_version = 99\ntitle = \"x\"\n", "schema_version: this file was made by a newer workshop"),
        ("schema_version = 1\n", "title: is required but missing"),
        ('schema_version = 1\ntitle = "x"\nanswers = 3\n', "answers: expected a table"),
        ('schema_version = 1\ntitle = "x"\n[[faq]]\nid = "q"\nkind = "x"\nquestion = "?"\n', "faq[0].kind:"),
    ],
)
def test_load_reports_schema_errors_with_the_key(sessions_dir: Path, text: str, expected: str) -> None:
    path = sessions_dir / "bad.toml"
    path.write_text(text)
    with pytest.raises(FileProblem) as caught:
        store.load(path)
    assert caught.value.describe().startswith(f"{path}: {expected}")


@pytest.mark.parametrize(
    ("content_bytes", "expected"),
    [
        (b"schema_version = 1\x00\n", "binary file"),
        (b'schema_version = 1\ntitle = "\xff"\n', ":2:10: not UTF-8"),
    ],
)
def test_load_refuses_binary_and_non_utf8(sessions_dir: Path, content_bytes: bytes, expected: str) -> None:
    path = sessions_dir / "weird.toml"
    path.write_bytes(content_bytes)
    with pytest.raises(FileProblem) as caught:
        store.load(path)
    assert expected in caught.value.describe()


def test_load_missing_file_and_folder(sessions_dir: Path) -> None:
    with pytest.raises(FileProblem, match="no such file"):
        store.load(sessions_dir / "nope.toml")
    with pytest.raises(FileProblem, match="folder"):
        store.load(sessions_dir)


# ---------------------------------------------------------------- property: lossless round trip
NASTY = [
    '"', '"""', "'''", "\\", "\\\\", '\\"', "\\n", "\n", "\r\n", "\r", "\t", "\x00", "\x1b[31m", "\x7f",
    "\u2028", "\u202e", "שלום", "مرحبا", "🎉", "👩‍👩‍👧", "\ufeff", "\ud7ff", "#", "[x]", "=", "key = 1",
    "[[faq]]", " ", "é", "e\u0301",
]

texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=5)), max_size=12).map("".join),
    # very long text, cheap to generate: a short random piece repeated
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=30), st.integers(50, 400)),
)


@st.composite
def sessions(draw: st.DrawFn, template: Template) -> Session:
    session = Session(
        title=normalise(draw(texts)),
        facilitator=normalise(draw(texts)),
        participants=[normalise(p) for p in draw(st.lists(texts, max_size=3))],
        notes=normalise(draw(texts)),
    )
    for step in draw(st.lists(st.sampled_from(template.steps), max_size=6, unique_by=lambda s: s.id)):
        for item in step.fields:
            if item.type.value == "list":
                session.set_answer(step.id, item.id, draw(st.lists(texts, max_size=4)))
            elif item.type.value != "faq":
                session.set_answer(step.id, item.id, draw(texts))
    for _ in range(draw(st.integers(0, 4))):
        faq = session.add_faq(draw(texts), draw(st.sampled_from(["customer", "internal"])), author=draw(texts))
        session.update_faq(faq.id, answer=draw(texts), question=draw(texts))
        faq.votes = draw(st.dictionaries(texts, st.integers(0, 10), max_size=3))
    session.go_to(draw(st.sampled_from([s.id for s in template.steps])))
    return session


@given(data=st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=HEALTH)
def test_any_text_round_trips_losslessly(template: Template, data: st.DataObject) -> None:
    session = data.draw(sessions(template))
    text = store.dumps(session, template)
    assert text.startswith(f"schema_version = {SCHEMA_VERSION}\n")
    back = store.loads(text)
    assert back == session
    assert back.to_dict(template) == session.to_dict(template)
    assert store.dumps(back, template) == text  # stable: saving again changes nothing


@given(raw=texts)
@settings(max_examples=100, deadline=None, suppress_health_check=HEALTH)
def test_line_endings_are_normalised_on_input(template: Template, raw: str) -> None:
    session = Session(title="x")
    step = template.steps[0]
    session.set_answer(step.id, step.fields[0].id, raw)
    back = store.loads(store.dumps(session, template))
    assert back.get_answer(step.id, step.fields[0].id) == normalise(raw)
    assert "\r" not in back.get_text(step.id, step.fields[0].id)


def test_multi_line_text_with_quotes_is_still_a_multi_line_string(template: Template) -> None:
    session = Session(title="x")
    step = template.steps[0]
    nasty = 'He said """hi"""\nand left \\ a "quote"\n'
    session.set_answer(step.id, step.fields[0].id, nasty)
    text = store.dumps(session, template)
    assert store.loads(text).get_answer(step.id, step.fields[0].id) == nasty
    line = next(row for row in text.splitlines() if row.startswith(f"{step.fields[0].id} = "))
    assert line.endswith('"""')


def test_datetimes_round_trip_with_their_offset() -> None:
    from datetime import timedelta

    when = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    session = Session(title="x", created=when, updated=when)
    back = store.loads(store.dumps(session))
    assert back.created == when and back.created.utcoffset() == when.utcoffset()
