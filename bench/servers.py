"""Servers for the benchmarks: this tree's app, or any earlier commit's, with script timing.

``python -m bench.servers LOG -- streamlit-args`` runs Streamlit with its ScriptRunner wrapped
so that each rerun's time inside the server (script start to finish, in this process) is
appended to LOG. Clients see that plus the network; the two together say where time goes.
``revision(rev)`` checks an earlier commit out beside the repo (git worktree) so the old code
path runs against the same data, assets and client in the same run.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.paths import ROOT


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    timings: Path
    log: Path

    def script_seconds(self) -> list[float]:
        text = self.timings.read_text() if self.timings.exists() else ""
        return [float(x) for x in text.split()]

    def clear_timings(self) -> None:
        self.timings.write_text("")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "/_stcore/health",
                                                                  timeout=2):
            return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in {timeout:.0f} s")


@contextlib.contextmanager
def app_server(root: Path = ROOT, env: dict | None = None) -> Iterator[Server]:
    """The app in ``root`` on a free port, offline layers only, no daily refresh."""
    work = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    port = free_port()
    environ = dict(os.environ, PYTHONUNBUFFERED="1", ATLAS_AUTO_REFRESH="0",
                   ATLAS_CACHE_DIR=str(work / "cache"), **(env or {}))
    environ["PYTHONPATH"] = str(root)
    log = work / "server.log"
    timings = work / "timings.txt"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.servers", str(timings), "--", "run",
             str(root / "app.py"), "--server.port", str(port), "--server.headless", "true"],
            cwd=root, env=environ, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        yield Server(url, proc, timings, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def revision(rev: str) -> Iterator[Path]:
    """A checkout of ``rev`` that shares this tree's vendored assets (never committed)."""
    path = Path(tempfile.mkdtemp(prefix="atlas-rev-")) / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev],
                   check=True)
    try:
        for shared in ("node_modules", "static/vendor"):
            target = path / shared
            if (ROOT / shared).exists() and not target.exists():
                target.symlink_to(ROOT / shared)
        bench = path / "bench"
        if not (bench / "servers.py").exists():  # the old tree gets today's timing wrapper
            bench.mkdir(exist_ok=True)
            (bench / "__init__.py").touch()
            shutil.copy(Path(__file__), bench / "servers.py")
        yield path
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
                       check=False, capture_output=True)


def _timed_main(timings: str, argv: list[str]) -> None:
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    original = script_runner.ScriptRunner._run_script
    out = open(timings, "a", buffering=1)  # noqa: SIM115 (lives as long as the server)

    @functools.wraps(original)
    def timed(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            out.write(f"{time.perf_counter() - start:.6f}\n")

    script_runner.ScriptRunner._run_script = timed
    sys.argv = ["streamlit", *argv]
    cli.main()


if __name__ == "__main__":
    _timed_main(sys.argv[1], sys.argv[sys.argv.index("--") + 1:])
