"""View state in the URL, read defensively: a shared link reopens the same view, and a strange
one (a huge number, NaN, an unknown value, a list where one value was expected) falls back to
the default with a note instead of an error."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

MAX_PARAM = 200
INTERVALS = (5, 8, 12, 20)


@dataclass(frozen=True)
class TourState:
    stop: int = 1  # 1-based, as people count
    play: bool = False
    every: int = 8  # seconds between stops when playing

    def params(self) -> dict[str, str]:
        out = {"stop": str(self.stop)}
        if self.play:
            out["play"] = "1"
        if self.every != TourState.every:
            out["every"] = str(self.every)
        return out


def _one(params: Mapping, key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if value is None:
        return None
    return str(value)[:MAX_PARAM]


def _int(text: str | None, lo: int, hi: int) -> int | None:
    if text is None:
        return None
    try:
        number = float(text.strip())
    except ValueError:
        return None
    if not math.isfinite(number) or not number.is_integer() or not lo <= number <= hi:
        return None
    return int(number)


def parse_tour(params: Mapping, n_stops: int) -> tuple[TourState, list[str]]:
    notes = []
    state = TourState()
    raw_stop = _one(params, "stop")
    stop = _int(raw_stop, 1, n_stops)
    if raw_stop is not None and stop is None:
        notes.append(f"stop={raw_stop[:40]!r}")
    raw_play = _one(params, "play")
    play = raw_play in ("1", "true", "yes")
    if raw_play is not None and raw_play not in ("0", "1", "true", "false", "yes", "no"):
        notes.append(f"play={raw_play[:40]!r}")
    raw_every = _one(params, "every")
    every = _int(raw_every, 1, 3600)
    if raw_every is not None and every not in INTERVALS:
        notes.append(f"every={raw_every[:40]!r}")
        every = None
    return TourState(stop or state.stop, play, every or state.every), notes


FILTER_PARAMS = {"minerals": "f_minerals", "stages": "f_statuses", "companies": "f_companies",
                 "departments": "f_departments"}
FLAG_PARAMS = {"japan": "f_japan", "primary": "f_primary"}
MAX_VALUES = 50


def parse_filters(params: Mapping, options: Mapping[str, list[str]]) -> tuple[dict, list[str]]:
    """Widget values for the site filters from ?minerals=Cu,Zn&japan=1…; values not offered
    by the data are dropped and noted, never passed on."""
    values, notes = {}, []
    for param, key in FILTER_PARAMS.items():
        raw = _one(params, param)
        if raw is None:
            continue
        asked = [v.strip() for v in raw.split(",") if v.strip()][:MAX_VALUES]
        known = [v for v in asked if v in set(options[key])]
        values[key] = list(dict.fromkeys(known))
        if len(known) != len(asked):
            notes.append(f"{param}={raw[:40]!r}")
    for param, key in FLAG_PARAMS.items():
        raw = _one(params, param)
        if raw is None:
            continue
        values[key] = raw in ("1", "true", "yes")
        if raw not in ("0", "1", "true", "false", "yes", "no"):
            notes.append(f"{param}={raw[:40]!r}")
    return values, notes


def filter_params(values: Mapping) -> dict[str, str]:
    out = {}
    for param, key in FILTER_PARAMS.items():
        if values.get(key):
            out[param] = ",".join(values[key])
    for param, key in FLAG_PARAMS.items():
        if values.get(key):
            out[param] = "1"
    return out
