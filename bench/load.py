"""A booth full of viewers: ``python -m bench.load`` (50 sessions, 3 minutes by default).

Each session is a browser tab as the server sees it (bench.wsclient: Streamlit's websocket
protocol with the browser's element cache and its cookie): it moves between pages and
languages, switches the explorer's filter, pauses like a person, and now and then opens a
link from the hostile corpus. It counts errors (exceptions shown on a page, compile errors,
pages not found, dropped connections, timeouts, tracebacks in the server log), the rerun
latency (request → script finished) and samples the servers' resident memory.

    python -m bench.load [--sessions 50] [--minutes 3] [--pause 1 4]
                         [--base REV]        # the same stress on an earlier commit first
                         [--stages 1,25,50]  # memory per added session, and after they leave
                         [--workers 1,2]     # N workers behind nginx (python -m deploy)
                         [--url URL]         # an app or proxy already running

The default pause (1–4 s) is a stress test: 50 sessions can ask for at most 50 / 2.5 = 20
reruns a second, whatever the server. ``--pause 10 30`` is a viewer who reads the map.
Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets

from bench.servers import app_server, free_port, revision, wait_healthy
from bench.wsclient import Viewer
from geo.paths import ROOT

PAGES = ("", "map", "environment", "stakeholders", "network", "trade", "timeline", "data",
         "downloads", "present")
LANGS = ("en", "es", "ja")
FILTERS = ("", "minerals=Cu", "minerals=Li,Sn", "stages=operating", "japan=1",
           "japan=1&minerals=Cu&primary=1", "departments=Puno", "companies=mitsubishi_corp",
           "stages=exploration,project&japan=1")
HOSTILE = (ROOT / "tests" / "corpus" / "urls.txt").read_text(encoding="utf-8").split()
SETTLE_SECONDS = 150  # Streamlit drops a closed session's state after 120 s


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    reruns: int = 0
    bytes_received: int = 0

    def error(self, kind: str, where: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.examples) < 10:
            self.examples.append(f"{kind}: {where[:120]}")


def next_view(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.1:  # an odd link, as visitors paste them
        url = urlsplit(rng.choice(HOSTILE))
        return url.path.strip("/"), url.query
    query = "&".join(p for p in (f"lang={rng.choice(LANGS)}", rng.choice(FILTERS)) if p)
    return rng.choice(PAGES), query


def _record(stats: Stats, run, where: str) -> None:
    for message in run.exceptions:
        stats.error("exception on page", f"{where}: {message}")
    if run.page_not_found:
        stats.error("page not found", where)
    if run.compile_error:
        stats.error("compile error", where)
    stats.latencies.append(run.seconds)
    stats.reruns += 1
    stats.bytes_received += run.bytes_received


async def session(index: int, base: str, deadline: float, stats: Stats, seed: int,
                  pause: tuple[float, float], arrive: float = 5.0) -> None:
    rng = random.Random(seed * 1000 + index)
    await asyncio.sleep(rng.uniform(0, arrive))  # visitors do not arrive on the same millisecond
    try:
        async with await Viewer().open(base) as viewer:
            japan = False
            while time.monotonic() < deadline:
                if viewer.page == "map" and "f_japan" in viewer.widgets and rng.random() < 0.5:
                    japan = not japan
                    where, call = "/map f_japan", viewer.set_toggle("f_japan", japan)
                else:
                    page, query = next_view(rng)
                    where, call = f"/{page}?{query}", viewer.rerun(page, query)
                try:
                    _record(stats, await call, where)
                except TimeoutError:
                    stats.error("timeout", where)
                    return
                await asyncio.sleep(rng.uniform(*pause))  # reading the page
    except (OSError, websockets.WebSocketException) as exc:
        stats.error("connection", repr(exc))


class MemorySampler(threading.Thread):
    """Resident memory of the server processes, summed, twice a second."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.samples, self.stop = pids, [], threading.Event()

    def read(self) -> float:
        from bench.run import rss_mb

        total = 0.0
        for pid in self.pids():
            with contextlib.suppress(OSError):
                total += rss_mb(pid)[0]
        return total

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append((time.monotonic(), self.read()))
            self.stop.wait(0.5)

    def between(self, start: float, end: float) -> list[float]:
        return [mb for t, mb in self.samples if start <= t <= end]


