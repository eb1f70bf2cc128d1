"""A layer the user brings (GeoPackage, GeoParquet, zipped Shapefile, GeoJSON, FlatGeobuf).

Files can hold a national layer — the mining cadastre has tens of thousands of polygons — so
reading is lean: pyogrio through Arrow, only Peru's box (in the file's own CRS), only the one
text column used as a label. Anything wrong with the file becomes a :class:`UserLayerError`
whose key and fields the page translates; nothing here raises a bare library error at a user.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer

from geo.screening import METRIC_CRS

PERU_BOX = (-81.6, -18.6, -68.4, 0.2)  # lon/lat, with a margin round the outline
MAX_FEATURES = 500_000
MAX_BYTES = 300 * 1024 * 1024
LABEL_NAMES = ("name", "nombre", "nom", "label", "title", "titulo", "título", "concesion",
               "concesión", "denominacion", "denominación", "nomb_anp", "anp_nomb", "titular",
               "id", "codigo", "código", "code")
FORMATS = {".gpkg": "GeoPackage", ".parquet": "GeoParquet", ".geoparquet": "GeoParquet",
           ".zip": "Shapefile (zip)", ".geojson": "GeoJSON", ".json": "GeoJSON",
           ".fgb": "FlatGeobuf"}


class UserLayerError(ValueError):
    """A file we cannot use; ``key`` names the message in geo.i18n, ``fields`` fill it."""

    def __init__(self, key: str, **fields):
        super().__init__(f"{key}: {fields}")
        self.key = key
        self.fields = fields


@dataclass(frozen=True)
class UserLayer:
    name: str
    format: str
    frame: gpd.GeoDataFrame  # columns: label, geometry (WGS84)
    label_column: str | None
    source_crs: str
    in_file: int  # features in the file
    outside: int  # dropped: outside Peru's box
    empty: int  # dropped: no geometry
    repaired: int  # invalid geometries made valid


def pick_label(columns: list[str], string_columns: list[str]) -> str | None:
    """The column most likely to name a feature: a known name, else the first text column."""
    lowered = {c.lower(): c for c in columns}
    for name in LABEL_NAMES:
        if name in lowered:
            return lowered[name]
    return string_columns[0] if string_columns else None


def peru_box_in(crs: CRS) -> tuple[float, float, float, float]:
    """Peru's lon/lat box in another CRS, densified so curved edges stay inside it."""
    return Transformer.from_crs(4326, crs, always_xy=True).transform_bounds(*PERU_BOX,
                                                                             densify_pts=21)


