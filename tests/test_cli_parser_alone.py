"""Tests that the parser of one command alone parses its command lines as the whole parser does (issue 12 §4).

`workshop open X` builds only the `open` command (and imports no other
command's module); help, version, completion and errors still come from the
parser with every command.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.cli import parser as cli_parser

FULL = cli_parser.build_parser()
SUBPARSERS = next(a for a in FULL._actions if isinstance(a, argparse._SubParsersAction))
NAMES = list(SUBPARSERS.choices)


def _argv_samples(name: str) -> list[list[str]]:
    """Command lines for `name`: its positionals, then with every option, then broken ones."""
    command = SUBPARSERS.choices[name]
    positionals: list[str] = []
    options: list[str] = []
    for action in command._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            positionals.append(action.choices[0] if action.choices else "x")
        elif action.nargs == 0:
            options.append(action.option_strings[-1])
        else:
            options += [action.option_strings[-1], str(next(iter(action.choices))) if action.choices else "v"]
    return [
        [name, *positionals],
        [name, *positionals, *options],
        ["--sessions-dir", "/tmp/s", name, *positionals],
        ["--sessions-dir=/tmp/s", name, *positionals, "--sessions-dir", "/tmp/t"],
        [name],
        [name, *positionals, "--no-such-option"],
        [name, "--help"],
    ]


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> tuple:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args, extra = parser.parse_known_args(argv)
        except SystemExit as exit_:
            return ("exit", exit_.code, out.getvalue(), err.getvalue())
    found = {key: value for key, value in vars(args).items() if key != "parser"}
    return ("parsed", found, extra, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("name", NAMES)
def test_one_command_alone_parses_like_the_whole_parser(name: str) -> None:
    for argv in _argv_samples(name):
        only = cli_parser.command_in(argv)
        assert only == (None if name == "completion" else name), argv
        alone = cli_parser.build_parser(only=only)
        assert _parse(alone, argv) == _parse(cli_parser.build_parser(), argv), argv


def test_the_command_is_found_past_the_shared_option() -> None:
    assert cli_parser.command_in(["open", "x"]) == "open"
    assert cli_parser.command_in(["--sessions-dir", "open", "list"]) == "list"
    assert cli_parser.command_in(["--sessions-dir=here", "check", "x"]) == "check"
    assert cli_parser.command_in(["host", "--help"]) == "host"


@pytest.mark.parametrize(
    "argv",
    [[], ["--help"], ["-h", "open"], ["--version"], ["--sess", "x", "open", "y"], ["--", "open"],
     ["bogus"], ["completion", "bash"], ["--sessions-dir"], ["ope", "x"]],
)
def test_help_errors_and_completion_get_every_command(argv: list[str]) -> None:
    assert cli_parser.command_in(argv) is None


def test_the_alone_parser_has_that_command_only() -> None:
    alone = cli_parser.build_parser(only="open")
    action = next(a for a in alone._actions if isinstance(a, argparse._SubParsersAction))
    assert list(action.choices) == ["open"]
    assert set(NAMES) == set(cli_parser.CORE_COMMANDS) | set(cli_parser.COMMAND_MODULES)


_OPEN = """\
import sys
from workshop import cli
from workshop.cli import commands
commands._run_app = lambda **kwargs: 0
assert cli.main(["--sessions-dir", sys.argv[1], "open", sys.argv[2]]) == 0
print(" ".join(sorted(sys.modules)))
"""


def test_workshop_open_imports_no_other_command(sessions_dir: Path, tmp_path: Path) -> None:
    from workshop import cli

    assert cli.main(["--sessions-dir", str(tmp_path), "new", "Idea", "--no-open"]) == 0
    done = subprocess.run(
        [sys.executable, "-c", _OPEN, str(tmp_path), "idea"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    others = {f"workshop.cli.{name}" for name in cli_parser.COMMAND_MODULES} - {"workshop.cli.completion"}
    assert "workshop.cli.commands" in loaded
    assert not others & loaded, sorted(others & loaded)
    assert not {"workshop.recovery", "workshop.examples", "workshop.schemas"} & loaded
    # `workshop open REF` is parsed without argparse (cli.quick_args): none of it is imported.
    assert not {"argparse", "gettext", "workshop.cli.parser", "workshop.cli.completion"} & loaded


QUICK = [
    [], ["open", "x"], ["open", "my session.toml"], ["open", "Ideen für 2027"], ["open", ""],
    ["open", "a=b"], ["--sessions-dir", "d", "open", "x"], ["--sessions-dir=d", "open", "x"],
    ["--sessions-dir=", "open", "x"], ["--sessions-dir=a=b", "open", "x"], ["--sessions-dir", "d"],
    ["--sessions-dir=d"], ["--sessions-dir", "open", "open", "x"],
]
"""Command lines `quick_args` parses itself: `workshop` and `workshop open REF`."""

NOT_QUICK = [
    ["open"], ["open", "-x"], ["open", "-"], ["open", "--help"], ["open", "a", "b"], ["open", "--", "x"],
    ["open", "x", "--sessions-dir", "d"], ["--sessions-dir", "open", "list"], ["--sessions-dir"],
    ["--sessions-dir", "-x", "open", "a"], ["--sess", "d", "open", "x"], ["--sessions-dir=d", "list"],
    ["-h"], ["--help"], ["--version"], ["op", "x"], ["--", "open", "x"], ["list"], ["new", "x"],
    ["export", "x"], ["--sessions-dir", "d", "--sessions-dir", "e", "open", "x"],
]
"""Everything else goes to argparse (its errors, help, abbreviations and other commands)."""


@pytest.mark.parametrize("argv", QUICK, ids=repr)
def test_quick_args_parse_workshop_and_open_as_argparse_does(argv: list[str]) -> None:
    from workshop import cli
    from workshop.cli.commands import cmd_home

    quick = cli.quick_args(argv)
    assert quick is not None
    full = FULL.parse_args(argv)
    expected = {key: value for key, value in vars(full).items() if key != "parser"}
    expected["func"] = getattr(full, "func", cmd_home)  # argparse sets none without a command
    assert vars(quick) == expected


@pytest.mark.parametrize("argv", NOT_QUICK, ids=repr)
def test_every_other_command_line_goes_to_argparse(argv: list[str]) -> None:
    from workshop import cli

    assert cli.quick_args(argv) is None
