"""Hostile input: the corpus in tests/corpus (files and links), fuzzing, and the invariants
that must hold whatever arrives — a named message or a clean layer, never a crash, never a file
of ours read, never markup or a template executed."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.i18n import STRINGS, resolve_language, t
from geo.urlstate import MAX_VALUES, parse_filters, parse_tour
from geo.userlayer import MAX_LABEL, PERU_BOX, UserLayer, UserLayerError, read_user_layer, sniff

CORPUS = Path(__file__).parent / "corpus"
FILES = CORPUS / "files"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
URLS = (CORPUS / "urls.txt").read_text(encoding="utf-8").split()
SECRET_TEXT = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""


def test_the_corpus_has_at_least_200_cases_and_is_current():
    from tests.corpus.build import all_cases, url_cases

    assert len(EXPECTED) + len(URLS) >= 200
    assert sorted(p.name for p in FILES.iterdir()) == sorted(EXPECTED)
    assert url_cases() == URLS
    cases = all_cases()
    assert sorted(cases) == sorted(EXPECTED), "run python -m tests.corpus.build"
    assert all(cases[name][1] == EXPECTED[name] for name in cases)


def check_invariants(result) -> None:
    """What must hold for anything read_user_layer returns."""
    if isinstance(result, UserLayerError):
        assert result.key in STRINGS, result.key
        message = t(result.key, "ja", **result.fields)
        # Our temporary folder never shows; paths inside the visitor's own zip may.
        assert "atlas-upload" not in message and "/vsizip/" not in message
        return
    assert isinstance(result, UserLayer)
    frame = result.frame
    assert list(frame.columns) == ["label", "geometry"] and frame.crs.to_epsg() == 4326
    assert len(frame) > 0 and frame.geometry.notna().all() and frame.is_valid.all()
    minx, miny, maxx, maxy = frame.total_bounds
    assert PERU_BOX[0] <= maxx and minx <= PERU_BOX[2] and PERU_BOX[1] <= maxy
    assert miny <= PERU_BOX[3]
    labels = frame["label"].astype(str)
    assert labels.str.len().max() <= MAX_LABEL
    assert not labels.str.contains(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", regex=True).any()
    if SECRET_TEXT:
        assert not labels.str.contains(SECRET_TEXT, regex=False).any(), "read a file of ours"


def read(data: bytes, name: str):
    try:
        return read_user_layer(data, name)
    except UserLayerError as exc:
        return exc


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_corpus_file_gets_its_outcome(name):
    expect = EXPECTED[name]
    result = read((FILES / name).read_bytes(), name)
    check_invariants(result)
    if "key" in expect:
        assert isinstance(result, UserLayerError) and result.key == expect["key"], result
    elif expect.get("reject"):
        assert isinstance(result, UserLayerError), result
    elif "reject_or_features" in expect:
        assert isinstance(result, UserLayerError) or len(result.frame) == expect[
            "reject_or_features"]
    else:
        assert isinstance(result, UserLayer), result
        assert len(result.frame) == expect["features"]
        for field in ("empty", "repaired"):
            if field in expect:
                assert getattr(result, field) == expect[field]
        if "label_in" in expect:
            wanted = expect["label_in"].translate({c: None for c in range(32) if c not in (9,
                                                                                          10,
                                                                                          13)})
            assert wanted[:MAX_LABEL] in set(result.frame["label"])
        if "near" in expect:
            first = result.frame.geometry.iloc[0].centroid
            assert first.distance(shapely.Point(expect["near"])) < 1e-3
        if "bad_rows" in expect:
            assert list(result.bad_rows) == expect["bad_rows"]


def test_a_disguised_vrt_cannot_make_gdal_read_our_files(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("name,x,y\nTOP-SECRET,-75,-10\n")
    vrt = (f'<OGRVRTDataSource><OGRVRTLayer name="secret"><SrcDataSource>{secret}'
           f'</SrcDataSource><GeometryField encoding="PointFromColumns" x="x" y="y"/>'
           f'</OGRVRTLayer></OGRVRTDataSource>').encode()
    for name in ("x.kml", "x.geojson", "x.gpkg", "x.csv"):
        result = read(vrt, name)
        assert isinstance(result, UserLayerError), name
    import pyogrio

    assert "OGR_VRT" not in pyogrio.list_drivers()  # even a path we did not foresee is closed


def test_a_late_import_of_pyogrio_still_gets_the_guard():
    import subprocess
    import sys

    code = ("import pyogrio; assert 'OGR_VRT' in pyogrio.list_drivers();"
            "import geo.userlayer; assert 'OGR_VRT' not in pyogrio.list_drivers();"
            "assert 'GPKG' in pyogrio.list_drivers(); print('ok')")
    env = {k: v for k, v in os.environ.items() if k != "GDAL_SKIP"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).parent.parent, check=False, env=env)
    assert out.stdout.strip() == "ok", out.stderr[-500:]


# --- fuzzing --------------------------------------------------------------------------------

SEEDS = [(FILES / name).read_bytes() for name in sorted(EXPECTED)
         if "features" in EXPECTED[name] and (FILES / name).stat().st_size < 200_000]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048), st.sampled_from(["x.geojson", "x.kml", "x.csv", "x.gpkg",
                                                  "x.zip", "x.fgb", "x.parquet", "x"]))
def test_random_bytes_get_a_message_or_a_clean_layer(data, name):
    check_invariants(read(data, name))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SEEDS) - 1), st.integers(0, 2**32 - 1), st.integers(1, 16))
def test_mutated_real_files_get_a_message_or_a_clean_layer(index, seed, flips):
    data = bytearray(SEEDS[index])
    rng = random.Random(seed)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.3:
        data = data[: rng.randrange(1, len(data) + 1)]
    check_invariants(read(bytes(data), "mutated"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_csv_text_never_crashes(text):
    check_invariants(read(("name,lon,lat\n" + text).encode("utf-8", "surrogatepass")
                          if "\ud800" not in text else b"name,lon,lat\n", "x.csv"))


@given(st.binary(max_size=64))
def test_sniffing_is_total(data):
    assert sniff(data) in (None, "gpkg", "zip", "parquet", "fgb", "geojson", "kml", "csv")


# --- links ----------------------------------------------------------------------------------

OPTIONS = {"f_minerals": ["Cu", "Zn", "Li"], "f_statuses": ["operating", "exploration"],
           "f_companies": ["mitsubishi"], "f_departments": ["Lima", "Puno"]}


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


@pytest.mark.parametrize("url", URLS)
def test_every_hostile_link_parses_to_something_safe(url):
    params = _params(url)
    lang, _ = resolve_language((params.get("lang") or [None])[0])
    assert lang in ("en", "es", "ja")
    values, notes = parse_filters(params, OPTIONS)
    for key, chosen in values.items():
        if key in OPTIONS:
            assert set(chosen) <= set(OPTIONS[key]) and len(chosen) <= MAX_VALUES
        else:
            assert isinstance(chosen, bool)
    state, tour_notes = parse_tour(params, 8)
    assert 1 <= state.stop <= 8 and state.every in (5, 8, 12, 20)
    assert isinstance(state.play, bool)
    assert all(len(note) < 120 for note in notes + tour_notes)


query_values = st.lists(st.text(max_size=60), max_size=4)


@given(st.dictionaries(st.sampled_from(["lang", "stop", "play", "every", "minerals", "stages",
                                        "companies", "departments", "japan", "primary",
                                        "zoom"]), query_values, max_size=8))
def test_url_state_parser_accepts_any_query(params):
    values, notes = parse_filters(params, OPTIONS)
    state, _ = parse_tour(params, 8)
    assert 1 <= state.stop <= 8 and state.every in (5, 8, 12, 20)
    assert all(set(v) <= set(OPTIONS[k]) for k, v in values.items() if k in OPTIONS)


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers() | st.text(max_size=30))
def test_stop_numbers_of_any_kind(value):
    state, _ = parse_tour({"stop": [str(value)], "every": [str(value)]}, 8)
    assert 1 <= state.stop <= 8 and state.every in (5, 8, 12, 20)


def test_hostile_links_render_every_page_without_an_exception():
    """AppTest over a spread of the corpus: each page, each kind of bad value."""
    from streamlit.testing.v1 import AppTest

    from geo.paths import ROOT
    from pages.shell import PAGES

    by_path = {key: script for script, _icon, key in PAGES}
    sample = URLS[:: max(1, len(URLS) // 24)]
    for url in sample:
        path = urlsplit(url).path.strip("/")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, values in _params(url).items():
            at.query_params[key] = values
        at.run()
        if path and path in by_path:
            at.switch_page(by_path[path]).run()
        assert not at.exception, (url[:120], [e.message for e in at.exception])
        assert np.all([("<script>" not in m.value) for m in at.markdown]), url[:120]
