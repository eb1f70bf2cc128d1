"""Tables the pages show, already translated, so a page only has to lay them out."""

from __future__ import annotations

import pandas as pd

from geo import vocab
from geo.datatext import localized, localized_column, site_names
from geo.i18n import t
from geo.load import Atlas
from geo.numbers import format_as_of, format_billions, format_number  # noqa: F401
from geo.owners import company_name
from geo.popup import format_share, minerals_text


def _company_names(atlas: Atlas, lang: str) -> dict[str, str]:
    """As ``company_name`` per row, without building a Series per company (iterrows was a
    fifth of the data page's rerun)."""
    c = atlas.companies
    if lang != "ja":
        return dict(zip(c["id"], c["name"], strict=True))
    return {i: company_name({"name": n, "name_ja": ja}, lang)
            for i, n, ja in zip(c["id"], c["name"], c["name_ja"], strict=True)}


def sites_table(sites: pd.DataFrame, atlas: Atlas, lang: str) -> pd.DataFrame:
    """One row per shown site, in the map's order; the index is the site id."""
    names = _company_names(atlas, lang)
    sep = "、" if lang == "ja" else ", "
    table = pd.DataFrame({
        t("col.name", lang): site_names(sites, lang),
        t("col.status", lang): sites["status"].map(
            lambda s: vocab.label(vocab.STATUSES, s, lang)),
        t("col.minerals", lang): sites["minerals"].map(lambda ms: minerals_text(ms, lang)),
        t("col.department", lang): sites["department"].map(
            lambda d: vocab.department_name(d, lang)),
        t("col.japan", lang): sites["japanese_company_ids"].map(
            lambda ids: sep.join(names.get(i, i) for i in ids)),
    })
    table.index = pd.Index(sites["id"], name="id")
    return table.sort_values(t("col.name", lang), key=lambda s: s.str.casefold())


def owners_table(owners: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.company", lang): owners["company"] + owners["japanese"].map(
            lambda j: t("owner.japan_mark", lang) if j else ""),
        t("col.role", lang): owners["role"].map(lambda r: vocab.label(vocab.ROLES, r, lang)),
        t("col.share", lang): owners["share_pct"].map(format_share),
        t("col.as_of", lang): owners["as_of"].map(lambda v: format_as_of(v, lang)),
        t("col.source", lang): owners["source_url"],
    })


def site_facts(site: pd.Series, lang: str) -> list[tuple[str, str]]:
    """Label/value pairs for the details panel; unknown values are left out, not guessed."""
    facts = [
        (t("site.kind", lang), vocab.label(vocab.SITE_KINDS, site["kind"], lang)),
        (t("site.status", lang), vocab.label(vocab.STATUSES, site["status"], lang)),
        (t("site.minerals", lang), minerals_text(site["minerals"], lang)),
        (t("site.department", lang), vocab.department_name(site["department"], lang)),
    ]
    if site.get("operator"):
        facts.append((t("site.operator", lang), site["operator"]))
    if pd.notna(site.get("start_year")):
        facts.append((t("site.start_year", lang), str(int(site["start_year"]))))
    if pd.notna(site.get("capex_musd")):
        facts.append((t("site.capex", lang),
                      t("site.capex_value", lang, v=format_number(site["capex_musd"], lang))))
    coords = f"{site['lat']:.4f}, {site['lon']:.4f}"
    if pd.notna(site.get("coord_precision_m")):
        metres = format_number(int(site["coord_precision_m"]), lang)
        coords += " · " + t("site.precision", lang, m=metres)
    facts.append((t("site.coordinates", lang), coords))
    confidence = vocab.label(vocab.CONFIDENCE, site["confidence"], lang)
    if note := localized(site, "confidence_note", lang):
        confidence += f" — {note}"
    facts.append((t("site.confidence", lang), confidence))
    return facts


def _year_text(years: pd.Series) -> pd.Series:
    """Years as text, blank when unknown: Streamlit prints a missing number as 'None', which a
    reader takes for a value. Four-digit text still sorts in year order."""
    return years.map(lambda y: "" if pd.isna(y) else str(int(y)))


