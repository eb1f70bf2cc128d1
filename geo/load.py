"""Load the curated CSVs and refuse anything an investor should not see.

Every problem names its file, CSV line and column, and all problems are reported at once, so a
reviewer fixes a bad pull request in one pass. Nothing is dropped silently: a file with a bad
row does not load at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from geo import datatext, vocab
from geo.basemap import (
    BASEMAP_LICENCE,
    BASEMAP_SOURCE,
    PERU_TOLERANCE_KM,
    peru_with_tolerance,
)
from geo.paths import data_dir as default_data_dir

SITE_COLUMNS = (
    "id", "name", "name_ja", "name_ja_basis", "name_ja_source_url", "kind", "status", "minerals",
    "lat", "lon", "coord_precision_m", "coord_source_url", "department", "operator", "start_year",
    "capex_musd", "capex_source_url", "neighbours", "source_url", "as_of", "confidence",
    "confidence_note",
)
COMPANY_COLUMNS = ("id", "name", "name_ja", "country", "kind", "hq", "hq_source_url",
                   "peru_presence", "source_url", "as_of")
STAKE_COLUMNS = (
    "site_id", "company_id", "role", "share_pct", "source_url", "as_of", "confidence", "note",
)
PRODUCTION_COLUMNS = ("site_id", "mineral", "amount", "unit", "year", "basis", "source_url",
                      "as_of", "confidence", "note")
TRADE_COLUMNS = ("mineral", "destination", "share_pct", "value_musd", "rank", "period",
                 "basis", "source_url", "as_of", "confidence", "note")
PORTFOLIO_COLUMNS = ("project", "site_id", "capex_musd", "stage", "start_year", "source_url",
                     "as_of", "confidence", "note")
MILESTONE_COLUMNS = ("id", "date", "kind", "title_en", "title_es", "title_ja", "amount_musd",
                     "source_url", "as_of", "confidence", "note")
REQUIRED = {
    "sites.csv": ("id", "name", "name_ja", "name_ja_basis", "kind", "status", "minerals", "lat",
                  "lon", "department", "source_url", "as_of", "confidence"),
    "companies.csv": ("id", "name", "country", "kind", "source_url"),
    "stakes.csv": ("site_id", "company_id", "role", "source_url", "as_of"),
    "production.csv": ("site_id", "mineral", "amount", "unit", "year", "source_url", "as_of"),
    "trade.csv": ("mineral", "destination", "period", "basis", "source_url", "as_of"),
    "milestones.csv": ("id", "date", "kind", "title_en", "title_es", "title_ja", "source_url",
                       "as_of"),
    "portfolio.csv": ("project", "site_id", "capex_musd", "source_url", "as_of"),
}
# Two sites closer than this are one place twice, unless the data says they are neighbours.
NEIGHBOUR_KM = 1.0
ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
DESTINATION_RE = re.compile(r"^(?:[A-Z]{2}|WORLD|OTHER)$")
EQUITY_TOLERANCE = 0.01
FIRST_DATA_LINE = 2  # line 1 of every CSV is its header


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


@dataclass
class Atlas:
    """The reviewed facts, validated and joined once, for every page to read."""

    sites: gpd.GeoDataFrame
    companies: pd.DataFrame
    stakes: pd.DataFrame
    production: pd.DataFrame
    trade: pd.DataFrame
    milestones: pd.DataFrame
    portfolio: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=PORTFOLIO_COLUMNS))
    warnings: list[Problem] = field(default_factory=list)
    memory: datatext.Memory = field(default_factory=lambda: datatext.Memory({}))

    @property
    def japanese_company_ids(self) -> set[str]:
        return set(self.companies.loc[self.companies["country"] == vocab.JAPAN, "id"])


class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, index: int | None, column: str | None, message: str) -> None:
        line = None if index is None else int(index) + FIRST_DATA_LINE
        self.problems.append(Problem(self.file, line, column, message))

    def columns(self, frame: pd.DataFrame, required: tuple[str, ...]) -> bool:
        missing = [c for c in required if c not in frame.columns]
        for column in missing:
            self.add(None, column, "required column is missing")
        return not missing

    def start(self, frame: pd.DataFrame, required: tuple[str, ...],
              known: tuple[str, ...]) -> bool:
        """Required columns present (else stop), optional ones filled blank, required cells set."""
        if not self.columns(frame, required):
            return False
        for column in known:
            if column not in frame.columns:
                frame[column] = ""
        self.required_values(frame, required)
        return True

    def required_values(self, frame: pd.DataFrame, required: tuple[str, ...]) -> None:
        for column in required:
            for i in frame.index[frame[column].str.strip() == ""]:
                self.add(i, column, "value is required")

    def provenance(self, frame: pd.DataFrame) -> None:
        """The source, date and confidence columns every table shares."""
        if "confidence" in frame.columns:
            self.vocabulary(frame, "confidence", vocab.CONFIDENCE, "confidence")
        self.pattern(frame, "source_url", URL_RE, "an http(s) URL")
        self.pattern(frame, "as_of", DATE_RE, "a date (YYYY, YYYY-MM or YYYY-MM-DD)")

    def unique_ids(self, frame: pd.DataFrame, column: str = "id") -> None:
        for i, value in frame[column].items():
            if value and not ID_RE.match(value):
                self.add(i, column, f"{value!r} is not a lowercase snake_case id")
        dup = frame[column].duplicated(keep="first") & (frame[column] != "")
        for i in frame.index[dup]:
            first = frame.index[frame[column] == frame.at[i, column]][0] + FIRST_DATA_LINE
            self.add(i, column, f"duplicate id {frame.at[i, column]!r} (first on line {first})")

    def vocabulary(self, frame: pd.DataFrame, column: str, allowed, what: str) -> None:
        for i, value in frame[column].items():
            if value and value not in allowed:
                self.add(i, column, f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")

    def pattern(self, frame: pd.DataFrame, column: str, regex: re.Pattern, what: str) -> None:
        for i, value in frame[column].items():
            if value and not regex.match(value):
                self.add(i, column, f"{value!r} is not {what}")

    def number(self, frame: pd.DataFrame, column: str, lo: float, hi: float) -> pd.Series:
        values = pd.to_numeric(frame[column].where(frame[column] != ""), errors="coerce")
        for i in frame.index[(frame[column] != "") & values.isna()]:
            self.add(i, column, f"{frame.at[i, column]!r} is not a number")
        for i in frame.index[values.notna() & ((values < lo) | (values > hi))]:
            self.add(i, column, f"{values[i]:g} is outside {lo:g}…{hi:g}")
        return values


def read_csv(path: Path) -> pd.DataFrame:
    """Every cell as stripped text: the checks decide what is a number, not pandas' guesses."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.apply(lambda col: col.str.strip())


