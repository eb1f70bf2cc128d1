"""The benchmark: ``python -m bench`` prints one table (medians, and ratios to a naive baseline
measured in the same run). ``--quick`` for a smoke run, ``--no-browser`` without Chromium.

Rows:
- server: map build time and HTML bytes for 1k/10k/50k points and 1k/10k concession-like
  polygons (50 vertices, fixed seed) — ours (geo.fastlayer) against one folium object per
  feature (points) or one raw ``folium.GeoJson`` (polygons); folium's FastMarkerCluster is
  shown for reference; and a rerun with the layer unchanged (cache hit) against a rebuild;
- app: the cold start; a 50k-feature upload's per-rerun cost cached (ours) against read +
  pack + screen on every rerun;
- reruns: every page's warm rerun and the explorer's filter change on a real server, time
  inside the server and the viewer's wait, an earlier commit (naive) against this tree
  (bench/reruns.py; ``--base REV``);
- browser (Chromium): time until the features are drawn, JS heap, longest main-thread task;
- memory: the server's resident memory with the default data and after a 50k-polygon upload,
  and the time of a rerun in that real session;
- bigdraw: 500,000 points and polygons (the upload cap) drawn in Chromium, against the old
  one-Leaflet-object-per-feature layer (bench/bigdraw.py);
- refresh: a simulated 66,975-right cadastre fetched from a loopback GEOCATMIN stand-in (time
  and peak memory) and drawn (see bench/refresh.py).

Not a test: nothing here asserts a time. Numbers vary by machine; the ratios travel better.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import folium
import folium.plugins

from bench import synthetic
from geo import baselayers, foliumfix
from geo.assets import localize_links, localize_map
from geo.fastlayer import PACK_CACHE, FastLayer, PackCache, pack
from geo.paths import ROOT, STATIC_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@dataclass
class Row:
    group: str
    measure: str
    features: str
    naive: float | None
    ours: float | None
    unit: str  # "ms", "s", "MB", "KB"
    runs: str = ""

    def cells(self) -> list[str]:
        ratio = (f"{self.naive / self.ours:,.1f}×" if self.naive and self.ours else "—")
        return [self.group, self.measure, self.features, _fmt(self.naive, self.unit),
                _fmt(self.ours, self.unit), ratio, self.runs]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:,.{digits}f} {unit}"


def median_time(fn, repeats: int, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- maps -----------------------------------------------------------------------------------


def bare_map() -> folium.Map:
    """The same empty map for both sides, so the figures are the layer's own cost."""
    m = folium.Map(location=(-9.2, -75.0), zoom_start=5, tiles=None)
    m.default_js = localize_links(list(folium.Map.default_js))
    m.default_css = localize_links(list(folium.Map.default_css))
    return m


def render(m: folium.Map) -> str:
    localize_map(m)
    return m.get_root().render()


@contextlib.contextmanager
def stock_folium():
    """The naive side runs folium as shipped: branca's second Jinja pass included."""
    foliumfix.uninstall()
    try:
        yield
    finally:
        foliumfix.install()


def naive_points(frame) -> str:
    m = bare_map()
    for lat, lon, name in zip(frame.geometry.y, frame.geometry.x, frame["name"], strict=True):
        folium.Marker((lat, lon), tooltip=name).add_to(m)
    return render(m)


