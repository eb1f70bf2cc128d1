"""How close each site sits to what must not be harmed, and a sensitivity class that says so.

Distances are measured in UTM zone 18S (EPSG:32718), the metric CRS of central Peru; its scale
error stays under 0.6 % across the country (Peru spans about ±6.5° from the zone's meridian),
well inside what these distances are used for. Nearest features come from the layers' spatial
index (``sjoin_nearest``), not from a loop over every pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import vocab
from geo.layers import Layer

METRIC_CRS = 32718


@dataclass(frozen=True)
class Rule:
    cls: str
    en: str
    es: str
    ja: str

    @property
    def colour(self) -> str:
        return vocab.SENSITIVITY[self.cls].colour


# The one place the thresholds live; the legend and the method text are built from it.
NEAR_KM = 10.0
WATCH_KM = 50.0
RULES = (
    Rule("high",
         f"Inside, or within {NEAR_KM:g} km of, a protected area or an indigenous reserve",
         f"Dentro, o a menos de {NEAR_KM:g} km, de un área protegida o una reserva indígena",
         f"保護区または先住民保護区の内側、またはその{NEAR_KM:g} km以内"),
    Rule("medium",
         f"In the Amazon layer or a buffer zone, or within {WATCH_KM:g} km of a protected area "
         "or an indigenous reserve",
         f"En la Amazonía o en una zona de amortiguamiento, o a menos de {WATCH_KM:g} km de un "
         "área protegida o una reserva indígena",
         f"アマゾン地域または緩衝地帯の内側、または保護区・先住民保護区の{WATCH_KM:g} km以内"),
    Rule("low", "None of the above", "Ninguna de las anteriores", "上記のいずれにも該当しない"),
)
RULE_BY_CLASS = {rule.cls: rule for rule in RULES}
COLUMNS = ("site_id", "in_amazon", "protected_area", "protected_area_km", "in_buffer_zone",
           "indigenous_reserve", "indigenous_reserve_km", "sensitivity")


def _nearest(points: gpd.GeoDataFrame, layer: Layer) -> tuple[pd.Series, pd.Series]:
    """Name of and distance (km) to the nearest feature of a layer; NaN when it has none."""
    if not layer.available:
        empty = pd.Series(pd.NA, index=points.index, dtype="object")
        return empty, pd.Series(float("nan"), index=points.index)
    areas = layer.drawn[["name", "geometry"]].to_crs(METRIC_CRS)
    joined = gpd.sjoin_nearest(points, areas, how="left", distance_col="_dist_m")
    joined = joined[~joined.index.duplicated(keep="first")]  # ties: one is enough
    return joined["name"], joined["_dist_m"] / 1000.0


def _inside(points: gpd.GeoDataFrame, layer: Layer) -> pd.Series:
    if not layer.available:
        return pd.Series(pd.NA, index=points.index, dtype="boolean")
    areas = layer.drawn[["geometry"]].to_crs(METRIC_CRS)
    hits = gpd.sjoin(points, areas, how="inner", predicate="within").index
    return pd.Series(points.index.isin(hits), index=points.index, dtype="boolean")


def classify(row: pd.Series) -> str:
    """The class of one screened site; an unknown (NA) layer never raises a class."""
    distances = [d for d in (row["protected_area_km"], row["indigenous_reserve_km"])
                 if pd.notna(d)]
    nearest = min(distances, default=float("inf"))
    if nearest <= NEAR_KM:
        return "high"
    if _yes(row["in_amazon"]) or _yes(row["in_buffer_zone"]) or nearest <= WATCH_KM:
        return "medium"
    return "low"


def _yes(value) -> bool:
    return value is not pd.NA and value is not None and bool(value)


def screen(sites: gpd.GeoDataFrame, layers: dict[str, Layer]) -> pd.DataFrame:
    """One row per site, in the sites' order: inside the Amazon, nearest protected area and
    reserve (0 km when inside), inside a buffer zone (NA when that layer is not loaded)."""
    points = sites[["id", "geometry"]].to_crs(METRIC_CRS)
    pa_name, pa_km = _nearest(points, layers["protected_areas"])
    ir_name, ir_km = _nearest(points, layers["indigenous_reserves"])
    out = pd.DataFrame({
        "site_id": points["id"],
        "in_amazon": _inside(points, layers["amazon"]),
        "protected_area": pa_name,
        "protected_area_km": pa_km.round(1),
        "in_buffer_zone": _inside(points, layers["buffer_zones"]),
        "indigenous_reserve": ir_name,
        "indigenous_reserve_km": ir_km.round(1),
    }, index=points.index)
    out["sensitivity"] = out.apply(classify, axis=1)
    return out.reset_index(drop=True)[list(COLUMNS)]
