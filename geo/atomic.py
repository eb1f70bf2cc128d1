"""Files are replaced whole or not at all.

A refresh, an export or SOURCES.md is written to a unique temporary file beside the target,
flushed to disk, then renamed over it: a process killed at any moment (or a full disk) leaves
the last good file, never half of a new one. The directory is synced so the rename itself
survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path | str, data: bytes | str | Iterable[bytes]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(data, str):
                data = data.encode("utf-8")
            for chunk in [data] if isinstance(data, bytes) else data:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # not every platform can open a directory
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_or_check(path: Path, text: str, check: bool, command: str) -> int:
    """The CLI of a file generated from the data (SOURCES.md, QUALITY.md): write it atomically,
    or with ``check`` return 1 and name ``command`` when the committed copy is stale."""
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run `{command}`", file=sys.stderr)
            return 1
        return 0
    write_atomic(path, text)
    print(f"wrote {path}")
    return 0
