"""Big layers: the compact canvas encoding, its cache, and files users bring (no timings here:
speed is measured by ``python -m bench``, never asserted)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.run import bare_map, render, static_server
from bench.synthetic import concessions, points
from geo.envmap import user_layer_group
from geo.escape import escape
from geo.fastlayer import (
    SCALE,
    FastLayer,
    PackCache,
    decode_polyline,
    degrees_per_pixel,
    encode_polyline,
    fingerprint,
    pack,
)
from geo.layers import load_layers
from geo.screening import screen
from geo.tables import screening_table
from geo.userlayer import MAX_FEATURES, UserLayerError, pick_label, read_user_layer, screen_against

coordinate = st.integers(min_value=-18_000_000, max_value=18_000_000)


def test_polyline_matches_googles_reference_example():
    latlon = np.array([[3850000, -12020000], [4070000, -12095000], [4325200, -12645300]])
    assert encode_polyline(latlon) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=60))
def test_polyline_round_trips_any_coordinates(pairs):
    values = np.array(pairs, dtype=np.int64)
    assert (decode_polyline(encode_polyline(values)) == values).all()


def _decoded(payload: str, kind: str) -> np.ndarray:
    return decode_polyline(json.loads(payload)[kind]["coords"]) / SCALE


def test_points_keep_position_to_a_metre_and_every_label():
    frame = points(500)
    packed = pack(frame, "name")
    data = json.loads(packed.payload)
    xy = _decoded(packed.payload, "point")
    assert packed.counts == {"point": 500, "line": 0, "polygon": 0}
    assert np.abs(xy[:, ::-1] - shapely.get_coordinates(frame.geometry.values)).max() <= 0.5e-5
    assert data["point"]["labels"][:2] == ["Point 00000", "Point 00001"]


def test_polygons_are_simplified_within_half_a_pixel_and_stay_in_place():
    frame = concessions(300)
    zoom = 11
    packed = pack(frame, "name", detail_zoom=zoom)
    data = json.loads(packed.payload)["polygon"]
    assert packed.vertices_out < packed.vertices_in
    assert sum(data["parts"]) == 300 and len(data["vertices"]) == sum(data["rings"])
    xy = _decoded(packed.payload, "polygon")
    first = shapely.Polygon(xy[: data["vertices"][0], ::-1])
    original = frame.geometry.iloc[0]
    assert first.hausdorff_distance(original) <= degrees_per_pixel(zoom) / 2 + 2e-5


def test_mixed_kinds_and_empty_geometries():
    frame = gpd.GeoDataFrame(
        {"name": ["pt", "line", "poly", "none", "empty", "multi"]},
        geometry=[shapely.Point(-75, -10), shapely.LineString([(-75, -10), (-74, -11)]),
                  shapely.box(-76, -12, -75.9, -11.9), None, shapely.Polygon(),
                  shapely.MultiPolygon([shapely.box(-70, -15, -69.9, -14.9),
                                        shapely.box(-71, -15, -70.9, -14.9)])], crs=4326)
    packed = pack(frame, "name")
    data = json.loads(packed.payload)
    assert packed.counts == {"point": 1, "line": 1, "polygon": 2}
    assert data["polygon"]["parts"] == [1, 2] and data["polygon"]["labels"] == ["poly", "multi"]
    assert data["line"]["vertices"] == [2]


def test_labels_cannot_break_out_of_the_script_or_the_template():
    hostile = ["</script><script>alert(1)</script>", "{{ 7*7 }}", "{% if 1 %}x{% endif %}",
               "`${x}` \\"]
    frame = gpd.GeoDataFrame({"name": hostile},
                             geometry=shapely.points(np.full(4, -75.0), np.full(4, -10.0)),
                             crs=4326)
    m = folium.Map(tiles=None)
    user_layer_group("<b>{{ 6*7 }}</b>", pack(frame, "name"), "en").add_to(m)
    html = m.get_root().render()
    script = html[html.index("var data = "):]
    assert "</script><script>alert" not in html and "<b>" not in html
    assert "49" not in script.split("var style")[0] and "{{" not in script
    assert not re.search(r"\{[{%#]", html)


def test_payload_never_holds_template_openers_whatever_the_coordinates():
    """Encoded polylines use '{' and '}'; a '{{' must never reach branca's Jinja pass."""
    frame = concessions(2000)
    payload = pack(frame, "name").payload
    assert not re.search(r"\{[{%#]", payload)
    m = folium.Map(tiles=None)
    FastLayer(pack(frame, "name")).add_to(m)
    assert "atlasFastLayers" in m.get_root().render()


