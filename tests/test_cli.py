"""Tests for the `workshop` command line (issue 2 §6): commands, output, and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import workshop
from workshop import store
from workshop.cli import commands, parser
from workshop.model import Template

CORE_COMMANDS = ("new", "open", "list", "export", "templates", "validate")

Run = tuple[int, str, str]


@pytest.fixture
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Record what the TUI would have been started with, instead of starting it."""
    calls: list[dict] = []

    def fake_run_app(**kwargs: object) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(commands, "_run_app", fake_run_app)
    return calls


@pytest.fixture
def session_file(run, sessions_dir: Path) -> Path:
    code, out, _ = run("new", "Pocket Planner", "--no-open", "--facilitator", "Ana", "--participant", "Bo")
    assert code == 0
    return Path(out.strip())


def one_error_line(err: str, *needles: str) -> str:
    """Assert `err` is exactly one `workshop: error: …` line holding every needle; return it."""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("workshop: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, err)
    return lines[0]


# ---------------------------------------------------------------- help and version
def test_help_lists_every_command(run) -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "--sessions-dir" in out and "--version" in out
    parser.build_parser()
    assert set(CORE_COMMANDS) <= set(parser.COMMANDS)
    for name in parser.COMMANDS:
        assert f"\n    {name} " in out or f"\n    {name}\n" in out, name


@pytest.mark.parametrize("command", CORE_COMMANDS)
def test_each_command_has_help(run, command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert f"workshop {command}" in out


def test_version(run) -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"workshop {workshop.__version__}"


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"workshop {workshop.__version__}"


def test_usage_errors_exit_2(run) -> None:
    code, _, err = run("frobnicate")
    assert code == 2 and "invalid choice" in err
    code, _, err = run("new")
    assert code == 2 and "TITLE" in err


# ---------------------------------------------------------------- new
def test_new_no_open_prints_the_path_and_creates_the_file(run, sessions_dir: Path, template: Template) -> None:
    code, out, err = run("new", "Pocket Planner", "--no-open", "--facilitator", "Ana", "--participant", "Bo", "--participant", "Cy")
    assert code == 0, err
    path = Path(out.strip())
    assert out == f"{path}\n"
    assert path == sessions_dir / "pocket-planner.toml"
    session = store.load(path)
    assert (session.title, session.facilitator, session.participants) == ("Pocket Planner", "Ana", ["Bo", "Cy"])
    assert session.template_id == template.id
    assert session.current_step == template.steps[0].id


def test_new_twice_does_not_overwrite(run, sessions_dir: Path) -> None:
    first = Path(run("new", "Idea", "--no-open")[1].strip())
    before = first.read_bytes()
    second = Path(run("new", "Idea", "--no-open")[1].strip())
    assert second.name == "idea-2.toml"
    assert first.read_bytes() == before


def test_new_with_a_hostile_title_stays_in_the_sessions_dir(run, sessions_dir: Path, tmp_path: Path) -> None:
    code, out, _ = run("new", "../../etc/passwd", "--no-open")
    assert code == 0
    assert Path(out.strip()).parent == sessions_dir
    assert not (tmp_path / "etc").exists()


def test_new_without_no_open_starts_the_tui_at_the_new_session(run, app_calls: list, sessions_dir: Path) -> None:
    code, _, _ = run("new", "Idea")
    assert code == 0
    assert app_calls == [{"sessions_dir": sessions_dir, "session_path": sessions_dir / "idea.toml"}]


def test_new_with_a_template_path(run, tmp_path: Path, template: Template) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_text(Path(template.path).read_text(encoding="utf-8").replace('id = "working-backwards"', 'id = "mine"', 1))
    code, out, err = run("new", "Idea", "--template", str(copy), "--no-open")
    assert code == 0, err
    assert store.load(Path(out.strip())).template_id == "mine"


def test_new_with_a_user_template_id(run, user_templates_dir: Path, template: Template) -> None:
    text = Path(template.path).read_text(encoding="utf-8").replace('id = "working-backwards"', 'id = "team"', 1)
    (user_templates_dir / "team.toml").write_text(text)
    code, out, _ = run("new", "Idea", "--template", "team", "--no-open")
    assert code == 0
    assert store.load(Path(out.strip())).template_id == "team"


@pytest.mark.parametrize(
    ("template_ref", "needle"),
    [("no-such-template", "no template called 'no-such-template'"), ("missing.toml", "missing.toml: no such template file")],
)
def test_new_with_a_missing_template_fails_cleanly(run, sessions_dir: Path, template_ref: str, needle: str) -> None:
    code, out, err = run("new", "Idea", "--template", template_ref, "--no-open")
    assert code == 1 and out == ""
    one_error_line(err, needle)
    assert list(sessions_dir.iterdir()) == []


def test_new_with_a_broken_template_names_file_and_key(run, tmp_path: Path, sessions_dir: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'id = "broken"\ntitle = "B"\n[[stages]]\nid = "s"\ntitle = "S"\n[[stages.steps]]\nid = "x"\ntitle = "X"\n'
        '[[stages.steps.fields]]\nid = "f"\nlabel = "F"\n'
    )
    code, _, err = run("new", "Idea", "--template", str(broken), "--no-open")
    assert code == 1
    one_error_line(err, f"{broken}: stages[0].steps[0].question: is required but missing")
    assert list(sessions_dir.iterdir()) == []


def test_new_with_a_blank_title_fails_cleanly(run, sessions_dir: Path) -> None:
    code, _, err = run("new", "   ", "--no-open")
    assert code == 1
    one_error_line(err, "title")


def test_new_in_an_unwritable_place_gives_one_clear_line(run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, out, err = run("--sessions-dir", str(blocker / "sessions"), "new", "Idea", "--no-open")
    assert code == 1 and out == ""
    one_error_line(err, str(blocker))
    assert "Errno" not in err


# ---------------------------------------------------------------- open and home
def test_open_resolves_the_ref_and_starts_the_tui(run, app_calls: list, session_file: Path, sessions_dir: Path) -> None:
    for ref in (str(session_file), "pocket-planner", "Pocket Planner"):
        assert run("open", ref)[0] == 0
    assert [c["session_path"] for c in app_calls] == [session_file] * 3


def test_open_unknown_ref_fails_cleanly(run, app_calls: list, sessions_dir: Path) -> None:
    code, _, err = run("open", "nothing")
    assert code == 1
    one_error_line(err, "no session 'nothing'", str(sessions_dir))
    assert app_calls == []


def test_open_a_broken_file_reports_it_before_the_tui(run, app_calls: list, sessions_dir: Path) -> None:
    broken = sessions_dir / "broken.toml"
    broken.write_bytes(b'schema_version = 1\ntitle = "x\n')
    before = broken.read_bytes()
    code, _, err = run("open", "broken")
    assert code == 1
    one_error_line(err, f"{broken}:2:")
    assert app_calls == []
    assert broken.read_bytes() == before


def test_no_command_opens_the_home_screen(run, app_calls: list, sessions_dir: Path, tmp_path: Path) -> None:
    assert run()[0] == 0
    assert run("--sessions-dir", str(tmp_path / "elsewhere"))[0] == 0
    assert app_calls == [{"sessions_dir": sessions_dir}, {"sessions_dir": tmp_path / "elsewhere"}]


def test_missing_tui_is_one_clear_line(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "workshop.app", None)  # import fails as if the module were absent
    code, _, err = run()
    assert code == 1
    one_error_line(err, "terminal interface")


# ---------------------------------------------------------------- list
def test_list_shows_title_template_progress_and_file(run, session_file: Path, template: Template) -> None:
    code, out, err = run("list")
    assert code == 0 and err == ""
    header, row = out.strip().split("\n")
    assert header.split() == ["TITLE", "TEMPLATE", "PROGRESS", "UPDATED", "FILE"]
    total = len([s for s in template.steps if not s.optional])
    assert "Pocket Planner" in row and template.id in row and f"0/{total} steps" in row
    assert row.endswith("pocket-planner.toml")
    assert "2026-01-15" in row


def test_list_of_an_empty_folder_says_how_to_start(run, sessions_dir: Path) -> None:
    code, out, _ = run("list")
    assert code == 0
    assert "No sessions" in out and "workshop new" in out


def test_list_warns_about_broken_files_but_lists_the_rest(run, session_file: Path, sessions_dir: Path) -> None:
    (sessions_dir / "broken.toml").write_text("schema_version = [\n")
    code, out, err = run("list")
    assert code == 0
    assert "Pocket Planner" in out and "unreadable" in out
    assert err.startswith(f"warning: {sessions_dir / 'broken.toml'}:")
    assert "Traceback" not in err


def test_list_keeps_one_row_per_line_whatever_the_title(run, sessions_dir: Path, template: Template) -> None:
    session, path = store.create("x", template, sessions_dir)
    session.title = "Line one\nLine two\x1b[31m"
    store.save(session, path, template)
    code, out, _ = run("list")
    assert code == 0
    assert len(out.strip().split("\n")) == 2
    assert "\x1b" not in out


# ---------------------------------------------------------------- export
def test_export_to_stdout(run, session_file: Path) -> None:
    code, out, err = run("export", "Pocket Planner")
    assert code == 0, err
    assert out.startswith("# Pocket Planner\n")
    assert "## " in out


def test_export_to_a_file(run, session_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "prfaq.md"
    target.parent.mkdir()
    code, out, err = run("export", "pocket-planner", "-o", str(target))
    assert code == 0 and out == ""
    assert str(target) in err
    assert target.read_text(encoding="utf-8").startswith("# Pocket Planner\n")
    assert run("export", str(session_file), "-o", "-")[1].startswith("# Pocket Planner")


def test_export_dash_writes_only_the_markdown_to_stdout(run, session_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run("export", "pocket-planner", "-o", "-")
    assert code == 0 and err == ""
    assert out == run("export", "pocket-planner")[1] and out.startswith("# Pocket Planner\n")
    assert list(here.iterdir()) == []  # no file called "-"


@pytest.mark.parametrize("missing", ["no-such-folder/prfaq.md", "no-such-folder/", "a/b/prfaq.md"])
def test_export_into_a_missing_folder_is_an_error_and_creates_nothing(run, session_file: Path, tmp_path: Path, missing: str) -> None:
    target = f"{tmp_path}/{missing}"
    code, out, err = run("export", "pocket-planner", "-o", target)
    assert code == 1 and out == ""
    folder = Path(target) if target.endswith("/") else Path(target).parent
    one_error_line(err, f"the folder {folder} does not exist")
    assert not (tmp_path / missing.split("/")[0]).exists()  # no folder made, nothing written


def test_export_into_an_existing_folder_writes_the_session_name_dot_md(run, session_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for given, force in ((str(folder), []), (str(folder) + "/", ["--force"])):  # the second replaces the first
        code, out, err = run("export", "pocket-planner", "-o", given, *force)
        assert code == 0 and out == "", err
        written = folder / f"{session_file.stem}.md"
        assert str(written) in err
        assert written.read_text(encoding="utf-8").startswith("# Pocket Planner\n")
        assert [p.name for p in folder.iterdir()] == [written.name]


def test_export_refuses_an_uppercase_toml_and_a_link_to_the_session(
    run, session_file: Path, tmp_path: Path
) -> None:
    before = session_file.read_bytes()
    link = tmp_path / "link.md"
    link.symlink_to(session_file)
    code, _, err = run("export", str(session_file), "-o", str(link))
    assert code == 1
    one_error_line(err, "session file itself")
    assert session_file.read_bytes() == before
    code, _, err = run("export", str(session_file), "-o", str(tmp_path / "other.TOML"))
    assert code == 1
    one_error_line(err, ".toml")
    assert not (tmp_path / "other.TOML").exists()


def test_export_refuses_to_overwrite_the_session_or_a_toml_file(run, session_file: Path, tmp_path: Path) -> None:
    before = session_file.read_bytes()
    code, _, err = run("export", str(session_file), "-o", str(session_file))
    assert code == 1
    one_error_line(err, "session file itself")
    assert session_file.read_bytes() == before
    code, _, err = run("export", str(session_file), "-o", str(tmp_path / "other.toml"))
    assert code == 1
    one_error_line(err, ".toml")
    assert not (tmp_path / "other.toml").exists()


def test_export_unknown_ref(run, sessions_dir: Path) -> None:
    code, out, err = run("export", "nothing")
    assert code == 1 and out == ""
    one_error_line(err, "no session 'nothing'")


def test_export_of_a_session_whose_template_is_gone_warns_and_exports(run, sessions_dir: Path, template: Template) -> None:
    session, path = store.create("Orphan", template, sessions_dir)
    session.template_id = "vanished"
    session.set_answer("old-step", "field", "kept words")
    store.save(session, path)
    code, out, err = run("export", "Orphan")
    assert code == 0
    assert "kept words" in out
    assert err.startswith("warning:") and "vanished" in err


def test_export_into_an_unwritable_place(run, session_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run("export", str(session_file), "-o", str(blocker / "out.md"))
    assert code == 1
    one_error_line(err, str(blocker))
    assert blocker.read_text() == "x"


# ---------------------------------------------------------------- templates
def test_templates_lists_the_built_in_one(run, template: Template) -> None:
    code, out, err = run("templates")
    assert code == 0 and err == ""
    header, *rows = out.strip().split("\n")
    assert header.split()[:4] == ["ID", "TITLE", "STAGES", "STEPS"]
    row = next(r for r in rows if r.startswith(template.id))
    assert f" {len(template.stages)} " in row and f" {len(template.steps)} " in row
    assert "built-in" in row and str(Path(template.path)) in row


def test_templates_shows_user_templates_and_warns_about_broken_ones(run, user_templates_dir: Path, template: Template) -> None:
    text = Path(template.path).read_text(encoding="utf-8").replace('id = "working-backwards"', 'id = "team"', 1)
    (user_templates_dir / "team.toml").write_text(text)
    (user_templates_dir / "broken.toml").write_text("id = ")
    code, out, err = run("templates")
    assert code == 0
    assert any(line.startswith("team ") and "user" in line for line in out.split("\n"))
    assert err.strip() == f"warning: {user_templates_dir / 'broken.toml'}:1:6: invalid TOML: invalid value at the end of the file (is something left open?)" or (
        err.startswith(f"warning: {user_templates_dir / 'broken.toml'}:1:") and err.count("\n") == 1
    )


# ---------------------------------------------------------------- validate
def test_validate_a_good_session(run, session_file: Path) -> None:
    code, out, err = run("validate", str(session_file))
    assert code == 0, err
    assert out.startswith(f"{session_file}: valid session 'Pocket Planner'")


def test_validate_the_built_in_template(run, template: Template) -> None:
    code, out, _ = run("validate", template.path)
    assert code == 0
    assert "valid template 'working-backwards'" in out


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ('schema_version = 1\ntitle = "Pocket\n', ":2:"),
        ("schema_version = 1\n[answers\n", ":2:"),
        ('schema_version = 1\ntitle = "x"\ntitle = "y"\n', ":3:"),
    ],
)
def test_validate_broken_toml_is_one_line_with_line_and_column(run, sessions_dir: Path, text: str, location: str) -> None:
    path = sessions_dir / "broken.toml"
    path.write_bytes(text.encode())
    before = path.read_bytes()
    stat = path.stat()
    code, out, err = run("validate", str(path))
    assert code == 1 and out == ""
    line = one_error_line(err, f"{path}{location}", "invalid TOML")
    assert line.split(f"{path}{location}")[1].split(":")[0].isdigit()  # a column too
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns


def test_validate_broken_toml_in_a_subprocess_has_no_traceback(sessions_dir: Path) -> None:
    path = sessions_dir / "broken.toml"
    path.write_text('schema_version = 1\ntitle = "x"\nanswers = {\n')
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "validate", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert result.stdout == ""
    one_error_line(result.stderr, f"{path}:3:")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('title = "x"\nanswers = {}\n', "schema_version: is required but missing"),
        ('schema_version = 1\ntitle = "x"\n[answers]\nwho = "flat"\n', "answers.who: expected a table"),
        ('id = "t"\ntitle = "T"\nstages = []\n', "stages: needs at least one"),
        ('hello = "world"\n', "neither a session"),
    ],
)
def test_validate_schema_problems_name_the_key(run, sessions_dir: Path, text: str, needle: str) -> None:
    path = sessions_dir / "odd.toml"
    path.write_text(text)
    before = path.read_bytes()
    code, _, err = run("validate", str(path))
    assert code == 1
    one_error_line(err, f"{path}: {needle}")
    assert path.read_bytes() == before


def test_validate_a_missing_file_and_a_folder(run, sessions_dir: Path) -> None:
    code, _, err = run("validate", str(sessions_dir / "nope.toml"))
    assert code == 1
    one_error_line(err, f"{sessions_dir / 'nope.toml'}: no such file")
    code, _, err = run("validate", str(sessions_dir))
    assert code == 1
    one_error_line(err, "folder")


def test_validate_several_files_reports_each(run, session_file: Path, sessions_dir: Path) -> None:
    broken = sessions_dir / "broken.toml"
    broken.write_text("x = [\n")
    code, out, err = run("validate", str(session_file), str(broken))
    assert code == 1
    assert out.startswith(f"{session_file}: valid session")
    one_error_line(err, str(broken))


def test_validate_warns_about_answers_for_unknown_steps(run, session_file: Path) -> None:
    session = store.load(session_file)
    session.set_answer("retired", "field", "kept")
    store.save(session, session_file)
    code, out, err = run("validate", str(session_file))
    assert code == 0
    assert "valid session" in out
    assert "answers.retired" in err and err.startswith("warning:")


def test_validate_the_example_sessions(run, examples_dir: Path) -> None:
    files = sorted(examples_dir.glob("*.toml"))
    if not files:
        pytest.skip("no example sessions yet")
    code, out, err = run("validate", *map(str, files))
    assert code == 0, err
    assert out.count("valid session") == len(files)
    assert "error" not in err


def test_example_sessions_export_cleanly(run, examples_dir: Path) -> None:
    for path in sorted(examples_dir.glob("*.toml")):
        code, out, err = run("export", str(path))
        assert code == 0, err
        assert out.startswith("# ") and "warning" not in err


# ---------------------------------------------------------------- --sessions-dir everywhere
def test_sessions_dir_option_works_with_every_command(run, app_calls: list, tmp_path: Path, sessions_dir: Path) -> None:
    other = tmp_path / "other-sessions"
    for before in (True, False):
        where = ["--sessions-dir", str(other)]

        def call(*args: str) -> Run:
            return run(*where, *args) if before else run(args[0], *where, *args[1:])

        code, out, _ = call("new", f"Idea {before}", "--no-open")
        assert code == 0 and Path(out.strip()).parent == other
        assert f"Idea {before}" in call("list")[1]
        assert call("export", f"Idea {before}")[1].startswith(f"# Idea {before}")
        assert call("open", f"Idea {before}")[0] == 0
        assert call("templates")[0] == 0
        assert call("validate", out.strip())[0] == 0
    assert app_calls[-1]["sessions_dir"] == other
    assert list(sessions_dir.iterdir()) == []  # the default folder was never used
    assert "No sessions" in run("list")[1]


def test_environment_variable_sets_the_sessions_dir(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKSHOP_SESSIONS_DIR", str(tmp_path / "from-env"))
    code, out, _ = run("new", "Idea", "--no-open")
    assert Path(out.strip()).parent == tmp_path / "from-env"


def test_unexpected_os_errors_are_one_line(run, monkeypatch: pytest.MonkeyPatch, session_file: Path) -> None:
    def broken_list(folder: Path):
        raise OSError(5, "Input/output error", str(folder))

    monkeypatch.setattr(store, "list_sessions", broken_list)
    code, _, err = run("list")
    assert code == 1
    one_error_line(err, "Input/output error")


def test_export_dash_as_a_second_word_writes_to_stdout(run, session_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`workshop export NAME -` (the issue's spelling) works like `-o -`; a file works too."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run("export", "pocket-planner", "-")
    assert code == 0 and err == "" and out == run("export", "pocket-planner", "-o", "-")[1]
    assert list(here.iterdir()) == []
    code, out, err = run("export", "pocket-planner", "prfaq.md")
    assert code == 0 and out == "" and (here / "prfaq.md").read_text(encoding="utf-8").startswith("# Pocket Planner\n")
    code, out, err = run("export", "pocket-planner", "b.md", "-o", "a.md")
    assert code != 0 and "two outputs" in err and not (here / "a.md").exists() and not (here / "b.md").exists()
