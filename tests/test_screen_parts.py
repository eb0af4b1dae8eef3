"""The session screen is made of parts with typed interfaces: no mixins reaching their host.

Each part (coach, outside edits, facilitation…) gets the screen passed in as a
`typing.Protocol` (its `…Host`); these tests read the source so a part that goes
back to `getattr(self, "document")`-style hooks, or a screen that stops
providing what a part's Protocol names, fails here rather than at run time.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Generic, Protocol

import pytest

from workshop.screens import (
    changes,
    coach,
    facilitation,
    outside_edit,
    session_faq,
    session_files,
    session_palette,
    session_start,
    session_steps,
)
from workshop.screens.session import SessionScreen

SRC = Path(__file__).resolve().parents[1] / "src" / "workshop"
HOOK = re.compile(r"\b(?:getattr|hasattr)\(\s*self\s*,\s*[\"']")
"""`getattr(self, "name")` / `hasattr(self, "name")`: a mixin asking its host by name."""


def _screen_modules() -> list[Path]:
    return sorted((SRC / "screens").glob("*.py")) + sorted((SRC / "widgets").glob("*.py"))


NOT_YET_PARTS: set[str] = set()
"""Modules allowed to keep such hooks for now (none left); this can only shrink."""


def test_no_getattr_self_hooks_in_screens_or_widgets() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in _screen_modules()
        if path.relative_to(SRC).as_posix() not in NOT_YET_PARTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HOOK.search(line)
    ]
    assert not offenders, "host hooks by name (use the part's Protocol):\n" + "\n".join(offenders)


def test_not_yet_parts_still_have_hooks() -> None:
    """An entry leaves NOT_YET_PARTS when its module has no hook left."""
    for name in NOT_YET_PARTS:
        assert HOOK.search((SRC / name).read_text(encoding="utf-8")), f"{name} is done: remove it"


def test_the_hook_pattern_finds_hooks() -> None:
    assert HOOK.search('        document = getattr(self, "document")')
    assert HOOK.search("if hasattr(self, 'default_export_path'):")
    assert not HOOK.search('getattr(self.host.app, "settings", None)')


PARTS = [
    (changes.ChangesPart, changes.ChangesHost),
    (coach.CoachPart, coach.CoachHost),
    (outside_edit.OutsideEditPart, outside_edit.OutsideEditHost),
    (session_faq.FaqPart, session_faq.FaqHost),
    (session_files.SessionFiles, session_files.FilesHost),
    (session_steps.StepsPart, session_steps.StepsHost),
    (session_start.QuickStart, session_start.QuickStartHost),
    (facilitation.SessionFacilitation, facilitation.FacilitationHost),
    (facilitation.SessionFacilitation, facilitation.SessionFacilitationHost),
]


def _protocol_members(protocol: type) -> set[str]:
    """What a host Protocol names, its inherited Protocols' (`SessionBasics`) included."""
    names: set[str] = set()
    for cls in protocol.__mro__:
        if cls in (object, Protocol, Generic):
            continue
        names |= {name for name in vars(cls) if not name.startswith("_")}
        names |= set(vars(cls).get("__annotations__", {}))
    return names


def test_protocol_members_include_inherited_ones() -> None:
    assert {"app", "session", "template", "step_view"} <= _protocol_members(session_faq.FaqHost)


def _init_assigns(cls: type) -> set[str]:
    """Attributes `cls.__init__` assigns on self."""
    tree = ast.parse(inspect.getsource(cls.__init__).strip().replace("\n    ", "\n"))
    found: set[str] = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                found.add(target.attr)
    return found


@pytest.mark.parametrize(("part", "protocol"), PARTS, ids=lambda p: p.__name__)
def test_session_screen_satisfies_each_part_protocol(part: type, protocol: type) -> None:
    assigned = _init_assigns(SessionScreen)
    missing = sorted(
        name for name in _protocol_members(protocol)
        if not hasattr(SessionScreen, name) and name not in assigned
    )
    assert not missing, f"SessionScreen lacks what {protocol.__name__} names: {missing}"


@pytest.mark.parametrize(("part", "protocol"), PARTS, ids=lambda p: p.__name__)
def test_parts_are_parts_not_mixins(part: type, protocol: type) -> None:
    assert part not in SessionScreen.__mro__
    assert list(inspect.signature(part.__init__).parameters)[1:] == ["host"]


@pytest.mark.parametrize(("part", "protocol"), PARTS, ids=lambda p: p.__name__)
def test_no_type_only_back_reference_to_the_session_screen(part: type, protocol: type) -> None:
    """A part knows its screen by its Protocol only, not even under TYPE_CHECKING."""
    text = Path(inspect.getfile(part)).read_text(encoding="utf-8")
    assert "from .session import" not in text


def test_session_screen_runs_every_palette_command_it_names() -> None:
    missing = sorted(
        name for name in _protocol_members(session_palette.PaletteHost)
        if not hasattr(SessionScreen, name) and name not in _init_assigns(SessionScreen)
    )
    assert not missing, missing


def test_facilitation_keys_name_actions_of_the_part() -> None:
    """Every `facilitation('<name>')` binding runs an action the part has (a typo fails here)."""
    part = facilitation.FacilitationPart(object())  # type: ignore[arg-type]
    names = set(part.actions())
    bound = [
        binding.action[len("facilitation('"):-2]
        for binding in facilitation.FACILITATION_BINDINGS
        if binding.action.startswith("facilitation(")
    ]
    assert bound and set(bound) <= names
    for binding in facilitation.FACILITATION_BINDINGS:
        if binding.action.startswith("facilitation("):
            assert binding.id == binding.action[len("facilitation('"):-2], binding


async def test_an_unknown_facilitation_action_fails_loudly() -> None:
    part = facilitation.FacilitationPart(object())  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        await part.run("no_such_action")
