"""Tests for `workshop completion bash|zsh|fish` and the session names it completes (issue 16 §1).

The bash script is run for real in bash (its completion function called with
COMP_WORDS as bash would set them); the zsh and fish scripts are parsed by
their shells, and fish's completions are asked for with `complete -C`. The
shells' calls back into `workshop` go to this checkout through a small
`workshop` shim on PATH.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import cli
from workshop.cli import completion
from workshop.cli.parser import build_parser

SRC = Path(__file__).resolve().parents[1] / "src"

HOSTILE = ["$(touch pwned)", "`touch pwned`", "my session", "it's \"quoted\"; ls | cat &"]
"""Session names a shell would run or split if it inserted them as they are."""
UNSAFE = ["esc\x1b[31m", "bell\x07", "c1\x9bx", "new\nline", "tab\tbed", "-rf"]
"""Session names left out of the completions."""


def _session(folder: Path, name: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text('schema_version = 1\ntitle = "x"\n', encoding="utf-8")
    return path


@pytest.fixture
def shell_env(tmp_path: Path, sessions_dir: Path) -> dict[str, str]:
    """An environment whose `workshop` on PATH is this checkout's, sessions in `sessions_dir`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "workshop"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m workshop "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(SRC),
        WORKSHOP_SESSIONS_DIR=str(sessions_dir),
        LC_ALL="C.UTF-8",
    )
    return env


def _script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["completion", shell]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


