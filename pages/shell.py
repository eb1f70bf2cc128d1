"""What every page shares: the cached data, the current language and the error screens."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.assets import missing_vendor_files
from geo.escape import escape_markdown
from geo.i18n import LANGUAGE_NAMES, resolve_language, t
from geo.load import Atlas, DataError, load_atlas
from geo.paths import data_dir
from geo.vocab import LANGUAGES


@st.cache_data(show_spinner=False)
def cached_atlas(data_dir: str) -> Atlas:
    return load_atlas(Path(data_dir))


def language() -> str:
    return st.session_state.get("lang", "en")


def choose_language() -> str:
    """The sidebar picker; the choice lives in ?lang= so a shared link keeps it."""
    if "lang" not in st.session_state:
        raw = st.query_params.get("lang")
        lang, understood = resolve_language(raw)
        st.session_state["lang"] = lang
        if not understood:
            st.session_state["lang_warning"] = str(raw)[:40]
    st.sidebar.selectbox("Language · Idioma · 言語", LANGUAGES, key="lang",
                         format_func=LANGUAGE_NAMES.__getitem__)
    lang = st.session_state["lang"]
    st.query_params["lang"] = lang
    if "lang_warning" in st.session_state:
        st.warning(t("error.unknown_language", lang,
                     value=escape_markdown(st.session_state.pop("lang_warning"))))
    return lang


def atlas_or_stop(lang: str) -> Atlas:
    try:
        return cached_atlas(str(data_dir()))
    except DataError as exc:
        st.error(t("error.data", lang))
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        st.stop()


def assets_or_stop(lang: str) -> None:
    if missing_vendor_files():
        st.error(t("error.assets", lang))
        st.stop()
