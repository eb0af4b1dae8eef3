"""Every transition of the autosave state machine (workshop.autosave), without an app."""

from __future__ import annotations

import pytest

from workshop import autosave as autosave_mod
from workshop.autosave import Autosave


@pytest.fixture
def save() -> Autosave:
    return Autosave()


def write(save: Autosave) -> None:
    """A save that starts writing."""
    request = save.request(dirty=True, outside=False)
    assert request.action == "write"


# ------------------------------------------------------------ scheduling
def test_first_change_arms_the_timer_save_delay_out(save: Autosave) -> None:
    assert save.state_after_change == "pending"
    assert save.schedule(100.0) == pytest.approx(autosave_mod.SAVE_DELAY)
    assert save.timer_armed and save.due == pytest.approx(100.0 + autosave_mod.SAVE_DELAY)


def test_steady_typing_keeps_the_timer_due_at_max_wait(
    save: Autosave, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 30.0)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 1.0)
    assert save.schedule(0.0) == pytest.approx(1.0)
    # Every later key: the timer already due at pending_since + max wait stays.
    for now in (0.2, 0.5, 0.9):
        assert save.schedule(now) is None
    assert save.due == pytest.approx(1.0)


def test_a_pause_restarts_the_debounce(save: Autosave, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 0.3)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 30.0)
    assert save.schedule(0.0) == pytest.approx(0.3)
    assert save.schedule(0.2) == pytest.approx(0.3)  # later: the old timer is replaced
    assert save.due == pytest.approx(0.5)


def test_a_fired_timer_starts_a_new_wait(save: Autosave) -> None:
    save.schedule(0.0)
    save.timer_fired()
    assert not save.timer_armed
    assert save.schedule(50.0) == pytest.approx(autosave_mod.SAVE_DELAY)
    assert save.pending_since == 50.0


def test_timer_is_never_zero(save: Autosave, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave_mod, "SAVE_DELAY", 0.0)
    monkeypatch.setattr(autosave_mod, "SAVE_MAX_WAIT", 0.0)
    assert save.schedule(1.0) == autosave_mod.MIN_TIMER


# ------------------------------------------------------------ requests and writes
def test_clean_request_says_saved_and_announces_only_when_asked(save: Autosave) -> None:
    request = save.request(dirty=False, outside=False)
    assert (request.action, request.announce, request.state) == ("clean", False, "saved")
    save.save_now()
    request = save.request(dirty=False, outside=False)
    assert (request.action, request.announce) == ("clean", True)
    assert not save.announce


def test_write_then_saved(save: Autosave) -> None:
    request = save.request(dirty=True, outside=False)
    assert (request.action, request.state) == ("write", "saving")
    assert save.saving
    done = save.finished(ok=True, outside=False, dirty=False)
    assert (done.outcome, done.state, done.again, done.announce, done.recovered) == (
        "saved", "saved", False, False, False
    )
    assert not save.saving


def test_save_now_announces_the_result_once(save: Autosave) -> None:
    save.schedule(0.0)
    save.save_now()
    assert not save.timer_armed
    write(save)
    assert save.finished(ok=True, outside=False, dirty=False).announce
    write(save)
    assert not save.finished(ok=True, outside=False, dirty=False).announce


def test_save_finishing_while_edits_arrive(save: Autosave) -> None:
    """Edits during a write: the status stays pending and one more save follows."""
    write(save)
    assert save.schedule(1.0) is not None  # a key while the worker writes
    queued = save.request(dirty=True, outside=False)  # its timer fires before the write ends
    assert queued.action == "queued" and queued.state is None
    assert save.request(dirty=True, outside=False).action == "queued"  # still only one more
    done = save.finished(ok=True, outside=False, dirty=True)
    assert (done.outcome, done.state, done.again) == ("saved", "pending", True)
    write(save)  # the screen saves again at once
    done = save.finished(ok=True, outside=False, dirty=False)
    assert (done.state, done.again) == ("saved", False)


def test_outside_change_asks_and_passes_the_announce(save: Autosave) -> None:
    save.save_now()
    request = save.request(dirty=True, outside=True)
    assert (request.action, request.announce) == ("outside", True)
    assert save.request(dirty=True, outside=True).announce is False
    assert not save.saving


def test_write_refused_by_an_outside_change_forgets_queued_saves(save: Autosave) -> None:
    save.save_now()
    write(save)
    save.request(dirty=True, outside=False)  # queued
    done = save.finished(ok=False, outside=True, dirty=True)
    assert done.outcome == "outside"
    assert not save.save_again and not save.announce


