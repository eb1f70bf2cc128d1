"""The environmental layers and the sensitivity classes as map layers and legend.

The layers go on the stable base map (they do not change with the filters), each a toggle in
the layer control. Every property shown in a tooltip is escaped first: folium writes tooltip
values into ``innerHTML``.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo import vocab
from geo.escape import escape
from geo.fastlayer import FastLayer, Packed
from geo.i18n import t
from geo.layers import Layer
from geo.screening import RULE_BY_CLASS, RULES

AREA_CATEGORIES = vocab.AREA_CATEGORIES
CLASS_PX = 14
# The user's layer in a colour no shipped layer or class uses, drawn under the site discs.
USER_STYLE = {"color": "#1d4e89", "weight": 1, "fillColor": "#4f8fd6", "fillOpacity": 0.3,
              "radius": 3}


def _tooltip_frame(layer: Layer, lang: str) -> gpd.GeoDataFrame:
    frame = layer.drawn.copy()
    label = pd.Series(frame["name"].map(escape), index=frame.index)
    if "category" in frame:
        label += " · " + frame["category"].map(
            lambda c: escape(vocab.label(AREA_CATEGORIES, c, lang)))
    if "area_ha" in frame:
        label += " · " + frame["area_ha"].map(
            lambda a: "" if pd.isna(a) else escape(f"{a:,.0f} ha"))
    frame["label"] = label
    return frame[["label", "geometry"]]


def _layer_geojson(layer: Layer, lang: str) -> str:
    return _tooltip_frame(layer, lang).to_json(drop_id=True)


def tooltip_geojson(layers: dict[str, Layer], lang: str) -> dict[str, str]:
    """Each drawable layer as GeoJSON text with its escaped tooltip label: the part of a map that
    is the same on every rerun, so the shell can cache it instead of rebuilding it."""
    return {key: _layer_geojson(layer, lang) for key, layer in layers.items() if layer.available}


def environment_groups(layers: dict[str, Layer], lang: str, show: bool,
                       geojson: dict[str, str] | None = None) -> list[folium.FeatureGroup]:
    """One toggleable group per layer that has something to draw, in catalog order.

    ``geojson`` is :func:`tooltip_geojson` made earlier (and cached); layers missing from it are
    serialised here."""
    groups = []
    for key, layer in layers.items():
        if not layer.available:
            continue
        style = dict(layer.info.style)
        group = folium.FeatureGroup(name=layer.info.title_in(lang), overlay=True, control=True,
                                    show=show)
        text = (geojson or {}).get(key) or _layer_geojson(layer, lang)
        folium.GeoJson(
            text,
            style_function=lambda _f, style=style: style,
            highlight_function=lambda _f: {"weight": 3},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
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
            tooltip=folium.Tooltip(escape(site["name"])),
            class_name=f"sensitivity-{rule.cls}",
        ).add_to(group)
    return group


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
        style = layer.info.style
        swatch = (f'<span style="display:inline-block;width:18px;height:12px;'
                  f'background:{style.get("fillColor")};opacity:0.8;'
                  f'border:1.5px {"dashed" if style.get("dashArray") else "solid"} '
                  f'{style.get("color")};margin-right:6px;vertical-align:middle"></span>')
        rows.append(f"<div>{swatch}{escape(layer.info.title_in(lang))}"
                    f' <span style="color:#666">({escape(layer.version_in(lang))})</span></div>')
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