def _check_sites(frame: pd.DataFrame) -> tuple[list[Problem], gpd.GeoDataFrame | None]:
    c = _Checker("sites.csv")
    if not c.start(frame, REQUIRED["sites.csv"], SITE_COLUMNS):
        return c.problems, None
    c.unique_ids(frame)
    c.vocabulary(frame, "kind", vocab.SITE_KINDS, "kind")
    c.vocabulary(frame, "status", vocab.STATUSES, "status")
    c.vocabulary(frame, "department", vocab.DEPARTMENTS, "department")
    c.vocabulary(frame, "name_ja_basis", vocab.NAME_JA_BASES, "basis of the Japanese name")
    c.pattern(frame, "name_ja_source_url", URL_RE, "an http(s) URL")
    for i in frame.index[(frame["name_ja_basis"] == "cited") & (frame["name_ja_source_url"] == "")]:
        c.add(i, "name_ja_source_url", "a cited Japanese name needs the page it was read on")
    c.pattern(frame, "coord_source_url", URL_RE, "an http(s) URL")
    c.provenance(frame)
    for i, value in frame["minerals"].items():
        codes = [m.strip() for m in value.split(";")] if value else []
        unknown = [m for m in codes if m not in vocab.MINERALS]
        if unknown:
            c.add(i, "minerals", f"unknown mineral symbol(s) {', '.join(map(repr, unknown))}")
        if len(set(codes)) != len(codes):
            c.add(i, "minerals", "a mineral is listed twice")
    lat = c.number(frame, "lat", -90, 90)
    lon = c.number(frame, "lon", -180, 180)
    precision = c.number(frame, "coord_precision_m", 0, 100_000)
    start_year = c.number(frame, "start_year", 1500, 2100)
    capex = c.number(frame, "capex_musd", 0, 100_000)
    c.pattern(frame, "capex_source_url", URL_RE, "an http(s) URL")
    for i in frame.index[capex.notna() & (frame["capex_source_url"] == "")]:
        c.add(i, "capex_source_url", "a capex figure needs its own source")
    neighbours = _check_neighbours(c, frame)
    peru = peru_with_tolerance()
    for i in frame.index[lat.notna() & lon.notna()]:
        if not peru.covers(Point(lon[i], lat[i])):
            c.add(i, "lat", f"({lat[i]:.4f}, {lon[i]:.4f}) lies outside Peru "
                            f"(outline + {PERU_TOLERANCE_KM:g} km); lat/lon swapped or sign lost?")
    if not c.problems:
        _check_proximity(c, frame, lat, lon, neighbours)
    if c.problems:
        return c.problems, None
    out = frame.copy()
    out["lat"], out["lon"] = lat, lon
    out["coord_precision_m"] = precision.astype("Int64")
    out["start_year"] = start_year.astype("Int64")
    out["capex_musd"] = capex
    out["neighbours"] = [tuple(sorted(neighbours[i])) for i in frame.index]
    out["minerals"] = out["minerals"].map(lambda v: tuple(m.strip() for m in v.split(";")))
    out["primary_mineral"] = out["minerals"].map(lambda ms: ms[0])
    geometry = gpd.points_from_xy(out["lon"], out["lat"], crs=4326)
    return [], gpd.GeoDataFrame(out, geometry=geometry, crs=4326)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()] if value else []


