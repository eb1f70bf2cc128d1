"""Writes the hostile-file corpus: ``python -m tests.corpus.build`` (deterministic).

Every case is a file a stranger could upload. ``expected.json`` says, for each, either the
message key it must be refused with or how many features it must give; tests/test_hostile.py
checks both, and that nothing else ever happens (no other exception, no file of ours read).
"""

from __future__ import annotations

import io
import json
import sqlite3
import struct
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

HERE = Path(__file__).parent
FILES = HERE / "files"
SECRET = "/etc/hostname"  # what a disguised VRT or an XXE would try to read

NAMES = [
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "{{ 7*7 }}", "{% for x in range(9) %}x{% endfor %}", "`${alert(1)}`", "\\u003cscript\\u003e",
    "\u202egnp.exe", "zero\u200bwidth", "Concesión Ñandú 鉱山 🪨", "=HYPERLINK(\"http://x\")",
    "+cmd|' /C calc'!A0", "'; DROP TABLE sites; --", "\x00nul\x01ctl", "x" * 5000,
    "</textarea><svg onload=alert(1)>", "&lt;already escaped&gt;", "a\nb\rc\td",
]
PERU = (-75.0, -10.0)


def fc(features) -> dict:
    return {"type": "FeatureCollection", "features": features}


def point(lon=PERU[0], lat=PERU[1], name="ok", extra=None) -> dict:
    return {"type": "Feature", "properties": {"name": name, **(extra or {})},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def square(lon=PERU[0], lat=PERU[1], size=0.05) -> list:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size],
             [lon, lat]]]


def geojson_cases() -> dict[str, tuple[bytes, dict]]:
    cases: dict[str, tuple[bytes, dict]] = {}

    def add(name, obj, expect, raw=None):
        data = raw if raw is not None else json.dumps(obj, ensure_ascii=False).encode()
        cases[f"{name}.geojson"] = (data, expect)

    for i, text in enumerate(NAMES):
        add(f"gj_name_{i:02d}", fc([point(name=text), point(-74.9, -10.1, name=text)]),
            {"features": 2, "label_in": text.split("\x00")[0][:200]})  # GDAL stops at a NUL
    add("gj_single_feature", point(), {"features": 1})
    add("gj_bare_geometry", {"type": "Point", "coordinates": [-75, -10]}, {"features": 1})
    add("gj_geometry_collection", fc([{"type": "Feature", "properties": {"name": "gc"},
        "geometry": {"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [-75, -10]},
            {"type": "Polygon", "coordinates": square()}]}}]), {"features": 1})
    add("gj_empty_collection", fc([]), {"key": "upload.no_features"})
    add("gj_empty_object", {}, {"key": "upload.unreadable"})
    add("gj_empty_array", [], {"key": "upload.unreadable"})
    add("gj_null", None, {"key": "upload.bad_type"})
    add("gj_truncated", None, {"key": "upload.unreadable"},
        raw=json.dumps(fc([point()]))[:-7].encode())
    add("gj_trailing_garbage", None, {"key": "upload.unreadable"},
        raw=json.dumps(fc([point()])).encode() + b"\x00\xff garbage")
    add("gj_bom", None, {"features": 1}, raw=b"\xef\xbb\xbf" + json.dumps(fc([point()])).encode())
    add("gj_utf16", None, {"key": "upload.bad_type"},
        raw=json.dumps(fc([point()])).encode("utf-16"))
    add("gj_nan_coords", None, {"key": "upload.nothing_in_peru"},
        raw=b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            b'"geometry":{"type":"Point","coordinates":[NaN, Infinity]}}]}')
    add("gj_huge_number", None, {"key": "upload.unreadable"},
        raw=b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            b'"geometry":{"type":"Point","coordinates":[1e309, -10]}}]}')
    add("gj_out_of_range", fc([point(500, -10)]), {"key": "upload.nothing_in_peru"})
    add("gj_swapped_latlon", fc([point(-10, -75)]), {"key": "upload.nothing_in_peru"})
    add("gj_3d", fc([{"type": "Feature", "properties": {"name": "z"}, "geometry": {
        "type": "Point", "coordinates": [-75, -10, 4500]}}]), {"features": 1})
    add("gj_strings_as_coords", fc([{"type": "Feature", "properties": {}, "geometry": {
        "type": "Point", "coordinates": ["-75", "x"]}}]), {"reject": True})
    add("gj_unclosed_ring", fc([{"type": "Feature", "properties": {"name": "open"}, "geometry": {
        "type": "Polygon", "coordinates": [square()[0][:-1]]}}]), {"reject_or_features": 1})
    add("gj_bowtie", fc([{"type": "Feature", "properties": {"name": "bow"}, "geometry": {
        "type": "Polygon", "coordinates": [[[-75, -10], [-74.9, -9.9], [-74.9, -10],
                                            [-75, -9.9], [-75, -10]]]}}]),
        {"features": 1, "repaired": 1})
    add("gj_null_geometry", fc([{"type": "Feature", "properties": {"name": "none"},
                                 "geometry": None}, point()]), {"features": 1})
    add("gj_empty_coords", fc([{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": []}}, point()]), {"features": 1})
    add("gj_deep_nesting", None, {"key": "upload.unreadable"},
        raw=b'{"type":"FeatureCollection","features":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    add("gj_property_types", fc([point(name=None, extra={"n": 1, "o": {"a": [1, 2]},
                                                         "b": True})]), {"features": 1})
    add("gj_name_object", fc([{"type": "Feature", "properties": {"name": {"x": "<b>"}},
                               "geometry": {"type": "Point", "coordinates": [-75, -10]}}]),
        {"features": 1})
    add("gj_old_crs_member", {"type": "FeatureCollection", "crs": {"type": "name", "properties":
        {"name": "urn:ogc:def:crs:EPSG::32718"}}, "features": [
            {"type": "Feature", "properties": {"name": "utm"},
             "geometry": {"type": "Point", "coordinates": [500000, 8894000]}}]},
        {"features": 1, "near": [-75.0, -10.005]})
    add("gj_many_points", fc([point(-75 + i * 1e-3, -10, name=f"p{i}") for i in range(3000)]),
        {"features": 3000})
    add("gj_html_document", None, {"key": "upload.bad_type"},
        raw=b"<html><body><script>alert(1)</script></body></html>")
    add("gj_foreign_type", {"type": "Topology", "objects": {}}, {"reject": True})
    return cases


