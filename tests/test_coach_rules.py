"""Tests for loading and validating the writing-coach rules (content/rules/*.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workshop.coach import check_text, load_rules
from workshop.coach.prose import word_set
from workshop.coach.rules import (
    RULE_PARAMS,
    builtin_rules_path,
    compile_words,
    rules_from_dicts,
)
from workshop.export.markdown import PRESS_RELEASE_WORD_LIMIT
from workshop.storage.tomlio import FileProblem


def _base() -> dict:
    return tomllib.loads(builtin_rules_path().read_text(encoding="utf-8"))


def _write(tmp_path: Path, text: str, name: str = "team.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_rules_load_and_cover_every_rule() -> None:
    rules = load_rules()
    assert set(rules.rules) == set(RULE_PARAMS)
    assert rules.sources == (str(builtin_rules_path()),)
    assert all(rule.message and rule.suggestion for rule in rules.rules.values())


def test_builtin_rules_are_cached() -> None:
    assert load_rules() is load_rules()


def test_press_release_limit_matches_the_export() -> None:
    """The coach and the export must agree on what one page is."""
    assert load_rules()["press-release-length"]["max_words"] == PRESS_RELEASE_WORD_LIMIT


def test_faq_limit_is_five_pages() -> None:
    rule = load_rules()["faq-length"]
    assert rule["max_pages"] == 5
    assert rule["words_per_page"] == PRESS_RELEASE_WORD_LIMIT


def test_override_changes_only_what_it_sets(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[rules.long-sentence]\nmax_words = 5\n\n[rules.vague-word]\nenabled = false\n',
    )
    rules = load_rules(path)
    assert rules.sources[-1] == str(path)
    assert rules["long-sentence"]["max_words"] == 5
    assert rules["long-sentence"].severity == "warning"  # kept from the built-in file
    text = "This sentence has exactly seven words now. It is very short."
    found = {f.rule_id for f in check_text(text, rules)}
    assert "long-sentence" in found
    assert "vague-word" not in found
    assert "vague-word" in {f.rule_id for f in check_text(text)}


def test_override_replaces_a_word_list(tmp_path: Path) -> None:
    path = _write(tmp_path, '[rules.hype-word]\nwords = ["splendid"]\n')
    rules = load_rules(path)
    assert [f.excerpt for f in check_text("A splendid, world-class tool.", rules) if f.rule_id == "hype-word"] == ["splendid"]


def test_override_reloads_when_the_file_changes(tmp_path: Path) -> None:
    path = _write(tmp_path, "[rules.long-sentence]\nmax_words = 5\n")
    assert load_rules(path)["long-sentence"]["max_words"] == 5
    path.write_text("[rules.long-sentence]\nmax_words = 7\n", encoding="utf-8")
    import os

    os.utime(path, (path.stat().st_atime + 5, path.stat().st_mtime + 5))
    assert load_rules(path)["long-sentence"]["max_words"] == 7


@pytest.mark.parametrize(
    ("text", "key", "detail"),
    [
        ("[rules.no-such-rule]\nenabled = true\n", "rules.no-such-rule", "unknown rule"),
        ('[rules.vague-word]\nseverity = "fatal"\n', "rules.vague-word.severity", "expected one of"),
        ('[rules.vague-word]\nenabled = "yes"\n', "rules.vague-word.enabled", "true or false"),
        ('[rules.vague-word]\nwords = "very"\n', "rules.vague-word.words", "expected a list"),
        ('[rules.vague-word]\nwords = ["very", 3]\n', "rules.vague-word.words[1]", "expected text"),
        ('[rules.vague-word]\nwords = ["ve*ry"]\n', "rules.vague-word.words[0]", "'*' may only end"),
        ('[rules.vague-word]\napplies_to = ["slides"]\n', "rules.vague-word.applies_to[0]", "is not one of"),
        ('[rules.vague-word]\ncolour = "red"\n', "rules.vague-word.colour", "unknown key"),
        ("[rules.long-sentence]\nmax_words = -3\n", "rules.long-sentence.max_words", "whole number"),
        ("[rules.readability]\nmax_grade = true\n", "rules.readability.max_grade", "a number"),
        ('[rules.placeholder-name]\npatterns = ["(unclosed"]\n', "rules.placeholder-name.patterns[0]", "invalid regular expression"),
        ('[rules.missing-section]\nroles = ["preface"]\n', "rules.missing-section.roles[0]", "not a press-release role"),
        ('[rules.long-sentence]\nmessage = "{colour} words"\n', "rules.long-sentence.message", "unknown placeholder {colour}"),
        ('[rules.long-sentence]\nsuggestion = "unbalanced {"\n', "rules.long-sentence.suggestion", "bad {placeholder}"),
        ('[rules.missing-faq]\napplies_to = ["press_release"]\n', "rules.missing-faq.applies_to", "unknown key"),
        ("schema_version = 99\n", "schema_version", "newer workshop"),
        ('[settings]\nlanguage = "fr"\n', "settings.language", "unknown setting"),
        ('colour = "red"\n', "colour", "unknown key"),
    ],
)
def test_bad_override_names_file_and_key(tmp_path: Path, text: str, key: str, detail: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(FileProblem) as caught:
        load_rules(path)
    problem = caught.value
    assert problem.path == path
    assert problem.key == key
    assert detail in problem.detail
    assert problem.describe().startswith(f"{path}: {key}: ")


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "[rules.vague-word]\nwords = [\"very\"\nenabled = true\n")
    with pytest.raises(FileProblem) as caught:
        load_rules(path)
    assert caught.value.path == path
    assert caught.value.line == 3
    assert caught.value.describe().startswith(f"{path}:3:")


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="no such file"):
        load_rules(tmp_path / "absent.toml")


def test_complete_file_must_have_every_rule(tmp_path: Path) -> None:
    base = _base()
    del base["rules"]["jargon"]
    with pytest.raises(FileProblem) as caught:
        rules_from_dicts(base, tmp_path / "writing.toml")
    assert caught.value.key == "rules.jargon"
    assert "required" in caught.value.detail


def test_complete_file_must_have_every_key(tmp_path: Path) -> None:
    base = _base()
    del base["rules"]["long-sentence"]["max_words"]
    with pytest.raises(FileProblem) as caught:
        rules_from_dicts(base, tmp_path / "writing.toml")
    assert caught.value.key == "rules.long-sentence.max_words"


def test_builtin_problem_is_blamed_on_the_builtin_file_not_the_override(tmp_path: Path) -> None:
    base = _base()
    base["rules"]["jargon"]["severity"] = "loud"
    override = tmp_path / "team.toml"
    with pytest.raises(FileProblem) as caught:
        rules_from_dicts(base, tmp_path / "writing.toml", {}, override)
    assert caught.value.path == tmp_path / "writing.toml"


def test_compile_words_whole_words_phrases_and_wildcards() -> None:
    pattern = compile_words(["best-in-class", "improv*", "a lot", "don't"])
    assert pattern.search("a Best in Class tool")
    assert pattern.search("it improved things")
    assert pattern.search("Improvement")
    assert pattern.search("we don’t")  # curly apostrophe
    assert pattern.search("a  lot")
    assert not pattern.search("a lottery")
    assert not pattern.search("disimprove")
    assert compile_words([]).search("anything") is None


_LISTED = ["very", "a lot", "best-in-class", "improv*", "don't", "10x", "Ünïcode", "trade-off*"]
_BUILTIN_LISTS = [_LISTED] + [
    rule[name] for rule in load_rules().rules.values() for name in rule.params if name.endswith("_list")
]
_PIECES = st.one_of(
    st.sampled_from(
        ["very", "VERY", "a", "lot", "A LOT", "best", "in", "class", "-", " ", "  ", "\n", "improve",
         "Improvements", "don't", "don’t", "10x", "ünïcode", "ÜNÏCODE", "trade", "off", "offs", "e",
         ",", ".", "İ", "ß", "ǅ", "x", "_", "'", "’"]
    ),
    st.sampled_from(sorted({w.rstrip("*") for words in _BUILTIN_LISTS for w in words})),
    st.text(max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=16), which=st.integers(0, len(_BUILTIN_LISTS) - 1), glue=st.sampled_from(["", " "]))
def test_word_list_fast_path_matches_the_plain_pattern(pieces: list[str], which: int, glue: str) -> None:
    """The set pre-check and the lower-cased fast path find exactly what the plain pattern finds."""
    words = compile_words(_BUILTIN_LISTS[which])
    text = glue.join(pieces)
    expected = [m.span() for m in words.pattern.finditer(text)]
    assert words.spans(text, word_set(text)) == expected
    assert words.spans(text) == expected


# A list with every kind of entry the fast path treats apart: phrases sharing first letters,
# prefixes, and first words that are not plain word characters (which a text's word set may
# not hold whole: "x'don't", "24/7").
_TRICKY = ["a lot", "lots of", "a number of", "to some extent", "some customers", "many", "as many as",
           "improv*", "impro*", "don't", "i'm", "24/7", "c++", "'tis", "rock'n'roll", "e.g.", "Ünïcode",
           "trade-off*", "10x", "best-in-class", "very",
           # phrases whose other words decide whether their first letter is scanned
           "a game changer", "state-of-the-art", "the most", "world's best", "next gen*", "a c++ shop",
           "the 24/7 desk", "rock'n'roll star", "most loved"]
_TRICKY_PIECES = st.one_of(
    st.sampled_from(
        ["a", "lot", "lots", "of", "to", "some", "extent", "customers", "many", "as", "improve", "impro",
         "don't", "don’t", "i'm", "I’M", "24/7", "c++", "'tis", "rock'n'roll", "e.g.", "ünïcode", "trade",
         "off", "10x", "best", "in", "class", "VERY", "x'", "x", "-", "'", "’", " ", "  ", "\n", "\t",
         ".", ",", "/", "+", "_", "İ", "ß", "game", "changer", "changers", "state", "the", "art", "most",
         "world's", "world’s", "world", "next", "gen", "generation", "shop", "desk", "star", "loved"]
    ),
    st.text(max_size=3),
)


@settings(max_examples=400, deadline=None)
@example(pieces=["as", "many", "as"], which=-1, glue=" ")  # matches of two letters overlap
@example(pieces=["x'", "don't", "24/7"], which=-1, glue="")  # not in the word set whole
@example(pieces=["improvement", "impro"], which=-1, glue=" ")
@example(pieces=["the", "next", "generation"], which=-1, glue=" ")  # a phrase's last word has `*`
@example(pieces=["a", "c++", "shop"], which=-1, glue=" ")  # a phrase word the word set can't hold
@example(pieces=["world’s", "best"], which=-1, glue=" ")
@example(pieces=["the", "24/7", "desk"], which=-1, glue=" ")
@given(
    pieces=st.lists(_TRICKY_PIECES, max_size=16),
    which=st.integers(-1, len(_BUILTIN_LISTS) - 1),
    glue=st.sampled_from(["", " "]),
)
def test_word_list_letter_scans_match_one_scan_of_the_whole_list(pieces: list[str], which: int, glue: str) -> None:
    """With a word set, spans scans once per first letter; the result is exactly that of one
    scan of the whole list's pattern over the lower-cased text (behind the same set check)."""
    words = compile_words(_TRICKY if which < 0 else _BUILTIN_LISTS[which])
    text = glue.join(pieces)
    found = word_set(text)
    if not words.might_match(found):
        expected: list[tuple[int, int]] = []
    elif len(found.lower) == len(text):
        expected = [m.span() for m in words._lower_pattern.finditer(found.lower)]
    else:
        expected = [m.span() for m in words.pattern.finditer(text)]
    assert words.spans(text, found) == expected
    assert words.search(text, found) == (expected[0] if expected else None)
