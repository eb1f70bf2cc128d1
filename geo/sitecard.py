"""A site's card for the booth screen: the few facts a visitor reads from three metres.

Owners with shares, latest output, capex, start year and the sensitivity class, each from the
same tables as the explorer's details panel, as escaped HTML; a fact with no source is left out,
never guessed.
"""

from __future__ import annotations

import pandas as pd

from geo import vocab
from geo.datatext import site_name
from geo.escape import escape
from geo.i18n import t
from geo.load import Atlas
from geo.owners import owners_of
from geo.popup import format_share
from geo.tables import format_number


def latest_output(atlas: Atlas, site_id: str, lang: str) -> list[str]:
    """One line per mineral, its newest year only (older years are history, not the card)."""
    rows = atlas.production[atlas.production["site_id"] == site_id]
    lines = []
    for mineral, group in rows.sort_values("year", ascending=False).groupby("mineral", sort=True):
        row = group.iloc[0]
        lines.append(f"{vocab.label(vocab.MINERALS, mineral, lang)} "
                     f"{format_number(row['amount'], lang)} "
                     f"{vocab.label(vocab.UNITS, row['unit'], lang)} ({int(row['year'])})")
    return lines


def card_html(atlas: Atlas, site_id: str, screening: pd.DataFrame | None, lang: str) -> str:
    site = atlas.sites[atlas.sites["id"] == site_id].iloc[0]

    def block(label_key: str, lines: list[str], css: str = "") -> str:
        body = "".join(f'<div class="{css}">{line}</div>' if css else f"<div>{line}</div>"
                       for line in lines)
        return f'<div class="label">{escape(t(label_key, lang))}</div>{body}'

    parts = [(f'<div class="site-name">{escape(site_name(site, lang))} · '
              f'{escape(vocab.label(vocab.STATUSES, site["status"], lang))} · '
              f'{escape(vocab.department_name(site["department"], lang))}</div>')]
    owners = owners_of(atlas, site_id, lang)
    if not owners.empty:
        lines = []
        for _, o in owners.iterrows():
            role = "" if o["role"] == "equity" else vocab.label(vocab.ROLES, o["role"], lang)
            text = escape(" ".join(x for x in (o["company"], format_share(o["share_pct"]), role)
                                   if x))
            lines.append(f'<span class="jp">{text}</span>' if o["japanese"] else text)
        parts.append(block("site.owners", lines))
    output = latest_output(atlas, site_id, lang)
    if output:
        parts.append(block("site.production", [escape(line) for line in output]))
    if pd.notna(site.get("capex_musd")):
        parts.append(block("site.capex", [escape(t("site.capex_value", lang,
                                                    v=format_number(site["capex_musd"], lang)))]))
    if pd.notna(site.get("start_year")):
        parts.append(block("site.start_year", [escape(str(int(site["start_year"])))]))
    if screening is not None:
        match = screening[screening["site_id"] == site_id]
        if not match.empty:
            row = match.iloc[0]
            cls = row["sensitivity"]
            line = (f'<span class="sens-{escape(cls)}">'
                    f'{escape(vocab.label(vocab.SENSITIVITY, cls, lang))}</span>')
            if pd.notna(row.get("protected_area_km")) and row.get("protected_area"):
                line += escape(" · " + t("card.nearest_area", lang, name=row["protected_area"],
                                         km=format_number(row["protected_area_km"], lang)))
            parts.append(block("col.sensitivity", [line]))
    return '<div class="tour-facts">' + "".join(parts) + "</div>"
