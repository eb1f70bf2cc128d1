"""Every layer as GeoJSON (RFC 7946), GeoPackage, KML, CSV and a zip bundle — byte-for-byte
reproducible, with its source, licence and date.

GeoJSON is written by our own small writer rather than a library's, because RFC 7946 asks for
things GDAL and geopandas leave to chance: counter-clockwise exterior rings, no ``crs`` member,
at most 6 decimals, and a stable ``id``. Provenance travels as a top-level ``metadata`` member
(RFC 7946 §6.1 foreign members): title, source, licence, as_of, generator.

    python -m geo.export --list
    python -m geo.export --layer sites --format geojson [--out sites.geojson]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import mapping
from shapely.geometry.polygon import orient

from geo.atomic import write_atomic
from geo.layers import Layer, load_layers
from geo.load import Atlas, load_atlas
from geo.screening import screen

GENERATOR = "Peru–Japan Minerals Atlas (geo.export)"
FORMATS = ("geojson", "gpkg", "kml", "csv")
MEDIA_TYPES = {"geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3",
               "kml": "application/vnd.google-earth.kml+xml", "csv": "text/csv",
               "zip": "application/zip"}
DECIMALS = 6
SITES_LICENCE = ("Facts: CC BY 4.0, Peru–Japan Minerals Atlas; each row cites its source "
                 "(see SOURCES.md for each source's own terms)")


@dataclass(frozen=True)
class ExportLayer:
    id: str
    title: str
    source: str
    licence: str
    as_of: str
    frame: gpd.GeoDataFrame  # flat, typed properties; "id" first; EPSG:4326

    @property
    def metadata(self) -> dict:
        return {"title": self.title, "source": self.source, "licence": self.licence,
                "as_of": self.as_of, "generator": GENERATOR, "features": len(self.frame)}


# ---- layers -------------------------------------------------------------------------------

SITE_FIELDS = ("id", "name", "name_ja", "name_ja_basis", "kind", "status", "minerals",
               "primary_mineral", "department", "operator", "start_year", "capex_musd",
               "capex_source_url", "lat", "lon",
               "coord_precision_m", "coord_source_url", "japan_linked", "company_ids",
               "japanese_company_ids", "equity_listed_pct", "source_url", "as_of", "confidence",
               "confidence_note")
COLUMN_MEANINGS = {
    "id": "stable identifier of the row (site id, or site:company:role for a stake)",
    "minerals": "element symbols, primary first, ';'-separated",
    "name_ja": "the site's Japanese name; name_ja_basis says whether it was read on a Japanese "
               "page (cited) or is our katakana (transliterated)",
    "lat": "latitude, WGS84 decimal degrees", "lon": "longitude, WGS84 decimal degrees",
    "coord_precision_m": "how far the point may be from the pit or plant (metres)",
    "capex_musd": "capital expenditure, US$ millions, with capex_source_url",
    "japan_linked": "true when a Japanese company holds any role at the site",
    "company_ids": "companies with any role at the site, ';'-separated",
    "equity_listed_pct": "sum of the published equity shares (below 100 = rest not sourced)",
    "share_pct": "equity share in percent (empty when not published)",
    "role": "equity, offtake, finance, technology, engineering or equipment",
    "as_of": "date the row's source speaks for (YYYY, YYYY-MM or YYYY-MM-DD)",
    "confidence": "high, medium or low; confidence_note says why when not high",
    "sensitivity": "high / medium / low, thresholds in geo/screening.py",
    "protected_area_km": "km to the nearest protected area (0 when inside)",
    "indigenous_reserve_km": "km to the nearest indigenous reserve (0 when inside)",
    "native_community_km": "km to the nearest native community (empty until fetched)",
    "liabilities_nearby": "mining environmental liabilities within 5 km (empty until fetched)",
    "in_buffer_zone": "empty when the official buffer-zone layer is not loaded",
    "area_ha": "official legal area in hectares",
    "shape": "whether the outline is official or our circle of the official area",
}


def _max_date(values: pd.Series) -> str:
    dates = [v for v in values.astype(str) if v]
    return max(dates) if dates else ""


def sites_frame(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Sites with flat, typed columns: lists joined by ';', no tuples."""
    out = pd.DataFrame({
        "id": sites["id"], "name": sites["name"],
        "name_ja": sites.get("name_ja", ""), "name_ja_basis": sites.get("name_ja_basis", ""),
        "kind": sites["kind"],
        "status": sites["status"], "minerals": sites["minerals"].map(";".join),
        "primary_mineral": sites["primary_mineral"], "department": sites["department"],
        "operator": sites["operator"], "start_year": sites["start_year"],
        "capex_musd": sites["capex_musd"], "capex_source_url": sites["capex_source_url"],
        "lat": sites["lat"], "lon": sites["lon"],
        "coord_precision_m": sites["coord_precision_m"],
        "coord_source_url": sites["coord_source_url"],
        "japan_linked": sites["japan_linked"].astype(bool),
        "company_ids": sites["company_ids"].map(";".join),
        "japanese_company_ids": sites["japanese_company_ids"].map(";".join),
        "equity_listed_pct": sites["equity_pct"],
        "source_url": sites["source_url"], "as_of": sites["as_of"],
        "confidence": sites["confidence"], "confidence_note": sites["confidence_note"],
    })
    frame = gpd.GeoDataFrame(out, geometry=sites.geometry.values, crs=4326)
    return frame.sort_values("id").reset_index(drop=True)


