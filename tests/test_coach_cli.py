"""Tests for `workshop check`: output formats, exit codes 0/1/2, --strict, --rules, dismissals."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from workshop import cli, content, store
from workshop.coach import dismiss, load_rules, run_checks
from workshop.coach.cli import JSON_SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
WORKED = ROOT / "sessions" / "worked-example.toml"
HALF = ROOT / "sessions" / "half-finished.toml"
LINE = re.compile(
    r"^(?P<path>.+?): (?P<location>[\w\-]+(?:\.[\w\-]+)?(?:\[Q\d+\]\.(?:question|answer))?):(?P<line>\d+): "
    r"(?P<rule>[a-z-]+) (?P<severity>error|warning|info): (?P<message>.+)$"
)
FINDING_KEYS = {
    "rule", "severity", "message", "suggestion", "excerpt", "stage", "step", "field", "item",
    "item_label", "part", "line", "column", "end_line", "end_column", "fingerprint", "location",
}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_complete_example_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(WORKED))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[-1].startswith(f"{WORKED}: 0 errors, ")
    assert re.search(r"; press release \d+/500 words, grade \d+\.\d; FAQ \d+ questions, ", lines[-1])
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, line
        assert match["path"] == str(WORKED)
        assert match["severity"] != "error"
        assert " — try: " in line


def test_text_output_is_grouped_by_step(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(HALF))
    assert code == 1
    steps = [LINE.match(line)["location"].split(".")[0] for line in out.splitlines()[:-1]]
    seen: list[str] = []
    for step in steps:
        if not seen or seen[-1] != step:
            assert step not in seen, f"{step} appears in two groups: {steps}"
            seen.append(step)
    assert any(" missing-section error: " in line for line in out.splitlines())
    assert any(" unanswered-question error: " in line for line in out.splitlines())


def _with_vague_word(tmp_path: Path) -> Path:
    session = store.load(WORKED)
    session.set_answer("pr-problem", "problem", "Riders lose a very big part of their week.")
    path = tmp_path / "vague.toml"
    store.save(session, path)
    return path


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_vague_word(tmp_path)
    code, out, _ = _run(capsys, str(path))
    assert code == 0 and " vague-word warning: " in out
    assert _run(capsys, str(path), "--strict")[0] == 1


def test_strict_passes_when_only_info_remains(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_vague_word(tmp_path)
    rules = tmp_path / "team.toml"
    warning_rules = [r.id for r in load_rules().rules.values() if r.severity == "warning"]
    rules.write_text("".join(f"[rules.{name}]\nseverity = \"info\"\n\n" for name in warning_rules), encoding="utf-8")
    code, out, _ = _run(capsys, str(path), "--strict", "--rules", str(rules))
    assert code == 0, out
    assert " vague-word info: " in out


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
    assert out.splitlines()[-1].startswith(f"{folder / 'pitlane.toml'}: ")
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
    assert set(data) == {"schema_version", "path", "session", "rules", "summary", "stats", "findings", "dismissed"}
    assert data["path"] == str(HALF)
    assert set(data["session"]) == {"id", "title", "template"}
    assert data["rules"][0].endswith("writing.toml")
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
    assert "pr-problem.problem:1: vague-word" not in out
    assert "(1 dismissed)" in out.splitlines()[-1]

    code, out, _ = _run(capsys, str(path), "--format", "json")
    data = json.loads(out)
    assert data["summary"]["dismissed"] == 1
    assert target.fingerprint not in {f["fingerprint"] for f in data["findings"]}
    (entry,) = data["dismissed"]
    assert entry["fingerprint"] == target.fingerprint
    assert entry["reason"] == "JOIN is a keyword riders text us"
    assert entry["when"]


def test_fingerprints_flag(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, str(WORKED), "--fingerprints")
    assert all(re.search(r" \[[0-9a-f]{12}\]$", line) for line in out.splitlines()[:-1])


def test_check_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "check" in capsys.readouterr().out
