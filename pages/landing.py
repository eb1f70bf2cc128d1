"""Home: the headline figures, computed from the data, and a way into each page."""

import streamlit as st

from geo.escape import escape_markdown, markdown_link
from geo.i18n import t
from geo.stakeholders import headline
from geo.tables import format_billions, format_number
from pages.shell import PAGES, atlas_or_stop, cached_sources, language, shared

lang = language()
atlas = atlas_or_stop(lang)
figures = shared("home.headline", lambda: headline(atlas, len(cached_sources())))

st.title(t("app.title", lang))
st.write(t("home.intro", lang))

cols = st.columns(4)
cols[0].metric(t("home.sites", lang), format_number(figures.sites, lang))
cols[1].metric(t("home.japan_sites", lang), format_number(figures.japan_linked_sites, lang))
cols[2].metric(t("home.companies", lang), format_number(figures.companies, lang),
               help=t("home.japanese_companies", lang,
                      n=format_number(figures.japanese_companies, lang)))
if figures.portfolio_musd is not None:
    cols[3].metric(t("home.portfolio", lang), format_billions(figures.portfolio_musd, lang))
    st.caption(t("home.portfolio_note", lang) + " "
               + markdown_link(t("col.source", lang), figures.portfolio_source))
st.caption(escape_markdown(t("home.sources", lang, n=format_number(figures.sources, lang))))

st.subheader(t("home.pages", lang), anchor=False)
for page, icon, key in PAGES[1:]:
    st.page_link(page, label=t(f"nav.{key}", lang), icon=icon)
    st.caption(t(f"home.about_{key}", lang))
