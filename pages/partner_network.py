"""Partners: who sits beside whom at Japan's Peruvian sites, as a graph."""

import streamlit as st

from geo import vocab
from geo.i18n import t
from geo.network import network_dot, network_edges
from pages.shell import atlas_or_stop, language, shared

lang = language()
atlas = atlas_or_stop(lang)
japanese = atlas.companies[atlas.companies["country"] == vocab.JAPAN].sort_values("name")
names = dict(zip(japanese["id"], japanese["name"], strict=True))

st.title(t("net.title", lang))
st.caption(t("net.intro", lang))
cols = st.columns(3)
companies = cols[0].multiselect(t("filter.companies", lang), list(names), key="net_companies",
                                format_func=names.__getitem__, placeholder=t("filter.any", lang))
minerals = cols[1].multiselect(t("filter.minerals", lang), list(vocab.MINERALS),
                               key="net_minerals", placeholder=t("filter.any", lang),
                               format_func=lambda m: vocab.label(vocab.MINERALS, m, lang))
roles = cols[2].multiselect(t("net.roles", lang), list(vocab.ROLES), key="net_roles",
                            placeholder=t("filter.any", lang),
                            format_func=lambda r: vocab.label(vocab.ROLES, r, lang))
partners = st.toggle(t("net.partners", lang), value=True, key="net_partners")

choice = (tuple(sorted(companies)), tuple(sorted(minerals)), tuple(sorted(roles)), partners)
edges = shared(("net.edges", choice), lambda: network_edges(
    atlas, set(companies), set(minerals), set(roles), partners))
st.caption(t("net.counts", lang, companies=edges["company_id"].nunique(),
             sites=edges["site_id"].nunique(), links=len(edges)))
if edges.empty:
    st.info(t("net.none", lang))
else:
    st.graphviz_chart(shared(("net.dot", choice, lang), lambda: network_dot(atlas, edges, lang)),
                      width="stretch")
    st.caption(t("net.legend", lang))
