"""The explorer's folium map, split into a stable base and a changing sites layer.

streamlit-folium keys its component on the map's script, so anything that changes with the
filters lives in the sites layer (passed as ``feature_group_to_add``); the base map stays the
same and is not remounted when a filter changes.
"""

from __future__ import annotations

import hashlib

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
import xyzservices.providers as xyz
from branca.element import Element

from geo.assets import localize_links, localize_map
from geo.baselayers import add_base_detail
from geo.basemap import display_countries_json
from geo.datatext import site_name
from geo.escape import escape
from geo.i18n import t
from geo.load import Atlas
from geo.maplegend import LegendControl
from geo.owners import OWNER_COLUMNS, owners_by_site
from geo.popup import popup_html
from geo.symbols import MARKER_PX, mineral_colour, site_svg

PERU_CENTER = (-9.2, -75.0)
PERU_BOUNDS = ((-18.6, -81.6), (0.2, -68.4))
START_ZOOM = 5
MIN_ZOOM = 4
OCEAN = "#cfe2ef"
TILES = xyz.OpenStreetMap.Mapnik
# A failed tile becomes a transparent pixel, not a broken-image icon over our base layer.
TRANSPARENT_PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
# Cluster only symbols that truly collide: at the national view the mineral colours are the
# message, and a 24 px radius hid most of the 102 sites in numbered bubbles.
CLUSTER_OPTIONS = {
    "maxClusterRadius": 5,
    "disableClusteringAtZoom": 8,
    "showCoverageOnHover": False,
    "spiderfyOnMaxZoom": True,
}
# Sites that truly collide share one small disc, ringed with their minerals' colours (a conic
# gradient read from each marker's data-colour) so the colours, the map's message, still show.
SMALL_CLUSTER_ICON = """function(c){
var cols=c.getAllChildMarkers().map(function(m){
 var x=/data-colour="(#[0-9a-fA-F]{6})"/.exec(m.options.icon.options.html||'');
 return x?x[1]:'#777777';}).sort();
var n=cols.length,stops=cols.map(function(col,i){
 return col+' '+(100*i/n).toFixed(1)+'% '+(100*(i+1)/n).toFixed(1)+'%';}).join(',');
return L.divIcon({html:'<div style="background:conic-gradient('+stops+')"><span>'+n+'</span></div>',
 className:'marker-cluster atlas-cluster',iconSize:L.point(26,26)});}"""
_STYLE = folium.Element(
    f"<style>.leaflet-container{{background:{OCEAN}!important;font-family:inherit}}"
    ".site-marker{background:none;border:none}"
    ".site-marker svg{filter:drop-shadow(0 1px 1px rgba(0,0,0,.35))}"
    # Our own cluster discs: markercluster's green/yellow/orange would read as minerals.
    ".atlas-cluster{background:none!important}"
    ".atlas-cluster div{width:24px;height:24px;margin:1px;border-radius:12px;"
    "border:1.5px solid #1f1f1f;display:flex;align-items:center;justify-content:center;"
    "box-sizing:border-box}"
    ".atlas-cluster span{background:#fff;border-radius:8px;min-width:14px;height:14px;"
    "font-size:10px;line-height:14px;text-align:center;color:#111;font-weight:700}"
    # The frame's height comes from the page (pages/layout.py); the map fills it.
    "html,body{margin:0;overflow:hidden}#map_div,.folium-map{height:100vh!important}"
    ".leaflet-control-layers-expanded{max-height:60vh;overflow:auto;font-size:13px}"
    # A phone's map: the attribution on one small line, no scale bar under the legend button.
    "@media (max-width:600px){.leaflet-control-attribution{font-size:8.5px;line-height:1.25;"
    "max-width:75vw}.leaflet-control-scale{display:none}}</style>"
)


def _country_style(feature: dict) -> dict:
    if feature["properties"]["is_peru"]:
        return {"fillColor": "#f4efe1", "fillOpacity": 1, "color": "#6b5b3e", "weight": 1.6}
    return {"fillColor": "#e3e0d8", "fillOpacity": 1, "color": "#9a9488", "weight": 0.8}


