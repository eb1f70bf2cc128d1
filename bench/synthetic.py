"""Concession-like test layers generated with a fixed seed, for the benchmark and the tests.

Peru's mining cadastre holds tens of thousands of small polygons (a few km across); a user
layer can be as big. Nothing here is real data and nothing is committed: it is rebuilt from
the seed every time.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

SEED = 20261125
# Inland Peru, clear of the sea, so every generated feature falls inside the country's box.
BOX = (-79.0, -16.0, -70.5, -4.0)


def points(n: int, seed: int = SEED) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    lon = rng.uniform(BOX[0], BOX[2], n)
    lat = rng.uniform(BOX[1], BOX[3], n)
    return gpd.GeoDataFrame(
        {"name": [f"Point {i:05d}" for i in range(n)], "value": rng.integers(0, 1000, n)},
        geometry=shapely.points(lon, lat), crs=4326)


def concessions(n: int, vertices: int = 50, seed: int = SEED) -> gpd.GeoDataFrame:
    """Irregular polygons of ~0.5–3 km radius with ``vertices`` vertices each."""
    rng = np.random.default_rng(seed)
    cx = rng.uniform(BOX[0], BOX[2], n)[:, None]
    cy = rng.uniform(BOX[1], BOX[3], n)[:, None]
    radius_deg = rng.uniform(0.005, 0.027, n)[:, None]
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)[None, :]
    wobble = rng.uniform(0.75, 1.0, (n, vertices))
    xs = cx + radius_deg * wobble * np.cos(angles)
    ys = cy + radius_deg * wobble * np.sin(angles)
    rings = np.stack([xs, ys], axis=-1)
    rings = np.concatenate([rings, rings[:, :1]], axis=1)  # closed
    polys = shapely.polygons(rings)
    return gpd.GeoDataFrame(
        {"name": [f"Concesión {i:05d}" for i in range(n)],
         "holder": rng.choice(["Minera A", "Minera B", "Compañía C"], n)},
        geometry=polys, crs=4326)
