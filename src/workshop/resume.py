"""Provides resume points: the step each session was left on, kept in the state folder.

Moving between steps is not an edit, so it must not change the session file
(a session kept in git would show a diff for every look around). The step a
person was on is kept instead in `<state folder>/resume/<hash of id>.toml`,
keyed by the session id, so it follows the session when the file is renamed
or moved within this machine. On open, a resume point found here wins over
the file's `current_step`, which is now the step of the last saved edit (what
another machine, or an older workshop, resumes at).

The same file keeps the steps this person has visited (`visited`): the step
list shows the writing coach's marks on a step only once it was visited (or
has text), so a new session does not greet the room with a red mark on every
step. Like the resume point, that is this person's view, not the session's.

Resume points are a convenience: one that can't be read (missing, garbled,
for another session) is ignored, and one that can't be written is skipped
without a word.

They are TOML, read with the `tomllib` that reads the session anyway: `workshop
open` reads its resume point before its first frame, and JSON (what workshop
wrote up to 4 December 2026, `<hash of id>.json`) cost another ~1 ms of start-up
to import. A `.json` point is still read (then `json` is imported) until the
session's next resume point replaces it. The file name's hash is SHA-256 from the
interpreter's built-in module, as `random` does, for the same reason (see `storage.parsed_cache.sha256_hex`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Iterable

from .storage import tomlio
from .storage.atomic import atomic_write
from .storage.parsed_cache import sha256_hex
from .storage.paths import user_dirs

VERSION = 1
"""Written into each resume point; another version's file is ignored."""


def resume_dir() -> Path:
    """Return the folder of resume points (in the user state folder)."""
    return Path(user_dirs().user_state_dir) / "resume"


def resume_file(session_id: str) -> Path:
    """Return the file that holds one session's resume point."""
    digest = sha256_hex(session_id.encode("utf-8", "surrogateescape"))[:24]
    return resume_dir() / f"{digest}.toml"


def old_resume_file(session_id: str) -> Path:
    """Return where workshop up to 4 December 2026 kept the resume point (JSON)."""
    return resume_file(session_id).with_suffix(".json")


def _load(session_id: str) -> Any:
    """The resume point's data (TOML, else the older JSON file); raises OSError or ValueError."""
    try:
        text = resume_file(session_id).read_text(encoding="utf-8")
    except FileNotFoundError:
        text = old_resume_file(session_id).read_text(encoding="utf-8")  # kept by an older workshop?
        import json  # only then

        return json.loads(text)
    return tomllib.loads(text)


def _read(session_id: str) -> dict | None:
    """The session's resume file as a dict, or None when missing, unreadable or not its own."""
    if not session_id:
        return None
    try:
        data = _load(session_id)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    if data.get("session") != session_id:
        return None  # a hash collision or a hand-edited file: not this session's
    return data


def recall(session_id: str) -> str | None:
    """Return the step a session was left on here, or None when unknown or unreadable."""
    return recall_point(session_id)[0]


def recall_visited(session_id: str) -> set[str]:
    """Return the steps visited here (empty when unknown or unreadable; a bad entry is skipped)."""
    return recall_point(session_id)[1]


def recall_point(session_id: str) -> tuple[str | None, set[str]]:
    """Return `recall` and `recall_visited` from one read of the file (opening a session)."""
    data = _read(session_id)
    if data is None:
        return None, set()
    step, visited = data.get("step"), data.get("visited")
    steps = {s for s in visited if isinstance(s, str) and s} if isinstance(visited, list) else set()
    return (step if isinstance(step, str) and step else None), steps


def remember(session_id: str, step_id: str, visited: Iterable[str] = ()) -> bool:
    """Keep the step a session is on, and the steps visited (atomic write).

    Returns False when it could not be kept.
    """
    if not session_id or not step_id:
        return False
    data = {"version": VERSION, "session": session_id, "step": step_id, "visited": sorted(set(visited))}
    try:
        text = tomlio.dumps(data, multiline_strings=False)
        atomic_write(resume_file(session_id), text)
    except (OSError, UnicodeError, TypeError, ValueError):
        return False  # an unwritable folder, or an id no file can hold (a lone surrogate)
    try:
        old_resume_file(session_id).unlink(missing_ok=True)  # replaced by the TOML point
    except OSError:
        pass
    return True


__all__ = ["VERSION", "old_resume_file", "recall", "recall_point", "recall_visited", "remember", "resume_dir", "resume_file"]
