"""Read a whole layer from an ArcGIS REST MapServer the way Peru's official services need.

GEOCATMIN answers "Pagination is not supported" to ``resultOffset``, caps a query at its
``maxRecordCount`` (1,000–2,000), stores some layers in Web Mercator and may refuse
``f=geojson``. So a layer is read by object id: ``returnIdsOnly`` first, then batches of ids
(sent as a POST form, as 2,000 ids do not fit in a URL), in ``outSR=4326``, as GeoJSON or,
where that is refused, as Esri JSON converted here. A batch the server truncates
(``exceededTransferLimit``) is shrunk and the missing ids asked again; a batch that fails is
retried once. Anything else — an HTML page, an error object, a count that does not add up —
raises :class:`ServiceError` with a message that names the URL.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

USER_AGENT = "peru-japan-minerals-atlas/refresh (+https://github.com/)"
WEB_MERCATOR = {3857, 102100, 102113, 900913}
RETRIES = 1
RETRY_PAUSE_S = 0.5
MAX_BATCH = 2000


class ServiceError(RuntimeError):
    """A service that cannot give what we need; the message says which URL and why."""


def _read(request: urllib.request.Request, url: str, timeout: float) -> tuple[bytes, str]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise ServiceError(f"{url} answered HTTP {exc.code} {exc.reason}") from exc
    except TimeoutError as exc:
        raise ServiceError(f"{url} did not answer within {timeout:g} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise ServiceError(f"{url} did not answer within {timeout:g} s") from exc
        raise ServiceError(f"cannot reach {url}: {exc.reason}") from exc
    except (ConnectionError, OSError) as exc:
        raise ServiceError(f"{url} broke the connection ({exc})") from exc


def _decode(body: bytes, content_type: str, url: str) -> dict:
    head = body[:200].lstrip().lower()
    if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<")):
        raise ServiceError(f"{url} returned an HTML page, not JSON (a portal, login or error "
                           "page: the service moved or is down)")
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ServiceError(f"{url} returned malformed JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ServiceError(f"{url} returned JSON that is not an object")
    if "error" in data:
        error = data["error"] if isinstance(data["error"], dict) else {}
        raise ServiceError(f"{url} reported error {error.get('code', '?')}: "
                           f"{error.get('message', data['error'])}")
    return data


def get_json(url: str, params: dict, timeout: float, post: bool = False) -> dict:
    """One request, retried once on a server error, a timeout or a broken connection (the
    services drop a request now and then); an ArcGIS error object is not retried."""
    encoded = urllib.parse.urlencode(params)
    for attempt in range(RETRIES + 1):
        if post:
            request = urllib.request.Request(
                url, data=encoded.encode("ascii"), headers={
                    "User-Agent": USER_AGENT,
                    "Content-Type": "application/x-www-form-urlencoded"})
        else:
            request = urllib.request.Request(f"{url}?{encoded}",
                                             headers={"User-Agent": USER_AGENT})
        try:
            body, content_type = _read(request, url, timeout)
        except ServiceError as exc:
            transient = not re.search(r"HTTP 4\d\d", str(exc))
            if attempt < RETRIES and transient:
                time.sleep(RETRY_PAUSE_S)
                continue
            raise
        return _decode(body, content_type, url)
    raise AssertionError("unreachable")


def resolve_layer(service: str, pattern: str, timeout: float) -> tuple[int, str]:
    """The one layer of ``service`` whose name matches ``pattern``: ids move between
    versions of a service, names rarely do."""
    listing = get_json(service, {"f": "pjson"}, timeout)
    layers = listing.get("layers")
    if not isinstance(layers, list):
        raise ServiceError(f"{service} lists no layers")
    regex = re.compile(pattern, re.IGNORECASE)
    matches = [(int(item["id"]), str(item.get("name", ""))) for item in layers
               if isinstance(item, dict) and "id" in item and regex.search(str(item.get("name")))]
    if len(matches) != 1:
        names = ", ".join(repr(str(item.get("name"))) for item in layers if isinstance(item, dict))
        found = "no layer" if not matches else f"{len(matches)} layers"
        raise ServiceError(f"{found} of {service} match /{pattern}/ (layers: {names})")
    return matches[0]


@dataclass(frozen=True)
class LayerDescription:
    url: str
    fields: frozenset[str]
    object_id_field: str
    max_record_count: int
    geometry_type: str
    wkid: int | None


def describe(layer_url: str, timeout: float) -> LayerDescription:
    info = get_json(layer_url, {"f": "pjson"}, timeout)
    fields = [f for f in info.get("fields") or [] if isinstance(f, dict)]
    names = frozenset(str(f.get("name")) for f in fields)
    oid = info.get("objectIdField") or next(
        (str(f["name"]) for f in fields if f.get("type") == "esriFieldTypeOID"), None)
    if not oid:
        oid = next((n for n in names if n.upper() == "OBJECTID"), "OBJECTID")
    extent = info.get("extent") or {}
    reference = extent.get("spatialReference") or info.get("sourceSpatialReference") or {}
    wkid = reference.get("latestWkid") or reference.get("wkid")
    return LayerDescription(layer_url, names, str(oid),
                            max(1, min(int(info.get("maxRecordCount") or 1000), MAX_BATCH)),
                            str(info.get("geometryType") or ""), int(wkid) if wkid else None)


def object_ids(layer_url: str, where: str, timeout: float) -> list[int]:
    answer = get_json(f"{layer_url}/query", {"where": where, "returnIdsOnly": "true",
                                             "f": "json"}, timeout, post=True)
    ids = answer.get("objectIds")
    if ids is None:
        return []
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise ServiceError(f"{layer_url}/query returned object ids that are not integers")
    return sorted(set(ids))


# --- Esri JSON -> GeoJSON -------------------------------------------------------------------

def _signed_area(ring: list) -> float:
    xy = np.asarray(ring, dtype=float)[:, :2]
    if len(xy) < 3:
        return 0.0
    x, y = xy[:, 0], xy[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)) / 2


def _esri_polygon(rings: list) -> dict | None:
    """Esri rings are outer clockwise, holes anticlockwise, in any order: each hole goes to the
    outer ring that holds it. A service that winds every ring the other way gets all outers."""
    rings = [r for r in rings if len(r) >= 4]
    if not rings:
        return None
    areas = [_signed_area(r) for r in rings]
    outers = [r for r, a in zip(rings, areas, strict=True) if a < 0]
    holes = [r for r, a in zip(rings, areas, strict=True) if a >= 0]
    if not outers:
        outers, holes = holes, []
    shells = [shapely.Polygon(r) for r in outers]
    assigned: list[list] = [[] for _ in shells]
    for hole in holes:
        probe = shapely.Point(hole[0][:2])
        home = next((i for i, s in enumerate(shells) if s.covers(probe)), None)
        if home is None:
            shells.append(shapely.Polygon(hole))
            assigned.append([])
        else:
            assigned[home].append(hole)
    polygons = [[ [list(p[:2]) for p in shell.exterior.coords],
                  *[[list(p[:2]) for p in h] for h in hs]] for shell, hs in zip(
                      shells, assigned, strict=True)]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def esri_geometry(geometry: dict | None) -> dict | None:
    if not isinstance(geometry, dict):
        return None
    if "x" in geometry and "y" in geometry:
        if geometry["x"] is None or geometry["y"] is None:
            return None
        return {"type": "Point", "coordinates": [geometry["x"], geometry["y"]]}
    if "points" in geometry:
        return {"type": "MultiPoint", "coordinates": [p[:2] for p in geometry["points"]]}
    if "paths" in geometry:
        return {"type": "MultiLineString",
                "coordinates": [[p[:2] for p in path] for path in geometry["paths"]]}
    if "rings" in geometry:
        return _esri_polygon(geometry["rings"])
    return None


def esri_to_features(answer: dict) -> list[dict]:
    return [{"type": "Feature", "properties": f.get("attributes") or {},
             "geometry": esri_geometry(f.get("geometry"))}
            for f in answer.get("features") or [] if isinstance(f, dict)]


def _to_wgs84(features: list[dict], wkid: int) -> list[dict]:
    """For a server that answered in its own CRS despite ``outSR=4326``."""
    to_wgs = Transformer.from_crs(wkid if wkid not in WEB_MERCATOR else 3857, 4326,
                                  always_xy=True)
    out = []
    for feature in features:
        geometry = feature.get("geometry")
        if geometry:
            shape = shapely.geometry.shape(geometry)
            shape = shapely.transform(shape, lambda xy: np.column_stack(
                to_wgs.transform(xy[:, 0], xy[:, 1])))
            geometry = shapely.geometry.mapping(shape)
        out.append({**feature, "geometry": geometry})
    return out


# --- Whole layers ---------------------------------------------------------------------------

@dataclass
class Reader:
    """Reads one layer batch by batch; ``fmt`` falls back to Esri JSON once GeoJSON is refused
    and stays there, so a refusing server costs one extra request, not one per batch."""

    layer: LayerDescription
    out_fields: tuple[str, ...]
    timeout: float
    fmt: str = "geojson"
    requests: int = 0

    def _query(self, ids: list[int]) -> tuple[list[dict], bool]:
        params = {"objectIds": ",".join(map(str, ids)), "outFields": ",".join(
            dict.fromkeys((self.layer.object_id_field, *self.out_fields))),
                  "returnGeometry": "true", "outSR": 4326, "f": self.fmt}
        url = f"{self.layer.url}/query"
        self.requests += 1
        try:
            answer = get_json(url, params, self.timeout, post=True)
        except ServiceError as exc:
            refused = self.fmt == "geojson" and re.search(
                r"error (400|500)\b.*(format|geojson|f=|not supported)", str(exc), re.I)
            if not refused:
                raise
            self.fmt = "json"
            return self._query(ids)
        if answer.get("type") == "FeatureCollection":
            features = answer.get("features")
            if not isinstance(features, list):
                raise ServiceError(f"{url} returned a FeatureCollection without features")
        elif isinstance(answer.get("features"), list):
            if self.fmt == "geojson":  # the server ignored f=geojson: read its Esri JSON
                self.fmt = "json"
            features = esri_to_features(answer)
            reference = answer.get("spatialReference") or {}
            wkid = reference.get("latestWkid") or reference.get("wkid")
            if wkid and int(wkid) != 4326:
                features = _to_wgs84(features, int(wkid))
        else:
            raise ServiceError(f"{url} returned neither GeoJSON nor Esri JSON features")
        more = bool(answer.get("exceededTransferLimit") or (
            answer.get("properties") or {}).get("exceededTransferLimit"))
        return features, more

    def batches(self, ids: list[int]) -> Iterator[list[dict]]:
        size = self.layer.max_record_count
        pending = list(ids)
        oid = self.layer.object_id_field
        while pending:
            chunk, pending = pending[:size], pending[size:]
            features, truncated = self._query(chunk)
            got = {(f.get("properties") or {}).get(oid) for f in features}
            if None in got:
                raise ServiceError(f"{self.layer.url} returned features without their {oid}")
            missing = [i for i in chunk if i not in got]
            if missing and truncated and features:
                size = len(features)  # the server's real limit is lower than it says
                pending = missing + pending
            elif missing:
                raise ServiceError(f"{self.layer.url} returned {len(chunk) - len(missing)} of "
                                   f"{len(chunk)} requested features (deleted while we read?)")
            yield features


def resolve_fields(layer: LayerDescription, wanted: dict[str, str]) -> dict[str, str]:
    """Our property -> the layer's field. A wanted field is its exact name or a pattern
    (``TIT_CONCES|TITULAR``, ``.*_nomb``) that must match exactly one field: sources disagree
    on some names, and a service that renames a field fails here with the names it has."""
    resolved, problems = {}, []
    for ours, pattern in wanted.items():
        if pattern in layer.fields:
            resolved[ours] = pattern
            continue
        regex = re.compile(pattern, re.IGNORECASE)
        hits = sorted(f for f in layer.fields if regex.fullmatch(f))
        if len(hits) == 1:
            resolved[ours] = hits[0]
        else:
            problems.append(pattern if not hits else f"{pattern} (ambiguous: {', '.join(hits)})")
    if problems:
        raise ServiceError(f"{layer.url} lacks the expected field(s) {', '.join(problems)}; "
                           f"it has {', '.join(sorted(layer.fields)) or 'none'}")
    return resolved


def read_layer(service: str, layer_pattern: str, fields: dict[str, str], timeout: float,
               where: str = "1=1", progress: Callable[[str], None] = lambda _m: None,
               on_batch: Callable[[list[dict], dict[str, str]], None] | None = None
               ) -> tuple[list[dict], dict]:
    """Every feature of the layer, and what was learnt about it (for the cache's metadata,
    ``fields`` included: our property -> the field it was read from). With ``on_batch`` each
    batch goes there as it arrives and nothing is kept here: 66,975 rights as GeoJSON dicts
    would hold hundreds of MB that the caller's frame does not need."""
    index, name = resolve_layer(service, layer_pattern, timeout)
    layer = describe(f"{service}/{index}", timeout)
    resolved = resolve_fields(layer, fields)
    ids = object_ids(layer.url, where, timeout)
    reader = Reader(layer, tuple(resolved.values()), timeout)
    features: list[dict] = []
    oid = layer.object_id_field
    seen: set = set()
    for batch in reader.batches(ids):
        seen.update((f.get("properties") or {}).get(oid) for f in batch)
        if on_batch is None:
            features.extend(batch)
        else:
            on_batch(batch, resolved)
        progress(f"{len(seen & set(ids)):,} of {len(ids):,} features")
    received = len(seen & set(ids))
    if len(ids) != received:
        raise ServiceError(f"{layer.url}: asked for {len(ids)} features, received {received}")
    meta = {"service": service, "service_layer": index, "service_layer_name": name,
            "service_wkid": layer.wkid, "max_record_count": layer.max_record_count,
            "format": reader.fmt, "requests": reader.requests + 3, "features_read": len(ids),
            "fields": resolved}
    return features, meta
