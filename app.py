"""Peru–Japan Minerals Atlas: the entry point. Picks the language and the page, nothing more."""

import streamlit as st

from geo.i18n import t
from geo.paths import STATIC_DIR
from pages.shell import choose_language

# A file of ours, not an emoji or a material icon: Streamlit fetches those from a CDN.
st.set_page_config(page_title="Peru–Japan Minerals Atlas", page_icon=str(STATIC_DIR / "icon.svg"),
                   layout="wide")

lang = choose_language()
page = st.navigation([
    st.Page("pages/map_explorer.py", title=t("nav.map", lang), icon=":material/map:",
            url_path="map", default=True),
    st.Page("pages/environmental_screening.py", title=t("nav.environment", lang),
            icon=":material/forest:", url_path="environment"),
    st.Page("pages/data_sources.py", title=t("nav.data", lang), icon=":material/table_view:",
            url_path="data"),
])
page.run()
