"""Output files that Python writes (count tables, Parquet): written under a temporary name beside the target and
moved into place once complete, as the Rust writer does for the other formats."""

from __future__ import annotations

import os
import tempfile


def temporary_beside(path: str | os.PathLike[str]) -> str:
    """The name of a new, empty temporary file in `path`'s directory (hidden, ending in .tmp); an OSError that
    names `path`, not the temporary file, when it cannot be made."""
    directory, name = os.path.split(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    except OSError as error:
        raise type(error)(error.errno, error.strerror, os.fspath(path)) from None
    os.close(fd)
    return temporary


def move_into_place(temporary: str, path: str | os.PathLike[str]) -> None:
    """Flushes the complete `temporary` to disk, gives it the mode a new file gets, renames it onto `path`, and
    flushes the rename (the directory) to disk too."""
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    # mkstemp makes the file 0600; a finished output gets 0666 less the umask.
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temporary, 0o666 & ~mask)
    os.replace(temporary, path)
    directory = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
