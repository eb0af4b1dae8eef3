"""Provides the one way an export reaches a file: build the Markdown PR/FAQ, check the target, write it atomically.

The command line, the home screen, the session screen and the coach's
"with open comments" export all call `write_markdown`, so each of them
refuses the same targets (see `target.check_target`) and writes the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.session import Session
from ..model.template import Template
from ..storage import atomic
from .target import check_target


def markdown_text(session: Session, template: Template | None, *, with_comments: bool = False) -> str:
    """Return the Markdown PR/FAQ of `session` (with the open review comments appended if asked)."""
    from .markdown import export  # markdown-it: not needed at start-up

    text = export(session, template)
    if with_comments:
        from .comments import with_comments as append_comments

        text = append_comments(text, session, template)
    return text


def write_markdown(
    session: Session,
    template: Template | None,
    target: Path,
    *,
    session_path: Path | None,
    with_comments: bool = False,
) -> Path:
    """Write the Markdown PR/FAQ of `session` to `target`; return `target`.

    Safe to run in a worker thread when `session` is a snapshot nobody else
    changes.

    Args:
        session: What to export.
        template: Its template; None when it can't be found (answers are
            exported under their step ids).
        target: The file to write.
        session_path: The session's own file, never written over (None for
            a session that has no file).
        with_comments: Append the review comments still open.

    Raises:
        TargetError: the target is refused (a `.toml` file, or the session itself).
        SaveError: the file can't be written (the old file is left as it was).
    """
    target = Path(target)
    check_target(target, session_path)
    atomic.atomic_write(target, markdown_text(session, template, with_comments=with_comments))
    return target


def write_snapshot(
    data: dict[str, Any],
    template: Template | None,
    target: Path,
    *,
    session_path: Path | None,
    with_comments: bool = False,
) -> Path:
    """`write_markdown` for a session snapshot (`OpenDocument.snapshot()` data), in a worker thread.

    The screens copy the session on the UI thread and hand the copy here, so
    the worker never reads the live session that keeps changing as people type.
    """
    session = Session.from_dict(data)
    return write_markdown(session, template, target, session_path=session_path, with_comments=with_comments)
