"""The official refresh against local ArcGIS REST stand-ins that behave like Peru's services:
reading by object id, every quirk handled, every failure harmless (a clear message, the
previous cache untouched)."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from geo import arcgis
from geo.layers import load_layer
from geo.refresh import Official, RefreshError, Source, refresh, refresh_layer
from tests.arcgis_stub import (
    Stub,
    StubLayer,
    StubService,
    mining_right,
    point_feature,
    protected_area,
)

ANP_FIELDS = ["anp_nomb", "anp_cate", "anp_codi", "otro"]
RIGHT_FIELDS = ["CODIGOU", "CONCESION", "TIT_CONCES", "HECTAGIS", "ESTADO", "D_ESTADO",
                "SUSTANCIA", "FEC_DENU"]


def sernanp(quirks=(), fail_from=None, count=5, page=2) -> StubService:
    return StubService([StubLayer(0, "Límite nacional", ["nombre"], 0),
                        StubLayer(3, "ANP de Administración Nacional Definitiva", ANP_FIELDS,
                                  count, protected_area, max_record_count=page),
                        StubLayer(8, "Zonas de Amortiguamiento", ANP_FIELDS, 0)],
                       set(quirks), fail_from)


def cadastre(count: int, quirks=(), fail_from=None, wkid=4326, page=1000) -> StubService:
    return StubService([StubLayer(0, "Catastro Minero", RIGHT_FIELDS, count, mining_right,
                                  max_record_count=page, wkid=wkid),
                        StubLayer(1, "Catastro DGM", RIGHT_FIELDS, 0)], set(quirks), fail_from)


def anp_spec(stub: Stub, name: str = "sernanp") -> Official:
    return Official((Source(stub.url(name), r"administraci[oó]n nacional",
                            {"name": "anp_nomb", "category": "anp_cate", "code": "anp_codi"}),),
                    key="code")


def rights_spec(stub: Stub, name: str = "catastro") -> Official:
    return Official((Source(stub.url(name), r"^catastro minero$",
                            {"code": "CODIGOU", "name": "CONCESION", "holder": "TIT_CONCES",
                             "hectares": "HECTAGIS", "status": "D_ESTADO"}),),
                    key="code", simplify_deg=0)


def quiet(_message: str) -> None:
    pass


def test_layer_is_found_by_name_read_by_object_id_and_cached(tmp_path):
    messages = []
    with Stub({"sernanp": sernanp(["no_pagination"])}) as stub:
        path = refresh_layer("protected_areas", tmp_path, timeout=5, progress=messages.append,
                             spec=anp_spec(stub))
    batches = [q["objectIds"] for q in stub.queries("sernanp")]
    assert batches == ["1,2", "3,4", "5"]
    assert all(q["outSR"] == "4326" for q in stub.queries("sernanp"))
    cached = json.loads(path.read_text(encoding="utf-8"))
    assert len(cached["features"]) == 5
    assert set(cached["features"][0]["properties"]) == {"name", "category", "code"}
    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert meta["sources"][0]["service_layer"] == 3 and meta["repaired_geometries"] == 1
    assert any("5 of 5 features" in m for m in messages)
    layer = load_layer("protected_areas", cache_dir=tmp_path)
    assert layer.version.startswith("official") and len(layer.frame) == 5
    assert layer.frame.geometry.is_valid.all()
    assert layer.frame.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_known_answer_rio_abiseo(tmp_path):
    """A real outline's known answer: (−77.35, −7.75) lies in Río Abiseo National Park; the
    point 0.5° east does not. The stub serves a polygon traced around the park's published
    extent, in Web Mercator as Esri JSON, so projection and ring order are both exercised."""
    ring = [[-77.55, -7.45], [-77.10, -7.45], [-77.10, -8.05], [-77.55, -8.05],
            [-77.55, -7.45]]

    def park(_oid):
        return ({"anp_nomb": "Río Abiseo", "anp_cate": "Parque Nacional", "anp_codi": "PN05",
                 "otro": ""}, {"type": "Polygon", "coordinates": [ring]})
    service = StubService([StubLayer(3, "ANP de Administración Nacional Definitiva",
                                     ANP_FIELDS, 1, park, wkid=3857)],
                          {"esri_only", "ignore_outsr"})
    with Stub({"sernanp": service}) as stub:
        refresh_layer("protected_areas", tmp_path, 5, quiet, anp_spec(stub))
    frame = load_layer("protected_areas", cache_dir=tmp_path).frame
    assert frame.contains(shapely.Point(-77.35, -7.75)).tolist() == [True]
    assert frame.contains(shapely.Point(-76.85, -7.75)).tolist() == [False]
    assert frame.iloc[0]["name"] == "Río Abiseo"


@pytest.mark.parametrize("quirks", [
    ["no_pagination"], ["esri_only"], ["truncate"], ["esri_only", "truncate"],
])
def test_cadastre_quirks_give_the_same_layer(tmp_path, quirks):
    """2,500 rights in 1,000-id batches: refusing pages, refusing GeoJSON or truncating a
    batch all end in the same 2,498 rights (two multipart rights dissolved)."""
    with Stub({"catastro": cadastre(2500, quirks)}) as stub:
        path = refresh_layer("mining_rights", tmp_path, 5, quiet, rights_spec(stub))
    frame = gpd.read_file(path)
    assert len(frame) == 2498
    assert frame["code"].is_unique
    multipart = frame[frame["code"] == f"{999:09d}"].geometry.iloc[0]
    assert multipart.geom_type == "MultiPolygon"
    assert frame["holder"].iloc[0] == "Minera `Ejemplo` S.A.C."
    formats = {q["f"] for q in stub.queries("catastro")}
    assert formats == ({"json"} if "esri_only" in quirks else {"geojson"}) | (
        {"geojson"} if "esri_only" in quirks else set())


def test_web_mercator_layer_asks_for_wgs84(tmp_path):
    points = point_feature({"COD_REINFO": "R{oid}", "NOMBRE_MIN": "Minero {oid}",
                            "ESTADO": "VIGENTE"}, -70.0, -12.5)
    service = StubService([StubLayer(0, "REINFO", ["COD_REINFO", "NOMBRE_MIN", "ESTADO"], 30,
                                     points, max_record_count=2000, wkid=3857,
                                     geometry_type="esriGeometryPoint")])
    fields = {"code": "COD_REINFO", "name": "NOMBRE_MIN", "status": "ESTADO"}
    with Stub({"reinfo": service}) as stub:
        spec = Official((Source(stub.url("reinfo"), r"reinfo", fields),), geometry="point")
        path = refresh_layer("reinfo", tmp_path, 5, quiet, spec)
    frame = gpd.read_file(path)
    assert len(frame) == 30
    assert frame.geometry.iloc[0].x == pytest.approx(-69.99, abs=1e-6)
    assert frame.geometry.iloc[0].y == pytest.approx(-12.5, abs=1e-6)


@pytest.mark.parametrize(("quirks", "fail_from", "expected"), [
    ([], 2, "answered HTTP 500"),
    (["timeout"], 2, "did not answer within 0.5 s"),
    (["html"], None, "returned an HTML page, not JSON"),
    (["renamed"], None, "no layer of .* match"),
    (["ignore_outsr"], None, None),  # not a failure: Esri JSON says its CRS; GeoJSON cannot
])
def test_a_failure_half_way_keeps_the_old_cache(tmp_path, quirks, fail_from, expected):
    old = tmp_path / "mining_rights.geojson"
    old.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    old.with_suffix(".meta.json").write_text('{"fetched": "2025-01-01", "features": 1}',
                                             encoding="utf-8")
    before = old.read_bytes()
    service = cadastre(2500, quirks, fail_from, wkid=3857 if "ignore_outsr" in quirks else 4326)
    with Stub({"catastro": service}, delay=2) as stub:
        if expected is None:
            with pytest.raises(RefreshError, match="not WGS84 lon/lat over Peru"):
                refresh_layer("mining_rights", tmp_path, 0.5, quiet, rights_spec(stub))
        else:
            with pytest.raises(RefreshError, match=expected):
                refresh_layer("mining_rights", tmp_path, 0.5, quiet, rights_spec(stub))
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "mining_rights.geojson", "mining_rights.meta.json"]


def test_a_batch_that_fails_once_is_retried(tmp_path, monkeypatch):
    monkeypatch.setattr(arcgis, "RETRY_PAUSE_S", 0)
    calls = {"n": 0}
    real = arcgis._read

    def flaky(request, url, timeout):
        calls["n"] += 1
        if calls["n"] == 5:
            raise arcgis.ServiceError(f"{url} answered HTTP 502 Bad Gateway")
        return real(request, url, timeout)
    monkeypatch.setattr(arcgis, "_read", flaky)
    with Stub({"catastro": cadastre(2500)}) as stub:
        path = refresh_layer("mining_rights", tmp_path, 5, quiet, rights_spec(stub))
    assert len(gpd.read_file(path)) == 2498


def test_a_collapsed_answer_does_not_replace_a_good_layer(tmp_path):
    with Stub({"catastro": cadastre(2500)}) as stub:
        refresh_layer("mining_rights", tmp_path, 5, quiet, rights_spec(stub))
    with Stub({"catastro": cadastre(900)}) as stub, pytest.raises(
            RefreshError, match="900 features against 2,498 last time"):
        refresh_layer("mining_rights", tmp_path, 5, quiet, rights_spec(stub))
    assert len(gpd.read_file(tmp_path / "mining_rights.geojson")) == 2498


def test_missing_field_is_named(tmp_path):
    with Stub({"sernanp": sernanp()}) as stub:
        spec = Official((Source(stub.url("sernanp"), r"administraci[oó]n nacional",
                                {"name": "anp_nomb", "category": "anp_categoria"}),))
        with pytest.raises(RefreshError, match="lacks the expected field.s. anp_categoria"):
            refresh_layer("protected_areas", tmp_path, 5, quiet, spec)


def test_several_service_layers_make_one_layer(tmp_path):
    """National, regional and private areas are separate service layers; the map has one."""
    service = StubService([
        StubLayer(1, "ANP de Administración Nacional Definitiva", ANP_FIELDS, 3, protected_area),
        StubLayer(2, "Áreas de Conservación Regional", ANP_FIELDS, 2, protected_area)])
    with Stub({"sernanp": service}) as stub:
        spec = Official((
            Source(stub.url("sernanp"), r"nacional definitiva", {"name": "anp_nomb"},
                   constants={"regime": "national"}),
            Source(stub.url("sernanp"), r"conservaci[oó]n regional", {"name": "anp_nomb"},
                   constants={"regime": "regional"})))
        path = refresh_layer("protected_areas", tmp_path, 5, quiet, spec)
    frame = gpd.read_file(path)
    assert frame["regime"].value_counts().to_dict() == {"national": 3, "regional": 2}


def test_refresh_reports_each_layer_and_goes_on_after_a_failure(tmp_path):
    with Stub({"bad": cadastre(10, fail_from=1), "sernanp": sernanp()}) as stub:
        results = refresh(
            ["mining_rights", "protected_areas"],
            specs={"mining_rights": rights_spec(stub, "bad"),
                   "protected_areas": anp_spec(stub)},
            cache_dir=tmp_path, timeout=5, progress=quiet)
    assert results["mining_rights"].startswith("failed, previous version kept")
    assert results["protected_areas"] == "ok"
    assert load_layer("protected_areas", cache_dir=tmp_path).available


def test_esri_rings_become_polygons_with_their_holes():
    outer = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]  # clockwise: outer
    hole = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]  # anticlockwise: hole
    other = [[20, 0], [20, 5], [25, 5], [25, 0], [20, 0]]
    shape = shapely.geometry.shape(arcgis.esri_geometry({"rings": [hole, outer, other]}))
    assert shape.geom_type == "MultiPolygon"
    assert shape.area == pytest.approx(100 - 4 + 25)


def test_fields_may_be_patterns_when_sources_disagree(tmp_path):
    """Reports give the holder as TIT_CONCES or TITULAR; the pattern takes whichever exists,
    and a pattern that matches two fields is an error, not a guess."""
    with Stub({"catastro": cadastre(10)}) as stub:
        spec = Official((Source(stub.url("catastro"), r"^catastro minero$",
                                {"code": "CODIGOU", "holder": "TIT_CONCES|TITULAR",
                                 "area": "HECTAGIS|HECTAREAS"}),), key="code")
        frame = gpd.read_file(refresh_layer("mining_rights", tmp_path, 5, quiet, spec))
        assert frame["holder"].iloc[0] == "Minera `Ejemplo` S.A.C."
        vague = Official((Source(stub.url("catastro"), r"^catastro minero$",
                                 {"state": ".*ESTADO"}),))
        with pytest.raises(RefreshError, match=r"\.\*ESTADO \(ambiguous: D_ESTADO, ESTADO\)"):
            refresh_layer("mining_rights", tmp_path, 5, quiet, vague)
