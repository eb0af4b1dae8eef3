"""Unit tests for the preview's Markdown block splitter and block diff (issue 7, change G).

`split_blocks` must cut a document only where rendering each piece on its own
gives exactly what rendering the whole document gives: checked token by token
against markdown-it's own parse of the whole document (Textual builds its
widgets from those tokens), on hand-picked documents and on generated ones.
`diff_blocks` must describe a correct edit script, and a small one.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workshop.widgets.markdown_blocks import Block, diff_blocks, split_blocks

HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]
"""Health checks that only measure this machine's speed: never a failure here."""

GFM = MarkdownIt("gfm-like")
"""The parser Textual's Markdown widget renders with."""

DOCUMENT = """\
### A headline

**A subheading in bold** with *emphasis*, `code` and a [link](https://example.com).

First paragraph
runs over two lines.

- one
- two

  still item two
- three

3. third
4. fourth

> A quote
continued lazily
> and more

```python
x = 1

y = 2
```

| a | b |
|---|---|
| 1 | 2 |

---

Setext heading
==============

    indented code

Last paragraph."""

PIECES = [
    "a", "b ", " ", "    ", "\t", "\n", "\n\n", "# ", "## ", "-", "- ", "* ", "+ ", "1. ",
    "2) ", "> ", "```", "~~~", "`", "|", "---", "===", "***", "_", "[x]", ": ", "<div>",
    "</div>", "<!--", "-->", "\\", "http://e.com", "| a | b |\n|---|---|\n", "&amp;", "\r\n",
]
"""Fragments that make or break Markdown block structure, for generated documents."""

documents = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
"""Generated documents: random mixes of `PIECES`."""


def _signature(token: Token, shift: int = 0) -> tuple[object, ...]:
    """Everything about a token that rendering can depend on (its lines moved by `shift`)."""
    return (
        token.type, token.tag, token.nesting, token.level, token.content, token.info,
        token.markup, tuple(sorted(token.attrs.items())), token.block, token.hidden,
        (token.map[0] + shift, token.map[1] + shift) if token.map else None,
        tuple(_signature(child) for child in token.children or []),
    )


def _top_level_groups(tokens: list[Token]) -> list[list[Token]]:
    """The whole document's tokens, cut into one list per top-level block."""
    groups: list[list[Token]] = []
    index = 0
    while index < len(tokens):
        end, depth = index, tokens[index].nesting
        while depth > 0:
            end += 1
            depth += tokens[end].nesting
        groups.append(tokens[index : end + 1])
        index = end + 1
    return groups


def assert_renders_like_whole(text: str) -> None:
    """Each block parsed alone gives the same tokens as its part of the whole document."""
    blocks = split_blocks(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    env: dict[str, object] = {}
    groups = _top_level_groups(GFM.parse(text, env))
    if env.get("references"):
        assert blocks == ([Block(0, text.count("\n") + 1, text)] if text.strip() else [])
        return
    assert len(blocks) == len(groups)
    for block, group in zip(blocks, groups):
        alone = GFM.parse(block.text)
        assert [_signature(t, block.start) for t in alone] == [_signature(t) for t in group]


# ------------------------------------------------------------------ split_blocks
def test_split_keeps_every_top_level_block_whole() -> None:
    texts = [block.text.rstrip("\n") for block in split_blocks(DOCUMENT)]
    assert texts == [
        "### A headline",
        "**A subheading in bold** with *emphasis*, `code` and a [link](https://example.com).",
        "First paragraph\nruns over two lines.",
        "- one\n- two\n\n  still item two\n- three",
        "3. third\n4. fourth",
        "> A quote\ncontinued lazily\n> and more",
        "```python\nx = 1\n\ny = 2\n```",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "---",
        "Setext heading\n==============",
        "    indented code",
        "Last paragraph.",
    ]
    assert_renders_like_whole(DOCUMENT)


def test_blocks_are_the_documents_lines_in_order() -> None:
    lines = DOCUMENT.split("\n")
    blocks = split_blocks(DOCUMENT)
    assert all(a.end <= b.start for a, b in zip(blocks, blocks[1:]))
    for block in blocks:
        assert block.text == "\n".join(lines[block.start : block.end]) + (
            "\n" if block.end < len(lines) else ""
        )
    # Only blank lines are left out.
    covered = {row for block in blocks for row in range(block.start, block.end)}
    assert all(not lines[row].strip() for row in range(len(lines)) if row not in covered)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", []),
        ("\n\n  \n", []),
        ("one", ["one"]),
        ("one\n\ntwo\n", ["one\n", "two\n"]),
        ("para\n# heading\nmore", ["para\n", "# heading\n", "more"]),
        ("```\nnever closed\n\n# not a heading", ["```\nnever closed\n\n# not a heading"]),
        ("- a\n\n- b\n\nafter", ["- a\n\n- b\n\n", "after"]),  # a list keeps its blank line
        ("> q\n\n> r", ["> q\n", "> r"]),
        ("one\r\n\r\ntwo\rthree", ["one\n", "two\nthree"]),
    ],
)
def test_split_examples(text: str, expected: list[str]) -> None:
    assert [block.text for block in split_blocks(text)] == expected
    assert_renders_like_whole(text)


