"""Big layers (up to the 500,000-feature upload cap) as one compact, canvas-drawn map layer.

folium's natural way — one object per feature, or a raw ``GeoJson`` with every vertex at full
float precision — builds slowly and ships megabytes (10,000 markers: seconds, ~5 MB), and one
Leaflet object per feature is hundreds of MB of JS heap and a frozen tab at 500,000. Here the
geometry is simplified to what the chosen zoom can show, snapped to a 1e-5° grid (~1 m),
delta-encoded as one polyline string (Google's encoding, ~2–3 bytes per coordinate), and in the
browser :class:`FastLayer` is a single Leaflet layer that owns its canvas: coordinates go into
typed arrays, a grid index finds what is in view or under the cursor, and decoding and drawing
run in slices of a few milliseconds, so the tab stays responsive while a layer draws. Every
Python step is vectorised in shapely/NumPy, and the result is cached on a fingerprint of the
data, so a rerun with the same layer does not rebuild it. ``python -m bench`` and
``python -m bench.bigdraw`` measure all of this against the naive way.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from geo import foliumfix
from geo.escape import escape

foliumfix.install()  # megabytes of script must not be compiled as Jinja a second time

SCALE = 1e5  # polyline precision: 5 decimals, ~1.1 m at the equator
DETAIL_ZOOM = 11  # shapes are exact to half a pixel up to this zoom (±38 m)
POINT, LINE, POLYGON = "point", "line", "polygon"
KINDS = (POINT, LINE, POLYGON)
DEFAULT_STYLE = {"color": "#5b2a86", "weight": 1, "opacity": 0.9, "fillColor": "#8e5cc2",
                 "fillOpacity": 0.25, "radius": 3}


def degrees_per_pixel(zoom: int) -> float:
    """Width of one screen pixel in degrees of longitude at a Web-Mercator zoom."""
    return 360.0 / (256 * 2**zoom)


def encode_polyline(values: np.ndarray, chunk: int = 1 << 20) -> str:
    """Google's encoded-polyline string of integer (lat, lon) pairs, delta-coded in one stream.

    Vectorised: each zig-zagged delta is cut into 5-bit chunks in an (n, 7) matrix, the
    continuation bit set on all but the last chunk, and the used cells read out in order —
    a million values at a time, so a 50k-polygon layer peaks at tens of MB, not hundreds.
    """
    flat = np.asarray(values, dtype=np.int64).reshape(-1)
    if flat.size == 0:
        return ""
    deltas = np.diff(flat.reshape(-1, 2), axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    deltas = deltas.reshape(-1)
    zigzag = ((deltas << 1) ^ (deltas >> 63)).astype(np.uint32)  # |delta| < 2**31: 1e-5° units
    del deltas
    return "".join(_chars(zigzag[i:i + chunk]) for i in range(0, zigzag.size, chunk))


def _chars(zigzag: np.ndarray) -> str:
    length = np.ones(zigzag.shape, dtype=np.uint8)
    for bits in range(5, 35, 5):
        length += zigzag >= np.uint32(1 << bits)
    shifts = np.arange(0, 35, 5, dtype=np.uint32)[None, :]
    chunks = ((zigzag[:, None] >> shifts) & np.uint32(0x1F)).astype(np.uint8)
    columns = np.arange(7, dtype=np.uint8)[None, :]
    chunks |= np.where(columns < (length - 1)[:, None], np.uint8(0x20), np.uint8(0))
    chunks += 63
    return chunks[columns < length[:, None]].tobytes().decode("ascii")


def decode_polyline(text: str) -> np.ndarray:
    """The inverse of :func:`encode_polyline`, in plain Python: used by the tests only."""
    out, value, shift, previous = [], 0, 0, [0, 0]
    for ch in text:
        b = ord(ch) - 63
        value |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            delta = ~(value >> 1) if value & 1 else value >> 1
            previous[len(out) % 2] += delta
            out.append(previous[len(out) % 2])
            value, shift = 0, 0
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def fingerprint(frame: gpd.GeoDataFrame, label_column: str | None = None) -> str:
    """A key that changes whenever the geometry or the labels do, cheap next to a rebuild."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(str(frame.crs).encode())
    for wkb in shapely.to_wkb(np.asarray(frame.geometry.values), hex=False):
        digest.update(wkb or b"\0")
    if label_column:
        digest.update("\x1f".join(frame[label_column].astype(str)).encode())
    return digest.hexdigest()


def _as_kind(geoms: np.ndarray) -> dict[str, np.ndarray]:
    """Feature indexes by drawing kind; a collection's parts go to their own kinds."""
    type_ids = shapely.get_type_id(geoms)
    kinds = {POINT: (0, 4), LINE: (1, 2, 5), POLYGON: (3, 6)}
    return {kind: np.flatnonzero(np.isin(type_ids, ids)) for kind, ids in kinds.items()}


def _pack_points(geoms: np.ndarray) -> dict:
    parts, owner = shapely.get_parts(geoms, return_index=True)
    coords = shapely.get_coordinates(parts)
    latlon = np.round(coords[:, ::-1] * SCALE).astype(np.int64)
    packed = {"n": len(geoms), "coords": encode_polyline(latlon)}
    owners = np.bincount(owner, minlength=len(geoms))
    if (owners != 1).any():  # "1," per point is a megabyte at the cap, for nothing
        packed["owner"] = owners
    return packed


