"""Provides Autosave: when an open session is saved, and what the user is told (no Textual).

The session screen owns the timers and the thread worker; this object owns
every decision about them: when the next save is due while someone types,
whether a save asked for during a write runs again after it, what the status
line says, which results are announced, when a failing save is retried and
when it stops. Each method takes what happened and returns what to do, so
every transition is tested without an app (tests/test_autosave.py).

    schedule(now)          a change: start (or keep) the save timer
    timer_fired()          the save timer is due
    save_now()             the user asked to save (the result is announced)
    request(dirty, outside)   -> Request: write, wait for the write in flight, nothing, or ask
    finished(ok, outside, dirty) -> Finished: after a write (stale: begun before a resume)
    failed(reason)         -> Failure: notify? start the retry timer?
    retry_due()            the retry timer fired: save again, or stop retrying
    pause(detail)          the file changed outside workshop: nothing saves until resumed
    resume()/recovered()   saving works again (outside change settled, saved elsewhere)
    close()                the session closes (or the app quits): no more saves, no timers
"""

from __future__ import annotations

from typing import Literal, NamedTuple

SAVE_DELAY = 1.0
"""Seconds after the last change before the session is saved."""
SAVE_MAX_WAIT = 1.0
"""Seconds a change may wait while typing goes on: steady typing still saves this often."""
RETRY_DELAY = 5.0
"""Seconds between attempts while saving fails."""
MIN_TIMER = 0.05
"""The shortest timer asked for (never 0: Textual timers divide by their interval)."""

SaveState = Literal["pending", "saving", "saved", "failed"]
"""What the status line shows: a change waits, a write runs, all on disk, not saved."""


class Request(NamedTuple):  # a NamedTuple: ~25x cheaper to define than a dataclass (start-up)
    """What to do when a save is asked for (`Autosave.request`)."""

    action: Literal["write", "queued", "clean", "outside"]
    """write: snapshot and write now; queued: a write runs, another follows it;
    clean: nothing to write; outside: the file changed outside, ask the user."""
    announce: bool = False
    """The user asked for this save: say so ("Already saved"; for outside: show the dialog again)."""
    state: SaveState | None = None
    """The status line's new state (None: leave it)."""
    recovered: bool = False
    """Saving was failing, but the file already holds every change: tell the user."""


class Finished(NamedTuple):  # a NamedTuple: ~25x cheaper to define than a dataclass (start-up)
    """What to do after a write ended (`Autosave.finished`)."""

    outcome: Literal["saved", "failed", "outside", "closed", "stale"]
    """saved; failed (then call `failed(reason)`); outside: ask the user; closed: nothing;
    stale: the write began before saving resumed another way (save as, take over, a reload,
    keep mine): its result is about a file or a state that is gone (nothing to show)."""
    recovered: bool = False
    """Saved after failing: tell the user everything is on disk again."""
    announce: bool = False
    """Saved because the user asked: tell them where."""
    again: bool = False
    """A save was asked for during the write: save again now."""
    state: SaveState | None = None
    """The status line's new state (None: leave it)."""


class Failure(NamedTuple):  # a NamedTuple: ~25x cheaper to define than a dataclass (start-up)
    """What to do when a save failed (`Autosave.failed`)."""

    notify: bool
    """Tell the user (the first failure, a new reason, or a save they asked for)."""
    start_retry: bool
    """Start the retry timer (every RETRY_DELAY seconds); False when it already runs."""


