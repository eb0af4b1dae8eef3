"""Provides the readiness score: how close a PR/FAQ is to a review, as one calibrated number.

Raw warning counts follow a document's length: a long, careful PR/FAQ gets more
findings than a short, careless one. The score instead combines

- completeness: the share of what the review needs that is there (each required
  press-release section, each required FAQ, each FAQ answer); every error takes
  one of those away;
- density: warnings per 1,000 words of press release and FAQ (info counts a
  quarter), so a finding weighs the same in a short and a long document.

`score = 100 × completeness × (1 − density / DENSITY_AT_ZERO)`, at least 0. With
DENSITY_AT_ZERO = 40, a complete document with 4 warnings per 1,000 words scores
90, one with 12 scores 70, and one with 40 or more scores 0. The numbers behind the
calibration (the example sessions and the public PR/FAQs of tests/coach_corpus)
are in docs/coach.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Report
from .rules import Rules

DENSITY_AT_ZERO = 40.0
"""Weighted findings per 1,000 words at which the score reaches 0."""
INFO_WEIGHT = 0.25
"""An info finding counts this much of a warning."""
READY = 80
"""From this score on, a document reads as ready for its review."""


@dataclass(frozen=True)
class Readiness:
    """The numbers behind a report's readiness score."""

    score: int
    """0–100; higher is closer to ready for the review."""
    words: int
    """Words of press release and FAQ (questions and answers)."""
    per_1000_words: float
    """Warnings per 1,000 words (info counted a quarter), one decimal."""
    completeness: float
    """Share of the required parts that are there (0–1)."""

    def to_dict(self) -> dict[str, float | int]:
        """The JSON form."""
        return {
            "score": self.score,
            "words": self.words,
            "per_1000_words": self.per_1000_words,
            "completeness": round(self.completeness, 3),
        }


def readiness(report: Report, rules: Rules) -> Readiness:
    """Work out the readiness score of a checked document."""
    stats = report.stats
    words = stats.press_release_words + stats.faq_words
    required = len(rules["missing-section"]["roles"]) + 2 + stats.faq_questions
    completeness = max(0.0, 1.0 - report.errors / max(required, 1))
    weighted = report.warnings + INFO_WEIGHT * report.infos
    density = 1000.0 * weighted / words if words else (DENSITY_AT_ZERO if weighted else 0.0)
    score = 100.0 * completeness * max(0.0, 1.0 - density / DENSITY_AT_ZERO)
    if not words:
        score = 0.0
    return Readiness(
        score=int(round(score)),
        words=words,
        per_1000_words=round(density, 1),
        completeness=completeness,
    )