def naive_polygons(frame) -> str:
    m = bare_map()
    folium.GeoJson(frame, tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    return render(m)


def fast_marker_cluster(frame) -> str:
    m = bare_map()
    folium.plugins.FastMarkerCluster(list(zip(frame.geometry.y, frame.geometry.x,
                                              strict=True))).add_to(m)
    return render(m)


def ours(frame, cache: PackCache | None = None) -> str:
    m = bare_map()
    packed = cache.get(frame, "name") if cache else pack(frame, "name")
    FastLayer(packed).add_to(m)
    return render(m)


def server_rows(quick: bool) -> tuple[list[Row], dict[str, tuple[str, str]]]:
    """Build time and payload; returns the rows and the HTML pages for the browser rows."""
    cases = [("points", 1_000), ("points", 10_000), ("points", 50_000),
             ("polygons", 1_000), ("polygons", 10_000)]
    if quick:
        cases = [("points", 1_000), ("polygons", 1_000)]
    rows, pages = [], {}
    for kind, n in cases:
        frame = synthetic.points(n) if kind == "points" else synthetic.concessions(n)
        naive_fn = naive_points if kind == "points" else naive_polygons
        naive_repeats = 1 if n >= 50_000 else 3 if n >= 10_000 else 5
        with stock_folium():
            t_naive, html_naive = median_time(naive_fn, naive_repeats, frame)
        t_ours, html_ours = median_time(ours, 5, frame)
        cache = PackCache()
        ours(frame, cache)
        t_cached, _ = median_time(ours, 5, frame, cache)
        label = f"{n:,} {kind}"
        runs = f"naive {naive_repeats}, ours 5"
        rows += [
            Row("server", "map build", label, t_naive * 1e3, t_ours * 1e3, "ms", runs),
            Row("server", "payload (HTML)", label, len(html_naive) / 1e6, len(html_ours) / 1e6,
                "MB"),
            Row("server", "rebuild, same data (cache hit)", label, t_naive * 1e3,
                t_cached * 1e3, "ms", runs),
        ]
        if kind == "points":
            with stock_folium():
                t_fmc, html_fmc = median_time(fast_marker_cluster, 3, frame)
            rows.append(Row("server", "ref: FastMarkerCluster build / payload", label,
                            t_fmc * 1e3, t_ours * 1e3, "ms",
                            f"{len(html_fmc) / 1e6:.2f} MB vs {len(html_ours) / 1e6:.2f} MB"))
        pages[f"{kind}-{n}"] = (html_naive, html_ours)
    return rows, pages


# --- app ------------------------------------------------------------------------------------


def app_rows(quick: bool) -> list[Row]:

    app = str(ROOT / "app.py")
    cold = []
    for _ in range(1 if quick else 3):
        code = ("import time; t=time.perf_counter();"
                "from streamlit.testing.v1 import AppTest;"
                f"at=AppTest.from_file({app!r}, default_timeout=120); at.run();"
                "at.switch_page('pages/map_explorer.py').run();"
                "print(time.perf_counter()-t)")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True)
        cold.append(float(out.stdout.strip().splitlines()[-1]))

    payload = baselayers.payload_stats("en")
    rows = [
        Row("app", "base map added to a map's HTML (names, water, departments)",
            f"{len(baselayers.base_data().places):,} places", None,
            payload["html_bytes_added"] / 1e3, "KB",
            "in every map's script; per zoom: python -m geo.basedata stats"),
        Row("app", "cold start (new process, explorer)", "189 sites", None,
            statistics.median(cold), "s", f"{len(cold)} processes; no naive baseline"),
    ]
    return rows


def upload_redo_seconds(n: int = 50_000) -> float:
    """What each rerun would add with nothing cached: read, pack and screen the upload."""
    from geo.load import load_atlas
    from geo.userlayer import read_user_layer, screen_against

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "concessions.gpkg"
        synthetic.concessions(n).to_file(path, engine="pyogrio")
        data = path.read_bytes()
    atlas = load_atlas()

    def everything():
        layer = read_user_layer(data, "concessions.gpkg")
        pack(layer.frame, "label")
        screen_against(atlas.sites, layer)
        return layer

    t_redo, _ = median_time(everything, 3)
    return t_redo


# --- browser --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def static_server(pages: dict[str, tuple[str, str]]):
    """Serve the pages beside our vendor assets at the URLs the maps use (/app/static/...)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "app").mkdir()
        (root / "app" / "static").symlink_to(STATIC_DIR)
        for key, (naive, mine) in pages.items():
            (root / f"naive-{key}.html").write_text(naive, encoding="utf-8")
            (root / f"ours-{key}.html").write_text(mine, encoding="utf-8")
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


LONGEST_TASK = """
window.__longest = 0;
new PerformanceObserver(l => l.getEntries().forEach(
  e => { window.__longest = Math.max(window.__longest, e.duration); }))
  .observe({type: 'longtask', buffered: true});
