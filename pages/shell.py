"""What every page shares: the cached data, the current language and the error screens."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import autorefresh, datatext, vocab
from geo.assets import missing_vendor_files
from geo.crosscheck import REVIEWS, crosscheck
from geo.envmap import canvas_label, canvas_layers, environment_legend_html, tooltip_geojson
from geo.escape import escape_markdown
from geo.export import (
    MEDIA_TYPES,
    ExportLayer,
    all_layers,
    bundle,
    export,
    filename,
    site_layer,
    to_gpkg,
)
from geo.export import user_layer as export_user_layer
from geo.fastlayer import DETAIL_ZOOM, PACK_CACHE, Packed, degrees_per_pixel
from geo.filters import FilterOptions, SiteFilter, apply_filter, filter_options
from geo.i18n import LANGUAGE_NAMES, resolve_language, t
from geo.layers import CACHE_DIR, LAYERS_DIR, Layer, load_layers
from geo.load import Atlas, DataError, load_atlas
from geo.maplegend import site_legend_html
from geo.mapview import site_popups
from geo.memory import release
from geo.paths import data_dir
from geo.quality import site_quality
from geo.rights import DISTANCES_KM, RightsIndex
from geo.screening import screen, screen_shapes
from geo.search import Hit, SearchIndex, build_index, search
from geo.sources import sources_markdown, sources_table
from geo.tables import format_number, sites_table, user_screening_table
from geo.urlstate import filter_params, parse_filters
from geo.userlayer import (
    EXTENSIONS,
    MAX_BYTES,
    MAX_FEATURES,
    UserLayer,
    UserLayerError,
    read_user_layer,
    screen_against,
)
from geo.vocab import LANGUAGES

T = TypeVar("T")


# A resource, not data: every page only reads the Atlas, and unpickling a copy per rerun
# (st.cache_data) was a quarter of the explorer's budget. tests/test_pages.py checks that a
# walk through every page leaves it as loaded.
@st.cache_resource(show_spinner=False)
def cached_atlas(data_dir: str) -> Atlas:
    return load_atlas(Path(data_dir))


@st.cache_resource(show_spinner=False)
def _cached_filter_options(data_dir: str) -> FilterOptions:
    atlas = cached_atlas(data_dir)
    return filter_options(atlas.sites, atlas.companies)


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached_sites_table(data_dir: str, lang: str, ids_key: str, _shown: pd.DataFrame
                        ) -> pd.DataFrame:
    return sites_table(_shown, cached_atlas(data_dir), lang)


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_view_layer(lang: str, ids_key: str, _shown: pd.DataFrame) -> ExportLayer:
    return site_layer(_shown, "sites_view", t("dl.view_title", lang, n=len(_shown)))


def cached_view_layer(shown: pd.DataFrame, lang: str) -> ExportLayer:
    """The shown sites as a download layer; written out only when someone clicks."""
    return _cached_view_layer(lang, ids_key(shown), shown)


def cached_sites_table(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The explorer's table for these sites: the same for every viewer with the same filter,
    shared read-only (st.dataframe copies what it sends)."""
    return _cached_sites_table(str(data_dir()), lang, ids_key(shown), shown)


def ids_key(sites: pd.DataFrame) -> str:
    """The cache key of a set of sites, in their order."""
    return hashlib.md5("\n".join(sites["id"].tolist()).encode(),
                       usedforsecurity=False).hexdigest()


@st.cache_data(show_spinner=False, max_entries=6)
def _cached_popups(data_dir: str, lang: str) -> dict[str, str]:
    return site_popups(cached_atlas(data_dir), lang)


def cached_popups(lang: str) -> dict[str, str]:
    """Every site's popup HTML in this language (plain strings: cheap to cache)."""
    return _cached_popups(str(data_dir()), lang)


@st.cache_data(show_spinner=False)
def _cached_sources(data_dir: str) -> pd.DataFrame:
    return sources_table(cached_atlas(data_dir))


def cached_sources() -> pd.DataFrame:
    return _cached_sources(str(data_dir()))


