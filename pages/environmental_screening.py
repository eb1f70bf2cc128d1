"""Environment: how close each site sits to the Amazon, protected areas and indigenous reserves."""

import streamlit as st
from streamlit_folium import st_folium

from geo.envmap import (
    environment_groups,
    environment_legend_html,
    sensitivity_group,
    user_layer_group,
)
from geo.escape import escape_markdown
from geo.filters import apply_filter
from geo.i18n import t
from geo.mapview import build_base_map, layer_control
from geo.screening import NEAR_KM, WATCH_KM
from geo.tables import area_lists, screening_table
from pages.shell import (
    assets_or_stop,
    atlas_or_stop,
    cached_layer_geojson,
    cached_layers,
    cached_screening,
    filter_sidebar,
    language,
    official_canvas_layers,
    sites_near_upload,
    user_layer_upload,
)

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
site_filter = filter_sidebar(atlas, lang)
shown = apply_filter(atlas.sites, site_filter)
layers = cached_layers()
screening = cached_screening()
shown_screening = screening[screening["site_id"].isin(shown["id"])]

st.title(t("env.title", lang))
st.caption(t("env.intro", lang))

counts = shown_screening["sensitivity"].value_counts()
cols = st.columns(4)
cols[0].metric(t("env.sites", lang), len(shown_screening))
for col, cls in zip(cols[1:], ("high", "medium", "low"), strict=True):
    col.metric(t(f"env.count_{cls}", lang), int(counts.get(cls, 0)))

user = user_layer_upload(lang)
overlays = environment_groups(layers, lang, show=True, geojson=cached_layer_geojson(lang))
overlays += official_canvas_layers(lang, "environment_official")
if user:
    overlays.append(user_layer_group(user.layer.name, user.packed, lang))

map_col, legend_col = st.columns([3, 2], gap="medium")
with map_col:
    st_folium(
        build_base_map(lang, overlays),
        key=f"environment_map_{lang}", height=560, use_container_width=True,
        feature_group_to_add=sensitivity_group(shown, shown_screening, lang),
        layer_control=layer_control(), returned_objects=[],
    )
with legend_col:
    st.subheader(t("legend.title", lang), anchor=False)
    st.html(environment_legend_html(layers, lang, user_layer=user.layer.name if user else None))

st.subheader(t("env.table", lang), anchor=False)
st.dataframe(screening_table(shown_screening, atlas, lang,
                             sites_near_upload(user) if user else None),
             hide_index=True, width="stretch")

with st.expander(t("env.method", lang), expanded=False):
    st.markdown(escape_markdown(t("env.method_intro", lang, near=f"{NEAR_KM:g}",
                                  watch=f"{WATCH_KM:g}")))
    for layer in layers.values():
        st.markdown(f"**{escape_markdown(layer.info.title_in(lang))}** — "
                    f"{escape_markdown(t('env.version', lang, version=layer.version_in(lang)))}")
        st.markdown(escape_markdown(layer.info.method_in(lang)))
        st.caption(escape_markdown(
            f"{t('env.accuracy', lang)}: {layer.info.text_in('accuracy', lang)} · "
            f"{t('col.source', lang)}: {layer.info.text_in('source', lang)} "
            f"({layer.info.source_url}) · {t('col.licence', lang)}: "
            f"{layer.info.text_in('licence', lang)}"))
    listed = area_lists(layers, lang)
    if listed is not None:
        st.markdown(f"**{escape_markdown(t('env.listed', lang))}**")
        st.dataframe(listed, hide_index=True, width="stretch")
