"""Provides the converter from the corpus's source excerpts (sources/*.md) to session files (sessions/*.toml).

Each source file holds a header (`source:`, `licence:`, `title:`, `note:` lines),
then sections that start with `=== <role>` (a press-release role: headline,
subheading, city, date, summary, problem, solution, leader_quote, how_it_works,
customer_quote, call_to_action) or `=== customer-faq` / `=== internal-faq`, where
each item is a `Q: …` line followed by its answer. The texts are copied from the
source as written (only Markdown emphasis markers are removed); which paragraph
goes to which section is the only judgement made, and it is recorded by the section
markers. Run `python tests/coach_corpus/convert.py` after changing a source.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import tomli_w

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
SESSIONS = HERE / "sessions"

ROLE_FIELDS = {
    "headline": ("pr-headline", "headline"),
    "subheading": ("pr-headline", "subheading"),
    "city": ("pr-summary", "city"),
    "date": ("pr-summary", "date"),
    "summary": ("pr-summary", "summary"),
    "problem": ("pr-problem", "problem"),
    "solution": ("pr-solution", "solution"),
    "leader_quote": ("pr-leader-quote", "leader_quote"),
    "how_it_works": ("pr-how-it-works", "how_it_works"),
    "customer_quote": ("pr-customer-quote", "customer_quote"),
    "call_to_action": ("pr-call-to-action", "call_to_action"),
}
"""Where each press-release role lives in the working-backwards template."""

_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    return _EMPHASIS.sub(r"\2", "\n".join(lines)).strip()


def parse(path: Path) -> dict:
    """Read one source excerpt; return the session as a TOML-ready dict."""
    header: dict[str, str] = {}
    sections: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            sections.append((line[4:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
        elif ":" in line:
            key, value = line.split(":", 1)
            header[key.strip()] = value.strip()
    answers: dict[str, dict[str, str]] = {}
    faq: list[dict[str, str]] = []
    for name, lines in sections:
        if name in ROLE_FIELDS:
            step, field = ROLE_FIELDS[name]
            answers.setdefault(step, {})[field] = _clean("\n".join(lines))
        elif name in ("customer-faq", "internal-faq"):
            kind = name.split("-")[0]
            item: dict[str, list[str]] | None = None
            for line in lines + ["Q: <end>"]:
                if line.startswith("Q: "):
                    if item is not None:
                        question = _clean("\n".join(item["q"]))
                        answer = _clean("\n".join(item["a"]))
                        digest = hashlib.sha1(f"{path.stem}|{kind}|{question}".encode()).hexdigest()[:10]
                        faq.append({
                            "id": f"q-{digest}", "kind": kind, "question": question,
                            "answer": answer, "status": "answered" if answer else "open",
                        })
                    item = {"q": [line[3:]], "a": []}
                elif item is not None:
                    item["a"].append(line)
        else:
            raise SystemExit(f"{path}: unknown section {name!r}")
    stem = path.stem
    return {
        "schema_version": 1,
        "id": hashlib.sha1(stem.encode()).hexdigest()[:10],
        "title": header.get("title", stem),
        "template": "working-backwards",
        "template_version": 1,
        "created": "2026-12-04T00:00:00+00:00",
        "updated": "2026-12-04T00:00:00+00:00",
        "answers": answers,
        "faq": faq,
    }


def main() -> int:
    SESSIONS.mkdir(exist_ok=True)
    for path in sorted(SOURCES.glob("*.md")):
        data = parse(path)
        text = tomli_w.dumps(data, multiline_strings=True)
        # Timestamps as TOML datetimes, as the app writes them.
        text = re.sub(r'^(created|updated) = "([^"]+)"$', r"\1 = \2", text, flags=re.M)
        (SESSIONS / f"{path.stem}.toml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
