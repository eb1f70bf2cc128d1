"""Map-first pages: the booth card, the legend on the map, search on both pages, first visits."""

from __future__ import annotations

import ast
import re

import folium
import pytest

from geo.escape import escape, escape_markdown
from geo.filters import filter_options
from geo.layers import load_layers
from geo.maplegend import LegendControl, site_legend_html
from geo.mapview import SMALL_CLUSTER_ICON, build_base_map, layer_control
from geo.paths import ROOT
from geo.screening import screen
from geo.sitecard import card_html, latest_output
from pages.shell import PAGES
from tests.test_pages import run_app

HOSTILE = "<img src=x onerror=alert(1)>{{ 7*7 }}`${x}`"


def test_the_booth_card_shows_owners_with_shares_output_and_sensitivity(real_atlas):
    screening = screen(real_atlas.sites, load_layers())
    html = card_html(real_atlas, "quellaveco", screening, "en")
    assert '<span class="jp">Mitsubishi Corporation 40%</span>' in html
    assert "Anglo American 60%" in html
    assert "Production since" in html and "2022" in html
    assert re.search(r'class="sens-(high|medium|low)"', html)
    antamina = card_html(real_atlas, "antamina", screening, "ja")
    assert "三菱商事 10%" in antamina
    assert latest_output(real_atlas, "antamina", "en"), "Antamina's output is sourced"


def test_the_card_leaves_out_what_no_source_gives(real_atlas):
    sites = real_atlas.sites
    bare = sites[sites["capex_musd"].isna() & sites["start_year"].isna()].iloc[0]["id"]
    html = card_html(real_atlas, bare, None, "en")
    assert "Capex" not in html and "Production since" not in html


def test_the_card_escapes_a_hostile_name(mini_atlas):
    atlas = mini_atlas
    sites = atlas.sites.copy()
    sites.loc[sites.index[0], "name"] = HOSTILE
    hostile = type(atlas)(**{**atlas.__dict__, "sites": sites})
    html = card_html(hostile, sites.iloc[0]["id"], None, "en")
    assert "<img" not in html and "{{" not in html and escape(HOSTILE) in html


def test_the_legend_rides_on_the_map_folded_on_phones_and_its_text_stays_text(real_atlas):
    options = filter_options(real_atlas.sites, real_atlas.companies)
    legend = site_legend_html(options, "ja")
    m = build_base_map("ja", legend=legend + escape(HOSTILE), tiles=False)
    html = m.get_root().render()
    assert "atlas-legend-ctl" in html and "凡例" in html
    script = html[html.index("atlas-legend-body"):]
    assert "<img src=x" not in script and "{{ 7*7 }}" not in html and "49" not in script[:200]
    assert "size.x < 700 || size.y < 760" in html, "small maps start with the legend folded"


def test_the_legend_string_cannot_close_the_script():
    control = LegendControl("</script><script>alert(1)</script>", "Legend")
    assert "</script" not in control.html_js and "{" not in control.html_js


def test_layer_control_starts_collapsed_and_clusters_show_colours():
    assert layer_control().options["collapsed"] is True
    assert "conic-gradient" in SMALL_CLUSTER_ICON and "data-colour" in SMALL_CLUSTER_ICON


def test_site_markers_carry_their_mineral_colour_for_the_cluster_ring(real_atlas):
    from geo.mapview import build_sites_layer

    group = build_sites_layer(real_atlas.sites.head(3), real_atlas, "en")
    m = folium.Map()
    group.add_to(m)
    assert len(re.findall(r'data-colour=\\?"#[0-9a-f]{6}', m.get_root().render())) == 3


@pytest.mark.parametrize("key", [key for _, _, key in PAGES])
def test_every_url_path_has_its_first_visit_file(key):
    """Streamlit's first session resolves /<key> by file name in pages/ (see shell.py)."""
    shim = ROOT / "pages" / f"{key}.py"
    assert shim.is_file(), f"pages/{key}.py is missing: a first visit to /{key} says not found"
    calls = [n.func.id for n in ast.walk(ast.parse(shim.read_text()))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    assert calls == ["run_app_for_first_visit"]
    assert not any(script == f"pages/{key}.py" for script, _, _ in PAGES)


def test_explorer_search_opens_the_card_and_flies_there(monkeypatch):
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    at = run_app("en", page="pages/map_explorer.py")
    at.text_input(key="explorer_search_q").set_value("bayovar").run()
    hits = [b for b in at.button if b.key and b.key.startswith("explorer_search_hit_")]
    assert hits and hits[0].label.startswith("Bayóvar")
    hits[0].click().run()
    assert not at.exception
    assert at.session_state["selected_site"] == "bayovar"
    assert at.text_input(key="explorer_search_q").value == ""
    assert escape_markdown("Bayóvar (Miski Mayo)") in [h.value for h in at.subheader]


def test_presentation_search_shows_the_found_site_and_back_returns(monkeypatch):
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    at = run_app("ja", page="pages/kiosk_tour.py")
    at.text_input(key="tour_search_q").set_value("三菱マテリアル").run()
    hits = [b for b in at.button if b.key and b.key.startswith("tour_search_hit_")]
    assert hits, "Japanese company name not found"
    hits[0].click().run()
    assert not at.exception
    # The card names the site as Japanese readers know it (name_ja).
    assert any("サフラナル" in h.value for h in at.get("html") if hasattr(h, "value"))
    at.button(key="tour_unpick").click().run()
    assert not any(b.key == "tour_unpick" for b in at.button)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_japanese_owners_are_marked_in_text_not_an_emoji_flag(real_atlas, lang):
    """Debian's Chromium without an emoji font drew the flag as two boxes."""
    from geo.mapview import site_popups
    from geo.owners import owners_of
    from geo.tables import owners_table

    table = owners_table(owners_of(real_atlas, "quellaveco", lang), lang)
    companies = list(table.iloc[:, 0])
    mark = "Mitsubishi Corporation (Japan)" if lang == "en" else "三菱商事(日本)"
    assert mark in companies
    assert not any("🇯🇵" in html for html in site_popups(real_atlas, lang).values())