def test_cache_hits_on_same_data_and_misses_on_a_changed_vertex():
    cache = PackCache(size=2)
    frame = concessions(50)
    first = cache.get(frame, "name")
    assert cache.get(frame.copy(), "name") is first and cache.hits == 1
    moved = frame.copy()
    moved.loc[0, "geometry"] = shapely.affinity.translate(moved.geometry.iloc[0], 0.001)
    assert cache.get(moved, "name") is not first and cache.misses == 2
    relabelled = frame.assign(name=frame["name"].str.upper())
    assert fingerprint(relabelled, "name") != fingerprint(frame, "name")
    cache.get(relabelled, "name")
    assert len(cache._items) == 2  # the oldest was dropped


def test_packing_is_much_smaller_than_plain_geojson():
    frame = concessions(1000)
    plain = len(frame.to_json())
    assert len(pack(frame, "name").payload) * 5 < plain


# --- the layer in the browser (geo.fastlayer's JavaScript) ---------------------------------

NODE = shutil.which("node")
CHROMIUM = "/usr/bin/chromium"


def _mixed_frame() -> gpd.GeoDataFrame:
    ring = shapely.box(-75, -10, -74.9, -9.9)
    holed = shapely.Polygon(ring.exterior, [shapely.box(-74.97, -9.97, -74.93, -9.93).exterior])
    return gpd.GeoDataFrame(
        {"name": ["holed", "multi", "line", "mp", "<b>pt</b>"]},
        geometry=[holed,
                  shapely.MultiPolygon([shapely.box(-70, -15, -69.9, -14.9),
                                        shapely.box(-71, -15, -70.9, -14.9)]),
                  shapely.LineString([(-73, -12), (-72.9, -12.1)]),
                  shapely.MultiPoint([(-71, -13), (-70.9, -13)]),
                  shapely.Point(-76, -8)], crs=4326)


def _layer_script(packed, style=None) -> tuple[str, str]:
    m = folium.Map(tiles=None)
    layer = FastLayer(packed, style)
    layer.add_to(m)
    return layer._template.module.script(layer, {}), m.get_name()


def test_counts_are_features_and_points_carry_parts_only_when_needed():
    packed = pack(_mixed_frame(), "name")
    data = json.loads(packed.payload)
    assert packed.counts == {"point": 2, "line": 1, "polygon": 2} and packed.features == 5
    assert data["point"]["owner"] == [2, 1]
    assert {kind: data[kind]["n"] for kind in data} == packed.counts
    assert "owner" not in json.loads(pack(points(10), "name").payload)["point"]


def test_the_rendered_script_is_inert_and_escaped():
    hostile = "</script><b>{{ 6*7 }}</b> {% x %} {# y #} `${z}`"
    frame = _mixed_frame()
    frame.loc[4, "name"] = hostile
    m = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="g").add_to(m)
    FastLayer(pack(concessions(3000), "name")).add_to(group)
    FastLayer(pack(frame, "name"), {"color": "</script>"}).add_to(group)
    html = m.get_root().render()
    script = html[html.rindex("var data = "):]
    assert not re.search(r"\{[{%#]", html)
    assert script.count("</script>") == 1 and f"var parent = {group.get_name()};" in script
    data = json.loads(script.split("\n", 1)[0].removeprefix("var data = ").removesuffix(";"))
    assert data["point"]["labels"][1] == escape(hostile)
    assert json.loads(script.split("\n", 2)[1].removeprefix("  var style = ").removesuffix(
        ";"))["color"] == "</script>"


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_the_script_is_valid_javascript(tmp_path):
    script, _ = _layer_script(pack(_mixed_frame(), "name"))
    path = tmp_path / "layer.js"
    path.write_text(script, encoding="utf-8")
    subprocess.run([NODE, "--check", str(path)], check=True, capture_output=True)