def _simplify(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Plain Douglas–Peucker (3× faster than the topology-preserving kind; we only draw the
    result), split over the cores for big layers: GEOS releases the GIL."""
    workers = min(4, os.cpu_count() or 1)
    if workers == 1 or len(geoms) < 2_000:
        return shapely.simplify(geoms, tolerance, preserve_topology=False)
    with ThreadPoolExecutor(workers) as pool:
        chunks = pool.map(lambda chunk: shapely.simplify(chunk, tolerance,
                                                         preserve_topology=False),
                          np.array_split(geoms, workers))
        return np.concatenate(list(chunks))


def _pack_paths(geoms: np.ndarray, kind: str, tolerance: float) -> dict:
    if tolerance > 0:
        simple = _simplify(geoms, tolerance)
        geoms = np.where(shapely.is_empty(simple), geoms, simple)  # collapsed: keep it whole
    n = len(geoms)
    simple_shapes = (shapely.get_type_id(geoms) == (3 if kind == POLYGON else 1)).all() and (
        kind != POLYGON or not shapely.get_num_interior_rings(geoms).any())
    if simple_shapes:  # the usual case: one ring per feature, no copies of parts and rings
        rings, ring_count, part_count = geoms, np.ones(n, dtype=np.int64), np.ones(n, np.int64)
    else:
        parts, owner = shapely.get_parts(geoms, return_index=True)
        part_count = np.bincount(owner, minlength=n)
        if kind == POLYGON:
            rings, part_of_ring = shapely.get_rings(parts, return_index=True)
            ring_count = np.bincount(part_of_ring, minlength=len(parts))
        else:
            rings, ring_count = parts, np.ones(len(parts), dtype=np.int64)
    coords, ring_of_coord = shapely.get_coordinates(rings, return_index=True)
    counts = np.bincount(ring_of_coord, minlength=len(rings))
    del ring_of_coord
    if kind == POLYGON:  # Leaflet closes rings itself: drop each ring's repeated last vertex
        keep = np.ones(len(coords), dtype=bool)
        keep[(np.cumsum(counts) - 1)[counts > 0]] = False
        coords, counts = coords[keep], np.maximum(counts - 1, 0)
    latlon = np.rint(coords[:, ::-1] * SCALE).astype(np.int64)
    del coords
    return {"n": n, "coords": encode_polyline(latlon), "vertices": counts, "rings": ring_count,
            "parts": part_count}


def _js(value) -> str:
    """JSON that is also inert in a ``<script>`` element and in branca's second Jinja pass.

    Labels can hold ``{{`` or ``</script>``: braces, like ``<``, become ``\\u`` escapes inside
    strings (outside strings JSON never puts two together).
    """
    if isinstance(value, np.ndarray):
        return json.dumps(value.tolist(), separators=(",", ":"))
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("{", "\\u007b"), ("}", "\\u007d")):
        text = text.replace(char, code)
    return text


def _js_polyline(text: str) -> str:
    """A polyline string as a JSON literal: its alphabet (63–126) holds no quote and no ``<``,
    and a brace only needs escaping where it would open a template tag — escaping every one
    would grow the coordinates by a quarter."""
    return '"' + text.replace("\\", "\\\\").replace("{{", "{\\u007b") + '"'


def js_string_array(labels) -> str:
    """HTML-escaped labels (shown as tooltips) as a script- and template-safe JSON array.

    Escaped as one joined string (a NUL never survives into a label): 10× faster than
    escaping 50,000 strings one by one.
    """
    texts = ["" if v is None else str(v).replace("\0", "") for v in labels]
    escaped = escape("\0".join(texts)).split("\0") if texts else []
    return _js(escaped)


@dataclass(frozen=True)
class Packed:
    """The layer as the browser gets it: one JSON object, plus what the legend needs."""

    payload: str
    counts: dict[str, int]
    vertices_in: int
    vertices_out: int
    key: str = field(default="")

    @property
    def features(self) -> int:
        return sum(self.counts.values())


def pack(frame: gpd.GeoDataFrame, label_column: str | None = None,
         detail_zoom: int = DETAIL_ZOOM) -> Packed:
    """Encode a GeoDataFrame (any CRS; drawn in WGS84) for :class:`FastLayer`."""
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs(4326)
    geoms = np.asarray(frame.geometry.values)
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    labels = (frame[label_column].where(frame[label_column].notna(), "").astype(str).to_numpy()
              if label_column else None)
    tolerance = degrees_per_pixel(detail_zoom) / 2
    pieces, counts = [], {}
    vertices_in = int(shapely.get_num_coordinates(geoms[valid]).sum())
    vertices_out = 0
    for kind, index in _as_kind(geoms).items():
        index = index[valid[index]]
        counts[kind] = int(len(index))
        if not len(index):
            continue
        part = _pack_points(geoms[index]) if kind == POINT else _pack_paths(
            geoms[index], kind, tolerance)
        vertices_out += _count_values(part["coords"]) // 2
        fields = {key: _js_polyline(value) if key == "coords" else _js(value)
                  for key, value in part.items()}
        if labels is not None:
            fields["labels"] = js_string_array(labels[index])
        pieces.append(f'"{kind}":' + "{" + ",".join(f'"{k}":{v}' for k, v in fields.items())
                      + "}")
    payload = "{" + ",".join(pieces) + "}"
    return Packed(payload, counts, vertices_in, vertices_out)


def _count_values(encoded: str) -> int:
    """How many numbers a polyline string holds: each ends on a byte without the 0x20 bit."""
    raw = np.frombuffer(encoded.encode("ascii"), dtype=np.uint8) - 63
    return int(np.count_nonzero(raw < 0x20))


class PackCache:
    """A small LRU of packed layers keyed on (data fingerprint, options).

    Streamlit reruns the page script on every widget change; with this the 50k-feature layer
    is encoded once per distinct upload, and a rerun only hashes it.
    """

    def __init__(self, size: int = 8):
        self.size = size
        self._items: OrderedDict[tuple, Packed] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, frame: gpd.GeoDataFrame, label_column: str | None = None,
            detail_zoom: int = DETAIL_ZOOM) -> Packed:
        key = (fingerprint(frame, label_column), label_column, detail_zoom)
        if key in self._items:
            self.hits += 1
            self._items.move_to_end(key)
            return self._items[key]
        self.misses += 1
        packed = pack(frame, label_column, detail_zoom)
        packed = Packed(packed.payload, packed.counts, packed.vertices_in, packed.vertices_out,
                        key=key[0])
        self._items[key] = packed
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return packed


PACK_CACHE = PackCache()


class FastLayer(MacroElement):
    """Draws a :class:`Packed` layer into its parent (a map or a FeatureGroup) on canvas.

    One Leaflet layer that owns its canvas, whatever the feature count: 500,000 ``L.polygon``
    objects would be hundreds of MB of heap and seconds of work on every pan. Decoding runs
    in ~8 ms slices; a redraw runs one slice per frame, sized by the measured frame time (the
    canvas rasterises a slice's paths when the frame is painted), into a hidden canvas that
    replaces the visible one when complete, and a newer view drops an unfinished redraw.
    During a zoom the visible canvas is scaled, as Leaflet's own renderers do. Features under
    two pixels are drawn as one dot per pixel, so a national view of the cap costs tens of
    thousands of dots, not 500,000 paths. Hover labels come from a grid index over
    per-feature boxes; the canvas ignores the pointer, so every click still reaches the map.
    Polygons are filled with the nonzero rule after turning holes against their shell, so one
    fill covers thousands of them. ``window.atlasFastLayers`` grows by the feature count once
    decoded and ``window.atlasFastDraws`` by one after each finished redraw (tests and
    benchmarks wait on both).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var data = {{ this.packed.payload }};
  var style = {{ this.style_json }};
  var parent = {{ this._parent.get_name() }};
  var SCALE = {{ this.scale }}, BUDGET = 8, FRAME = 20, PAD = 0.2, DOT = 2, SLOP = 3;
  var CHECK = 63, START = 4000;
  var TAU = 2 * Math.PI, RAD = Math.PI / 180, MAXLAT = 85.0511287798;
  var opt = L.extend({fill: true, stroke: true, weight: 1, radius: 3}, style);
  opt.fillColor = opt.fillColor || opt.color;
  var deadline = 0, work = 0, quota = Infinity;
  function late() { return work > quota || performance.now() > deadline; }

  // Decoding runs in MessageChannel tasks (no 4 ms clamp, and they go on in background tabs).
  // Drawing runs one slice per frame: the canvas rasterises what a slice recorded when the
  // frame is painted, in software ~10 times the JS time that recorded it, so the amount of
  // drawing per slice (vertices, dots) follows the measured frame time instead.
  function Slicer(frames) {
    var self = this, channel = frames ? null : new MessageChannel(), posted = false, last = 0;
    var done = 0;
    self.quota = frames ? START : Infinity;
    function post() {
      if (posted) return;
      posted = true;
      if (frames) requestAnimationFrame(tick); else channel.port2.postMessage(0);
    }
    function tick() {
      posted = false;
      var job = self.job, now = performance.now(), gap = now - last, step;
      if (!job) { last = 0; return; }
      if (frames && last && gap < 1000) {  // from what the last slice did, not its quota
        self.quota = Math.max(500, Math.min(self.quota, done) *
                                   Math.max(0.5, Math.min(1.25, FRAME / gap)));
      }
      last = now;
      deadline = now + BUDGET;
      work = 0;
      quota = self.quota;
      try { step = job.next(); } catch (err) { self.job = null; throw err; }
      done = work;
      if (self.job !== job) return;
      if (!step.done) return post();
      var then = self.then;
      self.job = self.then = null;
      last = 0;
      if (then) then();
    }
    if (channel) channel.port1.onmessage = tick;
    this.run = function (job, then) {
      if (!self.job) self.quota = Math.min(self.quota, START);  // the new view may cost more
      self.job = job; self.then = then; post();
    };
    this.cancel = function () { self.job = self.then = null; };
  }

  function Reader(s) { this.s = s; this.i = 0; this.lat = 0; this.lon = 0; }
  Reader.prototype.next = function () {
    var s = this.s, i = this.i, b, v = 0, shift = 0;
    do { b = s.charCodeAt(i++) - 63; v |= (b & 31) << shift; shift += 5; } while (b >= 32);
    this.lat += (v & 1) ? ~(v >> 1) : (v >> 1);
    v = 0; shift = 0;
    do { b = s.charCodeAt(i++) - 63; v |= (b & 31) << shift; shift += 5; } while (b >= 32);
    this.lon += (v & 1) ? ~(v >> 1) : (v >> 1);
    this.i = i;
  };
  // Web Mercator at zoom 0 (0..256), kept relative to the layer's first vertex so float32
  // stays well under a pixel up to zoom 18.
  function mercX(rd) { return 256 * (rd.lon / SCALE / 360 + 0.5); }
  function mercY(rd) {
    var lat = Math.max(-MAXLAT, Math.min(MAXLAT, rd.lat / SCALE)), s = Math.sin(lat * RAD);
    return 256 * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI));
  }
  function origin(K, s) {
    var rd = new Reader(s);
    if (s.length) rd.next();
    K.ox = mercX(rd); K.oy = mercY(rd);
  }
  function offsets(counts) {
    var out = new Int32Array(counts.length + 1);
    for (var i = 0; i < counts.length; i++) out[i + 1] = out[i] + counts[i];
    return out;
  }

  function* decodePoints(d) {
    var n = d.n, owner = d.owner, parts = n, q, f, j;
    if (owner) { parts = 0; for (f = 0; f < n; f++) parts += owner[f]; }
    var K = {kind: "point", n: n, items: parts, labels: d.labels || null, pf: null,
             xy: new Float32Array(2 * parts), ext: [Infinity, Infinity, -Infinity, -Infinity]};
    if (owner) {
      K.pf = new Int32Array(parts);
      for (f = 0, q = 0; f < n; f++) for (j = 0; j < owner[f]; j++) K.pf[q++] = f;
    }
    origin(K, d.coords);
    var rd = new Reader(d.coords), xy = K.xy, e = K.ext, ox = K.ox, oy = K.oy, x, y;
    for (q = 0; q < parts; q++) {
      rd.next();
      x = xy[2 * q] = mercX(rd) - ox; y = xy[2 * q + 1] = mercY(rd) - oy;
      if (x < e[0]) e[0] = x; if (x > e[2]) e[2] = x;
      if (y < e[1]) e[1] = y; if (y > e[3]) e[3] = y;
      if ((q & 1023) === 0 && late()) yield;
    }
    return K;
  }

  function* decodePaths(d, kind) {
    var n = d.n, fp = offsets(d.parts), pr = offsets(d.rings), rv = offsets(d.vertices);
    var polygon = kind === "polygon";
    var K = {kind: kind, n: n, items: n, labels: d.labels || null, fp: fp, pr: pr, rv: rv,
             xy: new Float32Array(2 * rv[rv.length - 1]), bb: new Float32Array(4 * n),
             flip: polygon ? new Uint8Array(d.vertices.length) : null,
             ext: [Infinity, Infinity, -Infinity, -Infinity]};
    origin(K, d.coords);
    var rd = new Reader(d.coords), xy = K.xy, bb = K.bb, e = K.ext, ox = K.ox, oy = K.oy;
    var k = 0, f, q, r, v, x, y, a, area, x0, y0, x1, y1;
    for (f = 0; f < n; f++) {
      x0 = y0 = Infinity; x1 = y1 = -Infinity;
      for (q = fp[f]; q < fp[f + 1]; q++) {
        for (r = pr[q]; r < pr[q + 1]; r++) {
          a = k; area = 0;
          for (v = rv[r]; v < rv[r + 1]; v++, k += 2) {
            rd.next();
            x = xy[k] = mercX(rd) - ox; y = xy[k + 1] = mercY(rd) - oy;
            if (x < x0) x0 = x; if (x > x1) x1 = x;
            if (y < y0) y0 = y; if (y > y1) y1 = y;
            if (k > a) area += xy[k - 2] * y - x * xy[k - 1];
          }
          if (polygon && k - a >= 6) {
            area += xy[k - 2] * xy[a + 1] - xy[a] * xy[k - 1];
            K.flip[r] = (r === pr[q]) === (area < 0) ? 1 : 0;
          }
        }
      }
      bb[4 * f] = x0; bb[4 * f + 1] = y0; bb[4 * f + 2] = x1; bb[4 * f + 3] = y1;
      if (x0 < e[0]) e[0] = x0; if (x1 > e[2]) e[2] = x1;
      if (y0 < e[1]) e[1] = y0; if (y1 > e[3]) e[3] = y1;
      if ((f & 255) === 0 && late()) yield;
    }
    return K;
  }

  function range(G, x0, y0, x1, y1) {
    var c0 = Math.floor((x0 - G.x) / G.cw), c1 = Math.floor((x1 - G.x) / G.cw);
    var r0 = Math.floor((y0 - G.y) / G.ch), r1 = Math.floor((y1 - G.y) / G.ch);
    if (!(c1 >= 0 && r1 >= 0 && c0 < G.gx && r0 < G.gy)) return null;
    return [Math.max(c0, 0), Math.min(c1, G.gx - 1), Math.max(r0, 0), Math.min(r1, G.gy - 1)];
  }
  // A uniform grid over the layer's extent, ~4 items a cell, each item in every cell its box
  // touches: two passes (count, fill) into flat Int32Arrays.
  function* index(K) {
    var N = K.items, e = K.ext, w = Math.max(e[2] - e[0], 1e-9), h = Math.max(e[3] - e[1], 1e-9);
    var side = Math.sqrt(w * h / Math.max(1, N / 4));
    var gx = Math.max(1, Math.min(1024, Math.ceil(w / side)));
    var gy = Math.max(1, Math.min(1024, Math.ceil(h / side)));
    var G = {x: e[0], y: e[1], cw: w / gx, ch: h / gy, gx: gx, gy: gy,
             start: new Int32Array(gx * gy + 1), items: null};
    var start = G.start, bb = K.bb, xy = K.xy, pass, i, c, r, c0, c1, r0, r1, fill;
    for (pass = 0; pass < 2; pass++) {
      if (pass === 1) {
        for (c = 0; c < gx * gy; c++) start[c + 1] += start[c];
        G.items = new Int32Array(start[gx * gy]);
        fill = start.slice(0, gx * gy);
      }
      for (i = 0; i < N; i++) {
        if (bb) {
          if (!(bb[4 * i] <= bb[4 * i + 2])) continue;
          c0 = ((bb[4 * i] - G.x) / G.cw) | 0; c1 = ((bb[4 * i + 2] - G.x) / G.cw) | 0;
          r0 = ((bb[4 * i + 1] - G.y) / G.ch) | 0; r1 = ((bb[4 * i + 3] - G.y) / G.ch) | 0;
        } else {
          c0 = c1 = ((xy[2 * i] - G.x) / G.cw) | 0;
          r0 = r1 = ((xy[2 * i + 1] - G.y) / G.ch) | 0;
        }
        c0 = Math.min(c0, gx - 1); c1 = Math.min(c1, gx - 1);
        r0 = Math.min(r0, gy - 1); r1 = Math.min(r1, gy - 1);
        for (r = r0; r <= r1; r++) {
          for (c = c0; c <= c1; c++) {
            if (pass === 0) start[r * gx + c + 1]++; else G.items[fill[r * gx + c]++] = i;
          }
        }
        if ((i & 4095) === 0 && late()) yield;
      }
    }
    K.grid = G;
    K.stamp = new Uint32Array(N);
    K.query = 0;
  }

  // Items in a box, in drawing order; null when the box holds so much that a plain scan of
  // every item is cheaper than gathering and sorting.
  function select(K, x0, y0, x1, y1) {
    var G = K.grid, R = range(G, x0, y0, x1, y1), c, r, i, m = 0, total = 0;
    if (!R) return new Int32Array(0);
    for (r = R[2]; r <= R[3]; r++) total += G.start[r * G.gx + R[1] + 1] - G.start[r * G.gx + R[0]];
    if (total > K.items / 8) return null;
    var out = new Int32Array(total), q = ++K.query, stamp = K.stamp;
    for (r = R[2]; r <= R[3]; r++) {
      for (c = R[0]; c <= R[1]; c++) {
        for (i = G.start[r * G.gx + c]; i < G.start[r * G.gx + c + 1]; i++) {
          var item = G.items[i];
          if (stamp[item] !== q) { stamp[item] = q; out[m++] = item; }
        }
      }
    }
    return out.subarray(0, m).sort();
  }

  // Fills and outlines go opaque onto their own canvases, each shown at the style's opacity:
  // overlaps look the same wherever a slice happened to end (and outlines stay on top).
  function paint(ctxs, K, path, dots) {
    var stroke = opt.stroke && opt.weight > 0;
    if (K.kind === "polygon" && opt.fill) {
      ctxs.fill.fillStyle = opt.fillColor;
      ctxs.fill.fill(path);
    }
    if (stroke) {
      ctxs.line.strokeStyle = opt.color; ctxs.line.lineWidth = opt.weight;
      ctxs.line.stroke(path);
    }
    if (stroke || K.kind === "polygon") {
      var c = stroke ? ctxs.line : ctxs.fill;
      c.fillStyle = stroke ? opt.color : opt.fillColor;
      c.fill(dots);
    }
  }

  function trace(ctx, K, f, k, bx, by) {
    var xy = K.xy, pr = K.pr, rv = K.rv, flip = K.flip, closed = K.kind === "polygon";
    for (var q = K.fp[f]; q < K.fp[f + 1]; q++) {
      for (var r = pr[q]; r < pr[q + 1]; r++) {
        var a = rv[r], b = rv[r + 1];
        if (b - a < 2) continue;
        var back = flip && flip[r], step = back ? -1 : 1, v = back ? b - 1 : a;
        var end = back ? a - 1 : b, fx = xy[2 * v] * k + bx, fy = xy[2 * v + 1] * k + by;
        var lx = fx, ly = fy;
        ctx.moveTo(fx, fy);
        for (v += step; v !== end; v += step) {
          var x = xy[2 * v] * k + bx, y = xy[2 * v + 1] * k + by;
          if (Math.abs(x - lx) + Math.abs(y - ly) >= 1 || v + step === end) {
            ctx.lineTo(x, y); lx = x; ly = y; work++;
          }
        }
        if (closed) ctx.lineTo(fx, fy);  // closePath() costs time linear in the whole path
      }
    }
  }

  function* drawPaths(ctxs, K, st, occ) {
    var k = st.k, bx = K.ox * k - st.wx, by = K.oy * k - st.wy, m = opt.weight + 1;
    var vx0 = (-m - bx) / k, vx1 = (st.w + m - bx) / k;
    var vy0 = (-m - by) / k, vy1 = (st.h + m - by) / k;
    var list = select(K, vx0, vy0, vx1, vy1), count = list ? list.length : K.n, bb = K.bb;
    var path = new Path2D(), dots = new Path2D(), half = opt.weight / 2, w = st.w, h = st.h;
    for (var j = 0; j < count; j++) {
      var f = list ? list[j] : j, x0 = bb[4 * f], y0 = bb[4 * f + 1];
      var x1 = bb[4 * f + 2], y1 = bb[4 * f + 3];
      if (x1 >= vx0 && x0 <= vx1 && y1 >= vy0 && y0 <= vy1) {
        var pw = (x1 - x0) * k, ph = (y1 - y0) * k;
        if (pw < DOT && ph < DOT) {
          var cx = (x0 + x1) / 2 * k + bx, cy = (y0 + y1) / 2 * k + by;
          var inside = cx >= 0 && cy >= 0 && cx < w && cy < h, key = (cx | 0) + (cy | 0) * w;
          if (!inside || !occ[key]) {
            if (inside) occ[key] = 1;
            var d = Math.max(0.5, half + Math.max(pw, ph) / 2);
            dots.rect(cx - d, cy - d, 2 * d, 2 * d);
            work++;
          }
        } else {
          trace(path, K, f, k, bx, by);
        }
      }
      if ((j & CHECK) === CHECK && late()) {
        paint(ctxs, K, path, dots);
        path = new Path2D(); dots = new Path2D();
        yield;
      }
    }
    paint(ctxs, K, path, dots);
  }

  // One small image blitted per point: a blit rasterises several times faster than an
  // anti-aliased arc filled and stroked, and Leaflet rounds circle centres to pixels too.
  function sprite(dpr) {
    var r = opt.radius, lw = opt.stroke ? opt.weight : 0, half = Math.ceil(r + lw / 2 + 1);
    var el = document.createElement("canvas"), g = el.getContext("2d");
    el.width = el.height = Math.ceil(2 * half * dpr);
    g.scale(dpr, dpr);
    g.arc(half, half, r, 0, TAU);
    if (opt.fill) { g.globalAlpha = opt.fillOpacity; g.fillStyle = opt.fillColor; g.fill(); }
    if (lw > 0) {
      g.globalAlpha = opt.opacity; g.strokeStyle = opt.color; g.lineWidth = lw; g.stroke();
    }
    return {el: el, half: half, dpr: dpr};
  }

  function* drawPoints(ctxs, K, st, occ) {
    var k = st.k, bx = K.ox * k - st.wx, by = K.oy * k - st.wy;
    var dpr = window.devicePixelRatio || 1;
    if (!K.sprite || K.sprite.dpr !== dpr || K.sprite.style !== opt) {
      K.sprite = sprite(dpr); K.sprite.style = opt;
    }
    var img = K.sprite.el, half = K.sprite.half, m = half, w = st.w, h = st.h, xy = K.xy;
    var list = select(K, (-m - bx) / k, (-m - by) / k, (w + m - bx) / k, (h + m - by) / k);
    var count = list ? list.length : K.items, ctx = ctxs.point;
    for (var j = 0; j < count; j++) {
      var q = list ? list[j] : j;
      var x = Math.round(xy[2 * q] * k + bx), y = Math.round(xy[2 * q + 1] * k + by);
      if (x >= -m && y >= -m && x <= w + m && y <= h + m) {
        var inside = x >= 0 && y >= 0 && x < w && y < h, key = x + y * w;
        if (!inside || !occ[key]) {
          if (inside) occ[key] = 1;
          ctx.drawImage(img, x - half, y - half, 2 * half, 2 * half);
          work++;
        }
      }
      if ((j & CHECK) === CHECK && late()) yield;
    }
  }

  function near(K, f, x, y, tol) {
    var xy = K.xy, pr = K.pr, rv = K.rv, t2 = tol * tol, closed = K.kind === "polygon";
    for (var q = K.fp[f]; q < K.fp[f + 1]; q++) {
      for (var r = pr[q]; r < pr[q + 1]; r++) {
        var a = rv[r], b = rv[r + 1];
        for (var i = closed ? a : a + 1, j = closed ? b - 1 : a; i < b; j = i++) {
          var ax = xy[2 * j], ay = xy[2 * j + 1], dx = xy[2 * i] - ax, dy = xy[2 * i + 1] - ay;
          var l2 = dx * dx + dy * dy, t = l2 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
          t = Math.max(0, Math.min(1, t));
          var ex = ax + t * dx - x, ey = ay + t * dy - y;
          if (ex * ex + ey * ey <= t2) return true;
        }
      }
    }
    return false;
  }
  function within(K, f, x, y) {
    var xy = K.xy, pr = K.pr, rv = K.rv;
    for (var q = K.fp[f]; q < K.fp[f + 1]; q++) {
      var inside = false;
      for (var r = pr[q]; r < pr[q + 1]; r++) {
        for (var i = rv[r], j = rv[r + 1] - 1; i < rv[r + 1]; j = i++) {
          var xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
          if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
      }
      if (inside) return true;
    }
    return false;
  }
  function hitPoints(K, x, y, k) {
    var G = K.grid, tol = (opt.radius + opt.weight / 2 + SLOP) / k, best = -1, bd = tol * tol;
    var R = range(G, x - tol, y - tol, x + tol, y + tol);
    if (!R) return -1;
    for (var r = R[2]; r <= R[3]; r++) {
      for (var c = R[0]; c <= R[1]; c++) {
        for (var i = G.start[r * G.gx + c]; i < G.start[r * G.gx + c + 1]; i++) {
          var q = G.items[i], dx = K.xy[2 * q] - x, dy = K.xy[2 * q + 1] - y;
          if (dx * dx + dy * dy <= bd) { bd = dx * dx + dy * dy; best = q; }
        }
      }
    }
    return best < 0 || !K.pf ? best : K.pf[best];
  }
  function hitPaths(K, x, y, k) {
    var G = K.grid, bb = K.bb, tol = (opt.weight / 2 + SLOP) / k, best = -1;
    var R = range(G, x - tol, y - tol, x + tol, y + tol);
    if (!R) return -1;
    for (var r = R[2]; r <= R[3]; r++) {
      for (var c = R[0]; c <= R[1]; c++) {
        for (var i = G.start[r * G.gx + c]; i < G.start[r * G.gx + c + 1]; i++) {
          var f = G.items[i];
          if (f <= best || x < bb[4 * f] - tol || x > bb[4 * f + 2] + tol ||
              y < bb[4 * f + 1] - tol || y > bb[4 * f + 3] + tol) continue;
          var tiny = (bb[4 * f + 2] - bb[4 * f]) * k < DOT &&
                     (bb[4 * f + 3] - bb[4 * f + 1]) * k < DOT;
          if (tiny || (K.kind === "polygon" && within(K, f, x, y)) ||
              near(K, f, x, y, tol)) best = f;
        }
      }
    }
    return best;
  }

  var kinds = null;
  var FastCanvas = L.Layer.extend({
    options: {pane: "overlayPane"},

    onAdd: function (map) {
      if (map.options.crs !== L.CRS.EPSG3857) console.warn("FastLayer draws Web Mercator only");
      this._front = this._buffer();
      this._back = this._buffer();
      this._tip = this._tip || L.tooltip({opacity: 0.9});
      this._drawer = this._drawer || new Slicer(true);
      this._redraw(true);
    },
    onRemove: function () {
      this._drawer.cancel();
      this._hide();
      L.DomUtil.remove(this._front.el);
      L.DomUtil.remove(this._back.el);
      this._front = this._back = null;
    },
    getEvents: function () {
      var events = {viewreset: this._reset, zoom: this._onZoom, moveend: this._onMoveEnd,
                    resize: this._onResize, mousemove: this._onMove, mouseout: this._hide,
                    zoomstart: this._hide};
      if (this._zoomAnimated) events.zoomanim = this._onAnim;
      return events;
    },
    getBounds: function () {
      var b = L.latLngBounds([]);
      function unproject(K, x, y) {
        var wy = (K.oy + y) / 256, wx = (K.ox + x) / 256;
        return [(2 * Math.atan(Math.exp(Math.PI * (1 - 2 * wy))) - Math.PI / 2) / RAD,
                (wx - 0.5) * 360];
      }
      for (var kind in kinds || {}) {
        var K = kinds[kind], e = K.ext;
        if (e[0] <= e[2]) b.extend([unproject(K, e[0], e[3]), unproject(K, e[2], e[1])]);
      }
      return b;
    },
    setStyle: function (s) {
      opt = L.extend({}, opt, s);
      if (this._map) this._redraw(true);
      return this;
    },

    _buffer: function () {
      var el = L.DomUtil.create("div", "leaflet-zoom-animated atlas-fast-layer", this.getPane());
      el.style.cssText = "position:absolute;left:0;top:0;pointer-events:none;display:none";
      var b = {el: el, state: null};
      ["fill", "line", "point"].forEach(function (name) {
        b[name] = L.DomUtil.create("canvas", "", el);
        b[name].style.cssText = "position:absolute;left:0;top:0";
        b[name].width = b[name].height = 0;
      });
      return b;
    },
    _ready: function () { if (this._map) this._redraw(true); },
    // Where a canvas drawn for an earlier view goes in this one: Leaflet's renderer transform.
    _place: function (c, center, zoom) {
      if (!c || !c.state) return;
      var map = this._map, s = map.getZoomScale(zoom, c.state.zoom);
      var o = map._getNewPixelOrigin(center, zoom);
      var off = L.point(c.state.wx * s - o.x, c.state.wy * s - o.y);
      if (L.Browser.any3d) L.DomUtil.setTransform(c.el, off, s);
      else if (s === 1) L.DomUtil.setPosition(c.el, off);
      else c.el.style.display = "none";
    },
    _onAnim: function (e) { this._drawer.cancel(); this._place(this._front, e.center, e.zoom); },
    _onZoom: function () {
      this._drawer.cancel();
      this._place(this._front, this._map.getCenter(), this._map.getZoom());
    },
    _reset: function () {  // fired after moveend
      this._place(this._front, this._map.getCenter(), this._map.getZoom());
      this._redraw(false);
    },
    _onMoveEnd: function () { this._redraw(false); },
    _onResize: function () { this._redraw(true); },

    _redraw: function (force) {
      var map = this._map, size = map.getSize();
      if (!kinds || !size.x || !size.y) return;
      var zoom = map.getZoom(), po = map.getPixelOrigin(), f = this._front.state;
      var view = map.containerPointToLayerPoint([0, 0]).add(po);
      if (!force && f && f.zoom === zoom && f.sw === size.x && f.sh === size.y) {
        var mx = size.x * PAD / 2, my = size.y * PAD / 2;
        if (view.x - mx >= f.wx && view.y - my >= f.wy && view.x + size.x + mx <= f.wx + f.w &&
            view.y + size.y + my <= f.wy + f.h) {
          this._drawer.cancel();  // still inside the drawn margin: nothing new to show
          return;
        }
      }
      var min = map.containerPointToLayerPoint(size.multiplyBy(-PAD)).round();
      var st = {zoom: zoom, k: Math.pow(2, zoom), wx: min.x + po.x, wy: min.y + po.y,
                w: Math.round(size.x * (1 + 2 * PAD)), h: Math.round(size.y * (1 + 2 * PAD)),
                sw: size.x, sh: size.y};
      var buf = this._back, dpr = window.devicePixelRatio || 1, cx = {};
      var used = {fill: !!kinds.polygon, line: !!(kinds.polygon || kinds.line),
                  point: !!kinds.point};
      for (var name in used) {
        var el = buf[name], pw = used[name] ? Math.round(st.w * dpr) : 0;
        var ph = used[name] ? Math.round(st.h * dpr) : 0, ctx = el.getContext("2d");
        if (el.width !== pw || el.height !== ph) {  // a resize reallocates: tens of ms
          el.width = pw; el.height = ph;
          el.style.width = st.w + "px"; el.style.height = st.h + "px";
        }
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, pw, ph);
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.lineCap = ctx.lineJoin = "round";
        cx[name] = ctx;
      }
      buf.fill.style.opacity = opt.fillOpacity;
      buf.line.style.opacity = opt.opacity;
      if (!this._occ || this._occ.length !== st.w * st.h) this._occ = new Uint8Array(st.w * st.h);
      var self = this;
      this._drawer.run(this._draw(cx, st, this._occ), function () { self._swap(st); });
    },
    _draw: function* (cx, st, occ) {
      var order = ["polygon", "line", "point"];
      for (var i = 0; i < order.length; i++) {
        var K = kinds[order[i]];
        if (!K) continue;
        occ.fill(0);
        yield* (K.kind === "point" ? drawPoints : drawPaths)(cx, K, st, occ);
      }
    },
    _swap: function (st) {
      var shown = this._back, hidden = this._front;
      shown.state = st;
      L.DomUtil.setPosition(shown.el, L.point(st.wx, st.wy).subtract(this._map.getPixelOrigin()));
      shown.el.style.display = "";
      hidden.el.style.display = "none";
      hidden.state = null;
      this._front = shown; this._back = hidden;
      window.atlasFastDraws = (window.atlasFastDraws || 0) + 1;
    },

    _hit: function (latlng) {
      var map = this._map, zoom = map.getZoom(), k = Math.pow(2, zoom);
      var p = map.project(latlng, zoom), order = ["point", "line", "polygon"];
      for (var i = 0; i < order.length; i++) {
        var K = kinds[order[i]];
        if (!K) continue;
        var x = p.x / k - K.ox, y = p.y / k - K.oy;
        var f = K.kind === "point" ? hitPoints(K, x, y, k) : hitPaths(K, x, y, k);
        if (f >= 0) return K.labels ? K.labels[f] : "";
      }
      return "";
    },
    _onMove: function (e) {
      var map = this._map, target = e.originalEvent && e.originalEvent.target;
      if (!kinds || map._animatingZoom || (map.dragging && map.dragging.moving()) ||
          (target && target.classList && target.classList.contains("leaflet-interactive"))) {
        return this._hide();
      }
      var text = this._hit(e.latlng);
      if (!text) return this._hide();
      if (text !== this._text) { this._tip.setContent(text); this._text = text; }
      this._tip.setLatLng(e.latlng);
      if (!map.hasLayer(this._tip)) map.openTooltip(this._tip);
    },
    _hide: function () {
      var map = this._map;
      if (map && this._tip && map.hasLayer(this._tip)) map.closeTooltip(this._tip);
    }
  });

  var layer = new FastCanvas().addTo(parent);
  new Slicer(false).run((function* () {
    var found = {}, total = 0;
    for (var kind in data) {
      var d = data[kind];
      found[kind] = yield* (kind === "point" ? decodePoints(d) : decodePaths(d, kind));
      yield* index(found[kind]);
      total += d.n;
      d.coords = d.owner = d.vertices = d.rings = d.parts = null;  // now in typed arrays
    }
    kinds = found;
    layer._ready();
    window.atlasFastLayers = (window.atlasFastLayers || 0) + total;
  })());
})();
{% endmacro %}
""")

    def __init__(self, packed: Packed, style: dict | None = None):
        super().__init__()
        self._name = "FastLayer"
        self.packed = packed
        self.scale = SCALE
        merged = {**DEFAULT_STYLE, **(style or {})}
        self.style_json = "{" + ",".join(f"{_js(str(k))}:{_js(v)}" for k, v in merged.items()) + "}"
