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
        try:
            stored_key, data = marshal.loads(entry.read_bytes())
            if stored_key == key and isinstance(data, dict):
                return data
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no entry yet, or a broken one: parse and write it again
    data = parse(path)
    if key is not None and time.time_ns() - key[3] > SETTLE_NS:
        try:
            atomic_write(entry, marshal.dumps((key, data)))
        except (OSError, ValueError):  # unwritable folder; or data marshal can't hold
            pass
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
    return Path(user_dirs().user_cache_dir) / "parsed" / f"{Path(path).stem}-{where:08x}.marshal"


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
    entry = Path(user_dirs().user_cache_dir) / "parsed" / f"{name}.marshal"
    try:
        stored_key, value = marshal.loads(entry.read_bytes())
        if stored_key == full_key:
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no entry yet, another key, or a broken one: compute and write it again
    value = compute()
    try:
        atomic_write(entry, marshal.dumps((full_key, value)))
    except (OSError, ValueError):  # unwritable folder; or a value marshal can't hold
        pass
    return value


def stored(name: str, key: Any) -> dict[str, bytes]:
    """The entries `store(name, key, …)` wrote; empty when there are none, they were
    written under another key, the file is broken, or it is not safely the user's own
    (another owner, or writable by others: then it is ignored, never trusted)."""
    entry = Path(user_dirs().user_cache_dir) / "parsed" / f"{name}.marshal"
    try:
        with open(entry, "rb") as file:
            info = os.fstat(file.fileno())
            getuid = getattr(os, "getuid", None)  # POSIX; on Windows the folder's ACL is the user's
            if getuid is not None and (info.st_mode & 0o022 or info.st_uid != getuid()):
                return {}
            stored_key, entries = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # none yet, or a broken one: start again
    if stored_key != (FORMAT, key, __version__, sys.hexversion) or not isinstance(entries, dict):
        return {}
    return {name: data for name, data in entries.items() if isinstance(name, str) and isinstance(data, bytes)}


def store(name: str, key: Any, entries: dict[str, bytes]) -> None:
    """Write `entries` (names to bytes) as cache file `name` under `key`, replacing it
    (the file is the user's only, mode 0600); a folder that can't be written is skipped."""
    entry = Path(user_dirs().user_cache_dir) / "parsed" / f"{name}.marshal"
    try:
        atomic_write(entry, marshal.dumps(((FORMAT, key, __version__, sys.hexversion), entries)))
        os.chmod(entry, 0o600)  # atomic_write follows the umask; `stored` trusts the user's own only
    except (OSError, ValueError):  # unwritable folder; or a key marshal can't hold
        pass


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