def investment_portfolio_table(atlas: Atlas, lang: str, site_id: str | None = None
                               ) -> pd.DataFrame:
    """MINEM's 2025 investment portfolio, biggest first; for one site, its projects only."""
    p = atlas.portfolio
    if site_id is not None:
        p = p[p["site_id"] == site_id]
    p = p.sort_values(["capex_musd", "project"], ascending=[False, True])
    names_by_id = dict(zip(atlas.sites["id"], site_names(atlas.sites, lang), strict=True))
    columns = {} if site_id is not None else {t("col.site", lang): p["site_id"].map(names_by_id)}
    return pd.DataFrame({
        t("col.project", lang): p["project"],
        **columns,
        t("col.capex", lang): p["capex_musd"],
        t("col.portfolio_stage", lang): p["stage"].map(
            lambda s: vocab.label(vocab.PORTFOLIO_STAGES, s, lang) if s else ""),
        t("site.start_year", lang): _year_text(p["start_year"]),
        t("col.note", lang): localized_column(p, "note", lang),
        t("col.source", lang): p["source_url"],
    })


def companies_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    c = atlas.companies
    return pd.DataFrame({
        t("col.company", lang): c["name"],
        t("col.name_ja", lang): c["name_ja"],
        t("col.country", lang): c["country"],
        t("col.kind", lang): c["kind"].map(lambda k: vocab.label(vocab.COMPANY_KINDS, k, lang)),
        t("col.hq", lang): c["hq"],
        t("col.peru_presence", lang): localized_column(c, "peru_presence", lang),
        t("col.source", lang): c["source_url"],
    })


def production_table(atlas: Atlas, lang: str, site_id: str | None = None) -> pd.DataFrame:
    """Output per site, mineral and year; one unit per mineral, so rows compare directly."""
    p = atlas.production
    if site_id is not None:
        p = p[p["site_id"] == site_id]
    p = p.sort_values(["site_id", "mineral", "year"], ascending=[True, True, False])
    names_by_id = dict(zip(atlas.sites["id"], site_names(atlas.sites, lang), strict=True))
    columns = {} if site_id is not None else {t("col.site", lang): p["site_id"].map(names_by_id)}
    return pd.DataFrame({
        **columns,
        t("col.mineral", lang): p["mineral"].map(
            lambda m: vocab.label(vocab.MINERALS, m, lang)),
        t("col.amount", lang): p["amount"].map(lambda v: format_number(v, lang)),
        t("col.unit", lang): p["unit"].map(lambda u: vocab.label(vocab.UNITS, u, lang)),
        t("col.year", lang): p["year"],
        t("col.basis", lang): localized_column(p, "basis", lang),
        t("col.source", lang): p["source_url"],
    })


def trade_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    r = atlas.trade
    return pd.DataFrame({
        t("col.mineral", lang): r["mineral"].map(lambda m: vocab.label(vocab.MINERALS, m, lang)),
        t("col.destination", lang): r["destination"],
        t("col.share_pct", lang): r["share_pct"],
        t("col.value_musd", lang): r["value_musd"],
        t("col.rank", lang): r["rank"],
        t("col.period", lang): localized_column(r, "period", lang),
        t("col.basis", lang): r["basis"].map(lambda b: vocab.label(vocab.TRADE_BASES, b, lang)),
        t("col.note", lang): localized_column(r, "note", lang),
        t("col.source", lang): r["source_url"],
    })


def milestones_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    m = atlas.milestones
    return pd.DataFrame({
        t("col.date", lang): m["date"],
        t("col.kind", lang): m["kind"].map(lambda k: vocab.label(vocab.MILESTONE_KINDS, k, lang)),
        t("col.milestone", lang): m[f"title_{lang}"] if f"title_{lang}" in m else m["title_en"],
        t("col.amount_musd", lang): m["amount_musd"],
        t("col.source", lang): m["source_url"],
    })


def stakes_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    names = _company_names(atlas, lang)
    names_by_id = dict(zip(atlas.sites["id"], site_names(atlas.sites, lang), strict=True))
    s = atlas.stakes
    return pd.DataFrame({
        t("col.site", lang): s["site_id"].map(names_by_id),
        t("col.company", lang): s["company_id"].map(names),
        t("col.role", lang): s["role"].map(lambda r: vocab.label(vocab.ROLES, r, lang)),
        t("col.share", lang): s["share_pct"],
        t("col.as_of", lang): s["as_of"].map(lambda v: format_as_of(v, lang)),
        t("col.note", lang): localized_column(s, "note", lang),
        t("col.source", lang): s["source_url"],
    })


