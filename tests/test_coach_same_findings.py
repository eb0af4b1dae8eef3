"""The coach's speed work changes no finding: every report matches the base code's, byte for byte.

The golden hashes (tests/fixtures/coach_findings_golden.json) were made by the
code before the speed work (625de86); see tests/coach_golden.py for the sessions
and how to regenerate them when a change is meant to change findings.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import coach_golden  # noqa: E402


def test_every_report_is_what_the_base_code_made() -> None:
    golden = json.loads(coach_golden.GOLDEN.read_text(encoding="utf-8"))
    found = coach_golden.fingerprints()
    assert sorted(found) == sorted(golden)
    changed = [name for name in golden if found[name] != golden[name]]
    assert not changed, f"findings changed for {len(changed)} sessions: {changed[:10]}"


def test_a_second_check_of_the_large_session_is_the_same() -> None:
    """The second run reads the remembered per-unit results (Rules.memo)."""
    golden = json.loads(coach_golden.GOLDEN.read_text(encoding="utf-8"))
    session = coach_golden._large_session()
    for _ in range(2):
        text = coach_golden.report_text(session)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == golden["large"]
