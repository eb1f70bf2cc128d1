"""Trade: where Peru's minerals go, Japan's share and rank, and the flows on a map."""

import streamlit as st

from geo import vocab
from geo.escape import markdown_link
from geo.i18n import t
from geo.trade import (
    CALLAO_SOURCE,
    FLOWS_CENTER,
    FLOWS_ZOOM,
    flows_map,
    series_of,
    series_panel,
)
from pages.maps import show_map
from pages.shell import assets_or_stop, atlas_or_stop, language, shared

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
all_series = shared("trade.series", lambda: series_of(atlas))
panels = shared(("trade.panels", lang), lambda: [series_panel(s, lang) for s in all_series])

st.title(t("trade.title", lang))
st.caption(t("trade.intro", lang))

minerals = list(dict.fromkeys(p.mineral for p in panels))
tabs = st.tabs([vocab.label(vocab.MINERALS, m, lang) for m in minerals])
for tab, mineral in zip(tabs, minerals, strict=True):
    with tab:
        for panel in (p for p in panels if p.mineral == mineral):
            st.markdown(panel.heading)
            st.caption(panel.rank)
            if panel.spec is not None:
                st.vega_lite_chart(spec=panel.spec, width="stretch", height=panel.height)
            st.caption(panel.caption)
            st.divider()

st.subheader(t("trade.flows", lang), anchor=False)
labels = shared(("trade.labels", lang), lambda: {
    f"{s.mineral} · {s.period} · {vocab.label(vocab.TRADE_BASES, s.basis, lang)}": s
    for s in all_series if s.rows["destination"].isin(vocab.COUNTRIES).any()})
choice = st.selectbox(t("trade.series", lang), list(labels), key="trade_series")
show_map(f"flows_{lang}_{choice}", ("flows", lang, choice),
         lambda: flows_map(labels[choice], lang, {"origin": t("trade.origin", lang)}),
         height=460, center=FLOWS_CENTER, zoom=FLOWS_ZOOM, returned_objects=[])
st.caption(t("trade.flows_note", lang) + " "
           + markdown_link(t("col.source", lang), CALLAO_SOURCE))
