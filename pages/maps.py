"""Every map's one way onto a page: built once per (page, language, layers), then reused.

A page names what its map depends on (``base_key``, ``groups_key``) and passes builders that
run only when that key is new. The finished strings (pages.mapframe) are shared by every
session, as resources: nobody changes them, so nobody needs a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import folium
import streamlit as st
import streamlit_folium

from geo.mapview import layer_control as make_layer_control
from pages.mapframe import BaseFrame, GroupScript, base_frame, component_args, group_scripts
from pages.shell import digest

# Sized from the frames' own weight: an explorer base map is ~1 MB of script (10 MB with the
# cadastre on), a sites group ~0.3 MB; 3 languages × a few layer choices per page.
BASE_ENTRIES = 24
GROUP_ENTRIES = 64


@st.cache_resource(max_entries=BASE_ENTRIES, show_spinner=False)
def _base(base_key: str, key: str, layer_control: bool,
          _build: Callable[[], folium.Map],
          _groups: Callable[[], list[folium.FeatureGroup]] | None) -> BaseFrame:
    groups = _groups() if layer_control and _groups is not None else []
    return base_frame(_build(), key, make_layer_control() if layer_control else None, groups)


@st.cache_resource(max_entries=GROUP_ENTRIES, show_spinner=False)
def _groups(groups_key: str, _build: Callable[[], list[folium.FeatureGroup]]
            ) -> GroupScript:
    return group_scripts(_build())


def show_map(key: str, base_key: Hashable, build_base: Callable[[], folium.Map], *,
             groups_key: Hashable = None,
             build_groups: Callable[[], list[folium.FeatureGroup]] | None = None,
             layer_control: bool = False, height: int = 600,
             center: tuple[float, float] | None = None, zoom: float | None = None,
             returned_objects: list[str] | None = ()) -> dict | None:
    """st_folium's result, without st_folium's per-rerun rendering.

    The keys must name everything the builders read (language, layer stamps, ids shown):
    a stale key shows a stale map."""
    if build_groups is not None and groups_key is None:
        raise ValueError("show_map: feature groups need a groups_key naming what they show")
    frame = _base(digest(base_key), key, layer_control, build_base, build_groups)
    groups = _groups(digest(groups_key), build_groups) if build_groups is not None else None
    args = component_args(frame, groups, height=height, width=None,
                          returned_objects=list(returned_objects)
                          if returned_objects is not None else None,
                          zoom=zoom, center=center)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(frame.component_key, {})

    return streamlit_folium._component_func(**args, on_change=on_change)
