"""The base map's reference layers (``data/base``) drawn on a folium map: calm, light, offline.

Department lines, lakes, rivers and place names sit in panes under the environmental layers and
the sites, and take no clicks. Labels are real text, placed by a few lines of our own script:
on every move the candidates in view (plus a margin) are taken in rank order and a label whose
box would overlap one already placed, or a site marker, is skipped, so names never pile up.

Everything the browser gets is one JSON payload, built once per process and language
(``lru_cache``): the explorer reruns on every click, and streamlit-folium remounts a map whose
script text changes, so the base must come out byte-identical every time. Names reach the page
as JSON in a script (``<``, ``>``, ``&`` and braces as ``\\u`` escapes) and become DOM text
through ``textContent``, never markup; the one HTML string, the attribution, is escaped.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from functools import lru_cache

import folium
import numpy as np
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import LineString, shape

from geo import foliumfix
from geo.basedata import BASE_DIR, CATALOG_FILE, DEPARTMENTS_FILE, PLACES_FILE, WATER_FILE
from geo.escape import escape
from geo.fastlayer import encode_polyline
from geo.i18n import t

foliumfix.install()  # a 100 kB payload must not be compiled as Jinja a second time

SCALE = 1e4  # the base files' 1e-4° grid: integers, so the polyline encoding is exact
# Panes between the land (150) and the tiles (200): online, street tiles cover the base.
PANES = (("baserivers", 154), ("baselakes", 155), ("basedept", 157), ("baselabels", 190))
RIVER_MIN_ZOOM = (5, 5, 5, 6, 8)  # by WDBII class: minor rivers only when zoomed in
LABEL_CLASSES = ("village", "town", "city", "capital", "national")
DEPT_ZOOMS = (6, 9)
RIVER_LABEL_SPACING_DEG = 0.6
BIG_LAKE_KM2 = 1000
LANGS = ("en", "es", "ja")

STYLE = """<style>
.atlas-base-label{position:absolute;left:0;top:0;white-space:nowrap;pointer-events:none;
 font-family:"Helvetica Neue",Helvetica,Arial,"Liberation Sans","Hiragino Sans","Yu Gothic",
 Meiryo,IPAGothic,sans-serif;line-height:1.15;color:#3d3d3d;
 text-shadow:-1px -1px 0 #fff,1px -1px 0 #fff,-1px 1px 0 #fff,1px 1px 0 #fff,0 0 2px #fff}
.atlas-place-label{display:flex;align-items:center;gap:4px;font-size:12.5px}
.atlas-place-label i{flex:none;display:block;width:4px;height:4px;border-radius:50%;
 background:#6b6b6b;box-shadow:0 0 0 1.5px rgba(255,255,255,.9)}
.atlas-place-label.atlas-left{flex-direction:row-reverse}
.atlas-place-label.atlas-above{flex-direction:column-reverse;gap:2px}
.atlas-place-label.atlas-below{flex-direction:column;gap:2px}
.atlas-village{font-size:11.5px;color:#5c5c5c}
.atlas-village i{width:3px;height:3px;background:#8a8a8a}
.atlas-city{font-size:13.5px;font-weight:600;color:#333}
.atlas-city i{width:5px;height:5px;background:#555}
.atlas-capital{font-size:14.5px;font-weight:700;color:#2b2b2b}
.atlas-capital i{width:5px;height:5px;background:#fff;border:1.5px solid #333}
.atlas-national{font-size:15.5px;font-weight:700;color:#222}
.atlas-national i{width:7px;height:7px;background:#333;border:2px solid #fff;
 box-shadow:0 0 0 1.5px #333}
.atlas-dept-label{font-size:11.5px;font-weight:600;letter-spacing:.14em;text-transform:uppercase;
 color:#9c8d72}
.atlas-water-label{font-size:12px;font-style:italic;color:#3f76a6;letter-spacing:.03em;
 transform-origin:50% 50%}
.atlas-water-label.atlas-lake{font-size:13px}
</style>"""


@dataclass(frozen=True)
class BaseData:
    """The committed base files, parsed once: what every payload is made of."""

    places: tuple[dict, ...]
    dept_lines: tuple
    dept_labels: tuple[dict, ...]
    rivers: tuple[tuple[dict, object], ...]
    lakes: tuple[tuple[dict, object], ...]
    catalog: dict


@lru_cache(maxsize=1)
def base_data() -> BaseData:
    with open(BASE_DIR / PLACES_FILE, encoding="utf-8", newline="") as f:
        places = tuple({**row, "rank": int(row["rank"]), "geonameid": int(row["geonameid"]),
                        "lon": float(row["lon"]), "lat": float(row["lat"]),
                        "population": int(row["population"]), "capital": int(row["capital"]),
                        "min_zoom": int(row["min_zoom"])} for row in csv.DictReader(f))
    depts = json.loads((BASE_DIR / DEPARTMENTS_FILE).read_text(encoding="utf-8"))["features"]
    water = json.loads((BASE_DIR / WATER_FILE).read_text(encoding="utf-8"))["features"]
    return BaseData(
        places=places,
        dept_lines=tuple(shape(f["geometry"]) for f in depts
                         if f["properties"]["kind"] == "border"),
        dept_labels=tuple({**f["properties"], "lon": f["geometry"]["coordinates"][0],
                           "lat": f["geometry"]["coordinates"][1]}
                          for f in depts if f["properties"]["kind"] == "label"),
        rivers=tuple((f["properties"], shape(f["geometry"])) for f in water
                     if f["properties"]["kind"] == "river"),
        lakes=tuple((f["properties"], shape(f["geometry"])) for f in water
                    if f["properties"]["kind"] == "lake"),
        catalog=json.loads((BASE_DIR / CATALOG_FILE).read_text(encoding="utf-8")),
    )


_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use stand-ins for braces inside strings


def script_json(value) -> str:
    """JSON that stays inert inside ``<script>`` and in a Jinja pass: ``<``, ``>``, ``&`` and
    every brace inside a string become ``\\u`` escapes; the object braces stay (outside
    strings JSON never writes ``{{``, ``{%`` or ``{#``)."""
    def hide(v):
        if isinstance(v, str):
            return v.replace("{", _OPEN).replace("}", _CLOSE)
        if isinstance(v, dict):
            return {k: hide(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [hide(x) for x in v]
        return v
    text = json.dumps(hide(value), ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       (_OPEN, "\\u007b"), (_CLOSE, "\\u007d")):
        text = text.replace(char, code)
    return text


def _encode(coords) -> str:
    """(lon, lat) pairs as one polyline string of (lat, lon) at the 1e-4° grid."""
    values = np.rint(np.asarray(coords, dtype=float)[:, ::-1] * SCALE).astype(np.int64)
    return encode_polyline(values)


def _lines(geom) -> list[str]:
    return [_encode(part.coords) for part in shapely.get_parts(geom) if len(part.coords) > 1]


def _rings(polygon) -> list[str]:
    out = []
    for part in shapely.get_parts(polygon):
        out.append(_encode(part.exterior.coords[:-1]))
        out += [_encode(ring.coords[:-1]) for ring in part.interiors]
    return out


def place_label_class(place: dict) -> int:
    if place["capital"] and place["name"] == "Lima":
        return 4
    if place["capital"]:
        return 3
    if place["min_zoom"] <= 5:
        return 2
    return 1 if place["min_zoom"] <= 8 else 0


def _name(record: dict, lang: str) -> str:
    """The name in the UI language: GeoNames' Japanese (katakana) name in Japanese when it has
    one, the English or Spanish name of a river or lake, else the local name."""
    if lang == "ja" and record.get("name_ja"):
        return record["name_ja"]
    return (record.get(f"name_{lang}") or record.get("name") or record.get("name_es")
            or record.get("name_en", ""))


def river_label_points(lines: list) -> list[list[float]]:
    """Candidate spots along a named river, each with a second point a little downstream so the
    label can follow the river's direction."""
    merged = shapely.line_merge(shapely.union_all(lines))
    out = []
    for part in sorted(shapely.get_parts(merged), key=lambda g: -g.length):
        if part.length < RIVER_LABEL_SPACING_DEG / 2:
            continue
        steps = max(1, int(part.length / RIVER_LABEL_SPACING_DEG))
        for i in range(steps):
            at = (i + 0.5) * part.length / steps
            a = part.interpolate(max(0.0, at - 0.08))
            b = part.interpolate(min(part.length, at + 0.08))
            c = part.interpolate(at)
            out.append([round(c.y, 3), round(c.x, 3), round(b.y - a.y, 3), round(b.x - a.x, 3)])
    return out


def _lake_label_point(polygon):
    biggest = max(shapely.get_parts(polygon), key=lambda p: p.area)
    return shapely.get_point(shapely.maximum_inscribed_circle(biggest, 0.005), 0)


def attribution(lang: str, catalog: dict | None = None) -> str:
    catalog = catalog or base_data().catalog
    sources = " · ".join(dict.fromkeys(entry["attribution"] for entry in catalog.values()))
    return escape(t("base.attribution", lang, sources=sources))


@lru_cache(maxsize=1)
def _shapes() -> dict:
    """The language-independent part of the payload: every line, ring and label spot."""
    data = base_data()
    rivers: dict[int, list[str]] = {c: [] for c in range(len(RIVER_MIN_ZOOM))}
    named: dict[str, list] = {}
    for props, geom in data.rivers:
        rivers[props["class"]] += _lines(geom)
        if props["river"]:
            named.setdefault(props["river"], []).append((props, geom))
    river_spots = []
    for river_id in sorted(named):
        parts = named[river_id]
        cls = min(p["class"] for p, _ in parts)
        main = [g for p, g in parts if p["class"] == cls]
        river_spots.append((parts[0][0], 5 if cls <= 1 else 6 if cls == 2 else 7,
                            river_label_points(main)))
    lakes, lake_spots = [], []
    for props, geom in data.lakes:
        lakes.append(_rings(geom))
        if props["river"]:
            point = _lake_label_point(geom)
            lake_spots.append((props, 5 if props["area_km2"] >= BIG_LAKE_KM2 else 7,
                               [[round(point.y, 3), round(point.x, 3), 0, 0]]))
    return {"rivers": [rivers[c] for c in sorted(rivers)], "lakes": lakes,
            "dept_lines": [s for g in data.dept_lines for s in _lines(g)],
            "river_spots": river_spots, "lake_spots": lake_spots}


def payload(lang: str, places: list[dict] | None = None) -> dict:
    """What the browser gets: compact arrays, places in rank order (the order labels are tried
    in), lines and rings as polyline strings."""
    data, shapes = base_data(), _shapes()
    ranked = sorted(places if places is not None else data.places, key=lambda p: p["rank"])
    water = [[_name(props, lang), zoom, 1, spots] for props, zoom, spots in shapes["river_spots"]]
    water += [[_name(props, lang), zoom, 0, spots] for props, zoom, spots in shapes["lake_spots"]]
    return {
        "attribution": attribution(lang, data.catalog),
        "places": {
            "ll": _encode([(p["lon"], p["lat"]) for p in ranked]) if ranked else "",
            "name": [_name(p, lang) for p in ranked],
            "id": [p["geonameid"] for p in ranked],
            "zoom": "".join(str(min(9, max(0, p["min_zoom"] - 1))) for p in ranked),
            "cls": "".join(str(place_label_class(p)) for p in ranked),
        },
        "depts": {
            "lines": shapes["dept_lines"],
            "labels": [[_name(d, lang), round(d["lat"], 3), round(d["lon"], 3)]
                       for d in data.dept_labels],
            "zooms": list(DEPT_ZOOMS),
        },
        "rivers": shapes["rivers"],
        "riverZoom": list(RIVER_MIN_ZOOM),
        "lakes": shapes["lakes"],
        "water": water,
    }


@lru_cache(maxsize=len(LANGS))
def payload_json(lang: str) -> str:
    return script_json(payload(lang))


class BaseDetail(MacroElement):
    """Draws the payload: canvas lines in their panes, restyled by zoom, and the labels."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var D = {{ this.payload }};
  function decode(s) {
    var out = [], i = 0, lat = 0, lon = 0, n = 0;
    while (i < s.length) {
      var v = 0, sh = 0, b;
      do { b = s.charCodeAt(i++) - 63; v |= (b & 31) << sh; sh += 5; } while (b >= 32);
      var d = (v & 1) ? ~(v >> 1) : (v >> 1);
      if (n++ % 2 === 0) { lat += d; } else { lon += d; out.push([lat / 1e4, lon / 1e4]); }
    }
    return out;
  }
  function canvas(pane) { return L.canvas({pane: pane, padding: 0.3}); }
  var quiet = {interactive: false, bubblingMouseEvents: false, lineCap: "round",
               lineJoin: "round"};
  var riverR = canvas("baserivers"), lakeR = canvas("baselakes"), deptR = canvas("basedept");
  var WEIGHTS = [[1.0, 1.3, 1.7, 2.2, 2.8, 3.2], [1.4, 1.8, 2.3, 2.9, 3.5, 4.0],
                 [0.9, 1.2, 1.6, 2.0, 2.5, 3.0], [0.6, 0.8, 1.1, 1.4, 1.8, 2.2],
                 [0.5, 0.6, 0.8, 1.0, 1.3, 1.6]];
  var rivers = D.rivers.map(function (lines) {
    return L.polyline(lines.map(decode), L.extend({renderer: riverR, color: "#86b6dc",
                                                    opacity: 1, weight: 1}, quiet));
  });
  L.polygon(D.lakes.map(function (rings) { return rings.map(decode); }),
            L.extend({renderer: lakeR, color: "#8fb9da", weight: 0.8, fillColor: "#b4d4ec",
                      fillOpacity: 1}, quiet)).addTo(map);
  var depts = L.polyline(D.depts.lines.map(decode),
                         L.extend({renderer: deptR, color: "#b09f84", weight: 1, opacity: 0.85,
                                   dashArray: "5 4"}, quiet)).addTo(map);
  function restyle() {
    var z = map.getZoom(), k = Math.max(0, Math.min(5, Math.round(z) - 5));
    rivers.forEach(function (layer, cls) {
      var on = z >= D.riverZoom[cls];
      if (on && !map.hasLayer(layer)) { layer.addTo(map); }
      if (!on && map.hasLayer(layer)) { map.removeLayer(layer); }
      if (on) { layer.setStyle({weight: WEIGHTS[cls][k]}); }
    });
    depts.setStyle({weight: z >= 8 ? 1.3 : 1});
  }

  var CLASSES = ["atlas-village", "atlas-town", "atlas-city", "atlas-capital", "atlas-national"];
  var pane = map.getPane("baselabels"), labels = [];
  var ll = decode(D.places.ll);
  ll.forEach(function (p, i) {
    var cls = +D.places.cls[i], z = +D.places.zoom[i] + 1;
    labels.push({kind: "place", ll: L.latLng(p), z: z, zmax: 99, text: D.places.name[i], cls: cls,
                 id: D.places.id[i], css: "atlas-base-label atlas-place-label " + CLASSES[cls],
                 p: z * 10});
  });
  D.depts.labels.forEach(function (d) {
    labels.push({kind: "dept", ll: L.latLng(d[1], d[2]), z: D.depts.zooms[0],
                 zmax: D.depts.zooms[1], text: d[0], css: "atlas-base-label atlas-dept-label",
                 p: 55});
  });
  D.water.forEach(function (w) {
    labels.push({kind: w[2] ? "river" : "lake", spots: w[3], z: w[1], zmax: 99, text: w[0],
                 css: "atlas-base-label atlas-water-label" + (w[2] ? "" : " atlas-lake"),
                 p: w[1] * 10 + (w[2] ? 2 : 1)});
  });
  labels.sort(function (a, b) { return a.p - b.p; });  // stable: places keep their rank

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]) { return true; }
    }
    return false;
  }
  function inside(b) { return b[0] >= 0 && b[1] >= 0 && b[2] <= size.x && b[3] <= size.y; }
  var size = map.getSize();
  function markers(origin) {
    // Site symbols where Leaflet puts them (not mid-animation), and the map's controls.
    var out = [];
    map.getContainer().querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon")
      .forEach(function (el) {
        var pos = el._leaflet_pos, w = el.offsetWidth, h = el.offsetHeight;
        if (!pos || !w) { return; }
        var x = pos.x - origin.x + (parseFloat(el.style.marginLeft) || 0);
        var y = pos.y - origin.y + (parseFloat(el.style.marginTop) || 0);
        out.push([x, y, x + w, y + h]);
      });
    var r0 = map.getContainer().getBoundingClientRect();
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (el) {
      var r = el.getBoundingClientRect();  // zoom buttons, legend, scale, attribution
      if (r.width) {
        out.push([r.left - r0.left - 3, r.top - r0.top - 3, r.right - r0.left + 3,
                  r.bottom - r0.top + 3]);
      }
    });
    return out;
  }
  function element(lab) {
    if (!lab.el) {
      var el = document.createElement("div");
      el.className = lab.css;
      if (lab.id) { el.setAttribute("data-place-id", lab.id); }
      if (lab.kind === "place") { el.appendChild(document.createElement("i")); }
      var span = document.createElement("span");
      span.textContent = lab.text;
      el.appendChild(span);
      el.style.visibility = "hidden";
      pane.appendChild(el);
      lab.el = el;
    }
    return lab.el;
  }
  function boxAround(x, y, w, h, angle) {
    var a = Math.abs(angle) * Math.PI / 180;
    var bw = w * Math.cos(a) + h * Math.sin(a), bh = w * Math.sin(a) + h * Math.cos(a);
    return [x - bw / 2 - 2, y - bh / 2 - 2, x + bw / 2 + 2, y + bh / 2 + 2];
  }
  var shown = [];
  function layout() {
    size = map.getSize();
    if (!size.x || !size.y) { return; }
    var z = map.getZoom(), M = 60, placed = [], todo = [];
    var origin = map.containerPointToLayerPoint([0, 0]), sites = markers(origin);
    labels.forEach(function (lab) {
      if (z < lab.z || z > lab.zmax) { return; }
      if (lab.kind === "river" || lab.kind === "lake") {
        var spots = [];
        lab.spots.forEach(function (s) {
          var c = map.latLngToContainerPoint([s[0], s[1]]);
          if (c.x > M && c.y > M && c.x < size.x - M && c.y < size.y - M) {
            var d = map.latLngToContainerPoint([s[0] + s[2], s[1] + s[3]]);
            spots.push({c: c, d: d, dist: c.distanceTo(size.divideBy(2))});
          }
        });
        if (!spots.length) { return; }
        spots.sort(function (a, b) { return a.dist - b.dist; });
        todo.push({lab: lab, spots: spots});
      } else {
        var c = map.latLngToContainerPoint(lab.ll);
        if (c.x < -M || c.y < -M || c.x > size.x + M || c.y > size.y + M) { return; }
        todo.push({lab: lab, c: c});
      }
    });
    var fresh = todo.filter(function (t) { return !t.lab.el; });
    fresh.forEach(function (t) { element(t.lab); });
    fresh.forEach(function (t) {
      var el = t.lab.el, span = el.lastChild, dot = el.firstChild;
      t.lab.w = el.offsetWidth;
      t.lab.h = el.offsetHeight;
      t.lab.tw = span.offsetWidth;
      t.lab.th = span.offsetHeight;
      t.lab.dot = t.lab.kind === "place" ? dot.offsetWidth : 0;
    });
    var now = [];
    todo.forEach(function (t) {
      var lab = t.lab, w = lab.w, h = lab.h, el = lab.el, done = false;
      if (lab.kind === "place") {
        var x = t.c.x, y = t.c.y, d = lab.dot / 2, tw = lab.tw, th = lab.th, pick = null;
        var dotBox = [x - d - 1, y - d - 1, x + d + 1, y + d + 1];
        if (!overlaps(dotBox, placed)) {
          var far = lab.cls >= 3 ? 45 : 20;  // capitals may step further aside
          for (var k = 0; k <= far && !pick; k += k < 20 ? 10 : 12.5) {
            var g = 4 + k, c = 2 + k;
            var sides = [["", g, x - d, y - h / 2,
                          [x + d + g, y - th / 2, x + d + g + tw, y + th / 2]],
                         ["atlas-left", g, x - d - g - tw, y - h / 2,
                          [x - d - g - tw, y - th / 2, x - d - g, y + th / 2]],
                         ["atlas-above", c, x - tw / 2, y - d - c - th,
                          [x - tw / 2, y - d - c - th, x + tw / 2, y - d - c]],
                         ["atlas-below", c, x - tw / 2, y - d,
                          [x - tw / 2, y + d + c, x + tw / 2, y + d + c + th]]];
            for (var i = 0; i < sides.length && !pick; i++) {
              var b = sides[i][4], box = [b[0] - 2, b[1] - 1, b[2] + 2, b[3] + 1];
              if (inside(box) && !overlaps(box, placed) && !overlaps(box, sites)) {
                pick = sides[i];
                pick[4] = box;
              }
            }
          }
        }
        if (pick) {
          ["atlas-left", "atlas-above", "atlas-below"].forEach(function (c) {
            el.classList.toggle(c, c === pick[0]);
          });
          el.style.gap = pick[1] + "px";
          el.style.transform = "translate(" + (origin.x + pick[2]) + "px," +
                               (origin.y + pick[3]) + "px)";
          placed.push(pick[4], dotBox);
          done = true;
        }
      } else if (lab.kind === "dept") {
        var b = boxAround(t.c.x, t.c.y, w, h, 0);
        if (inside(b) && !overlaps(b, placed) && !overlaps(b, sites)) {
          el.style.transform = "translate(" + (origin.x + t.c.x - w / 2) + "px," +
                               (origin.y + t.c.y - h / 2) + "px)";
          placed.push(b);
          done = true;
        }
      } else {
        var used = [];
        t.spots.forEach(function (s) {
          if (used.length >= 3) { return; }
          for (var j = 0; j < used.length; j++) { if (used[j].distanceTo(s.c) < 450) { return; } }
          var ang = Math.atan2(s.d.y - s.c.y, s.d.x - s.c.x) * 180 / Math.PI;
          if (ang > 90) { ang -= 180; }
          if (ang < -90) { ang += 180; }
          if (lab.kind === "lake") { ang = 0; }
          var b = boxAround(s.c.x, s.c.y, w, h, ang);
          if (!inside(b) || overlaps(b, placed) || overlaps(b, sites)) { return; }
          placed.push(b);
          used.push(s.c);
          if (used.length === 1) {
            el.style.transform = "translate(" + (origin.x + s.c.x - w / 2) + "px," +
                                 (origin.y + s.c.y - h / 2) + "px) rotate(" + ang + "deg)";
          } else {
            var copy = el.cloneNode(true);
            copy.className += " atlas-copy";
            copy.style.transform = "translate(" + (origin.x + s.c.x - w / 2) + "px," +
                                   (origin.y + s.c.y - h / 2) + "px) rotate(" + ang + "deg)";
            pane.appendChild(copy);
          }
        });
        done = used.length > 0;
      }
      el.style.visibility = done ? "visible" : "hidden";
      if (done) { now.push(el); }
    });
    shown.forEach(function (el) { if (now.indexOf(el) < 0) { el.style.visibility = "hidden"; } });
    shown = now;
    pane.style.visibility = "visible";
    map.fire("atlasbaselabels");
  }
  var timer = null;
  function later(ms) { clearTimeout(timer); timer = setTimeout(run, ms); }
  function run() {
    pane.querySelectorAll(".atlas-copy").forEach(function (el) { el.remove(); });
    layout();
  }
  map.on("zoomstart", function () { pane.style.visibility = "hidden"; });
  map.on("zoomend", restyle);
  map.on("moveend resize", function () { run(); later(450); });
  map.on("layeradd", function (e) {
    var group = e.layer;
    if (group && group._featureGroup && !group._atlasBase) {  // a marker cluster group
      group._atlasBase = true;
      group.on("animationend spiderfied unspiderfied", function () { later(30); });
    }
    later(80);
  });
  map.attributionControl && map.attributionControl.addAttribution(D.attribution);
  restyle();
  map.whenReady(function () { later(0); });
  window.atlasBaseLabels = {layout: run, labels: labels, overlaps: overlaps};
})();{% endmacro %}
""")

    def __init__(self, payload_text: str):
        super().__init__()
        self._name = "BaseDetail"
        self.payload = payload_text


def add_base_detail(m: folium.Map, lang: str, *, places: list[dict] | None = None) -> None:
    """Department lines, water and place names under everything else on the map.

    ``places`` replaces the committed places (the tests inject hostile names this way); the
    usual call reuses the payload serialised once per language.
    """
    for name, z_index in PANES:
        folium.map.CustomPane(name, z_index=z_index, pointer_events=False).add_to(m)
    m.get_root().header.add_child(Element(STYLE), name="atlas_base_style")
    text = payload_json(lang) if places is None else script_json(payload(lang, places))
    BaseDetail(text).add_to(m)


def payload_stats(lang: str = "en") -> dict:
    """Bytes the base sends, split by what each zoom draws (everything is sent at once)."""
    data = payload(lang)
    places = data["places"]
    zooms = [int(z) + 1 for z in places["zoom"]]
    coords = _place_coord_sizes(places["ll"], len(zooms))
    per_place = [coords[i] + len(json.dumps(places["name"][i], ensure_ascii=False).encode())
                 + len(str(places["id"][i])) + 4
                 for i in range(len(zooms))]
    river_bytes = [sum(len(s) + 3 for s in lines) for lines in data["rivers"]]
    rows = []
    for z in range(5, 11):
        rows.append({
            "zoom": z,
            "places": sum(1 for q in zooms if q <= z),
            "place_bytes": sum(b for b, q in zip(per_place, zooms, strict=True) if q <= z),
            "river_bytes": sum(b for b, q in zip(river_bytes, RIVER_MIN_ZOOM, strict=True)
                               if q <= z),
        })
    text = payload_json(lang).encode()
    return {
        "rows": rows,
        "payload_bytes": len(text),
        "place_bytes": sum(per_place),
        "river_bytes": sum(river_bytes),
        "lake_bytes": len(json.dumps(data["lakes"])),
        "dept_bytes": len(json.dumps(data["depts"], ensure_ascii=False).encode()),
        "water_label_bytes": len(json.dumps(data["water"], ensure_ascii=False).encode()),
        "html_bytes_added": html_bytes_added(lang),
    }


def _place_coord_sizes(encoded: str, n: int) -> list[int]:
    """Characters each place takes in the polyline string (two numbers each)."""
    sizes, count, chars = [], 0, 0
    for ch in encoded:
        chars += 1
        if ord(ch) - 63 < 0x20:
            count += 1
            if count % 2 == 0:
                sizes.append(chars)
                chars = 0
    return sizes + [0] * (n - len(sizes))


def html_bytes_added(lang: str = "en") -> int:
    """The explorer's base map HTML, minus the same map with the base detail taken out."""
    from geo.mapview import build_base_map

    def size(keep: bool) -> int:
        m = build_base_map(lang)
        if not keep:
            ours = {name for name, _ in PANES}
            for key, child in list(m._children.items()):
                if isinstance(child, BaseDetail) or getattr(child, "name", "") in ours:
                    del m._children[key]
            m.get_root().header._children.pop("atlas_base_style", None)
        return len(m.get_root().render().encode())

    return size(True) - size(False)


def payload_report(lang: str = "en") -> str:
    s = payload_stats(lang)
    lines = [(f"base map payload ({lang}): {s['payload_bytes']:,} bytes of script data; "
              f"map HTML +{s['html_bytes_added']:,} bytes"),
             (f"  places {s['place_bytes']:,} · rivers {s['river_bytes']:,} · lakes "
              f"{s['lake_bytes']:,} · departments {s['dept_bytes']:,} · water names "
              f"{s['water_label_bytes']:,}"),
             "  zoom  places  place bytes  river bytes (drawn at this zoom; all sent at once)"]
    for r in s["rows"]:
        lines.append(f"  {r['zoom']:>4}  {r['places']:>6}  {r['place_bytes']:>11,}  "
                     f"{r['river_bytes']:>11,}")
    return "\n".join(lines)


def nearest_places(lat: float, lon: float, n: int = 4, max_zoom: int = 7) -> list[dict]:
    """The closest labelled places to a point (for the PDF inset), capitals first in a tie."""
    def km(p: dict) -> float:
        x = math.radians(p["lon"] - lon) * math.cos(math.radians((p["lat"] + lat) / 2))
        return 6371.0 * math.hypot(x, math.radians(p["lat"] - lat))
    pool = [p for p in base_data().places if p["min_zoom"] <= max_zoom]
    return sorted(pool, key=lambda p: (km(p), p["rank"]))[:n]


def named_water_lines() -> list[tuple[dict, LineString]]:
    return [(p, g) for p, g in base_data().rivers if p["river"]]
