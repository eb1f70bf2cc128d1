"""The explorer's filters as one value object, applied to the sites in one place.

An empty selection means "no restriction", as in every faceted search an investor has used.
Within a facet the choices are alternatives (copper OR zinc); across facets they combine
(copper AND operating).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import vocab


@dataclass(frozen=True)
class SiteFilter:
    minerals: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    japan_linked_only: bool = False
    primary_mineral_only: bool = False

    @property
    def is_empty(self) -> bool:
        return self == SiteFilter()

    def key(self) -> str:
        """A canonical text of the filter: the cache key of what it shows, the same for every
        viewer who picked the same boxes in any order."""
        return "|".join([*(",".join(sorted(v)) for v in (self.minerals, self.statuses,
                                                         self.companies, self.departments)),
                         str(int(self.japan_linked_only)), str(int(self.primary_mineral_only))])

    def slug(self) -> str:
        """A short, file-name-safe description of the filter, for download names."""
        if self.is_empty:
            return "all"
        parts = [*sorted(self.minerals), *sorted(self.statuses), *sorted(self.companies),
                 *sorted(self.departments)]
        if self.japan_linked_only:
            parts.append("japan")
        if self.primary_mineral_only:
            parts.append("primary")
        text = "-".join(parts).lower()
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "filtered"


def apply_filter(sites: gpd.GeoDataFrame, f: SiteFilter) -> gpd.GeoDataFrame:
    keep = pd.Series(True, index=sites.index)
    if f.minerals:
        if f.primary_mineral_only:
            keep &= sites["primary_mineral"].isin(f.minerals)
        else:
            keep &= sites["minerals"].map(lambda ms: not f.minerals.isdisjoint(ms))
    if f.statuses:
        keep &= sites["status"].isin(f.statuses)
    if f.departments:
        keep &= sites["department"].isin(f.departments)
    if f.companies:
        keep &= sites["company_ids"].map(lambda ids: not f.companies.isdisjoint(ids))
    if f.japan_linked_only:
        keep &= sites["japan_linked"]
    return sites[keep]


@dataclass(frozen=True)
class FilterOptions:
    """The choices offered, drawn from the data so no empty option is ever shown."""

    minerals: tuple[str, ...]
    statuses: tuple[str, ...]
    japanese_companies: tuple[str, ...]
    departments: tuple[str, ...]


def filter_options(sites: gpd.GeoDataFrame, companies: pd.DataFrame) -> FilterOptions:
    present = {m for ms in sites["minerals"] for m in ms}
    linked = {c for ids in sites["japanese_company_ids"] for c in ids}
    japanese = companies[companies["id"].isin(linked)].sort_values("name")
    return FilterOptions(
        minerals=tuple(m for m in vocab.MINERALS if m in present),
        statuses=tuple(s for s in vocab.STATUSES if s in set(sites["status"])),
        japanese_companies=tuple(japanese["id"]),
        departments=tuple(d for d in vocab.DEPARTMENTS if d in set(sites["department"])),
    )
