"""Tests that control characters in session text are shown as symbols and kept when edited."""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st
from session_helpers import SIZE, session_screen, settle
from textual.widgets import Input, TextArea

from workshop import content, store
from workshop.widgets.question_list import QuestionList
from workshop.widgets.safe_text import shown, typed

HOSTILE = "A \x1b]0;TITLE\x07 B \x1b[31mRED\x1b[0m C \x9b2J \x7f D\tE"


def test_shown_has_no_control_characters_but_keeps_newlines_and_tabs() -> None:
    text = shown(HOSTILE + "\nnext line")
    assert not [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
    assert "␛]0;TITLE␇" in text and "\t" in text and "\nnext line" in text


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x1b\x07\x9b\x85\x7f\u27e8\u27e9")))
def test_typed_undoes_shown(text: str) -> None:
    assume(typed(text) == text)  # no literal stand-ins (a pasted ␛ is read back as ESC)
    assert typed(shown(text)) == text


def test_c1_is_a_visible_escape_not_an_invisible_glyph() -> None:
    assert shown("a\x9b2J\x85b") == "a\u27e89B\u27e92J\u27e885\u27e9b"
    assert typed("\u27e89b\u27e9 \u27e8A0\u27e9 \u27e89B") == "\u27e89b\u27e9 \u27e8A0\u27e9 \u27e89B"  # not stand-ins


async def test_control_characters_are_shown_as_symbols_and_kept_when_edited(
    make_app, sessions_dir: Path
) -> None:
    template = content.resolve(None)
    session, path = store.create("Bell\x07 title", template, sessions_dir)
    session.set_answer("customer-who", "segment", "seg\x1b[2J\x9b")
    session.set_answer("customer-who", "context", HOSTILE)
    session.add_faq("Why\x9b?", "customer", answer="ans\x1b")
    store.save(session, path, template)
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.title == "Bell␇ title"
        segment = app.focused
        assert isinstance(segment, Input) and segment.value == "seg␛[2J⟨9B⟩"
        await pilot.press("end", *"!")
        await pilot.pause()
        assert screen.session.get_text("customer-who", "segment") == "seg\x1b[2J\x9b!"
        context = screen.step_view.editors()[1].box
        assert isinstance(context, TextArea) and "␛[31mRED" in context.text
        await screen.show_step("faq-customer")
        await pilot.pause()
        panel = screen.step_view.faq_panel()
        row = str(panel.query_one(QuestionList).get_option_at_index(0).prompt)
        assert "Why⟨9B⟩?" in row and "\x9b" not in row
        panel.focus_answer()
        await pilot.pause()
        assert app.focused.text == "ans␛"  # type: ignore[union-attr]
        await pilot.press("end", *"?")
        await pilot.pause()
        assert screen.session.faq_items("customer")[0].answer == "ans\x1b?"
        await pilot.press("ctrl+q")
        await pilot.pause()
    saved = store.load(path)
    assert saved.get_text("customer-who", "context") == HOSTILE, "untouched fields stay as they were"
    assert saved.get_text("customer-who", "segment") == "seg\x1b[2J\x9b!"
    assert saved.faq_items("customer")[0].question == "Why\x9b?"