def build_base_map(lang: str, overlays: list[folium.FeatureGroup] = (),
                   tiles: bool = True, legend: str | None = None) -> folium.Map:
    """Peru's outline under optional online tiles, plus fixed overlays (the environmental
    layers) and the legend (escaped HTML); nothing here depends on the filters."""
    # maxZoom on the map itself: marker clusters need it, and without tiles nothing else sets it.
    m = folium.Map(location=PERU_CENTER, zoom_start=START_ZOOM, tiles=None,
                   control_scale=True, max_bounds=False)
    # Quarter zooms: the national view fills the frame instead of snapping a whole level out.
    m.options.update(minZoom=MIN_ZOOM, maxZoom=TILES.get("max_zoom", 18), zoomSnap=0.25,
                     zoomDelta=0.5)
    m.default_js = localize_links(
        list(folium.Map.default_js) + list(folium.plugins.MarkerCluster.default_js))
    m.default_css = localize_links(
        list(folium.Map.default_css) + list(folium.plugins.MarkerCluster.default_css))
    m.get_root().header.add_child(_STYLE)
    # The land sits below the tile pane (z 200): offline it shows, online the tiles cover it.
    folium.map.CustomPane("land", z_index=150, pointer_events=False).add_to(m)
    folium.GeoJson(
        display_countries_json(),
        name=t("layer.base", lang), style_function=_country_style, interactive=False,
        pane="land", control=False,
    ).add_to(m)
    add_base_detail(m, lang)  # departments, water and place names: our offline base
    if tiles:  # optional street detail online; the booth and take-aways stay on our own base
        folium.TileLayer(
            tiles=TILES.build_url(), attr=TILES.html_attribution, name=t("layer.tiles", lang),
            overlay=True, control=True, show=True, max_zoom=TILES.get("max_zoom", 18),
            error_tile_url=TRANSPARENT_PIXEL,
        ).add_to(m)
    for overlay in overlays:
        overlay.add_to(m)
    if legend:
        LegendControl(legend, t("legend.title", lang)).add_to(m)
    m.fit_bounds(PERU_BOUNDS)
    localize_map(m)
    stabilise_ids(m, "base")
    return m


def site_popups(atlas: Atlas, lang: str) -> dict[str, str]:
    """Every site's popup HTML, built once per language and data version (pages cache it):
    joining owners and formatting 102 popups was a third of a map page's rerun under load."""
    owners = owners_by_site(atlas, lang)
    nobody = pd.DataFrame(columns=OWNER_COLUMNS)
    return {site["id"]: popup_html(site, owners.get(site["id"], nobody), lang)
            for _, site in atlas.sites.iterrows()}


def build_sites_layer(sites: gpd.GeoDataFrame, atlas: Atlas, lang: str,
                      popups: dict[str, str] | None = None,
                      marker_px: int = MARKER_PX) -> folium.FeatureGroup:
    """The sites as symbols; the tour draws its one site larger, for a booth screen."""
    popups = popups if popups is not None else site_popups(atlas, lang)
    group = folium.FeatureGroup(name=t("layer.sites", lang), overlay=True, control=True)
    cluster = folium.plugins.MarkerCluster(options=CLUSTER_OPTIONS, control=False,
                                           icon_create_function=SMALL_CLUSTER_ICON)
    cluster.add_to(group)
    for site in sites.sort_values("id").itertuples(index=False):
        icon = folium.DivIcon(
            html=(f'<div data-site-id="{escape(site.id)}" '
                  f'data-colour="{escape(mineral_colour(site.primary_mineral))}">'
                  f'{site_svg(site.status, site.primary_mineral, site.japan_linked, marker_px)}'
                  "</div>"),
            icon_size=(marker_px, marker_px), icon_anchor=(marker_px // 2, marker_px // 2),
            class_name="site-marker",
        )
        folium.Marker(
            location=(site.lat, site.lon), icon=icon,
            tooltip=folium.Tooltip(escape(site_name(site._asdict(), lang))),
            popup=folium.Popup(popups[site.id], max_width=340),
        ).add_to(cluster)
    localize_map(group)
    stabilise_ids(group, "sites")
    return group


def stabilise_ids(element, prefix: str) -> None:
    """Replace folium's random element ids with ones derived from the tree's shape.

    streamlit-folium re-adds the layer whenever its script text changes; random ids (popups'
    inner HTML keeps one) made every rerun look like a change, which closed the open popup
    right after a click.
    """
    elements = list(_walk_with_paths(element, prefix))
    for path, el in elements:
        el._id = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    for _, el in elements:  # folium names some variables by these keys, not by _id
        el._children = type(el._children)((c.get_name(), c) for c in el._children.values())


def _walk_with_paths(element, path: str):
    yield path, element
    parts = list(getattr(element, "_children", {}).values())
    parts += [getattr(element, name) for name in ("header", "html", "script")
              if isinstance(getattr(element, name, None), Element)]
    for i, child in enumerate(parts):
        yield from _walk_with_paths(child, f"{path}/{i}")


def layer_control() -> folium.LayerControl:
    """Collapsed: open over the top of the map it hid a quarter of it."""
    return folium.LayerControl(collapsed=True, position="topright")
