"""Provides the writing-coach benchmark: every check on the complete example session.

Run from the repository root with the dev install:

    python benchmarks/bench_checks.py              # 30 runs of each measurement
    python benchmarks/bench_checks.py --runs 50
    python benchmarks/bench_checks.py --large      # also the generated 200,000-word session
                                                   # (and its first check in a fresh process)

It prints a table (median, fastest, slowest, limit) and writes the results as
JSON to benchmarks/results/checks.json. The target (issue 5): all checks on
sessions/worked-example.toml in well under 100 ms. Nothing here is a test;
timings depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
WORKED = REPO / "sessions" / "worked-example.toml"
TARGET_MS = 100.0
"""Issue 5: all checks on the complete example in well under this."""


@dataclass
class Row:
    """One measurement."""

    name: str
    median_ms: float
    min_ms: float
    max_ms: float
    runs: int
    limit_ms: float | None = None
    detail: str = ""
    samples_ms: list[float] = field(default_factory=list)

    @property
    def passed(self) -> bool | None:
        """True/False against the limit; None when the row has no limit."""
        return None if self.limit_ms is None else self.median_ms < self.limit_ms


def timed(func: Callable[[], Any], runs: int) -> list[float]:
    """Run `func` `runs` times; return each run's wall time in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def row(name: str, samples: list[float], limit: float | None = None, detail: str = "") -> Row:
    """Summarise samples as a Row."""
    return Row(
        name=name,
        median_ms=round(statistics.median(samples), 2),
        min_ms=round(min(samples), 2),
        max_ms=round(max(samples), 2),
        runs=len(samples),
        limit_ms=limit,
        detail=detail,
        samples_ms=[round(s, 3) for s in samples],
    )


def cold_start() -> float:
    """Time import + rules + first check in a fresh interpreter (what `workshop check` pays once)."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from workshop import coach, content, store\n"
        f"s = store.load({str(WORKED)!r})\n"
        "coach.run_report(s, content.resolve(s.template_id))\n"
        "print((time.perf_counter() - t) * 1000)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def fresh(rules: Any) -> Any:
    """The same rules with nothing remembered: every check starts from scratch."""
    import dataclasses

    return dataclasses.replace(rules, memo={})


def bench(runs: int, large: bool) -> list[Row]:
    """Measure and return the rows."""
    from workshop import coach, content, store

    session = store.load(WORKED)
    template = content.resolve(session.template_id)
    rows: list[Row] = []

    colds = [cold_start() for _ in range(max(3, runs // 10))]
    rows.append(row("cold: import + load + rules + all checks (fresh process)", colds,
                    detail="includes importing workshop, compiling the word lists and reading "
                    "the hyphenation dictionary"))
    start = time.perf_counter()
    rules = coach.warm_up()
    rows.append(row("warm_up (first check's one-time work)", [(time.perf_counter() - start) * 1000]))
    report = coach.run_report(session, template, rules)
    rows.append(row("all checks from scratch, worked example (run_report)",
                    timed(lambda: coach.run_report(session, template, fresh(rules)), runs), TARGET_MS,
                    detail=f"{len(report.findings)} findings, {report.errors} errors; nothing remembered"))
    rows.append(row("all checks again, unchanged session (remembered per unit)",
                    timed(lambda: coach.run_report(session, template, rules), runs), TARGET_MS,
                    detail="what the app pays when it re-checks after an edit elsewhere"))
    rows.append(row("take_snapshot (UI thread part)",
                    timed(lambda: coach.take_snapshot(session, template), runs)))
    snapshot = coach.take_snapshot(session, template)
    rows.append(row("check_snapshot from scratch (worker part)",
                    timed(lambda: coach.check_snapshot(snapshot, fresh(rules)), runs), TARGET_MS))
    rows.append(row("check_field pr-summary.summary from scratch (as you type)",
                    timed(lambda: coach.check_field(session, template, "pr-summary", "summary", fresh(rules)), runs),
                    TARGET_MS))
    rows.append(row("check_field faq-internal.items from scratch (10 FAQ items)",
                    timed(lambda: coach.check_field(session, template, "faq-internal", "items", fresh(rules)), runs),
                    TARGET_MS))
    rows.append(row("load_rules (cached)", timed(coach.load_rules, runs)))
    if large:
        rows += bench_large(max(5, runs // 4))
    return rows


_FIRST_CHECK = """
import gc, json, sys, time, tracemalloc
from workshop import coach, content, store
session = store.load(sys.argv[1])
template = content.resolve(session.template_id)
run_checks = coach.run_checks
gc.collect()
if sys.argv[2] == "memory":
    tracemalloc.start()