def all_sites_table(atlas: Atlas, lang: str) -> pd.DataFrame:
    s = atlas.sites
    return pd.DataFrame({
        t("col.name", lang): site_names(s, lang),
        t("col.status", lang): s["status"].map(lambda v: vocab.label(vocab.STATUSES, v, lang)),
        t("col.minerals", lang): s["minerals"].map(lambda ms: minerals_text(ms, lang)),
        t("col.department", lang): s["department"].map(lambda d: vocab.department_name(d, lang)),
        t("col.operator", lang): s["operator"],
        t("site.start_year", lang): _year_text(s["start_year"]),
        t("col.capex", lang): s["capex_musd"],
        "lat": s["lat"],
        "lon": s["lon"],
        t("col.precision", lang): s["coord_precision_m"],
        t("col.confidence", lang): s["confidence"].map(
            lambda v: vocab.label(vocab.CONFIDENCE, v, lang)),
        t("col.as_of", lang): s["as_of"].map(lambda v: format_as_of(v, lang)),
        t("col.source", lang): s["source_url"],
    })


def screening_table(screening: pd.DataFrame, atlas: Atlas, lang: str,
                    user: pd.DataFrame | None = None) -> pd.DataFrame:
    """The screening, sortable: numbers stay numbers, unknowns stay empty (never 'no').

    ``user`` (from geo.userlayer.screen_against) adds the uploaded layer's three columns.
    """
    names = dict(zip(atlas.sites["id"], site_names(atlas.sites, lang), strict=True))
    yes_no = {True: t("env.yes", lang), False: t("env.no", lang)}

    def flag(value) -> str:
        return t("env.unknown", lang) if pd.isna(value) else yes_no[bool(value)]

    table = pd.DataFrame({
        t("col.site", lang): screening["site_id"].map(names),
        t("col.sensitivity", lang): screening["sensitivity"].map(
            lambda c: vocab.label(vocab.SENSITIVITY, c, lang)),
        t("col.in_amazon", lang): screening["in_amazon"].map(flag),
        t("col.protected_area", lang): screening["protected_area"],
        t("col.protected_area_km", lang): screening["protected_area_km"],
        t("col.in_buffer_zone", lang): screening["in_buffer_zone"].map(flag),
        t("col.indigenous_reserve", lang): screening["indigenous_reserve"],
        t("col.indigenous_reserve_km", lang): screening["indigenous_reserve_km"],
    })
    for column in ("native_community", "native_community_km", "liabilities_nearby"):
        if column in screening and screening[column].notna().any():  # only once fetched
            table[t(f"col.{column}", lang)] = screening[column].to_numpy()
    if user is not None:
        mine = user.set_index("site_id").reindex(screening["site_id"])
        table[t("col.in_user_layer", lang)] = mine["in_user_layer"].map(flag).to_numpy()
        table[t("col.user_feature", lang)] = mine["user_feature"].to_numpy()
        table[t("col.user_km", lang)] = mine["user_km"].to_numpy()
    order = {code: i for i, code in enumerate(vocab.SENSITIVITY)}
    key = screening["sensitivity"].map(order) * 1e6 + screening["protected_area_km"].fillna(1e5)
    return table.loc[key.sort_values(kind="stable").index].reset_index(drop=True)


def area_lists(layers: dict, lang: str) -> pd.DataFrame | None:
    """Areas known by their official figures but with no published centre: listed, not drawn."""
    rows = []
    for layer in layers.values():
        frame = layer.frame
        if "area_ha" not in frame:
            continue
        undrawn = frame[frame.geometry.isna() | frame.geometry.is_empty]
        for _, r in undrawn.iterrows():
            rows.append({
                t("col.name", lang): r["name"],
                t("col.kind", lang): vocab.label(vocab.AREA_CATEGORIES, r["category"], lang),
                t("col.area_ha", lang): r["area_ha"],
                t("col.year", lang): r.get("year"),
                t("col.source", lang): r.get("source_url"),
            })
    return pd.DataFrame(rows) if rows else None


