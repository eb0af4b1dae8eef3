"""Provides one-edit differences between two texts, applied to a pycrdt Text (whose offsets are UTF-8 bytes)."""

from __future__ import annotations

from typing import Any


def one_edit(old: str, new: str) -> tuple[int, int, str]:
    """`(start, end, insert)` in characters: replacing old[start:end] with `insert` gives `new`.

    The common beginning and end are kept, so a remote edit elsewhere in the
    text survives the merge.
    """
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, new[start:end_new]


def apply_to_text(text: Any, new: str) -> bool:
    """Make a pycrdt `Text` read `new` with one delete and one insert (in the caller's transaction).

    Returns False when it already did.
    """
    old = str(text)
    if old == new:
        return False
    start, end, insert = one_edit(old, new)
    byte_start = len(old[:start].encode("utf-8"))
    byte_end = byte_start + len(old[start:end].encode("utf-8"))
    if byte_end > byte_start:
        del text[byte_start:byte_end]
    if insert:
        text.insert(byte_start, insert)
    return True


def rebase(current: str, before: str, after: str) -> str:
    """`current` with the edit that turned `before` into `after` (made elsewhere, from `before`).

    The facilitator's box was `before` when they typed `after`; meanwhile the shared
    text became `current` (a participant's edit). The facilitator's edit is found
    in `current` by the text around it (what comes before it, else what comes
    after it) and made there, so both edits are kept. When neither anchor
    matches (both edited the same place), the facilitator's text wins.
    """
    start, end, insert = one_edit(before, after)
    removed = before[start:end]
    if current[:start] == before[:start] and current[start:start + len(removed)] == removed:
        return current[:start] + insert + current[start + len(removed):]
    suffix = before[end:]
    tail = len(current) - len(suffix)
    if tail >= len(removed) and current.endswith(suffix) and current[tail - len(removed):tail] == removed:
        return current[:tail - len(removed)] + insert + current[tail:]
    return after
