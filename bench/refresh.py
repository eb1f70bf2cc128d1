"""Benchmark rows for the official refresh: a simulated 66,975-right cadastre, fetched from a
loopback stand-in of GEOCATMIN (1,000 ids per batch, no pagination) and drawn.

- fetch: wall time and the fetching process's peak resident memory, ours (each batch turned
  into a frame as it arrives) against the previous code path (every feature kept as a GeoJSON
  dict, one frame at the end), each in its own process, the stand-in server in this one;
- draw: pack time and payload of the canvas layer, against the layer as raw GeoJSON; in
  Chromium, time until drawn and the longest main-thread task.

    python -m bench.refresh            # or: python -m bench --parts refresh
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.paths import ROOT

RIGHTS = 66_975

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from geo import arcgis, refresh
from geo.refresh import Official, Source
service, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
fields = {{"code": "CODIGOU", "name": "CONCESION", "holder": "TIT_CONCES",
          "hectares": "HECTAGIS", "status": "D_ESTADO"}}
t = time.perf_counter()
if mode == "ours":
    spec = Official((Source(service, r"^catastro minero$", fields),), key="code",
                    simplify_deg=0)
    refresh.refresh_layer("mining_rights", __import__("pathlib").Path(out), 60,
                          lambda _m: None, spec)
else:
    import geopandas as gpd
    features, meta = arcgis.read_layer(service, r"^catastro minero$", fields, 60)
    frame, _ = refresh.to_frame("mining_rights", meta["fields"], {{}}, features, "polygon")
    frame = refresh.dissolve_shared(frame, "code")
    refresh.write_geojson(frame, __import__("pathlib").Path(out) / "mining_rights.geojson")
seconds = time.perf_counter() - t
print(json.dumps({{"s": seconds,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def fetch_runs(service: str, mode: str, runs: int) -> list[dict]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), service,
                                   mode, out], capture_output=True, text=True, check=True,
                                  cwd=ROOT)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def refresh_rows(quick: bool, browser=None) -> list:
    import statistics

    import geopandas as gpd

    from bench.run import Row, measure_page, static_server
    from geo.envmap import canvas_label
    from geo.fastlayer import FastLayer, pack
    from geo.layers import Layer, catalog
    from tests.arcgis_stub import Stub, StubLayer, StubService, mining_right
    from tests.test_refresh import RIGHT_FIELDS

    count = 5_000 if quick else RIGHTS
    runs = 1 if quick else 3
    service = StubService([StubLayer(0, "Catastro Minero", RIGHT_FIELDS, count, mining_right)],
                          {"no_pagination"})
    label = f"{count:,} rights"
    with Stub({"catastro": service}) as stub:
        url = stub.url("catastro")
        naive = fetch_runs(url, "naive", runs)
        ours = fetch_runs(url, "ours", runs)
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), url, "ours",
                            out], capture_output=True, text=True, check=True, cwd=ROOT)
            frame = gpd.read_file(Path(out) / "mining_rights.geojson")
            geojson_mb = (Path(out) / "mining_rights.geojson").stat().st_size / 1e6

    def med(rows, key):
        return statistics.median(r[key] for r in rows)
    layer = Layer(catalog()["mining_rights"], frame, "official bench")
    start = time.perf_counter()
    packed = pack(canvas_label(layer), "label")
    pack_s = time.perf_counter() - start
    rows = [
        Row("refresh", "cadastre fetched, checked, cached (loopback, 1,000 ids/batch)", label,
            med(naive, "s"), med(ours, "s"), "s",
            f"{runs} processes each; naive = all GeoJSON dicts held, one frame"),
        Row("refresh", "peak memory of the fetching process", label, med(naive, "rss_mb"),
            med(ours, "rss_mb"), "MB", f"{runs} processes each"),
        Row("refresh", "canvas layer: pack time", label, None, pack_s * 1e3, "ms",
            "once per fetched version (cached)"),
        Row("refresh", "canvas layer: payload vs the cached GeoJSON", label, geojson_mb,
            len(packed.payload) / 1e6, "MB", "labels: name · holder · status"),
    ]
    if browser is not None:
        import folium

        from bench.run import bare_map, render
        m = bare_map()
        group = folium.FeatureGroup(name="rights").add_to(m)
        FastLayer(packed, layer.info.style).add_to(group)
        page = render(m)
        with static_server({"cadastre": ("", page)}) as base:
            draws = [measure_page(browser, f"{base}/ours-cadastre.html") for _ in range(runs)]
        assert all(d["fast"] == len(frame) for d in draws), "not every right was drawn"
        rows += [
            Row("refresh", "cadastre in Chromium: time until drawn", label, None,
                statistics.median(d["t"] for d in draws) / 1e3, "s", f"{runs} loads"),
            Row("refresh", "cadastre in Chromium: longest main-thread task", label, None,
                statistics.median(d["longest"] for d in draws) / 1e3 or None, "s",
                f"{runs} loads"),
        ]
    return rows


def main() -> int:
    from bench.run import CHROMIUM, CHROMIUM_ARGS, table

    quick = "--quick" in sys.argv
    if Path(CHROMIUM).exists() and "--no-browser" not in sys.argv:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rows = refresh_rows(quick, browser)
            browser.close()
    else:
        rows = refresh_rows(quick)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
