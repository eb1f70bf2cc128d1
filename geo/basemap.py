"""Our own vector base layer: Peru and its neighbours from Natural Earth.

OSM's tile policy forbids pre-fetching tiles, and venue wifi fails, so the map must stand on a
base we ship. Natural Earth (public domain) comes in the pinned npm package ``world-atlas`` as
TopoJSON, which GDAL reads directly. Natural Earth 1:10m is accurate to roughly a kilometre,
which is why the "inside Peru" check allows a small tolerance (``PERU_TOLERANCE_KM``).
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.assets import COUNTRIES_TOPOJSON

BASEMAP_SOURCE = "Natural Earth 1:10m admin-0 countries, via the npm package world-atlas 2.0.2"
BASEMAP_SOURCE_URL = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/"
BASEMAP_LICENCE = "Public domain (Natural Earth); world-atlas packaging ISC"

# The map's frame: Peru with a margin, so neighbours are drawn only where they are seen.
FRAME = box(-92.0, -28.0, -56.0, 8.0)
NEIGHBOURS = ("Ecuador", "Colombia", "Brazil", "Bolivia", "Chile", "Argentina", "Paraguay",
              "Venezuela", "Panama", "Costa Rica")
PERU = "Peru"
# Natural Earth 1:10m coastlines and borders are generalised by up to ~1 km, and coastal plants
# (Peru LNG, Bayóvar's port) sit on the shore; 5 km keeps them in without admitting the sea.
PERU_TOLERANCE_KM = 5.0
# ~0.005° ≈ 500 m: invisible at the zooms the base layer serves, ~10× fewer vertices.
DISPLAY_SIMPLIFY_DEG = 0.005
# Coordinates snapped to a ~10 m grid: shorter numbers, a third less JSON sent per map.
DISPLAY_GRID_DEG = 1e-4


@lru_cache(maxsize=1)
def countries() -> gpd.GeoDataFrame:
    """Peru and its neighbours, clipped to the map frame, in EPSG:4326."""
    path = COUNTRIES_TOPOJSON.target
    if not path.is_file():
        path = COUNTRIES_TOPOJSON.source
    if not path.is_file():
        raise FileNotFoundError(
            f"{COUNTRIES_TOPOJSON.target} is missing: run `python -m geo.assets` once")
    world = gpd.read_file(path, layer="countries").set_crs(4326, allow_override=True)
    wanted = world[world["name"].isin((PERU, *NEIGHBOURS))][["name", "geometry"]]
    clipped = wanted.clip(FRAME)
    return clipped.sort_values("name", key=lambda s: s != PERU).reset_index(drop=True)


@lru_cache(maxsize=1)
def peru_outline() -> BaseGeometry:
    frame = countries()
    return frame.loc[frame["name"] == PERU, "geometry"].iloc[0]


@lru_cache(maxsize=1)
def peru_with_tolerance() -> BaseGeometry:
    """Peru's outline widened by PERU_TOLERANCE_KM, computed in a metric CRS (UTM 18S)."""
    outline = gpd.GeoSeries([peru_outline()], crs=4326).to_crs(32718)
    return outline.buffer(PERU_TOLERANCE_KM * 1000).to_crs(4326).iloc[0]


@lru_cache(maxsize=1)
def display_countries_json() -> str:
    """The base layer as GeoJSON text: the same on every map, so built once per process."""
    return display_countries().to_json(drop_id=True)


def display_countries() -> gpd.GeoDataFrame:
    frame = countries().copy()
    simple = frame.geometry.simplify(DISPLAY_SIMPLIFY_DEG, preserve_topology=True)
    frame["geometry"] = shapely.set_precision(simple.values, DISPLAY_GRID_DEG)
    frame["is_peru"] = frame["name"] == PERU
    return frame


@lru_cache(maxsize=1)
def world_land_json() -> str:
    return world_land().to_json(drop_id=True)


@lru_cache(maxsize=1)
def world_land() -> gpd.GeoDataFrame:
    """All countries, coarsely simplified (~25 km, 0.05° grid): enough for a world flows map."""
    path = COUNTRIES_TOPOJSON.target
    if not path.is_file():
        path = COUNTRIES_TOPOJSON.source
    world = gpd.read_file(path, layer="countries").set_crs(4326, allow_override=True)
    world = world[["name", "geometry"]].copy()
    simple = shapely.make_valid(world.geometry.simplify(0.25, preserve_topology=True).values)
    world["geometry"] = shapely.set_precision(simple, 0.05)
    parts = world.explode(index_parts=False)
    parts = parts[parts.geom_type.isin(["Polygon", "MultiPolygon"]) & ~parts.is_empty]
    bounds = parts.bounds
    parts = parts[(bounds["maxx"] - bounds["minx"]) < 300]  # antimeridian slivers (Fiji…)
    return parts.dissolve(by="name", as_index=False)