@st.cache_data(show_spinner=False)
def _cached_quality(data_dir: str) -> pd.DataFrame:
    return site_quality(cached_atlas(data_dir))


def cached_quality() -> pd.DataFrame:
    return _cached_quality(str(data_dir()))


@st.cache_resource(show_spinner=False)
def _search_index(data_dir: str) -> SearchIndex:
    return build_index(cached_atlas(data_dir))


def _pick(key: str, hit: Hit) -> None:
    st.session_state[f"{key}_pick"] = hit
    st.session_state[f"{key}_q"] = ""


def search_box(lang: str, key: str) -> Hit | None:
    """A search field and its matches as buttons; the chosen match stays until the next one.

    Results are buttons, not a select box, so the matching is ours: case, accents, full-width
    letters and Japanese names (geo.search), which Streamlit's own filter does not fold."""
    query = st.text_input(t("search.label", lang), key=f"{key}_q", max_chars=80,
                          placeholder=t("search.placeholder", lang),
                          icon=":material/search:", label_visibility="collapsed")
    if query.strip():
        hits = search(_search_index(str(data_dir())), query, lang, limit=6)
        if not hits:
            st.caption(escape_markdown(t("search.none", lang, q=query.strip()[:40])))
        with st.container(key=f"{key}_hits"):
            for i, hit in enumerate(hits):
                label = hit.label
                if hit.kind == "company":
                    label += " · " + t("search.company_sites", lang, n=len(hit.site_ids))
                st.button(escape_markdown(label), key=f"{key}_hit_{i}", type="tertiary",
                          on_click=_pick, args=(key, hit), width="stretch",
                          icon=(":material/apartment:" if hit.kind == "company"
                                else ":material/location_on:"))
    return st.session_state.get(f"{key}_pick")


def language() -> str:
    return st.session_state.get("lang", "en")


def _picked() -> None:
    st.session_state["lang"] = st.session_state["lang_picker"]


def choose_language() -> str:
    """The sidebar picker; the choice lives in ?lang= so a shared link keeps it.

    The choice is kept in a plain session key, not in the widget's: switching pages resets
    widget state and drops the query string, and the language must survive both.
    """
    if "lang" not in st.session_state:
        raw = st.query_params.get("lang")
        lang, understood = resolve_language(raw)
        st.session_state["lang"] = lang
        if not understood:
            st.session_state["lang_warning"] = str(raw)[:40]
    lang = st.session_state["lang"]
    st.session_state["lang_picker"] = lang
    st.sidebar.selectbox("Language · Idioma · 言語", LANGUAGES, key="lang_picker",
                         format_func=LANGUAGE_NAMES.__getitem__, on_change=_picked)
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


# (script, icon, key) of every page in menu order; the key is its url_path and i18n name.
PAGES = (
    ("pages/landing.py", ":material/home:", "home"),
    ("pages/kiosk_tour.py", ":material/co_present:", "present"),
    ("pages/map_explorer.py", ":material/map:", "map"),
    ("pages/japan_stakeholders.py", ":material/apartment:", "stakeholders"),
    ("pages/partner_network.py", ":material/hub:", "network"),
    ("pages/trade_flows.py", ":material/public:", "trade"),
    ("pages/partnership_timeline.py", ":material/timeline:", "timeline"),
    ("pages/environmental_screening.py", ":material/forest:", "environment"),
    ("pages/data_sources.py", ":material/table_view:", "data"),
    ("pages/data_downloads.py", ":material/download:", "downloads"),
)

FILTER_KEYS = ("f_minerals", "f_statuses", "f_companies", "f_departments")


def _clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state[key] = []
    st.session_state["f_japan"] = False
    st.session_state["f_primary"] = False


