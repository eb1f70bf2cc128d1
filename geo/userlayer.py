"""A layer the user brings: GeoJSON, KML, CSV with lon/lat, GeoPackage, zipped Shapefile,
GeoParquet or FlatGeobuf.

The file is a stranger's: its type is sniffed from its bytes (the name is only a hint), GDAL
reads it with only the expected driver able to (geo.gdalguard; a VRT in disguise would open
other files on our disk), a zip is checked for bombs and paths before anything is opened, and
every failure becomes a :class:`UserLayerError` whose key and fields the page translates.

Files can hold a national layer — the mining cadastre has tens of thousands of polygons — so
reading is lean: pyogrio through Arrow, only Peru's box (in the file's own CRS), only the one
text column used as a label.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from geo import gdalguard

gdalguard.install()

PERU_BOX = (-81.6, -18.6, -68.4, 0.2)  # lon/lat, with a margin round the outline
MAX_FEATURES = 500_000
MAX_BYTES = 300 * 1024 * 1024
MAX_UNZIPPED = 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a real shapefile compresses ~3–10×; a zip bomb, thousands×
MAX_LABEL = 200
LABEL_NAMES = ("name", "nombre", "nom", "label", "title", "titulo", "título", "concesion",
               "concesión", "denominacion", "denominación", "nomb_anp", "anp_nomb", "titular",
               "description", "id", "codigo", "código", "code")
LON_NAMES = ("lon", "lng", "long", "longitude", "longitud", "x")
LAT_NAMES = ("lat", "latitude", "latitud", "y")
FORMATS = {"geojson": "GeoJSON", "kml": "KML", "csv": "CSV (lon/lat)", "gpkg": "GeoPackage",
           "zip": "Shapefile (zip)", "parquet": "GeoParquet", "fgb": "FlatGeobuf"}
EXTENSIONS = ("geojson", "json", "kml", "csv", "txt", "gpkg", "zip", "parquet", "geoparquet",
              "fgb")
GDAL_DRIVERS = {"geojson": {"GeoJSON"}, "kml": {"LIBKML", "KML"}, "gpkg": {"GPKG"},
                "zip": {"ESRI Shapefile"}, "fgb": {"FlatGeobuf"}}
SHP_MAGIC = b"\x00\x00\x27\x0a"


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
    empty: int  # dropped: no geometry (or, in a CSV, no usable lon/lat)
    repaired: int  # invalid geometries made valid
    crs_assumed: bool = False  # no CRS in the file; lon/lat WGS84 assumed (stated on the page)
    bad_rows: tuple[int, ...] = ()  # CSV line numbers that had no usable lon/lat (first 10)


# --- what is it? ----------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The format by content; None when it is none we read."""
    head = data[:4096]
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"PAR1") and data.endswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"fgb\x03"):
        return "fgb"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"{", b"[")):
        return "geojson"
    if text.startswith(b"<"):
        if b"OGRVRTDataSource" in head:
            return None
        return "kml" if re.search(rb"<(?:\w+:)?kml[\s>]", head) else None
    if b"\x00" in head:
        return None
    first = text.split(b"\n", 1)[0].lower()
    if re.search(rb"[,;\t]", first) and re.search(rb"\b(lon|lng|long|longitude|longitud|x)\b",
                                                   first):
        return "csv"
    return None


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


# --- reading ----------------------------------------------------------------------------------


