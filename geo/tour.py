"""The guided tour for trade events, described as data (``data/tour.csv``).

A stop names a site (its point and facts come from the atlas, so the tour can never disagree
with the map) or a bare view, a zoom, the environmental layers to show and a title in three
languages. Figures shown at a stop are read from the data, not written into the titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.layers import catalog
from geo.load import Atlas, Problem, _Checker, read_csv
from geo.paths import data_dir
from geo.vocab import LANGUAGES

TOUR_COLUMNS = ("order", "id", "site_id", "lat", "lon", "zoom", "layers", "title_en",
                "title_es", "title_ja")
OVERVIEW = (-9.2, -75.0)


@dataclass(frozen=True)
class Stop:
    order: int
    id: str
    site_id: str
    lat: float
    lon: float
    zoom: int
    layers: tuple[str, ...]
    titles: dict[str, str]

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["en"]


def load_tour(atlas: Atlas, path: Path | None = None) -> tuple[list[Stop], list[Problem]]:
    frame = read_csv(path or data_dir() / "tour.csv")
    c = _Checker("tour.csv")
    if not c.start(frame, ("order", "id", "zoom", "title_en", "title_es", "title_ja"),
                   TOUR_COLUMNS):
        return [], c.problems
    c.unique_ids(frame)
    order = c.number(frame, "order", 1, 999)
    zoom = c.number(frame, "zoom", 3, 16)
    lat = c.number(frame, "lat", -19, 1)
    lon = c.number(frame, "lon", -82, -68)
    sites = atlas.sites.set_index("id")
    for i, value in frame["site_id"].items():
        if value and value not in sites.index:
            c.add(i, "site_id", f"unknown site {value!r}")
    for i, value in frame["layers"].items():
        unknown = [v for v in value.split(";") if v and v not in catalog()]
        if unknown:
            c.add(i, "layers", f"unknown layer(s) {', '.join(unknown)}")
    if c.problems:
        return [], c.problems
    stops = []
    for i, row in frame.iterrows():
        if row["site_id"]:
            point = (sites.at[row["site_id"], "lat"], sites.at[row["site_id"], "lon"])
        elif pd.notna(lat[i]) and pd.notna(lon[i]):
            point = (lat[i], lon[i])
        else:
            point = OVERVIEW
        stops.append(Stop(int(order[i]), row["id"], row["site_id"], float(point[0]),
                          float(point[1]), int(zoom[i]),
                          tuple(v for v in row["layers"].split(";") if v),
                          {lang: row[f"title_{lang}"] for lang in LANGUAGES}))
    return sorted(stops, key=lambda s: s.order), []
