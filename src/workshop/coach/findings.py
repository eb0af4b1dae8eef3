"""Provides the Finding (one piece of writing feedback) and the Report of a check run."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
"""Severities from most to least serious."""

SCOPES: tuple[str, ...] = ("press_release", "customer_faq", "internal_faq", "answers")
"""Where a piece of text sits: the press release, one of the FAQs, or a worksheet answer."""


class _FingerprintSlot:
    """Room for a Finding's fingerprint, worked out on first use (see Finding.fingerprint)."""

    __slots__ = ("_fingerprint",)


@dataclass(frozen=True, slots=True)
class Finding(_FingerprintSlot):
    """One piece of feedback about the writing, tied to where it was found.

    Positions are 1-based and count characters within the field's own text
    (for a list field, line N is item N; for an FAQ item, the question or the
    answer). A position of 0 means "the whole field" or "the whole document".

    Slotted: a check of a large session makes thousands, and the app keeps them.
    """

    rule_id: str
    """Which rule found it (`vague-word`, `missing-section`…)."""
    severity: Severity
    """`error`, `warning` or `info`."""
    message: str
    """One line saying what is wrong and why."""
    suggestion: str = ""
    """A better alternative, when there is one."""
    excerpt: str = ""
    """The offending words, exactly as written (empty for whole-document findings)."""
    stage_id: str = ""
    """The stage the finding belongs to."""
    step_id: str = ""
    """The step to link to (for whole-document findings: the stage's first step)."""
    field_id: str = ""
    """The field within the step ("" = the step or document as a whole)."""
    item_id: str = ""
    """For FAQ findings: the FAQ item's stable id."""
    item_label: str = ""
    """For FAQ findings: the item as numbered in the export (`Q3`)."""
    part: str = ""
    """For FAQ findings: `question` or `answer` ("" = the item as a whole)."""
    line: int = 0
    """1-based line of the offending words within the text (0 = whole field)."""
    column: int = 0
    """1-based column where the offending words start (0 = none)."""
    end_line: int = 0
    """Line where the offending words end."""
    end_column: int = 0
    """Column just after the offending words (exclusive)."""
    key: str | None = None
    """What identifies the finding for dismissal; None means use the excerpt.

    Whole-document findings use a fixed key so a dismissal survives edits
    that change the numbers in the message.
    """

    @classmethod
    def build(cls, **values: Any) -> "Finding":
        """Create a finding from keywords, every field given (a TypeError names what is
        missing or unknown)."""
        if values.keys() != _FIELD_NAMES:
            missing = sorted(_FIELD_NAMES - values.keys())
            extra = sorted(values.keys() - _FIELD_NAMES)
            raise TypeError(f"Finding.build: missing {missing}, unknown {extra}")
        return cls(**values)

    @property
    def fingerprint(self) -> str:
        """A short, stable id for dismissing this finding (worked out once, then kept).

        It hashes the rule, the place (step, field, FAQ item id and part) and
        the offending words (case-folded, spaces collapsed). It does not
        include the line, so editing text elsewhere keeps a dismissal; the
        same words flagged twice in one field share a fingerprint.
        """
        try:
            return self._fingerprint
        except AttributeError:
            pass
        words = " ".join((self.excerpt if self.key is None else self.key).split()).casefold()
        material = "\x1f".join(
            (self.rule_id, self.step_id, self.field_id, self.item_id, self.part, words)
        )
        fingerprint = hashlib.sha1(material.encode("utf-8")).hexdigest()[:12]
        object.__setattr__(self, "_fingerprint", fingerprint)
        return fingerprint

    @property
    def location(self) -> str:
        """Where the finding is, as `step.field:line` (`step.field[Q2].answer:1` for FAQ items).

        Whole-document findings read `stage:0`, the session title `title:1`,
        and text checked on its own (check_text) `text:1`.
        """
        if not self.field_id:
            place = self.stage_id or self.step_id or "text"
        elif not self.step_id:
            place = self.field_id  # the session's title
        else:
            place = f"{self.step_id}.{self.field_id}"
            if self.item_id:
                place += f"[{self.item_label or self.item_id}]"
                if self.part:
                    place += f".{self.part}"
        return f"{place}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data (see docs/coach.md)."""
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "location": self.location,
            "message": self.message,
            "suggestion": self.suggestion,
            "excerpt": self.excerpt,
            "stage": self.stage_id,
            "step": self.step_id,
            "field": self.field_id,
            "item": self.item_id,
            "item_label": self.item_label,
            "part": self.part,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fingerprint": self.fingerprint,
        }


_FIELD_NAMES = frozenset(Finding.__dataclass_fields__)


@dataclass(frozen=True)
class Stats:
    """Whole-document numbers the checks worked out (also shown in the readiness view)."""

    press_release_words: int = 0
    """Words in the press release's prose."""
    press_release_word_limit: int = 0
    """The one-page limit the rules use."""
    readability_grade: float | None = None
    """Flesch-Kincaid grade of the press release (None: too little text, or no dictionary)."""
    faq_words: int = 0
    """Words in both FAQs (questions and answers)."""
    faq_word_limit: int = 0
    """The five-page limit in words (pages x words per page)."""
    faq_pages: float = 0.0
    """The FAQ's length in pages (one decimal)."""
    faq_max_pages: float = 0.0
    """The page limit the rules use."""
    faq_questions: int = 0
    """FAQ items, both kinds."""
    faq_unanswered: int = 0
    """FAQ items with no answer yet."""

    def to_dict(self) -> dict[str, Any]:
        """Return the stats as JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class Report:
    """The result of one check run: the findings to show, the dismissed ones, and stats."""

    findings: tuple[Finding, ...] = ()
    """Findings to show, in document order (dismissed ones are left out)."""
    dismissed: tuple[Finding, ...] = ()
    """Findings that match a dismissal stored in the session."""
    stats: Stats = field(default_factory=Stats)
    """Numbers about the press release and FAQ."""

    def count(self, severity: str) -> int:
        """How many shown findings have `severity`."""
        return sum(1 for item in self.findings if item.severity == severity)

    @property
    def errors(self) -> int:
        """Shown findings of severity error."""
        return self.count("error")

    @property
    def warnings(self) -> int:
        """Shown findings of severity warning."""
        return self.count("warning")

    @property
    def infos(self) -> int:
        """Shown findings of severity info."""
        return self.count("info")

    def exit_code(self, *, strict: bool = False) -> int:
        """0 when nothing fails, 1 on errors (or on warnings too, when strict)."""
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def by_step(self) -> dict[str, list[Finding]]:
        """Shown findings grouped by step id, in document order."""
        groups: dict[str, list[Finding]] = {}
        for item in self.findings:
            groups.setdefault(item.step_id, []).append(item)
        return groups

    def for_field(self, step_id: str, field_id: str) -> list[Finding]:
        """Shown findings about one field (for the badge beside it)."""
        return [f for f in self.findings if f.step_id == step_id and f.field_id == field_id]


def worst(findings: Iterable[Finding]) -> str:
    """Return the most serious severity among `findings` ("" when there are none)."""
    present = {item.severity for item in findings}
    for severity in SEVERITIES:
        if severity in present:
            return severity
    return ""
