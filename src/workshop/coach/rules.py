"""Provides loading and validation of the writing-coach rules (content/rules/*.toml)."""

from __future__ import annotations

import re
import string
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..model.template import PR_ROLES
from ..model.text import agree
from ..storage import tomlio
from ..storage.tomlio import FileProblem
from .findings import SCOPES, SEVERITIES
from .word_lists import WILDCARD as _WILDCARD
from .word_lists import WordList, WordSet, compile_words

__all__ = [  # WordList, WordSet and compile_words live in coach/word_lists.py; re-exported here
    "RULE_PARAMS", "Rule", "Rules", "WordList", "WordSet", "builtin_rules_path", "compile_words",
    "load_rules", "rules_from_dicts",
]

RULES_SCHEMA_VERSION = 1
"""The rules file format this code reads."""

DEFAULT_RULES_FILE = "writing.toml"
"""The built-in rules file, in content/rules/."""

# Kinds of parameter a rule can take.
WORDS = "words"
"""A list of words or phrases, matched whole and case-insensitively; `improv*` matches any ending."""
PATTERNS = "patterns"
"""A list of regular expressions (Python syntax), matched case-insensitively."""
TEXTS = "texts"
"""A list of plain strings (no matching semantics)."""
INT = "int"
"""A whole number >= 0."""
NUMBER = "number"
"""A number >= 0 (whole or decimal)."""
TEXT = "text"
"""A single string."""
ROLES = "roles"
"""A list of press-release roles (see workshop.model.template.PR_ROLES)."""

COMMON_KEYS: dict[str, str] = {
    "enabled": "bool",
    "severity": "severity",
    "message": TEXT,
    "suggestion": TEXT,
}
"""Keys every rule has."""

PROSE_RULES: frozenset[str] = frozenset(
    {
        "vague-word",
        "hype-word",
        "unquantified-claim",
        "jargon",
        "undefined-acronym",
        "passive-voice",
        "long-sentence",
    }
)
"""Rules that read any field's text; they also take `applies_to` (a list of SCOPES)."""

SETTINGS: dict[str, str] = {
    "abbreviations": TEXTS,
    "number_words": WORDS,
}
"""Keys of the [settings] table, shared by every rule."""

RULE_PARAMS: dict[str, dict[str, str]] = {
    "missing-section": {"roles": ROLES},
    "missing-faq": {},
    "unanswered-question": {},
    "draft-answer": {},
    "thin-answer": {
        "min_words": INT,
        "price_questions": WORDS,
        "figures": WORDS,
        "risk_questions": WORDS,
        "dismissive": WORDS,
        "max_dismissive_words": INT,
        "too_short": TEXT,
        "no_figure": TEXT,
        "dismissed": TEXT,
    },
    "hard-question": {"keywords": WORDS},
    "press-release-length": {"max_words": INT},
    "faq-length": {"max_pages": NUMBER, "words_per_page": INT},
    "headline-length": {"max_words": INT, "min_words": INT},
    "summary-length": {"max_words": INT, "max_sentences": INT},
    "readability": {"max_grade": NUMBER, "min_words": INT, "language": TEXT},
    "customer-quote-voice": {"first_person": WORDS},
    "customer-quote-benefit": {"benefit_markers": WORDS},
    "customer-quote-marketing": {"words": WORDS},
    "leader-quote-customers": {"customer_words": WORDS, "segment_fields": TEXTS},
    "leader-quote-cliche": {"words": WORDS},
    "placeholder-name": {"patterns": PATTERNS, "roles": ROLES, "field_ids": TEXTS, "text_patterns": PATTERNS},
    "internal-name": {"patterns": PATTERNS, "roles": ROLES, "field_ids": TEXTS},
    "vague-word": {"words": WORDS, "unquantified_words": WORDS, "ignore": WORDS},
    "hype-word": {"words": WORDS},
    "unquantified-claim": {"claim_markers": WORDS},
    "jargon": {"words": WORDS},
    "undefined-acronym": {"known": TEXTS, "max_length": INT},
    "passive-voice": {
        "be_verbs": TEXTS,
        "irregular_participles": TEXTS,
        "not_participles": TEXTS,
        "skip_words": TEXTS,
    },
    "long-sentence": {"max_words": INT, "clause_breaks": TEXTS},
}
"""Every rule id, in the order findings are reported, with its own parameters."""

