"""Provides the user's settings file (theme, key remaps) in the config folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .storage import atomic, paths, tomlio
from .storage.tomlio import FileProblem


@dataclass
class Settings:
    """What the app remembers between runs."""

    theme: str = ""
    """Textual theme name (empty = the app's default)."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. `next_step = "ctrl+right,f6"`."""
    key_preset: str = ""
    """The key preset (`key_preset = "leader"`: no F-keys or alt keys); empty = the standard one."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""
    problem: str = ""
    """Why the file could not be read (the defaults are used; it is not overwritten)."""


def settings_path() -> Path:
    """Return the settings file's path."""
    return paths.config_dir() / "settings.toml"


def load(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives defaults, a broken one gives defaults plus `problem`."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomlio.read(path)
    except FileProblem as problem:
        return Settings(problem=problem.describe())
    data = dict(data)
    theme = data.pop("theme", "")
    keymap = data.pop("keymap", {})
    key_preset = data.pop("key_preset", "")
    if not isinstance(theme, str):
        return Settings(problem=f"{path}: theme: expected text")
    if not isinstance(key_preset, str):
        return Settings(problem=f"{path}: key_preset: expected text, \"standard\" or \"leader\"")
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        return Settings(problem=f"{path}: keymap: expected a table of binding-id = \"keys\"")
    return Settings(theme=theme, keymap=dict(keymap), key_preset=key_preset, extra=data)


def save(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically. Refuses to replace a file that could not be read.

    Raises:
        atomic.SaveError: when the file can't be written.
    """
    if settings.problem:
        return
    data: dict[str, Any] = {}
    if settings.theme:
        data["theme"] = settings.theme
    if settings.key_preset:
        data["key_preset"] = settings.key_preset
    data.update(settings.extra)
    if settings.keymap:
        data["keymap"] = dict(settings.keymap)
    import tomli_w  # only to write: start-up reads the settings (issue 12 §4)

    atomic.atomic_write(path or settings_path(), tomli_w.dumps(data))
