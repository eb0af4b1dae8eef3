"""Provides the sessions and fingerprints behind the coach's same-findings test (tests/test_coach_same_findings.py).

The coach's speed work must never change a finding. This module checks a fixed
set of sessions — the large benchmark session, both example sessions, the coach
corpus and 100 sessions made here from a seeded random generator — and reduces
each report (findings, dismissed findings, stats) to a SHA-256 of its exact
serialised form. The golden file holds those hashes as the code at 625de86
(before the speed work) produced them; regenerate it only for a change that is
meant to change findings:

    PYTHONPATH=src python tests/coach_golden.py --write

Seeded `random`, not hypothesis: the golden needs the same 100 sessions on every
machine and with every hypothesis version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import random
import sys
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "coach_findings_golden.json"
"""Report hashes by session name, as the base code produced them."""
GENERATED = 100
"""How many random sessions the test checks."""

_PIECES = [
    "very", "really", "quickly", "significantly", "many", "several", "faster", "easier",
    "best-in-class", "best in class", "seamless", "innovative", "world-class", "leverage",
    "synergy", "robust", "improves", "improved", "reduces", "one", "one of", "three", "dozen",
    "half", "2021", "in 2021", "1,300", "4.5%", "48 hours", "10:00", "$20", "€5", "NPS",
    "(NPS)", "Net Promoter Score", "AWS", "Amazon Web Services", "API", "APIs", "SLA",
    "OPAQUE", "TBD", "[NAME, TITLE]", "John Doe", "ACME Corp", "Project X", "codename",
    "e.g.", "Dr.", "Acme Inc.", "etc.", "No. 5", "no.", "is", "was", "were", "been", "being",
    "are", "is built", "was not quickly handled", "are driven", "is done", "we", "I", "my",
    "customers", "riders", "nurses", "said Ana Ruiz, founder of Acme.", "\"", "“", "”", "’",
    "don't", "isn’t", "`workshop export`", "https://example.com/x?y=1", "www.example.org",
    "- ", "1. ", "* ", "\n", "\n\n", ";", ",", ".", "!", "?", "…", ":", "(", ")", "—", "-",
    "the", "a", "to", "and", "of", "in", "for", "with", "that", "which", "who", "how",
    "designed to", "helps", "you quickly see", "Ünïcödé", "naïve", "straße", "İstanbul",
    "ﬁnance", "٣", "²", "ǅ", "\t", "\u00a0", "Senior Backend Engineer", "Pipeline Studio",
    "If", "What", "How much", "price", "cost", "risk", "won't", "never", "simply",
]
"""Words and marks the coach's rules react to, plus text that stresses its analysis."""


def _text(rng: random.Random, corpus: list[str], size: int) -> str:
    parts: list[str] = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.25 and corpus:
            parts.append(rng.choice(corpus))
        elif roll < 0.97:
            parts.append(rng.choice(_PIECES))
        else:
            parts.append("".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, 6))))
        parts.append(rng.choice((" ", " ", " ", "", "\n", ". ", ", ")))
    return "".join(parts)


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((REPO / "tests" / "coach_corpus" / "sources").glob("*.md")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def generated_sessions(count: int = GENERATED) -> Iterator[tuple[str, object]]:
    """Yield `(name, session)` for `count` seeded random sessions."""
    from workshop import content
    from workshop.model.session import Session
    from workshop.model.text import normalise

    template = content.resolve(None)
    corpus = _corpus_lines()
    for index in range(count):
        rng = random.Random(1500 + index)
        session = Session(title=normalise(_text(rng, corpus, rng.randint(0, 6))))
        for step in template.steps:
            if rng.random() < 0.15:
                continue
            for item in step.fields:
                kind = item.type.value
                if kind == "faq" or rng.random() < 0.1:
                    continue
                if kind == "list":
                    value: object = [normalise(_text(rng, corpus, rng.randint(1, 12)))
                                     for _ in range(rng.randint(0, 4))]
                else:
                    value = normalise(_text(rng, corpus, rng.randint(0, 60)))
                session.set_answer(step.id, item.id, value)
        for number in range(rng.randint(0, 8)):
            faq = session.add_faq(
                normalise(_text(rng, corpus, rng.randint(1, 10))),
                rng.choice(["customer", "internal"]),
            )
            faq.id = f"g{index:03d}q{number}"  # findings name the item: no random ids
            session.update_faq(
                faq.id,
                answer=normalise(_text(rng, corpus, rng.randint(0, 40))),
                status=rng.choice(["open", "answered", "answered"]),
            )
        yield f"generated-{index:03d}", session


def _large_session() -> object:
    path = REPO / "benchmarks" / "generate_large_session.py"
    spec = importlib.util.spec_from_file_location("generate_large_session", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_large_session", module)
    spec.loader.exec_module(module)
    session, _ = module.build_large_session()
    return session


def sessions() -> Iterator[tuple[str, object]]:
    """Yield `(name, session)` for every session the golden file covers."""
    from workshop import store

    yield "large", _large_session()
    for path in sorted((REPO / "sessions").glob("*.toml")):
        yield f"example/{path.stem}", store.load(path)
    for path in sorted((REPO / "tests" / "coach_corpus" / "sessions").glob("*.toml")):
        yield f"corpus/{path.stem}", store.load(path)
    yield from generated_sessions()


def report_text(session: object) -> str:
    """The session's whole coach report (findings, dismissed, stats), serialised exactly."""
    from workshop import coach, content

    report = coach.run_report(session, content.resolve(None))  # type: ignore[arg-type]

    def finding(f: object) -> list[object]:
        return [getattr(f, field.name) for field in dataclasses.fields(f)]  # type: ignore[arg-type]

    return json.dumps(
        {
            "findings": [finding(f) for f in report.findings],
            "dismissed": [finding(f) for f in report.dismissed],
            "stats": dataclasses.asdict(report.stats),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def fingerprints() -> dict[str, str]:
    """SHA-256 of every covered session's report, by session name."""
    return {
        name: hashlib.sha256(report_text(session).encode("utf-8")).hexdigest()
        for name, session in sessions()
    }


if __name__ == "__main__":
    found = fingerprints()
    if "--write" in sys.argv:
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN} ({len(found)} sessions)")
    else:
        print(json.dumps(found, indent=1, sort_keys=True))