def _check_neighbours(c: _Checker, frame: pd.DataFrame) -> dict[int, set[str]]:
    """Neighbours must name real sites and be mutual, so either row explains the pair."""
    ids = set(frame["id"])
    named = {i: set(_split(v)) for i, v in frame["neighbours"].items()}
    by_id = {frame.at[i, "id"]: n for i, n in named.items()}
    for i, others in named.items():
        me = frame.at[i, "id"]
        for other in sorted(others):
            if other == me:
                c.add(i, "neighbours", "a site cannot be its own neighbour")
            elif other not in ids:
                c.add(i, "neighbours", f"unknown site {other!r}")
            elif me not in by_id.get(other, set()):
                c.add(i, "neighbours", f"{other!r} does not list {me!r} back")
    return named


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance on a 6371 km sphere; works on numbers and numpy arrays alike."""
    lat1, lon1, lat2, lon2 = (np.radians(v) for v in (lat1, lon1, lat2, lon2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def _check_proximity(c: _Checker, frame: pd.DataFrame, lat: pd.Series, lon: pd.Series,
                     neighbours: dict[int, set[str]]) -> None:
    """Two rows within NEIGHBOUR_KM are usually one site entered twice, or a copied point."""
    index = list(frame.index[lat.notna() & lon.notna()])
    la, lo = lat[index].to_numpy(), lon[index].to_numpy()
    distances = haversine_km(la[:, None], lo[:, None], la[None, :], lo[None, :])
    for a, b in zip(*np.nonzero(np.triu(distances < NEIGHBOUR_KM, k=1)), strict=True):
        i, j = index[a], index[b]
        if frame.at[j, "id"] not in neighbours[i]:
            c.add(j, "lat", f"{frame.at[j, 'id']!r} is {distances[a, b] * 1000:.0f} m from "
                            f"{frame.at[i, 'id']!r}; list each in the other's neighbours if "
                            "both are right")


def _check_companies(frame: pd.DataFrame) -> tuple[list[Problem], pd.DataFrame | None]:
    c = _Checker("companies.csv")
    if not c.start(frame, REQUIRED["companies.csv"], COMPANY_COLUMNS):
        return c.problems, None
    c.unique_ids(frame)
    c.vocabulary(frame, "kind", vocab.COMPANY_KINDS, "company kind")
    c.pattern(frame, "country", COUNTRY_RE, "an ISO 3166-1 alpha-2 country code")
    c.pattern(frame, "hq_source_url", URL_RE, "an http(s) URL")
    c.provenance(frame)
    return c.problems, (None if c.problems else frame)


def _check_stakes(frame: pd.DataFrame, site_ids: set[str] | None,
                  company_ids: set[str] | None) -> tuple[list[Problem], pd.DataFrame | None]:
    c = _Checker("stakes.csv")
    if not c.start(frame, REQUIRED["stakes.csv"], STAKE_COLUMNS):
        return c.problems, None
    c.vocabulary(frame, "role", vocab.ROLES, "role")
    c.provenance(frame)
    if site_ids is not None:
        for i, value in frame["site_id"].items():
            if value and value not in site_ids:
                c.add(i, "site_id", f"unknown site {value!r} (not in sites.csv)")
    if company_ids is not None:
        for i, value in frame["company_id"].items():
            if value and value not in company_ids:
                c.add(i, "company_id", f"unknown company {value!r} (not in companies.csv)")
    dup = frame.duplicated(["site_id", "company_id", "role"], keep="first")
    for i in frame.index[dup]:
        c.add(i, "company_id", "the same company, site and role appear twice")
    share = c.number(frame, "share_pct", 0, 100)
    for i in frame.index[share.notna() & (frame["role"] != "equity")]:
        c.add(i, "share_pct", "a share is only meaningful for the equity role")
    equity = share.where(frame["role"] == "equity")
    totals = equity.groupby(frame["site_id"]).sum()
    for site_id, total in totals[totals > 100 + EQUITY_TOLERANCE].items():
        last = frame.index[(frame["site_id"] == site_id) & equity.notna()][-1]
        c.add(last, "share_pct", f"equity at {site_id!r} adds up to {total:g}% (over 100%)")
    if c.problems:
        return c.problems, None
    out = frame.copy()
    out["share_pct"] = share
    return [], out


def _check_production(frame: pd.DataFrame, sites: gpd.GeoDataFrame | None
                      ) -> tuple[list[Problem], pd.DataFrame | None]:
    c = _Checker("production.csv")
    if not c.start(frame, REQUIRED["production.csv"], PRODUCTION_COLUMNS):
        return c.problems, None
    c.vocabulary(frame, "mineral", vocab.MINERALS, "mineral symbol")
    c.provenance(frame)
    amount = c.number(frame, "amount", 0, 1e12)
    year = c.number(frame, "year", 1900, 2100)
    for i, row in frame.iterrows():
        expected = vocab.production_unit(row["mineral"])
        if row["mineral"] in vocab.MINERALS and row["unit"] and row["unit"] != expected:
            c.add(i, "unit", f"{row['mineral']} is counted in {expected!r} everywhere, "
                             f"not {row['unit']!r}")
    if sites is not None:
        minerals = dict(zip(sites["id"], sites["minerals"], strict=True))
        for i, row in frame.iterrows():
            if row["site_id"] not in minerals:
                c.add(i, "site_id", f"unknown site {row['site_id']!r} (not in sites.csv)")
            elif row["mineral"] and row["mineral"] not in minerals[row["site_id"]]:
                c.add(i, "mineral", f"{row['mineral']!r} is not among the minerals of "
                                    f"{row['site_id']!r} in sites.csv")
    dup = frame.duplicated(["site_id", "mineral", "year", "basis"], keep="first")
    for i in frame.index[dup]:
        c.add(i, "year", "the same site, mineral, year and basis appear twice")
    if c.problems:
        return c.problems, None
    out = frame.copy()
    out["amount"], out["year"] = amount, year.astype("Int64")
    return [], out


def _check_trade(frame: pd.DataFrame) -> tuple[list[Problem], pd.DataFrame | None]:
    c = _Checker("trade.csv")
    if not c.start(frame, REQUIRED["trade.csv"], TRADE_COLUMNS):
        return c.problems, None
    c.vocabulary(frame, "mineral", vocab.MINERALS, "mineral symbol")
    c.vocabulary(frame, "basis", vocab.TRADE_BASES, "basis")
    c.pattern(frame, "destination", DESTINATION_RE,
              "an ISO 3166-1 alpha-2 country code (or WORLD / OTHER)")
    c.provenance(frame)
    share = c.number(frame, "share_pct", 0, 100)
    value = c.number(frame, "value_musd", 0, 1e6)
    rank = c.number(frame, "rank", 1, 250)
    for i in frame.index[share.isna() & value.isna() & rank.isna()]:
        c.add(i, "share_pct", "give a share, a value or a rank")
    series = ["mineral", "period", "basis", "source_url"]
    dup = frame.duplicated([*series, "destination"], keep="first")
    for i in frame.index[dup]:
        c.add(i, "destination", "the same destination appears twice in one series")
    shares = share.where(frame["destination"] != "WORLD")
    totals = shares.groupby([frame[k] for k in series]).sum()
    for key, total in totals[totals > 100 + EQUITY_TOLERANCE].items():
        rows = (frame[series] == pd.Series(key, index=series)).all(axis=1)
        c.add(frame.index[rows][-1], "share_pct",
              f"{key[0]} shares for {key[1]} ({key[2]}) add up to {total:g}%")
    if c.problems:
        return c.problems, None
    out = frame.copy()
    out["share_pct"], out["value_musd"], out["rank"] = share, value, rank.astype("Int64")
    return [], out


def _check_milestones(frame: pd.DataFrame) -> tuple[list[Problem], pd.DataFrame | None]:
    c = _Checker("milestones.csv")
    if not c.start(frame, REQUIRED["milestones.csv"], MILESTONE_COLUMNS):
        return c.problems, None
    c.unique_ids(frame)
    c.vocabulary(frame, "kind", vocab.MILESTONE_KINDS, "milestone kind")
    c.pattern(frame, "date", DATE_RE, "a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    c.provenance(frame)
    amount = c.number(frame, "amount_musd", 0, 1e7)
    if c.problems:
        return c.problems, None
    out = frame.copy()
    out["amount_musd"] = amount
    return [], out.sort_values(["date", "id"]).reset_index(drop=True)


def _check_portfolio(frame: pd.DataFrame, site_ids: set[str] | None
                     ) -> tuple[list[Problem], pd.DataFrame | None]:
    """MINEM's investment portfolio, one row per project, tied to the site it builds on."""
    c = _Checker("portfolio.csv")
    if not c.start(frame, REQUIRED["portfolio.csv"], PORTFOLIO_COLUMNS):
        return c.problems, None
    c.vocabulary(frame, "stage", vocab.PORTFOLIO_STAGES, "portfolio stage")
    c.provenance(frame)
    capex = c.number(frame, "capex_musd", 0, 100_000)
    start_year = c.number(frame, "start_year", 2000, 2100)
    if site_ids is not None:
        for i, site in frame["site_id"].items():
            if site and site not in site_ids:
                c.add(i, "site_id", f"unknown site {site!r} (not in sites.csv)")
    for i in frame.index[frame["project"].duplicated(keep="first")]:
        c.add(i, "project", f"project {frame.at[i, 'project']!r} listed twice")
    if c.problems:
        return c.problems, None
    out = frame.copy()
    out["capex_musd"], out["start_year"] = capex, start_year.astype("Int64")
    return [], out


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """Read every table; raise DataError listing every problem found in any of them."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    problems: list[Problem] = []
    frames = {}
    for name in REQUIRED:
        path = data_dir / name
        try:
            frames[name] = read_csv(path)
        except FileNotFoundError:
            problems.append(Problem(name, None, None, f"file not found in {data_dir}"))
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, None, None, f"cannot be read as UTF-8 CSV: {exc}"))
    if problems:
        raise DataError(problems)

    site_problems, sites = _check_sites(frames["sites.csv"])
    company_problems, companies = _check_companies(frames["companies.csv"])
    stake_problems, stakes = _check_stakes(
        frames["stakes.csv"],
        None if sites is None else set(sites["id"]),
        None if companies is None else set(companies["id"]),
    )
    production_problems, production = _check_production(frames["production.csv"], sites)
    trade_problems, trade = _check_trade(frames["trade.csv"])
    milestone_problems, milestones = _check_milestones(frames["milestones.csv"])
    portfolio_problems, portfolio = _check_portfolio(
        frames["portfolio.csv"], None if sites is None else set(sites["id"]))
    problems = (site_problems + company_problems + stake_problems + production_problems
                + trade_problems + milestone_problems + portfolio_problems)
    if problems:
        raise DataError(problems)
    tables = {"sites.csv": sites, "companies.csv": companies, "stakes.csv": stakes,
              "production.csv": production, "trade.csv": trade, "milestones.csv": milestones,
              "portfolio.csv": portfolio}
    memory, problems = _check_translations(data_dir, tables)
    if problems:
        raise DataError(problems)
    sites, companies, stakes, production, trade, milestones, portfolio = (
        datatext.add_translations(frame, name, memory) for name, frame in tables.items())
    sites = _with_owners(sites, companies, stakes)
    return Atlas(sites=sites, companies=companies, stakes=stakes, production=production,
                 trade=trade, milestones=milestones, portfolio=portfolio,
                 warnings=_ownership_gaps(sites), memory=memory)


AREA_FILES = ("protected_areas.csv", "indigenous_reserves.csv")


def _catalogs(data_dir: Path) -> list[tuple[str, tuple[str, ...], dict]]:
    """Credits and methods kept outside the CSVs: the layer catalog, the base map's catalog and,
    with it, the country outline's credit (a constant of geo.basemap)."""
    def read(name: str) -> dict:
        path = data_dir / name
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    base = read(datatext.BASE_CATALOG_FILE)
    outline = {"countries": {"source": BASEMAP_SOURCE, "licence": BASEMAP_LICENCE}} if base else {}
    return [(datatext.CATALOG_FILE, datatext.CATALOG_FIELDS, read(datatext.CATALOG_FILE)),
            (datatext.BASE_CATALOG_FILE, datatext.BASE_FIELDS, base),
            ("geo/basemap.py", datatext.BASE_FIELDS, outline)]


