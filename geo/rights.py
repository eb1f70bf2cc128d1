"""Who holds the mining rights around a site: the question an investor asks of the cadastre.

Distances are measured in the screening's metric CRS from the site's point to each right's
outline (0 when the point lies inside a right); the cadastre's spatial index picks the
candidates, so a query over 66,975 rights costs milliseconds, not a scan.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.layers import Layer
from geo.screening import METRIC_CRS

DISTANCES_KM = (1, 5, 10, 25)
COLUMNS = ("holder", "rights", "hectares", "nearest_km")


class RightsIndex:
    """The cadastre once in metric coordinates with its spatial index, for repeated queries
    (one per site the viewer opens)."""

    def __init__(self, layer: Layer):
        frame = layer.drawn
        self.frame = frame.to_crs(METRIC_CRS).reset_index(drop=True)
        self.tree = shapely.STRtree(self.frame.geometry.values)

    def near(self, lon: float, lat: float, km: float) -> pd.DataFrame:
        """Holders of the rights within ``km`` of the point, nearest first: how many rights,
        their listed hectares and the distance to the closest one."""
        point = gpd.GeoSeries([shapely.Point(lon, lat)], crs=4326).to_crs(METRIC_CRS).iloc[0]
        hits = self.tree.query(point, predicate="dwithin", distance=km * 1000)
        if len(hits) == 0:
            return pd.DataFrame(columns=list(COLUMNS))
        rows = self.frame.iloc[hits].copy()
        rows["km"] = shapely.distance(rows.geometry.values, point) / 1000
        holder = rows["holder"] if "holder" in rows else pd.Series("", index=rows.index)
        rows["holder"] = holder.fillna("").astype(str).str.strip().replace("", pd.NA)
        hectares = pd.to_numeric(rows.get("hectares"), errors="coerce")
        rows["ha"] = hectares if hectares is not None else float("nan")
        grouped = rows.groupby(rows["holder"].fillna("—"), dropna=False).agg(
            rights=("km", "size"), hectares=("ha", "sum"), nearest_km=("km", "min"))
        grouped = grouped.reset_index(names="holder").sort_values(["nearest_km", "holder"])
        grouped["nearest_km"] = grouped["nearest_km"].round(1)
        grouped["hectares"] = grouped["hectares"].round(0)
        return grouped[list(COLUMNS)].reset_index(drop=True)
