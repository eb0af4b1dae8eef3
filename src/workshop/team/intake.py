"""Provides RequestIntake (part of TeamHost): participants' requests read from their outboxes, checked, applied, and recorded.

Requests are applied in order within each participant's rate (`limits.RATE`,
`limits.BURST`), through the document's dispatcher; a dot is also recorded
in the dot ledger (`dots`); the requests the session file holds are moved
into the applied-request log every `limits.LEDGER_PERIOD` (see docs/team.md,
"Exactly once, across crashes").
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timezone

from ..safe import shown
from . import limits
from . import requests as wire
from .dots import DotIntent, ballot_key
from .registry import Member

log = logging.getLogger("workshop.team")
"""Where refused and malformed requests are reported."""


class RequestIntake:
    """TeamHost's request handling (a mixin: it works on the host's own state)."""

    # ================================================================ requests
    def _schedule_process(self, pid: str) -> None:
        if pid in self._process_soon or self._loop is None:
            return
        self._process_soon.add(pid)
        self._loop.call_soon(self._process, pid)

    def _process(self, pid: str) -> None:
        """Apply the participant's new requests, in order, within their rate."""
        from pycrdt import Array, Map

        self._process_soon.discard(pid)
        reg = self._registry
        doc = self._docs.get(pid)
        if reg is None or doc is None or not self.running:
            return
        member = reg.members.get(pid)
        if member is None or member.removed:
            return
        entries = doc.get("outbox", type=Array).to_py() or []
        results = doc.get("results", type=Map)
        start, last = self._cursor.get(pid, (0, None))
        if start > len(entries) or (start and entries[start - 1] != last):
            start = 0  # entries moved (removed, or merged in before): read again, ids keep it exactly-once
        if len(entries) > limits.MAX_OUTBOX and pid not in self._capped:
            self._capped.add(pid)
            log.warning("team host: %s sent over %d requests; the rest are ignored", shown(member.name), limits.MAX_OUTBOX)
        ideas = self._idea_ids.setdefault(pid, set())
        replies: dict[str, str] = {}
        index = start
        for index in range(start, min(len(entries), limits.MAX_OUTBOX)):
            raw = entries[index]
            try:
                request = wire.parse(raw)
            except wire.RequestError as error:
                if (pid, index, hash(raw)) not in self._malformed:  # once, also when the list is read again
                    self._malformed.add((pid, index, hash(raw)))
                    log.warning("team host: malformed request from %s: %s", shown(member.name), error)
                    self._event("rejected", member.name, str(error))
                continue
            key = (pid, request.id)
            if request.kind == "add_idea":
                ideas.add(wire.record_id("i-", pid, request.id))
            if key in self._done or key in reg.applied:
                continue
            if key in self._dots_settled or wire.already_applied(self.document.session, request, pid):
                self._done.add(key)
                self._saving.append((self.document.session.revision, key))
                replies[request.id] = ""
                continue
            if not self._take_token(pid):
                self._retry_later(pid)
                break
            self._done.add(key)
            error_text = self._apply(member, request)
            replies[request.id] = error_text
            if error_text:
                self._saving.append((0, key))  # a refusal is final: recorded with the next batch
        else:
            index = min(len(entries), limits.MAX_OUTBOX)
        self._cursor[pid] = (index, entries[index - 1] if index else None)
        if replies:
            with doc.transaction(origin="host"):
                for request_id, text in replies.items():
                    results[request_id] = text
            self._last_seen[pid] = datetime.now(timezone.utc)

    def _apply(self, member: Member, request: wire.Request) -> str:
        """Apply one request; "" when applied, else why not (logged as a warning)."""
        from ..model.operations import OperationError

        if self.locked:
            return self._reject(member, request, "contributions are locked by the facilitator")
        actor = wire.ANONYMOUS if self.anonymous else member.name
        try:
            op = wire.to_operation(
                request, session=self.document.session, template=self.document.template,
                participant_id=member.id, actor=actor, voter=self._voter(member),
                current_step=self._current_step(),
            )
            before = self._ballot(request, member)
            change = self.document.dispatcher.submit(op)
            self._record_dot(member, request, before)
        except (wire.RequestError, OperationError) as error:
            return self._reject(member, request, str(error))
        except Exception as error:  # never let one participant's request stop the host
            log.exception("team host: request %s from %s failed", request.kind, shown(member.name))
            return self._reject(member, request, f"could not apply it ({type(error).__name__})")
        self._saving.append((self.document.session.revision, (member.id, request.id)))
        if change is not None:
            self._event("applied", member.name, f"{member.name}: {op.describe()}")
        self.publish()
        return ""

    def _ballot(self, request: wire.Request, member: Member) -> list[str] | None:
        """For a dot request: the participant's ballot on that vote now (`dots.ballot_key`); else None."""
        if request.kind not in ("cast_vote", "retract_vote"):
            return None
        vote = next((v for v in self.document.session.facilitation.votes if v.id == request.fields["vote_id"]), None)
        return ballot_key(vote.ballots.get(self._voter(member), [])) if vote is not None else None

    def _record_dot(self, member: Member, request: wire.Request, before: list[str] | None) -> None:
        """Record a dot request that changed a ballot, before the loop goes on (so before any save holds it)."""
        after = self._ballot(request, member)
        if before is None or after is None or after == before or self._dots is None:
            return
        try:
            self._dots.record(DotIntent(member.id, request.id, request.fields["vote_id"], self._voter(member),
                                        before, after))
        except OSError as error:
            log.warning("team host: could not record a dot in %s: %s", self._dots.path, error)

    def _reject(self, member: Member, request: wire.Request, why: str) -> str:
        why = shown(why)
        log.warning("team host: refused %s from %s: %s", request.kind, shown(member.name), why)
        self._event("rejected", member.name, f"{member.name}: {why}")
        return why or "refused"

    def _take_token(self, pid: str) -> bool:
        now = time.monotonic()
        tokens, when = self._bucket.get(pid, (float(limits.BURST), now))
        tokens = min(float(limits.BURST), tokens + (now - when) * limits.RATE)
        if tokens < 1:
            self._bucket[pid] = (tokens, now)
            return False
        self._bucket[pid] = (tokens - 1, now)
        return True

    def _retry_later(self, pid: str) -> None:
        if pid in self._retry or self._loop is None:
            return

        def again() -> None:
            self._retry.pop(pid, None)
            self._schedule_process(pid)

        self._retry[pid] = self._loop.call_later(1.0 / limits.RATE, again)

    def _voter(self, member: Member) -> str:
        return f"{wire.ANONYMOUS} {member.number}" if self.anonymous else member.name

    # ================================================================ the ledger
    async def _keep_ledger(self) -> None:
        """Every LEDGER_PERIOD, record the requests the session file now holds (its fsync in a thread)."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(limits.LEDGER_PERIOD)
            ready = self._saved_requests()
            if ready:
                await loop.run_in_executor(None, self._record_applied, ready)

    def _saved_requests(self) -> list[tuple[str, str]]:
        """Take the requests whose revision the session file now holds (saved_revision caught up)."""
        saved = self.document.saved_revision
        ready = [key for revision, key in self._saving if revision <= saved]
        if ready:
            self._saving = [(r, k) for r, k in self._saving if r > saved]
        return ready

    def _record_applied(self, keys: list[tuple[str, str]]) -> None:
        if self._registry is None:
            return
        try:
            self._registry.mark_applied(keys)
        except OSError as error:
            log.warning("team host: could not record applied requests: %s", error)

    def _flush_ledger(self) -> None:
        """Record now what the session file holds (on stop)."""
        ready = self._saved_requests()
        if ready:
            self._record_applied(ready)
