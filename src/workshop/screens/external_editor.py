"""Provides "Edit in external editor": the focused answer box opened in `$VISUAL` / `$EDITOR`.

The flow (`edit_focused`): find the focused text box, write its real text
(control characters as they are, not their on-screen pictures) to a private
temporary `.md` file, suspend the app and run the editor on it, read the file
back and put the result into the box the way a paste would — one edit that
the box's own undo takes back in one step — so the box's normal change
reporting carries it into the session as one operation (`SetAnswer` or
`EditFaq`), sealed as its own step of the session-wide undo; then ask the
screen for a save. The model is never written here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ..safe import shown, typed
from ..widgets.fields import FieldEditor

if TYPE_CHECKING:
    from .session import SessionScreen

ENV_VARIABLES = ("VISUAL", "EDITOR")
"""Where the editor command is looked up, in this order."""
BINDING_ID = "edit_external"
"""The id of the key binding (remappable in settings.toml `[keymap]`)."""
DEFAULT_KEY = "alt+w"
"""The default key (ctrl+e is end-of-line in text boxes)."""
TITLE = "External editor"
"""The title of every notification this feature shows."""

_FAQ_BOXES = {
    "edit-answer": "the FAQ answer",
    "edit-question": "the FAQ question",
    "new-question": "the new FAQ question",
}
"""FAQ panel boxes (by id) -> how messages name them."""


class EditorProblem(Exception):
    """The editor setting cannot be used (the message says why and what to do)."""


@dataclass(frozen=True)
class EditorCommand:
    """The editor to run: its arguments (the file name is added last) and where they came from."""

    argv: tuple[str, ...]
    """The command, split like a shell would (`code --wait` -> `("code", "--wait")`)."""
    variable: str
    """The environment variable it was read from (VISUAL or EDITOR)."""

    @property
    def display(self) -> str:
        """The command as the user wrote it (quoted again)."""
        return shlex.join(self.argv)


def editor_command(environ: Mapping[str, str]) -> EditorCommand | None:
    """Return the editor from `$VISUAL`, else `$EDITOR` (blank counts as unset); None if neither.

    Raises:
        EditorProblem: The variable cannot be split into a command (an unclosed quote).
    """
    for variable in ENV_VARIABLES:
        value = environ.get(variable, "")
        if not value.strip():
            continue
        try:
            argv = tuple(shlex.split(value))
        except ValueError as error:
            raise EditorProblem(
                f"${variable} is {value!r}, which is not a command ({error}). "
                f"Fix it, for example: export {variable}=nano"
            ) from None
        if argv:
            return EditorCommand(argv, variable)
    return None


def edited_text(before: str, after: str, *, single_line: bool) -> tuple[str, bool]:
    """Turn what the editor saved into the box's new text; also whether lines were joined.

    Editors end a file with a newline: one the text did not have is dropped.
    A single-line box gets every line joined with spaces (blank lines dropped).
    """
    for ending in ("\r\n", "\n"):
        if after.endswith(ending) and not before.endswith(ending):
            after = after[: -len(ending)]
            break
    if not single_line or "\n" not in after:
        return after, False
    lines = (line.removesuffix("\r") for line in after.split("\n"))
    return " ".join(line.strip() for line in lines if line.strip()), True


@dataclass(frozen=True)
class Target:
    """The box to edit."""

    box: Input | TextArea
    """The Input or TextArea."""
    name: str
    """How messages name it ("“Headline”", "the FAQ answer")."""

    @property
    def single_line(self) -> bool:
        """An Input holds one line."""
        return isinstance(self.box, Input)

    @property
    def text(self) -> str:
        """The box's real text (control characters as they are, not as pictures)."""
        box = self.box
        return typed(box.value if isinstance(box, Input) else box.text)


def focused_target(screen: SessionScreen) -> Target | None:
    """The focused answer box of the screen, or None when focus is elsewhere."""
    box = screen.focused
    if not isinstance(box, (Input, TextArea)):
        return None
    if box.id in _FAQ_BOXES:
        return Target(box, _FAQ_BOXES[box.id or ""])
    editor = next((node for node in box.ancestors if isinstance(node, FieldEditor)), None)
    if editor is not None:
        return Target(box, f"“{editor.field.label}”")
    return None


def _file_prefix(target: Target) -> str:
    name = "".join(c if c.isalnum() else "-" for c in target.name.lower()).strip("-")
    return f"workshop-{'-'.join(part for part in name.split('-') if part)[:40]}-"


def _box_editable(box: Widget) -> bool:
    if box.disabled:
        return False
    return not (isinstance(box, TextArea) and box.read_only)


def _put(target: Target, text: str) -> None:
    """Put `text` (real characters) into the box as one change, as a paste would."""
    box, on_screen = target.box, shown(text)
    if isinstance(box, Input):
        box.value = on_screen  # one Changed, like a paste
        box.cursor_position = len(on_screen)
        return
    box.history.checkpoint()  # never merged with keys typed just before
    box.replace(on_screen, box.document.start, box.document.end, maintain_selection_offset=False)
    box.history.checkpoint()  # nor with keys typed after


