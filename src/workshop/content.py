"""Provides template loading, validation and discovery (built-in, user, path)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model.template import (
    FAQ_KINDS,
    PR_ROLES,
    Field,
    FieldType,
    Stage,
    StageKind,
    Step,
    Template,
)
from .model.text import normalise
from .storage import parsed_cache, paths, tomlio
from .storage.tomlio import FileProblem

DEFAULT_TEMPLATE = "working-backwards"
"""The template new sessions use unless told otherwise."""

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_WHOLE = 1_000_000
"""Largest whole number in a template (a step's timebox in minutes, the version)."""


def builtin_dir() -> Path:
    """Return the folder of built-in content (inside the wheel, or the repo)."""
    packaged = Path(__file__).parent / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content"


def user_templates_dir() -> Path:
    """Return the user's template folder (platformdirs config dir / templates)."""

    return paths.config_dir() / "templates"


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


class _Checker:
    """Walks loaded data and raises FileProblem with the key path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> None:
        raise FileProblem(self.path, message, key=key)

    def table(self, data: Any, key: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(key, "expected a table")
        return data

    def text(self, data: dict[str, Any], name: str, key: str, *, required: bool = False) -> str:
        value = data.get(name)
        full = f"{key}.{name}" if key else name
        if value is None:
            if required:
                self.fail(full, "is required but missing")
            return ""
        if not isinstance(value, str):
            self.fail(full, f"expected text, got {_type_name(value)}")
        if required and not value.strip():
            self.fail(full, "must not be empty")
        return normalise(value)

    def ident(self, data: dict[str, Any], key: str) -> str:
        value = self.text(data, "id", key, required=True)
        if not _ID.match(value):
            self.fail(
                f"{key}.id" if key else "id",
                f"{value!r} is not a valid id: use lowercase letters, digits, - and _",
            )
        return value

    def integer(self, data: dict[str, Any], name: str, key: str, default: int) -> int:
        value = data.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(f"{key}.{name}" if key else name, "expected a whole number >= 0")
        if value > MAX_WHOLE:
            self.fail(f"{key}.{name}" if key else name, f"must be {MAX_WHOLE:_} or less, not {value:_}")
        return value

    def boolean(self, data: dict[str, Any], name: str, key: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            self.fail(f"{key}.{name}" if key else name, "expected true or false")
        return value

    def strings(self, data: dict[str, Any], name: str, key: str) -> tuple[str, ...]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{key}.{name}" if key else name, "expected a list of text")
        return tuple(normalise(v) for v in value)

    def array(self, data: dict[str, Any], name: str, key: str) -> list[Any]:
        value = data.get(name)
        full = f"{key}.{name}" if key else name
        if not isinstance(value, list) or not value:
            self.fail(full, f"needs at least one [[{full}]] entry")
        return value

    def choice(self, value: str, allowed: tuple[str, ...], key: str) -> None:
        if value not in allowed:
            self.fail(key, f"{value!r} is not one of: {', '.join(allowed)}")


def template_from_dict(data: dict[str, Any], path: Path | str, source: str = "") -> Template:
    """Validate loaded template data and build a Template.

    Raises:
        FileProblem: `file: key.path: message` for the first problem found.
    """
    path = Path(path)
    check = _Checker(path)
    template_id = check.ident(data, "")
    title = check.text(data, "title", "", required=True)
    version = check.integer(data, "version", "", 1)
    stages: list[Stage] = []
    stage_ids: set[str] = set()
    step_ids: set[str] = set()
    roles: dict[str, str] = {}
    for s_index, raw_stage in enumerate(check.array(data, "stages", "")):
        s_key = f"stages[{s_index}]"
        raw_stage = check.table(raw_stage, s_key)
        stage_id = check.ident(raw_stage, s_key)
        if stage_id in stage_ids:
            check.fail(f"{s_key}.id", f"duplicate stage id {stage_id!r}")
        stage_ids.add(stage_id)
        kind_text = check.text(raw_stage, "kind", s_key) or StageKind.QUESTIONS.value
        check.choice(kind_text, tuple(k.value for k in StageKind), f"{s_key}.kind")
        steps: list[Step] = []
        for t_index, raw_step in enumerate(check.array(raw_stage, "steps", s_key)):
            t_key = f"{s_key}.steps[{t_index}]"
            raw_step = check.table(raw_step, t_key)
            step_id = check.ident(raw_step, t_key)
            if step_id in step_ids:
                check.fail(f"{t_key}.id", f"duplicate step id {step_id!r}; step ids must be unique")
            step_ids.add(step_id)
            fields: list[Field] = []
            field_ids: set[str] = set()
            for f_index, raw_field in enumerate(check.array(raw_step, "fields", t_key)):
                f_key = f"{t_key}.fields[{f_index}]"
                raw_field = check.table(raw_field, f_key)
                field_id = check.ident(raw_field, f_key)
                if field_id in field_ids:
                    check.fail(f"{f_key}.id", f"duplicate field id {field_id!r} in step {step_id!r}")
                field_ids.add(field_id)
                type_text = check.text(raw_field, "type", f_key) or FieldType.LONG_TEXT.value
                check.choice(type_text, tuple(t.value for t in FieldType), f"{f_key}.type")
                field_type = FieldType(type_text)
                role = check.text(raw_field, "role", f_key)
                if role:
                    check.choice(role, PR_ROLES, f"{f_key}.role")
                    if role in roles:
                        check.fail(f"{f_key}.role", f"role {role!r} is already used by {roles[role]}")
                    roles[role] = f"{step_id}.{field_id}"
                faq_kind = check.text(raw_field, "faq_kind", f_key)
                if field_type is FieldType.FAQ:
                    if not faq_kind:
                        check.fail(f"{f_key}.faq_kind", "FAQ fields need faq_kind (customer or internal)")
                    check.choice(faq_kind, FAQ_KINDS, f"{f_key}.faq_kind")
                fields.append(
                    Field(
                        id=field_id,
                        label=check.text(raw_field, "label", f_key, required=True),
                        type=field_type,
                        placeholder=check.text(raw_field, "placeholder", f_key),
                        role=role,
                        faq_kind=faq_kind,
                        suggestions=check.strings(raw_field, "suggestions", f_key),
                        required=check.boolean(raw_field, "required", f_key, True),
                    )
                )
            steps.append(
                Step(
                    id=step_id,
                    title=check.text(raw_step, "title", t_key, required=True),
                    question=check.text(raw_step, "question", t_key, required=True),
                    guidance=check.text(raw_step, "guidance", t_key),
                    example=check.text(raw_step, "example", t_key),
                    facilitator_notes=check.text(raw_step, "facilitator_notes", t_key),
                    timebox_minutes=check.integer(raw_step, "timebox_minutes", t_key, 0),
                    checklist=check.strings(raw_step, "checklist", t_key),
                    optional=check.boolean(raw_step, "optional", t_key, False),
                    decision_log=check.boolean(raw_step, "decision_log", t_key, False),
                    hints=check.strings(raw_step, "hints", t_key),
                    weak_answer=check.text(raw_step, "weak_answer", t_key),
                    strong_answer=check.text(raw_step, "strong_answer", t_key),
                    why_strong=check.text(raw_step, "why_strong", t_key),
                    fields=tuple(fields),
                    stage_id=stage_id,
                )
            )
        stages.append(
            Stage(
                id=stage_id,
                title=check.text(raw_stage, "title", s_key, required=True),
                kind=StageKind(kind_text),
                intro=check.text(raw_stage, "intro", s_key),
                steps=tuple(steps),
            )
        )
    return Template(
        id=template_id,
        title=title,
        version=version,
        description=check.text(data, "description", ""),
        stages=tuple(stages),
        source=source or str(path),
        path=str(path),
    )


def load_template_file(path: Path | str, source: str = "") -> Template:
    """Load and validate one template file.

    Raises:
        FileProblem: for syntax (`file:line:col: …`) or schema (`file: key: …`) errors.
    """
    path = Path(path)
    if source == "built-in":  # its parsed TOML is cached (start-up, issue 12 §4)
        return template_from_dict(parsed_cache.parsed(path, tomlio.read), path, source)
    return template_from_dict(tomlio.read(path), path, source)


@dataclass(frozen=True)
class TemplateEntry:
    """A template found on disk, or the problem that stopped it loading."""

    path: Path
    source: str
    template: Template | None = None
    problem: FileProblem | None = None


def _scan(folder: Path, source: str) -> list[TemplateEntry]:
    entries: list[TemplateEntry] = []
    if not folder.is_dir():
        return entries
    for path in sorted(folder.glob("*.toml")):
        try:
            template = _cached(str(path), _stamp(path), source)
        except FileProblem as problem:
            entries.append(TemplateEntry(path, source, problem=problem))
        except OSError as error:
            entries.append(TemplateEntry(path, source, problem=FileProblem(path, f"can't read: {error.strerror or error}")))
        else:
            entries.append(TemplateEntry(path, source, template))
    return entries


def discover() -> list[TemplateEntry]:
    """Find every template: built-in first, then the user's (which may override)."""
    return _scan(builtin_dir() / "templates", "built-in") + _scan(
        user_templates_dir(), "user"
    )


def _stamp(path: Path) -> tuple[int, int, int]:
    """What changes when a file is edited or replaced (the cache key)."""
    info = path.stat()
    return info.st_mtime_ns, info.st_size, info.st_ino


@lru_cache(maxsize=32)
def _cached(path: str, stamp: object, source: str) -> Template:
    return load_template_file(path, source)


def is_template_id(value: str) -> bool:
    """True when `value` is a plain template id (not a path, not a file name)."""
    return bool(_ID.match(value or ""))


def resolve_id(template_id: str) -> Template:
    """Return the template a session names: by id only, never a file path.

    A session file's `template` value is data from a file (maybe from someone
    else): a path in it (`/etc/passwd`, `../x.toml`, a file in the current
    folder) is not followed. Such a session opens like one whose template was
    removed, so its answers can still be read, edited and exported.

    Raises:
        FileProblem: when the template file is invalid.
        LookupError: when no template has that id, or it is not an id.
    """
    if not is_template_id(template_id):
        raise LookupError(
            f"template {template_id!r} is not a template id (lowercase letters, digits, "
            "'-' and '_', like 'working-backwards'); a session names its template by id "
            "and file paths in it are not followed"
        )
    return resolve(template_id)


def resolve(ref: str | None = None) -> Template:
    """Return a template by id or file path (None = the default).

    A user template with the same id as a built-in one wins. A file is found
    fast by its name (`<id>.toml`), else by scanning the folder for the id.

    Raises:
        FileProblem: when the file is invalid.
        LookupError: when no template has that id.
    """
    ref = ref or DEFAULT_TEMPLATE
    candidate = Path(ref).expanduser()
    if ref.endswith(".toml") or "/" in ref or "\\" in ref or candidate.is_file():
        if not candidate.exists():
            raise FileProblem(candidate, "no such template file")
        if not candidate.is_file():
            tomlio.read_bytes(candidate)  # a folder, FIFO or device: refused without opening it
        return _cached(str(candidate.resolve()), _stamp(candidate), "path")
    for folder, source in ((user_templates_dir(), "user"), (builtin_dir() / "templates", "built-in")):
        path = folder / f"{ref}.toml"
        if path.is_file():
            template = _cached(str(path), _stamp(path), source)
            if template.id == ref:
                return template
        for entry in _scan(folder, source):
            if entry.template is not None and entry.template.id == ref:
                return entry.template
    known = sorted({e.template.id for e in discover() if e.template is not None})
    raise LookupError(
        f"no template called {ref!r}; available: {', '.join(known) or 'none'} "
        "(see `workshop templates`)"
    )
