"""Provides the atomic file write: a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path


class SaveError(OSError):
    """A session could not be written; the message says where and why.

    Built as `SaveError(errno_or_None, message)`; `str()` is the message alone.
    """

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def atomic_write(
    path: Path, text: str | bytes, *, retries: int = 5, exclusive: bool = False, mode: int | None = None
) -> None:
    """Replace `path` with `text` so a crash leaves the old file or the new, never half.

    Writes a temp file in the same folder, flushes and fsyncs it, then
    `os.replace`s it over the target (retrying briefly on PermissionError,
    which Windows raises while another process has the file open). Whatever
    goes wrong, the temp file is removed and the old file is left as it was.

    Args:
        path: The file to write.
        text: Its new content (text is written as UTF-8; bytes as they are).
        retries: Attempts at `os.replace` while it raises PermissionError.
        exclusive: Create a new file only: never replace an existing one.
        mode: The new file's permission bits, set before it takes the old one's place
            (default: the old file's, else what the umask gives).

    Raises:
        FileExistsError: `exclusive` and `path` already exists.
        SaveError: with the path and the reason; the old file is untouched.
    """
    path = Path(path)
    folder = path.parent
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise SaveError(
            None, f"can't save {path}: the text holds a character UTF-8 can't store ({error.reason})"
        ) from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise SaveError(
            error.errno, f"can't write in {folder}: {error.strerror or error}"
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            try:
                mode = path.stat().st_mode & 0o777
            except OSError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        if exclusive:
            _link_new(tmp, path)
        else:
            for attempt in range(retries):
                try:
                    os.replace(tmp, path)
                    break
                except PermissionError:
                    if attempt == retries - 1:
                        raise
                    time.sleep(0.05 * (attempt + 1))
        _fsync_dir(folder)
    except FileExistsError:
        _remove(tmp)
        raise
    except OSError as error:
        _remove(tmp)
        raise SaveError(
            error.errno, f"can't save {path}: {error.strerror or error}"
        ) from None
    except BaseException:
        _remove(tmp)
        raise


def _link_new(tmp: Path, path: Path) -> None:
    """Move `tmp` to `path` only if `path` does not exist (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system: check, then rename (a tiny race).
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from None
        os.replace(tmp, path)
        return
    _remove(tmp)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
