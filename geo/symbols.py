"""Site symbology: colour is the primary mineral, shape is the stage, a red ring marks Japan.

One SVG function serves the map markers and the legend, so they can never disagree.
"""

from __future__ import annotations

import base64

from geo import vocab
from geo.escape import escape

JAPAN_RED = "#bc002d"
OUTLINE = "#1f1f1f"
MARKER_PX = 22

_SHAPES = {
    "operating": '<circle cx="12" cy="12" r="6.5" {style}/>',
    "construction": '<rect x="6" y="6" width="12" height="12" {style}/>',
    "feasibility": '<polygon points="12,4.5 19.5,12 12,19.5 4.5,12" {style}/>',
    "exploration": '<polygon points="12,4.5 19.5,18 4.5,18" {style}/>',
    "deposit": '<circle cx="12" cy="12" r="5.5" {style}/>',
    "closed": '<circle cx="12" cy="12" r="6.5" {style}/>',
}


def _style(status: str, colour: str) -> str:
    if status == "deposit":  # hollow: known but not being developed
        return f'fill="#ffffff" stroke="{colour}" stroke-width="3"'
    if status == "closed":
        return (f'fill="{colour}" fill-opacity="0.35" stroke="{OUTLINE}" stroke-width="1.2" '
                'stroke-dasharray="2 1.5"')
    return f'fill="{colour}" stroke="{OUTLINE}" stroke-width="1.2"'


def mineral_colour(code: str) -> str:
    term = vocab.MINERALS.get(code)
    return term.colour if term else "#777777"


def site_svg(status: str, mineral: str, japan_linked: bool, px: int = MARKER_PX) -> str:
    shape = _SHAPES.get(status, _SHAPES["operating"])
    ring = (f'<circle class="japan-ring" cx="12" cy="12" r="10.5" fill="none" '
            f'stroke="{JAPAN_RED}" '
            'stroke-width="2.4"/>' if japan_linked else "")
    body = shape.format(style=_style(status, escape(mineral_colour(mineral))))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" '
            f'viewBox="0 0 24 24" aria-hidden="true">{ring}{body}</svg>')


def svg_img(svg: str) -> str:
    """An SVG as an <img>: Streamlit's HTML sanitiser drops inline <svg>, not data-URI images."""
    data = base64.b64encode(svg.encode()).decode()
    return f'<img alt="" src="data:image/svg+xml;base64,{data}">'


def legend_html(minerals: tuple[str, ...], statuses: tuple[str, ...], lang: str,
                texts: dict[str, str]) -> str:
    """A compact legend drawn by us (a branca colormap would fetch d3 from a CDN)."""

    def item(svg: str, text: str) -> str:
        return (f'<span style="display:inline-flex;align-items:center;gap:4px;'
                f'margin:0 12px 4px 0;white-space:nowrap">{svg_img(svg)}{escape(text)}</span>')

    colours = "".join(item(site_svg("operating", m, False, 18),
                           vocab.label(vocab.MINERALS, m, lang)) for m in minerals)
    shapes = "".join(item(site_svg(s, "Ag", False, 18), vocab.label(vocab.STATUSES, s, lang))
                     for s in statuses)
    japan = item(site_svg("operating", "Ag", True, 18), texts["japan"])
    return (
        '<div class="atlas-legend" style="font-size:0.85rem;line-height:1.5">'
        f'<div><b>{escape(texts["colour"])}</b><br>{colours}</div>'
        f'<div><b>{escape(texts["shape"])}</b><br>{shapes}</div>'
        f'<div>{japan}</div>'
        f'<div style="color:#555">{escape(texts["cluster"])}</div>'
        "</div>"
    )
