"""Japan's stake, partners, exports and timeline: figures recomputed from the CSVs, pages in
three languages."""

from __future__ import annotations

import csv

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import t
from geo.network import network_dot, network_edges
from geo.paths import DATA_DIR
from geo.sources import sources_table
from geo.stakeholders import attributable_output, headline, portfolio
from geo.tables import format_billions, format_number
from geo.trade import chart_frame, flows_map, series_of
from tests.test_pages import APP, TIMEOUT, run_app


def rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_headline_figures_are_counted_from_the_csvs(real_atlas):
    japanese = {c["id"] for c in rows("companies.csv") if c["country"] == "JP"}
    linked = {s["site_id"] for s in rows("stakes.csv") if s["company_id"] in japanese}
    portfolio_row = next(m for m in rows("milestones.csv") if m["id"] == "cepeja_xvi_portfolio")
    figures = headline(real_atlas, len(sources_table(real_atlas)))
    assert figures.sites == len(rows("sites.csv"))
    assert figures.japan_linked_sites == len(linked)
    assert figures.companies == len(rows("companies.csv"))
    assert figures.japanese_companies == len(japanese)
    assert figures.portfolio_musd == float(portfolio_row["amount_musd"]) == 17300


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "US$ 17.3 bn"), ("es", "US$ 17,300 millones"), ("ja", "173億米ドル")])
def test_the_portfolio_reads_naturally_in_each_language(lang, expected):
    assert format_billions(17300, lang) == expected


def test_attributable_output_counts_only_published_shares_and_output(mini_atlas):
    result = attributable_output(mini_atlas, {"nihon_trading"})
    by = result.by_mineral.set_index("mineral")
    assert by.at["Cu", "amount"] == pytest.approx(150000 * 0.40)
    assert by.at["Ag", "amount"] == pytest.approx(1200000 * 0.40)
    assert result.no_production == ["foxtrot"] and result.no_share == []
    offtake_only = attributable_output(mini_atlas, {"kaisha_smelting"})
    assert offtake_only.by_mineral.empty


def test_portfolio_lists_roles_with_site_facts(mini_atlas):
    table = portfolio(mini_atlas, {"nihon_trading", "kaisha_smelting"})
    assert set(zip(table["site_id"], table["role"], strict=True)) == {
        ("alpha", "equity"), ("foxtrot", "equity"), ("bravo", "offtake")}
    assert table.iloc[0]["role"] == "equity"


def test_network_shows_partners_and_escapes_labels(mini_atlas):
    edges = network_edges(mini_atlas)
    assert ("alpha", "global_miner") in set(zip(edges["site_id"], edges["company_id"],
                                                strict=True))
    alone = network_edges(mini_atlas, partners=False)
    assert set(alone["company_id"]) == {"nihon_trading", "kaisha_smelting"}
    echo = mini_atlas.sites.set_index("id").loc["echo", "name"]
    sites = mini_atlas.sites.copy()
    sites.loc[sites["id"] == "alpha", "name_ja"] = 'Alpha "quoted" \\ name'
    mini = type(mini_atlas)(**{**mini_atlas.__dict__, "sites": sites})
    dot = network_dot(mini, edges, "ja")
    assert 'Alpha \\"quoted\\" \\\\ name' in dot
    assert "日本商事" in dot and echo not in dot  # echo has no stake: not drawn
    only_li = network_edges(mini_atlas, minerals={"Li"})
    assert only_li.empty


def test_trade_series_rank_and_flows(real_atlas):
    series = series_of(real_atlas)
    early_cu = next(s for s in series if s.mineral == "Cu" and s.period == "2025 (early months)")
    assert early_cu.japan_rank() == 2
    frame = chart_frame(early_cu, "ja")
    assert list(frame["destination"]) == ["中国", "日本"]
    assert frame["japan"].tolist() == [False, True]
    may_cu = next(s for s in series if s.mineral == "Cu" and s.period == "2025-05")
    assert may_cu.measure == "value_musd" and "全輸出先" not in set(chart_frame(may_cu, "ja")[
        "destination"])
    assert may_cu.share_of_world().dropna().round(1).tolist()[1:] == [71.5, 8.5, 5.8]
    html = flows_map(early_cu, "en", {"origin": "Callao"}).get_root().render()
    assert "cdn." not in html and "#bc002d" in html


@pytest.mark.parametrize("lang", ["en", "es", "ja"])
@pytest.mark.parametrize("page", ["pages/landing.py", "pages/japan_stakeholders.py",
                                  "pages/partner_network.py", "pages/trade_flows.py",
                                  "pages/partnership_timeline.py"])
def test_each_japan_page_renders_in_each_language(lang, page):
    at = run_app(lang, page=page)
    assert at.title, page


def test_home_shows_the_counted_figures(real_atlas):
    at = run_app("es", page="pages/landing.py")
    figures = headline(real_atlas, len(sources_table(real_atlas)))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("home.sites", "es")] == format_number(figures.sites, "es")
    assert metrics[t("home.japan_sites", "es")] == format_number(figures.japan_linked_sites, "es")
    assert metrics[t("home.portfolio", "es")] == format_billions(17300, "es")


def test_a_company_shows_its_profile_portfolio_and_gaps(real_atlas):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/japan_stakeholders.py").run()
    at.selectbox(key="stake_company").set_value("mitsubishi_corp").run()
    assert not at.exception
    assert any("三菱商事" in s.value for s in at.subheader)
    table = at.dataframe[0].value
    assert {"Quellaveco", "Antamina"} <= set(table[t("col.site", "en")])
    assert any("Not counted" in c.value for c in at.caption)
