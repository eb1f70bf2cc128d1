"""Japan in Peru: a Japanese company's profile, its Peruvian portfolio, and what it is owed."""

import streamlit as st

from geo import datatext
from geo.escape import escape_markdown, markdown_link
from geo.i18n import t
from geo.mapview import build_base_map, build_sites_layer
from geo.stakeholders import attributable_output, japanese_companies, portfolio
from geo.tables import attribution_table, portfolio_table, profile_facts
from pages.maps import show_map
from pages.shell import (
    assets_or_stop,
    atlas_or_stop,
    cached_popups,
    cached_screening,
    ids_key,
    language,
    layer_stamp,
    shared,
)

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
companies = shared("stake.companies", lambda: japanese_companies(atlas))
ALL = "__all__"
names = {ALL: t("stake.all", lang)} | shared(("stake.names", lang), lambda: {
    r["id"]: (r["name_ja"] if lang == "ja" and r["name_ja"] else r["name"])
    for _, r in companies.iterrows()})

st.title(t("stake.title", lang))
st.caption(t("stake.intro", lang))
chosen = st.selectbox(t("stake.company", lang), list(names), key="stake_company",
                      format_func=names.__getitem__)
company_ids = set(companies["id"]) if chosen == ALL else {chosen}

if chosen != ALL:
    row = companies.set_index("id").loc[chosen]
    st.subheader(f"{row['name']} · {row['name_ja']}" if row["name_ja"] else row["name"],
                 anchor=False)
    st.markdown("\n".join(f"- **{label}:** {escape_markdown(value)}"
                          for label, value in profile_facts(row, lang)))
    links = [markdown_link(t("col.source", lang), row["source_url"])]
    if row["hq_source_url"]:
        links.append(markdown_link(t("stake.hq_source", lang), row["hq_source_url"]))
    st.markdown(" · ".join(links))

stamp = layer_stamp()  # the screening's layers
rows = shared(("stake.rows", chosen, stamp),
              lambda: portfolio(atlas, company_ids, cached_screening()))
st.subheader(t("stake.portfolio", lang, n=rows["site_id"].nunique()), anchor=False)
if rows.empty:
    st.info(t("stake.none", lang))
else:
    st.dataframe(shared(("stake.table", chosen, stamp, lang),
                        lambda: portfolio_table(rows, atlas, lang)), hide_index=True,
                 width="stretch",
                 column_config={t("col.source", lang): st.column_config.LinkColumn()})
    sites = shared(("stake.sites", chosen, stamp),
                   lambda: atlas.sites[atlas.sites["id"].isin(set(rows["site_id"]))])
    show_map(f"stakeholder_map_{lang}", ("stakeholders", lang), lambda: build_base_map(lang),
             groups_key=("sites", lang, ids_key(sites)),
             build_groups=lambda: [build_sites_layer(sites, atlas, lang, cached_popups(lang))],
             layer_control=True, height=460, returned_objects=[])

result = shared(("stake.attributable", chosen), lambda: attributable_output(atlas, company_ids))
st.subheader(t("stake.attributable", lang), anchor=False)
st.caption(t("stake.attributable_note", lang))
if result.by_mineral.empty:
    st.info(t("stake.no_attribution", lang))
else:
    st.dataframe(shared(("stake.attribution", chosen, lang),
                        lambda: attribution_table(result.by_mineral, lang)),
                 hide_index=True, width="stretch")
site_names = shared(("site_names", lang), lambda: dict(
    zip(atlas.sites["id"], datatext.site_names(atlas.sites, lang), strict=True)))
st.caption(escape_markdown(t(
    "stake.gaps", lang, no_share=len(result.no_share), no_production=len(result.no_production),
    sites=", ".join(site_names[s] for s in sorted(set(result.no_share + result.no_production)))
    or "—")))