PLACEHOLDERS: dict[str, frozenset[str]] = {
    rule_id: frozenset({"words"}) for rule_id in RULE_PARAMS
}
PLACEHOLDERS.update(
    {
        "missing-section": frozenset({"section"}),
        "missing-faq": frozenset({"faq"}),
        "unanswered-question": frozenset({"label", "question"}),
        "draft-answer": frozenset({"label"}),
        "thin-answer": frozenset({"label", "problem", "count", "limit"}),
        "hard-question": frozenset({"keywords"}),
        "press-release-length": frozenset({"count", "limit", "over"}),
        "faq-length": frozenset({"count", "limit", "pages", "max_pages", "words_per_page"}),
        "headline-length": frozenset({"count", "limit", "min"}),
        "summary-length": frozenset({"count", "limit", "sentences", "max_sentences"}),
        "readability": frozenset({"grade", "limit"}),
        "customer-quote-voice": frozenset(),
        "customer-quote-benefit": frozenset(),
        "leader-quote-customers": frozenset(),
        "long-sentence": frozenset({"words", "count", "limit"}),
    }
)
"""Which `{name}` placeholders each rule's message and suggestion may use."""


@dataclass(frozen=True)
class Rule:
    """One rule's settings, validated and ready to use."""

    id: str
    """The rule id (a key of RULE_PARAMS)."""
    enabled: bool
    """False turns the rule off."""
    severity: str
    """`error`, `warning` or `info`."""
    applies_to: frozenset[str]
    """Which kinds of text the rule reads (see findings.SCOPES)."""
    message: str
    """What is wrong and why, with `{placeholders}`."""
    suggestion: str
    """The better alternative, with `{placeholders}`."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """The rule's own parameters; WORDS are WordLists and PATTERNS compiled regexes.

    Also `<name>_list` (a WORDS list as written), `<name>_set` and
    `<name>_lower` (a TEXTS list as frozensets, exact and lower-cased).
    """

    def render(self, text: str, values: Mapping[str, Any]) -> str:
        """Fill `{placeholders}` in `text` from `values`."""
        return agree(text.format_map(_Defaults(values)))  # "is 1 word", not "is 1 words"

    def __getitem__(self, name: str) -> Any:
        return self.params[name]


class _Defaults(dict):  # type: ignore[type-arg]
    """Placeholder values; a placeholder with no value renders as ""."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Rules:
    """The whole rule set: shared settings plus one Rule per rule id."""

    rules: Mapping[str, Rule]
    """Rules by id."""
    abbreviations: frozenset[str]
    """Words ending in a full stop that don't end a sentence (lower case, with the dot)."""
    number_words: WordList
    """Matches number words (`three`, `dozen`, `half`) — a claim with one is quantified."""
    sources: tuple[str, ...] = ()
    """The files the rules were read from, built-in first."""
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Results the checks remember for these rules (see checks._unit_rules)."""

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def active(self, rule_id: str, scope: str | None = None) -> Rule | None:
        """Return the rule when it is enabled (and reads `scope`, if given), else None."""
        rule = self.rules.get(rule_id)
        if rule is None or not rule.enabled:
            return None
        if scope is not None and scope not in rule.applies_to:
            return None
        return rule


# ------------------------------------------------------------------ validate
class _Validator:
    def __init__(self, path: Path, *, partial: bool) -> None:
        self.path = path
        self.partial = partial

    def fail(self, key: str, message: str) -> None:
        raise FileProblem(self.path, message, key=key)

    def value(self, kind: str, value: Any, key: str, rule_id: str = "") -> Any:
        if kind == "bool":
            if not isinstance(value, bool):
                self.fail(key, "expected true or false")
            return value
        if kind == "severity":
            if value not in SEVERITIES:
                self.fail(key, f"expected one of: {', '.join(SEVERITIES)}; got {value!r}")
            return value
        if kind == TEXT:
            if not isinstance(value, str):
                self.fail(key, f"expected text, got {_type_name(value)}")
            if rule_id and key.rsplit(".", 1)[-1] in ("message", "suggestion"):
                self.placeholders(value, key, rule_id)
            return value
        if kind == INT:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                self.fail(key, "expected a whole number >= 0")
            return value
        if kind == NUMBER:
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                self.fail(key, "expected a number >= 0")
            return float(value)
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {_type_name(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{key}[{index}]", f"expected text, got {_type_name(item)}")
            if not item.strip():
                self.fail(f"{key}[{index}]", "must not be empty")
        if kind == "scopes":
            for index, item in enumerate(value):
                if item not in SCOPES:
                    self.fail(f"{key}[{index}]", f"{item!r} is not one of: {', '.join(SCOPES)}")
            return frozenset(value)
        if kind == ROLES:
            for index, item in enumerate(value):
                if item not in PR_ROLES:
                    self.fail(f"{key}[{index}]", f"{item!r} is not a press-release role; use one of: {', '.join(PR_ROLES)}")
            return tuple(value)
        if kind == PATTERNS:
            compiled = []
            for index, item in enumerate(value):
                try:
                    compiled.append(re.compile(item, re.IGNORECASE))
                except re.error as error:
                    self.fail(f"{key}[{index}]", f"invalid regular expression {item!r}: {error}")
            return tuple(compiled)
        if kind == WORDS:
            for index, item in enumerate(value):
                if _WILDCARD in item.rstrip(_WILDCARD):
                    self.fail(f"{key}[{index}]", f"{item!r}: '*' may only end a word")
            return tuple(value)
        return tuple(value)  # TEXTS

    def placeholders(self, text: str, key: str, rule_id: str) -> None:
        allowed = PLACEHOLDERS[rule_id]
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
        except ValueError as error:
            self.fail(key, f"bad {{placeholder}}: {error}; write {{{{ and }}}} for literal braces")
        for name in names:
            if name not in allowed:
                known = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
                self.fail(key, f"unknown placeholder {{{name}}}; this rule knows: {known}")

    def document(self, data: dict[str, Any]) -> dict[str, Any]:
        """Check a whole rules file; return {"settings": {...}, "rules": {id: {...}}}."""
        version = data.get("schema_version")
        if version is None:
            if not self.partial:
                self.fail("schema_version", "is required but missing")
        elif not isinstance(version, int) or isinstance(version, bool):
            self.fail("schema_version", "expected a whole number")
        elif version > RULES_SCHEMA_VERSION:
            self.fail(
                "schema_version",
                f"this rules file is for a newer workshop (schema {version}; this version "
                f"reads {RULES_SCHEMA_VERSION}); upgrade workshop",
            )
        for key in data:
            if key not in ("schema_version", "settings", "rules"):
                self.fail(key, "unknown key; a rules file has schema_version, [settings] and [rules.<id>] tables")
        out: dict[str, Any] = {"settings": {}, "rules": {}}
        settings = data.get("settings", {})
        if not isinstance(settings, dict):
            self.fail("settings", "expected a table")
        for key, value in settings.items():
            if key not in SETTINGS:
                self.fail(f"settings.{key}", f"unknown setting; known: {', '.join(SETTINGS)}")
            out["settings"][key] = self.value(SETTINGS[key], value, f"settings.{key}")
        if not self.partial:
            for key in SETTINGS:
                if key not in settings:
                    self.fail(f"settings.{key}", "is required but missing")
        rules = data.get("rules", {})
        if not isinstance(rules, dict):
            self.fail("rules", "expected a table of [rules.<id>] tables")
        for rule_id, raw in rules.items():
            key = f"rules.{rule_id}"
            if rule_id not in RULE_PARAMS:
                self.fail(key, f"unknown rule; known rules: {', '.join(RULE_PARAMS)}")
            if not isinstance(raw, dict):
                self.fail(key, "expected a table")
            kinds = {**COMMON_KEYS, **RULE_PARAMS[rule_id]}
            if rule_id in PROSE_RULES:
                kinds["applies_to"] = "scopes"
            checked: dict[str, Any] = {}
            for name, value in raw.items():
                if name not in kinds:
                    self.fail(f"{key}.{name}", f"unknown key; this rule takes: {', '.join(kinds)}")
                checked[name] = self.value(kinds[name], value, f"{key}.{name}", rule_id)
            if not self.partial:
                for name in kinds:
                    if name not in checked:
                        self.fail(f"{key}.{name}", "is required but missing")
            out["rules"][rule_id] = checked
        if not self.partial:
            for rule_id in RULE_PARAMS:
                if rule_id not in rules:
                    self.fail(f"rules.{rule_id}", "is required but missing (every rule needs a table)")
        return out


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _build(merged: dict[str, Any], sources: tuple[str, ...]) -> Rules:
    rules: dict[str, Rule] = {}
    for rule_id in RULE_PARAMS:
        raw = dict(merged["rules"][rule_id])
        params: dict[str, Any] = {}
        for name, kind in RULE_PARAMS[rule_id].items():
            value = raw[name]
            params[name] = compile_words(value) if kind == WORDS else value
            if kind == WORDS:
                params[f"{name}_list"] = value
            if kind == TEXTS:
                params[f"{name}_set"] = frozenset(value)
                params[f"{name}_lower"] = frozenset(v.lower().replace("’", "'") for v in value)
        rules[rule_id] = Rule(
            id=rule_id,
            enabled=raw["enabled"],
            severity=raw["severity"],
            applies_to=raw.get("applies_to", frozenset(SCOPES)),
            message=raw["message"],
            suggestion=raw["suggestion"],
            params=params,
        )
    settings = merged["settings"]
    return Rules(
        rules=rules,
        abbreviations=frozenset(a.lower() if a.endswith(".") else a.lower() + "." for a in settings["abbreviations"]),
        number_words=compile_words(settings["number_words"]),
        sources=sources,
    )


def builtin_rules_path() -> Path:
    """Return the built-in rules file (content/rules/writing.toml, in the wheel or repo)."""
    from ..content import builtin_dir

    return builtin_dir() / "rules" / DEFAULT_RULES_FILE


def rules_from_dicts(base: dict[str, Any], base_path: Path, override: dict[str, Any] | None = None, override_path: Path | None = None) -> Rules:
    """Validate rule data (a complete base plus an optional partial override) and build Rules.

    Raises:
        FileProblem: `file: key: message` naming the file that holds the bad key.
    """
    merged = _Validator(base_path, partial=False).document(base)
    sources = [str(base_path)]
    if override is not None:
        assert override_path is not None
        extra = _Validator(override_path, partial=True).document(override)
        merged["settings"].update(extra["settings"])
        for rule_id, values in extra["rules"].items():
            merged["rules"][rule_id].update(values)
        sources.append(str(override_path))
    return _build(merged, tuple(sources))


_CACHE_LOCK = threading.Lock()
_CACHE: dict[tuple[str, float, str, float], Rules] = {}


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


def load_rules(path: Path | str | None = None) -> Rules:
    """Load the rules: the built-in file, with the file at `path` laid over it.

    The file at `path` may set only what a team wants to change (any rule key
    or setting); everything else comes from the built-in rules. Results are
    cached by file and modification time, so calling this often is cheap.

    Raises:
        FileProblem: for a missing or unreadable file, a syntax error
            (`file:line:col: …`) or a bad value (`file: rules.<id>.<key>: …`).
    """
    base_path = builtin_rules_path()
    over_path = Path(path).expanduser() if path is not None else None
    if over_path is not None and over_path.resolve() == base_path.resolve():
        over_path = None
    key = (
        str(base_path),
        _stamp(base_path),
        str(over_path or ""),
        _stamp(over_path) if over_path else 0.0,
    )
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    base = tomlio.read(base_path)
    override = tomlio.read(over_path) if over_path is not None else None
    rules = rules_from_dicts(base, base_path, override, over_path)
    with _CACHE_LOCK:
        _CACHE[key] = rules
    return rules