NODE_HARNESS = """
globalThis.window = globalThis;
let layer = null;
globalThis[PARENT] = {addLayer(l) { layer = l; }};
globalThis.L = {
  extend(dest, ...sources) { return Object.assign(dest, ...sources); },
  Layer: {extend(props) {
    function Layer() {}
    Layer.prototype = Object.assign({addTo(p) { p.addLayer(this); return this; }}, props);
    return Layer;
  }},
  CRS: {EPSG3857: {}},
  latLngBounds() {
    return {s: 90, w: 180, n: -90, e: -180, extend(pairs) {
      for (const [lat, lon] of pairs) {
        this.s = Math.min(this.s, lat); this.n = Math.max(this.n, lat);
        this.w = Math.min(this.w, lon); this.e = Math.max(this.e, lon);
      }
      return this;
    }};
  },
};
SCRIPT
(function wait() {
  if (window.atlasFastLayers === undefined) return setTimeout(wait, 5);
  layer._map = {getZoom: () => 14, project(ll, z) {
    const s = Math.sin(ll.lat * Math.PI / 180), k = 256 * 2 ** z;
    return {x: k * (ll.lng / 360 + 0.5),
            y: k * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI))};
  }};
  const b = layer.getBounds();
  console.log(JSON.stringify({count: window.atlasFastLayers, bounds: [b.w, b.s, b.e, b.n],
                              hits: SPOTS.map(([lat, lng]) => layer._hit({lat, lng}))}));
  process.exit(0);
})();
"""


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_decoding_and_hit_testing_without_a_browser(tmp_path):
    frame = _mixed_frame()
    script, parent = _layer_script(pack(frame, "name"))
    spots = {(-9.95, -74.98): "holed", (-9.95, -74.95): "",  # the ring, then its hole
             (-14.95, -70.95): "multi", (-12.05, -72.95): "line", (-12.2, -72.95): "",
             (-13, -70.9): "mp", (-8, -76): "&lt;b&gt;pt&lt;/b&gt;", (-8.01, -76): ""}
    harness = (NODE_HARNESS.replace("PARENT", json.dumps(parent)).replace("SCRIPT", script)
               .replace("SPOTS", json.dumps(list(spots))))
    path = tmp_path / "harness.js"
    path.write_text(harness, encoding="utf-8")
    done = subprocess.run([NODE, str(path)], check=True, capture_output=True, text=True,
                          timeout=60)
    result = json.loads(done.stdout)
    assert result["count"] == 5
    assert np.allclose(result["bounds"], frame.total_bounds, atol=1e-4)
    assert result["hits"] == list(spots.values())


def _require_chromium():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        ok = False
    else:
        ok = Path(CHROMIUM).exists()
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail("this test needs /usr/bin/chromium and playwright (.ci/run installs them)")
        pytest.skip("needs /usr/bin/chromium and playwright")


def _hover_page() -> tuple[str, dict]:
    """20,000 points over 2,000 holed polygons, and three spots whose expected tooltip is known:
    inside one polygon's ring (hostile label), in its hole, and on a lone point."""
    pts = points(20_000)
    base = concessions(2_000, vertices=24, seed=5)
    geoms = base.geometry.values
    radius = np.sqrt(shapely.area(geoms) / np.pi)
    centres = shapely.centroid(geoms)
    polys = base.set_geometry(shapely.difference(geoms, shapely.buffer(centres, 0.35 * radius)))
    pxy = shapely.get_coordinates(pts.geometry.values)

    def lonely(x, y, own=None):
        near_point = (np.hypot(pxy[:, 0] - x, pxy[:, 1] - y) < 0.02).sum() > (own is not None)
        covered = np.flatnonzero(shapely.contains_xy(polys.geometry.values, x, y))
        return not near_point and covered.tolist() == ([] if own in (None, "point") else [own])

    cx, cy = shapely.get_x(centres), shapely.get_y(centres)
    poly = next(i for i in range(len(polys)) if lonely(cx[i] + 0.55 * radius[i], cy[i], i)
                and lonely(cx[i], cy[i]))
    point = next(i for i in range(len(pts)) if lonely(*pxy[i], "point"))
    polys.loc[poly, "name"] = "<i>Concesión</i> {{ 7*7 }} & co"
    pts.loc[point, "name"] = "<b>Punto</b> <script>x</script>"
    m = bare_map()
    group = folium.FeatureGroup(name="polygons").add_to(m)
    FastLayer(pack(polys, "name")).add_to(group)
    FastLayer(pack(pts, "name"), {"color": "#c62828", "fillColor": "#ef5350"}).add_to(m)
    folium.LayerControl().add_to(m)
    spots = {"ring": (cy[poly], cx[poly] + 0.55 * radius[poly], polys.loc[poly, "name"]),
             "hole": (cy[poly], cx[poly], None),
             "point": (pxy[point][1], pxy[point][0], pts.loc[point, "name"])}
    return render(m), {"map": m.get_name(), "group": group.get_name(), "spots": spots}


