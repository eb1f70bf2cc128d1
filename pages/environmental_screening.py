"""Environment: how close each site sits to the Amazon, protected areas and indigenous reserves."""

import streamlit as st

from geo.envmap import (
    environment_groups,
    environment_legend_html,
    sensitivity_group,
    user_layer_group,
)
from geo.escape import escape_markdown
from geo.i18n import t
from geo.mapview import build_base_map
from geo.screening import NEAR_KM, WATCH_KM
from geo.tables import area_lists, screening_table
from pages.maps import show_map
from pages.shell import (
    assets_or_stop,
    atlas_or_stop,
    cached_layer_geojson,
    cached_layers,
    cached_screening,
    filter_sidebar,
    language,
    layer_stamp,
    official_canvas_choice,
    official_canvas_groups,
    shared,
    shown_sites,
    sites_near_upload,
    user_layer_upload,
)

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
site_filter = filter_sidebar(atlas, lang)
shown = shown_sites(site_filter)
layers = cached_layers()
stamp = layer_stamp()
view = (stamp, site_filter.key())
shown_screening = shared(("env.shown", view), lambda: cached_screening().pipe(
    lambda s: s[s["site_id"].isin(shown["id"])]))

st.title(t("env.title", lang))
st.caption(t("env.intro", lang))

counts = shown_screening["sensitivity"].value_counts()
cols = st.columns(4)
cols[0].metric(t("env.sites", lang), len(shown_screening))
for col, cls in zip(cols[1:], ("high", "medium", "low"), strict=True):
    col.metric(t(f"env.count_{cls}", lang), int(counts.get(cls, 0)))

user = user_layer_upload(lang)
official = official_canvas_choice(lang, "environment_official")


def base_map():
    overlays = environment_groups(layers, lang, show=True, geojson=cached_layer_geojson(lang))
    overlays += official_canvas_groups(official, lang)
    if user:
        overlays.append(user_layer_group(user.layer.name, user.packed, lang))
    return build_base_map(lang, overlays)


map_col, legend_col = st.columns([3, 2], gap="medium")
with map_col:
    show_map(f"environment_map_{lang}",
             ("environment", lang, layer_stamp(), official, user.file_id if user else None),
             base_map, groups_key=("sensitivity", lang, view),
             build_groups=lambda: [sensitivity_group(shown, shown_screening, lang)],
             layer_control=True, height=560, returned_objects=[])
with legend_col:
    st.subheader(t("legend.title", lang), anchor=False)
    user_name = user.layer.name if user else None
    st.html(shared(("env.legend", stamp, lang, user_name),
                   lambda: environment_legend_html(layers, lang, user_layer=user_name)))

st.subheader(t("env.table", lang), anchor=False)
st.dataframe(shared(("env.table", view, lang, user.file_id if user else None),
                    lambda: screening_table(shown_screening, atlas, lang,
                                            sites_near_upload(user) if user else None)),
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
    listed = shared(("env.lists", stamp, lang), lambda: area_lists(layers, lang))
    if listed is not None:
        st.markdown(f"**{escape_markdown(t('env.listed', lang))}**")
        st.dataframe(listed, hide_index=True, width="stretch")
