"""Peru–Japan Minerals Atlas: the entry point. Picks the language and the page, nothing more."""

import streamlit as st

from geo.i18n import t
from geo.paths import STATIC_DIR
from pages import nodelay
from pages.shell import PAGES, choose_language, refresh_in_background

nodelay.install()

# A file of ours, not an emoji or a material icon: Streamlit fetches those from a CDN.
st.set_page_config(page_title="Peru–Japan Minerals Atlas", page_icon=str(STATIC_DIR / "icon.svg"),
                   layout="wide")

lang = choose_language()
refresh_in_background(lang)
page = st.navigation([
    st.Page(script, title=t(f"nav.{key}", lang), icon=icon, url_path=key,
            default=(key == "home"))
    for script, icon, key in PAGES
])
page.run()