def kml(placemarks: str, head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{head}<kml xmlns="http://www.opengis.net/'
            f'kml/2.2"><Document>{placemarks}</Document></kml>').encode()


def placemark(name: str, coords: str = "-75,-10", desc: str = "") -> str:
    from xml.sax.saxutils import escape as xml_escape

    return (f"<Placemark><name>{xml_escape(name)}</name><description>{desc}</description>"
            f"<Point><coordinates>{coords}</coordinates></Point></Placemark>")


def kml_cases() -> dict[str, tuple[bytes, dict]]:
    cases = {}
    for i, text in enumerate(NAMES[:12]):
        cases[f"kml_name_{i:02d}.kml"] = (kml(placemark(text.replace("\x00", ""))),
                                         {"features": 1})
    cases["kml_cdata_script.kml"] = (kml(placemark("cdata", desc="<![CDATA[<script>alert(1)"
                                                                 "</script>]]>")),
                                     {"features": 1})
    cases["kml_xxe.kml"] = (kml(placemark("&xxe;"), head=f'<!DOCTYPE kml [<!ENTITY xxe SYSTEM '
                                                        f'"file://{SECRET}">]>'),
                            {"reject_or_features": 1, "no_secret": True})
    cases["kml_billion_laughs.kml"] = (kml(placemark("&l9;"), head=(
        '<!DOCTYPE kml [<!ENTITY l0 "ha">' + "".join(
            f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)) + "]>")),
        {"reject_or_features": 1})
    cases["kml_network_link.kml"] = (kml("<NetworkLink><Link><href>http://example.com/x.kml"
                                         "</href></Link></NetworkLink>" + placemark("near")),
                                     {"features": 1})
    cases["kml_vrt_disguised.kml"] = (
        f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>{SECRET}</SrcDataSource>'
        f'</OGRVRTLayer></OGRVRTDataSource><!-- <kml> -->'.encode(), {"key": "upload.bad_type"})
    cases["kml_vrt_inside_kml.kml"] = (
        kml(placemark("v"), head="<!-- OGRVRTDataSource -->"), {"key": "upload.bad_type"})
    cases["kml_no_placemarks.kml"] = (kml(""), {"reject": True})
    cases["kml_malformed.kml"] = (kml(placemark("x"))[:-20], {"reject": True})
    cases["kml_no_geometry.kml"] = (kml("<Placemark><name>n</name></Placemark>"
                                        + placemark("g")), {"features": 1})
    cases["kml_garbage_coords.kml"] = (kml(placemark("g", coords="abc,def")
                                           + placemark("ok")), {"reject_or_features": 1})
    cases["kml_polygon.kml"] = (kml("<Placemark><name>poly</name><Polygon><outerBoundaryIs>"
                                    "<LinearRing><coordinates>-75,-10 -74.9,-10 -74.9,-9.9 "
                                    "-75,-10</coordinates></LinearRing></outerBoundaryIs>"
                                    "</Polygon></Placemark>"), {"features": 1})
    cases["kml_outside_peru.kml"] = (kml(placemark("tokyo", "139.7,35.7")),
                                     {"key": "upload.nothing_in_peru"})
    return cases


