"""Map explorer: filter Peru's sites, see them on the map, click one for owners and sources."""

import pandas as pd
import streamlit as st

from geo import datatext
from geo.envmap import environment_groups, user_layer_group
from geo.escape import escape_markdown, markdown_link
from geo.export import MEDIA_TYPES, export, filename
from geo.i18n import t
from geo.mapview import build_base_map, build_sites_layer
from geo.numbers import format_as_of
from geo.owners import owners_of, site_by_id, site_from_click
from geo.popup import format_share
from geo.tables import (
    investment_portfolio_table,
    owners_table,
    production_table,
    site_facts,
)
from pages.layout import EXPLORER_CSS, map_first
from pages.maps import show_map
from pages.shell import (
    assets_or_stop,
    atlas_or_stop,
    cached_layer_geojson,
    cached_layers,
    cached_legend,
    cached_popups,
    cached_sites_table,
    cached_view_layer,
    filter_sidebar,
    ids_key,
    language,
    layer_stamp,
    official_canvas_choice,
    official_canvas_groups,
    rights_near_section,
    screened_upload_section,
    search_box,
    shown_sites,
    user_layer_upload,
)

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
site_filter = filter_sidebar(atlas, lang)
layers = cached_layers()
shown = shown_sites(site_filter)
SEARCH_ZOOM = 9

map_first(EXPLORER_CSS)
map_col, side_col = st.columns([7, 3], gap="small")
side = side_col.container(key="explorer_side")
with side:
    st.title(t("app.title", lang), anchor=False)
    st.caption(t("app.tagline", lang))
    hit = search_box(lang, "explorer_search")
    upload = user_layer_upload(lang)
    official = official_canvas_choice(lang, "explorer_official")
if hit is not None and hit != st.session_state.get("explorer_flown"):
    st.session_state["explorer_flown"] = hit
    st.session_state["selected_site"] = hit.site_ids[0] if hit.site_ids else None
fly = st.session_state.get("explorer_flown")


def base_map():
    overlays = environment_groups(layers, lang, show=False, geojson=cached_layer_geojson(lang))
    overlays += official_canvas_groups(official, lang)
    if upload:
        overlays.append(user_layer_group(upload.layer.name, upload.packed, lang))
    return build_base_map(lang, overlays, legend=cached_legend(lang))


with map_col:
    result = show_map(
        f"explorer_map_{lang}",
        ("explorer", lang, layer_stamp(), official, upload.file_id if upload else None),
        base_map, groups_key=("sites", lang, ids_key(shown)),
        build_groups=lambda: [build_sites_layer(shown, atlas, lang, cached_popups(lang))],
        layer_control=True, height=620,
        center=(fly.lat, fly.lon) if fly and fly.lat is not None else None,
        zoom=SEARCH_ZOOM if fly and fly.lat is not None else None,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
    )

click = ((result or {}).get("last_object_clicked"),
         (result or {}).get("last_object_clicked_tooltip"))
if click[0] and click != st.session_state.get("last_click"):
    st.session_state["last_click"] = click
    st.session_state["selected_site"] = site_from_click(shown, *click)

with side:
    with st.container(key="explorer_count"):
        st.subheader(t("map.count", lang, n=len(shown), total=len(atlas.sites)), anchor=False)
    if shown.empty:
        st.info(t("map.none", lang))
    details = st.container()
    table = cached_sites_table(shown, lang)
    event = st.dataframe(table, key="site_table", on_select="rerun",
                         selection_mode="single-row", hide_index=True, height=240,
                         width="stretch")
    view = cached_view_layer(shown, lang)
    st.download_button(t("map.download", lang), lambda: export(view, "geojson"),
                       filename(view, "geojson", site_filter.slug()), MEDIA_TYPES["geojson"],
                       on_click="ignore", icon=":material/download:", key="download_view")
    rows = event.selection.rows if event else []
    picked = table.index[rows[0]] if rows and rows[0] < len(table) else None
    if picked and picked != st.session_state.get("last_row_pick"):
        st.session_state["selected_site"] = picked
    st.session_state["last_row_pick"] = picked

with details:
    site = site_by_id(atlas, st.session_state.get("selected_site"))
    if site is None or site["id"] not in set(shown["id"]):
        st.caption(t("map.click_hint", lang))
    else:
        with st.container(border=True, key="site_details"):
            st.subheader(escape_markdown(datatext.site_name(site, lang)), anchor=False)
            st.markdown("\n".join(f"- **{label}:** {escape_markdown(value)}"
                                  for label, value in site_facts(site, lang)))
            owners = owners_of(atlas, site["id"], lang)
            st.markdown(f"**{t('site.owners', lang)}**")
            if owners.empty:
                st.caption(t("site.no_owners", lang))
            else:
                st.dataframe(owners_table(owners, lang), hide_index=True,
                             width="stretch", column_config={
                                 t("col.source", lang): st.column_config.LinkColumn()})
            if pd.notna(site["equity_pct"]) and not site["ownership_complete"]:
                st.caption(t("site.equity_partial", lang,
                             pct=format_share(site["equity_pct"])))
            st.markdown(f"**{t('site.production', lang)}**")
            output = production_table(atlas, lang, site["id"])
            if output.empty:
                st.caption(t("site.no_production", lang))
            else:
                st.dataframe(output, hide_index=True, width="stretch", column_config={
                    t("col.source", lang): st.column_config.LinkColumn()})
            rights_near_section(site, lang)
            planned = investment_portfolio_table(atlas, lang, site["id"])
            if not planned.empty:
                st.markdown(f"**{t('site.portfolio', lang)}**")
                st.dataframe(planned, hide_index=True, width="stretch", column_config={
                    t("col.source", lang): st.column_config.LinkColumn()})
            links = [markdown_link(t("site.source", lang), site["source_url"])]
            if site.get("coord_source_url") and site["coord_source_url"] != site["source_url"]:
                links.append(markdown_link(t("site.coord_source", lang), site["coord_source_url"]))
            as_of = t("site.as_of", lang, date=format_as_of(site["as_of"], lang))
            st.markdown(" · ".join(links) + " · " + escape_markdown(as_of))

if upload:
    screened_upload_section(upload, lang)
