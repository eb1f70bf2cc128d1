"""Downloads: every layer, whole or as filtered, in GeoJSON, GeoPackage, KML and CSV."""

import streamlit as st

from geo.escape import escape_markdown
from geo.export import FORMATS, MEDIA_TYPES, export, filename
from geo.i18n import t
from geo.layers import catalog
from geo.tables import format_number
from pages.shell import (
    atlas_or_stop,
    cached_bundle,
    cached_export_layers,
    cached_view_layer,
    filter_sidebar,
    language,
    shown_sites,
)

lang = language()
atlas = atlas_or_stop(lang)
site_filter = filter_sidebar(atlas, lang)
layers = cached_export_layers()

st.title(t("dl.title", lang))
st.caption(t("dl.intro", lang))

everything, gpkg = cached_bundle()
cols = st.columns(2)
cols[0].download_button(t("dl.bundle", lang), everything, "peru-japan-atlas-bundle.zip",
                        MEDIA_TYPES["zip"], on_click="ignore", icon=":material/folder_zip:",
                        width="stretch")
cols[1].download_button(t("dl.gpkg_all", lang), gpkg, "peru-japan-atlas.gpkg",
                        MEDIA_TYPES["gpkg"], on_click="ignore", icon=":material/database:",
                        width="stretch")


def title_of(layer) -> str:
    if layer.id in catalog():
        return catalog()[layer.id].title_in(lang)
    if layer.id == "sites_view":
        return layer.title
    return t(f"dl.layer_{layer.id}", lang)


def layer_block(layer, label: str = "") -> None:
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(title_of(layer))}** · `{layer.id}`")
        st.caption(escape_markdown(t("dl.meta", lang, n=format_number(len(layer.frame), lang),
                                     as_of=layer.as_of or "—", source=layer.source,
                                     licence=layer.licence)))
        buttons = st.columns(len(FORMATS))
        for col, fmt in zip(buttons, FORMATS, strict=True):
            col.download_button(fmt.upper(), lambda fmt=fmt: export(layer, fmt),  # on click
                                filename(layer, fmt, label),
                                MEDIA_TYPES[fmt], on_click="ignore", width="stretch",
                                key=f"dl_{layer.id}_{fmt}")


st.subheader(t("dl.view", lang), anchor=False)
layer_block(cached_view_layer(shown_sites(site_filter), lang), site_filter.slug())
st.subheader(t("dl.layers", lang), anchor=False)
for layer in layers.values():
    layer_block(layer)
st.caption(t("dl.format_note", lang))
