"""Provides the start-up pause of Python's cyclic garbage collector: no collection before the first frame.

Between `workshop open` parsing its arguments and the first frame, Python
creates a few hundred thousand objects (Textual's and workshop's modules and
classes, the session, the widgets) and frees almost none of them, so the
~150 collections (one of them full) that ran meanwhile found nothing to free
and cost ~30 ms of CPU: about a tenth of start-up (docs/performance.md,
"Start-up: the collector, the parser, the template"). The commands that start
the app hold the collector off (`collector_paused`); the app turns it back
on once its first frame is out (`resume_collector`), and leaving the `with`
block turns it back on whatever happened, so a failed start never leaves it
off. Reference counting frees everything else as usual meanwhile.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

_paused = False
"""True while this module holds the collector off (and so may turn it back on)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold cyclic collections off inside the block (or until `resume_collector`).

    Nests: only the outermost block that found the collector on turns it back
    on. A collector someone else turned off stays off.
    """
    global _paused
    mine = gc.isenabled()
    if mine:
        gc.disable()
        _paused = True
    try:
        yield
    finally:
        if mine:
            resume_collector()


def resume_collector() -> None:
    """Turn the collector back on if `collector_paused` turned it off (else do nothing)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def collector_held() -> bool:
    """True while start-up holds the collector off."""
    return _paused
