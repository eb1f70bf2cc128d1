"""Big layers (tens of thousands of features) as one compact, canvas-drawn map layer.

folium's natural way — one object per feature, or a raw ``GeoJson`` with every vertex at full
float precision — builds slowly and ships megabytes (10,000 markers: seconds, ~5 MB). Here the
geometry is simplified to what the chosen zoom can show, snapped to a 1e-5° grid (~1 m),
delta-encoded as one polyline string (Google's encoding, ~2–3 bytes per coordinate) and drawn
by a few lines of JavaScript on a Leaflet canvas renderer. Every step is vectorised in
shapely/NumPy, and the result is cached on a fingerprint of the data, so a rerun with the same
layer does not rebuild it. ``python -m bench`` measures all of this against the naive way.
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
    return {"coords": encode_polyline(latlon), "owner": np.bincount(owner, minlength=len(geoms))}


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
    return {"coords": encode_polyline(latlon), "vertices": counts, "rings": ring_count,
            "parts": part_count}


def _js(value) -> str:
    """JSON that is also inert in a ``<script>`` element and in branca's second Jinja pass.

    Encoded polylines use the characters 63–126, so ``{{`` can occur in them: braces, like
    ``<``, become ``\\u`` escapes inside strings (outside strings JSON never puts two together).
    """
    if isinstance(value, np.ndarray):
        return json.dumps(value.tolist(), separators=(",", ":"))
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("{", "\\u007b"), ("}", "\\u007d")):
        text = text.replace(char, code)
    return text


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
        fields = {key: _js(value) for key, value in part.items()}
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

    Tooltips are bound on first hover, not up front: 50,000 tooltip objects would cost more
    than drawing the features.
    """

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

    def __init__(self, packed: Packed, style: dict | None = None):
        super().__init__()
        self._name = "FastLayer"
        self.packed = packed
        self.scale = SCALE
        merged = {**DEFAULT_STYLE, **(style or {})}
        self.style_json = json.dumps(merged)