def csv_cases() -> dict[str, tuple[bytes, dict]]:
    cases = {}
    for i, text in enumerate(NAMES[:10]):
        quoted = '"' + text.replace('"', '""').replace("\x00", "") + '"'
        cases[f"csv_name_{i:02d}.csv"] = (f"name,lon,lat\n{quoted},-75,-10\n".encode(),
                                         {"features": 1})
    cases["csv_semicolon_comma.csv"] = (b"nombre;longitud;latitud\nA;-75,1;-10,2\n",
                                        {"features": 1, "near": [-75.1, -10.2]})
    cases["csv_tabs.csv"] = (b"name\tx\ty\nA\t-75\t-10\n", {"features": 1})
    cases["csv_missing_columns.csv"] = (b"name,lon,height\nA,-75,3\n",
                                        {"key": "upload.csv_columns"})
    cases["csv_text_coords.csv"] = (b"name,lon,lat\nA,abc,def\nB,-75,-10\n",
                                    {"features": 1, "bad_rows": [2]})
    cases["csv_all_bad.csv"] = (b"name,lon,lat\nA,abc,def\n", {"key": "upload.csv_no_points"})
    cases["csv_header_only.csv"] = (b"name,lon,lat\n", {"key": "upload.csv_no_points"})
    cases["csv_utm_numbers.csv"] = (b"name,x,y\nA,500000,8894000\n",
                                    {"key": "upload.csv_no_points"})
    cases["csv_quoted_newline.csv"] = (b'name,lon,lat\n"two\nlines",-75,-10\n', {"features": 1})
    cases["csv_ragged_rows.csv"] = (b"name,lon,lat\nA,-75,-10,extra,extra\nB,-75\nC,-74,-11\n",
                                    {"reject_or_features": 1})
    cases["csv_latin1.csv"] = ("name,lon,lat\nÑandú,-75,-10\n".encode("latin-1"),
                               {"features": 1})
    cases["csv_nul_bytes.csv"] = (b"name,lon,lat\nA\x00B,-75,-10\n", {"key": "upload.bad_type"})
    cases["csv_outside_peru.csv"] = (b"name,lon,lat\nTokyo,139.7,35.7\n",
                                     {"key": "upload.nothing_in_peru"})
    cases["csv_no_delimiter.txt"] = (b"just some text\nlon lat\n", {"key": "upload.bad_type"})
    cases["csv_many_rows.csv"] = (("name,lon,lat\n" + "".join(
        f"r{i},{-75 + i * 1e-4:.5f},-10\n" for i in range(5000))).encode(), {"features": 5000})
    return cases


