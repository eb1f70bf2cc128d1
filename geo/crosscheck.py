"""Our curated sites against INGEMMET's own mines, projects and deposits.

For each site: the nearest official record (from the fetched ``ingemmet_mines`` and
``ingemmet_deposits`` layers), how far it is, and whether the names agree. A site whose
nearest official record is far beyond its own stated precision, or that sits next to a record
of another name, is listed for review in the data-quality view — a check, not a correction:
INGEMMET's points have their own errors and its names their own spellings.
"""

from __future__ import annotations

import re
import unicodedata

import geopandas as gpd
import pandas as pd

from geo.layers import Layer
from geo.screening import METRIC_CRS

# Words that name the kind of thing, not the thing: "Mina Antamina" is Antamina.
GENERIC = {"mina", "minas", "proyecto", "unidad", "minera", "uea", "de", "del", "la", "el",
           "los", "las", "y", "mine", "project", "plant", "planta", "deposit", "yacimiento",
           "sa", "saa", "sac", "cia", "compania", "sociedad", "expansion", "ampliacion"}
# Beyond its stated precision, how far an official record may be before we ask.
SLACK_KM = 3.0
REVIEWS = {"no official record near": "xc.none_near",
           "nearest record has another name": "xc.other_name",
           "same name, farther than our precision": "xc.farther"}
COLUMNS = ("site_id", "official_name", "official_layer", "official_km", "name_match",
           "review")


def name_tokens(text: object) -> set[str]:
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return {w for w in words if w not in GENERIC and len(w) > 1}


def names_agree(ours: object, theirs: object) -> bool:
    """Any shared distinctive word: 'Cerro Verde (Freeport)' and 'CERRO VERDE' agree;
    'Quellaveco' and 'Toquepala' do not."""
    return bool(name_tokens(ours) & name_tokens(theirs))


def crosscheck(sites: gpd.GeoDataFrame, layers: dict[str, Layer]) -> pd.DataFrame | None:
    """One row per site, or None when neither INGEMMET layer has been fetched."""
    official = [(key, layers[key].drawn) for key in ("ingemmet_mines", "ingemmet_deposits")
                if key in layers and layers[key].available]
    if not official:
        return None
    records = pd.concat([frame.assign(official_layer=key)[["name", "official_layer",
                                                            "geometry"]]
                         for key, frame in official], ignore_index=True)
    records = gpd.GeoDataFrame(records, geometry="geometry", crs=4326).to_crs(METRIC_CRS)
    points = sites[["id", "name", "coord_precision_m", "geometry"]].to_crs(METRIC_CRS)
    joined = gpd.sjoin_nearest(points, records, how="left", distance_col="_m")
    joined = joined[~joined.index.duplicated(keep="first")]
    km = (joined["_m"] / 1000).round(1)
    agree = [names_agree(a, b) for a, b in zip(joined["name_left"], joined["name_right"],
                                               strict=True)]
    allowed = pd.to_numeric(joined["coord_precision_m"], errors="coerce").fillna(0) / 1000
    far = km > allowed + SLACK_KM
    review = pd.Series("", index=joined.index)
    same = pd.Series(agree, index=joined.index)
    review[far & ~same] = "no official record near"
    review[~far & ~same] = "nearest record has another name"
    review[far & same] = "same name, farther than our precision"
    out = pd.DataFrame({"site_id": joined["id"], "official_name": joined["name_right"],
                        "official_layer": joined["official_layer"], "official_km": km,
                        "name_match": agree, "review": review})
    return out.reset_index(drop=True)[list(COLUMNS)]
