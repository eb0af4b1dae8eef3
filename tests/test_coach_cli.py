"""Tests for `workshop check`: output formats, exit codes 0/1/2, --strict, --rules, dismissals."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from workshop import cli, content, store
from workshop.cli.check import JSON_SCHEMA_VERSION, WIDTH, display_path
from workshop.coach import dismiss, load_rules, run_checks

ROOT = Path(__file__).resolve().parents[1]
WORKED = ROOT / "sessions" / "worked-example.toml"
HALF = ROOT / "sessions" / "half-finished.toml"
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<rule>[a-z-]+) (?P<severity>error|warning|info): (?P<message>.+)$"
)
"""A line of `--format concise`."""
FINDING_KEYS = {
    "rule", "severity", "message", "suggestion", "excerpt", "stage", "step", "field", "item",
    "item_label", "part", "line", "column", "end_line", "end_column", "fingerprint", "location",
    "file_line", "file_column", "file_end_line", "file_end_column",
}
SUMMARY_LINES = 4
"""The closing lines of text output: counts, readiness, press release, FAQ."""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_complete_example_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(WORKED))
    assert code == 0, out
    summary = out.splitlines()[-SUMMARY_LINES:]
    assert summary[0].startswith(f"{display_path(WORKED)}: 0 errors, ")
    assert re.fullmatch(r"  readiness \d+/100, \d+(\.\d)? findings per 1,000 words \([\d,]+ words\)", summary[1])
    assert re.fullmatch(r"  press release \d+/500 words, grade \d+\.\d", summary[2])
    assert summary[3].startswith("  FAQ 20 questions, ")
    code, out, err = _run(capsys, str(WORKED), "--format", "concise")
    for line in out.splitlines()[:-SUMMARY_LINES]:
        match = LINE.match(line)
        assert match, line
        assert match["path"] == display_path(WORKED)
        assert match["severity"] != "error"
        assert " — try: " in line


def test_text_output_is_grouped_by_rule_and_fits_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(HALF))
    assert code == 1
    lines = out.splitlines()
    headings = [line for line in lines if re.fullmatch(r"[a-z-]+ \((error|warning|info)\): \d+ findings?", line)]
    rules = [heading.split(" ")[0] for heading in headings]
    assert len(rules) == len(set(rules)), "a rule appears in two groups"
    assert rules[:2] == ["missing-section", "unanswered-question"]  # errors first
    severities = [re.search(r"\((\w+)\)", h)[1] for h in headings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    # The explanation and suggestion come once per group, not once per finding.
    assert out.count("write it before the review") == 1
    assert len(re.findall(r"\.toml:\d+:\d+", out)) == sum(int(h.rsplit(": ", 1)[1].split()[0]) for h in headings)
    assert all(len(line) <= WIDTH for line in lines), [line for line in lines if len(line) > WIDTH]


def _with_vague_word(tmp_path: Path) -> Path:
    session = store.load(WORKED)
    session.set_answer("pr-problem", "problem", "Riders lose a very big part of their week.")
    path = tmp_path / "vague.toml"
    store.save(session, path)
    return path


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_vague_word(tmp_path)
    code, out, _ = _run(capsys, str(path))
    assert code == 0 and re.search(r"^vague-word \(warning\): \d+ findings?$", out, re.M)
    assert _run(capsys, str(path), "--strict")[0] == 1


def test_strict_passes_when_only_info_remains(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_vague_word(tmp_path)
    rules = tmp_path / "team.toml"
    warning_rules = [r.id for r in load_rules().rules.values() if r.severity == "warning"]
    rules.write_text("".join(f"[rules.{name}]\nseverity = \"info\"\n\n" for name in warning_rules), encoding="utf-8")
    code, out, _ = _run(capsys, str(path), "--strict", "--rules", str(rules))
    assert code == 0, out
    assert re.search(r"^vague-word \(info\): \d+ findings?$", out, re.M)


def test_missing_session_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _run(capsys, str(tmp_path / "nope.toml"))
    assert code == 2
    assert out == ""
    assert err.startswith("workshop: error: no session")


def test_broken_session_exits_2_with_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('schema_version = 1\ntitle = "x"\n[answers\n', encoding="utf-8")
    code, out, err = _run(capsys, str(broken), "--format", "json")
    assert code == 2
    assert out == ""
    assert f"{broken}:3:" in err


def test_unknown_template_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text(WORKED.read_text(encoding="utf-8").replace('template = "working-backwards"', 'template = "no-such"'), encoding="utf-8")
    code, _, err = _run(capsys, str(path))
    assert code == 2
    assert "no-such" in err and "template" in err


def test_bad_rules_file_exits_2_naming_file_and_key(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rules = tmp_path / "team.toml"
    rules.write_text('[rules.vague-word]\nseverity = "loud"\n', encoding="utf-8")
    code, _, err = _run(capsys, str(WORKED), "--rules", str(rules))
    assert code == 2
    assert f"{rules}: rules.vague-word.severity: " in err


def test_ref_resolves_by_title_in_the_sessions_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    shutil.copy(WORKED, folder / "pitlane.toml")
    title = store.load(WORKED).title
    code, out, _ = _run_with_dir(capsys, folder, title)
    assert code == 0
    assert any(line.startswith(f"{display_path(folder / 'pitlane.toml')}:") for line in out.splitlines())
    assert _run_with_dir(capsys, folder, "pitlane")[0] == 0


def _run_with_dir(capsys: pytest.CaptureFixture[str], folder: Path, ref: str) -> tuple[int, str, str]:
    code = cli.main(["--sessions-dir", str(folder), "check", ref])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(HALF), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["schema_version"] == JSON_SCHEMA_VERSION
    assert set(data) == {
        "schema_version", "path", "session", "rules", "readiness", "summary", "stats", "findings", "dismissed",
    }
    assert data["path"] == display_path(HALF)
    assert not Path(data["path"]).is_absolute()
    assert set(data["session"]) == {"id", "title", "template"}
    assert data["rules"] == ["builtin:writing.toml"]
    assert set(data["readiness"]) == {"score", "words", "per_1000_words", "completeness"}
    summary = data["summary"]
    assert set(summary) == {"errors", "warnings", "info", "dismissed", "exit_code"}
    assert summary["exit_code"] == 1
    for severity, key in (("error", "errors"), ("warning", "warnings"), ("info", "info")):
        assert summary[key] == sum(1 for f in data["findings"] if f["severity"] == severity)
    assert set(data["stats"]) >= {"press_release_words", "press_release_word_limit", "readability_grade", "faq_words", "faq_pages"}
    assert data["findings"]
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
        assert isinstance(finding["line"], int) and re.fullmatch(r"[0-9a-f]{12}", finding["fingerprint"])
    unanswered = [f for f in data["findings"] if f["rule"] == "unanswered-question"]
    assert unanswered and all(f["item"] and f["part"] == "answer" for f in unanswered)


def test_json_strict_exit_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, str(_with_vague_word(tmp_path)), "--format", "json", "--strict")
    assert code == 1
    assert json.loads(out)["summary"]["exit_code"] == 1


def test_dismissed_findings_are_counted_not_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    session = store.load(_with_vague_word(tmp_path))
    template = content.resolve(session.template_id)
    target = next(f for f in run_checks(session, template) if f.rule_id == "vague-word" and f.step_id == "pr-problem")
    dismiss(session, target, "JOIN is a keyword riders text us")
    path = tmp_path / "dismissed.toml"
    store.save(session, path, template)

    code, out, _ = _run(capsys, str(path))
    assert code == 0
    assert '"very"' not in out
    assert "(1 dismissed)" in out

    code, out, _ = _run(capsys, str(path), "--format", "json")
    data = json.loads(out)
    assert data["summary"]["dismissed"] == 1
    assert target.fingerprint not in {f["fingerprint"] for f in data["findings"]}
    (entry,) = data["dismissed"]
    assert entry["fingerprint"] == target.fingerprint
    assert entry["reason"] == "JOIN is a keyword riders text us"
    assert entry["when"]


def test_fingerprints_flag(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, str(WORKED), "--fingerprints", "--format", "concise")
    assert all(re.search(r" \[[0-9a-f]{12}\]$", line) for line in out.splitlines()[:-SUMMARY_LINES])
    _, out, _ = _run(capsys, str(WORKED), "--fingerprints")
    assert len(re.findall(r"\[[0-9a-f]{12}\]", out)) == len(re.findall(r"\.toml:\d+:\d+", out))


def test_check_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "check" in capsys.readouterr().out


# ------------------------------------------------------------------ places in the file, CI, readiness
def test_text_and_concise_point_at_the_words_in_the_session_file(capsys: pytest.CaptureFixture[str]) -> None:
    """Every finding with words points at exactly those words in the TOML file."""
    code, out, _ = _run(capsys, str(WORKED), "--format", "json")
    data = json.loads(out)
    lines = WORKED.read_text(encoding="utf-8").split("\n")
    checked = 0
    for finding in data["findings"]:
        assert finding["file_line"] >= 1 and finding["file_column"] >= 1
        if finding["line"] and finding["file_end_line"] == finding["file_line"] and not finding["excerpt"].endswith("…"):
            text = lines[finding["file_line"] - 1][finding["file_column"] - 1 : finding["file_end_column"] - 1]
            assert text == finding["excerpt"]
            checked += 1
    assert checked >= 2
    _, out, _ = _run(capsys, str(WORKED), "--format", "concise")
    first = data["findings"][0]
    assert out.startswith(f"{display_path(WORKED)}:{first['file_line']}:{first['file_column']}: {first['rule']} ")


def test_file_positions_follow_escapes_lists_and_faq_items(tmp_path: Path) -> None:
    from workshop.coach.filepos import scan

    session = store.load(WORKED)
    template = content.resolve(session.template_id)
    session.set_answer("pr-problem", "problem", 'A "quoted"\tword, then a very big gap.')
    session.set_answer("customer-who", "needs", ["Fine item", "Another item with many parts"])
    item = session.add_faq("Why now?", kind="internal", answer="Line one.\nIt is very slow.")
    path = tmp_path / "escapes.toml"
    store.save(session, path, template)
    source = path.read_text(encoding="utf-8")
    positions = scan(source)
    lines = source.split("\n")
    found = run_checks(store.load(path), template)
    for finding, words in (
        (next(f for f in found if f.step_id == "pr-problem" and f.excerpt == "very"), "very"),
        (next(f for f in found if f.field_id == "needs" and f.excerpt == "many"), "many"),
        (next(f for f in found if f.item_id == item.id and f.excerpt == "very"), "very"),
    ):
        line, column, end_line, end_column = positions.place(finding)
        assert lines[line - 1][column - 1 : end_column - 1] == words, (finding.location, line, column)
    assert '\\"quoted\\"' in source  # the escape really is in the file, before the words


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(HALF), "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    data = json.loads(_run(capsys, str(HALF), "--format", "json")[1])
    assert len(annotations) == len(data["findings"])
    pattern = re.compile(
        r"^::(error|warning|notice) file=(?P<file>[^,]+),line=\d+,col=\d+(,endLine=\d+,endColumn=\d+)?,"
        r"title=[a-z-]+::.+$"
    )
    for line in annotations:
        match = pattern.match(line)
        assert match, line
        assert match["file"] == display_path(HALF)
    assert any(line.startswith("::error ") for line in annotations)


def test_github_escapes_its_separators() -> None:
    from workshop.cli.check import github_line

    finding = run_checks(store.load(HALF), content.resolve("working-backwards"))[0]
    line = github_line("a,b:c.toml", finding, (3, 1, 3, 1))
    assert "file=a%2Cb%3Ac.toml,line=3,col=1,title=" in line


def test_readiness_ranks_a_strong_document_above_weak_ones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    def score(path: Path) -> int:
        return json.loads(_run(capsys, str(path), "--format", "json")[1])["readiness"]["score"]

    strong = score(WORKED)
    assert strong >= 80
    assert score(HALF) < strong
    weaker = store.load(WORKED)
    for step, field in (("pr-solution", "solution"), ("pr-how-it-works", "how_it_works")):
        weaker.set_answer(step, field, weaker.get_text(step, field) + " It is a very seamless, world-class, revolutionary platform.")
    path = tmp_path / "weaker.toml"
    store.save(weaker, path)
    assert score(path) < strong
    corpus = ROOT / "tests" / "coach_corpus" / "sessions"
    # The corpus's best (complete, few findings) above its worst (a paragraph and a few answers).
    assert score(corpus / "hofmann-elimination.toml") > score(corpus / "mlmax.toml")


def test_json_paths_are_relative_to_where_the_command_ran(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "team.toml"
    rules.write_text('[rules.long-sentence]\nmax_words = 25\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(_run(capsys, str(WORKED), "--format", "json", "--rules", str(rules))[1])
    assert data["rules"] == ["builtin:writing.toml", "team.toml"]
    assert data["path"] == display_path(WORKED) and not Path(data["path"]).is_absolute()


def test_the_app_and_the_cli_show_the_same_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """The app checks a snapshot in a worker (screens/coach.py); the CLI reports the same."""
    from workshop.coach import check_snapshot, take_snapshot

    for path in (WORKED, HALF, *sorted((ROOT / "tests" / "coach_corpus" / "sessions").glob("*.toml"))[:3]):
        session = store.load(path)
        app = check_snapshot(take_snapshot(session, content.resolve(session.template_id)))
        data = json.loads(_run(capsys, str(path), "--format", "json")[1])
        assert [f["fingerprint"] for f in data["findings"]] == [f.fingerprint for f in app.findings]
