"""Downloads: every layer in every format opens in geopandas with the same rows; GeoJSON obeys
RFC 7946 (checked by our own code); the same data gives the same bytes; hostile names stay text."""

from __future__ import annotations

import io
import json
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from geo.export import (
    FORMATS,
    all_layers,
    bundle,
    export,
    main,
    site_layer,
    to_gpkg,
)
from geo.layers import load_layers
from geo.paths import DATA_DIR


@pytest.fixture(scope="module")
def layers(real_atlas):
    return all_layers(real_atlas, load_layers())


@pytest.fixture(scope="module")
def mini_layers(mini_atlas):
    return all_layers(mini_atlas, load_layers())


def read_back(data: bytes, fmt: str, tmp_path, layer: str | None = None) -> gpd.GeoDataFrame:
    path = tmp_path / f"layer.{fmt}"
    path.write_bytes(data)
    if fmt == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)


LAYER_IDS = ("sites", "site_owners", "japan_sites", "amazon", "protected_areas",
             "indigenous_reserves", "screening")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_every_layer_round_trips_in_every_format(layers, layer_id, fmt, tmp_path):
    layer = layers[layer_id]
    back = read_back(export(layer, fmt), fmt, tmp_path)
    assert len(back) == len(layer.frame)
    ids = back["id"] if "id" in back else back["Name"]
    if fmt == "kml":  # KML carries the name as Name and every field as ExtendedData
        assert list(back["id"]) == list(layer.frame["id"])
    else:
        assert list(ids.astype(str)) == list(layer.frame["id"].astype(str))
    shared = [c for c in layer.frame.columns if c != "geometry" and c in back.columns]
    assert len(shared) >= len(layer.frame.columns) - 1 - (fmt == "kml")
    if fmt != "csv":
        drawn = layer.frame.geometry.notna() & ~layer.frame.geometry.is_empty
        assert (back.geometry.notna() & ~back.geometry.is_empty).sum() == drawn.sum()


def _rings(geometry: dict):
    kind, coords = geometry["type"], geometry["coordinates"]
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield "exterior", polygon[0]
        for hole in polygon[1:]:
            yield "hole", hole


def _signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def _numbers(value):
    if isinstance(value, (int, float)):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_geojson_follows_rfc_7946(layers, layer_id):
    doc = json.loads(export(layers[layer_id], "geojson"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert {"title", "source", "licence", "as_of", "generator"} <= set(doc["metadata"])
    ids = [f["id"] for f in doc["features"]]
    assert len(set(ids)) == len(ids)
    for feature in doc["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())
        if feature["geometry"] is None:
            continue
        coords = list(_numbers(feature["geometry"]["coordinates"]))
        lons, lats = coords[0::2], coords[1::2]
        assert all(-180 <= x <= 180 for x in lons) and all(-90 <= y <= 90 for y in lats)
        assert all(len(repr(c).split(".")[-1]) <= 6 for c in coords if isinstance(c, float))
        for kind, ring in _rings(feature["geometry"]):
            assert ring[0] == ring[-1]
            area = _signed_area(ring)
            assert area > 0 if kind == "exterior" else area < 0, (feature["id"], kind)
        assert shape(feature["geometry"]).is_valid


def test_types_stay_types(layers):
    doc = json.loads(export(layers["sites"], "geojson"))
    props = {f["id"]: f["properties"] for f in doc["features"]}
    assert props["antamina"]["start_year"] == 2001
    assert props["antamina"]["japan_linked"] is True
    assert props["antamina"]["minerals"] == "Cu;Zn;Mo;Ag"
    assert props["conga"]["capex_musd"] is None
    screening = json.loads(export(layers["screening"], "geojson"))["features"]
    assert all(f["properties"]["in_buffer_zone"] is None for f in screening)


@pytest.mark.parametrize("fmt", [*FORMATS, "zip"])
def test_the_same_data_gives_the_same_bytes(real_atlas, fmt):
    first = all_layers(real_atlas, load_layers())
    again = all_layers(real_atlas, load_layers())
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    if fmt == "zip":
        assert bundle(first, sources) == bundle(again, sources)
    else:
        for layer_id in first:
            assert export(first[layer_id], fmt) == export(again[layer_id], fmt), layer_id


def test_hostile_names_stay_text_in_every_format(mini_layers, tmp_path):
    layer = mini_layers["sites"]
    kml = export(layer, "kml").decode("utf-8")
    assert "<script>" not in kml and "&lt;script&gt;alert(1)&lt;/script&gt;" in kml
    doc = json.loads(export(layer, "geojson"))
    echo = next(f for f in doc["features"] if f["id"] == "echo")
    assert echo["properties"]["name"] == "Echo <script>alert(1)</script> `${x}` \\ Tin"
    back = read_back(export(layer, "csv"), "csv", tmp_path)
    assert back.set_index("id").at["echo", "name"] == echo["properties"]["name"]
    parsed = read_back(export(layer, "kml"), "kml", tmp_path)
    assert echo["properties"]["name"] in set(parsed["Name"])


def test_one_geopackage_holds_every_layer(layers, tmp_path):
    path = tmp_path / "all.gpkg"
    path.write_bytes(to_gpkg(list(layers.values())))
    names = [name for name, _ in pyogrio.list_layers(path)]
    assert sorted(names) == sorted(layers)
    sites = gpd.read_file(path, layer="sites")
    assert len(sites) == len(layers["sites"].frame) and sites.crs.to_epsg() == 4326


def test_the_bundle_has_every_file_and_a_readme(layers):
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO(bundle(layers, sources))) as zf:
        names = set(zf.namelist())
        readme = zf.read("README.md").decode("utf-8")
    assert {"README.md", "SOURCES.md", "atlas.gpkg"} <= names
    assert {f"{lid}.{fmt}" for lid in layers for fmt in ("geojson", "csv", "kml")} <= names
    for layer in layers.values():
        assert f"| {layer.id} — " in readme and layer.licence in readme


def test_a_filtered_view_exports_just_its_sites(real_atlas):
    shown = real_atlas.sites[real_atlas.sites["minerals"].map(lambda m: "Sn" in m)]
    doc = json.loads(export(site_layer(shown, "sites_view", "View"), "geojson"))
    assert sorted(f["id"] for f in doc["features"]) == sorted(shown["id"])


def test_command_line_lists_writes_and_refuses(tmp_path, capsys):
    assert main(["--list"]) == 0
    assert "protected_areas" in capsys.readouterr().out
    out = tmp_path / "tin.kml"
    assert main(["--layer", "japan_sites", "--format", "kml", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"<?xml")
    assert main(["--layer", "nope"]) == 2
    assert "unknown layer 'nope'" in capsys.readouterr().err
    assert main(["--layer", "sites", "--format", "shp"]) == 2
    assert "unknown format 'shp'" in capsys.readouterr().err


def test_polygon_exports_keep_their_area(layers):
    doc = json.loads(export(layers["protected_areas"], "geojson"))
    manu = next(f for f in doc["features"] if f["id"] == "parque_nacional_del_manu")
    original = layers["protected_areas"].frame.set_index("id").at[
        "parque_nacional_del_manu", "geometry"]
    assert shapely.area(shape(manu["geometry"])) == pytest.approx(shapely.area(original),
                                                                    rel=1e-4)


def test_downloaded_sites_carry_the_japanese_name_and_its_basis(layers, tmp_path):
    back = read_back(export(layers["sites"], "geojson"), "geojson", tmp_path).set_index("id")
    assert back.at["quellaveco", "name_ja"] == "ケジャベコ"
    assert set(back["name_ja_basis"]) == {"cited", "transliterated"}
