"""Pilot tests of key remaps for bindings with two keys: no false clash, same footer place."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, notifications, session_screen, settle
from textual.binding import Binding, BindingsMap

from workshop import settings as settings_mod
from workshop.textual_compat import apply_keymap
from workshop.widgets.session_footer import SessionFooter


def _write_keymap(text: str) -> None:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[keymap]\n{text}\n", encoding="utf-8")


async def _footer_actions(make_app, session: Path) -> tuple[list[str], list[str], str]:
    """Open `session`; return the footer's actions, its keys and the notifications."""
    from textual.widgets._footer import FooterKey

    app = make_app(session_path=session)
    async with app.run_test(size=(160, 32)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        footer = app.screen.query_one(SessionFooter)
        keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
        return [k.action for k in keys], [k.key for k in keys], notifications(app)


async def test_remapping_a_two_key_binding_is_no_clash_and_keeps_its_place(
    make_app, sample_session: Path
) -> None:
    default_actions, default_keys, _ = await _footer_actions(make_app, sample_session)
    assert "next_step" in default_actions and "save" in default_actions
    _write_keymap('next_step = "f11"\nsave_session = "alt+y"')
    actions, keys, said = await _footer_actions(make_app, sample_session)
    assert "clash" not in said.lower(), said
    # Same places: not moved to the end, where a narrow footer cuts them off.
    assert actions == default_actions, (actions, default_actions)
    assert keys[actions.index("next_step")] == "f11"
    assert keys[actions.index("save")] == "alt+y"


async def test_the_remapped_key_works_and_the_old_ones_do_not(make_app, sample_session: Path) -> None:
    _write_keymap('next_step = "f11"')
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        first = screen.session.current_step
        await pilot.press("f6")
        await settle(pilot)
        assert screen.session.current_step == first
        await pilot.press("f11")
        await settle(pilot)
        assert screen.session.current_step != first
        assert "clash" not in notifications(app).lower()


async def test_a_real_clash_is_still_reported(make_app, sample_session: Path) -> None:
    _write_keymap('next_step = "f2"')  # f2 saves
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Key remap clash" in notifications(app)


def test_apply_keymap_keeps_order_and_reports_only_real_clashes() -> None:
    bindings = BindingsMap(
        [
            Binding("f1", "help", "Help", id="help"),
            Binding("f6,alt+right", "next", "Next", id="next"),
            Binding("f2,ctrl+s", "save", "Save", id="save"),
            Binding("x", "other", "Other"),
        ]
    )
    result = apply_keymap(bindings.copy(), {"next": "f7"})
    assert result.clashed_bindings == set()
    mapped = bindings.copy()
    apply_keymap(mapped, {"next": "f7", "save": "f9,ctrl+s"})
    assert list(mapped.key_to_bindings) == ["f1", "f7", "f9", "ctrl+s", "x"]
    assert [b.action for b in mapped.key_to_bindings["f7"]] == ["next"]  # once, not twice
    clash = bindings.copy()
    result = apply_keymap(clash, {"next": "x"})
    assert {b.action for b in result.clashed_bindings} == {"other"}
    assert [b.action for b in clash.key_to_bindings["x"]] == ["next"]
    both = bindings.copy()
    result = apply_keymap(both, {"next": "f9", "save": "f9"})
    assert {b.action for b in result.clashed_bindings} == {"next", "save"}
