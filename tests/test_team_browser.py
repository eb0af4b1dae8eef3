"""The browser test of team mode: headless Chromium opens the join link, types a name and an idea.

The host is the real `workshop host` (in a pseudo-terminal); its page is
textual-serve's, which runs `workshop join LINK` for the tab. The terminal is
drawn on a canvas, so the test types blind and reads the result from the
session file. Skips (saying why) without Debian's chromium or playwright.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from test_team_processes import Terminal, _load, _until
from workshop import content, store

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_a_browser_joins_by_the_link_and_its_idea_reaches_the_session(sessions_dir: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it as root")
    from workshop.team.host import running_link

    _, path = store.create("Browser demo", content.resolve(None), sessions_dir, facilitator="Dana")
    host = Terminal("host", str(path))
    try:
        _until("the host's link", lambda: bool(running_link(path)), [host])
        link = running_link(path)
        host.press("alt+s")  # a silent round: the idea box is the one that takes the focus
        _until("the round", lambda: bool(_load(path) and _load(path).facilitation.rounds), [host])
        with playwright_api.sync_playwright() as play:
            browser = play.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
            )
            try:
                page = browser.new_page(viewport={"width": 1000, "height": 700})
                response = page.goto(link)
                assert response is not None and response.ok, response and response.status

                def roster() -> set[str]:
                    session = _load(path)
                    return set(session.participants) if session else set()

                # The page starts `workshop join` for the tab; it asks the name first.
                deadline = time.monotonic() + 60
                while "Zoe" not in roster():
                    assert time.monotonic() < deadline, "the browser's participant never joined"
                    page.mouse.click(500, 350)  # the canvas takes the keys
                    page.keyboard.type("Zoe")
                    page.keyboard.press("Enter")
                    time.sleep(4)
                    if "Zoe" not in roster():
                        for _ in range(3):  # empty the box before the next try
                            page.keyboard.press("Control+a")
                            page.keyboard.press("Backspace")
                time.sleep(5)  # the round reaches the tab: its idea box takes the focus (a canvas: no text to wait for)
                page.keyboard.type("Idea from the browser")
                page.keyboard.press("Enter")

                def ideas() -> list[tuple[str, str]]:
                    session = _load(path)
                    return [(i.author, i.text) for i in session.facilitation.ideas] if session else []

                _until("the browser's idea in the session", lambda: ("Zoe", "Idea from the browser") in ideas(),
                       [host])
                assert ideas().count(("Zoe", "Idea from the browser")) == 1
            finally:
                browser.close()
    finally:
        host.stop()