@pytest.mark.browser
def test_a_big_layer_draws_hovers_toggles_and_pans_in_chromium():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    html, names = _hover_page()
    mp = f"window[{json.dumps(names['map'])}]"
    with static_server({"hover": ("", html)}) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox",
                                                                    "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            "http://127.0.0.1") else r.abort())
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/ours-hover.html")
        page.wait_for_function("window.atlasFastLayers === 22000 && window.atlasFastDraws >= 2",
                               timeout=30_000)
        tooltip = page.locator(".leaflet-tooltip")

        def redrawn_after(action: str, layers: int = 2):
            before = page.evaluate("window.atlasFastDraws")
            page.evaluate(action)
            page.wait_for_function(f"window.atlasFastDraws >= {before + layers}",
                                   timeout=20_000)

        def hover(lat, lon):
            x, y = page.evaluate(f"(() => {{ const p = {mp}.latLngToContainerPoint("
                                 f"[{lat}, {lon}]); return [p.x, p.y]; }})()")
            page.mouse.move(x, y)

        def filled(lat, lon) -> int:
            """Alpha of the polygon layer's fill canvas (its buffers come first) at a spot."""
            return page.evaluate(f"""(() => {{
              const map = {mp}, p = map.latLngToContainerPoint([{lat}, {lon}]);
              const box = map.getContainer().getBoundingClientRect();
              const buf = [...document.querySelectorAll('.atlas-fast-layer')].slice(0, 2)
                .find(b => b.style.display !== 'none'), c = buf.children[0];
              const r = c.getBoundingClientRect();
              const x = Math.floor((box.left + p.x - r.left) * c.width / r.width);
              const y = Math.floor((box.top + p.y - r.top) * c.height / r.height);
              return c.getContext('2d').getImageData(x, y, 1, 1).data[3];
            }})()""")

        for name in ("ring", "point"):
            lat, lon, label = names["spots"][name]
            redrawn_after(f"{mp}.setView([{lat}, {lon}], 13, {{animate: false}})")
            hover(lat, lon)
            tooltip.wait_for(timeout=5_000)
            assert tooltip.inner_text() == label  # shown as text, not markup
            if name == "ring":
                hole = names["spots"]["hole"][:2]
                assert filled(lat, lon) > 0 and filled(*hole) == 0
                hover(*hole)
                tooltip.wait_for(state="detached", timeout=5_000)

        canvases = "document.querySelectorAll('.atlas-fast-layer canvas').length"
        group = f"window[{json.dumps(names['group'])}]"
        assert page.evaluate(canvases) == 12  # two buffers of three canvases per layer
        page.evaluate(f"{mp}.removeLayer({group})")  # what the layer control does
        assert page.evaluate(canvases) == 6
        redrawn_after(f"{mp}.addLayer({group})", layers=1)
        assert page.evaluate(canvases) == 12

        before = page.evaluate("window.atlasFastDraws")
        page.mouse.move(600, 400)
        page.mouse.down()
        page.mouse.move(300, 200, steps=8)
        page.mouse.up()
        page.wait_for_function(f"window.atlasFastDraws >= {before + 2}", timeout=20_000)
        redrawn_after(f"{mp}.zoomOut()")
        assert errors == []
        browser.close()


# --- files users bring -------------------------------------------------------------------


