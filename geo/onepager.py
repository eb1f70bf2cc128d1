"""A printable one-page PDF per site, in the visitor's language, for the booth's take-away.

fpdf2 embeds a subset of a TrueType font; IPA Gothic (Debian ``fonts-ipafont-gothic``) covers
Latin and Japanese, so one font serves all three languages. The map inset is drawn as vectors
from our own Natural Earth outlines: no tiles, no network.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import shapely
from fpdf import FPDF
from shapely.geometry import MultiPolygon, Polygon

from geo import vocab
from geo.baselayers import base_data, nearest_places
from geo.basemap import display_countries
from geo.datatext import site_name
from geo.i18n import t
from geo.load import Atlas
from geo.numbers import format_as_of, format_number
from geo.owners import owners_of
from geo.popup import format_share, minerals_text

FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf"),
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
)
JAPAN_RED = (188, 0, 45)
INSET = (130.0, 38.0, 68.0, 92.0)  # x, y, width, height in mm
PERU_BOX = (-81.6, -18.6, -68.4, 0.2)
INSET_PLACES = 4  # the nearest towns named on the inset: enough to place the dot, no clutter


def _num(value: float, lang: str) -> str:
    """Numbers as the page shows them, but with a plain space: the font has no thin space."""
    return format_number(value, lang).replace("\u202f", " ")


class FontMissing(RuntimeError):
    """No font with Japanese glyphs is installed; the message says which package to add."""


def font_path() -> Path:
    for path in FONT_CANDIDATES:
        if path.is_file():
            return path
    raise FontMissing("no Japanese-capable font found: install the Debian package "
                      "fonts-ipafont-gothic (see README)")


def _rings(geom):
    polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    for poly in polys:
        if isinstance(poly, Polygon):
            yield list(poly.exterior.coords)


def _draw_inset(pdf: FPDF, lat: float, lon: float, lang: str = "en") -> None:
    x0, y0, w, h = INSET
    minx, miny, maxx, maxy = PERU_BOX
    scale = min(w / (maxx - minx), h / (maxy - miny))

    def to_page(x: float, y: float) -> tuple[float, float]:
        return x0 + (x - minx) * scale, y0 + (maxy - y) * scale

    pdf.set_draw_color(200, 200, 200)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x0, y0, w, h)
    for _, country in display_countries().iterrows():
        peru = country["name"] == "Peru"
        pdf.set_draw_color(*((90, 90, 90) if peru else (190, 190, 190)))
        pdf.set_fill_color(*((243, 239, 230) if peru else (250, 250, 250)))
        for ring in _rings(shapely.clip_by_rect(country.geometry, minx, miny, maxx, maxy)):
            points = [to_page(x, y) for x, y in ring]
            if len(points) > 2:
                pdf.polygon(points, style="DF" if peru else "D")
    _draw_base_detail(pdf, to_page, lat, lon, lang)
    px, py = to_page(lon, lat)
    pdf.set_fill_color(*JAPAN_RED)
    pdf.set_draw_color(0, 0, 0)
    pdf.circle(px, py, 1.8, style="DF")


def _draw_base_detail(pdf: FPDF, to_page, lat: float, lon: float, lang: str) -> None:
    """The map's own base in the inset: lakes, big rivers, department lines and the nearest
    towns by name, so the printed dot can be placed without the screen."""
    minx, miny, maxx, maxy = PERU_BOX
    data = base_data()

    def lines(geom):
        for part in shapely.get_parts(shapely.clip_by_rect(geom, minx, miny, maxx, maxy)):
            if part.geom_type == "LineString" and len(part.coords) > 1:
                yield [to_page(x, y) for x, y in part.coords]

    pdf.set_line_width(0.15)
    pdf.set_draw_color(185, 170, 145)
    pdf.set_dash_pattern(dash=0.8, gap=0.6)
    for geom in data.dept_lines:
        for points in lines(geom):
            pdf.polyline(points)
    pdf.set_dash_pattern()
    pdf.set_draw_color(120, 170, 215)
    for props, geom in data.rivers:
        if props["class"] <= 2 or props["river"]:
            pdf.set_line_width(0.35 if props["class"] <= 1 else 0.2)
            for points in lines(geom):
                pdf.polyline(points)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(180, 212, 236)
    for _, geom in data.lakes:
        for ring in _rings(shapely.clip_by_rect(geom, minx, miny, maxx, maxy)):
            points = [to_page(x, y) for x, y in ring]
            if len(points) > 2:
                pdf.polygon(points, style="DF")
    _name_places(pdf, to_page, lat, lon, lang)
    pdf.set_line_width(0.2)


def _name_places(pdf: FPDF, to_page, lat: float, lon: float, lang: str) -> None:
    """The nearest big towns, placed greedily so no name covers another or the site's dot."""
    pdf.set_font("atlas", size=6)
    pdf.set_text_color(60, 60, 60)
    pdf.set_fill_color(80, 80, 80)
    left, top, width, height = INSET
    sx, sy = to_page(lon, lat)
    taken = [(sx - 2.4, sy - 2.4, sx + 2.4, sy + 2.4)]
    named = 0
    for place in nearest_places(lat, lon, n=40, max_zoom=6):
        x, y = to_page(place["lon"], place["lat"])
        name = place["name_ja"] if lang == "ja" and place["name_ja"] else place["name"]
        w = pdf.get_string_width(name)
        for tx in (x + 1.2, x - 1.2 - w):
            box = (tx - 0.3, y - 1.6, tx + w + 0.3, y + 1.4)
            inside = box[0] > left + 0.5 and box[2] < left + width - 0.5 and box[1] > top
            if inside and not any(box[0] < b[2] and box[2] > b[0] and box[1] < b[3]
                                  and box[3] > b[1] for b in taken):
                pdf.circle(x, y, 0.5, style="F")
                pdf.text(tx, y + 0.9, name)
                taken += [box, (x - 0.7, y - 0.7, x + 0.7, y + 0.7)]
                named += 1
                break
        if named == INSET_PLACES:
            break
    pdf.set_text_color(0, 0, 0)


