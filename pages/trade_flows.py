"""Trade: where Peru's minerals go, Japan's share and rank, and the flows on a map."""

import altair as alt
import streamlit as st
from streamlit_folium import st_folium

from geo import vocab
from geo.datatext import localized_column
from geo.escape import escape_markdown, markdown_link
from geo.i18n import t
from geo.numbers import format_as_of
from geo.symbols import JAPAN_RED
from geo.trade import (
    CALLAO_SOURCE,
    FLOWS_CENTER,
    FLOWS_ZOOM,
    chart_frame,
    flows_map,
    series_of,
)
from pages.shell import assets_or_stop, atlas_or_stop, language

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
all_series = series_of(atlas)

st.title(t("trade.title", lang))
st.caption(t("trade.intro", lang))

minerals = list(dict.fromkeys(s.mineral for s in all_series))
tabs = st.tabs([vocab.label(vocab.MINERALS, m, lang) for m in minerals])
for tab, mineral in zip(tabs, minerals, strict=True):
    with tab:
        for series in (s for s in all_series if s.mineral == mineral):
            frame = chart_frame(series, lang)
            unit = "%" if series.measure == "share_pct" else "US$ M"
            basis = vocab.label(vocab.TRADE_BASES, series.basis, lang)
            st.markdown(f"**{escape_markdown(series.period)}** · {escape_markdown(basis)}")
            rank = series.japan_rank()
            st.caption(t("trade.japan_rank", lang, rank=rank) if rank
                       else t("trade.japan_absent", lang))
            if not frame.empty:
                chart = alt.Chart(frame).mark_bar().encode(
                    x=alt.X("value:Q", title=unit),
                    y=alt.Y("destination:N", sort="-x", title=None),
                    color=alt.condition("datum.japan", alt.value(JAPAN_RED),
                                        alt.value("#4a6fa5")),
                    tooltip=[alt.Tooltip("destination:N"), alt.Tooltip("value:Q", title=unit)],
                )
                st.altair_chart(chart, width="stretch", height=60 + 34 * len(frame))
            notes = localized_column(series.rows, "note", lang).dropna()
            notes = "; ".join(n for n in notes.unique() if n)
            as_of = t("site.as_of", lang, date=format_as_of(series.as_of, lang))
            st.caption(markdown_link(t("col.source", lang), series.source_url) + " · "
                       + escape_markdown(as_of)
                       + (" · " + escape_markdown(notes) if notes else ""))
            st.divider()

st.subheader(t("trade.flows", lang), anchor=False)
labels = {f"{s.mineral} · {s.period} · {vocab.label(vocab.TRADE_BASES, s.basis, lang)}": s
          for s in all_series if s.rows["destination"].isin(vocab.COUNTRIES).any()}
choice = st.selectbox(t("trade.series", lang), list(labels), key="trade_series")
st_folium(flows_map(labels[choice], lang, {"origin": t("trade.origin", lang)}),
          key=f"flows_{lang}_{choice}", height=460, use_container_width=True,
          center=FLOWS_CENTER, zoom=FLOWS_ZOOM, returned_objects=[])
st.caption(t("trade.flows_note", lang) + " "
           + markdown_link(t("trade.port_source", lang), CALLAO_SOURCE))
