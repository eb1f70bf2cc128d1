"""Peru–Japan Minerals Atlas: the entry point. Picks the language and the page, nothing more."""

import streamlit as st

from geo.i18n import t
from pages.shell import choose_language

st.set_page_config(page_title="Peru–Japan Minerals Atlas", page_icon="⛏️", layout="wide")

lang = choose_language()
page = st.navigation([
    st.Page("pages/map_explorer.py", title=t("nav.map", lang), icon="🗺️", url_path="map",
            default=True),
    st.Page("pages/data_sources.py", title=t("nav.data", lang), icon="📚", url_path="data"),
])
page.run()
