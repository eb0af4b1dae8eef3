"""Provides the one way an export reaches a file: build the PR/FAQ in a format, check the target, write it atomically.

The command line, the home screen, the session screen and the coach's
"with open comments" export all call `write_export` (or its older
Markdown-only spellings `write_markdown` / `write_snapshot`), so each of
them refuses the same targets (see `target.check_target`), never replaces
a file unless asked, and writes the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.session import Session
from ..model.template import Template
from ..storage import atomic
from .target import ExistsError, TargetError, check_target

FORMATS: tuple[str, ...] = ("markdown", "html", "docx")
"""Every export format, the default first."""

SUFFIX = {"markdown": ".md", "html": ".html", "docx": ".docx"}
"""The file name suffix each format writes."""

FORMAT_OF_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
"""The format a known suffix means (`-o x.docx` without `--format` writes Word)."""

LABEL = {"markdown": "Markdown", "html": "HTML", "docx": "Word"}
"""How a format is named to the user."""


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how."""

    format: str = "markdown"
    """`markdown`, `html` or `docx`."""
    clean: bool = False
    """The copy you circulate: no appendices, no unanswered questions."""
    gfm: bool = False
    """Markdown only: GitHub tables instead of strict CommonMark lists."""
    with_comments: bool = False
    """Add the appendix of open review comments (not in a clean copy)."""


def format_for(target: Path | None, fmt: str | None) -> str:
    """Return the format to write: `fmt` when given, else the one `target`'s suffix names, else Markdown.

    Raises:
        TargetError: `fmt` and the suffix disagree (`-o notes.html --format docx`).
    """
    implied = FORMAT_OF_SUFFIX.get(target.suffix.lower()) if target is not None else None
    if fmt is None:
        return implied or "markdown"
    if fmt not in FORMATS:
        raise TargetError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if implied is not None and implied != fmt:
        raise TargetError(
            f"{target}: the name ends in {target.suffix} but the format is {fmt}; "
            f"name it …{SUFFIX[fmt]} or leave the format out"
        )
    return fmt


def render(session: Session, template: Template | None, options: ExportOptions | None = None, **kwargs: Any) -> str | bytes:
    """Return the export of `session`: text for Markdown and HTML, bytes for Word.

    `options` (or the same fields as keywords) say which format and what goes in.
    """
    opts = options or ExportOptions(**kwargs)
    from .prfaq import build  # markdown-it and python-docx: not needed at start-up

    document = build(session, template, clean=opts.clean, with_comments=opts.with_comments and not opts.clean)
    if opts.format == "html":
        from .html import render as html

        return html(document)
    if opts.format == "docx":
        from .word import render as word

        return word(document)
    from .markdown import render as markdown

    return markdown(document, gfm=opts.gfm)


def markdown_text(session: Session, template: Template | None, *, with_comments: bool = False) -> str:
    """Return the Markdown PR/FAQ of `session` (with the open review comments appended if asked)."""
    return str(render(session, template, ExportOptions(with_comments=with_comments)))


def write_export(
    session: Session,
    template: Template | None,
    target: Path,
    *,
    session_path: Path | None,
    options: ExportOptions | None = None,
    force: bool = False,
) -> Path:
    """Write the export of `session` to `target`; return `target`.

    Safe to run in a worker thread when `session` is a snapshot nobody else
    changes.

    Args:
        session: What to export.
        template: Its template; None when it can't be found.
        target: The file to write.
        session_path: The session's own file, never written over (None for
            a session that has no file).
        options: Format and content (Markdown, everything, by default).
        force: Replace `target` if it exists (otherwise ExistsError).

    Raises:
        TargetError: the target is refused (a `.toml` file, the session itself,
            or a name whose suffix is another format's).
        ExistsError: `target` exists and `force` is False (nothing written).
        SaveError: the file can't be written (the old file is left as it was).
    """
    target = Path(target)
    check_target(target, session_path)
    options = options or ExportOptions()
    format_for(target, options.format)  # never Word bytes in a .md, nor Markdown in a .docx
    if not force and (target.exists() or target.is_symlink()):
        raise ExistsError(target)
    data = render(session, template, options)
    try:
        atomic.atomic_write(target, data, exclusive=not force)
    except FileExistsError:  # created meanwhile: still never replaced without asking
        raise ExistsError(target) from None
    return target


def write_markdown(
    session: Session,
    template: Template | None,
    target: Path,
    *,
    session_path: Path | None,
    with_comments: bool = False,
    force: bool = False,
) -> Path:
    """`write_export` of the Markdown PR/FAQ (an existing `target` only with `force`)."""
    options = ExportOptions(with_comments=with_comments)
    return write_export(session, template, target, session_path=session_path, options=options, force=force)


def write_snapshot(
    data: dict[str, Any],
    template: Template | None,
    target: Path,
    *,
    session_path: Path | None,
    with_comments: bool = False,
    options: ExportOptions | None = None,
    force: bool = False,
) -> Path:
    """`write_export` for a session snapshot (`OpenDocument.snapshot()` data), in a worker thread.

    The screens copy the session on the UI thread and hand the copy here, so
    the worker never reads the live session that keeps changing as people type.
    """
    session = Session.from_dict(data)
    options = options or ExportOptions(with_comments=with_comments)
    return write_export(session, template, target, session_path=session_path, options=options, force=force)
