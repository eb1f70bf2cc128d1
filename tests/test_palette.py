"""Mineral colours stay apart for colour-blind visitors, and every symbol stands out on every base.

Distances are CIECAM02-UCS ΔE (colorspacious), where 1 is about a just-noticeable difference
between large patches; a map symbol is small and seen in passing, so a pair must be far more
than noticeable. About 10 is the usual floor for categorical colours told apart at a glance; we
gate at 11 for a margin. Deficiencies are simulated at full strength (severity 100: a missing
cone type, the worst case of each anomaly; Machado et al. 2009 as colorspacious implements it).
Only the minerals some site has as its primary are drawn as a colour, so only they are gated,
and they are read from the data: a new primary mineral in sites.csv has to pass too.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from geo import vocab
from geo.symbols import HALO, JAPAN_RED, OUTLINE, OUTLINE_PX, site_svg

MIN_DELTA_E = 11.0
# Every colour in the table, primary or not, at least apart in normal vision.
MIN_DELTA_E_ALL_NORMAL = 10.0
VISIONS = ("normal", "deuteranomaly", "protanomaly", "tritanomaly")
# Our offline land, sea and legend paper; OpenStreetMap Mapnik's land, water, forest and
# residential fills, the brightest and most saturated of its common tiles.
BASES = {"land": "#f4efe1", "ocean": "#cfe2ef", "white": "#ffffff", "osm land": "#f2efe9",
         "osm water": "#aad3df", "osm forest": "#add19e", "osm residential": "#e0dfdf"}
# WCAG 2.1, success criterion 1.4.11: graphical objects need 3:1 against what is beside them.
MIN_CONTRAST = 3.0
# The palette before this test existed: the check must reject it, or it checks nothing.
OLD_PRIMARY = {"Cu": "#c2571a", "Zn": "#4a6fa5", "Ag": "#9aa3ad", "Au": "#e0b000",
               "Sn": "#2a9d8f", "Fe": "#8b2e16", "Li": "#3cb043", "U": "#a4c400",
               "P": "#d46a9f", "W": "#6d8b74", "LNG": "#1f77b4"}


def _rgb1(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)])


def seen(hex_colour: str, vision: str) -> np.ndarray:
    rgb = _rgb1(hex_colour)
    if vision == "normal":
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)


def delta_e(a: str, b: str, vision: str) -> float:
    return float(deltaE(seen(a, vision), seen(b, vision), input_space="sRGB1"))


def too_close(colours: dict[str, str], vision: str, limit: float) -> list[tuple[str, str, float]]:
    return sorted(((a, b, round(d, 1)) for a, b in itertools.combinations(sorted(colours), 2)
                   if (d := delta_e(colours[a], colours[b], vision)) < limit),
                  key=lambda pair: pair[2])


def contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        c = _rgb1(hex_colour)
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(c @ [0.2126, 0.7152, 0.0722])

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def primary(real_atlas) -> dict[str, str]:
    codes = set(real_atlas.sites["primary_mineral"])
    assert len(codes) >= 5, "the map shows several minerals; the data did not load"
    return {code: vocab.MINERALS[code].colour for code in codes}


@pytest.mark.parametrize("vision", VISIONS)
def test_primary_mineral_colours_stay_apart(primary, vision):
    assert too_close(primary, vision, MIN_DELTA_E) == []


@pytest.mark.parametrize("vision", VISIONS)
def test_no_mineral_looks_like_the_japan_ring(vision):
    near = {code: round(d, 1) for code, term in vocab.MINERALS.items()
            if (d := delta_e(term.colour, JAPAN_RED, vision)) < MIN_DELTA_E}
    assert near == {}


def test_every_mineral_has_its_own_colour():
    colours = {code: term.colour for code, term in vocab.MINERALS.items()}
    assert too_close(colours, "normal", MIN_DELTA_E_ALL_NORMAL) == []


def test_the_check_rejects_the_old_palette():
    """The palette the map had before: under deuteranopia gold and uranium were one colour."""
    failing = {v: too_close(OLD_PRIMARY, v, MIN_DELTA_E) for v in VISIONS}
    assert ("Au", "U", 2.0) in failing["deuteranomaly"]
    assert ("LNG", "Zn", 6.2) in failing["normal"]
    assert sum(map(len, failing.values())) >= 10


@pytest.mark.parametrize("base", sorted(BASES))
def test_the_symbol_edge_stands_out_on_every_base(base):
    """The halo and outline, not the fill, give each symbol its edge, so a pale fill (tin's
    white, silver's grey) on a pale base is still a shape."""
    assert contrast(OUTLINE, BASES[base]) >= MIN_CONTRAST
    assert contrast(OUTLINE, HALO) >= MIN_CONTRAST
    assert contrast(JAPAN_RED, BASES[base]) >= MIN_CONTRAST


@pytest.mark.parametrize("status", sorted(vocab.STATUSES))
def test_every_symbol_draws_the_checked_colour_inside_halo_and_outline(primary, status):
    """The test above means something only if the map draws exactly these: the fill at full
    strength, a white halo below a dark outline of OUTLINE_PX screen pixels."""
    for code, colour in primary.items():
        for px in (16, 18):
            svg = site_svg(status, code, japan_linked=False, px=px)
            assert f'fill="{colour}" stroke="{OUTLINE}"' in svg, (status, code)
            assert "opacity" not in svg, (status, code)
            outline = float(re.search(rf'stroke="{OUTLINE}" stroke-width="([\d.]+)"', svg)[1])
            assert outline * px / 24 == pytest.approx(OUTLINE_PX, abs=0.01)
            body = svg.index(f'fill="{colour}" stroke="{OUTLINE}"')
            assert svg.index('class="halo"') < body, "the halo must be under the fill"
