"""Fetch the official layers from their ArcGIS REST services into a git-ignored cache.

The app works without this: it ships stand-ins (see ``data/layers/catalog.json``). When a refresh
succeeds the app prefers the official version and says so. Our own endpoint table (not a list
read from the internet at run time); layer ids are resolved by name from the service's
``?f=pjson`` because positions change; features are paged with ``resultOffset`` while the service
reports ``exceededTransferLimit``. TLS is verified. Any failure — HTTP error, timeout, malformed
JSON, missing fields — is one clear message and leaves the previous cache untouched: files are
written to a temporary name and renamed only when complete.

    python -m geo.refresh                 # every layer with an official endpoint
    python -m geo.refresh --layer protected_areas --timeout 60
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

from geo.atomic import write_atomic
from geo.layers import CACHE_DIR, catalog, write_geojson

SERNANP = ("https://geoservicios.sernanp.gob.pe/arcgis/rest/services/sernanp_visor/"
           "servicio_descarga/MapServer")
# Anything the service returns must fall in this box, or the CRS was not what we asked for.
PERU_BOX = box(-85.0, -20.5, -66.0, 1.0)
DISPLAY_SIMPLIFY_DEG = 0.001  # ~100 m
MAX_PAGES = 500
USER_AGENT = "peru-japan-minerals-atlas/refresh (+https://github.com/)"


@dataclass(frozen=True)
class Endpoint:
    layer_id: str
    service: str
    layer_name: str  # regular expression matched against the service's layer names
    fields: dict[str, str] = field(default_factory=dict)  # our property -> official field


# Verified against the SERNANP download service that SERNANP's own viewer and the geoidep
# package use; the Amazon and the PIACI reserves have no ArcGIS endpoint we could verify.
ENDPOINTS = {
    "protected_areas": Endpoint("protected_areas", SERNANP,
                                r"administraci[oó]n nacional",
                                {"name": "anp_nomb", "category": "anp_cate"}),
    "buffer_zones": Endpoint("buffer_zones", SERNANP, r"amortiguamiento",
                             {"name": "anp_nomb"}),
}


class RefreshError(RuntimeError):
    """A refresh that cannot complete; the message says what failed and what was kept."""


def _get_json(url: str, params: dict, timeout: float) -> dict:
    full = f"{url}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(full, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise RefreshError(f"{url} answered HTTP {exc.code} {exc.reason}") from exc
    except TimeoutError as exc:
        raise RefreshError(f"{url} did not answer within {timeout:g} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise RefreshError(f"{url} did not answer within {timeout:g} s") from exc
        raise RefreshError(f"cannot reach {url}: {exc.reason}") from exc
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RefreshError(f"{url} returned malformed JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise RefreshError(f"{url} returned JSON that is not an object")
    if "error" in data:
        error = data["error"] if isinstance(data["error"], dict) else {}
        raise RefreshError(f"{url} reported error {error.get('code', '?')}: "
                           f"{error.get('message', data['error'])}")
    return data


def resolve_layer(endpoint: Endpoint, timeout: float) -> tuple[int, str]:
    service = _get_json(endpoint.service, {"f": "pjson"}, timeout)
    layers = service.get("layers")
    if not isinstance(layers, list):
        raise RefreshError(f"{endpoint.service} lists no layers")
    pattern = re.compile(endpoint.layer_name, re.IGNORECASE)
    matches = [(int(item["id"]), str(item.get("name", ""))) for item in layers
               if isinstance(item, dict) and "id" in item and pattern.search(str(item.get("name")))]
    if len(matches) != 1:
        names = ", ".join(repr(str(item.get("name"))) for item in layers if isinstance(item, dict))
        found = "no layer" if not matches else f"{len(matches)} layers"
        raise RefreshError(f"{found} of {endpoint.service} match /{endpoint.layer_name}/ "
                           f"(layers: {names})")
    return matches[0]


def fetch_features(endpoint: Endpoint, layer_index: int, timeout: float,
                   progress: Callable[[str], None]) -> list[dict]:
    layer_url = f"{endpoint.service}/{layer_index}"
    info = _get_json(layer_url, {"f": "pjson"}, timeout)
    official = {f.get("name") for f in info.get("fields", []) if isinstance(f, dict)}
    missing = sorted(set(endpoint.fields.values()) - official)
    if missing:
        raise RefreshError(f"{layer_url} lacks the expected field(s) {', '.join(missing)}; "
                           f"it has {', '.join(sorted(map(str, official))) or 'none'}")
    page_size = int(info.get("maxRecordCount") or 1000)
    features: list[dict] = []
    for _ in range(MAX_PAGES):
        page = _get_json(f"{layer_url}/query", {
            "where": "1=1", "outFields": ",".join(endpoint.fields.values()) or "*",
            "returnGeometry": "true", "outSR": 4326, "f": "geojson",
            "resultOffset": len(features), "resultRecordCount": page_size,
        }, timeout)
        batch = page.get("features")
        if page.get("type") != "FeatureCollection" or not isinstance(batch, list):
            raise RefreshError(f"{layer_url}/query did not return a GeoJSON FeatureCollection")
        features.extend(batch)
        progress(f"{endpoint.layer_id}: {len(features)} features")
        more = page.get("exceededTransferLimit") or (page.get("properties") or {}).get(
            "exceededTransferLimit")
        if not more or not batch:
            return features
    raise RefreshError(f"{layer_url} still had more features after {MAX_PAGES} pages")


def to_frame(endpoint: Endpoint, features: list[dict]) -> tuple[gpd.GeoDataFrame, int]:
    """Features as our layer: our property names, valid geometry inside Peru, display-simple."""
    if not features:
        raise RefreshError(f"{endpoint.layer_id}: the service returned no features")
    try:
        frame = gpd.GeoDataFrame.from_features(features, crs=4326)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RefreshError(f"{endpoint.layer_id}: features are not valid GeoJSON ({exc})") from exc
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        raise RefreshError(f"{endpoint.layer_id}: no feature has a geometry")
    if not PERU_BOX.contains(box(*frame.total_bounds)):
        raise RefreshError(f"{endpoint.layer_id}: coordinates {tuple(frame.total_bounds)} are "
                           "not WGS84 lon/lat over Peru; the service ignored outSR=4326?")
    invalid = ~frame.geometry.is_valid
    frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
    frame = frame.rename(columns={v: k for k, v in endpoint.fields.items()})
    keep = [*endpoint.fields, "geometry"]
    frame = frame[keep].copy()
    frame["geometry"] = frame.geometry.simplify(DISPLAY_SIMPLIFY_DEG, preserve_topology=True)
    return frame.reset_index(drop=True), int(invalid.sum())


def refresh_layer(endpoint: Endpoint, cache_dir: Path = CACHE_DIR, timeout: float = 60,
                  progress: Callable[[str], None] = print) -> Path:
    """Fetch, check and cache one layer; on any failure raise RefreshError, cache untouched."""
    progress(f"{endpoint.layer_id}: resolving the layer in {endpoint.service}")
    index, name = resolve_layer(endpoint, timeout)
    features = fetch_features(endpoint, index, timeout, progress)
    frame, repaired = to_frame(endpoint, features)
    target = cache_dir / f"{endpoint.layer_id}.geojson"
    meta = {
        "layer": endpoint.layer_id, "service": endpoint.service, "service_layer": index,
        "service_layer_name": name, "features": len(frame), "repaired_geometries": repaired,
        "fetched": datetime.now(UTC).strftime("%Y-%m-%d"),
    }
    write_geojson(frame, target)
    meta_path = target.with_suffix(".meta.json")
    write_atomic(meta_path, json.dumps(meta, ensure_ascii=False, indent=1))
    progress(f"{endpoint.layer_id}: {len(frame)} features cached ({repaired} repaired)")
    return target


def refresh(layer_ids: list[str] | None = None, endpoints: dict[str, Endpoint] | None = None,
            cache_dir: Path = CACHE_DIR, timeout: float = 60,
            progress: Callable[[str], None] = print) -> dict[str, str]:
    """Refresh each layer independently; returns layer id -> 'ok' or the reason it failed."""
    endpoints = ENDPOINTS if endpoints is None else endpoints
    results = {}
    for layer_id in layer_ids or list(catalog()):
        endpoint = endpoints.get(layer_id)
        if endpoint is None:
            results[layer_id] = "no official endpoint known; the shipped version stays in use"
            continue
        try:
            refresh_layer(endpoint, cache_dir, timeout, progress)
            results[layer_id] = "ok"
        except RefreshError as exc:
            results[layer_id] = f"failed, previous version kept: {exc}"
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.refresh", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--layer", action="append", choices=sorted(catalog()),
                        help="refresh only this layer (repeatable)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per request")
    args = parser.parse_args(argv)
    results = refresh(args.layer, timeout=args.timeout,
                      progress=lambda msg: print(msg, file=sys.stderr, flush=True))
    for layer_id, outcome in results.items():
        print(f"{layer_id}: {outcome}")
    return 1 if any(o.startswith("failed") for o in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
