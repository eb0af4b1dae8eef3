"""Tests that a count always agrees with its noun ("1 question", never "1 questions"): one helper, used everywhere."""

from __future__ import annotations

import re
from pathlib import Path

from workshop.model.text import plural

SRC = Path(__file__).resolve().parents[1] / "src" / "workshop"
NOUNS = (
    "questions|ideas|dots|steps|words|items|findings|sessions|files|comments|decisions|minutes|"
    "people|points|votes|answers|stages|options|entries|errors|warnings|seconds|hours|days|rows|"
    "lines|participants|names|candidates|backups|rounds|times"
)
COUNT_THEN_NOUN = re.compile(r"\{[^{}]*\}\s*(?:FAQ\s+|open\s+|more\s+)?(?:" + NOUNS + r")\b")
"""A formatted value followed by a plural noun: `f"{n} questions"` says "1 questions" when n is 1."""
ALLOWED = {
    ("cli/check.py", "findings per 1,000 words"),  # a rate, not a count
    ("screens/home.py", "days ago"),  # only for 2 to 29 days ("yesterday" before)
    ("screens/review.py", "comments on the section"),  # a key, then the verb "comments"
    ("widgets/faq_list.py", "answers, {self.key('faq_delete'"),  # a key, then the verb "answers"
    ("screens/session.py", "seconds. To keep"),  # a constant that is never 1
    ("screens/session_files.py", "seconds. To keep"),  # the same message, moved
    ("store.py", "schema {version} files"),  # a version number, not a count
}


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "question") == "1 question"
    assert plural(0, "question") == "0 questions"
    assert plural(2, "idea") == "2 ideas"
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"
    assert plural(12_500, "word") == "12,500 words"


def test_no_message_puts_a_count_before_a_fixed_plural() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not re.search(r"\bf[\"']", line) or not COUNT_THEN_NOUN.search(line):
                continue
            if any(rel == where and text in line for where, text in ALLOWED):
                continue
            found.append(f"{rel}:{number}: {line.strip()}")
    assert found == [], "use model.text.plural(count, word):\n" + "\n".join(found)


def test_coach_messages_filled_from_rules_agree_too() -> None:
    from workshop.coach import check_text

    findings = check_text("Launch.", scope="press_release", role="headline")
    [headline] = [f for f in findings if f.rule_id == "headline-length"]
    assert "is 1 word;" in headline.message
