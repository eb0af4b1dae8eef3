"""Tests that no control character from user-controlled text reaches any output (issue 11 §1).

Hostile inputs: a session title, FAQ question and answer, a file name, an
unknown key name inside a file, a template title, a broken file's name and
an output path, each holding an OSC 52 clipboard write, a window-title
change, a screen clear, BEL, DEL and C1 controls (the one-byte CSI U+009B).

- Every CLI command that shows titles, file names, key names or template
  text runs as a real process; its stdout and stderr, read as bytes, hold
  no control character but newline (and no raw C1 byte).
- The app runs in a pseudo-terminal on the home screen and a session
  screen (with a dialog and a notification showing the title); the bytes it
  writes never hold the payload's sequences (`]52;`, `]0;PWNED`, `[2J` from
  the payload, a BEL, a C1 control). Textual draws with ESC sequences of its
  own, so those are told apart by what follows the ESC.
- Crash messages and crash logs, and the JSON of `check --format json`.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import tomli_w

from workshop import content, crash, store
from workshop.safe import SafeStream, json_text, shown, typed

PAYLOAD = "T \x1b]52;c;SEFDS0VE\x07\x1b]0;PWNED\x07\x1b[2J \x9b31m \x85 \x7f \x90q\x9c"
"""The issue's title, plus DEL and C1 controls (CSI, NEL, DCS … ST)."""
NAME = "evil\x1b]0;PWNED\x07\x9b2J"
"""A hostile file name (stem)."""

_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff]")
"""In CLI output: any control character but newline and tab, or a byte that isn't UTF-8."""


def _leaks(data: bytes) -> list[str]:
    """Return each forbidden character in `data` with a little context."""
    text = data.decode("utf-8", errors="surrogateescape")
    return [repr(text[max(0, m.start() - 20) : m.end() + 20]) for m in _FORBIDDEN.finditer(text)]


@pytest.fixture
def hostile(sessions_dir: Path, tmp_path: Path) -> dict[str, Path]:
    """Sessions, templates and broken files with hostile text; return the paths by role."""
    template = content.resolve(None)
    session, path = store.create(PAYLOAD, template, sessions_dir, facilitator=PAYLOAD)
    session.add_faq(PAYLOAD + " really?", "customer", answer=PAYLOAD)
    session.add_faq("Does it " + PAYLOAD, "internal")
    for step in template.steps:
        for item in step.fields:
            if item.type.value == "text":
                session.set_answer(step.id, item.id, "We will basically " + PAYLOAD)
    session.extra["\x1b]52;c;SEFDS0VE\x07key\x9b"] = "kept"
    store.save(session, path, template)
    named = sessions_dir / f"{NAME}.toml"
    shutil.copyfile(path, named)
    broken = sessions_dir / f"broken{NAME}.toml"
    broken.write_text("title = \n[[[", encoding="utf-8")
    folder = content.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = tomllib.loads((content.builtin_dir() / "templates" / "working-backwards.toml").read_text("utf-8"))
    data["id"] = "hostile"
    data["title"] = PAYLOAD
    (folder / "hostile.toml").write_bytes(tomli_w.dumps(data).encode())
    (folder / f"bad{NAME}.toml").write_text("id = 3\n", encoding="utf-8")
    return {"session": path, "named": named, "broken": broken, "out": tmp_path / f"out{NAME}.md"}


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args], capture_output=True, env=env, timeout=60, check=False
    )


def test_no_cli_command_writes_control_characters(hostile: dict[str, Path]) -> None:
    named, broken = str(hostile["named"]), str(hostile["broken"])
    commands = [
        ["list"],
        ["templates"],
        ["validate", named, broken, str(hostile["session"])],
        ["export", named],
        ["export", named, "--with-comments"],
        ["export", broken],
        ["export", named, "-o", str(hostile["out"])],
        ["check", named],
        ["check", named, "--fingerprints"],
        ["check", named, "--format", "json"],
        ["check", broken],
        ["open", broken],
        ["open", NAME + "-missing"],
        ["restore", named, "--list"],
        ["new", PAYLOAD, "--no-open"],
        ["new", "x", "--template", PAYLOAD, "--no-open"],
    ]
    seen: dict[str, bytes] = {}
    for command in commands:
        result = _cli(*command)
        output = result.stdout + result.stderr
        seen[" ".join(command[:2])] = output
        assert _leaks(output) == [], (command, output)
        assert b"Traceback" not in output, (command, output)
    # The hostile text is still there, shown: not dropped, not replaced by U+FFFD.
    assert "␛]0;PWNED␇" in seen["list"].decode() and "⟨9B⟩" in seen["list"].decode()
    assert "⟨9B⟩" in seen["templates"].decode()
    assert "␛]52;c;SEFDS0VE␇key⟨9B⟩" in seen[f"validate {named}"].decode()
    assert "\ufffd" not in b"".join(seen.values()).decode()


def test_check_json_escapes_every_control_character(hostile: dict[str, Path]) -> None:
    result = _cli("check", str(hostile["named"]), "--format", "json")
    assert _leaks(result.stdout) == []
    data = json.loads(result.stdout)
    assert data["path"] == str(hostile["named"])  # the same text, escaped in the JSON only
    assert "\\u009b" in result.stdout.decode() and "\\u001b" in result.stdout.decode()


def test_json_text_escapes_c1_and_del() -> None:
    text = json_text({"k\x9b": ["\x1b\x85\x7f", "é ␛"]})
    assert text == '{"k\\u009b": ["\\u001b\\u0085\\u007f", "é ␛"]}'
    assert json.loads(text) == {"k\x9b": ["\x1b\x85\x7f", "é ␛"]}


def test_safe_stream_shows_whatever_is_printed() -> None:
    class Sink:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> int:
            self.parts.append(text)
            return len(text)

    sink = Sink()
    stream = SafeStream(sink)  # type: ignore[arg-type]
    print(PAYLOAD, file=stream)  # type: ignore[arg-type]
    assert "".join(sink.parts) == shown(PAYLOAD) + "\n"
    assert typed(shown(PAYLOAD)) == PAYLOAD


def test_crash_message_and_log_show_control_characters(tmp_path: Path) -> None:
    error = KeyError(PAYLOAD)
    sessions = [(tmp_path / f"{NAME}.toml", "NOT saved: " + PAYLOAD)]
    result = crash.report(error, sessions, folder=tmp_path / f"logs{NAME}")
    assert result.log_path is not None
    assert _leaks(result.message().encode()) == []
    assert _leaks(result.log_path.read_bytes()) == []
    assert "␛]0;PWNED␇" in result.message()
