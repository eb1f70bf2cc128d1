"""A local stand-in for Peru's ArcGIS REST services, so the refresh is tested without internet.

It does what the real ones do, quirks included: ``?f=pjson`` layer lists and layer
descriptions, ``returnIdsOnly``, ``objectIds`` queries by GET or POST, ``maxRecordCount``,
``outSR`` (layers may be stored in Web Mercator, as REINFO is), GeoJSON or Esri JSON. Quirks
are switched on per service: ``no_pagination`` (GEOCATMIN refuses ``resultOffset``),
``esri_only`` (``f=geojson`` refused), ``ignore_outsr``, ``truncate`` (fewer features than
``maxRecordCount`` promises, flagged ``exceededTransferLimit``), and failures: ``http500`` or
``timeout`` from the n-th query on, ``html`` (a portal page instead of JSON), ``renamed``.
"""

from __future__ import annotations

import json
import math
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

R = 6378137.0


def to_mercator(lon: float, lat: float) -> tuple[float, float]:
    return (math.radians(lon) * R, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * R)


def square(lon: float, lat: float, half: float = 0.1) -> list[list[list[float]]]:
    """Rings in GeoJSON order (anticlockwise outer)."""
    return [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
             [lon - half, lat + half], [lon - half, lat - half]]]


def bowtie(lon: float, lat: float) -> list[list[list[float]]]:
    """A self-intersecting ring: invalid, must be repaired, not dropped."""
    return [[[lon, lat], [lon + 0.2, lat + 0.2], [lon + 0.2, lat], [lon, lat + 0.2], [lon, lat]]]


@dataclass
class StubLayer:
    id: int
    name: str
    fields: list[str]
    # (attributes, geometry) by object id; geometry is GeoJSON in lon/lat. A callable makes
    # features on demand, so a 66,975-polygon cadastre costs no memory until it is read.
    count: int = 0
    make: Callable[[int], tuple[dict, dict]] | None = None
    max_record_count: int = 1000
    wkid: int = 4326
    geometry_type: str = "esriGeometryPolygon"

    def feature(self, oid: int) -> tuple[dict, dict]:
        attributes, geometry = self.make(oid)
        return {"OBJECTID": oid, **attributes}, geometry


@dataclass
class StubService:
    layers: list[StubLayer]
    quirks: set[str] = field(default_factory=set)
    fail_from_query: int | None = None  # the n-th feature query (1-based) and later fail


def _ring_clockwise(ring):
    return list(reversed(ring))


def _esri_geometry(geometry: dict, wkid_out: int) -> dict:
    def conv(p):
        return list(to_mercator(*p)) if wkid_out == 3857 else list(p)
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        x, y = conv(coords)
        return {"x": x, "y": y}
    if kind == "Polygon":
        rings = [_ring_clockwise(coords[0]), *coords[1:]]
        return {"rings": [[conv(p) for p in r] for r in rings]}
    if kind == "MultiPolygon":
        return {"rings": [[conv(p) for p in r] for poly in coords
                          for r in [_ring_clockwise(poly[0]), *poly[1:]]]}
    raise ValueError(kind)


def _geojson_geometry(geometry: dict, wkid_out: int) -> dict:
    if wkid_out != 3857:
        return geometry

    def walk(c):
        return list(to_mercator(*c)) if isinstance(c[0], (int, float)) else [walk(x) for x in c]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


