"""Provides the `workshop` command's entry point: the collector is held off from its first import.

Importing the command line (argparse, the model, the storage layer) makes
tens of thousands of objects and frees almost none; Python's cyclic
collector still ran ~20 young collections meanwhile, ~2.5 ms of CPU for
nothing (issue 12 §4). `main` holds it off (`workshop.startup`) before that
import. A command that starts the app keeps it off until the app's first
frame is out (the app then turns it back on); every other command turns it
back on before it runs (`workshop.cli`), so nothing runs long without it.
Both the console script and `python -m workshop` start here.
"""

from __future__ import annotations

from .startup import collector_paused


def main() -> int:
    """Run the command line (sys.argv) with the collector held off while it loads; return the exit code."""
    with collector_paused():
        from .cli import main as run

        return run()
