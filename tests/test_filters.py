"""Facets combine with AND, choices within a facet with OR; an empty facet restricts nothing."""

from __future__ import annotations

import pytest

from geo.filters import SiteFilter, apply_filter, filter_options


def ids(atlas, **kwargs) -> list[str]:
    f = SiteFilter(**{k: frozenset(v) if isinstance(v, (set, list)) else v
                      for k, v in kwargs.items()})
    return sorted(apply_filter(atlas.sites, f)["id"])


def test_empty_filter_keeps_everything(mini_atlas):
    assert SiteFilter().is_empty
    assert ids(mini_atlas) == sorted(mini_atlas.sites["id"])


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"minerals": {"Cu"}}, ["alpha", "bravo", "charlie"]),
        ({"minerals": {"Cu"}, "primary_mineral_only": True}, ["alpha"]),
        ({"minerals": {"Li", "Sn"}}, ["delta", "echo"]),
        ({"statuses": {"operating"}}, ["alpha", "bravo", "foxtrot"]),
        ({"statuses": {"operating"}, "minerals": {"Zn"}}, ["bravo"]),
        ({"departments": {"Puno"}}, ["delta", "echo"]),
        ({"companies": {"nihon_trading"}}, ["alpha", "foxtrot"]),
        ({"companies": {"kaisha_smelting", "nihon_trading"}}, ["alpha", "bravo", "foxtrot"]),
        ({"japan_linked_only": True}, ["alpha", "bravo", "foxtrot"]),
        ({"japan_linked_only": True, "departments": {"Cajamarca"}}, []),
    ],
)
def test_filter_combinations(mini_atlas, kwargs, expected):
    assert ids(mini_atlas, **kwargs) == expected


def test_options_offer_only_what_the_data_has(mini_atlas):
    options = filter_options(mini_atlas.sites, mini_atlas.companies)
    assert options.minerals[:3] == ("Cu", "Zn", "Pb")  # vocabulary order, not alphabetical
    assert "Fe" not in options.minerals
    assert options.statuses == ("operating", "feasibility", "exploration", "closed")
    assert options.japanese_companies == ("kaisha_smelting", "nihon_trading")
    assert options.departments == ("Áncash", "Cajamarca", "Lima", "Moquegua", "Puno")


def test_a_click_is_resolved_by_tooltip_even_when_sites_share_a_point(mini_atlas):
    from geo.owners import site_from_click

    sites = mini_atlas.sites.copy()
    sites.loc[sites["id"] == "delta", ["lat", "lon"]] = (-14.2, -70.2)  # same point as echo
    click = {"lat": -14.2, "lng": -70.2}
    assert site_from_click(sites, click, "Delta Lithium (test)") == "delta"
    assert site_from_click(sites, click, "<b>Delta Lithium (test)</b>") == "delta"
    assert site_from_click(sites, {"lat": -17.1, "lng": -70.6}, None) == "alpha"
    assert site_from_click(sites, None, None) is None
