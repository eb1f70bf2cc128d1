"""Every page renders in every language, and the filters drive the count (Streamlit AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.filters import SiteFilter, apply_filter
from geo.i18n import t
from geo.paths import ROOT, data_dir
from geo.sources import sources_table
from tests.conftest import MINI

APP = str(ROOT / "app.py")
MAP = "pages/map_explorer.py"
TIMEOUT = 60


@pytest.fixture
def mini_data(monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(MINI))


def run_app(lang: str | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang is not None:
        at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def headings(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


@pytest.mark.parametrize("lang", ["en", "es", "ja"])
def test_map_page_renders_in_each_language(mini_data, mini_atlas, lang):
    at = run_app(lang, page=MAP)
    assert at.title[0].value == t("app.title", lang)
    n = len(mini_atlas.sites)
    assert t("map.count", lang, n=n, total=n) in headings(at)
    assert at.query_params["lang"] == [lang] or at.query_params["lang"] == lang


def test_a_filter_changes_the_count_and_the_table(mini_data, mini_atlas):
    at = run_app("en", page=MAP)
    at.sidebar.multiselect(key="f_minerals").set_value(["Li"]).run()
    assert not at.exception
    expected = apply_filter(mini_atlas.sites, SiteFilter(minerals=frozenset({"Li"})))
    assert t("map.count", "en", n=len(expected), total=6) in headings(at)
    assert list(at.dataframe[0].value.index) == list(expected["id"])

    at.sidebar.toggle(key="f_japan").set_value(True).run()
    assert t("map.count", "en", n=0, total=6) in headings(at)
    assert any(t("map.none", "en") in i.value for i in at.info)


def test_japanese_company_filter_offers_only_japanese_companies(mini_data):
    at = run_app("en", page=MAP)
    select = at.sidebar.multiselect(key="f_companies")
    assert list(select.options) == ["Kaisha Smelting (test)", "Nihon Trading (test)"]
    select.set_value(["kaisha_smelting"]).run()
    assert t("map.count", "en", n=1, total=6) in headings(at)


def test_language_switch_updates_url_and_text(mini_data):
    at = run_app("en")
    at.sidebar.selectbox(key="lang_picker").set_value("ja").run()
    assert at.title[0].value == t("app.title", "ja")
    assert at.query_params["lang"] in ("ja", ["ja"])


def test_unknown_language_in_url_warns_and_falls_back(mini_data):
    at = run_app("xx<script>")
    assert at.title[0].value == t("app.title", "en")
    assert any("xx" in w.value and "script" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_data_page_lists_every_table(mini_data, mini_atlas, lang):
    at = run_app(lang, page="pages/data_sources.py")
    assert at.title[0].value == t("nav.data", lang)
    sizes = [len(df.value) for df in at.dataframe]
    a = mini_atlas
    assert sizes == [len(a.sites), len(a.companies), len(a.stakes), len(a.production),
                     len(a.trade), len(a.milestones), len(a.portfolio), len(sources_table(a)),
                     len(a.sites)]
    assert any(t("data.ownership_gaps", lang, n=len(a.warnings)) in c.value for c in at.caption)
    assert set(at.dataframe[5].value.iloc[:, 2]) == set(a.milestones[f"title_{lang}"])


def test_bad_data_gives_a_clear_message_and_no_traceback(monkeypatch, data_copy):
    data_dir = data_copy("sites.csv", "-17.1,-70.6", "-70.6,-17.1")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.error and t("error.data", "en") in at.error[0].value
    assert "sites.csv, line 2, column 'lat'" in at.code[0].value


def test_real_data_renders(real_atlas):
    at = run_app("en", page=MAP)
    n = len(real_atlas.sites)
    assert t("map.count", "en", n=n, total=n) in headings(at)


@pytest.mark.parametrize("lang", ["en", "es", "ja"])
def test_environment_page_shows_classes_layers_and_method(mini_data, mini_atlas, lang):
    from geo.layers import load_layers
    from geo.screening import screen

    at = run_app(lang, page="pages/environmental_screening.py")
    assert at.title[0].value == t("env.title", lang)
    expected = screen(mini_atlas.sites, load_layers())["sensitivity"].value_counts()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("env.sites", lang)] == str(len(mini_atlas.sites))
    for cls in ("high", "medium", "low"):
        assert metrics[t(f"env.count_{cls}", lang)] == str(int(expected.get(cls, 0)))
    table = at.dataframe[0].value
    assert len(table) == len(mini_atlas.sites)
    assert set(table[t("col.in_buffer_zone", lang)]) == {t("env.unknown", lang)}
    method = " ".join(m.value for m in at.markdown)
    assert "27037" in method


def test_environment_table_follows_the_filters(mini_data, mini_atlas):
    at = run_app("en", page="pages/environmental_screening.py")
    at.sidebar.multiselect(key="f_minerals").set_value(["Li"]).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == len(
        apply_filter(mini_atlas.sites, SiteFilter(minerals=frozenset({"Li"}))))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_downloads_page_offers_every_layer_and_the_view(mini_data, mini_atlas, lang):
    from geo.export import all_layers
    from geo.layers import load_layers

    at = run_app(lang, page="pages/data_downloads.py")
    assert at.title[0].value == t("dl.title", lang)
    layers = all_layers(mini_atlas, load_layers())
    markdown = " ".join(m.value for m in at.markdown)
    for layer_id in layers:
        assert f"`{layer_id}`" in markdown
    assert "`sites_view`" in markdown


def test_map_page_offers_what_i_see_as_geojson(mini_data, mini_atlas):
    at = run_app("en", page=MAP)
    at.sidebar.multiselect(key="f_minerals").set_value(["Li"]).run()
    assert not at.exception
    assert any(t("map.download", "en") in str(b.proto.label) for b in at.get("download_button"))


def test_filters_live_in_the_url_and_come_back_from_it(mini_data, mini_atlas):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.query_params["minerals"] = "Li,Xx<script>"
    at.query_params["japan"] = "0"
    at.run()
    at.switch_page(MAP).run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_minerals").value == ["Li"]
    assert any("Xx" in w.value for w in at.warning)
    expected = apply_filter(mini_atlas.sites, SiteFilter(minerals=frozenset({"Li"})))
    assert t("map.count", "en", n=len(expected), total=6) in headings(at)
    at.sidebar.toggle(key="f_japan").set_value(True).run()
    assert at.query_params["japan"] in ("1", ["1"])
    assert at.query_params["minerals"] in ("Li", ["Li"])


def test_a_walk_through_every_page_leaves_the_shared_data_as_loaded():
    """The Atlas, the screening and the explorer's tables are shared by every viewer
    (st.cache_resource): a page that changed one in place would change it for everybody."""
    import pandas as pd

    from geo.load import load_atlas
    from pages import shell

    at = run_app("ja", page=MAP)
    at.sidebar.toggle(key="f_japan").set_value(True).run()
    for script, _, _ in shell.PAGES:
        at.switch_page(script).run()
        assert not at.exception, (script, [e.message for e in at.exception])
    shared = shell.cached_atlas(str(data_dir()))
    fresh = load_atlas()
    for name in ("sites", "companies", "stakes", "production", "trade", "milestones",
                 "portfolio"):
        pd.testing.assert_frame_equal(getattr(shared, name), getattr(fresh, name), obj=name)
    shown = shell.shown_sites(SiteFilter(japan_linked_only=True))
    pd.testing.assert_frame_equal(shown, apply_filter(fresh.sites,
                                                      SiteFilter(japan_linked_only=True)))
