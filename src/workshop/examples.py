"""Provides the worked example shipped in the wheel, and copying it into a sessions folder.

The `workshop example` command that does so lives in `workshop.cli.example`.

There is one source of truth per example: `sessions/worked-example.toml`
(the Working Backwards template) and `sessions/feature-example.toml` (the
Feature PR/FAQ) in the repository. The wheel carries those files in `workshop/examples/` (a
force-include in pyproject.toml), so an installed `workshop` finds it with
no checkout; run from a checkout, the repository's file is used directly.
"""

from __future__ import annotations

from pathlib import Path

from .storage import atomic, listing

EXAMPLE_NAME = "worked-example"
"""The example's file stem, in the repository, in the wheel and for the copies."""

EXAMPLES: dict[str, str] = {
    "working-backwards": EXAMPLE_NAME,
    "feature-prfaq": "feature-example",
}
"""Built-in template id -> the file stem of its worked example (each one ships in the wheel)."""


def example_file(name: str = EXAMPLE_NAME) -> Path:
    """Return a worked example (by file stem): the one inside the installed package, else the repository's."""
    packaged = Path(__file__).parent / "examples" / f"{name}.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "sessions" / f"{name}.toml"


def copy_example(folder: Path, name: str = EXAMPLE_NAME) -> Path:
    """Copy the worked example into `folder` as a new session; return its file.

    The copy gets a new id, its creation time, and a file name and title
    that no session in `folder` has (`name` is the example's file stem, one of
    `EXAMPLES`' values): `worked-example.toml` titled
    "… (example)", then `worked-example-2.toml` titled "… (example 2)", and so
    on. An existing file is never replaced, even by a copy racing this one.

    Raises:
        FileProblem: the shipped example can't be read (a broken install).
        SaveError: the folder can't be written.
    """
    from . import content, store
    from .model import clock
    from .model.base import new_id
    from .storage.tomlio import FileProblem

    source = example_file(name)
    if not source.is_file():
        raise FileProblem(source, "the worked example is missing from this installation; reinstall workshop")
    session = store.load(source)
    try:
        template = content.resolve(session.template_id)
    except (LookupError, FileProblem):
        template = None  # still a faithful copy; the app says what is missing when it opens
    base_title = session.title
    taken = {title.strip().casefold() for title in map(listing.read_title, listing.session_files(folder)) if title}
    for number in range(1, 10_000):
        stem = name if number == 1 else f"{name}-{number}"
        path = folder / f"{stem}.toml"
        title = f"{base_title} (example)" if number == 1 else f"{base_title} (example {number})"
        if path.exists() or path.is_symlink() or title.casefold() in taken:
            continue
        session.id = new_id()
        session.title = title
        session.created = session.updated = clock.now()
        try:
            atomic.atomic_write(path, store.dumps(session, template), exclusive=True)
        except FileExistsError:
            continue  # another process took the name a moment ago
        return path
    raise atomic.SaveError(None, f"can't find a free file name for the worked example in {folder}")