def _shapefile(tmp: Path, frame: gpd.GeoDataFrame, stem="s", parts=("shp", "shx", "dbf", "prj"),
               names: dict | None = None) -> bytes:
    frame.to_file(tmp / f"{stem}.shp", engine="pyogrio")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for ext in parts:
            path = tmp / f"{stem}.{ext}"
            if path.exists():
                archive.write(path, (names or {}).get(ext, f"{stem}.{ext}"))
    return buffer.getvalue()


def binary_cases() -> dict[str, tuple[bytes, dict]]:
    cases = {}
    frame = gpd.GeoDataFrame({"name": NAMES[:6]}, geometry=[
        shapely.Point(-75 + i * 0.01, -10) for i in range(6)], crs=4326)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        frame.to_file(tmp / "a.gpkg", engine="pyogrio")
        gpkg = (tmp / "a.gpkg").read_bytes()
        cases["bin_gpkg_hostile_names.gpkg"] = (gpkg, {"features": 6})
        cases["bin_gpkg_truncated.gpkg"] = (gpkg[:2048], {"key": "upload.unreadable"})
        cases["bin_gpkg_named_kml.kml"] = (gpkg, {"features": 6})
        db = tmp / "plain.sqlite"
        with sqlite3.connect(db) as conn:
            conn.execute("create table t (name text, wkt text)")
            conn.execute("insert into t values ('x', 'POINT(-75 -10)')")
        cases["bin_plain_sqlite.gpkg"] = (db.read_bytes(), {"reject": True})
        frame.to_file(tmp / "a.fgb", engine="pyogrio")
        fgb = (tmp / "a.fgb").read_bytes()
        cases["bin_fgb.fgb"] = (fgb, {"features": 6})
        cases["bin_fgb_truncated.fgb"] = (fgb[:200], {"key": "upload.no_geometry"})
        frame.to_parquet(tmp / "a.parquet")
        parquet = (tmp / "a.parquet").read_bytes()
        cases["bin_parquet.parquet"] = (parquet, {"features": 6})
        cases["bin_parquet_truncated.parquet"] = (parquet[:300] + b"PAR1", {"reject": True})
        import pandas as pd

        pd.DataFrame({"a": [1]}).to_parquet(tmp / "plain.parquet")
        cases["bin_parquet_no_geo.parquet"] = ((tmp / "plain.parquet").read_bytes(),
                                               {"key": "upload.no_geometry"})
        utm = frame.to_crs(32718)
        cases["zip_shapefile.zip"] = (_shapefile(tmp, frame), {"features": 6})
        cases["zip_shapefile_utm.zip"] = (_shapefile(tmp, utm, "u"),
                                          {"features": 6, "near": [-75.0, -10.0]})
        cases["zip_no_prj.zip"] = (_shapefile(tmp, frame, "n", ("shp", "shx", "dbf")),
                                   {"key": "upload.no_crs"})
        cases["zip_no_shx.zip"] = (_shapefile(tmp, frame, "x", ("shp", "dbf", "prj")),
                                   {"reject_or_features": 6})
        cases["zip_in_folder.zip"] = (_shapefile(tmp, frame, "f", names={
            e: f"deep/er/f.{e}" for e in ("shp", "shx", "dbf", "prj")}), {"features": 6})
        cases["zip_traversal.zip"] = (_shapefile(tmp, frame, "t", names={
            e: f"../../t.{e}" for e in ("shp", "shx", "dbf", "prj")}),
            {"key": "upload.no_shapefile"})
        cases["zip_absolute.zip"] = (_shapefile(tmp, frame, "b", names={  # zipfile drops the /
            e: f"/tmp/b.{e}" for e in ("shp", "shx", "dbf", "prj")}), {"features": 6})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "no shapes here")
    cases["zip_no_shapefile.zip"] = (buffer.getvalue(), {"key": "upload.no_shapefile"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("v.shp", f'<OGRVRTDataSource><OGRVRTLayer name="v"><SrcDataSource>'
                                  f'{SECRET}</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>')
        archive.writestr("v.prj", "GEOGCS[]")
    cases["zip_vrt_as_shp.zip"] = (buffer.getvalue(), {"key": "upload.unreadable"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.shp", b"\x00" * (50 * 1024 * 1024))
        archive.writestr("bomb.prj", "GEOGCS[]")
    cases["zip_bomb.zip"] = (buffer.getvalue(), {"key": "upload.zip_bomb"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w"):
        pass
    cases["zip_empty.zip"] = (buffer.getvalue(), {"key": "upload.no_shapefile"})
    cases["zip_corrupt.zip"] = (b"PK\x03\x04" + b"\x00" * 100, {"key": "upload.unreadable"})
    inner = cases["zip_shapefile.zip"][0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner.zip", inner)
    cases["zip_nested.zip"] = (buffer.getvalue(), {"key": "upload.no_shapefile"})
    cases["bin_png_as_geojson.geojson"] = (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
                                           {"key": "upload.bad_type"})
    cases["bin_pdf_as_kml.kml"] = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                                   {"key": "upload.bad_type"})
    cases["bin_exe.exe"] = (b"MZ\x90\x00\x03" + b"\x00" * 60, {"key": "upload.bad_type"})
    cases["bin_random.gpkg"] = (bytes((i * 7919 + 13) % 256 for i in range(4096)),
                                {"key": "upload.bad_type"})
    cases["bin_empty.geojson"] = (b"", {"key": "upload.empty_file"})
    cases["bin_fake_sqlite_header.gpkg"] = (b"SQLite format 3\x00" + b"\xff" * 200,
                                            {"key": "upload.unreadable"})
    cases["bin_fgb_magic_only.fgb"] = (b"fgb\x03fgb\x00" + struct.pack("<I", 10**9),
                                       {"key": "upload.no_geometry"})
    return cases


PAGES = ("", "map", "present", "environment", "downloads", "stakeholders", "trade", "data")
HOSTILE_PARAMS = [
    "lang=xx", "lang=<script>alert(1)</script>", "lang=", "lang=ja&lang=es&lang=en",
    "lang=%00", "lang=" + "e" * 5000, "stop=1e309", "stop=NaN", "stop=-1", "stop=99999999999",
    "stop=1.5", "stop=0x10", "stop=%F0%9F%92%A5", "every=0", "every=-5", "every=1e309",
    "every=NaN", "play=yes", "play=%3Cb%3E", "play=1&every=1", "minerals=Xx",
    "minerals=Cu,Cu,Cu", "minerals=" + ",".join(["Cu"] * 10_000),
    "minerals=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "minerals=,,,,", "stages=bogus",
    "stages=operating&stages=%22%3E", "companies=mitsubishi,../../etc/passwd",
    "companies=" + "x" * 20_000, "departments=Lima%00", "departments={{7*7}}",
    "japan=2", "japan=true", "japan=%27%20OR%201%3D1", "primary=NaN", "primary=-0",
    "zoom=1e309", "lat=NaN&lon=Infinity", "file=/etc/passwd", "path=..%2F..%2Fdata",
    "layer=javascript:alert(1)", "%3Cscript%3E=1", "a[]=1&a[]=2", "=%3D%3D", "&&&&",
    "lang=ja&minerals=Li&stages=exploration&japan=1&primary=1",
]


def url_cases() -> list[str]:
    out = []
    for i, params in enumerate(HOSTILE_PARAMS):
        for page in (PAGES[i % len(PAGES)], PAGES[(i + 3) % len(PAGES)],
                     PAGES[(i + 5) % len(PAGES)]):
            out.append(f"/{page}?{params}")
    return out


def all_cases() -> dict[str, tuple[bytes, dict]]:
    return {**geojson_cases(), **kml_cases(), **csv_cases(), **binary_cases()}


def main() -> None:
    FILES.mkdir(parents=True, exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    expected = {}
    for name, (data, expect) in sorted(all_cases().items()):
        (FILES / name).write_bytes(data)
        expected[name] = expect
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False)
                                        + "\n", encoding="utf-8")
    urls = url_cases()
    (HERE / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    print(f"{len(expected)} files in {FILES}, {len(urls)} URLs in urls.txt")


if __name__ == "__main__":
    main()
