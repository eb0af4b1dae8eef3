"""Tests of workshop.textual_compat: the Textual internals it relies on still hold."""

from __future__ import annotations

import random
import time

from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument

from workshop.textual_compat import install_fast_wrapped_height


def _summed_height(wrapped: WrappedDocument) -> int:
    """Textual's own definition of the height."""
    return sum(len(offsets) + 1 for offsets in wrapped._wrap_offsets)


def test_wrapped_height_stays_equal_to_textuals_after_edits() -> None:
    install_fast_wrapped_height()
    rng = random.Random(7)
    words = ["night", "nurse", "laundry", "a" * 60, "\t", "😀", "\n", "\n\n"]
    document = Document(" ".join(rng.choice(words) for _ in range(2000)))
    wrapped = WrappedDocument(document, width=37)
    assert wrapped.height == _summed_height(wrapped)
    for _ in range(300):
        lines = document.line_count
        row = rng.randrange(lines)
        column = rng.randrange(len(document[row]) + 1)
        end_row = min(lines - 1, row + rng.randrange(3))
        end_column = rng.randrange(len(document[end_row]) + 1)
        start, end = sorted([(row, column), (end_row, end_column)])
        result = document.replace_range(start, end, rng.choice(words) * rng.randrange(4))
        wrapped.wrap_range(start, end, result.end_location)
        assert wrapped.height == _summed_height(wrapped)
    wrapped.wrap(80)
    assert wrapped.height == _summed_height(wrapped)


def test_wrapped_height_costs_the_same_for_a_long_text() -> None:
    install_fast_wrapped_height()
    wrapped = WrappedDocument(Document(("word " * 20 + "\n") * 30_000), width=40)
    start = time.perf_counter()
    for _ in range(1_000):
        wrapped.height
    took = time.perf_counter() - start
    assert took < 0.1, f"1,000 reads of the height of 30,000 lines took {took:.2f} s"