def filter_sidebar(atlas: Atlas, lang: str) -> SiteFilter:
    """The site filters, the same on every page that lists sites."""
    options = _cached_filter_options(str(data_dir()))
    company_names = dict(zip(atlas.companies["id"], atlas.companies["name"], strict=True))
    if "filters_from_url" not in st.session_state:
        st.session_state["filters_from_url"] = True
        values, notes = parse_filters(st.query_params, {
            "f_minerals": options.minerals, "f_statuses": options.statuses,
            "f_companies": options.japanese_companies, "f_departments": options.departments})
        st.session_state.update(values)
        if notes:
            st.warning(t("error.bad_filters", lang, what=escape_markdown(", ".join(notes))))
    with st.sidebar:
        st.header(t("sidebar.filters", lang))
        site_filter = SiteFilter(
            minerals=frozenset(st.multiselect(
                t("filter.minerals", lang), options.minerals, key="f_minerals",
                format_func=lambda m: vocab.label(vocab.MINERALS, m, lang),
                placeholder=t("filter.any", lang))),
            primary_mineral_only=st.checkbox(t("filter.primary_only", lang), key="f_primary"),
            statuses=frozenset(st.multiselect(
                t("filter.statuses", lang), options.statuses, key="f_statuses",
                format_func=lambda s: vocab.label(vocab.STATUSES, s, lang),
                placeholder=t("filter.any", lang))),
            companies=frozenset(st.multiselect(
                t("filter.companies", lang), options.japanese_companies, key="f_companies",
                format_func=company_names.__getitem__, placeholder=t("filter.any", lang))),
            departments=frozenset(st.multiselect(
                t("filter.departments", lang), options.departments, key="f_departments",
                placeholder=t("filter.any", lang))),
            japan_linked_only=st.toggle(t("filter.japan_only", lang), key="f_japan"),
        )
        st.button(t("filter.reset", lang), on_click=_clear_filters,
                  disabled=site_filter.is_empty)
    current = filter_params({key: st.session_state.get(key) for key in
                             (*FILTER_KEYS, "f_japan", "f_primary")})
    for param in ("minerals", "stages", "companies", "departments", "japan", "primary"):
        if param in current:
            st.query_params[param] = current[param]
        elif param in st.query_params:
            del st.query_params[param]
    return site_filter


STAMP_SECONDS = 2.0
_stamp_memo: list = [float("-inf"), ""]


def _layer_stamp() -> str:
    """Changes whenever a shipped layer or the official cache changes: the cache key. A
    refresh writes a layer's metadata after its GeoJSON, so a half-written layer never counts.
    Read at most every STAMP_SECONDS: listing and stat-ing the folders on every call was a
    tenth of a warm rerun, for a change that comes once a day."""
    now = time.monotonic()
    if now - _stamp_memo[0] >= STAMP_SECONDS:
        files = sorted([*LAYERS_DIR.glob("*"), *CACHE_DIR.glob("*.meta.json")])
        _stamp_memo[:] = [now, digest(tuple((f.name, f.stat().st_mtime_ns) for f in files))]
    return _stamp_memo[1]


def digest(value: Hashable) -> str:
    """A short cache key for a long one: Streamlit's hasher walks a tuple of 189 site ids
    object by object on every call, a text of 32 characters at once."""
    return hashlib.md5(repr(value).encode(), usedforsecurity=False).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=512)
def _shared(key: str, _compute: Callable[[], T]) -> T:
    return _compute()


