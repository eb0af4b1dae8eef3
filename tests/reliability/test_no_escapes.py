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
        ["check", named, "--format", "github"],
        ["check", named, "--format", "concise"],
        ["check", broken],
        ["open", broken],
        ["open", NAME + "-missing"],
        ["restore", named, "--list"],
        ["new", PAYLOAD, "--no-open"],
        ["new", "x", "--template", PAYLOAD, "--no-open"],
        ["list", "--format", "json"],
        ["templates", "--format", "json"],
        ["list", "--names"],
        ["export", named, "-o", "-"],
        ["example", "--no-open"],
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
    assert data["path"] == os.path.relpath(hostile["named"])  # the same text, escaped in the JSON only
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


# ------------------------------------------------------------------ the app in a terminal
_OSC22 = re.compile(rb"\x1b\]22;[a-z-]*\x07")
"""Textual's own pointer-shape sequence (ends with BEL)."""
_DRAWN = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]")


class Terminal:
    """The app running in a pseudo-terminal: every byte it writes is kept."""

    def __init__(self, args: list[str], size: tuple[int, int] = (100, 30)) -> None:
        import fcntl
        import pty
        import struct
        import termios

        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(TERM="xterm-256color", COLORTERM="truecolor")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            try:
                os.execve(sys.executable, [sys.executable, "-m", "workshop", *args], env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        os.kill(self.pid, signal.SIGWINCH)
        self.output = bytearray()
        """Everything written to the terminal so far."""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._drawn = ""

    def _read(self, timeout: float) -> None:
        readable, _, _ = select.select([self.fd], [], [], timeout)
        if readable:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            self.output += chunk
            self._drawn = (self._drawn + self._decoder.decode(chunk))[-200_000:]

    def drawn(self) -> str:
        """The text drawn so far (escape sequences removed)."""
        return _DRAWN.sub("", self._drawn)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        """Read until `text` has been drawn (fails the test on timeout); return the drawn text."""
        deadline = time.monotonic() + timeout
        while text not in self.drawn():
            assert time.monotonic() < deadline, f"{text!r} never drawn; last: {self.drawn()[-1500:]!r}"
            self._read(0.05)
        return self.drawn()

    def press(self, keys: bytes, settle: float = 0.3) -> None:
        """Send `keys`, then keep reading for `settle` seconds."""
        os.write(self.fd, keys)
        deadline = time.monotonic() + settle
        while time.monotonic() < deadline:
            self._read(0.05)

    def close(self) -> None:
        """Quit (ctrl+q), then make sure the process is gone (safe twice)."""
        if self.fd < 0:
            return
        try:
            os.write(self.fd, b"\x11")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    break
                self._read(0.05)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass
        os.close(self.fd)
        self.fd = -1


def _assert_no_payload(output: bytes) -> None:
    """The payload's sequences, BEL and C1 never reach the terminal (Textual's own ESCs may)."""
    for sequence in (b"\x1b]52;", b"\x1b]0;PWNED", b"SEFDS0VE\x07", b"PWNED\x07", b"\x07\x1b[2J", b"\x1b\x7f"):
        assert sequence not in output, (sequence, output[max(0, output.find(sequence) - 80) :][:200])
    assert b"\x07" not in _OSC22.sub(b"", output)
    text = output.decode("utf-8", errors="surrogateescape")
    c1 = [repr(text[max(0, m.start() - 30) : m.end() + 10]) for m in re.finditer("[\x80-\x9f\udc80-\udcff]", text)]
    assert c1 == []


@pytest.fixture
def terminal():
    """Start `Terminal`s; each is closed after the test."""
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        opened.append(Terminal(list(args)))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


@pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="needs a pty")
def test_home_screen_dialogs_and_notifications_send_no_payload(hostile: dict[str, Path], terminal) -> None:
    term = terminal()  # the home screen
    drawn = term.wait_for("PWNED")
    assert "␛]52;c;SEFDS0VE␇" in drawn  # the title is shown, as pictures
    for _ in range(3):  # each row's details pane, the broken file's too
        term.press(b"\x1b[B")
    term.wait_for("Can't read this file")
    term.press(b"\r")  # open the broken file: a notification naming it
    term.wait_for("Can't open this session")
    term.press(b"\x1b[A\x1b[A\x1b[A")
    term.press(b"d")  # delete: the confirm dialog names the title and the file
    term.wait_for("Delete “")
    term.press(b"\x1b", settle=0.6)
    term.press(b"e")  # export: the export dialog shows the title and the path
    term.wait_for("Export the PR/FAQ")
    term.press(b"\x1b", settle=0.6)
    term.press(b"n")  # new session: the template titles
    term.wait_for("New session")
    term.press(b"\x1b", settle=0.6)
    term.close()
    _assert_no_payload(bytes(term.output))
    assert "⟨9B⟩" in term.drawn()


@pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="needs a pty")
def test_session_and_its_screens_send_no_payload(hostile: dict[str, Path], terminal) -> None:
    term = terminal("open", str(hostile["named"]))
    term.wait_for("PWNED")
    term.press(b"\x1bOQ")  # F2: save, "Already saved" names the (hostile) file
    term.wait_for("saved")
    term.press(b"\x1b[15~", settle=0.6)  # F5: previous step (none), F6 next steps
    for _ in range(4):
        term.press(b"\x1b[17~")
    for keys, marker in ((b"\x1ba", "Total"), (b"\x1bk", "Readiness"), (b"\x1bc", "Review meeting"), (b"\x1bOP", "Keys on this screen")):
        term.press(keys)  # agenda, readiness, review (titles), help (folders, keys)
        term.wait_for(marker)
        term.press(b"\x1b", settle=0.8)
    term.close()
    _assert_no_payload(bytes(term.output))
    assert "␛]0;PWNED␇" in term.drawn()


# ------------------------------------------------------------------ widgets and the net
def _controls(text: str) -> list[str]:
    return [hex(ord(c)) for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]


def test_facilitation_tables_and_tally_show_control_characters() -> None:
    from facilitation_helpers import mini_template  # type: ignore[import-not-found]
    from workshop.model.live import LiveSession
    from workshop.model.session import Session
    from workshop.widgets.decisions import DecisionTable
    from workshop.widgets.parking_lot import ParkingTable
    from workshop.widgets.voting import tally_text

    live = LiveSession(Session("Live"), mini_template())
    name = live.add_participant("Ann" + PAYLOAD)
    live.park("Later " + PAYLOAD, "benefit", author=name)
    live.decide("Ship " + PAYLOAD, owner=name, step_id="benefit")
    live.add_idea("benefit", "One " + PAYLOAD, author=name)
    live.add_idea("benefit", "Two " + PAYLOAD, author=name)
    vote = live.start_vote("benefit")
    live.cast(vote, vote.options[0].id, name)
    texts = [tally_text(live, vote).plain]
    for table in (ParkingTable(), DecisionTable()):
        texts += [cell.plain for _, cells in table.records(live) for cell in cells]
    assert all(_controls(text) == [] for text in texts), texts
    assert all("␛]0;PWNED␇" in text for text in texts[1:2]), texts


def test_line_filter_drops_what_a_path_forgot_and_keeps_the_width() -> None:
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color

    from workshop.app import WorkshopApp
    from workshop.widgets.safe_text import ControlFilter

    bold = Style(bold=True)
    line = [Segment("a\x1b]0;X\x07b\x9b2J", bold), Segment("plain"), Segment("\x1b[2J", None, [])]
    filtered = ControlFilter().apply(line, Color(0, 0, 0))
    assert filtered == [Segment("a]0;Xb2J", bold), Segment("plain"), Segment("\x1b[2J", None, [])]
    assert Segment.get_line_length(filtered) == Segment.get_line_length(line)
    app = WorkshopApp(Path("."))
    assert any(isinstance(f, ControlFilter) for f in app.get_line_filters())


async def test_prompt_shows_control_characters_and_keeps_them_when_edited() -> None:
    from textual.app import App
    from textual.widgets import Input, Static

    from workshop.screens.prompt import TextPrompt

    results: list[str | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(TextPrompt("Rename " + NAME, value="Ann" + NAME), results.append)

    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box.value == "Ann" + shown(NAME) and _controls(box.value) == []
        assert _controls(str(app.screen.query_one("#prompt-title", Static).content)) == []
        await pilot.press("end", "!", "enter")
        await pilot.pause()
    assert results == ["Ann" + NAME + "!"]


def test_findings_show_control_characters() -> None:
    from workshop.coach import Finding
    from workshop.widgets.findings import finding_prompt

    template = content.resolve(None)
    step = template.steps[0]
    text = "We basically " + PAYLOAD
    common = dict(rule_id="vague-word", severity="warning", message="vague " + PAYLOAD, suggestion=PAYLOAD)
    located = Finding(**common, excerpt="basically " + PAYLOAD, step_id=step.id, field_id="x", line=1, column=4, end_line=1, end_column=len(text) + 1)  # type: ignore[arg-type]
    quoted = Finding(**common, excerpt=PAYLOAD, step_id=step.id, field_id="x")  # type: ignore[arg-type]
    for finding in (located, quoted):
        plain = finding_prompt(finding, template, text).plain
        assert _controls(plain) == [] and "␛]0;PWNED␇" in plain, plain
