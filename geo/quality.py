"""How good each site's facts are, and which most need work: a report made from the data.

A reviewer adding sites or re-checking stakes needs a list to work down, and an investor needs
to know how far to trust a point: the same per-site measures feed ``data/QUALITY.md``
(``python -m geo.quality``; ``--check`` fails when it is stale) and the Data & sources page.

Ages are counted from the newest date anywhere in the data, not from today, so the report
changes only when the data does.
"""

from __future__ import annotations

import sys

import pandas as pd

from geo.atomic import write_or_check
from geo.load import Atlas, load_atlas
from geo.paths import DATA_DIR

QUALITY_MD = DATA_DIR / "QUALITY.md"
# Precision classes (upper bounds in metres) in the words issue #16 uses: "within 3 km".
PRECISION_CLASSES = (("≤ 3 km", 3_000), ("≤ 10 km", 10_000), ("> 10 km", float("inf")))
UNKNOWN = "unknown"
CONFIDENCE_POINTS = {"high": 0, "medium": 1, "low": 2}
OWNERSHIP = ("complete", "partial", "no shares", "no owners")
# A source this many years older than the newest in the data counts as old.
OLD_AFTER_YEARS = 2.0
# How a point was placed, read from the host of its coordinate source (first match wins).
PLACEMENT_METHODS = (
    ("mining-unit table", ("github.com/alexanderquispe/diplomado_pucp",)),
    ("USGS record", ("mrdata.usgs.gov",)),
    ("PorterGeo", ("portergeo.com.au",)),
    ("Wikipedia", ("wikipedia.org",)),
    ("GeoNames town or district", ("geonames.org",)),
    ("INGEMMET", ("ingemmet.gob.pe",)),
)
OTHER_METHOD = "report, company or press page"
# Ownership re-checked: the stake's source is dated this year or later.
RECHECK_FROM = 2025


def _year(as_of: object) -> float | None:
    """'2024', '2024-07' or '2024-07-15' as a fractional year; None when unreadable."""
    text = str(as_of or "").strip()
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 6
    except ValueError:
        return None
    return year + (month - 0.5) / 12


def placement_method(url: object) -> str:
    text = str(url or "").lower()
    if not text:
        return UNKNOWN
    return next((name for name, hosts in PLACEMENT_METHODS if any(h in text for h in hosts)),
                OTHER_METHOD)


def precision_class(metres: object) -> str:
    if metres is None or pd.isna(metres):
        return UNKNOWN
    return next(name for name, bound in PRECISION_CLASSES if float(metres) <= bound)


def _ownership(site: pd.Series, stakes: pd.DataFrame) -> str:
    equity = stakes[(stakes["site_id"] == site["id"]) & (stakes["role"] == "equity")]
    if equity.empty:
        return "no owners"
    if equity["share_pct"].isna().all():
        return "no shares"
    return "complete" if site["ownership_complete"] else "partial"


def site_quality(atlas: Atlas) -> pd.DataFrame:
    """One row per site: precision class, confidence, newest source, ownership, output, and a
    'needs work' score (higher first) that weighs what an investor zooms into: an imprecise
    point on an operating mine counts more than one on an old prospect."""
    sites, stakes, production = atlas.sites, atlas.stakes, atlas.production
    dated = pd.concat([sites[["id", "as_of"]].rename(columns={"id": "site_id"}),
                       stakes[["site_id", "as_of"]], production[["site_id", "as_of"]]])
    dated["year"] = dated["as_of"].map(_year)
    newest = dated.groupby("site_id")["year"].max()
    reference = dated["year"].max()
    rows = []
    for _, site in sites.iterrows():
        klass = precision_class(site["coord_precision_m"])
        ownership = _ownership(site, stakes)
        has_output = bool((production["site_id"] == site["id"]).any())
        age = reference - newest.get(site["id"], reference)
        operating = site["status"] in ("operating", "construction")
        score = (
            {"≤ 3 km": 0, "≤ 10 km": 2, "> 10 km": 4, UNKNOWN: 4}[klass] * (2 if operating else 1)
            + CONFIDENCE_POINTS.get(site["confidence"], 2)
            + {"complete": 0, "partial": 1, "no shares": 2, "no owners": 3}[ownership]
            + (2 if operating and not has_output else 0)
            + (1 if age > OLD_AFTER_YEARS else 0)
        )
        rows.append({
            "site_id": site["id"], "name": site["name"], "status": site["status"],
            "precision": klass, "precision_m": site["coord_precision_m"],
            "method": placement_method(site.get("coord_source_url") or site["source_url"]),
            "name_ja": site.get("name_ja_basis") or UNKNOWN,
            "confidence": site["confidence"], "newest_source": round(float(age), 1),
            "ownership": ownership, "output": has_output, "needs_work": int(score),
        })
    frame = pd.DataFrame(rows)
    frame["precision_m"] = frame["precision_m"].astype("Int64")
    return frame.sort_values(["needs_work", "name"], ascending=[False, True],
                             key=lambda s: s.str.casefold() if s.dtype == object else s,
                             ignore_index=True)


