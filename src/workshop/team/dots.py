"""Provides DotLedger: the host's write-ahead record of participants' dots, so a host crash never counts one twice.

An idea, a question or a comment carries a record id derived from its
request, so a restarted host finds it in the session and does not apply it
again. A dot has no record: a ballot is only a list of option ids. And the
applied-request log (`applied.log`) is written only once the session file
holds a request, up to LEDGER_PERIOD after the save: a host that crashed in
between would apply that dot again.

So every dot a participant's request changes is also recorded here, before
the host returns to its loop (hence before any save can take a snapshot
that holds it): which request, which vote, which ballot, and the ballot
before and after. After a crash, `settled` compares each ballot in the
session file with that sequence: the requests up to the last one whose
"after" is the saved ballot are in the file (marked applied, never applied
again); the later ones are not (applied again, once). A ballot can come back
to an earlier state (a dot cast, then taken back): taking the last match
then marks requests applied whose net effect on the ballot is nothing, so
the tally is right either way.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ..model.session import Session

log = logging.getLogger("workshop.team")
"""Where unreadable lines and unsettled ballots are reported."""

FILE = "dots.log"
"""The ledger's file in the host's state folder (one JSON object a line)."""


def ballot_key(ballot: Iterable[str]) -> list[str]:
    """A ballot as the ledger compares it: its option ids, sorted (the order dots were cast in does not count)."""
    return sorted(ballot)


@dataclass(frozen=True)
class DotIntent:
    """One participant request that changed one ballot."""

    pid: str
    """The participant's id."""
    request_id: str
    """Their request's id."""
    vote_id: str
    """The vote."""
    voter: str
    """The ballot's owner (the participant's name, or "anonymous <n>")."""
    before: list[str]
    """The ballot before the request (`ballot_key`)."""
    after: list[str]
    """The ballot after it (`ballot_key`)."""

    @property
    def key(self) -> tuple[str, str]:
        """(participant id, request id), as in `applied.log`."""
        return self.pid, self.request_id


class DotLedger:
    """The dots participants' requests changed, in the order they were applied (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE
        """The ledger's file."""
        self.intents: list[DotIntent] = self._load()
        """Every recorded intent, oldest first."""

    def _load(self) -> list[DotIntent]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        found = []
        for number, line in enumerate(lines, 1):
            try:
                raw = json.loads(line)
                found.append(DotIntent(
                    pid=str(raw["pid"]), request_id=str(raw["request_id"]), vote_id=str(raw["vote_id"]),
                    voter=str(raw["voter"]), before=[str(o) for o in raw["before"]],
                    after=[str(o) for o in raw["after"]],
                ))
            except (ValueError, KeyError, TypeError):  # a line torn by the crash itself: it was never applied
                log.warning("team host: %s line %d is not a dot record; ignored", self.path, number)
        return found

    def record(self, intent: DotIntent) -> None:
        """Append one intent and flush it to disk (call it right after the change, on the loop).

        Raises:
            OSError: it could not be written.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(intent), ensure_ascii=False, separators=(",", ":")) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.intents.append(intent)

    def settled(self, session: "Session") -> set[tuple[str, str]]:
        """The dot requests the session (as read from its file) already holds: not to be applied again."""
        groups: dict[tuple[str, str, str], list[DotIntent]] = {}
        for intent in self.intents:
            groups.setdefault((intent.pid, intent.vote_id, intent.voter), []).append(intent)
        votes = {vote.id: vote for vote in session.facilitation.votes}
        done: set[tuple[str, str]] = set()
        for (_pid, vote_id, voter), intents in groups.items():
            vote = votes.get(vote_id)
            if vote is None:  # the vote is gone: nothing to apply again
                done.update(intent.key for intent in intents)
                continue
            saved = ballot_key(vote.ballots.get(voter, []))
            upto = next((i + 1 for i in range(len(intents) - 1, -1, -1) if intents[i].after == saved), None)
            if upto is None:
                if intents[0].before == saved:
                    upto = 0
                else:  # someone else changed this ballot too: never count a dot twice
                    log.warning("team host: the ballot of %s on vote %s is not one the ledger knows; "
                                "its dots are not applied again", voter, vote_id)
                    upto = len(intents)
            done.update(intent.key for intent in intents[:upto])
        return done


__all__ = ["DotIntent", "DotLedger", "ballot_key"]