class Autosave:
    """The autosave state of one open session: one object instead of eight flags."""

    def __init__(self) -> None:
        """Start with nothing to save, nothing running."""
        self.timer_armed = False
        """A save timer is set (the screen holds the timer itself)."""
        self.pending_since = 0.0
        """When the first change not yet saved arrived (monotonic seconds)."""
        self.due = 0.0
        """When the armed save timer fires."""
        self.saving = False
        """A write runs in a worker."""
        self.save_again = False
        """A save was asked for while writing: run one more after it."""
        self.announce = False
        """The user asked for the save: announce its result."""
        self.failing = False
        """The last save failed, or saving is paused (an outside change): retrying or waiting."""
        self.retrying = False
        """The retry timer runs."""
        self.reason = ""
        """Why the last save failed (to notify once per reason)."""
        self.closed = False
        """The session closed: nothing saves any more."""
        self.generation = 0
        """Counts `resume()` calls: a write begun under an older one reports on a past state."""
        self.write_generation = 0
        """The generation the running (or last) write began under."""

    # ------------------------------------------------------------ changes
    def schedule(self, now: float) -> float | None:
        """A change arrived at `now`: return the delay of a new save timer (stop the old
        one), or None to keep the armed timer (the max wait is reached).

        The save happens SAVE_DELAY after the last change, but never later than
        SAVE_MAX_WAIT after the first unsaved one, so someone who types without
        pausing still has their words on disk about every second.
        """
        if self.closed:
            return None
        if not self.timer_armed:
            self.pending_since = now
        due = min(now + SAVE_DELAY, self.pending_since + SAVE_MAX_WAIT)
        if self.timer_armed and due <= self.due:
            # Keep the timer that is already due, or a fast typist would push it back forever.
            return None
        self.due = due
        self.timer_armed = True
        return max(MIN_TIMER, due - now)

    @property
    def state_after_change(self) -> SaveState | None:
        """What the status line shows after a change ("pending"; None while failing)."""
        return None if self.failing else "pending"

    def timer_fired(self) -> None:
        """The save timer fired (a `request` follows)."""
        self.timer_armed = False

    def save_now(self) -> None:
        """The user asked to save: stop waiting for the timer; announce the result."""
        self.timer_armed = False
        self.announce = True

    # ------------------------------------------------------------ writes
    def request(self, *, dirty: bool, outside: bool) -> Request:
        """A save is due (timer, the user, a retry): what to do.

        Args:
            dirty: The session has changes not on disk.
            outside: The file changed outside workshop (saving is paused until the user decides).
        """
        if self.closed:
            return Request("clean")
        if self.saving:
            self.save_again = True
            return Request("queued")
        if outside:
            announce, self.announce = self.announce, False
            return Request("outside", announce=announce)
        if not dirty:
            announce, self.announce = self.announce, False
            if self.failing:
                # Not dirty while failing: a write elsewhere (save as, a reload) already
                # holds every change, so the failure is over and the retry timer stops.
                self.failing = self.retrying = False
                self.reason = ""
                return Request("clean", state="saved", recovered=True)
            return Request("clean", announce=announce, state="saved")
        self.saving = True
        self.write_generation = self.generation
        return Request("write", state=None if self.failing else "saving")

    def finished(self, *, ok: bool, outside: bool, dirty: bool) -> Finished:
        """The write ended.

        A write begun before the last `resume()` is stale: "Save session as…"
        moved the session, or a take-over or reload replaced what it wrote from,
        while it ran. Its outcome says nothing about the file now (a failure on
        the old file is not this one's), so nothing is shown; unsaved changes or
        a save asked for meanwhile are saved next (`again`).

        Args:
            ok: The file holds the snapshot.
            outside: The write was refused: the file changed outside workshop.
            dirty: The session changed since the snapshot (edits arrived during the write).
        """
        self.saving = False
        if self.closed:
            self.save_again = self.announce = False
            return Finished("closed")
        if self.write_generation != self.generation:
            again, self.save_again = self.save_again or dirty, False
            return Finished("stale", again=again)
        if outside:
            self.save_again = self.announce = False
            return Finished("outside")
        if not ok:
            self.save_again = False
            return Finished("failed")
        recovered = self.failing
        self.failing = False
        self.retrying = False
        self.reason = ""
        announce = self.announce and not recovered
        self.announce = False
        again, self.save_again = self.save_again, False
        return Finished(
            "saved",
            recovered=recovered,
            announce=announce,
            again=again,
            state="pending" if dirty else "saved",
        )

    def failed(self, reason: str) -> Failure:
        """A save failed for `reason`: whether to tell the user and start retrying."""
        first = not self.failing or reason != self.reason
        self.failing = True
        self.reason = reason
        notify = first or self.announce
        self.announce = False
        start_retry = not self.retrying and not self.closed
        if start_retry:
            self.retrying = True
        return Failure(notify=notify, start_retry=start_retry)

    def retry_due(self) -> bool:
        """The retry timer fired: True to save again; False to stop the timer (saving works)."""
        if not self.failing or self.closed:
            self.retrying = False
            return False
        return True

    # ------------------------------------------------------------ pauses
    def pause(self, detail: str) -> None:
        """Saving pauses (the file changed outside workshop): no timers, the status says why."""
        self.timer_armed = False
        self.retrying = False
        self.failing = True
        self.reason = detail

    def resume(self) -> None:
        """Saving works again (outside change settled, saved elsewhere, taken over).

        A write still running reports on the state before (see `finished`).
        """
        self.generation += 1
        self.failing = False
        self.retrying = False
        self.reason = ""

    def stop_timers(self, *, retry: bool = True) -> None:
        """The screen stopped the save timer (and with `retry` the retry timer): a save
        written another way (save now, save as, close) or a pause."""
        self.timer_armed = False
        if retry:
            self.retrying = False

    def close(self) -> bool:
        """The session closes or the app quits: stop both timers, save nothing more.

        Returns:
            True when a write is still running (its result is then ignored:
            the caller saves synchronously, with the document's lock).
        """
        self.closed = True
        self.timer_armed = False
        self.retrying = False
        self.save_again = False
        return self.saving