def summary(quality: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Counts per class of each measure, in a fixed order (the report and the page agree)."""
    def counts(column: str, order: tuple) -> dict[str, int]:
        values = quality[column].value_counts()
        return {key: int(values.get(key, 0)) for key in order}

    return {
        "precision": counts("precision", (*(n for n, _ in PRECISION_CLASSES), UNKNOWN)),
        "confidence": counts("confidence", tuple(CONFIDENCE_POINTS)),
        "ownership": counts("ownership", OWNERSHIP),
        "output": {"with output": int(quality["output"].sum()),
                   "operating without output": int(
                       (~quality["output"] & quality["status"].eq("operating")).sum())},
        "japanese name": counts("name_ja", ("cited", "transliterated", UNKNOWN)),
        "newest source": {f"within {OLD_AFTER_YEARS:g} years": int(
                              (quality["newest_source"] <= OLD_AFTER_YEARS).sum()),
                          "older": int((quality["newest_source"] > OLD_AFTER_YEARS).sum())},
    }


def placement_table(quality: pd.DataFrame) -> pd.DataFrame:
    """Sites per placement method and precision class: how the points were got."""
    order = [*(n for n, _ in PRECISION_CLASSES), UNKNOWN]
    table = pd.crosstab(quality["method"], quality["precision"]).reindex(columns=order,
                                                                          fill_value=0)
    return table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]


def stake_recheck(atlas: Atlas) -> dict[str, int]:
    """Stakes whose source is dated RECHECK_FROM or later, all and Japanese ones."""
    stakes = atlas.stakes
    recent = stakes["as_of"].map(_year).fillna(0) >= RECHECK_FROM
    japanese = stakes["company_id"].isin(atlas.japanese_company_ids)
    return {"stakes": len(stakes), f"sourced {RECHECK_FROM} or later": int(recent.sum()),
            "Japanese stakes": int(japanese.sum()),
            f"Japanese sourced {RECHECK_FROM} or later": int((recent & japanese).sum())}


def _cell(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value).replace("|", "\\|")


def quality_markdown(atlas: Atlas, worst: int = 40) -> str:
    quality = site_quality(atlas)
    lines = [
        "# Data quality",
        "",
        "Generated by `python -m geo.quality` from the CSV files in `data/`; do not edit by hand.",
        "Ages are years before the newest date in the data. 'Needs work' weighs an imprecise",
        "point, low confidence, missing shares, missing output and old sources, operating mines",
        "first (see `geo/quality.py`).",
        "",
        f"{len(quality)} sites.",
        "",
    ]
    for measure, counts in summary(quality).items():
        lines.append(f"- **{measure}**: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    lines.append("- **ownership sources**: " + ", ".join(
        f"{k} {v}" for k, v in stake_recheck(atlas).items()))
    placement = placement_table(quality)
    lines += ["", "## How the points were placed", "",
              "| method | " + " | ".join(placement.columns) + " |",
              "| --- |" + " --- |" * len(placement.columns)]
    for method, row in placement.iterrows():
        lines.append(f"| {method} | " + " | ".join(str(int(v)) for v in row) + " |")
    lines += ["", f"## The {min(worst, len(quality))} sites that most need work", "",
              ("| site | stage | precision | confidence | years since newest source | "
               "ownership | output | needs work |"),
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in quality.head(worst).itertuples():
        precision = (r.precision if pd.isna(r.precision_m)
                     else f"{r.precision} ({r.precision_m} m)")
        lines.append(f"| {_cell(r.name)} | {r.status} | {precision} | {r.confidence} | "
                     f"{r.newest_source} | {r.ownership} | {'yes' if r.output else 'no'} | "
                     f"{r.needs_work} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    return write_or_check(QUALITY_MD, quality_markdown(load_atlas(DATA_DIR)), "--check" in argv,
                          "python -m geo.quality")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