def site_pdf(atlas: Atlas, site_id: str, lang: str,
             screening: pd.DataFrame | None = None) -> bytes:
    site = atlas.sites.set_index("id").loc[site_id]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.add_font("atlas", "", str(font_path()))
    pdf.set_title(site_name(site, lang))
    pdf.set_creator("Peru–Japan Minerals Atlas")
    pdf.set_creation_date(pd.Timestamp(f"{atlas.sites['as_of'].max()[:4]}-01-01").to_pydatetime())

    pdf.set_font("atlas", size=9)
    pdf.set_text_color(110, 110, 110)
    pdf.cell(0, 5, t("app.title", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("atlas", size=20)
    pdf.multi_cell(115, 9, site_name(site, lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("atlas", size=10)
    kind = vocab.label(vocab.SITE_KINDS, site["kind"], lang)
    status = vocab.label(vocab.STATUSES, site["status"], lang)
    department = vocab.department_name(site["department"], lang)
    pdf.multi_cell(115, 5.5, f"{kind} · {status} · {department}",
                   new_x="LMARGIN", new_y="NEXT")
    facts = [(t("site.minerals", lang), minerals_text(site["minerals"], lang))]
    if site["operator"]:
        facts.append((t("site.operator", lang), site["operator"]))
    if pd.notna(site["start_year"]):
        facts.append((t("site.start_year", lang), str(int(site["start_year"]))))
    if pd.notna(site["capex_musd"]):
        facts.append((t("site.capex", lang),
                      t("site.capex_value", lang, v=_num(site["capex_musd"], lang))))
    precision = t("site.precision", lang, m=format_number(int(site["coord_precision_m"]), lang))
    facts.append((t("site.coordinates", lang),
                  f"{site['lat']:.4f}, {site['lon']:.4f} · {precision}"))
    pdf.ln(2)
    for label, value in facts:
        pdf.set_font("atlas", size=9)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(115, 4.5, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("atlas", size=10.5)
        pdf.multi_cell(115, 5, str(value), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(3)
    pdf.set_font("atlas", size=12)
    pdf.cell(115, 7, t("site.owners", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("atlas", size=10)
    owners = owners_of(atlas, site_id, lang)
    for _, owner in owners.iterrows():
        role = vocab.label(vocab.ROLES, owner["role"], lang)
        share = format_share(owner["share_pct"])
        pdf.set_text_color(*(JAPAN_RED if owner["japanese"] else (0, 0, 0)))
        pdf.multi_cell(115, 5.5, f"{owner['company']} — {share + ' ' if share else ''}{role}",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if pd.notna(site["equity_pct"]) and not site["ownership_complete"]:
        pdf.set_font("atlas", size=8.5)
        pdf.multi_cell(115, 4.5, t("site.equity_partial", lang,
                                   pct=format_share(site["equity_pct"])),
                       new_x="LMARGIN", new_y="NEXT")

    output = atlas.production[atlas.production["site_id"] == site_id]
    pdf.ln(3)
    pdf.set_font("atlas", size=12)
    pdf.cell(115, 7, t("site.production", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("atlas", size=10)
    if output.empty:
        pdf.multi_cell(115, 5, t("site.no_production", lang), new_x="LMARGIN", new_y="NEXT")
    for _, p in output.sort_values("year", ascending=False).iterrows():
        unit = vocab.label(vocab.UNITS, p["unit"], lang)
        mineral = vocab.label(vocab.MINERALS, p["mineral"], lang)
        pdf.multi_cell(115, 5, f"{mineral}: {_num(p['amount'], lang)} {unit} "
                       f"({p['year']})", new_x="LMARGIN", new_y="NEXT")

    if screening is not None:
        row = screening.set_index("site_id").loc[site_id]
        pdf.ln(3)
        pdf.set_font("atlas", size=12)
        pdf.cell(115, 7, t("col.sensitivity", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("atlas", size=10)
        cls = vocab.label(vocab.SENSITIVITY, row["sensitivity"], lang)
        near = ""
        if pd.notna(row["protected_area_km"]):
            near = f" · {row['protected_area']} ({row['protected_area_km']:g} km)"
        pdf.multi_cell(115, 5, f"{cls}{near}", new_x="LMARGIN", new_y="NEXT")

    _draw_inset(pdf, float(site["lat"]), float(site["lon"]), lang)

    sources = [site["source_url"], site["coord_source_url"], *owners["source_url"]]
    sources += list(output["source_url"])
    unique = list(dict.fromkeys(s for s in sources if s))
    pdf.set_xy(10, 232)
    pdf.set_font("atlas", size=11)
    pdf.cell(0, 6, t("data.sources", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("atlas", size=7.5)
    pdf.set_text_color(40, 40, 140)
    for url in unique[:10]:
        pdf.cell(0, 3.8, url[:130], link=url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(110, 110, 110)
    pdf.set_xy(10, 287)
    pdf.set_font("atlas", size=7.5)
    pdf.cell(0, 4, t("site.as_of", lang, date=format_as_of(site["as_of"], lang)))
    return bytes(pdf.output())
