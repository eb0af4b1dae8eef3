"""The export's three formats, each checked by parsing it: CommonMark (markdown-it), HTML (html.parser), Word (python-docx).

All three render one structure (`workshop.export.prfaq.build`), so they
must agree: the same headings in the same order, the same anchors, the same
clean copy; and user text never becomes markup in any of them.
"""

from __future__ import annotations

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workshop import store
from workshop.export.prfaq import build
from workshop.export.structure import slug
from workshop.export.write import ExportOptions, render
from workshop.model import Session, Template
from workshop.model.live import LiveSession

NASTY = '<script>alert(1)</script> "quotes" & <b>bold</b> # hash | pipe **stars** \x1b[31m'


@pytest.fixture
def worked(repo_root: Path) -> Session:
    return store.load(repo_root / "sessions" / "worked-example.toml")


class Page(HTMLParser):
    """Collects what a standalone-page check needs: tags, attributes, headings with their ids, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str, str]] = []
        self.text: list[str] = []
        self._heading: list | None = None
        self.decl = ""

    def handle_decl(self, decl: str) -> None:
        self.decl = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [int(tag[1]), "", dict(attrs).get("id") or ""]

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading[0]}":
            level, text, anchor = self._heading
            self.headings.append((level, text, anchor))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading[1] += data


def page(text: str) -> Page:
    parser = Page()
    parser.feed(text)
    parser.close()
    return parser


def markdown_headings(text: str) -> list[tuple[int, str]]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [
        (int(t.tag[1:]), "".join(c.content for c in tokens[i + 1].children if c.type in ("text", "code_inline")))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def word(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def word_headings(document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]


# ------------------------------------------------------------------ Markdown
def test_markdown_opens_with_the_headline_and_links_each_question(worked: Session, template: Template) -> None:
    text = str(render(worked, template))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert (tokens[0].type, tokens[0].tag) == ("heading_open", "h1")
    assert tokens[1].content == worked.get_text("pr-headline", "headline")
    assert not [t for t in tokens if t.type.startswith("table")], "strict CommonMark: no tables"
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    heads = markdown_headings(text)
    for item in worked.faq:
        assert (3, item.question) in heads
    assert heads == [(h.level, h.text) for h in build(worked, template).headings()]


# ------------------------------------------------------------------ HTML
def test_html_is_one_standalone_page_with_the_same_outline(worked: Session, template: Template) -> None:
    text = str(render(worked, template, ExportOptions(format="html")))
    parsed = page(text)
    assert parsed.decl.lower() == "doctype html"
    names = [tag for tag, _ in parsed.tags]
    assert names.count("style") == 1 and "link" not in names and "script" not in names
    assert "img" not in names and "iframe" not in names
    assert not [attrs for _, attrs in parsed.tags if "src" in attrs or "href" in attrs and not str(attrs["href"]).startswith("#")]
    assert "@media print" in text and "url(" not in text and "@import" not in text
    assert ('meta', {'charset': 'utf-8'}) in parsed.tags
    document = build(worked, template)
    assert [(level, text) for level, text, _ in parsed.headings] == [(h.level, h.text) for h in document.headings()]
    assert parsed.headings[0][1] == worked.get_text("pr-headline", "headline")
    anchors = [anchor for _, _, anchor in parsed.headings]
    assert all(anchors) and len(set(anchors)) == len(anchors)
    # the anchors are the ones GitHub gives the Markdown headings: one link works in both
    for level, heading, anchor in parsed.headings:
        if heading in [item.question for item in worked.faq]:
            assert anchor == slug(heading) or anchor.startswith(slug(heading) + "-")
    assert names.count("blockquote") == 2 and "ul" in names


def test_html_shows_user_text_and_runs_none_of_it(template: Template) -> None:
    session = Session(title=NASTY, participants=[NASTY])
    session.set_answer("pr-headline", "headline", NASTY)
    session.set_answer("pr-summary", "summary", NASTY + "\n\n- one <i>\n- two")
    session.add_faq(NASTY, "customer", answer=NASTY)
    LiveSession(session, template).decide(NASTY, owner=NASTY)
    text = str(render(session, template, ExportOptions(format="html")))
    parsed = page(text)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "b", "i"}
    visible = "".join(parsed.text)
    shown = NASTY.replace("\x1b", "\u241b")
    assert visible.count(shown) >= 5  # headline (title and h1), summary, question, answer, decision…
    assert "\x1b" not in text
    assert (1, shown) == parsed.headings[0][:2]


@given(st.text(max_size=40))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_text_in_html_stays_text(template: Template, typed: str) -> None:
    session = Session(title="T")
    session.add_faq(typed or "q", "customer", answer=typed)
    session.set_answer("customer-who", "context", typed)
    parsed = page(str(render(session, template, ExportOptions(format="html"))))
    allowed = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "p", "em",
               "strong", "ul", "ol", "li", "br", "blockquote", "table", "thead", "tbody", "tr", "th", "td"}
    assert {tag for tag, _ in parsed.tags} <= allowed


# ------------------------------------------------------------------ Word
def test_docx_has_real_headings_lists_and_quotes(worked: Session, template: Template) -> None:
    data = render(worked, template, ExportOptions(format="docx"))
    assert isinstance(data, bytes) and data[:2] == b"PK"
    document = word(data)
    built = build(worked, template)
    assert word_headings(document) == [(h.level, h.text) for h in built.headings()]
    assert document.core_properties.title == worked.get_text("pr-headline", "headline")
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Quote") >= 2
    assert styles.count("List Bullet") >= 10  # the working notes' lists
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert worked.get_answer("customer-who", "needs")[0] in bullets
    dateline = next(p for p in document.paragraphs if p.text.startswith("ROTTERDAM, "))
    assert dateline.runs[0].bold and dateline.runs[0].text == "ROTTERDAM, June 1, 2027"
    xml = document.element.xml
    assert xml.count("<w:bookmarkStart") == len(built.headings())
    assert f'w:name="{slug(worked.faq[0].question).replace("-", "_")[:40]}"' in xml
    names = re.findall(r'w:name="([^"]*)"', xml.split("<w:body>", 1)[1])
    assert len(set(names)) == len(names) == len(built.headings())
    assert all(re.fullmatch(r"[^\W\d_]\w{0,39}", name) for name in names), "Word's rules for bookmark names"
    assert document.tables == []  # no live-session tables in the example


def test_docx_tables_and_hostile_text(template: Template) -> None:
    session = Session(title="T", participants=["Ana"])
    LiveSession(session, template).decide(NASTY, "one-way", "Ana")
    session.add_faq("Why?", "internal", answer=NASTY)
    document = word(render(session, template, ExportOptions(format="docx")))
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Decision", "Door", "Owner", "Date"]
    assert table.rows[1].cells[0].text == NASTY.replace("\x1b", "\u241b")
    assert any(p.text == NASTY.replace("\x1b", "\u241b") for p in document.paragraphs)


# ------------------------------------------------------------------ all formats
@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_a_clean_copy_has_no_appendix_and_no_open_question(worked: Session, template: Template, fmt: str) -> None:
    worked.add_faq("Nobody answered this yet?", "customer")
    full = build(worked, template)
    clean = build(worked, template, clean=True)
    assert len(clean.headings()) < len(full.headings())
    data = render(worked, template, ExportOptions(format=fmt, clean=True))
    if fmt == "markdown":
        heads = markdown_headings(str(data))
    elif fmt == "html":
        heads = [(level, text) for level, text, _ in page(str(data)).headings]
    else:
        heads = word_headings(word(data))
    assert [t for level, t in heads if level == 2] == ["Customer FAQ", "Internal FAQ"]
    assert "Nobody answered this yet?" not in [t for _, t in heads]
    assert heads == [(h.level, h.text) for h in clean.headings()]


def test_the_docx_library_is_not_loaded_by_the_other_formats(worked: Session, template: Template) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from workshop import store, content; from workshop.export.write import render, ExportOptions;"
        f"s = store.load({str(shutil.os.fspath(Path(__file__).parents[1] / 'sessions' / 'worked-example.toml'))!r});"
        "t = content.resolve(None); render(s, t); render(s, t, ExportOptions(format='html'));"
        "print('docx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_word_bookmark_names_follow_words_rules() -> None:
    from workshop.export.word import bookmark_name

    used: set[str] = set()
    assert bookmark_name("what-does-it-cost", used) == "what_does_it_cost"
    assert bookmark_name("2027-plan", used) == "h_2027_plan"
    long = "a-very-long-question-about-the-pricing-of-the-loaner-bikes"
    first, second = bookmark_name(long, used), bookmark_name(long + "-1", used)
    assert len(first) == len(second) == 40 and first != second


def test_each_numbered_list_in_word_starts_at_one(template: Template) -> None:
    session = Session(title="T")
    session.add_faq("First?", "customer", answer="Steps:\n\n1. one\n2. two\n3. three")
    session.add_faq("Second?", "customer", answer="1. again\n2. more")
    document = word(render(session, template, ExportOptions(format="docx")))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["one", "two", "three", "again", "more"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] == ids[2] and ids[3] == ids[4] and ids[0] != ids[3]
    numbering = document.part.numbering_part.element
    for num_id in (ids[0], ids[3]):
        override = numbering.num_having_numId(num_id).lvlOverride_lst[0]
        assert override.startOverride.val == 1
