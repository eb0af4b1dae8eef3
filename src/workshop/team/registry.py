"""Provides the host's state folder: room token, participants and their tokens, applied requests, the link file.

Everything a restarted host needs to carry on lives in
`<user state>/team/<session id>-<path hash>/` (folder mode 0700): the room token (so the
join link stays the same), each participant's personal token (only its
SHA-256 is kept), the ids of the requests already saved in the session (so a
restarted host applies each exactly once), the live documents (`live.db`, the
pycrdt store), and `link.json` while a host runs (for `workshop link`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..storage.atomic import atomic_write
from ..storage.paths import user_dirs

TOKEN_BYTES = 24
"""Random bytes in a room or personal token (192 bits; at least 128 are required)."""
LINK_FILE = "link.json"
"""The running host's link, removed when it stops."""


def team_root() -> Path:
    """The folder holding every hosted session's state (`<user state>/team`)."""
    return Path(user_dirs().user_state_dir) / "team"


def session_id_of(session_path: Path) -> str | None:
    """The `id` at the top of a session file (None: unreadable, or none)."""
    try:
        with open(session_path, "rb") as handle:
            value = tomllib.load(handle).get("id")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) and value else None


def state_dir_for(session_id: str, session_path: Path, root: Path | None = None) -> Path:
    """The state folder of one session file: its id (made safe for a folder name) and a short
    hash of where the file is, so two copies of a session (same id) hosted at once never share
    rooms, tokens or a link file."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in session_id)[:80] or "session"
    where = hashlib.sha256(str(Path(session_path).resolve()).encode("utf-8", "replace")).hexdigest()[:8]
    return (root or team_root()) / f"{safe}-{where}"


def new_token() -> str:
    """A fresh random token (URL-safe, TOKEN_BYTES of randomness)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The SHA-256 of a token (what is kept on disk)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


@dataclass
class Member:
    """One participant as the host keeps them."""

    id: str
    """Stable id (names the participant's room)."""
    name: str
    """The name they joined with (how they are credited)."""
    token_hash: str = ""
    """SHA-256 of their personal token ("" while they have none)."""
    number: int = 0
    """Join order (1, 2, …): their ballot is "anonymous <number>" while the room is anonymous."""
    removed: bool = False
    """True once the facilitator removed them (their name can't join again)."""
    assigned: list[str] = field(default_factory=list)
    """`[step_id, field_id]` of the section they draft, or []."""


class Registry:
    """The host's persistent state in one folder (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        """The state folder."""
        folder.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(folder, 0o700)
        except OSError:
            pass
        self.members: dict[str, Member] = {}
        """Participants by id, in join order."""
        self.room_token = ""
        """The token in the join link."""
        self.applied: set[tuple[str, str]] = set()
        """(participant id, request id) of every request saved in the session."""
        self._load()

    # ----------------------------------------------------------- persistence
    def _load(self) -> None:
        data: dict[str, Any] = {}
        path = self.folder / "room.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        token = data.get("room_token")
        self.room_token = token if isinstance(token, str) and len(token) >= 22 else new_token()
        for raw in data.get("members", []) if isinstance(data.get("members"), list) else []:
            try:
                member = Member(**{k: raw[k] for k in raw if k in Member.__dataclass_fields__})
            except (TypeError, KeyError):
                continue
            self.members[member.id] = member
        try:
            lines = (self.folder / "applied.log").read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        for line in lines:
            pid, _, rid = line.partition("\t")
            if pid and rid:
                self.applied.add((pid, rid))
        if not path.exists():
            self.save()

    def dump(self) -> str:
        """The text `save` writes (take it on the loop; `write` it from any thread)."""
        data = {"room_token": self.room_token, "members": [asdict(m) for m in self.members.values()]}
        return json.dumps(data, indent=1)

    def save(self) -> None:
        """Write the room token and the participants (atomically, mode 0600)."""
        self.write(self.dump())

    def write(self, text: str) -> None:
        """Write what `dump` gave (atomically, fsynced, mode 0600)."""
        path = self.folder / "room.json"
        atomic_write(path, text)
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass

    def mark_applied(self, keys: list[tuple[str, str]]) -> None:
        """Record requests as saved in the session (appended, flushed to disk; any thread, one at a time)."""
        fresh = [key for key in keys if key not in self.applied]
        if not fresh:
            return
        self.applied.update(fresh)  # a set: the loop only reads it, and in-process keys are also in `_done`
        with open(self.folder / "applied.log", "a", encoding="utf-8") as handle:
            handle.write("".join(f"{pid}\t{rid}\n" for pid, rid in fresh))
            handle.flush()
            os.fsync(handle.fileno())

    # ----------------------------------------------------------- members
    def by_name(self, name: str) -> Member | None:
        """The member called `name` (case-insensitive), removed ones included."""
        folded = name.casefold()
        return next((m for m in self.members.values() if m.name.casefold() == folded), None)

    def by_token(self, token: str) -> Member | None:
        """The (not removed) member whose personal token this is."""
        if not token:
            return None
        wanted = token_hash(token)
        for member in self.members.values():
            if member.token_hash and not member.removed and same(member.token_hash, wanted):
                return member
        return None

    def admit(self, name: str, *, save: bool = True) -> tuple[Member, str]:
        """The member `name` (new, or the same person rejoining) with a fresh personal token.

        With `save=False` the caller saves (`dump` then `write`, e.g. from a thread).

        Raises:
            PermissionError: the facilitator removed that name.
        """
        member = self.by_name(name)
        if member is not None and member.removed:
            raise PermissionError("the facilitator removed this participant")
        if member is None:
            member = Member(id=secrets.token_hex(6), name=name, number=len(self.members) + 1)
            self.members[member.id] = member
        token = new_token()
        member.token_hash = token_hash(token)
        if save:
            self.save()
        return member, token

    def remove(self, member: Member) -> None:
        """Revoke the member's token, bar the name, and change the room token (the old link stops working)."""
        member.removed = True
        member.token_hash = ""
        member.assigned = []
        self.room_token = new_token()
        self.save()

    def forget_tokens(self) -> None:
        """End every personal token (the host stopped: participants must join again)."""
        for member in self.members.values():
            member.token_hash = ""
        self.save()

    # ----------------------------------------------------------- the link file
    def write_link(self, url: str) -> None:
        """Say where the running host is (for `workshop link`)."""
        path = self.folder / LINK_FILE
        atomic_write(path, json.dumps({"url": url, "pid": os.getpid()}))
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass

    def remove_link(self) -> None:
        """Remove the link file (the host stopped)."""
        try:
            (self.folder / LINK_FILE).unlink()
        except OSError:
            pass


def read_link(folder: Path) -> str | None:
    """The link in `folder`'s link file when the process that wrote it still runs, else None."""
    try:
        data = json.loads((folder / LINK_FILE).read_text(encoding="utf-8"))
        url, pid = data["url"], int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(url, str) or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it runs, as another user
    return url
