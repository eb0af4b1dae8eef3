"""Pilot tests of the resume point: moving between steps never changes the session file."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, session_screen, settle

from workshop import content, resume, store


async def _open_move_and_quit(make_app, path: Path, presses: int) -> None:
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(presses):
            await pilot.press("f6")
            await settle(pilot)
        await pilot.pause(0.6)  # longer than the autosave pause: nothing may be due
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()


async def test_moving_without_editing_leaves_the_file_as_it_was(make_app, sample_session):
    before = sample_session.read_bytes()
    steps = [step.id for step in content.resolve(None).steps]
    await _open_move_and_quit(make_app, sample_session, 3)
    assert sample_session.read_bytes() == before
    session = store.load(sample_session)
    assert session.current_step == steps[0]  # the file still says where the last edit was
    assert resume.recall(session.id) == steps[3]

    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert session_screen(app).session.current_step == steps[3]  # reopened where I left it
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert sample_session.read_bytes() == before


async def test_an_edit_saves_the_step_it_was_made_on(make_app, sample_session):
    steps = [step.id for step in content.resolve(None).steps]
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press(*"Cooks")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert store.load(sample_session).current_step == steps[1]  # another machine resumes here
