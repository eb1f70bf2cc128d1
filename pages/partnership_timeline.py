"""Timeline: the Peru–Japan partnership, milestone by milestone, each with its source."""

import pandas as pd
import streamlit as st

from geo import datatext, vocab
from geo.escape import escape_markdown, markdown_link
from geo.i18n import t
from geo.tables import format_number
from pages.shell import atlas_or_stop, language

lang = language()
atlas = atlas_or_stop(lang)

st.title(t("time.title", lang))
st.caption(t("time.intro", lang))
for _, m in atlas.milestones.iloc[::-1].iterrows():
    kind = vocab.label(vocab.MILESTONE_KINDS, m["kind"], lang)
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(m['date'])}** · {escape_markdown(kind)}")
        st.markdown(escape_markdown(m[f"title_{lang}"]))
        extra = []
        if pd.notna(m["amount_musd"]):
            extra.append(t("time.amount", lang, musd=format_number(m["amount_musd"], lang)))
        if m["confidence"] != "high" or m["note"]:
            extra.append(escape_markdown(datatext.localized(m, "note", lang)))
        extra.append(markdown_link(t("col.source", lang), m["source_url"]))
        st.caption(" · ".join(extra))
