"""A local stand-in for an ArcGIS REST MapServer, so the refresh is tested without internet.

It speaks the parts of the protocol the refresh uses: the service's ``?f=pjson`` layer list,
a layer's fields and ``maxRecordCount``, and ``/query`` pages in GeoJSON with ``resultOffset``,
``resultRecordCount`` and ``exceededTransferLimit``. ``mode`` makes it misbehave.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAYERS = [{"id": 0, "name": "Límite nacional"},
          {"id": 3, "name": "ANP de Administración Nacional Definitiva"},
          {"id": 8, "name": "Zonas de Amortiguamiento"}]
PAGE = 2


def square(lon: float, lat: float, half: float = 0.1) -> dict:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def bowtie(lon: float, lat: float) -> dict:
    """A self-intersecting ring: invalid, must be repaired, not dropped."""
    ring = [[lon, lat], [lon + 0.2, lat + 0.2], [lon + 0.2, lat], [lon, lat + 0.2], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


FEATURES = [
    {"type": "Feature", "properties": {"anp_nomb": f"Área {i}", "anp_cate": "Parque Nacional",
                                       "otro": i},
     "geometry": bowtie(-75.0, -10.0) if i == 4 else square(-76.0 + i * 0.5, -9.0 - i * 0.3)}
    for i in range(5)
]


class Stub:
    def __init__(self, mode: str = "ok", delay: float = 2.0):
        self.mode = mode
        self.delay = delay
        self.requests: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                stub.requests.append(self.path)
                status, body = stub.answer(self.path)
                if status == "sleep":
                    time.sleep(stub.delay)
                    status, body = 200, b"{}"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def service(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/arcgis/rest/services/x/MapServer"

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str) -> tuple[int | str, bytes]:
        url = urllib.parse.urlsplit(path)
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = url.path.rstrip("/").split("/")
        if parts[-1] == "MapServer":
            return 200, json.dumps({"layers": LAYERS}).encode()
        if parts[-1].isdigit():
            fields = [{"name": "anp_nomb"}, {"name": "otro"}]
            if self.mode != "missing_field":
                fields.append({"name": "anp_cate"})
            return 200, json.dumps({"fields": fields, "maxRecordCount": PAGE}).encode()
        if parts[-1] == "query":
            if self.mode == "http500":
                return 500, b'{"oops": true}'
            if self.mode == "slow":
                return "sleep", b""
            if self.mode == "malformed":
                return 200, b'{"type": "FeatureCollection", "features": [ {"type": '
            if self.mode == "arcgis_error":
                return 200, json.dumps({"error": {"code": 400, "message": "Invalid query"}}
                                       ).encode()
            offset = int(query.get("resultOffset", 0))
            count = int(query.get("resultRecordCount", PAGE))
            page = FEATURES[offset:offset + count]
            if self.mode == "projected":
                page = [{**f, "geometry": square(500000.0, 8900000.0, 1000.0)} for f in page]
            more = offset + count < len(FEATURES)
            body = {"type": "FeatureCollection", "features": page}
            if more:
                body["properties"] = {"exceededTransferLimit": True}
            return 200, json.dumps(body).encode()
        return 404, b'{"error": {"code": 404, "message": "not found"}}'
