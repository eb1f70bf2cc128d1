"""Site symbology: colour is the primary mineral, shape is the stage, a red ring marks Japan.

One SVG function serves the map markers and the legend, so they can never disagree.

At the national view 102 symbols of 18 px share the screen with land, sea, street tiles and
the environmental layers, so each symbol carries its own edge: a white halo under a dark
outline. The pair contrasts with any base, light or dark (tests/test_palette.py checks the
outline against ours and OpenStreetMap's), which frees the fill to be whatever colour keeps the
minerals apart for colour-blind visitors, white and black included. Every stage shows the
mineral at full strength (the old closed-site symbol faded it to 35 %, which turned it into a
colour the palette was never checked for); stages differ by outline shape and by marks drawn
in black and white, which every kind of vision sees.
"""

from __future__ import annotations

import base64

from geo import vocab
from geo.escape import escape

JAPAN_RED = "#bc002d"
OUTLINE = "#1f1f1f"
HALO = "#ffffff"
MARKER_PX = 18
# Screen pixels at MARKER_PX and below; larger symbols (the tour's 34 px) scale them up so the
# edge keeps its weight from three metres away.
OUTLINE_PX = 1.2
HALO_PX = 1.0  # on each side of the outline
RING_PX = 2.0
_BOX = 24  # viewBox units

# Equal-looking areas inside the ring's inner edge (r 9.3): a circle of r 6.8, a square and a
# diamond of about the same area, a triangle a little smaller because its points read as large.
_SHAPES = {
    "circle": '<circle cx="12" cy="12" r="6.8" {a}/>',
    "square": '<rect x="6.2" y="6.2" width="11.6" height="11.6" {a}/>',
    "diamond": '<polygon points="12,3.6 20.4,12 12,20.4 3.6,12" {a}/>',
    "triangle": '<polygon points="12,3.4 19.8,17 4.2,17" {a}/>',
}
_STAGE_SHAPE = {"operating": "circle", "construction": "square", "feasibility": "diamond",
                "exploration": "triangle", "deposit": "circle", "closed": "circle"}


def mineral_colour(code: str) -> str:
    term = vocab.MINERALS.get(code)
    return term.colour if term else "#777777"


def _units(px_wanted: float, px: int) -> str:
    """A width in screen pixels as viewBox units, so it is the same at every marker size."""
    return f"{px_wanted * _BOX / min(px, MARKER_PX):.2f}"


def _marks(status: str, px: int) -> str:
    """What sets a stage apart beyond the outline: a hole for a deposit nobody develops yet, a
    struck-through disc for a closed site; white with a dark edge so it shows on every fill."""
    outline = _units(OUTLINE_PX, px)
    if status == "deposit":
        return (f'<circle cx="12" cy="12" r="2.8" fill="{HALO}" stroke="{OUTLINE}" '
                f'stroke-width="{outline}"/>')
    if status == "closed":
        line = 'x1="7.6" y1="16.4" x2="16.4" y2="7.6" stroke-linecap="round"'
        return (f'<line {line} stroke="{OUTLINE}" stroke-width="{_units(3.2, px)}"/>'
                f'<line {line} stroke="{HALO}" stroke-width="{_units(1.4, px)}"/>')
    return ""


def site_svg(status: str, mineral: str, japan_linked: bool, px: int = MARKER_PX) -> str:
    shape = _SHAPES[_STAGE_SHAPE.get(status, "circle")]
    colour = escape(mineral_colour(mineral))
    outline = _units(OUTLINE_PX, px)
    halo = _units(OUTLINE_PX + 2 * HALO_PX, px)
    body = (shape.format(a=f'class="halo" fill="{HALO}" stroke="{HALO}" '
                           f'stroke-width="{halo}" stroke-linejoin="round"')
            + shape.format(a=f'fill="{colour}" stroke="{OUTLINE}" stroke-width="{outline}" '
                             'stroke-linejoin="round"')
            + _marks(status, px))
    # On top: where a diamond's tip meets it, the ring stays whole.
    ring = (f'<circle class="japan-ring" cx="12" cy="12" r="10.6" fill="none" '
            f'stroke="{JAPAN_RED}" stroke-width="{_units(RING_PX, px)}"/>'
            if japan_linked else "")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" '
            f'viewBox="0 0 {_BOX} {_BOX}" aria-hidden="true">{body}{ring}</svg>')


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