def read_user_layer(data: bytes, filename: str) -> UserLayer:
    name = _display_name(filename)
    if not data:
        raise UserLayerError("upload.empty_file")
    if len(data) > MAX_BYTES:
        raise UserLayerError("upload.too_big", mb=len(data) // 2**20, max=MAX_BYTES // 2**20)
    kind = sniff(data)
    if kind is None:
        suffix = Path(filename).suffix.lower() or "—"
        raise UserLayerError("upload.bad_type", suffix=suffix[:20],
                             allowed=", ".join(f".{e}" for e in EXTENSIONS))
    try:
        if kind == "csv":
            return _read_csv(data, name)
        return _read_file(data, kind, name)
    except UserLayerError:
        raise
    except Exception as exc:  # a corrupt file fails inside GDAL/Arrow/pandas in many ways
        where = re.escape(tempfile.gettempdir()) + r"/atlas-upload-[^/\s']*/?(upload\.\w+)?"
        detail = re.sub(where, name, str(exc)).replace("/vsizip/", "")
        detail = detail.split(";")[0].strip()  # GDAL's driver-prefix hint helps nobody here
        raise UserLayerError("upload.unreadable", detail=detail[:200]) from exc


def _read_file(data: bytes, kind: str, name: str) -> UserLayer:
    gdalguard.assert_safe()
    with tempfile.TemporaryDirectory(prefix="atlas-upload-") as tmp:
        path = Path(tmp) / f"upload.{kind}"
        path.write_bytes(data)
        if kind == "parquet":
            frame, label, crs, in_file = _read_parquet(path)
        else:
            source = _shapefile_in_zip(path) if kind == "zip" else str(path)
            frame, label, crs, in_file = _read_ogr(source, kind)
        return _clean(frame, name, FORMATS[kind], label, crs, in_file)


def _display_name(filename: str) -> str:
    """The file's stem as a label: no directories, no control characters, bounded length."""
    stem = Path(str(filename).replace("\\", "/")).stem
    return re.sub(r"[\x00-\x1f\x7f]", "", stem)[:80] or "upload"


def _shapefile_in_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED or total / packed > MAX_ZIP_RATIO:
                raise UserLayerError("upload.zip_bomb", mb=total // 2**20)
            names = [i.filename for i in infos if not i.is_dir()
                     and not i.filename.startswith(("__MACOSX", "/")) and ".." not in i.filename
                     and ":" not in i.filename]
            shapes = sorted(n for n in names if n.lower().endswith(".shp"))
            if not shapes:
                raise UserLayerError("upload.no_shapefile")
            shp = shapes[0]
            if archive.read(shp)[:4] != SHP_MAGIC:
                raise UserLayerError("upload.unreadable", detail=f"{Path(shp).name}: not a .shp")
    except zipfile.BadZipFile as exc:
        raise UserLayerError("upload.unreadable", detail="not a zip archive") from exc
    stem = shp[:-4].lower()
    if not any(n.lower() == f"{stem}.prj" for n in names):
        raise UserLayerError("upload.no_crs")
    return f"/vsizip/{path}/{shp}"  # a str: Path() would fold GDAL's double slash


def _read_ogr(source: str, kind: str) -> tuple[gpd.GeoDataFrame, str | None, CRS | None, int]:
    import pyogrio

    layers = [name for name, geom_type in pyogrio.list_layers(source) if geom_type]
    if kind == "kml":  # a KML's folders are layers; a placemark without geometry is no layer
        layers = [name for name, _ in pyogrio.list_layers(source)]
    if not layers:
        raise UserLayerError("upload.no_geometry")
    frames, label, crs, in_file = [], None, None, 0
    for layer in layers[:50]:
        info = pyogrio.read_info(source, layer=layer)
        if info["driver"] not in GDAL_DRIVERS[kind]:
            raise UserLayerError("upload.unreadable", detail=f"unexpected {info['driver']}")
        in_file += int(info["features"])
        if in_file > MAX_FEATURES:
            raise UserLayerError("upload.too_many", n=in_file, max=MAX_FEATURES)
        fields = list(info["fields"])
        strings = [f for f, t in zip(fields, info["dtypes"], strict=True) if t == "object"]
        label = pick_label(fields, strings)
        crs = CRS.from_user_input(info["crs"]) if info["crs"] else None
        box = peru_box_in(crs) if crs is not None else None
        frame = pyogrio.read_dataframe(source, layer=layer, columns=[label] if label else [],
                                       bbox=box, use_arrow=True)
        if label and label != "label":
            frame = frame.rename(columns={label: "label"})
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return gpd.GeoDataFrame(frame, geometry="geometry"), label, crs, in_file


def _read_parquet(path: Path) -> tuple[gpd.GeoDataFrame, str | None, CRS | None, int]:
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
    crs = CRS.from_user_input(crs_json) if crs_json is not None else None
    schema = meta_file.schema_arrow
    fields = [f.name for f in schema if f.name != primary]
    strings = [f.name for f in schema if f.name != primary and str(f.type) in ("string",
                                                                                "large_string")]
    label = pick_label(fields, strings)
    columns = [label, primary] if label else [primary]
    try:  # a bbox covering column (GeoParquet 1.1) lets Arrow skip whole row groups
        frame = gpd.read_parquet(path, columns=columns, bbox=peru_box_in(crs or CRS(4326)))
    except ValueError:
        frame = gpd.read_parquet(path, columns=columns)
    if label:
        frame = frame.rename(columns={label: "label"})
    return frame, label, crs, in_file


def _read_csv(data: bytes, name: str) -> UserLayer:
    """Points from a CSV with lon/lat columns, WGS84 (a CSV has no CRS: stated, not guessed)."""
    text = data.decode("utf-8-sig", errors="replace")
    header = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=header.count)
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            on_bad_lines="skip", nrows=MAX_FEATURES + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise UserLayerError("upload.unreadable", detail=str(exc)[:200]) from exc
    if len(table) > MAX_FEATURES:
        raise UserLayerError("upload.too_many", n=len(table), max=MAX_FEATURES)
    lowered = {str(c).strip().lower(): c for c in table.columns}
    lon_col = next((lowered[n] for n in LON_NAMES if n in lowered), None)
    lat_col = next((lowered[n] for n in LAT_NAMES if n in lowered), None)
    if lon_col is None or lat_col is None:
        raise UserLayerError("upload.csv_columns", columns=", ".join(map(str, table.columns))[:200])
    lon = pd.to_numeric(table[lon_col].str.replace(",", ".", regex=False), errors="coerce")
    lat = pd.to_numeric(table[lat_col].str.replace(",", ".", regex=False), errors="coerce")
    usable = lon.between(-180, 180) & lat.between(-90, 90)
    if not usable.any():
        raise UserLayerError("upload.csv_no_points", n=len(table))
    others = [c for c in table.columns if c not in (lon_col, lat_col)]
    label = pick_label([str(c) for c in others], [str(c) for c in others])
    bad_rows = tuple(int(i) + 2 for i in table.index[~usable][:10])  # +2: header, 1-based
    frame = gpd.GeoDataFrame(
        {"label": table.loc[usable, label] if label else ""},
        geometry=shapely.points(lon[usable].to_numpy(), lat[usable].to_numpy()), crs=4326)
    inside = frame.geometry.intersects(shapely.box(*PERU_BOX))
    layer = _clean(frame[inside], name, FORMATS["csv"], label, CRS(4326), len(table),
                   crs_assumed=True, dropped=int((~usable).sum()))
    return UserLayer(**{**layer.__dict__, "bad_rows": bad_rows})


def _lonlat_like(frame: gpd.GeoDataFrame) -> bool:
    if frame.empty:
        return True
    minx, miny, maxx, maxy = frame.total_bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _clean(frame: gpd.GeoDataFrame, name: str, fmt: str, label: str | None, crs: CRS | None,
           in_file: int, crs_assumed: bool = False, dropped: int = 0) -> UserLayer:
    if crs is None and frame.crs is None:
        if not _lonlat_like(frame):
            raise UserLayerError("upload.no_crs")
        crs, crs_assumed = CRS(4326), True  # documented: no CRS + lon/lat ranges → WGS84
    if frame.crs is None:
        frame = frame.set_crs(crs, allow_override=True)
    geoms = np.asarray(frame.geometry.values)
    has_shape = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    frame = frame[has_shape]
    empty = int((~has_shape).sum()) + dropped
    frame = frame.to_crs(4326)
    frame = frame[frame.geometry.intersects(shapely.box(*PERU_BOX))]
    outside = max(in_file - len(frame) - empty, 0)
    invalid = ~shapely.is_valid(np.asarray(frame.geometry.values))
    if invalid.any():
        frame = frame.copy()
        frame.loc[invalid, "geometry"] = shapely.make_valid(
            np.asarray(frame.geometry.values)[invalid])
    labels = (frame["label"].astype("string").fillna("") if "label" in frame
              else pd.Series([""] * len(frame), index=frame.index, dtype="string"))
    labels = labels.str.replace(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", regex=True)
    out = gpd.GeoDataFrame({"label": labels.str.slice(0, MAX_LABEL)},
                           geometry=frame.geometry.values, crs=4326).reset_index(drop=True)
    if out.empty:
        raise UserLayerError("upload.nothing_in_peru" if in_file else "upload.no_features",
                             n=in_file)
    return UserLayer(name, fmt, out, label, crs.to_string(), in_file, outside, empty,
                     int(invalid.sum()), crs_assumed)


# --- screening ------------------------------------------------------------------------------


def screen_against(sites: gpd.GeoDataFrame, layer: UserLayer,
                   max_km: float = 50.0) -> pd.DataFrame:
    """Per site: inside a feature of the user's layer, the nearest one and how far (km).

    Both joins go through the layer's STRtree (geopandas' sindex), so 50,000 polygons cost
    one tree build, not 100 × 50,000 distance computations; beyond ``max_km`` is "none near".
    """
    from geo.screening import METRIC_CRS

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
