"""Who sits beside whom: companies and sites as a Graphviz graph, drawn by Streamlit itself.

``st.graphviz_chart`` renders DOT in the browser with the graphviz build Streamlit ships, so the
graph works offline and needs no system package. Every label is escaped for DOT.
"""

from __future__ import annotations

import pandas as pd

from geo import vocab
from geo.datatext import site_name
from geo.load import Atlas
from geo.popup import format_share

JAPAN_FILL = "#fde7ea"
JAPAN_LINE = "#bc002d"


def _dot(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def network_edges(atlas: Atlas, company_ids: set[str] | None = None,
                  minerals: set[str] | None = None, roles: set[str] | None = None,
                  partners: bool = True) -> pd.DataFrame:
    """The stakes to draw: those of the chosen companies (all Japanese ones by default), at sites
    carrying a chosen mineral, with a chosen role — plus, when ``partners``, every other holder
    at those sites, so one sees who sits beside whom."""
    stakes = atlas.stakes
    sites = atlas.sites.set_index("id")
    focus = company_ids if company_ids else atlas.japanese_company_ids
    chosen = stakes[stakes["company_id"].isin(focus)]
    if roles:
        chosen = chosen[chosen["role"].isin(roles)]
    if minerals:
        keep = {s for s in chosen["site_id"] if minerals & set(sites.at[s, "minerals"])}
        chosen = chosen[chosen["site_id"].isin(keep)]
    if partners:
        chosen = stakes[stakes["site_id"].isin(set(chosen["site_id"]))]
        if roles:
            chosen = chosen[chosen["role"].isin(roles) | ~chosen["company_id"].isin(focus)]
    return chosen.reset_index(drop=True)


def network_dot(atlas: Atlas, edges: pd.DataFrame, lang: str) -> str:
    companies = atlas.companies.set_index("id")
    sites = atlas.sites.set_index("id")
    lines = ["graph partners {",
             "  graph [rankdir=LR, bgcolor=transparent, fontname=Helvetica];",
             "  node [fontname=Helvetica, fontsize=11];",
             "  edge [fontname=Helvetica, fontsize=9];"]
    for company_id in sorted(set(edges["company_id"])):
        row = companies.loc[company_id]
        name = row["name_ja"] if lang == "ja" and row["name_ja"] else row["name"]
        japanese = row["country"] == vocab.JAPAN
        style = (f'style="rounded,filled", fillcolor="{JAPAN_FILL}", color="{JAPAN_LINE}", '
                 "penwidth=2" if japanese else 'style="rounded", color="#555555"')
        lines.append(f"  {_dot('c:' + company_id)} [label={_dot(name + ' · ' + row['country'])}, "
                     f"shape=box, {style}];")
    for site_id in sorted(set(edges["site_id"])):
        row = sites.loc[site_id]
        minerals = ", ".join(vocab.label(vocab.MINERALS, m, lang) for m in row["minerals"][:3])
        label = _dot(site_name(row, lang) + chr(10) + minerals)
        lines.append(f"  {_dot('s:' + site_id)} [label={label}, "
                     'shape=ellipse, style=filled, fillcolor="#eef3f8", color="#4a6fa5"];')
    for _, e in edges.iterrows():
        role = vocab.label(vocab.ROLES, e["role"], lang)
        share = format_share(e["share_pct"])
        label = f"{share} {role}".strip()
        style = "" if e["role"] == "equity" else ", style=dashed"
        lines.append(f"  {_dot('c:' + e['company_id'])} -- {_dot('s:' + e['site_id'])} "
                     f"[label={_dot(label)}{style}];")
    lines.append("}")
    return "\n".join(lines)