# ------------------------------------------------------------ failures
def test_save_failing_notifies_once_per_reason_and_retries(save: Autosave) -> None:
    write(save)
    save.request(dirty=True, outside=False)  # queued: dropped, the retry takes over
    assert save.finished(ok=False, outside=False, dirty=True).outcome == "failed"
    assert not save.save_again
    failure = save.failed("disk full")
    assert (failure.notify, failure.start_retry) == (True, True)
    assert save.failing and save.retrying
    assert save.state_after_change is None  # the status line keeps saying NOT SAVED
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    assert save.failed("disk full") == autosave_mod.Failure(notify=False, start_retry=False)
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    assert save.failed("permission denied").notify  # a new reason is news
    save.save_now()
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    assert save.failed("permission denied").notify  # asked for: always answered


def test_requests_while_failing_leave_the_status_alone(save: Autosave) -> None:
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    save.failed("disk full")
    assert save.request(dirty=True, outside=False).state is None
    save.finished(ok=False, outside=False, dirty=True)


def test_nothing_left_to_write_while_failing_is_a_recovery(save: Autosave) -> None:
    """Another write (save as, a reload) put every change on disk: the failure is over."""
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    save.failed("disk full")
    request = save.request(dirty=False, outside=False)
    assert (request.action, request.state, request.recovered) == ("clean", "saved", True)
    assert not save.failing and not save.retrying and save.reason == ""
    assert not save.retry_due()  # the retry timer stops itself
    assert save.request(dirty=False, outside=False).recovered is False  # said once


def test_a_write_begun_before_a_resume_is_stale(save: Autosave) -> None:
    """A retry ran while "Save session as…" moved the session; it failed on the old file."""
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    save.failed("permission denied")
    write(save)  # the retry, writing the old file
    save.resume()  # saved as: the new file holds everything
    assert save.request(dirty=True, outside=False).action == "queued"  # typed meanwhile
    done = save.finished(ok=False, outside=False, dirty=True)
    assert (done.outcome, done.again) == ("stale", True)  # the queued save runs next
    assert not save.failing and not save.retrying and not save.saving
    write(save)  # that next save is current: its failure counts
    assert save.finished(ok=False, outside=False, dirty=True).outcome == "failed"


def test_a_stale_write_saves_again_only_when_something_is_unsaved(save: Autosave) -> None:
    """Taken over (or reloaded) during a read-only window's write: nothing queued, nothing new."""
    write(save)
    save.resume()
    done = save.finished(ok=False, outside=True, dirty=False)
    assert (done.outcome, done.again) == ("stale", False)
    write(save)
    save.resume()
    assert save.finished(ok=True, outside=False, dirty=True) == autosave_mod.Finished("stale", again=True)


def test_recovery_after_failing(save: Autosave) -> None:
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    save.failed("disk full")
    assert save.retry_due()
    write(save)
    done = save.finished(ok=True, outside=False, dirty=False)
    assert (done.outcome, done.recovered, done.announce) == ("saved", True, False)
    assert not save.failing and not save.retrying and save.reason == ""
    assert not save.retry_due()  # the retry timer stops itself
    assert save.state_after_change == "pending"


# ------------------------------------------------------------ pauses and closing
def test_pause_and_resume(save: Autosave) -> None:
    save.schedule(0.0)
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    save.failed("disk full")
    save.pause("paused: changed outside")
    assert save.failing and not save.timer_armed and not save.retrying
    assert save.failed("paused: changed outside").notify is False  # the dialog said it
    save.resume()
    assert not save.failing and not save.retrying and save.state_after_change == "pending"


def test_stop_timers(save: Autosave) -> None:
    save.schedule(0.0)
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    save.failed("x")
    save.stop_timers(retry=False)
    assert not save.timer_armed and save.retrying
    save.stop_timers()
    assert not save.retrying


def test_quit_while_saving(save: Autosave) -> None:
    """Closing (or quitting) during a write: the write's result changes nothing."""
    save.schedule(0.0)
    write(save)
    save.request(dirty=True, outside=False)  # queued
    assert save.close() is True  # a write is still running
    assert not save.timer_armed and not save.save_again
    done = save.finished(ok=True, outside=False, dirty=True)
    assert done.outcome == "closed" and not done.again
    assert save.schedule(5.0) is None
    assert save.request(dirty=True, outside=False).action == "clean"
    assert not save.saving


def test_quit_while_a_failing_save_runs(save: Autosave) -> None:
    write(save)
    save.finished(ok=False, outside=False, dirty=True)
    save.failed("disk full")
    write(save)  # a retry runs
    assert save.close() is True
    assert save.finished(ok=False, outside=False, dirty=True).outcome == "closed"
    assert save.failed("disk full").start_retry is False
    assert not save.retry_due()


def test_close_when_idle(save: Autosave) -> None:
    assert save.close() is False