class Stub:
    def __init__(self, services: dict[str, StubService], delay: float = 2.0):
        self.services = services
        self.delay = delay
        self.requests: list[tuple[str, dict]] = []
        self.feature_queries = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _reply(self, query: dict):
                stub.requests.append((urllib.parse.urlsplit(self.path).path, query))
                status, ctype, body = stub.answer(urllib.parse.urlsplit(self.path).path, query)
                if status == "sleep":
                    time.sleep(stub.delay)
                    status, ctype, body = 200, "application/json", b"{}"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                self._reply(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self._reply(dict(urllib.parse.parse_qsl(self.rfile.read(length).decode())))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/arcgis/rest/services/{name}/MapServer"

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def queries(self, name: str) -> list[dict]:
        return [q for p, q in self.requests if f"/{name}/" in p and p.endswith("/query")
                and q.get("returnIdsOnly") != "true"]

    @staticmethod
    def _json(data: dict, status: int = 200) -> tuple[int, str, bytes]:
        return status, "application/json; charset=utf-8", json.dumps(data).encode()

    def answer(self, path: str, query: dict):
        parts = path.rstrip("/").split("/")
        try:
            at = parts.index("MapServer")
        except ValueError:
            return self._json({"error": {"code": 404, "message": "not found"}}, 404)
        service = self.services.get(parts[at - 1])
        if service is None:
            return self._json({"error": {"code": 404, "message": "Service not found"}}, 404)
        if "html" in service.quirks:
            return 200, "text/html", b"<!DOCTYPE html><html><body>Portal GEOCATMIN</body></html>"
        rest = parts[at + 1:]
        if not rest:
            names = [{"id": layer.id, "name": layer.name + (" (v2)" if "renamed" in
                                                            service.quirks else "")}
                     for layer in service.layers]
            if "renamed" in service.quirks:
                names = [{"id": n["id"], "name": f"Capa {n['id']}"} for n in names]
            return self._json({"layers": names})
        layer = next((x for x in service.layers if str(x.id) == rest[0]), None)
        if layer is None:
            return self._json({"error": {"code": 400, "message": "Invalid or missing layer"}})
        if len(rest) == 1:
            return self._json({
                "id": layer.id, "name": layer.name, "geometryType": layer.geometry_type,
                "objectIdField": "OBJECTID", "maxRecordCount": layer.max_record_count,
                "extent": {"spatialReference": {"wkid": 102100 if layer.wkid == 3857 else
                                                layer.wkid, "latestWkid": layer.wkid}},
                "fields": [{"name": "OBJECTID", "type": "esriFieldTypeOID"},
                           *({"name": f, "type": "esriFieldTypeString"} for f in layer.fields)]})
        return self._query(service, layer, query)

    def _query(self, service: StubService, layer: StubLayer, query: dict):
        if query.get("returnIdsOnly") == "true":
            return self._json({"objectIdFieldName": "OBJECTID",
                               "objectIds": list(range(1, layer.count + 1))})
        if "resultOffset" in query and "no_pagination" in service.quirks:
            return self._json({"error": {"code": 400, "message": "Unable to complete operation.",
                                         "details": ["Pagination is not supported."]}})
        self.feature_queries += 1
        if service.fail_from_query and self.feature_queries >= service.fail_from_query:
            if "timeout" in service.quirks:
                return "sleep", "", b""
            return self._json({"error": {"code": 500, "message": "Error performing query"}},
                              500)
        fmt = query.get("f", "html")
        if fmt == "geojson" and "esri_only" in service.quirks:
            return self._json({"error": {"code": 400, "message": "Invalid format: geojson"}})
        if "objectIds" in query:
            ids = [int(i) for i in query["objectIds"].split(",") if i]
        else:
            offset = int(query.get("resultOffset", 0))
            ids = list(range(offset + 1, min(layer.count, offset + layer.max_record_count) + 1))
        ids = [i for i in ids if 1 <= i <= layer.count]
        limit = layer.max_record_count // 2 if "truncate" in service.quirks else \
            layer.max_record_count
        exceeded = len(ids) > limit
        ids = ids[:limit]
        out_sr = int(query.get("outSR") or layer.wkid)
        if "ignore_outsr" in service.quirks:
            out_sr = layer.wkid
        rows = [layer.feature(i) for i in ids]
        if fmt == "geojson":
            body = {"type": "FeatureCollection", "features": [
                {"type": "Feature", "id": a["OBJECTID"], "properties": a,
                 "geometry": _geojson_geometry(g, out_sr)} for a, g in rows]}
            if exceeded:
                body["properties"] = {"exceededTransferLimit": True}
        else:
            body = {"objectIdFieldName": "OBJECTID",
                    "spatialReference": {"wkid": 102100 if out_sr == 3857 else out_sr,
                                         "latestWkid": out_sr},
                    "features": [{"attributes": a, "geometry": _esri_geometry(g, out_sr)}
                                 for a, g in rows]}
            if exceeded:
                body["exceededTransferLimit"] = True
        return self._json(body)


# --- Layers shaped like the real ones --------------------------------------------------------

def protected_area(oid: int) -> tuple[dict, dict]:
    rings = bowtie(-75.0, -10.0) if oid == 4 else square(-76.0 + oid * 0.5, -9.0 - oid * 0.3)
    return ({"anp_nomb": f"Área {oid}", "anp_cate": "Parque Nacional", "anp_codi": f"PN{oid}",
             "otro": oid}, {"type": "Polygon", "coordinates": rings})


def mining_right(oid: int) -> tuple[dict, dict]:
    """A 1 km × 1 km concession on a grid over the Andes; every 1,000th right comes in two
    rows sharing its code, as multipart rights do in the service."""
    code = oid - 1 if oid % 1000 == 0 else oid
    column, row = code % 300, code // 300
    lon, lat = -79.5 + column * 0.025, -5.0 - row * 0.05
    if oid % 1000 == 0:
        lon += 0.012
    return ({"CODIGOU": f"{code:09d}", "CONCESION": f"Derecho <{code}>",
             "TIT_CONCES": "Minera `Ejemplo` S.A.C.", "HECTAGIS": "100", "ESTADO": "T",
             "D_ESTADO": "Titulado", "SUSTANCIA": "M", "FEC_DENU": "2001-05-01"},
            {"type": "Polygon", "coordinates": square(lon, lat, 0.0045)})


def point_feature(fields: dict[str, str], lon: float, lat: float):
    def make(oid: int) -> tuple[dict, dict]:
        return ({k: v.format(oid=oid) for k, v in fields.items()},
                {"type": "Point", "coordinates": [lon + (oid % 100) * 0.01,
                                                  lat - (oid // 100) * 0.01]})
    return make


# --- Every official service the catalog names, on loopback ---------------------------------

GEOCATMIN = "https://geocatmin.ingemmet.gob.pe/arcgis/rest/services"
PREFIXES = ("https://geoservicios.sernanp.gob.pe", "https://geocatmin.ingemmet.gob.pe",
            "https://gis.bosques.gob.pe", "https://www.idep.gob.pe")


def _district(ubigeo: str, index: int) -> Callable[[int], tuple[dict, dict]]:
    return lambda _oid: ({"ubigeo": ubigeo, "nomdist": f"Distrito {ubigeo}"},
                         {"type": "Polygon", "coordinates": square(
                             -80.0 + (index % 20) * 0.5, -4.0 - (index // 20) * 0.5, 0.24)})


def districts_layer(law) -> StubLayer:
    """One square district per place the law names (a department's first district, a
    province's first), plus non-Amazon districts; in the real service there are 1,892."""
    codes = []
    for row in law.itertuples():
        codes.append({"department": row.ubigeo + "0101", "province": row.ubigeo + "01",
                      "district": row.ubigeo}[row.level])
    codes += ["150101", "040101", "080101"]  # Lima, Arequipa, Cusco: not Amazon
    makers = [_district(code, i) for i, code in enumerate(codes)]
    layer = StubLayer(2, "Límite distrital", ["ubigeo", "nomdist"], len(makers),
                      lambda oid: makers[oid - 1](oid))
    return layer


def peru_services(law, cadastre_count: int = 2500) -> dict[str, StubService]:
    """Services named as the real ones, with their fields, layer names, SRs and quirks."""
    def area(prefix: str):
        def make(oid: int) -> tuple[dict, dict]:
            attributes, geometry = protected_area(oid)
            return ({f"{prefix}_nomb": f"Área {prefix} {oid}", f"{prefix}_codi": f"{prefix}{oid}",
                     **({"anp_cate": "Parque Nacional"} if prefix == "anp" else {})}, geometry)
        return make
    reinfo = point_feature({"COD_REINFO": "R{oid}", "NOMBRE_MIN": "Minero {oid}",
                            "ESTADO": "VIGENTE", "TIPO_ACT": "Explotación",
                            "DISTRITO": "Huepetuhe"}, -70.5, -12.9)
    pam = point_feature({"EXUNIDAD": "Ex unidad {oid}", "TIPO": "Relave", "SUBTIPO": "Relavera",
                         "DISTRITO": "Hualgayoc"}, -77.06, -9.52)
    mines = point_feature({"UNIDAD": "ANTAMINA", "ELE_PRINC": "Cu", "ESTADO": "Operación"},
                          -77.06, -9.53)
    deposits = point_feature({"UNIDAD": "Yacimiento {oid}", "ELE_PRINC": "Au"}, -78.5, -7.0)

    def community(oid: int) -> tuple[dict, dict]:
        return ({"nombre_comunidad": f"Comunidad <{oid}>"},
                {"type": "Polygon", "coordinates": square(-74.6 + oid * 0.2, -11.2, 0.05)})
    return {
        "servicio_descarga": StubService([
            StubLayer(1, "ANP Nacional Definitiva", ["anp_nomb", "anp_cate", "anp_codi"], 5,
                      area("anp"), max_record_count=2),
            StubLayer(2, "Zona Reservada", ["zr_nomb", "zr_codi"], 2, area("zr")),
            StubLayer(3, "Area Conservacion Regional", ["acr_nomb", "acr_codi"], 2, area("acr")),
            StubLayer(4, "Area Conservacion Privada", ["acp_nomb", "acp_codi"], 2, area("acp")),
            StubLayer(8, "Zonas de Amortiguamiento", ["anp_nomb", "anp_codi"], 3, area("anp")),
            StubLayer(23, "Reservas PIACI", ["ri_nomb"], 2, lambda oid: (
                {"ri_nomb": f"Reserva {oid}"}, protected_area(oid)[1]))]),
        "COMUNIDADES_NATIVAS": StubService([
            StubLayer(0, "Comunidades nativas", ["nombre_comunidad"], 40, community)]),
        "SERV_CATASTRO_MINERO_WGS84": StubService([
            StubLayer(0, "Catastro Minero",
                      ["CODIGOU", "CONCESION", "TIT_CONCES", "HECTAGIS", "ESTADO", "D_ESTADO",
                       "SUSTANCIA", "FEC_DENU"], cadastre_count, mining_right),
            StubLayer(1, "Catastro Minero DGM", ["CODIGOU"], 0)], {"no_pagination"}),
        "SERV_METALOGENETICO": StubService([
            StubLayer(0, "Proyectos y unidades mineras en operación",
                      ["UNIDAD", "ELE_PRINC", "ESTADO"], 20, mines,
                      geometry_type="esriGeometryPoint"),
            StubLayer(1, "Yacimientos minerales", ["UNIDAD", "ELE_PRINC"], 30, deposits,
                      geometry_type="esriGeometryPoint"),
            StubLayer(4, "Franjas metalogenéticas", ["NOMBRE"], 0)],
            {"no_pagination", "esri_only"}),
        "SERV_PASIVO_AMBIENTAL": StubService([
            StubLayer(0, "Pasivos ambientales mineros", ["EXUNIDAD", "TIPO", "SUBTIPO",
                                                         "DISTRITO"], 12, pam,
                      geometry_type="esriGeometryPoint")], {"no_pagination"}),
        "SERV_REINFO": StubService([
            StubLayer(0, "REINFO", ["COD_REINFO", "NOMBRE_MIN", "ESTADO", "TIPO_ACT",
                                    "DISTRITO"], 3000, reinfo, max_record_count=2000, wkid=3857,
                      geometry_type="esriGeometryPoint")], {"no_pagination", "truncate"}),
        "serv_geobosques_bosque_perdida": StubService([districts_layer(law)]),
    }


def mirrors_for(stub: Stub) -> dict[str, str]:
    base = f"http://127.0.0.1:{stub.server.server_port}"
    return {prefix: base + "/" + prefix.split("//")[1].split(".")[1] for prefix in PREFIXES}