def site_layer(sites: gpd.GeoDataFrame, layer_id: str, title: str) -> ExportLayer:
    return ExportLayer(layer_id, title, "Peru–Japan Minerals Atlas, data/sites.csv (each row "
                       "cites its source_url)", SITES_LICENCE, _max_date(sites["as_of"]),
                       sites_frame(sites))


def owners_layer(atlas: Atlas) -> ExportLayer:
    stakes = atlas.stakes.merge(atlas.companies[["id", "name", "name_ja", "country", "kind"]],
                                left_on="company_id", right_on="id", suffixes=("", "_c"))
    sites = atlas.sites.set_index("id")
    out = pd.DataFrame({
        "id": stakes["site_id"] + ":" + stakes["company_id"] + ":" + stakes["role"],
        "site_id": stakes["site_id"], "site_name": stakes["site_id"].map(sites["name"]),
        "company_id": stakes["company_id"], "company": stakes["name"],
        "company_ja": stakes["name_ja"], "company_country": stakes["country"],
        "company_kind": stakes["kind"], "role": stakes["role"], "share_pct": stakes["share_pct"],
        "lat": stakes["site_id"].map(sites["lat"]), "lon": stakes["site_id"].map(sites["lon"]),
        "source_url": stakes["source_url"], "as_of": stakes["as_of"],
        "confidence": stakes["confidence"], "note": stakes["note"],
    })
    geometry = stakes["site_id"].map(sites["geometry"])
    frame = gpd.GeoDataFrame(out, geometry=list(geometry), crs=4326)
    frame = frame.sort_values("id").reset_index(drop=True)
    return ExportLayer("site_owners", "Sites joined with their owners and partners (one row per "
                       "stake)", "Peru–Japan Minerals Atlas, data/stakes.csv and companies.csv",
                       SITES_LICENCE, _max_date(frame["as_of"]), frame)


def environment_layer(layer: Layer) -> ExportLayer:
    frame = layer.frame.copy()
    if "id" not in frame:
        frame.insert(0, "id", [f"{layer.info.id}_{i + 1}" for i in range(len(frame))])
    keep = [c for c in frame.columns if c != "geometry"]
    frame = gpd.GeoDataFrame(frame[keep], geometry=frame.geometry.values, crs=4326)
    frame = frame.sort_values("id").reset_index(drop=True)
    return ExportLayer(layer.info.id, layer.info.title["en"], layer.info.source,
                       layer.info.licence, layer.info.as_of, frame)


def screening_layer(atlas: Atlas, layers: dict[str, Layer]) -> ExportLayer:
    result = screen(atlas.sites, layers)
    sites = atlas.sites.set_index("id")
    out = result.rename(columns={"site_id": "id"}).copy()
    out.insert(1, "name", out["id"].map(sites["name"]))
    for column in ("in_amazon", "in_buffer_zone"):
        out[column] = out[column].astype("boolean")
    frame = gpd.GeoDataFrame(out, geometry=list(out["id"].map(sites["geometry"])), crs=4326)
    versions = "; ".join(f"{k}: {v.version}" for k, v in layers.items())
    return ExportLayer("screening", "Environmental screening of every site",
                       f"geo/screening.py over the sites and the layers ({versions})",
                       SITES_LICENCE, _max_date(atlas.sites["as_of"]),
                       frame.sort_values("id").reset_index(drop=True))


def user_layer(screened: gpd.GeoDataFrame, name: str, fmt: str, as_of: str) -> ExportLayer:
    """An uploaded layer given back with the Atlas's screening of each feature."""
    out = screened.to_crs(4326).copy()
    for column in ("in_amazon", "in_buffer_zone"):
        out[column] = out[column].astype("boolean")
    return ExportLayer(
        "your_layer", f"{name} — screened by the Peru–Japan Minerals Atlas",
        f"your upload ({fmt}); screening columns from geo/screening.py",
        "the uploaded features keep their own terms; the screening columns are CC BY 4.0",
        as_of, out.reset_index(drop=True))