def test_reference_definitions_keep_the_document_whole() -> None:
    text = "See [the site][s].\n\nMore text.\n\n[s]: https://example.com\n"
    assert split_blocks(text) == [Block(0, 6, text)]


@settings(max_examples=400, deadline=None, suppress_health_check=HEALTH)
@given(documents)
@example("<div>\n")
@example("- a\n  - b\n\n    c\n\nd")
@example("| a |\n|---|\n| 1 |\nafter")
def test_each_block_renders_like_its_part_of_the_document(text: str) -> None:
    assert_renders_like_whole(text)


# ------------------------------------------------------------------ diff_blocks
def _apply(old: list[str], new: list[str], opcodes: list[tuple[str, int, int, int, int]]) -> list[str]:
    """Rebuild `new` from `old` and the opcodes, checking they cover both lists in order."""
    out: list[str] = []
    old_at = new_at = 0
    for tag, i1, i2, j1, j2 in opcodes:
        assert (i1, j1) == (old_at, new_at)
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
            out += old[i1:i2]
        else:
            assert tag in ("replace", "insert", "delete") and (i2 > i1 or j2 > j1)
            out += new[j1:j2]
        old_at, new_at = i2, j2
    assert (old_at, new_at) == (len(old), len(new))
    return out


@pytest.mark.parametrize(
    "old, new, changed",
    [
        ("abcde", "abXde", [("replace", 2, 3, 2, 3)]),
        ("abcde", "Xbcde", [("replace", 0, 1, 0, 1)]),
        ("abcde", "abcdX", [("replace", 4, 5, 4, 5)]),
        ("abcde", "abXcde", [("insert", 2, 2, 2, 3)]),
        ("abcde", "abde", [("delete", 2, 3, 2, 2)]),
        ("abc", "Xabc", [("insert", 0, 0, 0, 1)]),
        ("abc", "bc", [("delete", 0, 1, 0, 0)]),
        ("abc", "abcX", [("insert", 3, 3, 3, 4)]),
        ("", "ab", [("insert", 0, 0, 0, 2)]),
        ("ab", "", [("delete", 0, 2, 0, 0)]),
        ("abc", "abc", []),
        ("aaaa", "aaXaa", [("insert", 2, 2, 2, 3)]),
    ],
)
def test_diff_changes_only_what_changed(old: str, new: str, changed: list[tuple[str, ...]]) -> None:
    opcodes = diff_blocks(list(old), list(new))
    assert [op for op in opcodes if op[0] != "equal"] == changed
    assert _apply(list(old), list(new), opcodes) == list(new)


@settings(max_examples=300, deadline=None, suppress_health_check=HEALTH)
@given(st.lists(st.sampled_from("abcdef"), max_size=12), st.lists(st.sampled_from("abcdef"), max_size=12))
def test_diff_is_an_edit_script(old: list[str], new: list[str]) -> None:
    assert _apply(old, new, diff_blocks(old, new)) == new


def test_diff_of_one_changed_block_among_many_keeps_the_rest() -> None:
    rng = random.Random(7)
    old = [f"paragraph {n} {rng.random()}" for n in range(300)]
    new = list(old)
    new[150] = "changed"
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in diff_blocks(old, new) if tag == "equal")
    assert kept == 299