def _gpkg_bytes(frame: gpd.GeoDataFrame, tmp_path, name="layer.gpkg") -> bytes:
    path = tmp_path / name
    frame.to_file(path, engine="pyogrio")
    return path.read_bytes()


def test_geopackage_reads_only_peru_and_the_label_column(tmp_path):
    inside = concessions(200)
    abroad = concessions(50, seed=3).set_geometry(
        concessions(50, seed=3).geometry.translate(-30, 40))  # the Atlantic
    both = gpd.GeoDataFrame(
        {"nombre": list(inside["name"]) + list(abroad["name"]), "area": 1.0},
        geometry=list(inside.geometry) + list(abroad.geometry), crs=4326)
    layer = read_user_layer(_gpkg_bytes(both, tmp_path), "Catastro minero.gpkg")
    assert (len(layer.frame), layer.in_file, layer.outside) == (200, 250, 50)
    assert layer.label_column == "nombre" and list(layer.frame.columns) == ["label", "geometry"]
    assert layer.name == "Catastro minero" and layer.frame.crs.to_epsg() == 4326


def test_projected_shapefile_in_a_zip_lands_in_the_right_place(tmp_path):
    frame = concessions(100).to_crs(32718)
    frame.to_file(tmp_path / "c.shp", engine="pyogrio")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in tmp_path.glob("c.*"):
            archive.write(part, f"folder/{part.name}")
    layer = read_user_layer(buffer.getvalue(), "c.zip")
    assert layer.source_crs.endswith("32718") and len(layer.frame) == 100
    expected = concessions(100).geometry.iloc[0].centroid
    assert layer.frame.geometry.iloc[0].centroid.distance(expected) < 1e-6


def test_geoparquet_with_and_without_bbox_covering(tmp_path):
    frame = concessions(300)
    for covering in (True, False):
        path = tmp_path / f"c{covering}.parquet"
        frame.to_parquet(path, write_covering_bbox=covering)
        layer = read_user_layer(path.read_bytes(), path.name)
        assert len(layer.frame) == 300 and layer.format == "GeoParquet"
        assert layer.frame["label"].iloc[0] == "Concesión 00000"


def test_invalid_and_empty_geometries_are_counted_not_lost_silently(tmp_path):
    bowtie = shapely.Polygon([(-75, -10), (-74.9, -9.9), (-74.9, -10), (-75, -9.9)])
    frame = gpd.GeoDataFrame({"name": ["bow", "gone", "ok"]},
                             geometry=[bowtie, None, shapely.box(-75, -12, -74.9, -11.9)],
                             crs=4326)
    layer = read_user_layer(_gpkg_bytes(frame, tmp_path), "x.gpkg")
    assert (len(layer.frame), layer.empty, layer.repaired) == (2, 1, 1)
    assert layer.frame.is_valid.all()


@pytest.mark.parametrize(("data", "name", "key"), [
    (b"", "x.gpkg", "upload.empty_file"),
    (b"not a database", "x.gpkg", "upload.bad_type"),
    (b"MZ\x90\x00", "tool.exe", "upload.bad_type"),
    (b"PK\x03\x04broken", "x.zip", "upload.unreadable"),
    (b"{\"type\": \"FeatureCollection\", \"features\": []}", "x.geojson", "upload.no_features"),
    (b"PAR1garbagePAR1", "x.parquet", "upload.unreadable"),
])
def test_bad_files_get_a_named_message(data, name, key):
    with pytest.raises(UserLayerError) as caught:
        read_user_layer(data, name)
    assert caught.value.key == key
    assert "/tmp" not in str(caught.value.fields)


def test_zip_without_shapefile_or_prj(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UserLayerError, match="no_shapefile"):
        read_user_layer(buffer.getvalue(), "x.zip")
    concessions(5).to_file(tmp_path / "c.shp", engine="pyogrio")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in tmp_path.glob("c.*"):
            if part.suffix != ".prj":
                archive.write(part, part.name)
    with pytest.raises(UserLayerError, match="no_crs"):
        read_user_layer(buffer.getvalue(), "x.zip")


