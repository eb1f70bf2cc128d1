"""Data & sources: the reviewed tables behind the map, each row with its source and date."""

import streamlit as st

from geo.i18n import t
from geo.quality import summary
from geo.sources import base_map_credits
from geo.tables import (
    all_sites_table,
    companies_table,
    investment_portfolio_table,
    milestones_table,
    production_table,
    quality_table,
    stakes_table,
    trade_table,
)
from pages.shell import (
    atlas_or_stop,
    cached_quality,
    cached_sources,
    crosscheck_section,
    language,
    shared,
)

lang = language()
atlas = atlas_or_stop(lang)
link = {t("col.source", lang): st.column_config.LinkColumn(width="medium")}

st.title(t("nav.data", lang))
st.write(t("data.intro", lang))
sources = cached_sources()
tabs = st.tabs([
    f"{t('data.sites', lang)} ({len(atlas.sites)})",
    f"{t('data.companies', lang)} ({len(atlas.companies)})",
    f"{t('data.stakes', lang)} ({len(atlas.stakes)})",
    f"{t('data.production', lang)} ({len(atlas.production)})",
    f"{t('data.trade', lang)} ({len(atlas.trade)})",
    f"{t('data.milestones', lang)} ({len(atlas.milestones)})",
    f"{t('data.portfolio', lang)} ({len(atlas.portfolio)})",
    f"{t('data.sources', lang)} ({len(sources)})",
    t("data.quality", lang),
])
tables = (all_sites_table, companies_table, stakes_table, production_table, trade_table,
          milestones_table, investment_portfolio_table)
for tab, table in zip(tabs, tables, strict=False):
    with tab:
        st.dataframe(shared(("data", table.__name__, lang), lambda table=table: table(atlas, lang)),
                     hide_index=True, width="stretch", column_config=link)
with tabs[2]:
    st.caption(t("data.ownership_gaps", lang, n=len(atlas.warnings)))
with tabs[-2]:
    st.dataframe(sources, hide_index=True, width="stretch", column_config={
        "source_url": st.column_config.LinkColumn(t("col.source", lang), width="medium"),
        "as_of": t("col.as_of", lang),
        "licence": t("col.licence", lang),
        "supports": t("col.supports", lang),
    })
with tabs[-1]:
    quality = cached_quality()
    counts = summary(quality)
    st.write(t("data.quality_intro", lang))
    st.caption(t("data.quality_counts", lang, p3=counts["precision"]["≤ 3 km"],
                 p10=counts["precision"]["≤ 10 km"], pfar=counts["precision"]["> 10 km"],
                 complete=counts["ownership"]["complete"],
                 partial=counts["ownership"]["partial"],
                 noshares=counts["ownership"]["no shares"],
                 output=counts["output"]["with output"]))
    st.dataframe(shared(("data.quality", lang), lambda: quality_table(quality, lang)),
                 hide_index=True, width="stretch")
    crosscheck_section(atlas, lang)
for source, licence in base_map_credits():
    st.caption(t("data.basemap", lang, source=atlas.memory.text(source, lang),
                 licence=atlas.memory.text(licence, lang)))