def all_layers(atlas: Atlas, layers: dict[str, Layer]) -> dict[str, ExportLayer]:
    """Every layer the downloads page and the CLI offer, in display order."""
    out = {
        "sites": site_layer(atlas.sites, "sites", "Mines, projects, deposits and plants"),
        "site_owners": owners_layer(atlas),
        "japan_sites": site_layer(atlas.sites[atlas.sites["japan_linked"]], "japan_sites",
                                  "Sites with a Japanese link"),
    }
    for layer_id, layer in layers.items():
        if layer.available or not layer.frame.empty:
            out[layer_id] = environment_layer(layer)
    out["screening"] = screening_layer(atlas, layers)
    return out


# ---- GeoJSON (RFC 7946) ---------------------------------------------------------------------

def _value(value):
    """Typed, JSON-safe property values: NaN/NA become null, numpy scalars plain Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return value


def _rfc_geometry(geom) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type == "Polygon":
        geom = orient(geom, sign=1.0)
    elif geom.geom_type == "MultiPolygon":
        geom = shapely.MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    geom = shapely.transform(geom, lambda c: np.round(c, DECIMALS))
    return json.loads(json.dumps(mapping(geom)))


def to_geojson(layer: ExportLayer) -> bytes:
    features = []
    for _, row in layer.frame.iterrows():
        props = {k: _value(v) for k, v in row.items() if k != "geometry"}
        features.append({"type": "Feature", "id": props["id"],
                         "geometry": _rfc_geometry(row.geometry), "properties": props})
    collection = {"type": "FeatureCollection", "metadata": layer.metadata, "features": features}
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
            + "\n").encode("utf-8")


# ---- CSV ----------------------------------------------------------------------------------

def to_csv(layer: ExportLayer) -> bytes:
    frame = pd.DataFrame(layer.frame.drop(columns="geometry"))
    points = (layer.frame.geom_type == "Point").all()
    if points and "lon" not in frame:
        frame["lon"] = layer.frame.geometry.x.round(DECIMALS)
        frame["lat"] = layer.frame.geometry.y.round(DECIMALS)
    if not points:
        frame["wkt"] = [None if g is None else shapely.to_wkt(g, rounding_precision=DECIMALS)
                        for g in layer.frame.geometry]
    buffer = io.StringIO()
    frame.map(_value).to_csv(buffer, index=False, lineterminator="\n",
                             quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")


# ---- KML ----------------------------------------------------------------------------------

def _kml_coords(coords) -> str:
    return " ".join(f"{round(x, DECIMALS):g},{round(y, DECIMALS):g}" for x, y, *_ in coords)


def _kml_geometry(geom) -> str:
    if geom is None or geom.is_empty:
        return ""
    if geom.geom_type == "Point":
        return f"<Point><coordinates>{_kml_coords([geom.coords[0]])}</coordinates></Point>"
    if geom.geom_type == "Polygon":
        geom = orient(geom, sign=1.0)
        inner = "".join(f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coords(r.coords)}"
                        "</coordinates></LinearRing></innerBoundaryIs>" for r in geom.interiors)
        return (f"<Polygon><outerBoundaryIs><LinearRing><coordinates>"
                f"{_kml_coords(geom.exterior.coords)}</coordinates></LinearRing>"
                f"</outerBoundaryIs>{inner}</Polygon>")
    if geom.geom_type.startswith("Multi") or geom.geom_type == "GeometryCollection":
        return "<MultiGeometry>" + "".join(_kml_geometry(g) for g in geom.geoms) + \
            "</MultiGeometry>"
    return ""


def to_kml(layer: ExportLayer) -> bytes:
    """KML for Google Earth; every text is XML-escaped, so a name can never become markup."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>',
             f"<name>{xml_escape(layer.title)}</name>",
             (f"<description>{xml_escape(json.dumps(layer.metadata, ensure_ascii=False))}"
             "</description>")]
    for _, row in layer.frame.iterrows():
        props = {k: _value(v) for k, v in row.items() if k != "geometry"}
        data = "".join(f'<Data name="{xml_escape(str(k))}"><value>'
                       f"{'' if v is None else xml_escape(str(v))}</value></Data>"
                       for k, v in props.items())
        name = props.get("name") or props.get("site_name") or props["id"]
        parts.append(f'<Placemark id="{xml_escape(str(props["id"]))}">'
                     f"<name>{xml_escape(str(name))}</name>"
                     f"<ExtendedData>{data}</ExtendedData>{_kml_geometry(row.geometry)}"
                     "</Placemark>")
    parts.append("</Document></kml>")
    return ("\n".join(parts) + "\n").encode("utf-8")


