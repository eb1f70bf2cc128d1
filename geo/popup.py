"""Popup and tooltip HTML for a site. Every data value passes through ``escape``."""

from __future__ import annotations

import pandas as pd

from geo import vocab
from geo.datatext import site_name
from geo.escape import escape
from geo.i18n import t
from geo.numbers import format_as_of
from geo.symbols import JAPAN_RED


def format_share(share: float | None) -> str:
    if share is None or pd.isna(share):
        return ""
    return f"{share:.2f}".rstrip("0").rstrip(".") + "%"


def minerals_text(codes: tuple[str, ...], lang: str) -> str:
    sep = "、" if lang == "ja" else ", "
    return sep.join(vocab.label(vocab.MINERALS, m, lang) for m in codes)


def popup_html(site: pd.Series, owners: pd.DataFrame, lang: str) -> str:
    rows = []
    for _, o in owners.iterrows():
        share = format_share(o["share_pct"])
        role = vocab.label(vocab.ROLES, o["role"], lang)
        detail = f"{share} · {role}" if share else role
        style = f' style="color:{JAPAN_RED};font-weight:600"' if o["japanese"] else ""
        flag = t("owner.japan_mark", lang) if o["japanese"] else ""
        rows.append(f"<li{style}>{escape(o['company'])}{escape(flag)} — {escape(detail)}</li>")
    owners_block = (f"<ul style=\"margin:2px 0 4px 16px;padding:0\">{''.join(rows)}</ul>"
                    if rows else f"<i>{escape(t('site.no_owners', lang))}</i>")
    status = vocab.label(vocab.STATUSES, site["status"], lang)
    kind = vocab.label(vocab.SITE_KINDS, site["kind"], lang)
    lines = [
        '<div class="site-popup" style="min-width:220px;max-width:320px;font-size:13px">',
        f"<div style=\"font-size:15px;font-weight:700\">{escape(site_name(site, lang))}</div>",
        *([f"<div style=\"color:#555\">{escape(site['name'])}</div>"]
          if site_name(site, lang) != site["name"] else []),
        (f"<div>{escape(kind)} · {escape(status)} · "
        f"{escape(vocab.department_name(site['department'], lang))}</div>"),
        (f"<div><b>{escape(t('site.minerals', lang))}:</b> "
         f"{escape(minerals_text(site['minerals'], lang))}</div>"),
    ]
    if site.get("operator"):
        lines.append(f"<div><b>{escape(t('site.operator', lang))}:</b> "
                     f"{escape(site['operator'])}</div>")
    lines.append(f"<div><b>{escape(t('site.owners', lang))}:</b>{owners_block}</div>")
    if not pd.isna(site.get("equity_pct")) and not site.get("ownership_complete", True):
        gap = t("site.equity_partial", lang, pct=format_share(site["equity_pct"]))
        lines.append(f"<div style=\"color:#8a5a00;font-size:12px\">{escape(gap)}</div>")
    lines.append(
        f"<div style=\"color:#555\"><a href=\"{escape(site['source_url'])}\" target=\"_blank\" "
        f"rel=\"noopener noreferrer\">{escape(t('site.source', lang))}</a> · "
        f"{escape(t('site.as_of', lang, date=format_as_of(site['as_of'], lang)))}</div></div>")
    return "".join(lines)


def tooltip_text(site: pd.Series, lang: str = "en") -> str:
    return escape(site_name(site, lang))
