"""The data-quality report: made from the data, in step with it, and ranking what needs work."""

from __future__ import annotations

import pytest

from geo.quality import (
    QUALITY_MD,
    placement_method,
    placement_table,
    precision_class,
    quality_markdown,
    site_quality,
    stake_recheck,
    summary,
)
from geo.tables import quality_table
from tests.test_pages import run_app


def test_quality_md_is_fresh(real_atlas):
    assert QUALITY_MD.read_text(encoding="utf-8") == quality_markdown(real_atlas), (
        "data/QUALITY.md is stale: run `python -m geo.quality`")


@pytest.mark.parametrize(("metres", "klass"), [(500, "≤ 3 km"), (3000, "≤ 3 km"),
                                               (3001, "≤ 10 km"), (10000, "≤ 10 km"),
                                               (70000, "> 10 km"), (None, "unknown")])
def test_precision_classes_use_the_issues_bounds(metres, klass):
    assert precision_class(metres) == klass


def test_counts_add_up_to_the_sites(real_atlas):
    quality = site_quality(real_atlas)
    assert len(quality) == len(real_atlas.sites)
    for measure in ("precision", "confidence", "ownership"):
        assert sum(summary(quality)[measure].values()) == len(quality), measure
    sites = real_atlas.sites.set_index("id")
    far = quality.loc[quality["precision"] == "> 10 km", "site_id"]
    assert (sites.loc[far, "coord_precision_m"] > 10_000).all()


def test_an_imprecise_operating_mine_outranks_a_pinpointed_one(real_atlas):
    quality = site_quality(real_atlas).set_index("site_id")
    # Cerro Lindo is placed to ±70 km, Antamina to a few hundred metres (data/sites.csv).
    assert quality.loc["cerro_lindo", "needs_work"] > quality.loc["antamina", "needs_work"]
    assert list(quality["needs_work"]) == sorted(quality["needs_work"], reverse=True)


def test_ownership_classes_follow_the_stakes(mini_atlas):
    quality = site_quality(mini_atlas).set_index("site_id")
    stakes = mini_atlas.stakes
    for site_id, row in quality.iterrows():
        equity = stakes[(stakes["site_id"] == site_id) & (stakes["role"] == "equity")]
        if equity.empty:
            assert row["ownership"] == "no owners"
        elif equity["share_pct"].isna().all():
            assert row["ownership"] == "no shares"


@pytest.mark.parametrize("lang", ["en", "es", "ja"])
def test_quality_table_is_translated(real_atlas, lang):
    table = quality_table(site_quality(real_atlas), lang)
    assert len(table) == len(real_atlas.sites)
    if lang == "ja":
        assert "権益情報" in table.columns and "完全" in set(table["権益情報"])


def test_data_page_has_the_quality_tab(monkeypatch):
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    at = run_app("ja", page="pages/data_sources.py")
    assert any("品質" in tab.label for tab in at.tabs)
    assert any("要改善度" in list(df.value.columns) for df in at.dataframe)
    credits = " ".join(c.value for c in at.caption)
    assert "GeoNames" in credits and "GSHHG" in credits, "the base map's sources are credited"


@pytest.mark.parametrize(("url", "method"), [
    ("https://mrdata.usgs.gov/sir20105090z/show-sir20105090z.php?id=263", "USGS record"),
    ("http://portergeo.com.au/database/mineinfo.asp?mineid=mn1013", "PorterGeo"),
    ("https://github.com/alexanderquispe/Diplomado_PUCP/blob/b2aeb48/_data/Folium/MINING.csv",
     "mining-unit table"),
    ("https://www.geonames.org/3929225", "GeoNames town or district"),
    ("https://gestion.pe/economia/x", "report, company or press page"),
    ("", "unknown"),
])
def test_placement_method_is_read_from_the_coordinate_source(url, method):
    assert placement_method(url) == method


def test_placement_table_counts_every_site_once(real_atlas):
    quality = site_quality(real_atlas)
    assert placement_table(quality).to_numpy().sum() == len(quality)


def test_stake_recheck_counts_recent_sources(data_copy):
    from geo.load import load_atlas
    lines = (data_copy.dir / "stakes.csv").read_text(encoding="utf-8").splitlines()
    japanese = next(line for line in lines if "kaisha_smelting" in line)
    data_dir = data_copy("stakes.csv", japanese, japanese.replace(",2023,", ",2025-03,"))
    counts = stake_recheck(load_atlas(data_dir))
    assert counts == {"stakes": len(lines) - 1, "sourced 2025 or later": 1,
                      "Japanese stakes": 3, "Japanese sourced 2025 or later": 1}


def test_crosscheck_against_ingemmet_flags_far_and_misnamed_sites():
    import geopandas as gpd
    from shapely.geometry import Point

    from geo.crosscheck import crosscheck, names_agree
    from geo.layers import Layer, catalog
    assert names_agree("Cerro Verde (Freeport)", "CERRO VERDE")
    assert names_agree("Yauricocha", "U.E.A. YAURICOCHA")
    assert not names_agree("Quellaveco", "Toquepala")
    assert not names_agree("Mina Justa", "Mina Marcona")
    sites = gpd.GeoDataFrame({
        "id": ["good", "moved", "other"], "name": ["Antamina", "Cerro Verde", "Quellaveco"],
        "coord_precision_m": [1000, 1000, 3000]},
        geometry=[Point(-77.05, -9.54), Point(-71.0, -16.0), Point(-70.55, -17.1)], crs=4326)
    mines = gpd.GeoDataFrame({"name": ["ANTAMINA", "CERRO VERDE", "TOQUEPALA"]},
                             geometry=[Point(-77.06, -9.54), Point(-71.59, -16.53),
                                       Point(-70.56, -17.1)], crs=4326)
    layers = {"ingemmet_mines": Layer(catalog()["ingemmet_mines"], mines, "official x")}
    table = crosscheck(sites, layers).set_index("site_id")
    assert table.loc["good", "review"] == "" and table.loc["good", "official_km"] < 2
    assert table.loc["moved", "review"] == "same name, farther than our precision"
    assert table.loc["other", "review"] == "nearest record has another name"
    assert crosscheck(sites, {}) is None
