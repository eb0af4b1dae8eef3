"""Provides the core commands (new, open, list, export, templates, validate): a thin layer over store, content and export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.text import plural
from ..startup import collector_paused
from ..storage import listing, paths
from .base import EXIT_ERROR, EXIT_OK, CliError

if TYPE_CHECKING:  # `workshop open` and `workshop` alone are parsed without argparse (cli.quick)
    import argparse


# ------------------------------------------------------------------ helpers
def _folder(args: argparse.Namespace) -> Path:

    return paths.sessions_dir(args.sessions_dir)


def _load(ref: str, args: argparse.Namespace):
    """Find and load a session; return (session, path, template or None).

    A template that is missing or broken is reported as a warning (the
    session is still usable without it).
    """
    from .. import content, store
    from ..storage.tomlio import FileProblem

    path = listing.find(ref, _folder(args))
    session = store.load(path)
    try:
        template = content.resolve_id(session.template_id)
    except LookupError:
        template = None
    except FileProblem as problem:
        print(f"warning: {problem.describe()}", file=sys.stderr)
        template = None
    return session, path, template


def _cell(text: str) -> str:
    """Return text on one line (control characters as pictures, other unprintables as spaces)."""
    from ..safe import shown

    return " ".join("".join(c if c.isprintable() else " " for c in shown(text)).split())


@collector_paused()  # no cyclic collection until the app's first frame (workshop.startup)
def _run_app(**kwargs: object) -> int:
    try:
        from ..app import run
    except ModuleNotFoundError as error:
        if error.name not in ("workshop.app", "workshop"):
            raise
        raise CliError(
            "the terminal interface is not available in this build yet; "
            "use `workshop --help` for the commands that are"
        ) from None
    return run(**kwargs)


# ------------------------------------------------------------------ commands
def cmd_home(args: argparse.Namespace) -> int:
    """Open the TUI's home screen."""
    return _run_app(sessions_dir=_folder(args))


def cmd_new(args: argparse.Namespace) -> int:
    """Create a session and open it (or print its path with --no-open)."""
    from .. import content, store

    template = content.resolve(args.template)
    session, path = store.create(
        args.title,
        template,
        _folder(args),
        facilitator=args.facilitator or "",
        participants=args.participant or [],
    )
    if args.no_open:
        print(path)
        return EXIT_OK
    return _run_app(sessions_dir=_folder(args), session_path=path)


@collector_paused()  # from before the session is read (workshop.startup)
def cmd_open(args: argparse.Namespace) -> int:
    """Resume a session in the TUI where it was left."""
    from ..document import OpenDocument

    path = listing.find(args.ref, _folder(args))
    # Opened here to report a broken file before the TUI starts; the app then
    # uses this document instead of parsing the file a second time.
    document = OpenDocument.open(path, later=True)  # the app settles it after its first frame
    try:
        return _run_app(sessions_dir=_folder(args), session_path=path, document=document)
    finally:
        document.close()  # the app releases it too; safe twice, and covers a failed start


