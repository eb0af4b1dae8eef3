"""Provides the argument parser: every command, the shared options, and how commands register.

`build_parser()` builds every command (for `--help`, completion scripts and
errors); `build_parser(only=command_in(argv))` builds just the command a
command line runs, without importing the other commands' modules (start-up,
issue 12 §4), and parses that command line exactly as the whole parser does.
"""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import Callable, Sequence

from .. import __version__
from .commands import (
    cmd_export,
    cmd_list,
    cmd_new,
    cmd_open,
    cmd_templates,
    cmd_validate,
)

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command_in(argv: Sequence[str]) -> str | None:
    """The command `argv` runs, when a parser of that command alone parses it the same; else None.

    None (build the whole parser) for no command, `--help`, `--version`, an
    abbreviated or unknown option or command (their help and errors list
    every command), and for `completion` (its scripts cover every command).
    """
    args = iter(argv)
    for arg in args:
        if arg == "--sessions-dir":
            next(args, None)
        elif not arg.startswith("--sessions-dir="):
            return arg if arg in ALONE else None  # an option (or `--`) starts with "-": None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with every command (`only`: that command alone, see `command_in`)."""
    parser = argparse.ArgumentParser(
        prog="workshop",
        description="Run a Working Backwards workshop and write a PR/FAQ, in your terminal.",
        epilog="Run `workshop` with no command to open the home screen.",
    )
    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    parser.add_argument(
        "--sessions-dir",
        metavar="DIR",
        help="folder of session files (default: $WORKSHOP_SESSIONS_DIR or your user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    # --sessions-dir also works after the command (`workshop list --sessions-dir X`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--sessions-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str):
        command = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        command.set_defaults(func=func)
        COMMANDS[name] = func
        return command

    for name, register in CORE_COMMANDS.items():
        if only in (None, name):
            register(add)
    for name in COMMAND_MODULES:
        if only in (None, name):
            import_module(f".{name}", __package__).register(add)
    parser.set_defaults(parser=parser)  # `workshop completion` writes its script from it
    return parser


Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]
"""`add(name, func, help)`: adds a command to the parser and returns its own parser."""


def _new(add: Add) -> None:
    new = add("new", cmd_new, "start a new session and open it")
    new.add_argument("title", metavar="TITLE", help="what the session is about")
    new.add_argument("--template", metavar="ID|PATH", help="template id or .toml file (default: working-backwards)")
    new.add_argument("--facilitator", metavar="NAME", help="who runs the session")
    new.add_argument("--participant", metavar="NAME", action="append", help="a participant (repeat for each)")
    new.add_argument("--no-open", action="store_true", help="only create the file and print its path")


def _open(add: Add) -> None:
    open_ = add("open", cmd_open, "resume a session where it was left")
    open_.add_argument("ref", metavar="REF", help="a file path, a file name in the sessions folder, a title, or the unique beginning of a name or title")


def _list(add: Add) -> None:
    # Here, not at the top: `workshop open` builds its own command alone (start-up, issue 12 §4).
    from .completion import add_names_option
    from .json_output import add_format_option

    listing = add("list", cmd_list, "list sessions with progress and last change")
    add_format_option(listing)
    add_names_option(listing)  # hidden: session names for shell completion


def _export(add: Add) -> None:
    export = add("export", cmd_export, "write a session as a PR/FAQ in Markdown, HTML or Word")
    export.add_argument("ref", metavar="REF", help="a file path, a file name in the sessions folder, a title, or the unique beginning of a name or title")
    export.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE (never replacing one without --force), or into an existing folder as "
        "<session>.md/.html/.docx (`-` or none: standard output)",
    )
    export.add_argument(
        "target", metavar="OUT", nargs="?", default=None,
        help="the same as -o: a file, an existing folder, or - for standard output",
    )
    export.add_argument(
        "--with-comments",
        action="store_true",
        help="add an appendix listing the review comments still open",
    )
    export.add_argument(
        "--format", dest="export_format", choices=("markdown", "html", "docx"), default=None,
        help="markdown (default), html (one standalone page) or docx (Word); "
        "by default the one the -o file name ends in (.md, .html, .docx)",
    )
    export.add_argument(
        "--clean", action="store_true",
        help="the copy you circulate: no appendices, no unanswered questions",
    )
    export.add_argument("--gfm", action="store_true", help="Markdown with GitHub tables (default: strict CommonMark)")
    export.add_argument("--force", action="store_true", help="replace the output file if it exists")


def _templates(add: Add) -> None:
    from .json_output import add_format_option

    add_format_option(add("templates", cmd_templates, "list available workshop templates"))


def _validate(add: Add) -> None:
    validate = add("validate", cmd_validate, "check session or template files")
    validate.add_argument("files", metavar="FILE", nargs="+", help="the .toml files to check")


CORE_COMMANDS: dict[str, Callable[[Add], None]] = {
    "new": _new,
    "open": _open,
    "list": _list,
    "export": _export,
    "templates": _templates,
    "validate": _validate,
}
"""The core commands (cli/commands.py), in the order `--help` lists them, and what adds each."""

COMMAND_MODULES = ("restore", "check", "example", "completion", "schema", "host", "link", "join")
"""Modules of workshop.cli (each named after its one command, listed in this order after
the core ones) with a `register(add)` function that adds the command; imported only
when their command is built.

`add(name, func, help)` returns the command's argparse parser; `func(args)`
returns the exit code and may raise CliError for a one-line error.
"""

ALONE = frozenset(CORE_COMMANDS) | (frozenset(COMMAND_MODULES) - {"completion"})
"""Commands a parser of their own parses exactly as the whole parser does."""
