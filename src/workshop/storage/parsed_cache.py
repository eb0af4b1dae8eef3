"""Provides a cache of parsed built-in TOML files (the templates), and of computed start-up values, in the user cache.

Parsing the default template's 53 KB of TOML takes ~4 ms, on every start of
`workshop open` (issue 12 §4); reading back the parsed data with `marshal`
(built in, nothing to import) takes ~0.1 ms. An entry is used only while its
key matches: the file's resolved path, size, modification time and inode,
workshop's version and Python's (tomllib and marshal come with it), and the
file has been still for 2 s (the "racy clean" rule of `list_cache`). A
missing, stale, unreadable or corrupt entry is parsed again and rewritten; a
cache folder that can't be written is skipped. Only files that ship with
workshop are cached (a user's template is read as it is).

`remembered(name, code, key, compute)` keeps one computed value the same way
(the theme's text colours raised to readable contrast, ~1.3 ms at every
start): used only while the key, the computing module's file (`code`: its
size and modification time) and workshop's and Python's versions match.

`stored(name, key)` and `store(name, key, entries)` keep a named set of
byte strings under one key (the stylesheets Textual parsed, pickled by
`textual_compat.ParsedCss`). Those bytes are only read back from a file
that is the user's own and that no one else may write (`store` makes it
mode 0600); anything else there is ignored.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from pathlib import Path
from typing import Any, Callable

from .. import __version__
from .atomic import atomic_write
from .paths import user_dirs

FORMAT = 1
"""Bumped whenever an entry's layout changes (older entries are ignored)."""
SETTLE_NS = 2_000_000_000
"""Files changed less than this long ago (2 s) are not cached (see `list_cache.SETTLE_NS`)."""


def parsed(path: Path, parse: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """Return `parse(path)`, from the cache while the file is unchanged.

    Errors of `parse` (a broken file) pass through and are never cached.
    """
    key = _key(path)
    entry = _entry_file(path)
    if key is not None:
        data = _read(entry, key)
        if isinstance(data, dict):
            return data
    data = parse(path)
    if key is not None and time.time_ns() - key[3] > SETTLE_NS:
        _write(entry, key, data)
    return data


def _key(path: Path) -> tuple[Any, ...] | None:
    """What must match for an entry to be used (None: the file can't be looked at)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (FORMAT, os.path.realpath(path), info.st_size, info.st_mtime_ns, info.st_ino,
            __version__, sys.hexversion)


def _entry_file(path: Path) -> Path:
    """The cache file of `path` (its name, plus a checksum of where it is)."""
    where = zlib.crc32(os.fsencode(os.path.realpath(path)))
    return _named_file(f"{Path(path).stem}-{where:08x}")


def remembered(name: str, code: str, key: Any, compute: Callable[[], Any]) -> Any:
    """Return `compute()`, from the cache while `key` and the module file `code` are unchanged.

    `key` and the value must be plain data `marshal` can hold (tuples, strings,
    numbers, dicts); an entry that doesn't match, can't be read or is corrupt
    is computed again and rewritten; errors of `compute` pass through.
    """
    try:
        info = os.stat(code)
    except OSError:
        return compute()
    full_key = (FORMAT, key, info.st_size, info.st_mtime_ns, __version__, sys.hexversion)
    value = _read(_named_file(name), full_key)
    if value is _MISSING:
        value = compute()
        _write(_named_file(name), full_key, value)
    return value


def stored(name: str, key: Any) -> dict[str, bytes]:
    """The entries `store(name, key, …)` wrote; empty when there are none, they were
    written under another key, the file is broken, or it is not safely the user's own
    (another owner, or writable by others: then it is ignored, never trusted)."""
    entries = _read(_named_file(name), (FORMAT, key, __version__, sys.hexversion), private=True)
    if not isinstance(entries, dict):
        return {}
    return {name: data for name, data in entries.items() if isinstance(name, str) and isinstance(data, bytes)}


def store(name: str, key: Any, entries: dict[str, bytes]) -> None:
    """Write `entries` (names to bytes) as cache file `name` under `key`, replacing it
    (the file is the user's only, mode 0600); a folder that can't be written is skipped."""
    _write(_named_file(name), (FORMAT, key, __version__, sys.hexversion), entries, private=True)


_MISSING = object()
"""What `_read` gives for no usable entry (None can be a value)."""


def _named_file(name: str) -> Path:
    """The cache file called `name`."""
    return Path(user_dirs().user_cache_dir) / "parsed" / f"{name}.marshal"


def _read(entry: Path, key: Any, *, private: bool = False) -> Any:
    """The value `_write` left in `entry` under `key`; `_MISSING` when there is none, it
    has another key or is broken, or (`private`) the file is not safely the user's own."""
    try:
        with open(entry, "rb") as file:
            if private and not _users_own(os.fstat(file.fileno())):
                return _MISSING
            stored_key, value = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return _MISSING  # no entry yet, or a broken one: computed and written again
    return value if stored_key == key else _MISSING


def _write(entry: Path, key: Any, value: Any, *, private: bool = False) -> None:
    """Replace `entry` with `value` under `key` (`private`: mode 0600, the only files `_read`
    trusts with `private`); a folder that can't be written, or a value marshal can't hold, is skipped."""
    try:
        atomic_write(entry, marshal.dumps((key, value)), mode=0o600 if private else None)
    except (OSError, ValueError):
        pass


def _users_own(info: os.stat_result) -> bool:
    """True for a file of this user that no one else may write (POSIX; on Windows the
    cache folder's ACL is the user's, and every file reads as writable by others)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or (not info.st_mode & 0o022 and info.st_uid == getuid())


def sha256_hex(data: bytes) -> str:
    """SHA-256 of `data` in hex, without importing hashlib (~1.3 ms of start-up: OpenSSL's
    list of digests), from the interpreter's built-in module as `random` does; hashlib
    where a Python has no such module. The digest is the same either way."""
    try:
        if sys.version_info >= (3, 12):
            from _sha2 import sha256
        else:  # not both tries: a missing module costs a search of sys.path (~0.06 ms)
            from _sha256 import sha256
    except ImportError:  # pragma: no cover - a Python built without them
        from hashlib import sha256
    return sha256(data).hexdigest()
