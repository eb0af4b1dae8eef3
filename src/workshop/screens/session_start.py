"""Provides QuickStart: the session screen's start: the first step in the first frame, the rest one piece per frame.

Issue 7 asks for the first step's question on screen (and taking keys) soon
after the process starts. The screen's `on_mount` listens for changes, shows the title, progress
and word count and hands over to `first_step()`: the step the session was
left on, in its quick form (question and answer boxes), and the document's
warnings. Once the first frame is out, `mount_rest()` runs in a worker and
mounts what the first frame left out, with a frame between pieces: the
backup and the lock (in a thread), the step's help panels and checklist, the
step list, the facilitation bar and the footer; then the coach's first
check. The session screen makes one `QuickStart(self)`,
passing itself as the part's `QuickStartHost` (the Protocol below).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Awaitable, Protocol

from textual.containers import Horizontal

from .session_host import SessionBasics

if TYPE_CHECKING:
    from textual.geometry import Size

    from ..document import OpenDocument
    from ..widgets.status_bar import SessionStatusBar
    from .coach import CoachPart
    from .facilitation import SessionFacilitation
    from .session_files import SessionFiles


class QuickStartHost(SessionBasics, Protocol):
    """What the start may ask of its screen (the session screen)."""

    document: OpenDocument
    """The open session (its warnings, read-only state, backup and lock)."""
    files: SessionFiles
    """Files (it shows the read-only state)."""
    coach: CoachPart
    """The coach (its first check comes last)."""
    facilitation: SessionFacilitation
    """The facilitation (the bar shows its live state)."""

    @property
    def status_bar(self) -> SessionStatusBar: ...
    @property
    def size(self) -> Size: ...
    @property
    def is_attached(self) -> bool: ...
    def show_step(self, step_id: str, *, focus: bool = True, quick: bool = False) -> Awaitable[None]: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
    def mount(self, *widgets: Any, **kwargs: Any) -> Any: ...
    def refresh_bindings(self) -> None: ...
    def run_worker(self, work: Any, **kwargs: Any) -> Any: ...
    def wait_for_refresh(self) -> Awaitable[bool]: ...


class QuickStart:
    """The start of a session screen (see the module docstring)."""

    def __init__(self, host: QuickStartHost) -> None:
        """Create the part; `host` is the screen (it satisfies QuickStartHost)."""
        self.host = host
        """The screen this is part of."""

    async def first_step(self) -> None:
        """Show the step the session was left on (quick: the rest of it comes later), then start the rest."""
        host = self.host
        steps = host.template.steps
        start = host.session.current_step
        if host.template.step(start) is None and steps:
            start = steps[0].id
        if start:
            await host.show_step(start, quick=True)
        for warning in host.document.warnings:
            host.notify(warning, title="Note", severity="warning", timeout=12, markup=False)
        if host.document.read_only:
            host.files.show_read_only()
        # Via the app's queue: at start-up this runs inside the app's own mount,
        # where Textual holds back painting and runs "after refresh" callbacks
        # at once; from the app's queue it waits until the first frame is out.
        host.app.call_later(self.start_rest)

    def start_rest(self) -> None:
        """Mount the rest in a worker (so `workers.wait_for_complete()` covers start-up)."""
        host = self.host
        if host.is_attached:
            host.run_worker(self.mount_rest(), name="session-start", group="session-start")

    async def mount_rest(self) -> None:
        """Mount what the first frame left out, one piece per frame, then start the coach.

        One piece at a time, with a frame between, so a key typed meanwhile is
        shown after at most one piece's work rather than after all of it.
        """
        from ..widgets.facilitation_bar import FacilitationBar
        from ..widgets.navigator import StepNavigator
        from ..widgets.session_footer import SessionFooter

        host = self.host

        async def settle_document() -> None:
            # The backup (a file copy) and the lock (`OpenDocument.open(..., later=True)`),
            # in a thread: file work stays off the UI thread, keys typed meanwhile show.
            before = len(host.document.warnings)
            await asyncio.to_thread(host.document.settle)
            for warning in host.document.warnings[before:]:
                host.notify(warning, title="Note", severity="warning", timeout=12, markup=False)
            if host.document.read_only and not host.status_bar.read_only:
                host.files.show_read_only()

        async def step_extras() -> None:
            view = host.step_view
            if view is not None:
                await view.add_rest()

        async def navigator() -> None:
            steps = StepNavigator(
                host.template,
                {step.id: host.session.step_status(step) for step in host.template.steps},
                host.session.current_step,
                id="navigator",
            )
            steps.visited.update(host.document.visited)  # coach marks only where someone has been
            await host.query_one("#session-main", Horizontal).mount(steps, before=0)
            steps.set_current(host.session.current_step)  # and highlight it

        async def bars() -> None:
            await host.mount(  # roster, silent round, session time, countdown
                FacilitationBar(
                    host.facilitation.live(), host.session.current_step, id="facilitation-bar"
                ),
                before=host.status_bar,
            )
            footer = SessionFooter()
            footer.compact = host.size.width < 100
            await host.mount(footer)
            host.refresh_bindings()  # a Footer shows keys once bindings are announced

        async def finish() -> None:
            # The bars took rows from the step: bring the answer box back into view.
            view = host.step_view
            if view is not None:
                view.scroll_to_focus()
            # Last: the first check (a thread) would otherwise compete with
            # drawing for the interpreter (about +80 ms on the large session).
            host.coach.start()

        for piece in (settle_document, step_extras, navigator, bars, finish):
            await host.wait_for_refresh()  # a frame first (before the first piece: the first frame)
            if not host.is_attached:
                return
            await piece()
