"""Provides SessionFiles: the session screen's part that saves, saves as, exports and closes.

Autosave's decisions are `workshop.autosave.Autosave` (core, tested without an
app); this part holds its timers and the thread workers that write, and tells
the user what happened. The session screen makes one `SessionFiles(self)`,
passing itself as the part's `FilesHost` (the Protocol below), forwards its
save/export/close actions and its `Worker.StateChanged` events here.
"""

from __future__ import annotations

import os
import time
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Protocol

from textual.worker import Worker, WorkerState

from ..document import OpenDocument, SaveResult
from ..model import clock
from ..model.session import Session
from ..model.text import plural
from ..storage import listing
from .session_host import SessionBasics

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..autosave import Autosave
    from ..export.write import ExportOptions
    from ..model.template import Template
    from ..widgets.navigator import StepNavigator
    from ..widgets.status_bar import SessionStatusBar
    from .export_dialog import ExportRequest
    from .outside_edit import OutsideEditPart


class FilesHost(SessionBasics, Protocol):
    """What the files part may ask of its screen (the session screen)."""

    document: OpenDocument
    """The open session."""
    outside: OutsideEditPart
    """The outside-edit part (asked when a save finds the file changed)."""

    @property
    def status_bar(self) -> SessionStatusBar: ...
    @property
    def navigator(self) -> StepNavigator | None: ...
    def key(self, binding_id: str, default: str) -> str: ...
    def refresh_status(self) -> None: ...
    def show_step(self, step_id: str | None = None) -> Awaitable[None]: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def run_worker(self, work: Any, **kwargs: Any) -> Any: ...
    def set_timer(self, delay: float, callback: Callable[[], Any], **kwargs: Any) -> Timer: ...
    def set_interval(self, interval: float, callback: Callable[[], Any], **kwargs: Any) -> Timer: ...


