"""Warm reruns of every page, and the explorer's filter change, on a real server.

One viewer (bench.wsclient: the browser's protocol, its element cache included) against the
app of an earlier commit and against this tree's, one after the other in the same run. Two
figures per rerun: the time inside the server (the ScriptRunner, bench.servers) and the
viewer's wait from request to "script finished".

    python -m bench.reruns [--base REV] [--repeats 15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
from dataclasses import dataclass

from bench.servers import Server, app_server, revision
from bench.wsclient import Viewer
from geo.paths import ROOT

PAGES = ("", "present", "map", "stakeholders", "network", "trade", "timeline", "environment",
         "data", "downloads")
DEFAULT_BASE = "80cc2ff"  # the last commit before issue 18's work


@dataclass
class Timing:
    server_ms: float
    client_ms: float
    n: int


async def _timed(server: Server, runs) -> Timing:
    server.clear_timings()
    client = [(await run()).seconds for run in runs]
    await asyncio.sleep(0.2)
    inside = server.script_seconds()[-len(client):]
    return Timing(statistics.median(inside) * 1e3, statistics.median(client) * 1e3, len(client))


async def measure(server: Server, repeats: int) -> dict[str, Timing]:
    out = {}
    async with await Viewer().open(server.url) as viewer:
        await viewer.rerun("", "lang=en")
        for page in PAGES:
            await viewer.rerun(page, "lang=en")
            await viewer.rerun()
            out[page or "home"] = await _timed(server, [viewer.rerun] * repeats)
        await viewer.rerun("map", "lang=en")
        await viewer.set_toggle("f_japan", True)
        toggles = [lambda i=i: viewer.set_toggle("f_japan", i % 2 == 0) for i in range(repeats)]
        out["explorer filter change"] = await _timed(server, toggles)
    return out


def _head() -> str:
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()


def compare(base: str, repeats: int) -> tuple[dict[str, Timing], dict[str, Timing]]:
    with revision(base) as tree, app_server(tree) as server:
        before = asyncio.run(measure(server, repeats))
    with app_server(ROOT) as server:
        after = asyncio.run(measure(server, repeats))
    return before, after


def rows(base: str = DEFAULT_BASE, repeats: int = 15) -> list:
    from bench.run import Row

    before, after = compare(base, repeats)
    head = _head()
    out = []
    for name in ("explorer filter change", *[p or "home" for p in PAGES]):
        old, new = before[name], after[name]
        label = ("explorer rerun after a filter change" if name == "explorer filter change"
                 else f"warm rerun, page {name}")
        out.append(Row("app", label + " (server time)", "189 sites", old.server_ms,
                       new.server_ms, "ms",
                       f"naive = {base}, ours = {head}; viewer waits {old.client_ms:,.0f} → "
                       f"{new.client_ms:,.0f} ms; median of {new.n}"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reruns")
    parser.add_argument("--base", default=DEFAULT_BASE)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    from bench.run import table

    print(table(rows(args.base, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
