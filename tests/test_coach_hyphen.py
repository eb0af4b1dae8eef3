"""The coach's quick hyphenation loader gives pyphen's own hyphenation points, word for word."""

from __future__ import annotations

import sys
from pathlib import Path

import pyphen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.coach import hyphen, prose
from workshop.model.session import iter_text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import coach_golden  # noqa: E402

LANGUAGE = "en_US"


@pytest.fixture(scope="module")
def both() -> tuple[hyphen.QuickHyphenator, pyphen.Pyphen]:
    quick = hyphen.load(LANGUAGE)
    assert quick is not None, "the quick loader should read pyphen's en_US dictionary"
    return quick, pyphen.Pyphen(lang=LANGUAGE)


def _vocabulary() -> set[str]:
    found: set[str] = set()
    for _, session in coach_golden.sessions():
        for _, text in iter_text(session):  # type: ignore[arg-type]
            for token in prose.WORD.findall(text):
                found.add(token)
                found.update(part for part in token.split("-") if part)
    return found


def test_every_word_of_the_test_sessions_hyphenates_as_pyphen_does(
    both: tuple[hyphen.QuickHyphenator, pyphen.Pyphen],
) -> None:
    quick, slow = both
    words = _vocabulary()
    assert len(words) > 5000
    different = [w for w in sorted(words) if quick.positions(w) != slow.positions(w)
                 or quick.positions(w.lower()) != slow.positions(w.lower())]
    assert not different, different[:20]


@settings(max_examples=400, deadline=None)
@given(word=st.one_of(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéüß'’İK.-0"), min_size=1, max_size=20),
    st.text(min_size=1, max_size=12),
))
def test_any_word_hyphenates_as_pyphen_does(
    both: tuple[hyphen.QuickHyphenator, pyphen.Pyphen], word: str
) -> None:
    quick, slow = both
    assert quick.positions(word) == slow.positions(word)


def test_the_coach_uses_the_quick_loader_and_pyphen_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(prose.hyphenator(LANGUAGE), hyphen.QuickHyphenator)
    assert hyphen.load("en") is None  # not a file name: pyphen's own language fallback decides
    monkeypatch.setattr(prose, "_HYPHENATORS", {})
    assert isinstance(prose.hyphenator("en"), pyphen.Pyphen)
    assert prose.hyphenator("xx_NOPE") is None