"""
DRAWN = """() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r({
  t: performance.now(), longest: window.__longest,
  fast: window.atlasFastLayers || 0,
  markers: document.querySelectorAll('.leaflet-marker-icon').length,
  paths: document.querySelectorAll('path.leaflet-interactive').length
}))))"""


def measure_page(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(LONGEST_TASK)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        "http://127.0.0.1") else r.abort())
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url, wait_until="load", timeout=300_000)
    drawn = page.evaluate(DRAWN)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    drawn["heap_mb"] = metrics["JSHeapTotalSize"] / 2**20
    return drawn


def browser_rows(browser, pages: dict, quick: bool) -> list[Row]:
    rows = []
    with static_server(pages) as base:
        for key in pages:
            kind, n = key.split("-")
            n = int(n)
            if n < 10_000 and not quick:
                continue
            naive_ok = n <= 10_000  # 50,000 DOM markers: minutes of a frozen tab; skipped
            ours_runs = [measure_page(browser, f"{base}/ours-{key}.html") for _ in range(3)]
            assert all(r["fast"] == n for r in ours_runs), "not every feature was drawn"
            naive_runs = ([measure_page(browser, f"{base}/naive-{key}.html")
                           for _ in range(1 if n >= 10_000 else 3)] if naive_ok else [])
            if naive_runs:
                drawn = naive_runs[0]["markers"] if kind == "points" else naive_runs[0]["paths"]
                assert drawn >= n, f"naive page drew {drawn} of {n}"

            def med(runs, field):
                return statistics.median(r[field] for r in runs) if runs else None

            label = f"{n:,} {kind}"
            runs = f"naive {len(naive_runs)}, ours {len(ours_runs)}"
            rows += [
                Row("browser", "time until drawn", label, _s(med(naive_runs, "t")),
                    _s(med(ours_runs, "t")), "s", runs),
                Row("browser", "longest main-thread task (— = none ≥ 50 ms)", label,
                    _s(med(naive_runs, "longest")) or None,
                    _s(med(ours_runs, "longest")) or None, "s", runs),
                Row("browser", "JS heap after drawing", label, med(naive_runs, "heap_mb"),
                    med(ours_runs, "heap_mb"), "MB", runs),
            ]
    return rows


def _s(ms: float | None) -> float | None:
    return None if ms is None else ms / 1000


# --- the real app: memory and a rerun with a big upload ---------------------------------------


def rss_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _fast_count(page) -> int:
    best = 0
    for frame in page.frames:
        with contextlib.suppress(Exception):
            best = max(best, frame.evaluate("window.atlasFastLayers || 0"))
    return best


def live_rows(browser, n: int = 50_000) -> list[Row]:
    redo = upload_redo_seconds(n)
    port = _free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
         str(port), "--server.headless", "true"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), urllib.request.urlopen(
                    url + "/_stcore/health", timeout=2):
                break
            time.sleep(0.3)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url)
                   else r.abort())
        page.goto(url)
        page.get_by_role("heading").first.wait_for(timeout=120_000)
        page.goto(url + "/environment?lang=en")
        page.get_by_text("Sites screened").wait_for(timeout=120_000)
        page.wait_for_timeout(3000)
        rss_default, _ = rss_mb(proc.pid)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "concessions.gpkg"
            synthetic.concessions(n).to_file(path, engine="pyogrio")
            page.get_by_text("Add your own layer").click()
            start = time.perf_counter()
            page.locator("input[type=file]").set_input_files(str(path))
            while _fast_count(page) < n and time.perf_counter() - start < 300:
                page.wait_for_timeout(200)
            t_upload = time.perf_counter() - start
        page.wait_for_timeout(2000)
        rss_big, hwm = rss_mb(proc.pid)
        reruns = []
        toggle = page.get_by_text("Japanese-linked only")
        metric = page.locator('[data-testid="stMetricValue"]').first
        for i in range(4):
            before = metric.inner_text()
            start = time.perf_counter()
            toggle.click()
            while metric.inner_text() == before and time.perf_counter() - start < 60:
                page.wait_for_timeout(20)
            reruns.append(time.perf_counter() - start)
            page.wait_for_timeout(500 + 0 * i)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    label = f"{n:,} polygons"
    return [
        Row("memory", "server RSS: default data → with the upload", label, rss_default,
            rss_big, "MB", f"peak (VmHWM) {hwm:,.0f} MB; ratio = default/with"),
        Row("app", "upload → drawn in the browser (real session)", label, None, t_upload, "s",
            "1 run, includes sending 54 MB"),
        Row("app", "rerun after a filter change, with the upload (real session)", label,
            statistics.median(reruns) + redo, statistics.median(reruns), "s",
            f"{len(reruns)} reruns, click → new count; naive adds read+pack+screen "
            f"({redo:.2f} s, measured in-process)"),
    ]


# --- main -----------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = ["group", "measure", "features", "naive", "ours", "naive / ours", "runs"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium rows")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--parts", default="server,app,reruns,browser,live,refresh,bigdraw",
                        help="comma-separated subset of "
                             "server,app,reruns,browser,live,refresh,bigdraw")
    parser.add_argument("--base", default=None,
                        help="the commit the reruns rows compare with (bench/reruns.py)")
    args = parser.parse_args(argv)

    parts = set(args.parts.split(","))
    PACK_CACHE.__init__()
    rows, pages = [], {}
    if parts & {"server", "browser"}:
        print("server rows…", file=sys.stderr)
        server, pages = server_rows(args.quick)
        rows += server if "server" in parts else []
    if "app" in parts:
        print("app rows…", file=sys.stderr)
        rows += app_rows(args.quick)
    if "reruns" in parts:
        from bench import reruns

        print("rerun rows (an earlier commit, then this tree)…", file=sys.stderr)
        rows += reruns.rows(args.base or reruns.DEFAULT_BASE, 5 if args.quick else 15)
    browser_parts = {"browser", "live", "refresh", "bigdraw"}
    if parts & browser_parts and not args.no_browser and Path(CHROMIUM).exists():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if "browser" in parts:
                print("browser rows…", file=sys.stderr)
                rows += browser_rows(browser, pages, args.quick)
            if "live" in parts and not args.quick:
                print("live app rows…", file=sys.stderr)
                rows += live_rows(browser)
            if "bigdraw" in parts:
                from bench.bigdraw import bigdraw_rows
                print("500,000-feature draw rows…", file=sys.stderr)
                rows += bigdraw_rows(browser, args.quick)
            if "refresh" in parts:
                from bench.refresh import refresh_rows
                print("refresh rows…", file=sys.stderr)
                rows += refresh_rows(args.quick, browser)
            browser.close()
    else:
        print("(no Chromium: browser and memory rows skipped)", file=sys.stderr)
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0