def test_layer_entirely_outside_peru(tmp_path):
    abroad = concessions(20).set_geometry(concessions(20).geometry.translate(100, 40))
    with pytest.raises(UserLayerError, match="nothing_in_peru"):
        read_user_layer(_gpkg_bytes(abroad, tmp_path), "x.gpkg")


def test_too_many_features_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr("geo.userlayer.MAX_FEATURES", 10)
    with pytest.raises(UserLayerError, match="too_many"):
        read_user_layer(_gpkg_bytes(concessions(11), tmp_path), "x.gpkg")
    assert MAX_FEATURES >= 50_000


def test_label_column_choice():
    assert pick_label(["ID", "Nombre", "x"], ["Nombre"]) == "Nombre"
    assert pick_label(["a", "b"], ["b"]) == "b"
    assert pick_label(["a"], []) is None


def test_screening_joins_the_user_layer(real_atlas, tmp_path):
    antamina = real_atlas.sites.set_index("id").loc["antamina"]
    around = shapely.Point(antamina["lon"], antamina["lat"]).buffer(0.02)
    near = shapely.Point(antamina["lon"] + 0.1, antamina["lat"]).buffer(0.01)
    frame = gpd.GeoDataFrame({"name": ["Around Antamina", "East of it"]},
                             geometry=[around, near], crs=4326)
    layer = read_user_layer(_gpkg_bytes(frame, tmp_path), "mine.gpkg")
    result = screen_against(real_atlas.sites, layer).set_index("site_id")
    assert bool(result.loc["antamina", "in_user_layer"])
    assert result.loc["antamina", "user_km"] == 0
    assert result.loc["antamina", "user_feature"] == "Around Antamina"
    far = result[result["user_km"].isna()]
    assert len(far) > 50 and not far["in_user_layer"].any()
    screening = screen(real_atlas.sites, load_layers())
    table = screening_table(screening, real_atlas, "en", result.reset_index())
    row = table[table["Site"] == antamina["name"]].iloc[0]
    assert row["Inside your layer"] == "yes" and row["Your layer (km)"] == 0


# --- one Jinja pass (geo.foliumfix) ----------------------------------------------------------


def _every_map(atlas):
    from geo.envmap import environment_groups, sensitivity_group
    from geo.mapview import build_base_map, build_sites_layer
    from geo.trade import flows_map, series_of

    layers = load_layers()
    screening = screen(atlas.sites, layers)
    explorer = build_base_map("ja", environment_groups(layers, "ja", show=False))
    build_sites_layer(atlas.sites, atlas, "ja").add_to(explorer)
    environment = build_base_map("es", environment_groups(layers, "es", show=True), tiles=False)
    sensitivity_group(atlas.sites, screening, "es").add_to(environment)
    flows = flows_map(series_of(atlas)[0], "en", {"origin": "Callao"})
    return {"explorer": explorer, "environment": environment, "flows": flows}


def _canonical_ids(html: str) -> str:
    """folium's random element ids, numbered in order of first appearance."""
    seen: dict[str, str] = {}
    return re.sub(r"[0-9a-f]{32}", lambda m: seen.setdefault(m[0], f"id{len(seen)}"), html)


def test_single_pass_rendering_gives_the_same_maps_as_branca(real_atlas):
    from geo import foliumfix

    def rendered() -> dict[str, str]:
        return {k: _canonical_ids(m.get_root().render())
                for k, m in _every_map(real_atlas).items()}

    ours_html = rendered()
    foliumfix.uninstall()
    try:
        theirs = rendered()
    finally:
        foliumfix.install()
    for name in ours_html:
        assert ours_html[name] == theirs[name], name


def test_single_pass_rendering_does_not_evaluate_data():
    m = folium.Map(tiles=None)
    folium.Marker((0, 0), tooltip="{{ 7*7 }}").add_to(m)  # deliberately not escaped
    html = m.get_root().render()
    assert "{{ 7*7 }}" in html


def test_single_pass_rendering_covers_popups():
    m = folium.Map(tiles=None)
    text = "{{ 'EVAL' ~ 'UATED' }} {% if 1 %}x{% endif %}"
    folium.Marker((0, 0), popup=folium.Popup(text)).add_to(m)
    html = m.get_root().render()
    assert text in html and "EVALUATED" not in html
