"""Every official layer of the catalog, fetched from loopback stand-ins of the real services
and used by the product: the screening, the site card's rights, the INGEMMET cross-check."""

from __future__ import annotations

import json

import pytest

from geo import amazon
from geo.crosscheck import crosscheck
from geo.layers import catalog, load_layers
from geo.refresh import refresh, refreshable
from geo.rights import RightsIndex
from geo.screening import screen
from tests.arcgis_stub import Stub, mirrors_for, peru_services


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    with Stub(peru_services(amazon.law())) as stub:
        mp = pytest.MonkeyPatch()
        mp.setenv("ATLAS_SERVICE_MIRRORS", json.dumps(mirrors_for(stub)))
        results = refresh(refreshable(), cache_dir=cache, timeout=10, progress=lambda _m: None)
        mp.undo()
        requests = list(stub.requests)
    return cache, results, requests


def test_every_catalog_layer_with_an_endpoint_is_fetched(fetched):
    cache, results, requests = fetched
    assert set(refreshable()) == set(catalog())
    assert results == {layer_id: "ok" for layer_id in refreshable()}, results
    assert not any("resultOffset" in q for _p, q in requests), "GEOCATMIN refuses paging"
    layers = load_layers(cache)
    assert all(layer.version.startswith("official") for layer in layers.values())
    counts = {k: len(v.drawn) for k, v in layers.items()}
    assert counts["mining_rights"] == 2498 and counts["reinfo"] == 3000
    assert counts["protected_areas"] == 11 and counts["amazon"] == 1
    assert set(layers["protected_areas"].frame["regime"]) == {
        "national", "reserved", "regional", "private"}
    assert set(layers["protected_areas"].frame["category"]) == {
        "parque_nacional", "zona_reservada", "area_conservacion_regional",
        "area_conservacion_privada"}


def test_the_legal_amazon_is_the_law_joined_to_districts(fetched):
    cache, _results, _requests = fetched
    frame = load_layers(cache)["amazon"].frame
    assert frame.iloc[0]["districts"] == len(amazon.law())
    codes = frame.iloc[0]["ubigeos"].split(";")
    assert "150101" not in codes and "040101" not in codes  # Lima, Arequipa
    assert "100601" in codes  # Rupa-Rupa (Tingo María), first district of Leoncio Prado
    assert "120601" in codes  # Satipo province's first district


def test_screening_uses_native_communities_and_liabilities(fetched, real_atlas):
    cache, _results, _requests = fetched
    table = screen(real_atlas.sites, load_layers(cache)).set_index("site_id")
    assert table["native_community_km"].notna().all()
    assert table["liabilities_nearby"].notna().all()
    assert table.loc["antamina", "liabilities_nearby"] >= 1  # stub liabilities sit there
    assert table["native_community"].str.contains("<").any(), "names kept raw; escaped on use"


def test_site_card_rights_and_ingemmet_crosscheck(fetched, real_atlas):
    cache, _results, _requests = fetched
    layers = load_layers(cache)
    index = RightsIndex(layers["mining_rights"])
    near = index.near(-79.5, -5.0, 3)
    assert not near.empty and near.iloc[0]["holder"] == "Minera `Ejemplo` S.A.C."
    check = crosscheck(real_atlas.sites, layers).set_index("site_id")
    assert check.loc["antamina", "name_match"] and check.loc["antamina", "review"] == ""
    assert (check["review"] != "").sum() > 0
