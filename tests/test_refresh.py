"""The official refresh against a local ArcGIS REST stand-in: paging, and every failure kept
harmless (a clear message, the previous cache untouched)."""

from __future__ import annotations

import json

import pytest

from geo.layers import load_layer
from geo.refresh import Endpoint, RefreshError, refresh, refresh_layer
from tests.arcgis_stub import FEATURES, Stub


def endpoint(stub: Stub) -> Endpoint:
    return Endpoint("protected_areas", stub.service, r"administraci[oó]n nacional",
                    {"name": "anp_nomb", "category": "anp_cate"})


def quiet(_message: str) -> None:
    pass


def test_layer_is_found_by_name_paged_and_cached(tmp_path):
    messages = []
    with Stub() as stub:
        path = refresh_layer(endpoint(stub), tmp_path, timeout=5, progress=messages.append)
    queries = [r for r in stub.requests if "/3/query" in r]
    assert [q.split("resultOffset=")[1].split("&")[0] for q in queries] == ["0", "2", "4"]
    cached = json.loads(path.read_text(encoding="utf-8"))
    assert len(cached["features"]) == len(FEATURES)
    assert set(cached["features"][0]["properties"]) == {"name", "category"}
    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert meta["service_layer"] == 3 and meta["repaired_geometries"] == 1
    assert any("5 features" in m for m in messages)
    layer = load_layer("protected_areas", cache_dir=tmp_path)
    assert layer.version.startswith("official") and len(layer.frame) == 5
    assert layer.frame.geometry.is_valid.all()


@pytest.mark.parametrize(("mode", "expected"), [
    ("http500", "answered HTTP 500"),
    ("slow", "did not answer within 0.5 s"),
    ("malformed", "returned malformed JSON"),
    ("arcgis_error", "reported error 400: Invalid query"),
    ("missing_field", "lacks the expected field(s) anp_cate"),
    ("projected", "not WGS84 lon/lat over Peru"),
])
def test_each_failure_is_a_clear_message_and_keeps_the_old_cache(tmp_path, mode, expected):
    old = tmp_path / "protected_areas.geojson"
    old.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    old.with_suffix(".meta.json").write_text('{"fetched": "2025-01-01"}', encoding="utf-8")
    before = old.read_bytes()
    with Stub(mode) as stub, pytest.raises(RefreshError) as info:
        refresh_layer(endpoint(stub), tmp_path, timeout=0.5, progress=quiet)
    assert expected in str(info.value)
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "protected_areas.geojson", "protected_areas.meta.json"]


def test_a_renamed_layer_is_reported_with_the_names_found(tmp_path):
    with Stub() as stub:
        moved = Endpoint("protected_areas", stub.service, r"no such layer", {"name": "anp_nomb"})
        with pytest.raises(RefreshError, match="no layer of .* match .*'Zonas de Amortiguamiento'"):
            refresh_layer(moved, tmp_path, timeout=5, progress=quiet)


def test_refresh_reports_each_layer_and_goes_on_after_a_failure(tmp_path):
    with Stub("http500") as bad, Stub() as good:
        results = refresh(
            ["protected_areas", "buffer_zones", "amazon"],
            endpoints={"protected_areas": endpoint(bad),
                       "buffer_zones": Endpoint("buffer_zones", good.service,
                                                r"amortiguamiento", {"name": "anp_nomb"})},
            cache_dir=tmp_path, timeout=5, progress=quiet)
    assert results["protected_areas"].startswith("failed, previous version kept")
    assert results["buffer_zones"] == "ok"
    assert results["amazon"].startswith("no official endpoint known")
    assert load_layer("buffer_zones", cache_dir=tmp_path).available


def test_unreachable_service_is_a_clear_message(tmp_path):
    dead = Endpoint("protected_areas", "http://127.0.0.1:9/arcgis/rest/services/x/MapServer",
                    "x", {})
    with pytest.raises(RefreshError, match="cannot reach"):
        refresh_layer(dead, tmp_path, timeout=2, progress=quiet)
