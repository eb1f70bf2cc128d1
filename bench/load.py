"""A booth full of viewers: ``python -m bench.load`` (50 sessions, 10 minutes by default).

Each session speaks Streamlit's own websocket protocol (what the browser sends: a
``rerun_script`` with the page and the query string), moves between pages, languages and
filters with a person's pauses, and now and then opens a link from the hostile corpus. It
counts errors (exceptions shown on a page, compile errors, pages not found, dropped
connections, timeouts, tracebacks in the server log), the rerun latency (request → script
finished) and samples the server's resident memory. It stops by itself and prints a report.

    python -m bench.load [--sessions 50] [--minutes 10] [--pause 1 4] [--url http://127.0.0.1:8501]

The default pause (1–4 s between clicks) is a stress test; ``--pause 10 30`` is closer to a
viewer who reads the map before the next click.

Without ``--url`` it starts its own server (and stops it). Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.run import _free_port, rss_mb
from geo.paths import ROOT

PAGES = ("", "map", "environment", "stakeholders", "network", "trade", "timeline", "data",
         "downloads", "present")
LANGS = ("en", "es", "ja")
FILTERS = ("", "minerals=Cu", "minerals=Li,Sn", "stages=operating", "japan=1",
           "japan=1&minerals=Cu&primary=1", "departments=Puno", "companies=mitsubishi_corp",
           "stages=exploration,project&japan=1")
HOSTILE = (ROOT / "tests" / "corpus" / "urls.txt").read_text(encoding="utf-8").split()


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    reruns: int = 0

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


async def one_rerun(ws, page: str, query: str, stats: Stats, timeout: float) -> None:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=timeout)
        fmsg = ForwardMsg()
        fmsg.ParseFromString(raw)
        kind = fmsg.WhichOneof("type")
        if kind == "delta" and fmsg.delta.WhichOneof("type") == "new_element":
            if fmsg.delta.new_element.WhichOneof("type") == "exception":
                stats.error("exception on page", f"/{page}?{query}: "
                            f"{fmsg.delta.new_element.exception.message}")
        elif kind == "page_not_found":
            stats.error("page not found", f"/{page}?{query}")
        elif kind == "script_finished":
            status = fmsg.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                stats.error("compile error", f"/{page}?{query}")
            if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                stats.latencies.append(time.perf_counter() - start)
                stats.reruns += 1
                return


async def session(index: int, ws_url: str, deadline: float, stats: Stats, seed: int,
                  pause: tuple[float, float]) -> None:
    rng = random.Random(seed * 1000 + index)
    await asyncio.sleep(rng.uniform(0, 5))  # visitors do not arrive on the same millisecond
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=60, ping_interval=None) as ws:
            while time.monotonic() < deadline:
                page, query = next_view(rng)
                try:
                    await one_rerun(ws, page, query, stats, timeout=120)
                except TimeoutError:
                    stats.error("timeout", f"/{page}?{query}")
                    return
                await asyncio.sleep(rng.uniform(*pause))  # reading the page
    except (OSError, websockets.WebSocketException) as exc:
        stats.error("connection", repr(exc))


class MemorySampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.samples, self.stop = pid, 0.0, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError):
                rss, _ = rss_mb(self.pid)
                self.samples.append(rss)
                self.peak = max(self.peak, rss)
            self.stop.wait(0.5)


@contextlib.contextmanager
def server(url: str | None):
    if url:
        yield url, None, None
        return
    port = _free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                             "--server.port", str(port), "--server.headless", "true"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        with contextlib.suppress(OSError), urllib.request.urlopen(base + "/_stcore/health",
                                                                  timeout=2):
            break
        time.sleep(0.3)
    try:
        yield base, proc, Path(log.name)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def percentile(values: list[float], q: int) -> float:
    """Interpolated between observed values, so never beyond the slowest rerun."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def warm_up(ws_url: str) -> None:
    """The presenter opens the app first. (A server's very first run resolves a deep link
    against pages/ the Streamlit-1.x way and shows 'page not found'; see the README.)"""
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
        await one_rerun(ws, "", "", Stats(), timeout=120)


async def drive(base: str, sessions: int, seconds: float, seed: int,
                pause: tuple[float, float] = (1.0, 4.0)) -> Stats:
    stats = Stats()
    ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
    await warm_up(ws_url)
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(session(i, ws_url, deadline, stats, seed, pause)
                           for i in range(sessions)))
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--url", help="an app already running (default: start one)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pause", type=float, nargs=2, default=(1.0, 4.0), metavar=("MIN", "MAX"),
                        help="seconds a viewer waits between clicks")
    args = parser.parse_args(argv)

    with server(args.url) as (base, proc, log):
        sampler = MemorySampler(proc.pid) if proc else None
        if sampler:
            sampler.start()
        start_rss = rss_mb(proc.pid)[0] if proc else float("nan")
        began = time.monotonic()
        stats = asyncio.run(drive(base, args.sessions, args.minutes * 60, args.seed,
                                  tuple(args.pause)))
        elapsed = time.monotonic() - began
        if sampler:
            sampler.stop.set()
            sampler.join()
        hwm = rss_mb(proc.pid)[1] if proc else float("nan")
    if log:
        tracebacks = log.read_text(errors="replace").count("Traceback (most recent call last)")
        if tracebacks:
            stats.error("traceback in server log", f"{tracebacks} in {log}")
    lat = sorted(stats.latencies)
    rows = [
        ("sessions", f"{args.sessions}"),
        ("duration", f"{elapsed / 60:.1f} min"),
        ("pause between clicks", f"{args.pause[0]:g}–{args.pause[1]:g} s"),
        ("reruns completed", f"{stats.reruns:,} ({stats.reruns / elapsed:.1f}/s)"),
        ("errors", f"{sum(stats.errors.values())} {stats.errors or ''}".strip()),
        ("rerun latency p50", f"{percentile(lat, 50):.2f} s"),
        ("rerun latency p95", f"{percentile(lat, 95):.2f} s"),
        ("rerun latency max", f"{max(lat) if lat else float('nan'):.2f} s"),
        ("server RSS at start", f"{start_rss:,.0f} MB"),
        ("server RSS peak (sampled / VmHWM)",
         f"{sampler.peak if sampler else float('nan'):,.0f} MB / {hwm:,.0f} MB"),
    ]
    print("| measure | value |\n|---|---|")
    print("\n".join(f"| {k} | {v} |" for k, v in rows))
    for example in stats.examples:
        print("-", example)
    return 0 if not stats.errors else 1


if __name__ == "__main__":
    sys.exit(main())
