"""The upload cap in Chromium: ``python -m bench.bigdraw`` prints one table; ``--quick`` for a
smoke run (50,000 features, one run each).

Synthetic layers from bench/synthetic.py (fixed seed): 50,000 and 500,000 points; 50,000 and
500,000 small polygons (concessions with 8 vertices instead of 50, so the 500,000-polygon page
stays near 35 MB); and 66,975 polygons with the usual 50 vertices, the size of the real
cadastre. Each layer is alone on an empty map (bench.run.bare_map) served from loopback.

- server: pack time, the payload the page carries, and the packing process's peak memory
  (VmHWM after packing minus VmRSS before, in a fresh process whose peak is reset first);
- browser: time until drawn (the counter reached and two frames later), the longest
  main-thread task of the whole load and the longest after the page's own script has run
  (the first includes parsing the page itself, which no layer code can slice), the JS heap
  (V8 heap + ArrayBuffer backing stores, after a GC), then a zoom in by two levels (animated)
  and a pan of 400×250 px: time until redrawn and the longest task meanwhile.

naive = the previous FastLayer (one Leaflet vector per feature; its template and payload
format are kept below), given up after 120 s; ours = geo.fastlayer. The CPU is shared, so
expect noise. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

from branca.element import MacroElement
from jinja2 import Template

from bench.run import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DRAWN,
    LONGEST_TASK,
    Row,
    bare_map,
    render,
    static_server,
    table,
)
from geo.fastlayer import DEFAULT_STYLE, SCALE, FastLayer, Packed, _js
from geo.paths import ROOT

TIMEOUT_S = 120
VIEWPORT = {"width": 1280, "height": 900}
TASKS = """
window.__tasks = [];
new PerformanceObserver(l => l.getEntries().forEach(
  e => window.__tasks.push([e.startTime, e.duration]))).observe({type: 'longtask', buffered: true});
"""
MAP = "window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))]"
SCRIPT_END = "<script>window.__scriptEnd = performance.now();</script>"

PACK_CHILD = r"""
import json, sys, time
from bench import synthetic
from geo.fastlayer import pack

kind, n, vertices, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
frame = synthetic.points(n) if kind == "points" else synthetic.concessions(n, vertices=vertices)

def kib(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

before = kib("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # resets VmHWM to the current RSS
start = time.perf_counter()
packed = pack(frame, "name")
seconds = time.perf_counter() - start
peak_mb = (kib("VmHWM") - before) / 1024
with open(out, "w", encoding="utf-8") as f:
    f.write(packed.payload)
print(json.dumps({"s": seconds, "peak_mb": peak_mb, "counts": packed.counts,
                  "vertices_in": packed.vertices_in, "vertices_out": packed.vertices_out}))
"""


class NaiveLayer(MacroElement):
    """The FastLayer this module replaced: one Leaflet vector per feature on L.canvas."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var data = {{ this.packed.payload }};
  var style = {{ this.style_json }};
  var parent = {{ this._parent.get_name() }};
  var renderer = L.canvas({padding: 0.5, tolerance: 3});
  var group = L.featureGroup();
  function decode(s) {
    var out = new Float64Array(s.length), n = 0, i = 0, acc = [0, 0];
    while (i < s.length) {
      var value = 0, shift = 0, b;
      do { b = s.charCodeAt(i++) - 63; value |= (b & 31) << shift; shift += 5; }
      while (b >= 32);
      acc[n % 2] += (value & 1) ? ~(value >> 1) : (value >> 1);
      out[n] = acc[n % 2] / {{ this.scale }}; n++;
    }
    return out.subarray(0, n);
  }
  function label(kind, f) {
    var labels = data[kind].labels;
    return labels ? labels[f] : null;
  }
  var opts = Object.assign({renderer: renderer, bubblingMouseEvents: false}, style);
  if (data.point) {
    var xy = decode(data.point.coords), owner = data.point.owner, k = 0;
    for (var f = 0; f < owner.length; f++) {
      for (var p = 0; p < owner[f]; p++, k += 2) {
        var m = L.circleMarker([xy[k], xy[k + 1]], opts);
        m._atlasLabel = label("point", f);
        group.addLayer(m);
      }
    }
  }
  ["line", "polygon"].forEach(function (kind) {
    var d = data[kind];
    if (!d) return;
    var xy = decode(d.coords), k = 0, r = 0, q = 0;
    for (var f = 0; f < d.parts.length; f++) {
      var shapes = [];
      for (var p = 0; p < d.parts[f]; p++, q++) {
        var rings = [];
        for (var j = 0; j < d.rings[q]; j++, r++) {
          var ring = new Array(d.vertices[r]);
          for (var v = 0; v < d.vertices[r]; v++, k += 2) ring[v] = [xy[k], xy[k + 1]];
          rings.push(ring);
        }
        shapes.push(kind === "polygon" ? rings : rings[0]);
      }
      var layer = kind === "polygon" ? L.polygon(shapes, opts) : L.polyline(shapes, opts);
      layer._atlasLabel = label(kind, f);
      group.addLayer(layer);
    }
  });
  group.on("mouseover", function (e) {
    var l = e.layer;
    if (!l._atlasLabel || l.getTooltip()) return;
    l.bindTooltip(l._atlasLabel, {sticky: true});
    l.openTooltip(e.latlng);
  });
  group.addTo(parent);
  window.atlasFastLayers = (window.atlasFastLayers || 0) + group.getLayers().length;
})();
{% endmacro %}
""")

    def __init__(self, payload: str, style: dict | None = None):
        super().__init__()
        self._name = "FastLayer"
        self.packed = SimpleNamespace(payload=payload)
        self.scale = SCALE
        self.style_json = json.dumps({**DEFAULT_STYLE, **(style or {})})


def old_payload(packed: Packed) -> str:
    """The payload as the old template reads it: an owner list for points, every brace of the
    polylines escaped."""
    pieces = []
    for kind, fields in json.loads(packed.payload).items():
        n = fields.pop("n")
        if kind == "point":
            fields = {"coords": fields["coords"], "owner": fields.get("owner", [1] * n),
                      **({"labels": fields["labels"]} if "labels" in fields else {})}
        body = ",".join(f'"{k}":' + (_js(v) if isinstance(v, str) or k == "labels"
                                     else json.dumps(v, separators=(",", ":")))
                        for k, v in fields.items())
        pieces.append(f'"{kind}":' + "{" + body + "}")
    return "{" + ",".join(pieces) + "}"


def packed_in_child(kind: str, n: int, vertices: int) -> tuple[Packed, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "payload.json"
        done = subprocess.run([sys.executable, "-c", PACK_CHILD, kind, str(n), str(vertices),
                               str(out)], cwd=ROOT, capture_output=True, text=True, check=True)
        stats = json.loads(done.stdout.strip().splitlines()[-1])
        payload = out.read_text(encoding="utf-8")
    return Packed(payload, stats["counts"], stats["vertices_in"], stats["vertices_out"]), stats


def page_html(layer) -> str:
    m = bare_map()
    layer.add_to(m)
    return render(m).replace("</html>", SCRIPT_END + "</html>", 1)


def _longest_after(tasks: list, start: float) -> float:
    return max((d for t, d in tasks if t >= start), default=0.0)


def _interaction(page, action: str, ours: bool, timeout_s: float) -> tuple[float, float]:
    """Seconds from the action until redrawn and painted, and the longest task meanwhile."""
    page.evaluate("window.__tasks = []; window.__moved = false; window.__start = undefined")
    before = page.evaluate("window.atlasFastDraws || 0")
    page.evaluate(f"{MAP}.once('moveend', () => {{ window.__moved = true; }})")
    # From a task of the page's own: work done inside a DevTools evaluate is no long task.
    page.evaluate(f"setTimeout(() => {{ window.__start = performance.now(); {action}; }}, 0)")
    page.wait_for_function("window.__start !== undefined", polling=10)
    start = page.evaluate("window.__start")
    done = f"window.__moved && (window.atlasFastDraws || 0) > {before}" if ours else \
        "window.__moved"
    page.wait_for_function(done, timeout=timeout_s * 1000, polling=50)
    drawn = page.evaluate(DRAWN)
    page.wait_for_timeout(100)  # long-task entries arrive a little after the task
    return (drawn["t"] - start) / 1000, max((d for _, d in page.evaluate("window.__tasks")),
                                            default=0.0) / 1000


def measure(browser, url: str, n: int, ours: bool, timeout_s: float = TIMEOUT_S) -> dict:
    """One load of a page: drawn, heap, a pan and a zoom; {"failed": why} past the timeout."""
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.add_init_script(LONGEST_TASK + TASKS)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        "http://127.0.0.1") else r.abort())
    cdp = context.new_cdp_session(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    ready = (f"window.atlasFastLayers === {n} && (window.atlasFastDraws || 0) >= 1" if ours
             else f"window.atlasFastLayers === {n}")
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(ready, timeout=timeout_s * 1000, polling=100)
        drawn = page.evaluate(DRAWN)
        page.wait_for_timeout(100)
        tasks = page.evaluate("window.__tasks")
        script_end = page.evaluate("window.__scriptEnd || 0")
        cdp.send("HeapProfiler.collectGarbage")
        heap = cdp.send("Runtime.getHeapUsage")
        result = {"t": drawn["t"] / 1000, "longest": max((d for _, d in tasks), default=0) / 1000,
                  "after_script": _longest_after(tasks, script_end) / 1000,
                  "heap_mb": (heap["usedSize"] + heap.get("backingStorageSize", 0)) / 2**20}
        result["zoom_s"], result["zoom_longest"] = _interaction(
            page, f"{MAP}.setZoom({MAP}.getZoom() + 2)", ours, timeout_s)
        result["pan_s"], result["pan_longest"] = _interaction(
            page, f"{MAP}.panBy([400, 250], {{animate: false}})", ours, timeout_s)
    except PlaywrightError as exc:
        reason = "timeout" if "Timeout" in str(exc) else "crashed" if "crash" in str(
            exc).lower() else str(exc).splitlines()[0][:60]
        result = {"failed": f"did not finish in {timeout_s:.0f} s" if reason == "timeout"
                  else reason}
    finally:
        context.close()
    if errors and "failed" not in result:
        raise RuntimeError(f"{url}: {errors[:3]}")
    return result


def _cases(quick: bool) -> list[tuple[str, int, int]]:
    if quick:
        return [("points", 50_000, 0), ("polygons", 50_000, 8)]
    return [("points", 50_000, 0), ("points", 500_000, 0), ("polygons", 50_000, 8),
            ("polygons", 500_000, 8), ("polygons", 66_975, 50)]


def bigdraw_rows(browser, quick: bool) -> list[Row]:
    rows = []
    for kind, n, vertices in _cases(quick):
        packed, stats = packed_in_child(kind, n, vertices)
        assert packed.features == n
        label = f"{n:,} {kind}" + (f" ({vertices} vertices)" if kind == "polygons" else "")
        naive_payload = old_payload(packed)
        rows += [
            Row("server", "pack (simplify, encode, escape labels)", label, None, stats["s"],
                "s", "1 process"),
            Row("server", "layer payload in the page", label, len(naive_payload) / 1e6,
                len(packed.payload) / 1e6, "MB", "naive: old format"),
            Row("server", "peak memory of packing (VmHWM − RSS before)", label, None,
                stats["peak_mb"], "MB", "1 fresh process"),
        ]
        if browser is None:
            continue
        pages = {kind: (page_html(NaiveLayer(naive_payload)), page_html(FastLayer(packed)))}
        del naive_payload
        runs_ours = 1 if quick else 3
        runs_naive = 1 if quick or n > 100_000 else 2
        with static_server(pages) as base:
            ours = [measure(browser, f"{base}/ours-{kind}.html", n, True)
                    for _ in range(runs_ours)]
            naive = [measure(browser, f"{base}/naive-{kind}.html", n, False)
                     for _ in range(runs_naive)]
        rows += _browser_rows(label, naive, ours)
        print(f"  {label} done", file=sys.stderr)
    return rows


def _browser_rows(label: str, naive: list[dict], ours: list[dict]) -> list[Row]:
    failed = [r["failed"] for r in naive + ours if "failed" in r]
    naive_ok = [r for r in naive if "failed" not in r]
    ours_ok = [r for r in ours if "failed" not in r]
    runs = f"naive {len(naive_ok)}/{len(naive)}, ours {len(ours_ok)}/{len(ours)}"
    if failed:
        runs += f" ({'; '.join(sorted(set(failed)))})"

    def med(results, key):
        return statistics.median(r[key] for r in results) if results else None

    measures = [("time until drawn", "t", "s"),
                ("longest task, whole load (includes parsing the page)", "longest", "s"),
                ("longest task after the page's script ran", "after_script", "s"),
                ("JS heap after drawing (V8 + array buffers)", "heap_mb", "MB"),
                ("zoom in 2 levels (animated): until redrawn", "zoom_s", "s"),
                ("zoom: longest task (— = none ≥ 50 ms)", "zoom_longest", "s"),
                ("then pan 400×250 px: until redrawn", "pan_s", "s"),
                ("pan: longest task (— = none ≥ 50 ms)", "pan_longest", "s")]
    return [Row("browser", name, label, med(naive_ok, key) or None, med(ours_ok, key) or None,
                unit, runs) for name, key, unit in measures]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bigdraw",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="50,000 features, one run each")
    parser.add_argument("--no-browser", action="store_true", help="server rows only")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    if args.no_browser or not Path(CHROMIUM).exists():
        rows = bigdraw_rows(None, args.quick)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rows = bigdraw_rows(browser, args.quick)
            browser.close()
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
