"""Tables the pages show, already translated, so a page only has to lay them out."""

from __future__ import annotations

import pandas as pd

from geo import vocab
from geo.i18n import t
from geo.load import Atlas
from geo.owners import company_name
from geo.popup import format_share, minerals_text


def _company_names(atlas: Atlas, lang: str) -> dict[str, str]:
    return {row["id"]: company_name(row, lang) for _, row in atlas.companies.iterrows()}


def sites_table(sites: pd.DataFrame, atlas: Atlas, lang: str) -> pd.DataFrame:
    """One row per shown site, in the map's order; the index is the site id."""
    names = _company_names(atlas, lang)
    sep = "、" if lang == "ja" else ", "
    table = pd.DataFrame({
        t("col.name", lang): sites["name"],
        t("col.status", lang): sites["status"].map(
            lambda s: vocab.label(vocab.STATUSES, s, lang)),
        t("col.minerals", lang): sites["minerals"].map(lambda ms: minerals_text(ms, lang)),
        t("col.department", lang): sites["department"],
        t("col.japan", lang): sites["japanese_company_ids"].map(
            lambda ids: sep.join(names.get(i, i) for i in ids)),
    })
    table.index = pd.Index(sites["id"], name="id")
    return table.sort_values(t("col.name", lang), key=lambda s: s.str.casefold())


def owners_table(owners: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.company", lang): owners["company"] + owners["japanese"].map(
            lambda j: " 🇯🇵" if j else ""),
        t("col.role", lang): owners["role"].map(lambda r: vocab.label(vocab.ROLES, r, lang)),
        t("col.share", lang): owners["share_pct"].map(format_share),
        t("col.as_of", lang): owners["as_of"],
        t("col.source", lang): owners["source_url"],
    })


def site_facts(site: pd.Series, lang: str) -> list[tuple[str, str]]:
    """Label/value pairs for the details panel; unknown values are left out, not guessed."""
    facts = [
        (t("site.kind", lang), vocab.label(vocab.SITE_KINDS, site["kind"], lang)),
        (t("site.status", lang), vocab.label(vocab.STATUSES, site["status"], lang)),
        (t("site.minerals", lang), minerals_text(site["minerals"], lang)),
        (t("site.department", lang), site["department"]),
    ]
    if site.get("operator"):
        facts.append((t("site.operator", lang), site["operator"]))
    if pd.notna(site.get("start_year")):
        facts.append((t("site.start_year", lang), str(int(site["start_year"]))))
    coords = f"{site['lat']:.4f}, {site['lon']:.4f}"
    if pd.notna(site.get("coord_precision_m")):
        coords += " · " + t("site.precision", lang, m=f"{int(site['coord_precision_m']):,}")
    facts.append((t("site.coordinates", lang), coords))
    confidence = vocab.label(vocab.CONFIDENCE, site["confidence"], lang)
    if site.get("confidence_note"):
        confidence += f" — {site['confidence_note']}"
    facts.append((t("site.confidence", lang), confidence))
    return facts


def companies_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    c = atlas.companies
    return pd.DataFrame({
        t("col.company", lang): c["name"],
        t("col.name_ja", lang): c["name_ja"],
        t("col.country", lang): c["country"],
        t("col.kind", lang): c["kind"].map(lambda k: vocab.label(vocab.COMPANY_KINDS, k, lang)),
        t("col.source", lang): c["source_url"],
    })


def stakes_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    names = _company_names(atlas, lang)
    site_names = dict(zip(atlas.sites["id"], atlas.sites["name"], strict=True))
    s = atlas.stakes
    return pd.DataFrame({
        t("col.site", lang): s["site_id"].map(site_names),
        t("col.company", lang): s["company_id"].map(names),
        t("col.role", lang): s["role"].map(lambda r: vocab.label(vocab.ROLES, r, lang)),
        t("col.share", lang): s["share_pct"],
        t("col.as_of", lang): s["as_of"],
        t("col.source", lang): s["source_url"],
    })


def all_sites_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    s = atlas.sites
    return pd.DataFrame({
        t("col.name", lang): s["name"],
        t("col.status", lang): s["status"].map(lambda v: vocab.label(vocab.STATUSES, v, lang)),
        t("col.minerals", lang): s["minerals"].map(lambda ms: minerals_text(ms, lang)),
        t("col.department", lang): s["department"],
        t("col.operator", lang): s["operator"],
        "lat": s["lat"],
        "lon": s["lon"],
        t("col.confidence", lang): s["confidence"].map(
            lambda v: vocab.label(vocab.CONFIDENCE, v, lang)),
        t("col.as_of", lang): s["as_of"],
        t("col.source", lang): s["source_url"],
    })
