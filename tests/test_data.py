"""The shipped dataset: coverage the issue promises, provenance on every row, all in Peru."""

from __future__ import annotations

import pytest

from geo import vocab
from geo.basemap import peru_with_tolerance
from geo.sources import SOURCES_MD, sources_markdown

SEED_SITES = ("antamina", "quellaveco", "cerro_verde", "bayovar", "peru_lng", "falchani",
              "quilcaya")
SEED_JAPANESE = ("mitsubishi_corp", "mitsui_co", "marubeni", "sojitz", "nippon_koei", "itochu",
                 "hitachi", "sumitomo_metal_mining")
# Peru's major operating mines by metal (the issue's "major operating copper, zinc, tin, gold
# and iron mines").
MAJOR_OPERATING = {
    "Cu": ("antamina", "cerro_verde", "las_bambas", "quellaveco", "toquepala", "cuajone",
           "antapaccay", "constancia", "toromocho", "mina_justa"),
    "Zn": ("antamina", "cerro_lindo"),
    "Sn": ("san_rafael",),
    "Au": ("yanacocha",),
    "Fe": ("marcona",),
}
# The Japanese stakes the seed articles state.
SEED_STAKES = (("antamina", "mitsubishi_corp"), ("quellaveco", "mitsubishi_corp"),
               ("cerro_verde", "sumitomo_metal_mining"), ("bayovar", "mitsui_co"),
               ("peru_lng", "marubeni"))


def test_at_least_forty_sites(real_atlas):
    assert len(real_atlas.sites) >= 40


def test_every_seed_site_is_mapped(real_atlas):
    missing = set(SEED_SITES) - set(real_atlas.sites["id"])
    assert not missing
    lng = real_atlas.sites.set_index("id").loc["peru_lng"]
    assert lng["kind"] == "energy" and lng["minerals"] == ("LNG",)


@pytest.mark.parametrize("mineral", sorted(MAJOR_OPERATING))
def test_major_operating_mines_are_mapped(real_atlas, mineral):
    sites = real_atlas.sites.set_index("id")
    for site_id in MAJOR_OPERATING[mineral]:
        assert site_id in sites.index, site_id
        assert mineral in sites.at[site_id, "minerals"], site_id
        assert sites.at[site_id, "status"] == "operating", site_id


def test_every_seed_japanese_company_has_a_row_with_its_japanese_name(real_atlas):
    companies = real_atlas.companies.set_index("id")
    for company_id in SEED_JAPANESE:
        assert company_id in companies.index, company_id
        assert companies.at[company_id, "country"] == vocab.JAPAN
        assert companies.at[company_id, "name_ja"], company_id


def test_seed_japanese_stakes_are_recorded(real_atlas):
    pairs = set(zip(real_atlas.stakes["site_id"], real_atlas.stakes["company_id"], strict=True))
    assert not set(SEED_STAKES) - pairs


def test_every_site_lies_in_peru(real_atlas):
    peru = peru_with_tolerance()
    outside = real_atlas.sites[~real_atlas.sites.geometry.within(peru)]
    assert outside.empty, list(outside["id"])


def test_provenance_on_every_row(real_atlas):
    for frame in (real_atlas.sites, real_atlas.stakes):
        assert (frame["source_url"].str.startswith("http")).all()
        assert (frame["as_of"] != "").all()
    unsure = real_atlas.sites[real_atlas.sites["confidence"] != "high"]
    assert (unsure["confidence_note"] != "").all(), list(unsure.loc[
        unsure["confidence_note"] == "", "id"])
    assert real_atlas.sites["coord_precision_m"].notna().all()


def test_equity_is_fully_sourced_where_shares_are_given(real_atlas):
    equity = real_atlas.stakes[real_atlas.stakes["role"] == "equity"]
    assert equity["share_pct"].notna().any()
    assert (equity.groupby("site_id")["share_pct"].sum() <= 100.01).all()


def test_sources_md_is_generated_from_the_data(real_atlas):
    assert SOURCES_MD.read_text(encoding="utf-8") == sources_markdown(real_atlas), (
        "data/SOURCES.md is stale: run `python -m geo.sources`")
