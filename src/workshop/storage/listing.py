"""Provides finding session files in a folder: by path, file name or title; unique new names."""

from __future__ import annotations

from pathlib import Path

from ..model.text import plural, slugify
from . import tomlio
from .tomlio import FileProblem


def unique_path(folder: Path, title: str) -> Path:
    """Return `folder/<slug>.toml` that does not exist yet (`slug-2.toml`…)."""
    slug = slugify(title)
    candidate = folder / f"{slug}.toml"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{slug}-{number}.toml"
        number += 1
    return candidate


def session_files(folder: Path) -> list[Path]:
    """Session files in `folder` (not the trash, not temp files)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file()
    )


class NotFound(LookupError):
    """No session matches a reference."""


class Ambiguous(NotFound):
    """A reference is the beginning of several sessions' file names or titles."""


MAX_CANDIDATES = 10
"""How many candidates an ambiguous reference lists."""


def find(ref: str, folder: Path) -> Path:
    """Resolve REF: a path to a file, a file stem in `folder`, a session title, or
    the unique beginning of a file name or title (case does not matter).

    Raises:
        NotFound: with a message that says where it looked.
        Ambiguous: REF begins several names or titles (the message lists them).
        FileProblem: REF names a FIFO, device or socket.
    """
    direct = Path(ref).expanduser()
    if direct.is_file():
        return direct
    if direct.exists() and not direct.is_dir():
        tomlio.read_bytes(direct)  # a FIFO or device: refused (FileProblem) without opening it
    for candidate in (folder / ref, folder / f"{ref}.toml"):
        if candidate.is_file() and candidate.parent.resolve() == folder.resolve():
            target = outside_link(candidate, folder)
            if target is not None:
                raise NotFound(link_refusal(candidate, target))
            return candidate
    wanted = ref.strip().casefold()
    starts: list[tuple[Path, str]] = []
    for path in session_files(folder):
        if outside_link(path, folder) is not None:
            continue
        title = read_title(path)
        if title is not None and title.strip().casefold() == wanted:
            return path
        if wanted and (
            path.stem.casefold().startswith(wanted)
            or (title is not None and title.strip().casefold().startswith(wanted))
        ):
            starts.append((path, title or ""))
    if len(starts) == 1:
        return starts[0][0]  # a unique beginning of a file name or title ("same-day")
    if starts:
        shown = MAX_CANDIDATES
        lines = "".join(
            f"\n  {path.name}" + (f"  ({' '.join(title.split())})" if title.strip() else "")
            for path, title in starts[:shown]
        )
        more = f"\n  … and {len(starts) - shown} more" if len(starts) > shown else ""
        raise Ambiguous(
            f"{ref!r} is the beginning of {plural(len(starts), 'session')} in {folder}; "
            f"type more of the name or title:{lines}{more}"
        )
    raise NotFound(
        f"no session {ref!r}: not a file, and no session in {folder} has that "
        "file name or title, or one that starts with it (see `workshop list`)"
    )


def outside_link(path: Path, folder: Path) -> Path | None:
    """Return the target of `path` if it is a symbolic link leading out of `folder`, else None.

    Such links in the sessions folder are not followed when a session is
    looked up by name or listed (they may have been planted); a session opened
    by its full path is followed (the user named it).
    """
    if not path.is_symlink():
        return None
    target = path.resolve()
    base = folder.resolve()
    if target == base or base in target.parents:
        return None
    return target


def link_refusal(path: Path, target: Path) -> str:
    """Return the message for a symbolic link that leads out of the sessions folder."""
    return (
        f"{path}: is a symbolic link to {target}, outside the sessions folder; "
        "not followed (open it by its full path if you trust it)"
    )


def read_title(path: Path) -> str | None:
    """Return a session file's title cheaply, or None if it can't be read."""
    try:
        data = tomlio.read(path)
    except FileProblem:
        return None
    title = data.get("title")
    return title if isinstance(title, str) else None