# ---------------------------------------------------------------- the names it offers
def test_list_names_prints_safe_session_names_only(sessions_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ["beta", "alpha", *HOSTILE, *UNSAFE]:
        _session(sessions_dir, name)
    outside = tmp_path / "outside.toml"
    outside.write_text('schema_version = 1\ntitle = "x"\n', encoding="utf-8")
    (sessions_dir / "planted.toml").symlink_to(outside)  # leads out of the folder: `open` refuses it
    (sessions_dir / ".hidden.toml").write_text("", encoding="utf-8")
    assert cli.main(["list", "--names"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.split("\n")[:-1] == sorted(["alpha", "beta", *HOSTILE])
    assert cli.main(["--sessions-dir", str(tmp_path / "nowhere"), "list", "--names"]) == 0
    assert capsys.readouterr().out == ""


def test_list_names_is_hidden_and_fast_to_import(sessions_dir: Path, shell_env: dict[str, str]) -> None:
    _session(sessions_dir, "alpha")
    code = (
        "import sys; from workshop import cli; cli.main(['list', '--names']); "
        "sys.stderr.write(' '.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'shtab')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=shell_env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout == "alpha\n"
    assert result.stderr == ""  # no Textual, no Rich, not even shtab: each TAB stays quick
    help_text = subprocess.run(
        [sys.executable, "-m", "workshop", "list", "--help"], env=shell_env, capture_output=True, text=True, timeout=60
    ).stdout
    assert "--format" in help_text and "--names" not in help_text


# ---------------------------------------------------------------- bash, for real
BASH_DRIVER = r"""
source <(workshop completion bash) || exit 9
comp() {
  COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
  _shtab_workshop_complete workshop "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}"; echo "--"
}
"""


def _bash(env: dict[str, str], cwd: Path, body: str) -> list[list[str]]:
    """Run `body` after the driver; return the completions of each `comp` call."""
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", BASH_DRIVER + body],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [[w for w in group.split("\n") if w] for group in result.stdout.split("--\n")[:-1]]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_and_session_names(sessions_dir: Path, shell_env: dict[str, str], tmp_path: Path) -> None:
    for name in ["alpha", "alpha-2", "beta", "esc\x1b[31m"]:
        _session(sessions_dir, name)
    other = tmp_path / "other dir"
    other.mkdir()
    _session(other, "zeta")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    lines = _bash(shell_env, cwd, f"""
comp workshop ""
comp workshop open ""
comp workshop export al
comp workshop check --sessions-dir '{other}' ""
comp workshop --sessions-dir {str(other).replace(' ', chr(92) + ' ')} restore ""
comp workshop completion ""
comp workshop export alpha --w
""")
    commands, names, prefixed, folder_option, folder_global, shells, option = lines
    assert {"new", "open", "list", "export", "check", "restore", "example", "completion"} <= set(commands)
    assert names == ["alpha", "alpha-2", "beta"]  # the ESC name is left out
    assert prefixed == ["alpha", "alpha-2"]
    assert folder_option == folder_global == ["zeta"]
    assert shells == ["bash", "zsh", "fish"]
    assert option == ["--with-comments"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_inserts_hostile_names_as_one_literal_word(sessions_dir: Path, shell_env: dict[str, str], tmp_path: Path) -> None:
    for name in HOSTILE:
        _session(sessions_dir, name)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    # Each completion, parsed by bash as the command line would be, must be the name itself.
    (found,) = _bash(shell_env, cwd, 'comp workshop open ""\n')
    assert len(found) == len(HOSTILE)
    parsed = _bash(shell_env, cwd, "".join(f"eval 'words=( '{shlex.quote(word)}' )'; printf '%s\\n' \"${{words[@]}}\" --\n" for word in found))
    assert sorted(parsed) == sorted([name] for name in HOSTILE)
    assert not list(cwd.iterdir()) and not list(sessions_dir.parent.rglob("pwned"))  # nothing ran


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_paths_once_the_word_looks_like_one(sessions_dir: Path, shell_env: dict[str, str], tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    (cwd / "sub dir").mkdir(parents=True)
    (cwd / "notes.toml").write_text("", encoding="utf-8")
    lines = _bash(shell_env, cwd, "comp workshop open ./\ncomp workshop open ./su\n")
    assert sorted(lines[0]) == ["./notes.toml", "./sub\\ dir/"]
    assert lines[1] == ["./sub\\ dir/"]


# ---------------------------------------------------------------- zsh and fish
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "_workshop"
    script.write_text(_script("zsh", capsys), encoding="utf-8")
    result = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#compdef workshop") and "_shtab_workshop_sessions" in text


ZSH_DRIVER = r"""
eval "$(sed -n '/^_shtab_workshop_sessions()/,/^}/p' "$1")"
_wanted() { shift 3; "$@" }          # stand-ins for the completion system's builtins:
compadd() { shift; print -rl -- "${(@P)1}" }   # print what would be offered
_files() { print -- FILES }
comp() { LBUFFER=$1; PREFIX=$2; _shtab_workshop_sessions; print -- -- }
"""


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_session_names_honour_the_sessions_folder(sessions_dir: Path, shell_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ["alpha", "my session", "esc\x1b[31m"]:
        _session(sessions_dir, name)
    other = tmp_path / "other dir"
    other.mkdir()
    _session(other, "zeta")
    script = tmp_path / "_workshop"
    script.write_text(_script("zsh", capsys), encoding="utf-8")
    quoted, escaped = shlex.quote(str(other)), str(other).replace(" ", "\\ ")
    lines = [
        "workshop open ",
        f"workshop --sessions-dir {quoted} export ",
        f"workshop check --sessions-dir={escaped} ",
    ]
    body = "".join(f"comp {shlex.quote(line)} ''\n" for line in lines) + "comp 'workshop open ./' './'\n"
    result = subprocess.run(
        ["zsh", "-f", "-c", ZSH_DRIVER + body, "zsh", str(script)],
        env=shell_env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    groups = [[w for w in group.split("\n") if w] for group in result.stdout.split("--\n")[:-1]]
    assert groups == [["alpha", "my session"], ["zeta"], ["zeta"], ["FILES"]]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_session_names(sessions_dir: Path, shell_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ["alpha", "alpha-2", *HOSTILE, "esc\x1b[31m"]:
        _session(sessions_dir, name)
    other = tmp_path / "other dir"
    other.mkdir()
    _session(other, "zeta")
    script = tmp_path / "workshop.fish"
    script.write_text(_script("fish", capsys), encoding="utf-8")
    assert subprocess.run(["fish", "-n", str(script)], timeout=60).returncode == 0
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        ["fish", "--no-config", "-c", f"source '{script}'; complete -C 'workshop open '; echo ---; complete -C 'workshop check al'; "
         f"echo ---; complete -C 'workshop open --sessions-dir \"{other}\" '"],
        env={**shell_env, "HOME": str(home)}, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    everything, prefixed, elsewhere = result.stdout.split("---\n")
    assert [line.split("\t")[0] for line in elsewhere.splitlines()] == ["zeta"]
    assert sorted(line.split("\t")[0] for line in everything.splitlines()) == sorted(["alpha", "alpha-2", *HOSTILE])
    assert [line.split("\t")[0] for line in prefixed.splitlines()] == ["alpha", "alpha-2"]
    assert not list(tmp_path.rglob("pwned"))


def test_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["completion", "powershell"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_every_session_command_completes_session_names() -> None:
    parser = completion.annotated_parser(build_parser())
    subcommands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in completion.SESSION_COMMANDS:
        ref = next(a for a in subcommands[name]._actions if a.dest == "ref")
        assert ref.complete is completion.SESSION_COMPLETION


def test_completion_help_says_how_to_install_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["completion", "--help"])
    out = capsys.readouterr().out
    assert 'eval "$(workshop completion bash)"' in out and 'eval "$(workshop completion zsh)"' in out
    assert "workshop completion fish > ~/.config/fish/completions/workshop.fish" in out
