"""Provides where an export may write: `-o PATH` as a file or `<session>.md` in a folder, and what is refused."""

from __future__ import annotations

import os
from pathlib import Path


class TargetError(ValueError):
    """The output path can't be written as asked; the message says which folder and what to do."""


class ExistsError(TargetError):
    """The output file exists and replacing it was not asked for (`--force`, or yes to the app's question)."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target} already exists; add --force to replace it")
        self.target = Path(target)
        """The file that would have been replaced."""


def output_file(output: str, session_path: Path, suffix: str = ".md") -> Path:
    """Return the file `export -o OUTPUT` writes for the session at `session_path`.

    Like `cp` and `mv`: an existing folder (or a path ending in a slash)
    means "into this folder", as `<session file name><suffix>`. A folder that does
    not exist is never created: a typo in the path should not leave a new
    folder tree behind, so it is an error that names the folder.

    Raises:
        TargetError: the folder does not exist, or is a file.
    """
    out = Path(output).expanduser()
    into_folder = output.endswith(("/", os.sep)) or out.is_dir()
    folder = out if into_folder else out.parent
    if not folder.is_dir():
        if folder.exists():
            raise TargetError(f"{out}: {folder} is a file, not a folder; choose another place")
        raise TargetError(
            f"{out}: the folder {folder} does not exist; create it first "
            "(export never creates folders) or choose another place"
        )
    return out / f"{session_path.stem}{suffix}" if into_folder else out


def check_target(target: Path, session_path: Path | None) -> None:
    """Refuse an export target that would destroy a session.

    Every export, from any screen or the command line, passes here first
    (see `workshop.export.write`): an export (any format) is never written over a `.toml`
    file (any case: a session, a template, a settings file) nor over the
    session being exported, whatever its name and however it is reached
    (a symbolic or hard link to it counts as the file itself).

    Raises:
        TargetError: with the file and what to do instead.
    """
    target = Path(target)
    if session_path is not None and _same_file(target, Path(session_path)):
        raise TargetError(f"{target}: that is the session file itself; choose another output file")
    if target.suffix.lower() == ".toml":
        raise TargetError(f"{target}: refusing to write an export into a .toml file; use .md, .html or .docx")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they lead
        return a.resolve() == b.resolve()