class SessionFiles:
    """Autosave, save as, read-only and take over, export, close (see the module docstring)."""

    def __init__(self, host: FilesHost) -> None:
        """Create the part; `host` is the screen (it satisfies FilesHost)."""
        self.host = host
        """The screen this is part of."""
        self.last_export: Path | None = None
        """Where the last export went."""
        self._export_options: ExportOptions | None = None
        self._exports_running: dict[Worker, ExportOptions] = {}
        """The choices of each export being written (two can run at once; read when each finishes)."""
        self._save_timer: Timer | None = None
        self._retry_timer: Timer | None = None

    @cached_property
    def autosave(self) -> Autosave:
        """When to save and what to say about it (workshop.autosave; the timers are here).

        Made on first use: the first frame saves nothing (start-up, issue 12 §4).
        """
        from ..autosave import Autosave

        return Autosave()

    # The export code loads on first use (not before the first frame, issue 12 §4).
    @property
    def export_options(self) -> ExportOptions:
        """The last export's choices (format, clean copy): F3 exports again with them."""
        if self._export_options is None:
            from ..export.write import ExportOptions

            self._export_options = ExportOptions()
        return self._export_options

    @export_options.setter
    def export_options(self, options: ExportOptions) -> None:
        self._export_options = options

    def schedule_save(self) -> None:
        """(Re)start the autosave timer when `self.autosave` says so (workshop.autosave)."""
        state = self.autosave.state_after_change
        if state is not None:
            self.host.status_bar.save_state = state
        delay = self.autosave.schedule(time.monotonic())
        if delay is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.host.set_timer(delay, self._autosave_due, name="autosave")

    def stop_save_timers(self, *, retry: bool = True) -> None:
        """Stop the save timer (and the retry timer)."""
        timers = (self._save_timer, self._retry_timer) if retry else (self._save_timer,)
        for timer in timers:
            if timer is not None:
                timer.stop()
        self._save_timer = None
        self.autosave.stop_timers(retry=retry)
        if retry:
            self._retry_timer = None

    def _autosave_due(self) -> None:
        self._save_timer = None
        self.autosave.timer_fired()
        self.save_in_background()

    def save_in_background(self) -> None:
        """Snapshot the session here and write it in a thread worker (one at a time)."""
        request = self.autosave.request(
            dirty=self.host.document.dirty, outside=self.host.document.outside_change is not None
        )
        if request.recovered:  # the file already holds every change
            self._show_saved()
        elif request.state is not None:
            self.host.status_bar.save_state = request.state
        if request.action == "outside":  # paused until the user decides
            self.host.outside.show(again=request.announce)
            return
        if request.action == "clean":
            if request.recovered:
                self._stop_retrying()
                self.host.notify(
                    f"Everything is on disk again: {self.host.document.path}",
                    title="Saved",
                    markup=False,
                )
            elif request.announce:
                self.host.notify(str(self.host.document.path), title="Already saved", markup=False)
            return
        if request.action == "queued":
            return
        revision, data = self.host.document.snapshot()
        self.host.run_worker(
            partial(self.host.document.write, revision, data),
            name="autosave",
            group="autosave",
            thread=True,
            exit_on_error=False,
        )

    def save(self) -> None:
        """Save now (changes also save by themselves)."""
        self.stop_save_timers(retry=False)
        self.autosave.save_now()
        self.save_in_background()

    def _show_saved(self) -> None:
        """The status line says saved, at this time (not a failure's reason any more)."""
        bar = self.host.status_bar
        bar.save_detail = clock.now().astimezone().strftime("%H:%M")
        bar.save_state = "saved"

    def _stop_retrying(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def _save_finished(self, result: SaveResult) -> None:
        finished = self.autosave.finished(
            ok=result.ok,
            outside=result.outside is not None,
            dirty=self.host.document.dirty,
        )
        if finished.outcome == "closed":
            return
        if finished.outcome == "stale":  # begun before a save as, take-over or reload
            if finished.again:
                self.save_in_background()
            elif not self.autosave.failing and not self.host.document.dirty:
                self._show_saved()  # that write may be what saved it
            return
        if finished.outcome == "outside":  # the file changed outside: ask (outside_edit.py)
            self.host.outside.show()
            return
        if finished.outcome == "failed":
            self._save_failed(result.error or "unknown error")
            return
        bar = self.host.status_bar
        self._stop_retrying()
        bar.save_detail = clock.now().astimezone().strftime("%H:%M")
        if finished.state is not None:
            bar.save_state = finished.state
        if finished.recovered:
            self.host.notify(
                f"Everything is on disk again: {result.path}",
                title="Saved",
                markup=False,
            )
        elif finished.announce:
            self.host.notify(str(result.path), title="Saved", markup=False)
        if finished.again:
            self.save_in_background()

    def _save_failed(self, reason: str) -> None:
        from ..autosave import RETRY_DELAY

        bar = self.host.status_bar
        failure = self.autosave.failed(reason)
        bar.save_detail = reason
        bar.save_state = "failed"
        if failure.notify:
            self.host.notify(
                f"{reason}\nYour work is kept in memory and saving is retried every "
                f"{RETRY_DELAY:g} seconds. To keep it somewhere else now, use "
                f"{self.host.key('command_palette', 'ctrl+p')} → “Save session as…”.",
                title="NOT SAVED",
                severity="error",
                timeout=15,
                markup=False,
            )
        if failure.start_retry or self._retry_timer is None:
            self._stop_retrying()
            self._retry_timer = self.host.set_interval(
                RETRY_DELAY, self._retry_save, name="save-retry"
            )

    def _retry_save(self) -> None:
        if not self.autosave.retry_due():
            self._stop_retrying()
            return
        self.save_in_background()

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A worker of the screen ended: a save or an export finished."""
        worker = event.worker
        state = event.state
        if state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if worker.group == "autosave":
            if state is WorkerState.SUCCESS and isinstance(worker.result, SaveResult):
                self._save_finished(worker.result)
            else:
                self._save_finished(
                    SaveResult(False, 0, self.host.document.path, str(worker.error or "cancelled"))
                )
        elif worker.group == "export":
            self._export_finished(worker, state)

    # ------------------------------------------------------------ save as
    def _writable_folder(self, folder: Path) -> Path:
        return folder if os.access(folder, os.W_OK | os.X_OK) else Path.home()

    def save_as(self) -> None:
        """Ask for a new file and save the session there (later saves go there too)."""
        from .dialogs import PathDialog

        path = self.host.document.path
        folder = self._writable_folder(path.parent)
        initial = listing.unique_path(folder, f"{path.stem}-copy") if folder.is_dir() else (
            folder / f"{path.stem}-copy.toml"
        )
        self.host.app.push_screen(
            PathDialog(
                "Save session as…",
                initial,
                must_not_exist=True,
                message="From now on this session saves to the new file.",
            ),
            callback=self._save_as_chosen,
        )

    def _save_as_chosen(self, path: Path | None) -> None:
        """Write the session to `path` and keep editing there.

        Runs on the UI thread: `OpenDocument.save_as` moves the session lock
        and the file name together, and a one-off save of a small file is
        quick; autosaves stay in the worker.
        """
        if path is None:
            return
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".toml")
        self.stop_save_timers(retry=False)
        result = self.host.document.save_as(path)
        if not result.ok:
            self.host.notify(
                f"{result.error}\nChoose another place ({self.host.key('command_palette', 'ctrl+p')} → Save session as…).",
                title="Not saved there",
                severity="error",
                timeout=12,
                markup=False,
            )
            return
        was_failing = self.autosave.failing
        self.autosave.resume()
        self._stop_retrying()
        self.host.status_bar.read_only = self.host.document.read_only
        self._show_saved()
        if self.host.document.dirty:
            self.schedule_save()
        self.host.notify(
            f"{result.path}\nFrom now on this session saves there."
            + (" Your work is safe." if was_failing else ""),
            title="Saved as",
            markup=False,
        )

    # ------------------------------------------------------------ read-only
    def show_read_only(self) -> None:
        holder = self.host.document.holder
        where = holder.describe() if holder is not None else "another workshop window"
        self.host.status_bar.read_only = True
        self.host.notify(
            f"{self.host.document.path} is open in {where}, so nothing you type here is saved to it. "
            f"Close it there and use {self.host.key('command_palette', 'ctrl+p')} → “Take over session”, or keep a copy with "
            "“Save session as…”.",
            title="Read-only",
            severity="warning",
            timeout=20,
            markup=False,
        )

    def take_over(self) -> None:
        """Make a session opened read-only editable (once the other window closed it)."""
        if not self.host.document.read_only:
            self.host.notify("This window can already save the session.", title="Not read-only")
            return
        if self.host.document.dirty:
            from .dialogs import ConfirmDialog

            self.host.app.push_screen(
                ConfirmDialog(
                    "Take over and reload the file?",
                    "The session is reloaded from the file, so what you typed in this "
                    "read-only window is replaced. Cancel and use “Save session as…” first "
                    "to keep it.",
                    confirm_label="Take over",
                ),
                callback=lambda yes: self._take_over() if yes else None,
            )
            return
        self._take_over()

    def _take_over(self) -> None:
        from ..storage.tomlio import FileProblem

        try:
            holder = self.host.document.take_over()
        except FileProblem as problem:
            self.host.notify(problem.describe(), title="Can't take over", severity="error", markup=False)
            return
        if holder is not None:
            self.host.notify(
                f"It is still open in {holder.describe()}. Close it there first.",
                title="Still open elsewhere",
                severity="warning",
                markup=False,
            )
            return
        self.host.status_bar.read_only = False
        self.autosave.resume()
        self.host.status_bar.save_state = "saved"
        navigator = self.host.navigator
        if navigator is not None:
            navigator.statuses.clear()
        self.host.refresh_status()
        self.host.run_worker(self.host.show_step(), group="take-over")  # the step current then
        self.host.notify("This window now saves the session.", title="Taken over")

    # ------------------------------------------------------------ export
    def default_export_path(self) -> Path:
        """`<session file stem>.md` next to the session file."""
        return self.host.document.path.with_suffix(".md")

    def _export_template(self) -> Template | None:
        return None if self.host.document.template_missing else self.host.template

    def export(self) -> None:
        """Export the PR/FAQ again with the last choices (at first: Markdown next to the session file).

        A file this screen did not just write is replaced only after a
        question; in a browser the export is downloaded instead.
        """
        from ..export.write import SUFFIX
        from .export_dialog import ExportRequest, confirm_replace

        options = self.export_options
        path = self.last_export or self.default_export_path().with_suffix(SUFFIX[options.format])
        request = ExportRequest(path, options)
        if self.host.app.is_web:
            self.deliver_export(request)
        else:
            confirm_replace(self.host, request, self.export_to, session_path=self.host.document.path,
                            known=self.last_export)

    def export_as(self) -> None:
        """Ask for the format, a clean copy or not, and the file; then export."""
        from .export_dialog import ask_export

        default = self.last_export or self.default_export_path()
        folder = self._writable_folder(default.parent)
        ask_export(
            self.host,
            self.host.session.title,
            folder / default.name,
            session_path=self.host.document.path,
            write=self.export_to,
            deliver=self.deliver_export,
            options=self.export_options,
            known=self.last_export,
        )

    def export_markdown(self, path: Path) -> None:
        """Export the Markdown PR/FAQ to `path` (never replacing a file: see `export`)."""
        from ..export.write import ExportOptions

        self.export_to(path, ExportOptions(), False)

    def export_to(self, path: Path, options: ExportOptions, force: bool) -> None:
        """Snapshot the session here; build the export and write it in a thread worker.

        The worker only sees the snapshot (plain data copied on this thread),
        never the live session that keeps changing while the user types.
        """
        from ..export.write import write_snapshot

        _revision, data = self.host.document.snapshot()
        worker = self.host.run_worker(
            partial(
                write_snapshot, data, self._export_template(), path,
                session_path=self.host.document.path, options=options, force=force,
            ),
            name=str(path),
            group="export",
            thread=True,
            exit_on_error=False,
        )
        self._exports_running[worker] = options

    def deliver_export(self, request: ExportRequest) -> None:
        """Build the export in a worker and send it to the browser as a download (textual-serve)."""
        _revision, data = self.host.document.snapshot()
        self.export_options = request.options
        self.host.run_worker(
            partial(self._deliver, data, self._export_template(), request),
            thread=True, exclusive=True, group="deliver",
        )

    def _deliver(self, data: dict, template: Template | None, request: ExportRequest) -> None:
        from ..export.write import render
        from .export_dialog import deliver

        body = render(Session.from_dict(data), template, request.options)
        app = self.host.app
        app.call_soon_from_thread(deliver, app, body, request)

    def copy_prfaq(self) -> None:
        """Put the PR/FAQ in Markdown on the clipboard (the last export's clean-copy choice)."""
        from ..export.write import ExportOptions

        _revision, data = self.host.document.snapshot()
        self.host.run_worker(
            partial(self._copy_prfaq, data, self._export_template(),
                    ExportOptions(clean=self.export_options.clean)),
            thread=True, exclusive=True, group="copy",
        )

    def _copy_prfaq(self, data: dict, template: Template | None, options: ExportOptions) -> None:
        from ..export.write import render

        text = str(render(Session.from_dict(data), template, options))
        self.host.app.call_soon_from_thread(self._copied, text, options.clean)

    def _copied(self, text: str, clean: bool) -> None:
        self.host.app.copy_to_clipboard(text)
        words = len(text.split())
        kind = "clean copy" if clean else "with appendices"
        self.host.notify(
            f"Markdown, {plural(words, 'word')} ({kind}). Paste it into a document, wiki or mail.",
            title="PR/FAQ copied to the clipboard",
            markup=False,
            timeout=8,
        )

    def _export_finished(self, worker: Worker, state: WorkerState) -> None:
        from ..export.target import ExistsError
        from ..export.write import LABEL

        options = self._exports_running.pop(worker, None) or self.export_options
        label = LABEL[options.format]
        if state is WorkerState.SUCCESS:
            if not options.with_comments:  # the review's copy with comments is not what F3 repeats
                self.last_export, self.export_options = Path(worker.name), options
            self.host.notify(worker.name, title=f"Exported to {label}", markup=False, timeout=10)
            return
        if isinstance(worker.error, ExistsError):  # created meanwhile: ask, as for any existing file
            from .export_dialog import ExportRequest, confirm_replace

            confirm_replace(
                self.host, ExportRequest(worker.error.target, options), self.export_to,
                session_path=self.host.document.path,
            )
            return
        self.host.notify(
            f"{worker.error}\nUse {self.host.key('command_palette', 'ctrl+p')} → “Export PR/FAQ as…” to choose another place.",
            title="Export failed",
            severity="error",
            timeout=15,
            markup=False,
        )

    # ------------------------------------------------------------ close
    async def close(self) -> None:
        """Save and go back to the list of sessions."""
        self.stop_save_timers()
        if self.host.document.dirty:
            result = self.host.document.save_now()
            if result.outside is not None:  # choose first: reload, keep mine or both
                self.host.outside.show()
                return
            if not result.ok:
                from .dialogs import ConfirmDialog

                self._save_failed(result.error)
                self.host.app.push_screen(
                    ConfirmDialog(
                        "Close without saving?",
                        f"{result.error}\nClosing now loses the changes since the last save. "
                        "Cancel and use “Save session as…” to keep them.",
                        confirm_label="Close without saving",
                    ),
                    callback=lambda yes: self._close_now() if yes else None,
                )
                return
        self._close_now()

    def _close_now(self) -> None:
        self.stop_save_timers()
        self.autosave.close()
        self.host.document.close()
        if len(self.host.app.screen_stack) > 1:
            self.host.app.pop_screen()
