"""Fetch the official layers from their ArcGIS REST services into a git-ignored cache.

The app works without this: it ships stand-ins (see ``data/layers/catalog.json``). Each
catalog layer's ``official`` block is our own endpoint table — service, layer name pattern,
the fields we keep — not a list read from the internet at run time; layer ids are resolved by
name because positions change, features are read by object id (``geo.arcgis``). A layer is
replaced only when every check passes: fields present, WGS84 over Peru, the expected geometry,
no collapse against the last good version; invalid rings are repaired and multipart rows that
share a code dissolved. Files are written to a temporary name and renamed when complete.

    python -m geo.refresh                 # every layer with an official endpoint
    python -m geo.refresh --layer mining_rights --timeout 60
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box

from geo import amazon, arcgis, vocab
from geo.arcgis import ServiceError as RefreshError
from geo.atomic import write_atomic
from geo.layers import CACHE_DIR, catalog, write_geojson

__all__ = ["Official", "RefreshError", "Source", "refresh", "refresh_layer"]

# Anything the service returns must fall in this box, or the CRS was not what we asked for.
PERU_BOX = box(-85.0, -20.5, -66.0, 1.0)
DISPLAY_SIMPLIFY_DEG = 0.001  # ~100 m
# A layer that comes back with less than this share of its last good version is refused:
# a service that half-answers must not empty the map.
MIN_SHARE_OF_PREVIOUS = 0.5
GEOMETRY_KINDS = {"polygon": ("Polygon", "MultiPolygon"), "point": ("Point", "MultiPoint"),
                  "line": ("LineString", "MultiLineString")}


@dataclass(frozen=True)
class Source:
    """One service layer that feeds a catalog layer; ``constants`` tags its rows (e.g. the
    protection regime when four service layers make one map layer)."""

    service: str
    layer: str  # regular expression matched against the service's layer names
    # our property -> the official field: its name, or a pattern matching exactly one field
    fields: dict[str, str] = field(default_factory=dict)
    where: str = "1=1"
    constants: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Official:
    sources: tuple[Source, ...]
    geometry: str = "polygon"
    key: str | None = None  # rows sharing this property are one feature (dissolved)
    simplify_deg: float = DISPLAY_SIMPLIFY_DEG
    derive: str | None = None  # a function of geo.amazon applied to the fetched frame
    codes: tuple[str, ...] = ()  # properties whose official labels become vocabulary codes

    @classmethod
    def from_catalog(cls, block: dict) -> Official:
        sources = tuple(Source(**s) for s in block["sources"])
        rest = {k: v for k, v in block.items() if k != "sources"}
        if "codes" in rest:
            rest["codes"] = tuple(rest["codes"])
        return cls(sources, **rest)


def mirrors() -> dict[str, str]:
    """``ATLAS_SERVICE_MIRRORS``: a JSON object of URL prefix -> replacement, for a local
    mirror or proxy of the official services (and the tests' stand-ins on loopback)."""
    raw = os.environ.get("ATLAS_SERVICE_MIRRORS", "").strip()
    if not raw:
        return {}
    try:
        table = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RefreshError(f"ATLAS_SERVICE_MIRRORS is not a JSON object ({exc})") from exc
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise RefreshError("ATLAS_SERVICE_MIRRORS must map URL prefixes to URLs")
    return table


def _mirrored(url: str, table: dict[str, str]) -> str:
    for prefix, replacement in table.items():
        if url.startswith(prefix):
            return replacement + url[len(prefix):]
    return url


def official(layer_id: str) -> Official | None:
    block = catalog()[layer_id].official
    if not block:
        return None
    table = mirrors()
    if table:
        block = {**block, "sources": [{**s, "service": _mirrored(s["service"], table)}
                                      for s in block["sources"]]}
    return Official.from_catalog(block)


def to_frame(layer_id: str, fields: dict[str, str], constants: dict[str, str],
             features: list[dict], kind: str, check_bounds: bool = True
             ) -> tuple[gpd.GeoDataFrame, int]:
    """Features as our layer: our property names, valid geometry inside Peru."""
    if not features:
        return gpd.GeoDataFrame({k: [] for k in fields}, geometry=[], crs=4326), 0
    try:
        geoms = [shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None
                 for f in features]
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException
            ) as exc:
        raise RefreshError(f"{layer_id}: features are not valid GeoJSON ({exc})") from exc
    props = pd.DataFrame([f.get("properties") or {} for f in features])
    for official_name in fields.values():
        if official_name not in props:
            props[official_name] = None
    frame = gpd.GeoDataFrame(props[list(fields.values())].set_axis(list(fields), axis=1),
                             geometry=geoms, crs=4326)
    for key, value in constants.items():
        frame[key] = value
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if check_bounds:
        check_in_peru(layer_id, frame)
    wrong = ~frame.geom_type.isin(GEOMETRY_KINDS[kind])
    if wrong.any():
        raise RefreshError(f"{layer_id}: expected {kind} features, got "
                           f"{sorted(set(frame.geom_type[wrong]))}")
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        repaired = shapely.make_valid(frame.geometry[invalid].values)
        if kind == "polygon":  # make_valid may leave stray lines next to the repaired area
            repaired = shapely.get_parts(repaired, return_index=True)
            parts, owner = repaired
            keep = shapely.get_type_id(parts) >= 3
            regrouped = pd.Series(parts[keep]).groupby(owner[keep]).agg(
                lambda s: shapely.union_all(s.to_numpy()))
            fixed = [regrouped.get(i) for i in range(int(invalid.sum()))]
            frame.loc[invalid, "geometry"] = fixed
        else:
            frame.loc[invalid, "geometry"] = repaired
    return frame.reset_index(drop=True), int(invalid.sum())