started, cpu = time.perf_counter(), time.process_time()
findings = run_checks(session, template)
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
gc.collect()
retained, peak = tracemalloc.get_traced_memory()
print(json.dumps({"ms": wall * 1000, "cpu_ms": cpu * 1000, "findings": len(findings),
                  "peak_mib": peak / 2**20, "retained_mib": retained / 2**20}))
"""
"""A fresh process's first check of a session (as bench.py's first-run row, whose process has
loaded the session and imported the coach, but not loaded the rules); with "memory", its
memory by tracemalloc (the rules, word lists and dictionary it loads included)."""


def first_check(path: Path, what: str) -> dict[str, float]:
    """Run _FIRST_CHECK on `path` in a fresh interpreter; return what it measured."""
    out = subprocess.run([sys.executable, "-c", _FIRST_CHECK, str(path), what],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def bench_large(runs: int) -> list[Row]:
    """All checks on the generated large session (2,000 FAQ items, 200,000 words)."""
    from workshop import coach, content, store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.toml"
        subprocess.run(
            [sys.executable, str(HERE / "generate_large_session.py"), "-o", str(path)],
            check=True, capture_output=True,
        )
        session = store.load(path)
        firsts = [first_check(path, "time") for _ in range(runs)]
        memory = [first_check(path, "memory") for _ in range(3)]
    template = content.resolve(session.template_id)
    peak = statistics.median(m["peak_mib"] for m in memory)
    retained = statistics.median(m["retained_mib"] for m in memory)
    first_rows = [
        row("large session: first check in a fresh process", [f["ms"] for f in firsts], 500.0,
            detail="coach.run_checks, loading the rules, word lists and dictionary included "
            f"(CPU {statistics.median(f['cpu_ms'] for f in firsts):.0f} ms); its memory "
            f"(tracemalloc): peak {peak:.1f} MiB, retained {retained:.1f} MiB "
            "(findings, what the rules remember per text, the dictionary)"),
    ]
    rules = coach.warm_up()
    report = coach.run_report(session, template, rules)
    rows = first_rows + [
        row("large session from scratch (200,000 words, 2,000 FAQ items)",
            timed(lambda: coach.run_report(session, template, fresh(rules)), runs), 500.0,
            detail=f"{len(report.findings)} findings"),
        row("large session again (remembered per unit)",
            timed(lambda: coach.run_report(session, template, rules), runs), 500.0),
    ]
    text = session.get_text("pr-problem", "problem")

    def one_edit() -> None:
        session.set_answer("pr-problem", "problem", text + f" {time.perf_counter_ns()}.")
        coach.run_report(session, template, rules)

    rows.append(row("large session after editing one field", timed(one_edit, runs), 500.0))
    return rows


def print_table(rows: list[Row]) -> None:
    """Print the rows as a fixed-width table."""
    print(f"{'measurement':<62} {'median':>9} {'min':>9} {'max':>9} {'limit':>7} {'runs':>5}  result")
    for r in rows:
        limit = f"{r.limit_ms:g}" if r.limit_ms is not None else "-"
        result = {True: "ok", False: "SLOW", None: ""}[r.passed]
        print(f"{r.name:<62} {r.median_ms:>7.2f}ms {r.min_ms:>7.2f}ms {r.max_ms:>7.2f}ms "
              f"{limit:>7} {r.runs:>5}  {result}")
        if r.detail:
            print(f"{'':<4}{r.detail}")


def main() -> int:
    """Run the benchmark, print the table, write benchmarks/results/checks.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per measurement (>= 20)")
    parser.add_argument("--large", action="store_true", help="also time the generated large session")
    parser.add_argument("-o", "--output", default=str(RESULTS / "checks.json"), help="JSON results file")
    args = parser.parse_args()
    runs = max(20, args.runs)
    rows = bench(runs, args.large)
    print_table(rows)
    data = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
        },
        "session": str(WORKED.relative_to(REPO)),
        "target_ms": TARGET_MS,
        "rows": [asdict(r) | {"passed": r.passed} for r in rows],
    }
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0 if all(r.passed is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
