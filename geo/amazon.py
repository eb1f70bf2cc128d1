"""Peru's legal Amazon (Law 27037, art. 3) from the law's own list of places, by ubigeo.

``data/amazon_law.csv`` is the list as authored from the law: whole departments, provinces
and districts by their INEI ubigeo code. At refresh time it is joined to the official district
outlines (``legal_amazon`` below), which gives the law's area exactly; offline the shipped
stand-in (``geo.layers.build``) is drawn from what we can ship, with its method stated.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.paths import DATA_DIR

LAW_FILE = DATA_DIR / "amazon_law.csv"
LAW_COLUMNS = ("level", "ubigeo", "department", "province", "district", "law_text",
               "source_url", "note")
LEVEL_DIGITS = {"department": 2, "province": 4, "district": 6}
NAME = "Amazonía (Ley 27037, art. 3)"


@lru_cache(maxsize=1)
def law(path: Path = LAW_FILE) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
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
    from geo.arcgis import ServiceError

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
