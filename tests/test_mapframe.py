"""The cached map arguments are exactly what st_folium would send, and the server answers fast.

pages.mapframe re-assembles streamlit-folium's component call from cached strings; if a
streamlit-folium upgrade changed what st_folium sends, these comparisons fail before a viewer
sees a broken map.
"""

from __future__ import annotations

import asyncio
import socket

import pytest
import streamlit_folium

from geo.envmap import environment_groups, tooltip_geojson
from geo.filters import SiteFilter
from geo.layers import load_layers
from geo.load import load_atlas
from geo.mapview import build_base_map, build_sites_layer, layer_control, site_popups
from geo.trade import bar_spec, chart_frame, series_of
from pages.mapframe import base_frame, component_args, group_scripts


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _explorer_parts(atlas, lang):
    layers = load_layers()

    def base():
        overlays = environment_groups(layers, lang, show=False,
                                      geojson=tooltip_geojson(layers, lang))
        return build_base_map(lang, overlays, legend="<b>legend</b>")

    shown = atlas.sites[atlas.sites["japan_linked"]]
    popups = site_popups(atlas, lang)
    return base, (lambda: build_sites_layer(shown, atlas, lang, popups))


def _what_st_folium_sends(monkeypatch, fig, **kwargs) -> dict:
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(fig, **kwargs)
    sent.pop("on_change")
    return sent


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_explorer_arguments_equal_st_folium_s(monkeypatch, atlas, lang):
    base, sites = _explorer_parts(atlas, lang)
    returned = ["last_object_clicked", "last_object_clicked_tooltip"]
    expected = _what_st_folium_sends(
        monkeypatch, base(), key="explorer_map", height=620, use_container_width=True,
        feature_group_to_add=sites(), layer_control=layer_control(), center=(-12.0, -76.0),
        zoom=9, returned_objects=returned)
    frame = base_frame(base(), "explorer_map", layer_control(), [sites()])
    ours = component_args(frame, group_scripts([sites()]), height=620, width=None,
                          returned_objects=returned, center=(-12.0, -76.0), zoom=9)
    assert ours.keys() == expected.keys()
    for name in expected:
        assert ours[name] == expected[name], name
    assert "marker" in ours["feature_group"] and ours["layer_control"]


def test_a_map_without_groups_or_control_is_sent_as_st_folium_sends_it(monkeypatch, atlas):
    expected = _what_st_folium_sends(monkeypatch, build_base_map("es", tiles=False),
                                     key="tour", height=700, use_container_width=True,
                                     returned_objects=[])
    ours = component_args(base_frame(build_base_map("es", tiles=False), "tour"), None,
                          height=700, width=None, returned_objects=[])
    assert ours == expected


def test_the_component_key_follows_the_base_map_not_the_sites(atlas):
    """A filter change must not remount the map: its key comes from the base alone."""
    base, _ = _explorer_parts(atlas, "en")
    one = base_frame(base(), "k", layer_control(), [build_sites_layer(atlas.sites[:3], atlas,
                                                                      "en")])
    two = base_frame(base(), "k", layer_control(), [build_sites_layer(atlas.sites, atlas,
                                                                      "en")])
    other_language = base_frame(_explorer_parts(atlas, "es")[0](), "k", layer_control(),
                                [build_sites_layer(atlas.sites, atlas, "es")])
    assert one.component_key == two.component_key != other_language.component_key


def test_groups_differ_by_what_they_show(atlas):
    few = group_scripts([build_sites_layer(atlas.sites[:3], atlas, "en")])
    many = group_scripts([build_sites_layer(atlas.sites, atlas, "en")])
    assert few.script != many.script and few.size < many.size
    assert "map_div" in few.script


def test_a_cdn_colormap_is_refused():
    import branca.colormap

    m = build_base_map("en", tiles=False)
    branca.colormap.LinearColormap(["red", "blue"]).add_to(m)
    with pytest.raises(ValueError, match="CDN"):
        base_frame(m, "k")


def test_filter_keys_ignore_the_order_of_the_picks():
    a = SiteFilter(minerals=frozenset({"Cu", "Zn", "Mo"}), japan_linked_only=True)
    b = SiteFilter(minerals=frozenset({"Mo", "Cu", "Zn"}), japan_linked_only=True)
    assert a.key() == b.key()
    assert a.key() != SiteFilter(minerals=frozenset({"Cu", "Zn"}), japan_linked_only=True).key()
    assert SiteFilter(minerals=frozenset({"Cu"})).key() != \
        SiteFilter(statuses=frozenset({"Cu"})).key()


def test_bar_spec_is_the_chart_altair_would_build(atlas):
    import altair as alt

    series = series_of(atlas)[0]
    frame = chart_frame(series, "en")
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("value:Q", title="%"), y=alt.Y("destination:N", sort="-x", title=None),
        color=alt.condition("datum.japan", alt.value("#bc002d"), alt.value("#4a6fa5")),
        tooltip=[alt.Tooltip("destination:N"), alt.Tooltip("value:Q", title="%")]).to_dict()
    ours = bar_spec(frame, "%", "#bc002d")
    assert ours["encoding"] == chart["encoding"] and ours["mark"] == chart["mark"]
    rows = next(iter(chart["datasets"].values()))
    assert ours["data"]["values"] == rows


def test_nodelay_reaches_sockets_made_the_way_streamlit_binds_them():
    """Streamlit binds with proto=0, which asyncio's own TCP_NODELAY skips (40 ms a rerun)."""
    from pages import nodelay

    async def accepted_nodelay() -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as Streamlit
        listener.bind(("127.0.0.1", 0))
        seen = asyncio.get_running_loop().create_future()

        def on_client(reader, writer):
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_client, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        value = await asyncio.wait_for(seen, 5)
        writer.close()
        server.close()
        return value

    import asyncio.base_events as base_events

    original = base_events._set_nodelay  # an AppTest earlier in the session may have patched it
    base_events._set_nodelay = nodelay.ASYNCIO_DEFAULT
    try:
        before = asyncio.run(accepted_nodelay())
        if before:
            pytest.skip("this Python sets TCP_NODELAY on such sockets itself")
        assert nodelay.install()
        after = asyncio.run(accepted_nodelay())
    finally:
        base_events._set_nodelay = original
    assert after == 1
