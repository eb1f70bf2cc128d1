"""Who holds what at a site: the stake rows joined with company names, biggest equity first."""

from __future__ import annotations

import html
import re

import pandas as pd

from geo import vocab
from geo.datatext import localized_column
from geo.load import Atlas

OWNER_COLUMNS = ("company_id", "company", "country", "japanese", "role", "share_pct",
                 "source_url", "as_of", "note")


def company_name(row: pd.Series | dict, lang: str) -> str:
    """Japanese readers see a company's own Japanese name where we have it."""
    if lang == "ja" and row.get("name_ja"):
        return row["name_ja"]
    return row["name"]


def all_owners(atlas: Atlas, lang: str) -> pd.DataFrame:
    """Every stake joined with its company, in display order (role, biggest share, name).

    One merge for all sites: the explorer's popups need every site's owners on each rerun,
    and 102 separate merges took ~0.5 s.
    """
    joined = atlas.stakes.merge(atlas.companies, left_on="company_id", right_on="id",
                                suffixes=("", "_company"))
    joined["company"] = joined["name"]
    if lang == "ja" and "name_ja" in joined:
        has_ja = joined["name_ja"].notna() & (joined["name_ja"].astype(str) != "")
        joined.loc[has_ja, "company"] = joined.loc[has_ja, "name_ja"]
    joined["japanese"] = joined["country"] == vocab.JAPAN
    joined["note"] = localized_column(joined, "note", lang)
    role_order = {code: i for i, code in enumerate(vocab.ROLES)}
    joined["_role"] = joined["role"].map(role_order)
    joined = joined.sort_values(["_role", "share_pct", "company"],
                                ascending=[True, False, True], na_position="last", kind="stable")
    return joined[["site_id", *OWNER_COLUMNS]]


def owners_by_site(atlas: Atlas, lang: str) -> dict[str, pd.DataFrame]:
    return {site_id: rows[list(OWNER_COLUMNS)].reset_index(drop=True)
            for site_id, rows in all_owners(atlas, lang).groupby("site_id", sort=False)}


def owners_of(atlas: Atlas, site_id: str, lang: str) -> pd.DataFrame:
    owners = all_owners(atlas, lang)
    rows = owners[owners["site_id"] == site_id]
    if rows.empty:
        return pd.DataFrame(columns=OWNER_COLUMNS)
    return rows[list(OWNER_COLUMNS)].reset_index(drop=True)


def site_by_id(atlas: Atlas, site_id: str | None) -> pd.Series | None:
    if not site_id:
        return None
    match = atlas.sites[atlas.sites["id"] == site_id]
    return None if match.empty else match.iloc[0]


def site_at(sites: pd.DataFrame, lat: float, lon: float, tolerance: float = 1e-5) -> str | None:
    """The site whose marker was clicked: Leaflet reports a marker's own exact lat/lng."""
    if sites.empty or lat is None or lon is None:
        return None
    distance = (sites["lat"] - lat).abs() + (sites["lon"] - lon).abs()
    nearest = distance.idxmin()
    return sites.at[nearest, "id"] if distance[nearest] <= tolerance else None


def site_from_click(sites: pd.DataFrame, clicked: dict | None, tooltip: str | None) -> str | None:
    """The clicked site. Several sites can share a point (a district location), so the marker's
    tooltip, which is the site's name, decides; the position is the fallback."""
    if tooltip:
        text = html.unescape(re.sub(r"<[^>]+>", "", str(tooltip))).strip()
        match = sites.loc[sites["name"] == text, "id"]
        if len(match) == 1:
            return match.iloc[0]
    if not clicked:
        return None
    return site_at(sites, clicked.get("lat"), clicked.get("lng"))