def percentile(values: list[float], q: int) -> float:
    """Interpolated between observed values, so never beyond the slowest rerun."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def warm_up(base: str) -> None:
    """The presenter clicks through every page in each language before the doors open, so
    the stress measures warm reruns. (A server's very first run resolves a deep link against
    pages/ the Streamlit-1.x way and shows 'page not found'; see the README.)"""
    async with await Viewer().open(base) as viewer:
        await viewer.rerun("", "")
        for lang in LANGS:
            for page in PAGES:
                await viewer.rerun(page, f"lang={lang}")


async def drive(base: str, sessions: int, seconds: float, seed: int,
                pause: tuple[float, float]) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(session(i, base, deadline, stats, seed, pause)
                           for i in range(sessions)))
    return stats


@dataclass
class Target:
    """What the load runs against: a URL, the server pids to sample, its log."""

    label: str
    url: str
    pids: object  # () -> list[int]
    logs: list[Path]
    warm: list[str] = field(default_factory=list)  # each worker's own URL, to warm them all


@contextlib.contextmanager
def own_server(root: Path, label: str) -> Iterator[Target]:
    with app_server(root) as server:
        yield Target(label, server.url, lambda: [server.proc.pid], [server.log])


@contextlib.contextmanager
def cluster(workers: int) -> Iterator[Target]:
    """``python -m deploy`` with N workers behind nginx, on free ports."""
    run_dir = Path(tempfile.mkdtemp(prefix="atlas-cluster-"))
    port = free_port()
    log = run_dir / "launcher.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "deploy", "--workers", str(workers), "--port", str(port),
             "--run-dir", str(run_dir), "--cache-dir", str(run_dir / "cache")],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**__import__("os").environ, "ATLAS_AUTO_REFRESH": "0"})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=120)

        def info() -> list[dict]:
            with contextlib.suppress(OSError, ValueError):
                return json.loads((run_dir / "workers.json").read_text())["workers"]
            return []

        yield Target(f"{workers} worker{'s' if workers > 1 else ''} behind nginx", url,
                     lambda: [w["pid"] for w in info() if w.get("pid")],
                     sorted(run_dir.glob("**/*.log")),
                     [f"http://127.0.0.1:{w['port']}" for w in info()])
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class Result:
    label: str
    sessions: int
    seconds: float
    stats: Stats
    rss_start: float
    rss_steady: float
    rss_peak: float
    rss_after: float | None = None

    def cells(self, pause: tuple[float, float]) -> list[str]:
        lat = sorted(self.stats.latencies)
        errors = sum(self.stats.errors.values())
        return [self.label, f"{self.sessions}", f"{self.stats.reruns:,}",
                f"{self.stats.reruns / self.seconds:.1f}", f"{percentile(lat, 50):.2f} s",
                f"{percentile(lat, 95):.2f} s", f"{max(lat) if lat else float('nan'):.2f} s",
                f"{errors}", f"{self.rss_start:,.0f}", f"{self.rss_steady:,.0f}",
                f"{self.rss_peak:,.0f}",
                "—" if self.rss_after is None else f"{self.rss_after:,.0f}"]


def run_load(target: Target, sessions: list[int], seconds: float, seed: int,
             pause: tuple[float, float], settle: bool) -> list[Result]:
    for url in target.warm or [target.url]:
        asyncio.run(warm_up(url))
    sampler = MemorySampler(target.pids)
    sampler.start()
    time.sleep(1.0)
    results = []
    try:
        for n in sessions:
            start_rss = sampler.read()
            began = time.monotonic()
            stats = asyncio.run(drive(target.url, n, seconds, seed, pause))
            ended = time.monotonic()
            steady = sampler.between(began + seconds / 2, ended)
            results.append(Result(target.label, n, ended - began, stats, start_rss,
                                  statistics.median(steady) if steady else float("nan"),
                                  max(sampler.between(began, ended), default=float("nan"))))
        if settle:
            time.sleep(SETTLE_SECONDS)
            results[-1].rss_after = sampler.read()
    finally:
        sampler.stop.set()
        sampler.join()
    tracebacks = sum(log.read_text(errors="replace").count("Traceback (most recent call last)")
                     for log in target.logs if log.exists())
    if tracebacks:
        results[-1].stats.error("traceback in server log", f"{tracebacks} in {target.logs}")
    return results


HEAD = ["server", "sessions", "reruns", "reruns/s", "p50", "p95", "max", "errors",
        "RSS start MB", "RSS steady MB", "RSS peak MB", f"RSS {SETTLE_SECONDS} s after MB"]


def report(results: list[Result], pause: tuple[float, float]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(r.cells(pause)) + " |" for r in results]
    by_label: dict[str, list[Result]] = {}
    for r in results:
        by_label.setdefault(r.label, []).append(r)
    for label, runs in by_label.items():
        if len(runs) >= 2:
            xs = [r.sessions for r in runs]
            ys = [r.rss_steady for r in runs]
            slope = statistics.linear_regression(xs, ys).slope
            lines.append(f"\n{label}: steady memory {slope:+.1f} MB per added session "
                         f"(least squares over {', '.join(map(str, xs))} sessions)")
    for r in results:
        for example in r.stats.examples:
            lines.append(f"- {r.label}, {r.sessions} sessions: {example}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--stages", help="comma-separated session counts, e.g. 1,25,50")
    parser.add_argument("--minutes", type=float, default=3.0, help="per stage")
    parser.add_argument("--url", help="an app or proxy already running (default: start one)")
    parser.add_argument("--base", help="also run the same load on this earlier commit, first")
    parser.add_argument("--workers", help="comma-separated worker counts behind nginx, e.g. 1,2")
    parser.add_argument("--settle", action="store_true",
                        help=f"measure memory {SETTLE_SECONDS} s after the last sessions left")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pause", type=float, nargs=2, default=(1.0, 4.0), metavar=("MIN", "MAX"),
                        help="seconds a viewer waits between clicks")
    args = parser.parse_args(argv)
    sessions = [int(n) for n in args.stages.split(",")] if args.stages else [args.sessions]
    pause = tuple(args.pause)

    targets = []
    if args.url:
        targets.append(lambda: contextlib.nullcontext(Target(args.url, args.url, list, [])))
    elif args.workers:
        targets += [lambda n=int(n): cluster(n) for n in args.workers.split(",")]
    else:
        if args.base:
            targets.append(lambda: _at_revision(args.base))
        targets.append(lambda: own_server(ROOT, "this tree"))
    results = []
    for make in targets:
        with make() as target:
            print(f"{target.label}: {', '.join(map(str, sessions))} sessions, "
                  f"{args.minutes:g} min each…", file=sys.stderr)
            results += run_load(target, sessions, args.minutes * 60, args.seed, pause,
                                args.settle)
    print(f"pause between clicks {pause[0]:g}–{pause[1]:g} s; {args.minutes:g} min per row; "
          f"at most {max(sessions) / (sum(pause) / 2):.0f} reruns/s can be asked for")
    print(report(results, pause))
    return 0 if not any(r.stats.errors for r in results) else 1


@contextlib.contextmanager
def _at_revision(rev: str) -> Iterator[Target]:
    with revision(rev) as tree, own_server(tree, f"{rev} (before)") as target:
        yield target


if __name__ == "__main__":
    sys.exit(main())
