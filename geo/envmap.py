"""The environmental layers and the sensitivity classes as map layers and legend.

The layers go on the stable base map (they do not change with the filters), each a toggle in
the layer control. Every property shown in a tooltip is escaped first: folium writes tooltip
values into ``innerHTML``.

Our stand-in circles know an area's size and centre, not its shape. Filled, they looked like
boundaries, and a visitor would judge a mine "just outside the park" from a line that is not
the park's. So a stand-in is drawn as what it is — a dashed, unfilled extent around a centre
cross, with "approximate extent" in its tooltip and legend row — and only official outlines are
drawn as outlines. Which is which comes from the data (``Layer.approximate``); how each looks
comes from the catalog.
"""

from __future__ import annotations

from collections.abc import Callable

import folium
import geopandas as gpd
import pandas as pd
import shapely

from geo import vocab
from geo.datatext import site_name
from geo.escape import escape
from geo.fastlayer import FastLayer, Packed
from geo.i18n import t
from geo.layers import Layer, LayerInfo
from geo.screening import RULE_BY_CLASS, RULES
from geo.symbols import svg_img

AREA_CATEGORIES = vocab.AREA_CATEGORIES
CLASS_PX = 14
# The user's layer in a colour no shipped layer or class uses, drawn under the site discs.
USER_STYLE = {"color": "#1d4e89", "weight": 1, "fillColor": "#4f8fd6", "fillOpacity": 0.3,
              "radius": 3}


def _tooltip_frame(layer: Layer, lang: str) -> gpd.GeoDataFrame:
    """The label goes into innerHTML, so every value in it is escaped here; ``part`` lets the map
    draw an outline as an outline and a stand-in as an extent with a mark at its centre."""
    frame = layer.drawn.copy()
    label = pd.Series(frame["name"].map(escape), index=frame.index)
    if "category" in frame:
        label += " · " + frame["category"].map(
            lambda c: escape(vocab.label(AREA_CATEGORIES, c, lang)))
    if "area_ha" in frame:
        label += " · " + frame["area_ha"].map(
            lambda a: "" if pd.isna(a) else escape(f"{a:,.0f} ha"))
    approximate = layer.approximate
    label[approximate] += f"<br><i>{escape(t('env.approximate', lang))}</i>"
    frame["label"] = label
    frame["part"] = approximate.map({True: "approximate", False: "outline"})
    centres = frame[approximate].copy()
    # The circle's centroid is the cited centre to within 30 m (a circle built around it).
    centres["geometry"] = shapely.centroid(centres.geometry.values)
    centres["part"] = "centre"
    return pd.concat([frame, centres])[["label", "part", "geometry"]]


def _layer_geojson(layer: Layer, lang: str) -> str:
    return _tooltip_frame(layer, lang).to_json(drop_id=True)


def tooltip_geojson(layers: dict[str, Layer], lang: str) -> dict[str, str]:
    """Each drawable vector layer as GeoJSON text with its escaped tooltip label: the part of a
    map that is the same on every rerun, so the shell can cache it instead of rebuilding it."""
    return {key: _layer_geojson(layer, lang) for key, layer in layers.items()
            if layer.available and layer.info.draw == "vector"}


def canvas_label(layer: Layer) -> gpd.GeoDataFrame:
    """A big official layer with one short label per feature (name, and holder or status where
    the layer has one), escaped: FastLayer's tooltips are innerHTML too."""
    frame = layer.drawn
    field = layer.info.label_field
    label = frame[field].fillna("").astype(str) if field in frame else pd.Series(
        "", index=frame.index)
    for extra in ("holder", "status", "element", "type"):
        if extra in frame:
            label = label + frame[extra].fillna("").astype(str).map(
                lambda v: f" · {v}" if v else "")
    out = frame[["geometry"]].copy()
    out["label"] = label.map(escape)
    return out


def canvas_layers(layers: dict[str, Layer], lang: str, pack: Callable[[Layer], Packed], show: bool
                  ) -> list[folium.FeatureGroup]:
    """The official layers too big for one folium object per feature (the cadastre's 66,975
    rights, REINFO's 87,000 points): packed once (``pack`` caches) and drawn on canvas."""
    groups = []
    for layer in layers.values():
        if not layer.available or layer.info.draw != "canvas":
            continue
        group = folium.FeatureGroup(name=layer.info.title_in(lang), overlay=True,
                                    control=True, show=show)
        FastLayer(pack(layer), layer.info.style).add_to(group)
        groups.append(group)
    return groups


def centre_svg(colour: str, px: int) -> str:
    """A cross, the usual mark for "the centre is here": a dot would read as one more site."""
    c = escape(colour)
    arms = 'd="M6 1.5V10.5M1.5 6H10.5" fill="none" stroke-linecap="round"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" '
            f'viewBox="0 0 12 12" aria-hidden="true"><path {arms} stroke="#ffffff" '
            f'stroke-width="4"/><path {arms} stroke="{c}" stroke-width="1.8"/></svg>')


