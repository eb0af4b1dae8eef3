"""Provides the store of a room's live document: pycrdt's FileYStore format, appended without a thread hop.

pycrdt's `FileYStore.write` re-reads the file's header and hops to a worker
thread three times for every update (anyio's async files); a room gets an
update for every request, answer and published view. This subclass keeps
the file format (FileYStore reads it back) and appends each update with one
small blocking write on the loop, after checking the header once.
"""

from __future__ import annotations

import struct
import time
from pathlib import Path
from typing import Any


def room_store(path: Path, log: Any) -> Any:
    """A FileYStore for `path` that appends updates directly (see the module docstring)."""
    from pycrdt import write_var_uint
    from pycrdt.store import FileYStore

    class RoomStore(FileYStore):
        """FileYStore whose writes are one append on the loop."""

        _checked = False

        def _check_once(self) -> None:
            """Write the header of a new file; move a file of another format aside (as FileYStore does).

            Synchronous: two updates arriving together must not both find a half-made file.
            """
            self._checked = True
            path = Path(self.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            header = f"VERSION:{self.version}\n".encode()
            try:
                with open(path, "rb") as handle:
                    first = handle.readline()
            except FileNotFoundError:
                first = b""
            if first == header:
                return
            if first:
                aside = path.with_name(f"{path.name}.{int(time.time())}.old")
                self.log.warning("team room store %s has another format; kept as %s", path, aside.name)
                path.replace(aside)
            with open(path, "wb") as handle:
                handle.write(header)

        async def write(self, data: bytes) -> None:
            if not self._checked:
                self._check_once()
            metadata = await self.get_metadata()
            stamp = struct.pack("<d", time.time())
            record = b"".join((
                write_var_uint(len(data)), data,
                write_var_uint(len(metadata)), metadata,
                write_var_uint(len(stamp)), stamp,
            ))
            with open(self.path, "ab") as handle:
                handle.write(record)

    return RoomStore(str(path), log=log)
