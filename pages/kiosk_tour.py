"""Presentation: a full-screen guided tour for a booth — big type, no app chrome, arrows or
autoplay, a shareable link with a QR code, and take-away files."""

import io
from datetime import timedelta

import segno
import streamlit as st
from streamlit_folium import st_folium

from geo import vocab
from geo.envmap import environment_groups
from geo.escape import escape, escape_markdown
from geo.i18n import LANGUAGE_NAMES, t
from geo.mapview import build_base_map, build_sites_layer
from geo.onepager import FontMissing, font_path, site_pdf
from geo.owners import owners_of
from geo.popup import format_share
from geo.standalone import standalone_html
from geo.tour import load_tour
from geo.urlstate import INTERVALS, TourState, parse_tour
from geo.vocab import LANGUAGES
from pages.shell import (
    assets_or_stop,
    atlas_or_stop,
    cached_layer_geojson,
    cached_layers,
    cached_popups,
    cached_screening,
    language,
)

KIOSK_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
[data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
.block-container {padding-top: 1rem !important; max-width: 100% !important;}
.tour-title {font-size: 2.4rem; font-weight: 700; line-height: 1.2; margin: .2rem 0 .6rem;}
.tour-owners {font-size: 1.35rem; line-height: 1.6;}
.tour-owners .jp {color: #bc002d; font-weight: 700;}
.tour-step {font-size: 1.1rem; color: #666;}
</style>"""

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
stops, problems = load_tour(atlas)
if problems:
    st.error(t("error.data", lang))
    st.code("\n".join(map(str, problems)), language=None)
    st.stop()

if "tour" not in st.session_state:
    state, notes = parse_tour(st.query_params, len(stops))
    st.session_state["tour"] = state
    if notes:
        st.session_state["tour_notes"] = notes
state: TourState = st.session_state["tour"]


def go(step: int) -> None:
    s = st.session_state["tour"]
    st.session_state["tour"] = TourState((s.stop - 1 + step) % len(stops) + 1, s.play, s.every)


def set_lang(code: str) -> None:
    st.session_state["lang"] = code


st.html(KIOSK_CSS)
stop = stops[state.stop - 1]

top = st.columns([6, 1, 1, 1, 1.2, 1.2], vertical_alignment="center")
top[0].html(f'<div class="tour-step">{escape(t("tour.step", lang, n=state.stop, of=len(stops)))}'
            f'</div><div class="tour-title">{escape(stop.title(lang))}</div>')
for col, code in zip(top[1:4], LANGUAGES, strict=True):
    col.button(LANGUAGE_NAMES[code], key=f"tour_lang_{code}", on_click=set_lang, args=(code,),
               type="primary" if code == lang else "secondary", width="stretch")
top[4].button(t("tour.prev", lang), key="tour_prev", on_click=go, args=(-1,),
              shortcut="left", icon=":material/arrow_back:", width="stretch")
top[5].button(t("tour.next", lang), key="tour_next", on_click=go, args=(1,),
              shortcut="right", icon=":material/arrow_forward:", width="stretch")

if "tour_notes" in st.session_state:
    st.warning(t("tour.bad_link", lang, what=", ".join(st.session_state.pop("tour_notes"))))

layers = cached_layers()
stop_layers = {k: v for k, v in layers.items() if k in stop.layers}
highlight = atlas.sites[atlas.sites["id"] == stop.site_id] if stop.site_id else atlas.sites
map_col, info_col = st.columns([3, 1.3], gap="medium")
with map_col:
    popups = cached_popups(lang)

    def stop_groups() -> list:
        return [build_sites_layer(highlight, atlas, lang, popups),
                *environment_groups(stop_layers, lang, show=True,
                                   geojson=cached_layer_geojson(lang))]

    groups = stop_groups()
    st_folium(build_base_map(lang, tiles=False), key=f"tour_map_{lang}", height=640,
              use_container_width=True, center=(stop.lat, stop.lon), zoom=stop.zoom,
              feature_group_to_add=groups, returned_objects=[])

with info_col:
    if stop.site_id:
        owners = owners_of(atlas, stop.site_id, lang)
        lines = []
        for _, o in owners.iterrows():
            share = format_share(o["share_pct"])
            role = vocab.label(vocab.ROLES, o["role"], lang) if o["role"] != "equity" else ""
            text = escape(f"{o['company']} {share} {role}".strip())
            lines.append(f'<div class="{"jp" if o["japanese"] else ""}">{text}</div>')
        st.html('<div class="tour-owners">' + "".join(lines) + "</div>")
    else:
        overview = t("tour.overview", lang, n=len(atlas.sites),
                     jp=int(atlas.sites["japan_linked"].sum()))
        st.html(f'<div class="tour-owners">{escape(overview)}</div>')

    playing = st.toggle(t("tour.autoplay", lang), value=state.play, key="tour_play")
    every = st.select_slider(t("tour.every", lang), INTERVALS, value=state.every,
                             key="tour_every", format_func=lambda s: f"{s} s")
    if (playing, every) != (state.play, state.every):
        st.session_state["tour"] = state = TourState(state.stop, playing, every)

    params = {"lang": lang, **state.params()}
    st.query_params.from_dict(params)
    base = (st.context.url or "").split("?")[0]
    link = base + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    with st.popover(t("tour.share", lang), icon=":material/qr_code_2:", width="stretch"):
        st.code(link, language=None)
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=6, border=2)
        st.image(qr.getvalue(), caption=t("tour.scan", lang), width=240)

    def takeaway_html() -> bytes:  # built on click, not on every rerun of the booth screen
        takeaway = build_base_map(lang, tiles=False)
        for group in stop_groups():  # fresh elements: the map above has rendered its own
            group.add_to(takeaway)
        half = 360 / 2 ** stop.zoom
        takeaway.fit_bounds([(stop.lat - half / 2, stop.lon - half),
                             (stop.lat + half / 2, stop.lon + half)])
        return standalone_html(takeaway, "Peru–Japan Atlas")

    st.download_button(t("tour.html", lang), takeaway_html,
                       f"peru-japan-atlas-{stop.id}-{lang}.html", "text/html",
                       on_click="ignore", icon=":material/map:", width="stretch")
    if stop.site_id:
        try:
            font_path()
            screening = cached_screening()
            st.download_button(t("tour.pdf", lang),
                               lambda: site_pdf(atlas, stop.site_id, lang, screening),
                               f"{stop.site_id}-{lang}.pdf", "application/pdf",
                               on_click="ignore", icon=":material/picture_as_pdf:",
                               width="stretch")
        except FontMissing as exc:
            st.caption(escape_markdown(str(exc)))

if state.play:
    @st.fragment(run_every=timedelta(seconds=state.every))
    def _advance() -> None:
        if st.session_state.get("tour_tick"):
            go(1)
            st.session_state["tour_tick"] = False
            st.rerun(scope="app")
        st.session_state["tour_tick"] = True

    _advance()
