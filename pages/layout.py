"""Map-first page layouts: the map takes the screen, the rest sits beside or over it.

st_folium draws in an iframe whose height is a fixed number of pixels, set from Python, which
cannot know the window. The CSS here sizes that iframe from the window instead (``vh``), and the
map's own stylesheet (geo/mapview.py, ``FILL_FRAME``) makes Leaflet fill whatever frame it gets,
so one page fits a 1920×1080 booth screen, a 1440×900 laptop and a 390×844 phone.
"""

from __future__ import annotations

import streamlit as st

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

_COMMON = """
[data-testid="stMainBlockContainer"] {padding: 0.6rem 1rem 1rem !important;
  max-width: 100% !important;}
@media (min-width: 641px) {
  [data-testid="stSidebar"][data-collapsed="false"] {width: 250px !important;
    min-width: 250px !important;}
}
"""

EXPLORER_CSS = f"""<style>{_COMMON}
{MAP_IFRAME} {{height: calc(100vh - 1.6rem) !important; min-height: 420px;}}
.st-key-explorer_side {{max-height: calc(100vh - 1.6rem); overflow-y: auto; padding-right: .2rem;}}
.st-key-explorer_side h1 {{font-size: 1.35rem; padding: 0; line-height: 1.3;}}
.st-key-explorer_count h3 {{font-size: 1.05rem; padding: .2rem 0 0;}}
@media (max-width: 640px) {{
  {MAP_IFRAME} {{height: 62vh !important; min-height: 300px;}}
  .st-key-explorer_side {{max-height: none; overflow: visible;}}
}}
</style>"""

PRESENT_CSS = f"""<style>{_COMMON}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
[data-testid="stToolbar"], [data-testid="stDecoration"] {{display: none !important;}}
[data-testid="stMainBlockContainer"] {{padding: .5rem .75rem .25rem !important;}}
{MAP_IFRAME} {{height: calc(100vh - 1.2rem) !important; min-height: 360px;}}
.st-key-tour_side {{height: calc(100vh - 1.2rem); overflow-y: auto; display: flex;
  flex-direction: column;}}
.tour-step {{font-size: clamp(.9rem, 1.1vw, 1.3rem); color: #666; margin-bottom: .2rem;}}
.tour-title {{font-size: clamp(1.4rem, 2.1vw, 2.6rem); font-weight: 700; line-height: 1.18;
  margin: 0 0 .6rem;}}
.tour-facts {{font-size: clamp(1rem, 1.35vw, 1.7rem); line-height: 1.45;}}
.tour-facts .jp {{color: #bc002d; font-weight: 700;}}
.tour-facts .label {{color: #555; font-size: .8em; text-transform: uppercase;
  letter-spacing: .04em; margin-top: .55em;}}
.tour-facts .sens-high {{color: #b71c1c; font-weight: 700;}}
.tour-facts .sens-medium {{color: #9a6700; font-weight: 700;}}
.tour-facts .sens-low {{color: #2e7d32; font-weight: 700;}}
.st-key-tour_controls button {{min-height: 2rem; padding: .1rem .4rem;}}
.st-key-tour_controls p {{font-size: .85rem;}}
@media (max-width: 640px) {{
  {MAP_IFRAME} {{height: 58vh !important;}}
  .st-key-tour_side {{height: auto; overflow: visible;}}
  .tour-title {{font-size: 1.35rem;}}
  .tour-facts {{font-size: 1.05rem;}}
}}
</style>"""


def map_first(css: str) -> None:
    st.html(css)