def edit_focused(screen: SessionScreen, environ: Mapping[str, str] | None = None) -> None:
    """Edit the focused box of `screen` in the user's editor; every outcome gets a message.

    Args:
        screen: The session screen (its focused box, save path and notifications).
        environ: Where `VISUAL` / `EDITOR` are read (default: the process environment).
    """
    key = screen.key(BINDING_ID, DEFAULT_KEY)
    target = focused_target(screen)
    if target is None:
        screen.notify(
            "Put the cursor in an answer box (or an FAQ question or answer) first, "
            f"then press {key} to edit it in your editor.",
            title=TITLE,
            severity="warning",
            markup=False,
        )
        return
    if not _box_editable(target.box):
        screen.notify(
            f"{target.name} cannot be changed here.", title=TITLE, severity="warning", markup=False
        )
        return
    try:
        command = editor_command(os.environ if environ is None else environ)
    except EditorProblem as problem:
        screen.notify(str(problem), title=TITLE, severity="error", timeout=15, markup=False)
        return
    if command is None:
        screen.notify(
            "No editor is set: set $VISUAL or $EDITOR before starting workshop, "
            "for example: export EDITOR=nano (or EDITOR='code --wait'). Nothing was changed.",
            title=TITLE,
            severity="warning",
            timeout=15,
            markup=False,
        )
        return
    _run(screen, target, command)


def _run(screen: SessionScreen, target: Target, command: EditorCommand) -> None:
    """Write the temp file, run the editor with the app suspended, put the result back."""
    before = target.text
    folder = Path(tempfile.mkdtemp(prefix="workshop-edit-"))  # private: mode 0700
    keep = False
    try:
        handle, name = tempfile.mkstemp(suffix=".md", prefix=_file_prefix(target), dir=folder)
        path = Path(name)
        with open(handle, "w", encoding="utf-8", newline="") as file:  # newline="": \r stays \r
            file.write(before)
        try:
            with screen.app.suspend():
                status = subprocess.run([*command.argv, str(path)], check=False).returncode
        except SuspendNotSupported:
            screen.notify(
                "workshop cannot hand the terminal to an editor when it runs in a browser. "
                "Edit the text in the box, or run workshop in a terminal to use your editor.",
                title=TITLE,
                severity="warning",
                timeout=15,
                markup=False,
            )
            return
        except OSError as error:
            screen.notify(
                f"Could not start the editor {command.display} (from ${command.variable}): "
                f"{error.strerror or error}. Check ${command.variable}; {target.name} is unchanged.",
                title=TITLE,
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        after = before  # an editor that removed the file changed nothing
        if path.exists():
            with open(path, encoding="utf-8", errors="replace", newline="") as file:
                after = file.read()
        if status != 0:
            keep = after != before and bool(after.strip())
            kept = f" What you wrote is kept in {path}." if keep else ""
            screen.notify(
                f"The editor {command.display} failed (exit code {status}); "
                f"{target.name} is unchanged.{kept}",
                title=TITLE,
                severity="error",
                timeout=20 if keep else 10,
                markup=False,
            )
            return
        _apply(screen, target, command, before, after)
    except OSError as error:  # the temp file itself (a full or read-only temp folder)
        screen.notify(
            f"Could not use a temporary file for the editor: {error}. {target.name} is unchanged.",
            title=TITLE,
            severity="error",
            timeout=15,
            markup=False,
        )
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _apply(
    screen: SessionScreen, target: Target, command: EditorCommand, before: str, after: str
) -> None:
    """Put the edited text in the box (if it changed), then save."""
    text, joined = edited_text(before, after, single_line=target.single_line)
    if text == before:
        screen.notify(f"No changes to {target.name}.", title=TITLE, markup=False)
        return
    if not target.box.is_attached:  # cannot happen while suspended; never write to a dead box
        return
    # One step of the session-wide undo (the dispatcher's), never merged with the typing
    # just before it nor after it: seal the typing step on both sides.
    screen.flush_edits()  # keys typed before the editor opened are their own step
    screen.document.dispatcher.seal()
    _put(target, text)
    screen.flush_edits()  # the box's report may still be queued: carry it in now, then save
    screen.document.dispatcher.seal()
    screen.save_in_background()
    note = " It holds one line, so the lines were joined with spaces." if joined else ""
    undo = " Undo takes it back in one step." if isinstance(target.box, TextArea) else ""
    where = " This window is read-only: it is not saved to the file." if screen.document.read_only else ""
    screen.notify(
        f"{target.name} now holds the text from {command.argv[0]}.{note}{undo}{where}",
        title=TITLE,
        markup=False,
    )
