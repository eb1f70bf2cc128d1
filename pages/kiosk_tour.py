"""Presentation: a full-screen guided tour for a booth — big type, no app chrome, arrows or
autoplay, a shareable link with a QR code, and take-away files."""

import io
from datetime import timedelta

import segno
import streamlit as st

from geo.envmap import environment_groups
from geo.escape import escape, escape_markdown
from geo.i18n import LANGUAGE_NAMES, t
from geo.mapview import build_base_map, build_sites_layer
from geo.onepager import FontMissing, font_path, site_pdf
from geo.sitecard import card_html
from geo.standalone import standalone_html
from geo.symbols import MARKER_PX
from geo.tour import load_tour
from geo.urlstate import INTERVALS, TourState, parse_tour
from geo.vocab import LANGUAGES
from pages.layout import PRESENT_CSS, map_first
from pages.maps import show_map
from pages.shell import (
    assets_or_stop,
    atlas_or_stop,
    cached_layer_geojson,
    cached_layers,
    cached_legend,
    cached_popups,
    cached_screening,
    language,
    layer_stamp,
    search_box,
    shared,
)

lang = language()
atlas = atlas_or_stop(lang)
assets_or_stop(lang)
stops, problems = shared("tour.stops", lambda: load_tour(atlas))
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


def qr_png(link: str) -> bytes:
    qr = io.BytesIO()
    segno.make(link, error="m").save(qr, kind="png", scale=6, border=2)
    return qr.getvalue()


def go(step: int) -> None:
    st.session_state["tour_done_pick"] = st.session_state.get("tour_search_pick")
    s = st.session_state["tour"]
    st.session_state["tour"] = TourState((s.stop - 1 + step) % len(stops) + 1, s.play, s.every)


def set_lang(code: str) -> None:
    st.session_state["lang"] = code


def _unpick(hit) -> None:
    st.session_state["tour_done_pick"] = hit


TOUR_MARKER_PX = 34  # the stop's one site, seen from three metres
map_first(PRESENT_CSS)
stop = stops[state.stop - 1]
layers = cached_layers()
stop_layers = {k: v for k, v in layers.items() if k in stop.layers}
popups = cached_popups(lang)
screening = cached_screening()
map_col, side_col = st.columns([3.2, 1], gap="small")
side = side_col.container(key="tour_side")
head = side.container()
controls = side.container(key="tour_controls")
with controls:
    hit = search_box(lang, "tour_search")
picked = hit if hit is not None and hit.site_ids and hit != st.session_state.get("tour_done_pick") \
    else None
site_id = picked.site_ids[0] if picked else stop.site_id
if site_id:
    site_row = atlas.sites[atlas.sites["id"] == site_id].iloc[0]
    center, zoom = (site_row["lat"], site_row["lon"]), (stop.zoom if not picked else 8)
else:
    center, zoom = (stop.lat, stop.lon), stop.zoom
highlight = atlas.sites[atlas.sites["id"] == site_id] if site_id else atlas.sites


def stop_groups() -> list:
    return [build_sites_layer(highlight, atlas, lang, popups,
                              marker_px=TOUR_MARKER_PX if site_id else MARKER_PX),
            *environment_groups(stop_layers, lang, show=True,
                               geojson=cached_layer_geojson(lang))]


legend = cached_legend(lang, with_layers=False)
with map_col:
    show_map(f"tour_map_{lang}", ("tour", lang, layer_stamp()),
             lambda: build_base_map(lang, tiles=False, legend=legend),
             groups_key=("tour", lang, layer_stamp(), site_id, tuple(sorted(stop_layers))),
             build_groups=stop_groups, height=700, center=center, zoom=zoom,
             returned_objects=[])

with head:
    step = t("tour.step", lang, n=state.stop, of=len(stops))
    title = picked.label if picked else stop.title(lang)
    st.html(f'<div class="tour-step">{escape(step)}</div>'
            f'<div class="tour-title">{escape(title)}</div>')
    if picked:
        st.button(t("tour.back_to_stop", lang), key="tour_unpick", on_click=_unpick,
                  args=(hit,), icon=":material/undo:")
    if site_id:
        st.html(card_html(atlas, site_id, screening, lang))
    else:
        overview = t("tour.overview", lang, n=len(atlas.sites),
                     jp=int(atlas.sites["japan_linked"].sum()))
        st.html(f'<div class="tour-facts">{escape(overview)}</div>')
    if "tour_notes" in st.session_state:
        st.warning(t("tour.bad_link", lang, what=", ".join(st.session_state.pop("tour_notes"))))

    with controls:
        nav = st.columns(2)
        nav[0].button(t("tour.prev", lang), key="tour_prev", on_click=go, args=(-1,),
                      shortcut="left", icon=":material/arrow_back:", width="stretch")
        nav[1].button(t("tour.next", lang), key="tour_next", on_click=go, args=(1,),
                      shortcut="right", icon=":material/arrow_forward:", width="stretch")
        langs = st.columns(3)
        for col, code in zip(langs, LANGUAGES, strict=True):
            col.button(LANGUAGE_NAMES[code], key=f"tour_lang_{code}", on_click=set_lang,
                       args=(code,), type="primary" if code == lang else "secondary",
                       width="stretch")
        play_col, every_col = st.columns([1, 1.3], vertical_alignment="center")
        playing = play_col.toggle(t("tour.autoplay", lang), value=state.play, key="tour_play")
        every = every_col.select_slider(t("tour.every", lang), INTERVALS, value=state.every,
                                        key="tour_every", format_func=lambda s: f"{s} s",
                                        label_visibility="collapsed")
        if (playing, every) != (state.play, state.every):
            st.session_state["tour"] = state = TourState(state.stop, playing, every)

        params = {"lang": lang, **state.params()}
        st.query_params.from_dict(params)
        base = (st.context.url or "").split("?")[0]
        link = base + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        with st.popover(t("tour.share", lang), icon=":material/qr_code_2:", width="stretch"):
            st.code(link, language=None)
            st.image(shared(("tour.qr", link), lambda: qr_png(link)), caption=t("tour.scan", lang),
                     width=240)

        def takeaway_html() -> bytes:  # built on click, not on every rerun of the booth screen
            takeaway = build_base_map(lang, tiles=False, legend=legend)
            for group in stop_groups():  # fresh elements: the map above has rendered its own
                group.add_to(takeaway)
            half = 360 / 2 ** zoom
            takeaway.fit_bounds([(center[0] - half / 2, center[1] - half),
                                 (center[0] + half / 2, center[1] + half)])
            return standalone_html(takeaway, "Peru–Japan Atlas")

        downloads = st.columns(2)
        downloads[0].download_button(t("tour.html", lang), takeaway_html,
                                     f"peru-japan-atlas-{stop.id}-{lang}.html", "text/html",
                                     on_click="ignore", icon=":material/map:", width="stretch")
        if site_id:
            try:
                font_path()
                downloads[1].download_button(
                    t("tour.pdf", lang), lambda: site_pdf(atlas, site_id, lang, screening),
                    f"{site_id}-{lang}.pdf", "application/pdf", on_click="ignore",
                    icon=":material/picture_as_pdf:", width="stretch")
            except FontMissing as exc:
                downloads[1].caption(escape_markdown(str(exc)))

if state.play:
    @st.fragment(run_every=timedelta(seconds=state.every))
    def _advance() -> None:
        if st.session_state.get("tour_tick"):
            go(1)
            st.session_state["tour_tick"] = False
            st.rerun(scope="app")
        st.session_state["tour_tick"] = True

    _advance()
