"""Provides text helpers shared by the domain: line endings, slugs, word counts and plurals."""

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


def plural(count: int, word: str, many: str = "") -> str:
    """Return `count` and `word` agreeing in number: "1 question", "2 questions", "0 ideas".

    The one way a count meets a noun in a message (no "1 questions"). `many`
    is the plural when adding "s" is wrong ("1 person", "3 people").
    """
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many or word + 's'}"


_ONE_OF_MANY = re.compile(
    r"(?<![\d.,])\b1 (word|sentence|page|question|idea|dot|step|finding|item|minute|comment|decision)s\b"
)


def agree(text: str) -> str:
    """Return `text` with "1 words" made "1 word": for messages filled from a template a team
    edits (the coach's rules say "is {count} words"), where `plural` can't be called."""
    return _ONE_OF_MANY.sub(r"1 \1", text)


def clean_line(text: str) -> str:
    """Return `text` as one tidy line (newlines and runs of spaces collapsed)."""
    return " ".join(normalise(text).split())