def check_in_peru(layer_id: str, frame: gpd.GeoDataFrame) -> None:
    if frame.empty:
        raise RefreshError(f"{layer_id}: no feature has a geometry")
    if not PERU_BOX.contains(box(*frame.total_bounds)):
        bounds = tuple(round(float(b), 1) for b in frame.total_bounds)
        raise RefreshError(f"{layer_id}: coordinates {bounds} are not WGS84 lon/lat over "
                           "Peru; the service ignored outSR=4326?")


def dissolve_shared(frame: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    """Rows that share a code are one feature split into parts by the service: one row each,
    the first row's attributes; rows with no code stay as they are."""
    has_key = frame[key].notna() & frame[key].astype(str).str.strip().ne("")
    repeated = has_key & frame[key].duplicated(keep=False)
    if not repeated.any():
        return frame
    merged = frame[repeated].dissolve(by=key, aggfunc="first", as_index=False)
    out = pd.concat([frame[~repeated], merged[frame.columns]], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)


def _previous_count(meta_path: Path) -> int | None:
    try:
        return int(json.loads(meta_path.read_text(encoding="utf-8"))["features"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def refresh_layer(layer_id: str, cache_dir: Path = CACHE_DIR, timeout: float = 60,
                  progress: Callable[[str], None] = print, spec: Official | None = None
                  ) -> Path:
    """Fetch, check and cache one layer; on any failure raise RefreshError, cache untouched."""
    spec = spec or official(layer_id)
    if spec is None:
        raise RefreshError(f"{layer_id}: no official endpoint known")
    frames, reads, repaired = [], [], [0]
    for source in spec.sources:
        progress(f"{layer_id}: resolving /{source.layer}/ in {source.service}")

        def convert(batch: list[dict], fields: dict[str, str], source: Source = source) -> None:
            frame, fixed = to_frame(layer_id, fields, source.constants, batch, spec.geometry,
                                    check_bounds=False)
            frames.append(frame)
            repaired[0] += fixed
        _, meta = arcgis.read_layer(
            source.service, source.layer, source.fields, timeout, source.where,
            progress=lambda message: progress(f"{layer_id}: {message}"), on_batch=convert)
        reads.append(meta)
    repaired = repaired[0]
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry",
                             crs=4326)
    if frame.empty:
        raise RefreshError(f"{layer_id}: the service returned no features")
    check_in_peru(layer_id, frame)
    for column in spec.codes:
        frame[column] = frame[column].map(lambda v: vocab.slug(v) if pd.notna(v) else v)
    if spec.key:
        frame = dissolve_shared(frame, spec.key)
    if spec.derive:
        frame = getattr(amazon, spec.derive)(frame)
    if spec.simplify_deg and spec.geometry != "point":
        frame["geometry"] = frame.geometry.simplify(spec.simplify_deg, preserve_topology=True)
    target = cache_dir / f"{layer_id}.geojson"
    meta_path = target.with_suffix(".meta.json")
    before = _previous_count(meta_path) if target.is_file() else None
    if before and len(frame) < MIN_SHARE_OF_PREVIOUS * before:
        raise RefreshError(f"{layer_id}: {len(frame):,} features against {before:,} last time; "
                           "refused as a partial answer")
    cache_dir.mkdir(parents=True, exist_ok=True)
    meta = {
        "layer": layer_id, "features": len(frame), "repaired_geometries": repaired,
        "fetched": datetime.now(UTC).strftime("%Y-%m-%d"), "sources": reads,
    }
    write_geojson(frame, target)
    write_atomic(meta_path, json.dumps(meta, ensure_ascii=False, indent=1))
    progress(f"{layer_id}: {len(frame):,} features cached ({repaired} repaired)")
    return target


def refreshable() -> list[str]:
    return [layer_id for layer_id, info in catalog().items() if info.official]


def refresh(layer_ids: list[str] | None = None, specs: dict[str, Official] | None = None,
            cache_dir: Path = CACHE_DIR, timeout: float = 60,
            progress: Callable[[str], None] = print) -> dict[str, str]:
    """Refresh each layer independently; returns layer id -> 'ok' or the reason it failed."""
    results = {}
    for layer_id in layer_ids or list(catalog()):
        try:
            spec = (specs or {}).get(layer_id) or official(layer_id)
            if spec is None:
                results[layer_id] = ("no official endpoint known; the shipped version stays "
                                     "in use")
                continue
            refresh_layer(layer_id, cache_dir, timeout, progress, spec)
            results[layer_id] = "ok"
        except RefreshError as exc:
            results[layer_id] = f"failed, previous version kept: {exc}"
        except (OSError, ValueError) as exc:  # the law table, the disk: named, never a crash
            results[layer_id] = f"failed, previous version kept: {type(exc).__name__}: {exc}"
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.refresh", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--layer", action="append", choices=sorted(catalog()),
                        help="refresh only this layer (repeatable)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per request")
    args = parser.parse_args(argv)
    results = refresh(args.layer or refreshable(), timeout=args.timeout,
                      progress=lambda msg: print(msg, file=sys.stderr, flush=True))
    for layer_id, outcome in results.items():
        print(f"{layer_id}: {outcome}")
    return 1 if any(o.startswith("failed") for o in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