def profile_facts(company: pd.Series, lang: str) -> list[tuple[str, str]]:
    facts = [
        (t("col.name_ja", lang), company["name_ja"] or "—"),
        (t("col.kind", lang), vocab.label(vocab.COMPANY_KINDS, company["kind"], lang)),
        (t("col.country", lang), vocab.country_name(company["country"], lang)),
        (t("col.hq", lang), company["hq"] or t("stake.hq_unknown", lang)),
        (t("col.peru_presence", lang), localized(company, "peru_presence", lang)),
    ]
    return facts


def portfolio_table(rows: pd.DataFrame, atlas: Atlas, lang: str) -> pd.DataFrame:
    names = _company_names(atlas, lang)
    return pd.DataFrame({
        t("col.site", lang): site_names(rows, lang),
        t("col.company", lang): rows["company_id"].map(names),
        t("col.role", lang): rows["role"].map(lambda r: vocab.label(vocab.ROLES, r, lang)),
        t("col.share", lang): rows["share_pct"].map(format_share),
        t("col.status", lang): rows["status"].map(
            lambda s: vocab.label(vocab.STATUSES, s, lang)),
        t("col.minerals", lang): rows["minerals"].map(lambda ms: minerals_text(ms, lang)),
        t("col.sensitivity", lang): rows["sensitivity"].map(
            lambda c: "" if pd.isna(c) else vocab.label(vocab.SENSITIVITY, c, lang)),
        t("col.source", lang): rows["source_url"],
    })


def attribution_table(by_mineral: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.mineral", lang): by_mineral["mineral"].map(
            lambda m: vocab.label(vocab.MINERALS, m, lang)),
        t("col.amount", lang): by_mineral["amount"].map(lambda v: format_number(round(v), lang)),
        t("col.unit", lang): by_mineral["unit"].map(lambda u: vocab.label(vocab.UNITS, u, lang)),
        t("stake.sites_counted", lang): by_mineral["sites"],
        t("col.year", lang): by_mineral["years"],
    })


def user_screening_table(screened: pd.DataFrame, lang: str, limit: int = 1000) -> pd.DataFrame:
    """The uploaded features, most sensitive first; labels stay text (st.dataframe)."""
    yes_no = {True: t("env.yes", lang), False: t("env.no", lang)}
    order = {code: i for i, code in enumerate(vocab.SENSITIVITY)}
    key = screened["sensitivity"].map(order) * 1e6 + screened["protected_area_km"].fillna(1e5)
    rows = screened.loc[key.sort_values(kind="stable").index[:limit]]
    return pd.DataFrame({
        t("col.feature", lang): rows["label"].to_numpy(),
        t("col.sensitivity", lang): rows["sensitivity"].map(
            lambda c: vocab.label(vocab.SENSITIVITY, c, lang)).to_numpy(),
        t("col.in_amazon", lang): rows["in_amazon"].map(
            lambda v: t("env.unknown", lang) if pd.isna(v) else yes_no[bool(v)]).to_numpy(),
        t("col.protected_area", lang): rows["protected_area"].to_numpy(),
        t("col.protected_area_km", lang): rows["protected_area_km"].to_numpy(),
        t("col.indigenous_reserve", lang): rows["indigenous_reserve"].to_numpy(),
        t("col.indigenous_reserve_km", lang): rows["indigenous_reserve_km"].to_numpy(),
        t("col.nearest_site", lang): rows["nearest_site"].to_numpy(),
        t("col.site_km", lang): rows["site_km"].to_numpy(),
    })


def quality_table(quality: pd.DataFrame, lang: str) -> pd.DataFrame:
    """geo.quality's per-site measures with translated classes, neediest first."""
    return pd.DataFrame({
        t("col.name", lang): quality["name"],
        t("col.status", lang): quality["status"].map(
            lambda s: vocab.label(vocab.STATUSES, s, lang)),
        t("col.precision_class", lang): quality["precision"].map(
            lambda c: t("quality.unknown", lang) if c == "unknown" else c),
        t("col.precision", lang): quality["precision_m"],
        t("col.confidence", lang): quality["confidence"].map(
            lambda c: vocab.label(vocab.CONFIDENCE, c, lang)),
        t("col.newest_source", lang): quality["newest_source"],
        t("col.ownership", lang): quality["ownership"].map(lambda o: t(f"quality.{o}", lang)),
        t("col.output", lang): quality["output"],
        t("col.needs_work", lang): quality["needs_work"],
    })
