"""Trade-event mode: the tour as data, links that survive odd values, a take-away map that
needs nothing but itself, and a one-page PDF with Japanese text."""

from __future__ import annotations

import logging
import re

import pytest

from geo.i18n import t
from geo.mapview import build_base_map, build_sites_layer
from geo.onepager import site_pdf
from geo.standalone import standalone_html
from geo.tour import load_tour
from geo.urlstate import TourState, parse_tour
from geo.vocab import LANGUAGES
from tests.test_pages import run_app

ISSUE_STOPS = {"quellaveco", "antamina", "cerro_verde", "bayovar", "peru_lng", "macusani",
               "amazon"}


def test_the_tour_is_data_that_matches_the_atlas(real_atlas):
    stops, problems = load_tour(real_atlas)
    assert not problems
    assert {s.id for s in stops} >= ISSUE_STOPS
    assert [s.order for s in stops] == sorted(s.order for s in stops)
    for stop in stops:
        assert all(stop.titles[lang] for lang in LANGUAGES)
    amazon = next(s for s in stops if s.id == "amazon")
    assert "amazon" in amazon.layers
    quellaveco = next(s for s in stops if s.id == "quellaveco")
    site = real_atlas.sites.set_index("id").loc["quellaveco"]
    assert (quellaveco.lat, quellaveco.lon) == (site["lat"], site["lon"])


def test_a_bad_tour_row_is_named(real_atlas, tmp_path):
    path = tmp_path / "tour.csv"
    path.write_text("order,id,site_id,zoom,layers,title_en,title_es,title_ja\n"
                    "1,a,nowhere,9,lava,A,A,A\n", encoding="utf-8")
    _, problems = load_tour(real_atlas, path)
    text = " ".join(map(str, problems))
    assert "unknown site 'nowhere'" in text and "unknown layer(s) lava" in text


@pytest.mark.parametrize(("params", "expected", "noted"), [
    ({}, TourState(), False),
    ({"stop": "3", "play": "1", "every": "12"}, TourState(3, True, 12), False),
    ({"stop": "1e309"}, TourState(), True),
    ({"stop": "NaN"}, TourState(), True),
    ({"stop": "-2"}, TourState(), True),
    ({"stop": "99"}, TourState(), True),
    ({"stop": "2.5"}, TourState(), True),
    ({"stop": ["2", "3"]}, TourState(stop=3), False),
    ({"stop": "<script>alert(1)</script>"}, TourState(), True),
    ({"every": "7"}, TourState(), True),
    ({"play": "maybe"}, TourState(), True),
    ({"stop": "9" * 100_000}, TourState(), True),
])
def test_links_are_read_defensively(params, expected, noted):
    state, notes = parse_tour(params, n_stops=8)
    assert state == expected
    assert bool(notes) is noted
    assert all(len(n) < 400 for n in notes)


def test_state_round_trips_through_the_url():
    state = TourState(5, True, 20)
    assert parse_tour(state.params(), 8) == (state, [])


def test_the_take_away_map_needs_nothing_but_itself(real_atlas):
    m = build_base_map("es", tiles=False)
    build_sites_layer(real_atlas.sites, real_atlas, "es").add_to(m)
    html = standalone_html(m, "Atlas").decode("utf-8")
    assert not re.search(r'<script[^>]+src=', html)
    assert not re.search(r'<link[^>]+stylesheet', html)
    assert "/app/static/" not in html and "tile.openstreetmap" not in html
    assert "L.map(" in html and "markerClusterGroup" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_one_pager_embeds_a_font_with_every_glyph(real_atlas, lang, caplog):
    with caplog.at_level(logging.WARNING):
        pdf = site_pdf(real_atlas, "quellaveco", lang)
    assert pdf.startswith(b"%PDF") and b"IPAPGothic" in pdf
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    assert site_pdf(real_atlas, "quellaveco", lang) == pdf  # reproducible


def test_the_one_pager_keeps_a_hostile_name_as_text(mini_atlas):
    """A PDF runs no markup: the name is drawn as glyphs and kept as a plain title string."""
    pdf = site_pdf(mini_atlas, "echo", "en")
    assert pdf.startswith(b"%PDF") and b"/JavaScript" not in pdf and b"/JS" not in pdf
    assert b"/Title (Echo <script>alert\\(1\\)</script>" in pdf  # an escaped PDF string


@pytest.mark.parametrize("lang", LANGUAGES)
def test_presentation_page_steps_and_keeps_the_stop_in_the_url(lang):
    at = run_app(lang, page="pages/kiosk_tour.py")
    assert at.session_state["tour"].stop == 1
    at.button(key="tour_next").click().run()
    assert at.session_state["tour"].stop == 2
    assert at.query_params["stop"] in ("2", ["2"])
    at.button(key="tour_prev").click().run()
    at.button(key="tour_prev").click().run()
    assert at.session_state["tour"].stop == 8  # wraps round
    assert not at.exception


def test_a_strange_link_warns_and_opens_the_first_stop():
    from streamlit.testing.v1 import AppTest

    from tests.test_pages import APP, TIMEOUT
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "es"
    at.query_params["stop"] = "1e309"
    at.run()
    at.switch_page("pages/kiosk_tour.py").run()
    assert not at.exception
    assert at.session_state["tour"].stop == 1
    assert any("1e309" in w.value for w in at.warning)
    assert t("tour.next", "es") in [b.label for b in at.button]
