"""Japan's stake in Peru, from the data: portfolios, attributable output and headline figures.

Attributable output is a company's equity share times a site's latest production, computed only
where both are published; everything else is counted as a gap and shown, never estimated.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo import vocab
from geo.load import Atlas

PORTFOLIO_MILESTONE = "cepeja_xvi_portfolio"


def japanese_companies(atlas: Atlas) -> pd.DataFrame:
    c = atlas.companies
    return c[c["country"] == vocab.JAPAN].sort_values("name").reset_index(drop=True)


def portfolio(atlas: Atlas, company_ids: set[str],
              screening: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (site, company, role) of the chosen companies, with the site's facts."""
    stakes = atlas.stakes[atlas.stakes["company_id"].isin(company_ids)]
    sites = atlas.sites[["id", "name", "status", "minerals", "department", "lat", "lon"]]
    out = stakes.merge(sites, left_on="site_id", right_on="id", how="left")
    if screening is not None:
        out = out.merge(screening[["site_id", "sensitivity"]], on="site_id", how="left")
    else:
        out["sensitivity"] = pd.NA
    role_order = {code: i for i, code in enumerate(vocab.ROLES)}
    out["_role"] = out["role"].map(role_order)
    out = out.sort_values(["_role", "share_pct", "name"], ascending=[True, False, True],
                          na_position="last")
    return out.drop(columns=["_role", "id"]).reset_index(drop=True)


def latest_production(atlas: Atlas) -> pd.DataFrame:
    """Each site's most recent figure per mineral (one basis per site and mineral)."""
    p = atlas.production.sort_values("year")
    return p.groupby(["site_id", "mineral"], as_index=False).last()


@dataclass(frozen=True)
class Attribution:
    by_mineral: pd.DataFrame   # mineral, unit, amount, sites, years
    rows: pd.DataFrame         # one row per stake × mineral that could be computed
    no_share: list[str]        # equity stakes without a published share (site ids)
    no_production: list[str]   # equity stakes at sites with no sourced production


def attributable_output(atlas: Atlas, company_ids: set[str]) -> Attribution:
    equity = atlas.stakes[(atlas.stakes["role"] == "equity")
                          & atlas.stakes["company_id"].isin(company_ids)]
    latest = latest_production(atlas)
    with_output = set(latest["site_id"])
    no_share = sorted(equity.loc[equity["share_pct"].isna(), "site_id"])
    no_production = sorted(set(equity.loc[equity["share_pct"].notna(), "site_id"]) - with_output)
    rows = equity.dropna(subset=["share_pct"]).merge(latest, on="site_id")
    rows = rows.assign(attributable=rows["share_pct"] / 100 * rows["amount"])
    by_mineral = (rows.groupby(["mineral", "unit"], as_index=False)
                  .agg(amount=("attributable", "sum"), sites=("site_id", "nunique"),
                       years=("year", lambda y: f"{y.min()}–{y.max()}" if y.min() != y.max()
                              else str(y.min()))))
    return Attribution(by_mineral, rows, no_share, no_production)


@dataclass(frozen=True)
class Headline:
    sites: int
    japan_linked_sites: int
    companies: int
    japanese_companies: int
    portfolio_musd: float | None
    portfolio_source: str | None
    sources: int


def headline(atlas: Atlas, n_sources: int) -> Headline:
    """The home page's figures, every one computed from the tables."""
    milestones = atlas.milestones.set_index("id")
    amount = source = None
    if PORTFOLIO_MILESTONE in milestones.index:
        amount = float(milestones.at[PORTFOLIO_MILESTONE, "amount_musd"])
        source = milestones.at[PORTFOLIO_MILESTONE, "source_url"]
    return Headline(
        sites=len(atlas.sites),
        japan_linked_sites=int(atlas.sites["japan_linked"].sum()),
        companies=len(atlas.companies),
        japanese_companies=len(japanese_companies(atlas)),
        portfolio_musd=amount, portfolio_source=source, sources=n_sources,
    )