def cmd_list(args: argparse.Namespace) -> int:
    """Print the sessions in the sessions folder."""
    from .. import store

    folder = _folder(args)
    if args.names:
        from .completion import print_names

        return print_names(folder)  # fast: the folder listing only, for shell completion
    rows = store.list_sessions(folder)
    if args.format == "json":
        from .json_output import print_sessions

        return print_sessions(folder, rows)  # broken files are in it, with their error
    if not rows:
        print(f"No sessions in {folder}. Start one with: workshop new \"My idea\"")
        return EXIT_OK
    table = [("TITLE", "TEMPLATE", "PROGRESS", "UPDATED", "FILE")]
    for row in rows:
        if row.problem:
            table.append((_cell(row.title), "-", "unreadable", "-", row.path.name))
            continue
        updated = row.updated.astimezone().strftime("%Y-%m-%d %H:%M") if row.updated else "-"
        progress = f"{row.answered}/{plural(row.total, 'step')}" if row.total else "?"
        table.append(
            (_cell(row.title) or "(untitled)", _cell(row.template_id), progress, updated, row.path.name)
        )
    widths = [min(max(len(r[i]) for r in table), 48) for i in range(len(table[0]) - 1)]
    for row in table:
        cells = [row[i][:48].ljust(widths[i]) for i in range(len(widths))]
        print("  ".join(cells + [row[-1]]))
    for row in rows:
        if row.problem:
            print(f"warning: {row.problem}", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the session as Markdown, HTML or Word to stdout or a file."""
    from ..export.target import TargetError, output_file
    from ..export.write import SUFFIX, ExportOptions, format_for, render, write_export

    session, path, template = _load(args.ref, args)
    with_comments = getattr(args, "with_comments", False)
    target = getattr(args, "target", None)
    if target is not None:
        if args.output is not None and args.output != target:
            raise CliError(f"two outputs given ({args.output} and {target}); give one, as -o FILE or OUT")
        args.output = target
    to_stdout = not args.output or args.output == "-"
    fmt = getattr(args, "export_format", None)
    try:
        out = None if to_stdout else output_file(args.output, path, SUFFIX[fmt or "markdown"])
        fmt = format_for(out, fmt)
    except TargetError as error:
        raise CliError(str(error)) from None
    if getattr(args, "clean", False) and with_comments:
        raise CliError("--clean leaves the appendices out and --with-comments adds one; give only one of them")
    if getattr(args, "gfm", False) and fmt != "markdown":
        raise CliError(f"--gfm is for Markdown; {fmt} has its own tables (leave --gfm out)")
    if to_stdout and fmt == "docx" and sys.stdout.isatty():
        raise CliError("a Word document is binary: give -o FILE.docx, or redirect the output (> FILE.docx)")
    if template is None:
        print(
            f"warning: {path}: template {session.template_id!r} not found; "
            "exporting answers under their step ids",
            file=sys.stderr,
        )
    options = ExportOptions(
        format=fmt, clean=getattr(args, "clean", False), gfm=getattr(args, "gfm", False), with_comments=with_comments
    )
    if out is None:
        data = render(session, template, options)
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # binary: not text a terminal would read (refused on a tty above)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return EXIT_OK
    try:
        write_export(session, template, out, session_path=path, options=options, force=getattr(args, "force", False))
    except TargetError as error:
        raise CliError(str(error)) from None
    print(f"Exported {session.title!r} to {out}", file=sys.stderr)
    return EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    """List the available templates."""
    from .. import content

    entries = content.discover()
    if args.format == "json":
        from .json_output import print_templates

        return print_templates(entries)  # broken templates are in it, with their error
    table = [("ID", "TITLE", "STAGES", "STEPS", "FROM")]
    problems = []
    for entry in entries:
        if entry.template is None:
            problems.append(entry.problem)
            continue
        t = entry.template
        table.append((t.id, t.title, str(len(t.stages)), str(len(t.steps)), f"{entry.source}: {entry.path}"))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]) - 1)]
    for row in table:
        print("  ".join([row[i].ljust(widths[i]) for i in range(len(widths))] + [row[-1]]))
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check session or template files; exit 0 when all are valid."""
    from ..storage.tomlio import FileProblem

    failed = 0
    for name in args.files:
        try:
            print(_validate_one(Path(name).expanduser()))
        except FileProblem as problem:
            print(f"workshop: error: {problem.describe()}", file=sys.stderr)
            failed += 1
    return EXIT_ERROR if failed else EXIT_OK


def _validate_one(path: Path) -> str:
    """Check one file; return the line to print (warnings go to stderr).

    Raises:
        FileProblem: the file is not a valid session or template.
    """
    from .. import content, store
    from ..storage import tomlio
    from ..storage.tomlio import FileProblem

    data = tomlio.read(path)
    if "schema_version" in data or "answers" in data:
        session = store.load(path)
        from ..load_warnings import unknown_key_warnings

        for warning in unknown_key_warnings(session, path):
            print(f"warning: {warning}", file=sys.stderr)
        try:
            template = content.resolve_id(session.template_id)
        except (LookupError, FileProblem) as error:
            reason = error.describe() if isinstance(error, FileProblem) else "not found"
            if not content.is_template_id(session.template_id):
                reason = "is not a template id (file paths in a session are not followed)"
            print(
                f"warning: {path}: template {session.template_id!r} {reason}; "
                "answers are kept but can't be checked against its steps",
                file=sys.stderr,
            )
            return f"{path}: valid session {_cell(session.title)!r}"
        step_ids = {s.id for s in template.steps}
        for step_id in session.answers:
            if step_id not in step_ids:
                print(
                    f"warning: {path}: answers.{step_id}: no such step in template "
                    f"{template.id!r}; the answers are kept and exported",
                    file=sys.stderr,
                )
        from ..load_warnings import field_shape_warnings

        for warning in field_shape_warnings(session, template, path):
            print(f"warning: {warning}", file=sys.stderr)
        if session.current_step and session.current_step not in step_ids:
            print(
                f"warning: {path}: current_step: {session.current_step!r} is not a step "
                f"of {template.id!r}; the session will open at the first step",
                file=sys.stderr,
            )
        answered, total = session.progress(template)
        return (
            f"{path}: valid session {_cell(session.title)!r} "
            f"({template.id}, {answered}/{plural(total, 'step')} answered, {plural(len(session.faq), 'FAQ item')})"
        )
    if "stages" in data or "id" in data:
        template = content.template_from_dict(data, path)
        return (
            f"{path}: valid template {template.id!r} "
            f"({plural(len(template.stages), 'stage')}, {plural(len(template.steps), 'step')})"
        )
    raise FileProblem(path, "neither a session (no schema_version) nor a template (no stages)")