# ---- GeoPackage ----------------------------------------------------------------------------

def to_gpkg(layers: list[ExportLayer]) -> bytes:
    """All given layers in one GeoPackage. GDAL stamps gpkg_contents with the current time
    unless OGR_CURRENT_DATE is set: we set it to the data's date, so bytes are reproducible."""
    as_of = max((la.as_of for la in layers if la.as_of), default="2000")
    stamp = (as_of + "-01-01"[len(as_of) - 4:]) if len(as_of) < 10 else as_of
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "atlas.gpkg"
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{stamp}T00:00:00Z"})
        try:
            for layer in layers:
                frame = layer.frame.copy()
                for column in frame.columns:
                    if str(frame[column].dtype) == "boolean":
                        frame[column] = frame[column].astype(object)
                pyogrio.write_dataframe(frame, path, layer=layer.id, driver="GPKG",
                                        promote_to_multi=False, geometry_type="Unknown",
                                        layer_options={"DESCRIPTION": layer.title})
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        return path.read_bytes()


# ---- one layer, one format; the bundle -----------------------------------------------------

WRITERS: dict[str, Callable[[ExportLayer], bytes]] = {
    "geojson": to_geojson, "csv": to_csv, "kml": to_kml,
    "gpkg": lambda layer: to_gpkg([layer]),
}


def export(layer: ExportLayer, fmt: str) -> bytes:
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return WRITERS[fmt](layer)


def filename(layer: ExportLayer, fmt: str, label: str = "") -> str:
    slug = "-".join(p for p in ("peru-japan-atlas", layer.id, label, layer.as_of) if p)
    return f"{slug}.{fmt}"


def readme(layers: dict[str, ExportLayer], sources_md: str) -> str:
    lines = ["# Peru–Japan Minerals Atlas — data bundle", "",
             ("Every layer in GeoJSON (RFC 7946, WGS84 lon/lat, provenance in the top-level "
             "`metadata` member), CSV (lon/lat for points, WKT otherwise), KML, and all layers "
             "in `atlas.gpkg`."), "", "## Layers", "",
             "| layer | features | as of | source | licence |", "| --- | --- | --- | --- | --- |"]
    for la in layers.values():
        lines.append(f"| {la.id} — {la.title} | {len(la.frame)} | {la.as_of} | {la.source} | "
                     f"{la.licence} |")
    lines += ["", "## Columns", ""]
    lines += [f"- `{k}`: {v}" for k, v in COLUMN_MEANINGS.items()]
    lines += ["", "## Sources", "", ("Each source the data cites, what it supports and its "
              "terms: see `SOURCES.md` in this bundle."), ""]
    return "\n".join(lines)


def bundle(layers: dict[str, ExportLayer], sources_md: str) -> bytes:
    """A zip of every layer in every format plus README and SOURCES; entries sorted and dated
    with the data's date, so the same data gives the same bytes."""
    as_of = max(la.as_of for la in layers.values() if la.as_of)
    year, month = int(as_of[:4]), int(as_of[5:7]) if len(as_of) >= 7 else 1
    files = {"README.md": readme(layers, sources_md).encode("utf-8"),
             "SOURCES.md": sources_md.encode("utf-8"),
             "atlas.gpkg": to_gpkg(list(layers.values()))}
    for la in layers.values():
        for fmt in ("geojson", "csv", "kml"):
            files[f"{la.id}.{fmt}"] = export(la, fmt)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(year, month, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return out.getvalue()


# ---- command line -------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.export",
                                     description="Export a layer of the atlas.")
    parser.add_argument("--list", action="store_true", help="list the layers and exit")
    parser.add_argument("--layer", help="layer id (see --list)")
    parser.add_argument("--format", default="geojson", help=f"one of {', '.join(FORMATS)}")
    parser.add_argument("--out", type=Path, help="output file (default: a name from the layer)")
    args = parser.parse_args(argv)
    layers = all_layers(load_atlas(), load_layers())
    if args.list:
        for la in layers.values():
            print(f"{la.id:22} {len(la.frame):5} features  as of {la.as_of:10}  {la.title}")
        return 0
    if args.layer not in layers:
        print(f"unknown layer {args.layer!r}; choose one of: {', '.join(layers)}",
              file=sys.stderr)
        return 2
    if args.format not in FORMATS:
        print(f"unknown format {args.format!r}; choose one of: {', '.join(FORMATS)}",
              file=sys.stderr)
        return 2
    layer = layers[args.layer]
    out = args.out or Path(filename(layer, args.format))
    write_atomic(out, export(layer, args.format))
    print(f"wrote {out} ({len(layer.frame)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
