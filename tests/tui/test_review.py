"""Pilot tests of the review meeting: silent reading, comments anchored to sections, FAQ, resolve, export."""

from __future__ import annotations

from pathlib import Path

from coach_helpers import coach_app, coach_screen
from session_helpers import command_names, notifications, run_command, settle
from textual.widgets import Input, Markdown, Select

from workshop import cli, store
from workshop.export import markdown
from workshop.export.comments import COMMENTS_HEADING
from workshop.model.comments import open_comments
from workshop.screens import review as review_module
from workshop.screens.review import DOCUMENT_VALUE, ReviewScreen
from workshop.widgets.comment_list import CommentList

SIZE = (100, 30)


async def _open_review(app, pilot, path: Path) -> tuple[object, ReviewScreen]:
    screen = await coach_screen(app, pilot, path)
    await pilot.press("alt+c")
    await settle(pilot)
    review = app.screen
    assert isinstance(review, ReviewScreen)
    return screen, review


async def _comment(pilot, review: ReviewScreen, anchor: str, author: str, text: str) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    review.query_one("#anchor", Select).value = anchor
    review.query_one("#author", Input).value = author
    box = review.query_one("#comment-text", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_review_flow_comment_faq_resolve_and_export_with_open_comments(
    make_app, worked_example: Path, capsys
) -> None:
    app = coach_app(make_app, worked_example)
    async with app.run_test(size=SIZE) as pilot:
        screen, review = await _open_review(app, pilot, worked_example)
        document = review.query_one("#document", Markdown)
        assert document.source == markdown.export(screen.session, screen.template)
        await pilot.click("#skip-reading")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await _comment(pilot, review, "pr-headline", "Ana", "What does a loaner cost a rider per week?")
        await _comment(pilot, review, "faq", "Bo", "Is the FAQ too long for a first review?")
        await _comment(pilot, review, DOCUMENT_VALUE, "Cy", "Love the customer quote.")
        comments = screen.session.comments
        assert [(c.anchor, c.author, c.status) for c in comments] == [
            ("pr-headline", "Ana", "open"),
            ("faq", "Bo", "open"),
            ("", "Cy", "open"),
        ]
        # No author: refused with a message, nothing added.
        await _comment(pilot, review, "faq", "", "Anonymous thought")
        assert len(screen.session.comments) == 3
        assert "who makes the comment" in notifications(app)

        listing = review.query_one("#comments", CommentList)
        listing.focus()
        listing.highlighted = [c.id for c in listing.shown].index(comments[0].id)
        before = len(screen.session.faq_items("internal"))
        await pilot.press("i")  # turn Ana's comment into an internal FAQ question
        await settle(pilot)
        internal = screen.session.faq_items("internal")
        assert len(internal) == before + 1
        question = internal[-1]
        assert question.question == "What does a loaner cost a rider per week?"
        assert question.author == "Ana" and question.status == "open" and not question.answer
        assert comments[0].status == "resolved" and comments[0].faq_item == question.id
        assert question.question in review.query_one("#document", Markdown).source
        assert "Added to the FAQ" in notifications(app)

        listing.highlighted = [c.id for c in listing.shown].index(comments[2].id)
        await pilot.press("r")  # resolve Cy's comment
        await pilot.pause()
        assert comments[2].status == "resolved"
        assert [c.id for c in open_comments(screen.session)] == [comments[1].id]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.navigator.comment_badges == {"faq": 1}  # the FAQ stage's row
        assert "✎1" in screen.navigator.get_option("stage:faq").prompt.plain
        # The question the comment became is in the FAQ list on screen.
        await screen.show_step("faq-internal")
        await settle(pilot)
        assert question.id in [item.id for item in screen.step_view.faq_panel().items]
        await run_command(app, "Export to Markdown with open comments")
        await settle(pilot)
        exported = screen.default_export_path().read_text(encoding="utf-8")
        assert "Is the FAQ too long for a first review?" in exported
        assert "Love the customer quote." not in exported
        assert "Exported to Markdown" in notifications(app)
        await pilot.press("ctrl+q")
        await pilot.pause()

    on_disk = store.load(worked_example)
    assert [c.status for c in on_disk.comments] == ["resolved", "open", "resolved"]
    assert on_disk.find_faq(question.id) is not None
    capsys.readouterr()
    assert cli.main(["export", str(worked_example), "--with-comments"]) == 0
    out = capsys.readouterr().out
    appendix = out[out.index(f"## {COMMENTS_HEADING}") :]
    assert "Is the FAQ too long for a first review?" in appendix
    assert "Bo," in appendix
    assert "Love the customer quote." not in appendix, "resolved comments are left out"
    assert "What does a loaner cost" not in appendix
    assert cli.main(["export", str(worked_example)]) == 0
    assert COMMENTS_HEADING not in capsys.readouterr().out


async def test_silent_reading_hides_comments_until_the_time_is_up(
    make_app, sample_session: Path, monkeypatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(review_module, "_now", lambda: now[0])
    app = coach_app(make_app, sample_session)
    async with app.run_test(size=SIZE) as pilot:
        screen, review = await _open_review(app, pilot, sample_session)
        assert review.has_class("-offer")
        review.query_one("#reading-minutes", Input).value = "5"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert review.reading and review.has_class("-reading")
        assert not review.query_one("#comments").display
        assert not review.query_one("#comment-form").display
        assert "05:00" in str(review.query_one("#reading-text").render())
        await pilot.press("ctrl+n")  # no comments while everyone reads
        await pilot.pause()
        assert "Read first" in notifications(app)
        assert not screen.session.comments
        now[0] += 4 * 60 + 30
        review._tick()
        await pilot.pause()
        assert "00:30" in str(review.query_one("#reading-text").render())
        now[0] += 31
        review._tick()
        await pilot.pause()
        assert not review.reading and review.has_class("-commenting")
        assert "Reading time is over" in notifications(app)
        assert review.query_one("#comments").display and review.query_one("#comment-form").display
        await pilot.press("ctrl+r")  # a second timebox can be started, and ended early
        await pilot.pause()
        assert review.reading
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not review.reading


async def test_comment_here_anchors_to_the_section_being_read(make_app, worked_example: Path) -> None:
    app = coach_app(make_app, worked_example)
    async with app.run_test(size=SIZE) as pilot:
        screen, review = await _open_review(app, pilot, worked_example)
        review.end_reading(announce=False)
        blocks = dict((anchor, block) for block, anchor in review._section_blocks())
        assert {"customer", "customer-who", "press-release", "faq-customer", "faq-internal"} <= set(blocks)  # the FAQ stage has no heading of its own: one per FAQ
        first_internal = screen.session.faq_items("internal")[0]
        assert first_internal.id in blocks, "FAQ questions are sections too"
        review.show_anchor("faq")  # a stage without a heading of its own: its first step's
        await pilot.pause()
        assert review.anchor_in_view() == "faq-customer"
        review.show_anchor("press-release")
        await pilot.pause()
        assert review.anchor_in_view() == "press-release"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert review.query_one("#anchor", Select).value == "press-release"
        review.show_anchor(first_internal.id)
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert review.query_one("#anchor", Select).value == first_internal.id


async def test_review_commands_and_delete_with_undo(make_app, sample_session: Path) -> None:
    app = coach_app(make_app, sample_session)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, review = await _open_review(app, pilot, sample_session)
        names = command_names(app)
        for name in ("Comment here", "Start silent reading", "Resolve or reopen comment",
                     "Turn comment into customer FAQ question", "Back to the session"):
            assert name in names
        review.end_reading(announce=False)
        review.add_comment("Who pays for repairs?", anchor="customer", author="Dee")
        await pilot.pause()
        await run_command(app, "Turn comment into customer FAQ question")
        await settle(pilot)
        assert screen.session.faq_items("customer")[-1].question == "Who pays for repairs?"
        await run_command(app, "Turn comment into customer FAQ question")
        await pilot.pause()
        assert "already a question" in notifications(app)
        review.query_one(CommentList).focus()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # confirm
        await settle(pilot)
        assert not screen.session.comments
        await run_command(app, "Undo delete comment")
        await pilot.pause()
        assert [c.text for c in screen.session.comments] == ["Who pays for repairs?"]
        region = review.query_one("#comments").region
        assert region.height >= 3 and region.width >= 40
