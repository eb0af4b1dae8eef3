"""Precision of `workshop check` on real PR/FAQs written by others (tests/coach_corpus).

Every finding on the corpus's sessions must have a label in labels.tsv (judged as an
experienced PR/FAQ editor would: worth acting on or not). The test fails when a
finding has no label, when fewer than 85% of findings are worth acting on (overall,
and also counting only the writing rules, without missing sections and FAQs, whose
truth depends on how the excerpts were cut), or when a rule that fires more than
five times is right less than 70% of the time.

Run `python tests/test_coach_corpus.py` for the table docs/coach.md quotes.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from workshop import coach, content, store

CORPUS = Path(__file__).resolve().parent / "coach_corpus"
STRUCTURE = frozenset({"missing-section", "missing-faq"})
"""Rules whose findings say a section is missing: true or false depending on the excerpt."""
MIN_PRECISION = 0.85
MIN_RULE_PRECISION = 0.70
RULE_MIN_FIRES = 5


def _labels() -> dict[tuple[str, str], tuple[bool, str]]:
    labels: dict[tuple[str, str], tuple[bool, str]] = {}
    for line in (CORPUS / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, fingerprint, _rule, _where, _words, verdict, _pass, *reason = line.split("\t")
        assert verdict in ("true", "false"), line
        labels[(doc, fingerprint)] = (verdict == "true", reason[0] if reason else "")
    return labels


def judged() -> tuple[list[tuple[str, coach.Finding, bool]], list[str]]:
    """Check every corpus session; return (doc, finding, worth acting on) and the unlabelled."""
    labels = _labels()
    rules = coach.load_rules()
    out: list[tuple[str, coach.Finding, bool]] = []
    missing: list[str] = []
    for path in sorted((CORPUS / "sessions").glob("*.toml")):
        session = store.load(path)
        report = coach.run_report(session, content.resolve(session.template_id), rules)
        for finding in report.findings:
            label = labels.get((path.stem, finding.fingerprint))
            if label is None:
                missing.append(f"{path.stem}\t{finding.fingerprint}\t{finding.rule_id}\t{finding.location}\t{finding.excerpt}")
                continue
            out.append((path.stem, finding, label[0]))
    return out, missing


def precision(rows: list[tuple[str, coach.Finding, bool]]) -> tuple[Counter[str], Counter[str]]:
    """Per rule: how many findings, and how many worth acting on."""
    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for _doc, finding, worth in rows:
        fired[finding.rule_id] += 1
        right[finding.rule_id] += worth
    return fired, right


def test_corpus_has_ten_sourced_documents() -> None:
    sources = sorted((CORPUS / "sources").glob("*.md"))
    assert len(sources) >= 10
    for source in sources:
        head = source.read_text(encoding="utf-8").splitlines()[:3]
        assert head[0].startswith("source: https://"), source
        assert head[1].startswith("licence: "), source
        assert (CORPUS / "sessions" / f"{source.stem}.toml").is_file(), f"run {CORPUS / 'convert.py'}"


def test_sessions_are_what_the_converter_makes(tmp_path: Path) -> None:
    """The session files are the converter's output for the sources, unedited."""
    sys.path.insert(0, str(CORPUS))
    try:
        import convert
    finally:
        sys.path.remove(str(CORPUS))
    import tomli_w

    for source in sorted((CORPUS / "sources").glob("*.md")):
        made = store.load(CORPUS / "sessions" / f"{source.stem}.toml")
        (tmp_path / "x.toml").write_text(
            tomli_w.dumps(convert.parse(source), multiline_strings=True).replace('"2026-12-04T00:00:00+00:00"', "2026-12-04T00:00:00+00:00"),
            encoding="utf-8",
        )
        again = store.load(tmp_path / "x.toml")
        assert [(e.id, e.question, e.answer) for e in made.faq] == [(e.id, e.question, e.answer) for e in again.faq]
        assert made.answers == again.answers


def test_every_finding_is_labelled_and_precision_holds() -> None:
    rows, missing = judged()
    assert not missing, "label these findings in tests/coach_corpus/labels.tsv:\n" + "\n".join(missing)
    fired, right = precision(rows)
    total, good = sum(fired.values()), sum(right.values())
    assert good / total >= MIN_PRECISION, f"{good}/{total} worth acting on"
    writing = sum(n for r, n in fired.items() if r not in STRUCTURE)
    writing_good = sum(n for r, n in right.items() if r not in STRUCTURE)
    assert writing_good / writing >= MIN_PRECISION, f"writing rules: {writing_good}/{writing}"
    weak = {
        rule: f"{right[rule]}/{n}"
        for rule, n in fired.items()
        if n > RULE_MIN_FIRES and right[rule] / n < MIN_RULE_PRECISION
    }
    assert not weak, f"rules below {MIN_RULE_PRECISION:.0%}: {weak}"


def main() -> int:
    rows, missing = judged()
    for line in missing:
        print("UNLABELLED", line)
    fired, right = precision(rows)
    print("| Rule | Findings | Worth acting on | Precision |")
    print("| --- | ---: | ---: | ---: |")
    for rule in coach.RULE_ORDER if hasattr(coach, "RULE_ORDER") else sorted(fired):
        if fired[rule]:
            print(f"| `{rule}` | {fired[rule]} | {right[rule]} | {right[rule] / fired[rule]:.0%} |")
    total, good = sum(fired.values()), sum(right.values())
    writing = sum(n for r, n in fired.items() if r not in STRUCTURE)
    writing_good = sum(n for r, n in right.items() if r not in STRUCTURE)
    print(f"| all | {total} | {good} | {good / total:.1%} |")
    print(f"| all but missing sections/FAQs | {writing} | {writing_good} | {writing_good / writing:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