def _centre_marker(info: LayerInfo) -> folium.Marker:
    size = int(info.style_centre.get("size", 11))
    icon = folium.DivIcon(html=centre_svg(info.style_centre["color"], size),
                          icon_size=(size, size), icon_anchor=(size // 2, size // 2),
                          class_name="area-centre")
    # Under the site symbols, which share the marker pane and would otherwise be hidden.
    return folium.Marker(icon=icon, z_index_offset=-10_000)


def environment_groups(layers: dict[str, Layer], lang: str, show: bool,
                       geojson: dict[str, str] | None = None) -> list[folium.FeatureGroup]:
    """One toggleable group per layer that has something to draw, in catalog order.

    ``geojson`` is :func:`tooltip_geojson` made earlier (and cached); layers missing from it are
    serialised here."""
    groups = []
    for key, layer in layers.items():
        if not layer.available or layer.info.draw != "vector":
            continue
        info = layer.info
        styles = {"outline": dict(info.style), "approximate": dict(info.style_approximate),
                  "centre": {}}
        group = folium.FeatureGroup(name=info.title_in(lang), overlay=True, control=True,
                                    show=show)
        text = (geojson or {}).get(key) or _layer_geojson(layer, lang)
        folium.GeoJson(
            text,
            style_function=lambda f, styles=styles: styles[f["properties"]["part"]],
            highlight_function=lambda _f: {"weight": 3},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
            marker=_centre_marker(info) if layer.approximate.any() else None,
        ).add_to(group)
        groups.append(group)
    return groups


def sensitivity_group(sites: gpd.GeoDataFrame, screening: pd.DataFrame,
                      lang: str) -> folium.FeatureGroup:
    """Sites as discs coloured by class; the tooltip is the site's name, as on the explorer."""
    classes = dict(zip(screening["site_id"], screening["sensitivity"], strict=True))
    group = folium.FeatureGroup(name=t("env.layer_classes", lang), overlay=True, control=True)
    for _, site in sites.sort_values("id").iterrows():
        rule = RULE_BY_CLASS[classes[site["id"]]]
        folium.CircleMarker(
            location=(site["lat"], site["lon"]), radius=CLASS_PX / 2, weight=1.5,
            color="#1f1f1f", fill=True, fill_color=rule.colour, fill_opacity=0.9,
            tooltip=folium.Tooltip(escape(site_name(site, lang))),
            class_name=f"sensitivity-{rule.cls}",
        ).add_to(group)
    return group


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha:g})"


def _outline_swatch(info: LayerInfo) -> str:
    """The drawn style itself: the fill at its own opacity, the line solid or dashed."""
    style = info.style
    return (f'<span style="display:inline-block;width:18px;height:12px;'
            f'background:{escape(_rgba(style["fillColor"], style.get("fillOpacity", 0.2)))};'
            f'border:1.5px {"dashed" if style.get("dashArray") else "solid"} '
            f'{escape(style["color"])};margin-right:6px;vertical-align:middle"></span>')


def _approximate_swatch(info: LayerInfo) -> str:
    """A dashed ring around the centre cross, unfilled: what the map draws for a stand-in (an
    image, as Streamlit's sanitiser drops inline SVG)."""
    style, colour = info.style_approximate, escape(info.style_approximate["color"])
    fill = (f'fill="{escape(style["fillColor"])}" fill-opacity="{style["fillOpacity"]:g}"'
            if style.get("fillOpacity") else 'fill="none"')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">'
           f'<circle cx="9" cy="9" r="7.6" {fill} stroke="{colour}" stroke-width="1.5" '
           f'stroke-dasharray="3.2 2.2"/>'
           f'<g transform="translate(4.5 4.5) scale(0.75)">'
           f'{centre_svg(info.style_centre["color"], 12)}</g></svg>')
    return (svg_img(svg).replace("<img ", '<img style="width:18px;height:18px;margin-right:6px;'
                                 'vertical-align:middle" ', 1))


def environment_legend_html(layers: dict[str, Layer], lang: str,
                            with_classes: bool = True, user_layer: str | None = None) -> str:
    rows = []
    if user_layer is not None:
        swatch = (f'<span style="display:inline-block;width:18px;height:12px;'
                  f'background:{USER_STYLE["fillColor"]};opacity:0.8;'
                  f'border:1.5px solid {USER_STYLE["color"]};margin-right:6px;'
                  'vertical-align:middle"></span>')
        rows.append(f"<div>{swatch}{escape(t('upload.layer_name', lang, name=user_layer))}</div>")
    for layer in layers.values():
        if not layer.available:
            continue
        approximate = layer.approximate.any()
        swatch = _approximate_swatch(layer.info) if approximate else _outline_swatch(layer.info)
        note = (f'<br><span style="color:#666;font-style:italic;margin-left:24px">'
                f'{escape(t("env.approximate", lang))}</span>' if approximate else "")
        rows.append(f"<div>{swatch}{escape(layer.info.title_in(lang))}"
                    f' <span style="color:#666">({escape(layer.version_in(lang))})</span>'
                    f"{note}</div>")
    if with_classes:
        rows.append(f'<div style="margin-top:6px"><b>{escape(t("env.classes", lang))}</b></div>')
        for rule in RULES:
            dot = (f'<span style="display:inline-block;width:12px;height:12px;border-radius:50%;'
                   f'background:{rule.colour};border:1px solid #1f1f1f;margin-right:6px;'
                   'vertical-align:middle"></span>')
            label = vocab.label(vocab.SENSITIVITY, rule.cls, lang)
            rows.append(f"<div>{dot}<b>{escape(label)}</b> — {escape(getattr(rule, lang))}</div>")
    return '<div style="font-size:13px;line-height:1.6">' + "".join(rows) + "</div>"


def user_layer_group(name: str, packed: Packed, lang: str) -> folium.FeatureGroup:
    """The uploaded layer, drawn on canvas from its packed form; the name is the file's, so it
    is escaped (the layer control writes names into innerHTML)."""
    group = folium.FeatureGroup(name=escape(t("upload.layer_name", lang, name=name)),
                                overlay=True, control=True, show=True)
    FastLayer(packed, USER_STYLE).add_to(group)
    return group
