"""Provides the `workshop` command line; `main` runs it (the console script, `workshop.launch:main`, calls it).

One module per concern: `parser` (argparse, every command), `commands` (the
core commands), `restore`, `check`, `example`, `completion`, `schema` (one
command each), `json_output`, and `base` (exit codes, CliError).
"""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Sequence

from ..startup import resume_collector
from .base import EXIT_ERROR, EXIT_OK, CliError
from .commands import cmd_home, cmd_open

if TYPE_CHECKING:
    import argparse


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Everything the commands print goes through `workshop.safe.shown()`: a
    title, file name or key name can't send the terminal escape sequences.
    """
    from ..safe import SafeStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)  # type: ignore[assignment]
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    from ..storage.atomic import SaveError
    from ..storage.listing import NotFound
    from ..storage.tomlio import FileProblem

    words = sys.argv[1:] if argv is None else list(argv)
    args = quick_args(words)
    if args is None:  # anything but `workshop [open REF]`: argparse
        args = _parse(words)
    func = getattr(args, "func", cmd_home)
    if func not in (cmd_open, cmd_home):
        # Held off since launch (workshop.launch); only these two start the app at once, and
        # keep it off until its first frame. Every other command runs with it on.
        resume_collector()
    try:
        return func(args)
    except CliError as error:
        print(f"workshop: error: {error}", file=sys.stderr)
        return error.code
    except FileProblem as problem:
        print(f"workshop: error: {problem.describe()}", file=sys.stderr)
        return EXIT_ERROR
    except (NotFound, LookupError, SaveError, ValueError) as error:
        print(f"workshop: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"workshop: error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR


def _parse(words: list[str]) -> argparse.Namespace:
    """Parse a command line with argparse (exits with its message on an error, as argparse does)."""
    from .parser import build_parser, command_in

    parser = build_parser(only=command_in(words))  # that command alone
    args, extra = parser.parse_known_args(words)
    if extra and getattr(args, "command", None) == "export" and args.target is None and len(extra) == 1 and (
        extra[0] == "-" or not extra[0].startswith("-")
    ):
        # argparse fills an optional positional only before the options: `export NAME --clean -` leaves OUT behind.
        args.target, extra = extra[0], []
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def quick_args(words: Sequence[str]) -> SimpleNamespace | None:
    """What argparse makes of `workshop`, `workshop open REF` (optionally with
    `--sessions-dir DIR` or `--sessions-dir=DIR` before the command), without it.

    These start the app, and importing and building argparse's parser is ~1.5 ms
    of their start-up (issue 12 §4). None for every other command line, which
    argparse parses; tests/test_cli_parser_alone.py holds both to the same result.
    """
    rest = list(words)
    sessions_dir = None
    if rest and rest[0].startswith("--sessions-dir="):
        sessions_dir = rest.pop(0).partition("=")[2]
    elif len(rest) >= 2 and rest[0] == "--sessions-dir" and not rest[1].startswith("-"):
        sessions_dir = rest[1]
        del rest[:2]
    if not rest:
        return SimpleNamespace(sessions_dir=sessions_dir, command=None, func=cmd_home)
    if len(rest) == 2 and rest[0] == "open" and not rest[1].startswith("-"):
        return SimpleNamespace(sessions_dir=sessions_dir, command="open", ref=rest[1], func=cmd_open)
    return None
