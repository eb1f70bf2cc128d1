"""streamlit-folium's component arguments, built once per map and sent as they are.

``st_folium`` turns the whole folium tree into JavaScript on every rerun: Jinja templates,
``json.dumps`` of every GeoJSON, the bounds of every coordinate, and a regex over the finished
megabytes to key the component. On the explorer that was most of a rerun, for strings that
are the same as the last rerun's. Here the same work is split the way the maps change:

- ``base_frame``: the map itself (base layers, overlays, legend, layer control), which changes
  only with the language and the layers switched on;
- ``group_scripts``: the feature groups streamlit-folium adds to a mounted map without
  remounting it (the sites), which change with the filters.

It lives in pages/, not geo/, because it is streamlit-folium's side of the map (geo/ imports
nothing of Streamlit); it still makes no ``st.`` call. Both parts are plain strings, so a page
can keep them in a shared cache, and ``component_args`` assembles, per rerun, exactly the
arguments ``st_folium`` would have passed (tests/test_mapframe.py compares the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import branca.colormap
import folium
import folium.elements
import folium.plugins
import streamlit_folium as sf


@dataclass(frozen=True)
class BaseFrame:
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    layer_control: str | None
    bounds: dict
    zoom: float | None
    component_key: str

    @property
    def size(self) -> int:
        return len(self.script) + len(self.header) + len(self.html)


@dataclass(frozen=True)
class GroupScript:
    script: str
    css_links: tuple[str, ...] = ()
    js_links: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.script)


def _links(element) -> tuple[list[str], list[str]]:
    """The stylesheets and scripts an element tree asks for, in st_folium's order."""
    css, js = [], []
    for elem in _walk(element):
        if isinstance(elem, branca.colormap.ColorMap):
            raise ValueError("a branca colormap pulls d3 from a CDN: draw a legend of our own")
        if not isinstance(elem, folium.elements.JSCSSMixin):
            continue
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return css, js


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _bounds(fig: folium.Map) -> dict:
    try:
        (south, west), (north, east) = fig.get_bounds()
    except AttributeError:
        south = west = north = east = None
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def base_frame(fig: folium.Map, key: str, layer_control: folium.LayerControl | None = None,
               groups: list[folium.FeatureGroup] = (), return_on_hover: bool = False
               ) -> BaseFrame:
    """The map's part of the component's arguments.

    ``groups`` are the feature groups the page will add (their contents do not matter here,
    only their names): the layer control lists them, as st_folium's does."""
    fig.get_root().render()
    fig.render()
    html, header = sf._get_html(fig), sf._get_header(fig)
    script = sf._get_map_string(fig)
    bounds = _bounds(fig)
    css, js = _links(fig)
    control = None
    if layer_control is not None:
        for idx, group in enumerate(groups):
            group._id = f"feature_group_{idx}"
            group.add_to(fig)
        control = sf._get_layer_control_string(layer_control, fig)
    return BaseFrame(
        script=script, header=header, html=html, map_id=sf.get_full_id(fig),
        css_links=tuple(css), js_links=tuple(js), layer_control=control, bounds=bounds,
        zoom=fig.options.get("zoom") if hasattr(fig, "options") else {},
        component_key=sf.generate_js_hash(script, key, return_on_hover))


def group_scripts(groups: list[folium.FeatureGroup]) -> GroupScript:
    """The feature groups as the script streamlit-folium runs on the mounted map (which it
    calls ``map_div``), rendered on a throwaway map: nothing in them refers to the base."""
    scratch = folium.Map(tiles=None)
    script, css, js = "", [], []
    for idx, group in enumerate(groups):
        script += sf._get_feature_group_string(group, map=scratch, idx=idx)
        group_css, group_js = _links(group)
        css += group_css
        js += group_js
    return GroupScript(script, tuple(css), tuple(js))


_DEFAULTS = ("last_clicked", "last_object_clicked", "last_object_clicked_count",
             "last_object_clicked_tooltip", "last_object_clicked_popup", "all_drawings",
             "last_active_drawing", "bounds", "zoom", "last_circle_radius",
             "last_circle_polygon", "selected_layers", "selected_tags", "last_geocoder_result")


def component_args(base: BaseFrame, groups: GroupScript | None, *, height: int,
                   width: int | None, returned_objects: list[str] | None,
                   zoom: float | None = None, center: tuple[float, float] | None = None,
                   return_on_hover: bool = False) -> dict[str, Any]:
    """Everything st_folium passes to its component but ``on_change``."""
    known = {"bounds": base.bounds, "zoom": base.zoom}
    defaults = {k: known.get(k) for k in _DEFAULTS
                if returned_objects is None or k in returned_objects}
    return {
        "script": base.script, "header": base.header, "html": base.html, "id": base.map_id,
        "key": base.component_key, "height": height, "width": width,
        "returned_objects": returned_objects, "default": defaults, "zoom": zoom,
        "center": center, "feature_group": groups.script if groups is not None else None,
        "return_on_hover": return_on_hover, "layer_control": base.layer_control,
        "pixelated": False,
        "css_links": list(dict.fromkeys(base.css_links + (groups.css_links if groups else ()))),
        "js_links": list(dict.fromkeys(base.js_links + (groups.js_links if groups else ()))),
        "wrap_longitude": False,
    }
