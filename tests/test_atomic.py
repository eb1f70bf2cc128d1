"""No lost data: a writer killed mid-file leaves the last good file (geo.atomic), and every
writer of ours goes through it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from geo.atomic import write_atomic
from geo.paths import ROOT

WRITER = """
import sys, time
from pathlib import Path
from geo.atomic import write_atomic

target, marker = Path(sys.argv[1]), Path(sys.argv[2])

def chunks():
    yield b"NEW-" * 1000
    marker.write_text("half written")
    time.sleep(60)  # killed here, with half a file on disk
    yield b"never"

write_atomic(target, chunks())
"""


def test_a_writer_killed_mid_file_leaves_the_last_good_file(tmp_path):
    target, marker = tmp_path / "layer.geojson", tmp_path / "marker"
    target.write_text('{"last": "good"}')
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(marker)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert time.monotonic() < deadline and proc.poll() is None, "writer never started"
        time.sleep(0.05)
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # mid-write...
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert target.read_text() == '{"last": "good"}'  # ...and the target is untouched


def test_a_failed_write_removes_its_temporary_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")

    def broken():
        yield b"new"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, broken())
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == [
        "out.csv"]


def test_text_and_bytes_and_new_directories(tmp_path):
    write_atomic(tmp_path / "a" / "b.txt", "ñandú")
    write_atomic(tmp_path / "a" / "c.bin", b"\x00\x01")
    assert (tmp_path / "a" / "b.txt").read_text(encoding="utf-8") == "ñandú"
    assert (tmp_path / "a" / "c.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "a" / "b.txt").stat().st_mode & 0o777 == 0o644


def test_every_writer_of_files_goes_through_write_atomic():
    """No other direct write of a file in geo/ (a new one must use write_atomic). The one
    exception: an upload copied into its own temporary directory for GDAL to read."""
    allowed = {("userlayer.py", ".write_bytes(")}
    offenders = []
    for path in sorted((ROOT / "geo").glob("*.py")):
        if path.name == "atomic.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (".write_text(", ".write_bytes(", "open(\"w", "open('w", ".replace(out",
                       ".to_file("):
            if needle in text and (path.name, needle) not in allowed:
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []
