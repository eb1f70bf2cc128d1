"""The map works with no network: every asset is ours, every site is drawn, markers say who."""

from __future__ import annotations

import re

import folium
import folium.plugins
import pytest

from geo.assets import (
    LOCAL_ASSETS,
    VENDOR_FILES,
    OfflineAssetError,
    localize_links,
    localize_map,
)
from geo.mapview import build_base_map, build_sites_layer
from geo.paths import VENDOR_URL

ASSET_LINK = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"")


def asset_links(element) -> list[str]:
    """What streamlit-folium loads: the JS/CSS named by every element of the tree."""
    out = []
    stack = [element]
    while stack:
        el = stack.pop()
        for attr in ("default_js", "default_css"):
            out += [url for _, url in getattr(el, attr, [])]
        stack += list(getattr(el, "_children", {}).values())
    return out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_base_map_html_loads_nothing_from_the_internet(lang):
    html = build_base_map(lang).get_root().render()
    links = ASSET_LINK.findall(html)
    assert links, "expected Leaflet to be linked"
    assert all(link.startswith(VENDOR_URL + "/") for link in links), links
    assert not re.search(r"(?:src|href)=\"https?://", html)


def test_sites_layer_assets_are_local_too(mini_atlas):
    layer = build_sites_layer(mini_atlas.sites, mini_atlas, "en")
    links = asset_links(layer) + asset_links(build_base_map("en"))
    assert links and all(url.startswith(VENDOR_URL + "/") for url in links), links


def test_every_served_asset_is_installed():
    served = {f.url for f in VENDOR_FILES}
    assert {f.url for f in LOCAL_ASSETS.values()} <= served
    missing = [str(f.target) for f in VENDOR_FILES if not f.target.is_file()]
    assert missing == [], "run `python -m geo.assets`"


def test_an_unknown_cdn_asset_is_refused_not_silently_fetched():
    with pytest.raises(OfflineAssetError, match="heatmap"):
        localize_links([("heatmap", "https://cdn.example/heatmap.js")])
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(OfflineAssetError):
        localize_map(m)


def test_one_marker_per_site_with_its_id(mini_atlas):
    layer = build_sites_layer(mini_atlas.sites, mini_atlas, "en")
    markers = [el for el in _walk(layer) if isinstance(el, folium.Marker)]
    assert len(markers) == len(mini_atlas.sites)
    clusters = [el for el in _walk(layer) if isinstance(el, folium.plugins.MarkerCluster)]
    assert len(clusters) == 1
    ids = {re.search(r'data-site-id="([^"]+)"', m.icon.options["html"]).group(1)
           for m in markers}
    assert ids == set(mini_atlas.sites["id"])


def test_japanese_linked_sites_carry_the_ring(mini_atlas):
    layer = build_sites_layer(mini_atlas.sites, mini_atlas, "en")
    html = {re.search(r'data-site-id="([^"]+)"', m.icon.options["html"]).group(1):
            m.icon.options["html"] for m in _walk(layer) if isinstance(m, folium.Marker)}
    ring = 'class="japan-ring"'
    assert ring in html["alpha"] and ring not in html["charlie"]


def test_base_map_is_the_same_whatever_the_filter():
    """streamlit-folium keys the component on the base map: it must not vary with data."""
    strip = re.compile(r"_[0-9a-f]{32}")
    one = strip.sub("", build_base_map("en").get_root().render())
    two = strip.sub("", build_base_map("en").get_root().render())
    assert one == two


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def test_online_tiles_need_no_api_key():
    """xyzservices flags providers that turned paid; such tiles would show nothing."""
    from geo.mapview import TILES

    assert not TILES.requires_token()


def test_sites_layer_script_is_identical_across_reruns(mini_atlas):
    """Otherwise streamlit-folium re-adds the layer on every rerun and closes open popups."""
    from streamlit_folium import _get_feature_group_string, _get_layer_control_string

    from geo.mapview import layer_control

    def scripts() -> tuple[str, str]:
        m = build_base_map("en")
        layer = build_sites_layer(mini_atlas.sites, mini_atlas, "en")
        return _get_feature_group_string(layer, m), _get_layer_control_string(layer_control(), m)

    assert scripts() == scripts()