def _check_translations(data_dir: Path, tables: dict[str, pd.DataFrame]
                        ) -> tuple[datatext.Memory, list[Problem]]:
    """Every reader-facing sentence of every table, the environmental areas included, has its
    Spanish and Japanese; the memory holds nothing no table uses."""
    memory, gaps = datatext.read_memory(data_dir / datatext.MEMORY_FILE)
    frames = dict(tables)
    for name in AREA_FILES:
        if (data_dir / name).is_file():
            frames[name] = read_csv(data_dir / name)
    for name, frame in frames.items():
        gaps += datatext.untranslated(frame, name, memory)
    used = set()
    for name, fields, catalog in _catalogs(data_dir):
        gaps += datatext.untranslated_catalog(catalog, memory, name, fields)
        used |= {en for _, _, en in datatext.catalog_sentences(catalog, fields)}
    if not gaps:
        gaps = datatext.unused(memory, frames, used)
    return memory, [Problem(g.file, g.line, g.column, g.message) for g in gaps]


def _ownership_gaps(sites: gpd.GeoDataFrame) -> list[Problem]:
    """Sites whose listed equity falls short of 100%: shown as partly known, never padded."""
    gaps = []
    for _, row in sites.iterrows():
        if pd.notna(row["equity_pct"]) and not row["ownership_complete"]:
            gaps.append(Problem("stakes.csv", None, None,
                                f"{row['id']}: listed equity adds up to {row['equity_pct']:g}%; "
                                "the rest of the ownership is not sourced"))
    return gaps


def _with_owners(sites: gpd.GeoDataFrame, companies: pd.DataFrame,
                 stakes: pd.DataFrame) -> gpd.GeoDataFrame:
    """Per-site company lists, computed once so filters and tables need no joins."""
    japanese = set(companies.loc[companies["country"] == vocab.JAPAN, "id"])
    by_site = stakes.groupby("site_id")["company_id"].agg(lambda s: tuple(dict.fromkeys(s)))
    out = sites.copy()
    out["company_ids"] = out["id"].map(by_site).map(lambda v: v if isinstance(v, tuple) else ())
    out["japanese_company_ids"] = out["company_ids"].map(
        lambda ids: tuple(i for i in ids if i in japanese))
    out["japan_linked"] = out["japanese_company_ids"].map(bool)
    equity = stakes[stakes["role"] == "equity"].groupby("site_id")["share_pct"].sum(min_count=1)
    out["equity_pct"] = out["id"].map(equity).astype(float)
    out["ownership_complete"] = out["equity_pct"].round(2) == 100
    return out
