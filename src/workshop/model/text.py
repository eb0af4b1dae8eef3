"""Provides text helpers shared by the domain: line endings and slugs."""

from __future__ import annotations

import re
import unicodedata


def normalise(text: str) -> str:
    """Return `text` with every line ending turned into `\\n`.

    Everything that comes in (typed, pasted, loaded) passes through here, so
    that saving and loading give back exactly what was stored.
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(title: str, *, fallback: str = "session", max_length: int = 60) -> str:
    """Return a file-name-safe slug of `title`.

    The result holds only `a-z`, `0-9` and single hyphens, never starts or ends
    with a hyphen, and is never empty, so it can't name a path outside a folder.
    """
    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    )
    slug = _SLUG_DROP.sub("-", ascii_title.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or fallback


def word_count(text: str) -> int:
    """Count words the way a reader would (runs of non-space characters)."""
    return len(text.split())