def shared(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once for every viewer: for what depends only on the data and on ``key``
    (a translated table, a company's portfolio). The result is shared, so never changed; the
    key must name all it depends on, the data version aside (fixed for a server's life)."""
    return _shared(digest((str(data_dir()), key)), compute)


@st.cache_resource(show_spinner=False, max_entries=256)
def _shown_sites(data_dir: str, filter_key: str, _site_filter: SiteFilter) -> gpd.GeoDataFrame:
    return apply_filter(cached_atlas(data_dir).sites, _site_filter)


def shown_sites(site_filter: SiteFilter) -> gpd.GeoDataFrame:
    """The sites this filter shows, shared by every viewer with the same filter (read-only)."""
    return _shown_sites(str(data_dir()), site_filter.key(), site_filter)


# A resource, not data: the official cadastre is tens of MB that every viewer reads and nobody
# changes, so it is shared, never copied per rerun.
@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_layers(stamp: str) -> dict[str, Layer]:
    return load_layers()


@st.cache_resource(show_spinner=False, max_entries=12)
def _packed_official(stamp: str, layer_id: str) -> Packed:
    packed = PACK_CACHE.get(canvas_label(_cached_layers(stamp)[layer_id]), "label")
    release()
    return packed


def official_canvas_choice(lang: str, key: str) -> tuple[str, ...]:
    """Toggles for the big official layers (the cadastre, REINFO, INGEMMET's points) that a
    refresh has fetched; only the ones switched on are sent to the browser, as megabytes."""
    layers = cached_layers()
    big = {k: v for k, v in layers.items() if v.info.draw == "canvas" and v.available}
    if not big:
        return ()
    chosen = st.multiselect(
        t("env.official_layers", lang), list(big), key=key,
        placeholder=t("env.official_layers_pick", lang),
        format_func=lambda k: f"{big[k].info.title_in(lang)} "
                              f"({format_number(len(big[k].drawn), lang)})")
    return tuple(chosen)


def official_canvas_groups(chosen: tuple[str, ...], lang: str) -> list:
    """The chosen official layers as canvas groups (packed once per layer version)."""
    if not chosen:
        return []
    stamp = _layer_stamp()
    layers = _cached_layers(stamp)
    return canvas_layers({k: layers[k] for k in chosen}, lang,
                         lambda layer: _packed_official(stamp, layer.info.id), show=True)


def layer_stamp() -> str:
    return _layer_stamp()


@st.cache_data(show_spinner=False, max_entries=2)
def _cached_crosscheck(data_dir: str, stamp: str) -> pd.DataFrame | None:
    return crosscheck(cached_atlas(data_dir).sites, _cached_layers(stamp))


def crosscheck_section(atlas: Atlas, lang: str) -> None:
    """Our sites against INGEMMET's points, once those are fetched; the ones to review first."""
    table = _cached_crosscheck(str(data_dir()), _layer_stamp())
    if table is None:
        return
    order = {code: i for i, code in enumerate(
        ("nearest record has another name", "same name, farther than our precision",
         "no official record near"))}
    review = table[table["review"] != ""]
    review = review.assign(_o=review["review"].map(order)).sort_values(["_o", "official_km"])
    st.markdown(f"**{t('xc.title', lang)}**")
    st.caption(t("xc.intro", lang, n=format_number(len(review), lang)))
    names = dict(zip(atlas.sites["id"], datatext.site_names(atlas.sites, lang), strict=True))
    shown = pd.DataFrame({
        t("col.site", lang): review["site_id"].map(names),
        t("col.official_name", lang): review["official_name"],
        t("col.official_km", lang): review["official_km"],
        t("col.review", lang): review["review"].map(lambda r: t(REVIEWS[r], lang)),
    })
    st.dataframe(shown, hide_index=True, width="stretch")


@st.cache_resource(show_spinner=False, max_entries=2)
def _rights_index(stamp: str) -> RightsIndex | None:
    layer = _cached_layers(stamp).get("mining_rights")
    return RightsIndex(layer) if layer is not None and layer.available else None


def rights_near_section(site: pd.Series, lang: str) -> None:
    """Holders of the cadastre's rights within a chosen distance of the site; nothing at all
    until the cadastre has been fetched (offline, the card is as before)."""
    index = _rights_index(_layer_stamp())
    if index is None:
        return
    st.markdown(f"**{t('site.rights', lang)}**")
    km = st.segmented_control(t("site.rights_within", lang), DISTANCES_KM, default=5,
                              key="rights_km", format_func=lambda d: f"{d} km")
    near = index.near(float(site["lon"]), float(site["lat"]), float(km or 5))
    if near.empty:
        st.caption(t("site.rights_none", lang, km=km or 5))
        return
    st.caption(t("site.rights_summary", lang, rights=format_number(int(near["rights"].sum()),
                                                                   lang),
                 holders=format_number(len(near), lang), km=km or 5))
    st.dataframe(near.rename(columns={c: t(f"col.rights_{c}", lang) for c in near.columns}),
                 hide_index=True, width="stretch", height=min(36 * (len(near) + 1) + 2, 250))


def refresh_in_background(lang: str) -> None:
    """Starts the daily refresh when due (never blocking) and says what it does, once per
    state per session: quietly, in a toast."""
    state = autorefresh.maybe_start()
    shown = st.session_state.get("_refresh_told")
    if state.status == shown or state.status in ("never", "disabled"):
        return
    st.session_state["_refresh_told"] = state.status
    if state.status == "offline":
        st.toast(t("refresh.offline", lang), icon=":material/cloud_off:")
    elif state.status == "running":
        st.toast(t("refresh.running", lang, progress=state.progress or "…"),
                 icon=":material/cloud_download:")
    elif state.status == "done" and shown == "running":
        st.toast(t("refresh.done", lang, count=len(state.ok_layers)),
                 icon=":material/cloud_done:")


def cached_layers() -> dict[str, Layer]:
    return _cached_layers(_layer_stamp())


@st.cache_data(show_spinner=False, max_entries=6)
def _cached_layer_geojson(stamp: str, lang: str) -> dict[str, str]:
    return tooltip_geojson(_cached_layers(stamp), lang)


def cached_layer_geojson(lang: str) -> dict[str, str]:
    """The environmental layers as GeoJSON text for the maps, serialised once per language."""
    return _cached_layer_geojson(_layer_stamp(), lang)


@st.cache_data(show_spinner=False, max_entries=6)
def _cached_legend(data_dir: str, stamp: str, lang: str, with_layers: bool) -> str:
    legend = site_legend_html(_cached_filter_options(data_dir), lang)
    if with_layers:
        legend += environment_legend_html(_cached_layers(stamp), lang, with_classes=False)
    return legend


def cached_legend(lang: str, with_layers: bool = True) -> str:
    """The map's legend (escaped HTML): the same on every rerun, so built once per language."""
    return _cached_legend(str(data_dir()), _layer_stamp(), lang, with_layers)


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_screening(data_dir: str, stamp: str) -> pd.DataFrame:
    return screen(cached_atlas(data_dir).sites, _cached_layers(stamp))


def cached_screening() -> pd.DataFrame:
    return _cached_screening(str(data_dir()), _layer_stamp())


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_export_layers(data_dir: str, stamp: str) -> dict:
    return all_layers(cached_atlas(data_dir), _cached_layers(stamp))


def cached_export_layers() -> dict:
    return _cached_export_layers(str(data_dir()), _layer_stamp())


@st.cache_data(show_spinner=False)
def _cached_bundle(data_dir: str, stamp: str) -> tuple[bytes, bytes]:
    layers = _cached_export_layers(data_dir, stamp)
    sources = sources_markdown(cached_atlas(data_dir))
    return bundle(layers, sources), to_gpkg(list(layers.values()))


def cached_bundle() -> tuple[bytes, bytes]:
    return _cached_bundle(str(data_dir()), _layer_stamp())


# The uploaded layer is cached per upload (Streamlit's file_id), as a resource: a 50,000-polygon
# frame is never copied or re-hashed on a rerun, only looked up. A bad file is cached as its error.
@st.cache_resource(max_entries=4, show_spinner=False)
def _read_upload(file_id: str, _data: bytes, filename: str) -> UserLayer | UserLayerError:
    try:
        return read_user_layer(_data, filename)
    except UserLayerError as exc:
        return exc
    finally:
        release()


@st.cache_resource(max_entries=4, show_spinner=False)
def _pack_upload(file_id: str, _layer: UserLayer) -> Packed:
    packed = PACK_CACHE.get(_layer.frame, "label")
    release()
    return packed


@dataclass(frozen=True)
class Upload:
    file_id: str
    layer: UserLayer
    packed: Packed


def user_layer_upload(lang: str, expanded: bool = False) -> Upload | None:
    """The "add your own layer" box: the read layer and its packed drawing, or None (with the
    reason shown) when there is no usable file. A bad file costs only its own message."""
    with st.expander(t("upload.title", lang), expanded=expanded, icon=":material/upload_file:"):
        st.caption(t("upload.help", lang, max=MAX_BYTES // 2**20,
                     features=format_number(MAX_FEATURES, lang)))
        upload = st.file_uploader(t("upload.file", lang), key="user_layer_file",
                                  type=list(EXTENSIONS))
    if upload is None:
        return None
    with st.spinner(escape_markdown(upload.name[:80])):
        layer = _read_upload(upload.file_id, upload.getvalue(), upload.name)
    if isinstance(layer, UserLayerError):
        st.error(escape_markdown(t(layer.key, lang, **layer.fields)), icon=":material/error:")
        return None
    packed = _pack_upload(upload.file_id, layer)
    notes = [t("upload.loaded", lang, name=layer.name, format=layer.format,
               crs=layer.source_crs, n=format_number(len(layer.frame), lang),
               in_file=format_number(layer.in_file, lang),
               outside=format_number(layer.outside, lang),
               empty=format_number(layer.empty, lang),
               repaired=format_number(layer.repaired, lang),
               label=layer.label_column or t("upload.no_label", lang),
               metres=round(degrees_per_pixel(DETAIL_ZOOM) / 2 * 111_320))]
    if layer.crs_assumed:
        notes.append(t("upload.crs_assumed", lang))
    if layer.bad_rows:
        notes.append(t("upload.bad_rows", lang, lines=", ".join(map(str, layer.bad_rows))))
    st.caption(escape_markdown(" ".join(notes)))
    return Upload(upload.file_id, layer, packed)


@st.cache_data(max_entries=4, show_spinner=False)
def _sites_near_upload(file_id: str, data_dir: str, _layer: UserLayer) -> pd.DataFrame:
    screened = screen_against(cached_atlas(data_dir).sites, _layer)
    release()
    return screened


def sites_near_upload(upload: Upload) -> pd.DataFrame:
    """Per site: inside the uploaded layer, its nearest feature and distance."""
    return _sites_near_upload(upload.file_id, str(data_dir()), upload.layer)


@st.cache_resource(max_entries=4, show_spinner=False)
def _screen_upload(file_id: str, data_dir: str, stamp: str, _layer: UserLayer):
    screened = screen_shapes(_layer.frame, cached_atlas(data_dir).sites, _cached_layers(stamp))
    release()
    return screened


def screened_upload(upload: Upload):
    """Per uploaded feature: the Atlas's screening (areas, nearest site, class)."""
    return _screen_upload(upload.file_id, str(data_dir()), _layer_stamp(), upload.layer)


def screened_upload_section(upload: Upload, lang: str) -> None:
    """Under the map: the uploaded features' classes, the table and the download."""
    screened = screened_upload(upload)
    st.subheader(t("upload.screened", lang), anchor=False)
    counts = screened["sensitivity"].value_counts()
    cols = st.columns(3)
    for col, cls in zip(cols, ("high", "medium", "low"), strict=True):
        col.metric(t(f"env.count_{cls}", lang), format_number(int(counts.get(cls, 0)), lang))
    table = user_screening_table(screened, lang)
    st.caption(t("upload.screened_note", lang, shown=format_number(len(table), lang),
                 n=format_number(len(screened), lang)))
    st.dataframe(table, hide_index=True, width="stretch", height=280)
    layer = export_user_layer(screened, upload.layer.name, upload.layer.format,
                              date.today().isoformat())
    st.download_button(t("upload.download", lang), lambda: export(layer, "geojson"),
                       filename(layer, "geojson", upload.layer.name), MEDIA_TYPES["geojson"],
                       on_click="ignore", icon=":material/download:", key="download_upload")


def run_app_for_first_visit() -> None:
    """Run app.py for a deep link that reached a freshly started server.

    Streamlit's very first session still resolves the URL the 1.x way, against the file
    names in pages/, before app.py has called st.navigation; a link to /present found no
    file and showed "page not found" over the right page. A file named like each url_path
    gives that first pass a match; it runs the app as usual and st.navigation picks the page.
    """
    import runpy

    from geo.paths import ROOT

    runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