def read_user_layer(data: bytes, filename: str) -> UserLayer:
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise UserLayerError("upload.bad_type", suffix=suffix or "—",
                             allowed=", ".join(sorted(FORMATS)))
    if len(data) > MAX_BYTES:
        raise UserLayerError("upload.too_big", mb=len(data) // 2**20, max=MAX_BYTES // 2**20)
    if not data:
        raise UserLayerError("upload.empty_file")
    with tempfile.TemporaryDirectory(prefix="atlas-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        if suffix == ".zip":
            path = _shapefile_in_zip(path)
        try:
            if FORMATS[suffix] == "GeoParquet":
                frame, label, crs, in_file = _read_parquet(path)
            else:
                frame, label, crs, in_file = _read_ogr(path)
        except UserLayerError:
            raise
        except Exception as exc:  # a corrupt file fails inside GDAL/Arrow in many ways
            detail = str(exc).replace(str(path), Path(filename).name).replace(tmp, "")
            detail = detail.split(";")[0].strip()  # GDAL's driver-prefix hint helps nobody here
            raise UserLayerError("upload.unreadable", detail=detail[:200]) from exc
    return _clean(frame, Path(filename).stem[:80], FORMATS[suffix], label, crs, in_file)


def _shapefile_in_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.startswith(("__MACOSX", "/"))
                     and ".." not in n]
    except zipfile.BadZipFile as exc:
        raise UserLayerError("upload.unreadable", detail="not a zip archive") from exc
    shapes = [n for n in names if n.lower().endswith(".shp")]
    if not shapes:
        raise UserLayerError("upload.no_shapefile")
    stem = shapes[0][:-4]
    if not any(n.lower() == f"{stem.lower()}.prj" for n in names):
        raise UserLayerError("upload.no_crs")
    return f"/vsizip/{path}/{shapes[0]}"  # a str: Path() would fold GDAL's double slash


def _read_ogr(path: Path | str) -> tuple[gpd.GeoDataFrame, str | None, CRS, int]:
    layers = pyogrio.list_layers(path)
    spatial = [name for name, geom_type in layers if geom_type]
    if not spatial:
        raise UserLayerError("upload.no_geometry")
    layer = spatial[0]
    info = pyogrio.read_info(path, layer=layer)
    if info["crs"] is None:
        raise UserLayerError("upload.no_crs")
    in_file = int(info["features"])
    if in_file > MAX_FEATURES:
        raise UserLayerError("upload.too_many", n=in_file, max=MAX_FEATURES)
    fields = list(info["fields"])
    strings = [f for f, kind in zip(fields, info["dtypes"], strict=True) if kind == "object"]
    label = pick_label(fields, strings)
    crs = CRS.from_user_input(info["crs"])
    frame = pyogrio.read_dataframe(path, layer=layer, columns=[label] if label else [],
                                   bbox=peru_box_in(crs), use_arrow=True)
    return frame, label, crs, in_file


def _read_parquet(path: Path) -> tuple[gpd.GeoDataFrame, str | None, CRS, int]:
    import pyarrow.parquet as pq

    meta_file = pq.ParquetFile(path)
    raw = (meta_file.schema_arrow.metadata or {}).get(b"geo")
    if raw is None:
        raise UserLayerError("upload.no_geometry")
    geo = json.loads(raw)
    primary = geo["primary_column"]
    in_file = meta_file.metadata.num_rows
    if in_file > MAX_FEATURES:
        raise UserLayerError("upload.too_many", n=in_file, max=MAX_FEATURES)
    crs_json = geo["columns"][primary].get("crs", "OGC:CRS84")
    if crs_json is None:
        raise UserLayerError("upload.no_crs")
    crs = CRS.from_user_input(crs_json)
    schema = meta_file.schema_arrow
    fields = [f.name for f in schema if f.name != primary]
    strings = [f.name for f in schema if f.name != primary and str(f.type) in ("string",
                                                                                "large_string")]
    label = pick_label(fields, strings)
    columns = [label, primary] if label else [primary]
    box = peru_box_in(crs)
    try:  # a bbox covering column (GeoParquet 1.1) lets Arrow skip whole row groups
        frame = gpd.read_parquet(path, columns=columns, bbox=box)
    except ValueError:
        frame = gpd.read_parquet(path, columns=columns)
        frame = frame[frame.geometry.intersects(shapely.box(*box))]
    return frame, label, crs, in_file


def _clean(frame: gpd.GeoDataFrame, name: str, fmt: str, label: str | None, crs: CRS,
           in_file: int) -> UserLayer:
    if frame.crs is None:
        frame = frame.set_crs(crs)
    geoms = np.asarray(frame.geometry.values)
    has_shape = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    frame = frame[has_shape]
    empty = int((~has_shape).sum())
    outside = max(in_file - len(frame) - empty, 0)
    frame = frame.to_crs(4326)
    invalid = ~shapely.is_valid(np.asarray(frame.geometry.values))
    if invalid.any():
        frame = frame.copy()
        frame.loc[invalid, "geometry"] = shapely.make_valid(
            np.asarray(frame.geometry.values)[invalid])
    labels = (frame[label].astype("string").fillna("") if label
              else pd.Series([""] * len(frame), index=frame.index, dtype="string"))
    out = gpd.GeoDataFrame({"label": labels.str.slice(0, 200)}, geometry=frame.geometry.values,
                           crs=4326).reset_index(drop=True)
    if out.empty:
        raise UserLayerError("upload.nothing_in_peru" if in_file else "upload.no_features",
                             n=in_file)
    return UserLayer(name, fmt, out, label, crs.to_string(), in_file, outside, empty,
                     int(invalid.sum()))


def screen_against(sites: gpd.GeoDataFrame, layer: UserLayer,
                   max_km: float = 50.0) -> pd.DataFrame:
    """Per site: inside a feature of the user's layer, the nearest one and how far (km).

    Both joins go through the layer's STRtree (geopandas' sindex), so 50,000 polygons cost
    one tree build, not 100 × 50,000 distance computations; beyond ``max_km`` is "none near".
    """
    points = sites[["id", "geometry"]].to_crs(METRIC_CRS)
    features = layer.frame.to_crs(METRIC_CRS)
    inside = gpd.sjoin(points, features[["geometry"]], how="inner", predicate="within").index
    near = gpd.sjoin_nearest(points, features, how="left", max_distance=max_km * 1000,
                             distance_col="_m")
    near = near[~near.index.duplicated(keep="first")]
    return pd.DataFrame({
        "site_id": points["id"].to_numpy(),
        "in_user_layer": points.index.isin(inside),
        "user_feature": near["label"].where(near["_m"].notna()).to_numpy(),
        "user_km": (near["_m"] / 1000).round(2).to_numpy(),
    })
