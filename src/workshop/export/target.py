"""Provides where `workshop export -o PATH` writes: a file, or `<session>.md` inside a folder."""

from __future__ import annotations

import os
from pathlib import Path


class TargetError(ValueError):
    """The output path can't be written as asked; the message says which folder and what to do."""


def output_file(output: str, session_path: Path) -> Path:
    """Return the file `export -o OUTPUT` writes for the session at `session_path`.

    Like `cp` and `mv`: an existing folder (or a path ending in a slash)
    means "into this folder", as `<session file name>.md`. A folder that does
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
    return out / f"{session_path.stem}.md" if into_folder else out
