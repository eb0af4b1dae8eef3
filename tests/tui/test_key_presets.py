"""Tests the leader key preset (issue 14 §2): no F-keys or alt keys needed, every action reachable."""

from __future__ import annotations

from pathlib import Path

from session_helpers import (
    command_names,
    run_command,
    session_screen,
    settle,
    wait_until,
)

from workshop import keys
from workshop import settings as settings_mod
from workshop.app import WorkshopApp
from workshop.keymap_check import workshop_classes
from workshop.screens.help import HelpScreen
from workshop.screens.leader import LeaderScreen
from workshop.screens.presenter import PresenterScreen
from workshop.textual_compat import FooterKey, merged_bindings


def _split(key_list: str) -> list[str]:
    return [key.strip() for key in key_list.split(",") if key.strip()]


def test_the_leader_preset_gives_every_binding_a_key_without_fn_or_alt_and_no_clashes() -> None:
    assert not keys.needs_fn_or_alt(keys.LEADER_KEY)
    classes = workshop_classes(WorkshopApp)
    app_ids = {b.id for bs in merged_bindings(WorkshopApp).key_to_bindings.values() for b in bs if b.id}
    walked: set[str] = set()
    for cls in classes:
        ids: dict[str, set[str]] = {}  # binding id -> its keys
        for key, bindings in merged_bindings(cls).key_to_bindings.items():
            for binding in bindings:
                if binding.id:
                    ids.setdefault(binding.id, set()).add(key)
        if cls is not WorkshopApp:
            for key, bindings in merged_bindings(WorkshopApp).key_to_bindings.items():
                for binding in bindings:
                    ids.setdefault(binding.id or "", set()).add(key)
        letters: dict[str, str] = {}
        for binding_id, bound in ids.items():
            if not binding_id or binding_id == "leader":
                continue
            walked.add(binding_id)
            after = keys.LEADER_KEYS.get(binding_id)
            plain = [key for key in bound if not keys.needs_fn_or_alt(key) and key != keys.LEADER_KEY]
            assert after is not None or plain, f"{cls.__name__}: {binding_id} needs an F-key or alt key"
            if after is not None:
                assert not keys.needs_fn_or_alt(after), binding_id
                other = letters.setdefault(after, binding_id)
                assert other == binding_id, f"{cls.__name__}: {keys.LEADER_KEY} {after} is {other} and {binding_id}"
            if keys.LEADER_KEY in bound and binding_id not in app_ids:
                assert after is not None, f"{binding_id} loses {keys.LEADER_KEY} to the leader"
    assert {"next_step", "presenter_mode", "toggle_findings", "help", "voting"} <= walked
    assert set(keys.LEADER_KEYS) <= walked  # no stale entries


def _use_leader_preset() -> Path:
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('key_preset = "leader"\n', encoding="utf-8")
    return path


async def test_leader_keys_move_present_and_show_in_footer_and_help(make_app, sample_session: Path):
    _use_leader_preset()
    app = make_app(session_path=sample_session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        first = screen.session.current_step

        def footer() -> str:
            return " ".join(f"{k.key_display} {k.description}" for k in screen.query(FooterKey) if k.display)

        await wait_until(pilot, lambda: "^g → Next" in footer())
        assert "f6" not in footer()

        async def leader(key: str) -> None:
            await pilot.press("ctrl+g")
            await wait_until(pilot, lambda: isinstance(app.screen, LeaderScreen))
            await pilot.press(key)

        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaderScreen))
        assert "Next" in str(app.screen.query_one("#leader-keys").render())
        await pilot.press("right")
        await wait_until(pilot, lambda: screen.session.current_step != first)
        await leader("z")  # leads nowhere: said, and still waiting
        await pilot.pause()
        assert isinstance(app.screen, LeaderScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await leader("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PresenterScreen))
        presenter = app.screen
        await leader("left")
        await wait_until(pilot, lambda: presenter.step_id == first)
        await leader("p")
        await wait_until(pilot, lambda: app.screen is screen)
        await leader("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {row.binding_id: row.keys for row in app.screen.rows}
        assert rows["next_step"] == "^g →" and rows["toggle_findings"] == "^g f"


async def test_the_palette_switches_presets_and_settings_keep_it(make_app, sample_session: Path):
    app = make_app(session_path=sample_session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("ctrl+g")  # standard preset: the leader key is not taken
        await pilot.pause()
        assert app.screen is screen
        assert "Keys: leader preset" in command_names(app)
        await run_command(app, "Keys: leader preset")
        await app.workers.wait_for_complete()
        assert 'key_preset = "leader"' in settings_mod.settings_path().read_text(encoding="utf-8")
        await wait_until(
            pilot, lambda: "^g →" in " ".join(k.key_display for k in screen.query(FooterKey) if k.display)
        )
        await run_command(app, "Keys: standard preset")
        await app.workers.wait_for_complete()
        assert "key_preset" not in settings_mod.settings_path().read_text(encoding="utf-8")
        assert keys.preset(app) == keys.STANDARD


def test_settings_keep_the_preset_and_reject_a_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings_mod.save(settings_mod.Settings(key_preset="leader", theme="nord"), path)
    assert settings_mod.load(path).key_preset == "leader"
    path.write_text("key_preset = 3\n", encoding="utf-8")
    loaded = settings_mod.load(path)
    assert loaded.key_preset == "" and "key_preset" in loaded.problem


async def test_an_unknown_preset_is_reported_and_the_standard_keys_used(make_app, sample_session: Path):
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('key_preset = "emacs"\n', encoding="utf-8")
    app = make_app(session_path=sample_session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert keys.preset(app) == keys.STANDARD
        told = [n for n in app.notification_log if n.title == "Unknown key preset"]
        assert told and "'emacs'" in told[0].message and "'leader'" in told[0].message
