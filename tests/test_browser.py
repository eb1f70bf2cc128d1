"""The app as a visitor sees it: a real Streamlit server, headless Chromium, no internet.

Every request that is not to our own 127.0.0.1 server is aborted, so a green run is also the
proof that the map renders offline. In CI (CI=true) a missing browser fails; elsewhere it skips.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from geo.datatext import site_name
from geo.filters import SiteFilter, apply_filter
from geo.i18n import t
from geo.load import load_atlas
from geo.mapview import TILES
from geo.paths import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
TILE_HOST = urlsplit(TILES.build_url()).hostname
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DRAWN_SITES_JS = """() => {
  const markers = document.querySelectorAll('.leaflet-marker-pane [data-site-id]').length;
  const clustered = [...document.querySelectorAll('.leaflet-marker-pane .marker-cluster span')]
      .reduce((n, s) => n + Number(s.textContent), 0);
  return markers + clustered;
}"""


def _require_browser():
    missing = [what for what, ok in (("Debian chromium", Path(CHROMIUM).exists()),
                                     ("playwright", _has_playwright())) if not ok]
    if missing:
        message = f"browser tests need {' and '.join(missing)} (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(log_name: str = "streamlit.log", env: dict[str, str] | None = None):
    """A fresh Streamlit server on a free port, stopped on exit."""
    _require_browser()
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / log_name).open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def app_url():
    with _serve() as url:
        yield url


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}; see tests/artifacts")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail("streamlit did not become healthy in time")


def _first_visit(browser, url: str) -> None:
    """Streamlit resolves the very first session after start against pages/ the old way and
    shows a 'page not found' toast on a deep link; a visitor at the root, as at a booth, comes
    first here so the tests see what every later visitor sees."""
    context = browser.new_context()
    first = context.new_page()
    first.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
    first.goto(url)
    first.get_by_role("heading", name=t("app.title", "en")).wait_for(timeout=60_000)
    context.close()


@pytest.fixture(scope="module")
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _first_visit(b, app_url)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.outside_requests = []

    def only_localhost(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            return route.continue_()
        page.outside_requests.append(url)
        return route.abort()

    page.route("**/*", only_localhost)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def map_frame(page, timeout_s: float = 60):
    """The component iframe in which Leaflet has drawn its container."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("typeof L !== 'undefined' && "
                                  "!!document.querySelector('.leaflet-container')"):
                    return frame
            except Exception:  # frames come and go while Streamlit renders
                pass
        page.wait_for_timeout(300)
    pytest.fail("Leaflet never drew its map (an asset did not load?)")


def drawn_sites(page, frame, expected: int, timeout_s: float = 30) -> int:
    """Markers plus the sites inside clusters, once the count settles on the expected value."""
    deadline = time.monotonic() + timeout_s
    n = -1
    while time.monotonic() < deadline:
        n = frame.evaluate(DRAWN_SITES_JS)
        if n == expected:
            return n
        page.wait_for_timeout(300)
    return n


def settle(page) -> None:
    """Wait as a person would: until Streamlit has finished running, then a breath more.

    A click in the first few hundred milliseconds after the map appears can be lost while
    streamlit-folium sends its first value; nobody clicks that fast, so the tests do not either.
    """
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    page.wait_for_timeout(800)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_map_draws_every_site_over_peru_offline(page, app_url, atlas, lang):
    page.goto(f"{app_url}/map?lang={lang}")
    frame = map_frame(page)
    n = len(atlas.sites)
    assert drawn_sites(page, frame, n) == n
    page.get_by_text(t("map.count", lang, n=n, total=n)).wait_for()
    land = frame.evaluate("document.querySelectorAll('.leaflet-land-pane path').length")
    assert land >= 2, "our own vector base layer (Peru and neighbours) is missing"
    page.get_by_role("heading", name=t("app.title", lang)).wait_for()
    shot(page, f"map_{lang}")
    assert page.errors == []
    assert {urlsplit(u).hostname for u in page.outside_requests} <= {TILE_HOST}, (
        "the app asked the internet for something other than optional tiles")


def test_a_filter_redraws_the_map_and_the_count(page, app_url, atlas):
    page.goto(f"{app_url}/map?lang=en")
    frame = map_frame(page)
    n = len(atlas.sites)
    assert drawn_sites(page, frame, n) == n
    page.get_by_text(t("filter.japan_only", "en")).click()
    linked = len(apply_filter(atlas.sites, SiteFilter(japan_linked_only=True)))
    assert 0 < linked < n
    page.get_by_text(t("map.count", "en", n=linked, total=n)).wait_for()
    frame = map_frame(page)
    assert drawn_sites(page, frame, linked) == linked
    shot(page, "map_en_japan_linked")


def test_clicking_a_site_opens_its_popup_and_details(page, app_url, atlas):
    page.goto(f"{app_url}/map?lang=en")
    frame = map_frame(page)
    drawn_sites(page, frame, len(atlas.sites))
    settle(page)
    frame.evaluate("""() => {
        for (const c of document.querySelectorAll('.marker-cluster')) c.remove();
    }""")
    marker = frame.locator(".leaflet-marker-pane [data-site-id]").first
    site_id = marker.get_attribute("data-site-id")
    name = atlas.sites.set_index("id").at[site_id, "name"]
    marker.click()
    page.locator(".st-key-site_details").get_by_text(name).first.wait_for(timeout=20_000)
    page.wait_for_timeout(1500)  # the rerun after the click must not close the popup
    frame = map_frame(page)
    frame.locator(".leaflet-popup-content").get_by_text(name).first.wait_for(timeout=5_000)
    shot(page, "map_en_clicked")


def test_data_page_renders(page, app_url):
    page.goto(f"{app_url}/data?lang=es")
    page.get_by_role("heading", name=t("nav.data", "es")).wait_for(timeout=30_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    settle(page)
    shot(page, "data_es")
    assert page.errors == []
    assert page.get_by_text("Page not found").count() == 0


def test_panning_and_zooming_do_not_rerun_the_app(page, app_url, atlas):
    """A rerun is a message from browser to server; panning must send none, a click one."""
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(f"{app_url}/map?lang=en")
    frame = map_frame(page)
    drawn_sites(page, frame, len(atlas.sites))
    settle(page)
    before = len(sent)
    frame.locator(".leaflet-control-zoom-in").click()
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + 150, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 300, box["y"] + 350, steps=8)
    page.mouse.up()
    page.wait_for_timeout(1500)
    assert len(sent) == before, "pan/zoom sent a message to the server (a rerun)"
    frame.evaluate("() => { for (const c of document.querySelectorAll('.marker-cluster'))"
                   " c.remove(); }")
    in_view = frame.evaluate("""() => [...document.querySelectorAll(
        '.leaflet-marker-pane [data-site-id]')].map(e => [e.dataset.siteId,
        e.getBoundingClientRect()]).filter(([, r]) => r.left > 40 && r.top > 40 &&
        r.right < innerWidth - 40 && r.bottom < innerHeight - 40).map(([id]) => id)""")
    assert in_view, "no site symbol in view after the pan"
    frame.locator(f'.leaflet-marker-pane [data-site-id="{in_view[0]}"]').click()
    page.wait_for_timeout(1500)
    assert len(sent) > before, "a click should reach the server"


def test_environment_page_draws_layers_and_classed_sites_offline(page, app_url, atlas):
    from geo.layers import load_layers
    from geo.screening import screen

    page.goto(f"{app_url}/map?lang=es")
    map_frame(page)
    settle(page)
    page.get_by_role("link", name=t("nav.environment", "es")).click()
    page.get_by_role("heading", name=t("env.title", "es")).wait_for()
    settle(page)
    expected = screen(atlas.sites, load_layers())["sensitivity"].value_counts()
    frame = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and frame is None:
        for f in page.frames:
            try:
                if f.evaluate("document.querySelectorAll('path.sensitivity-high').length") > 0:
                    frame = f
            except Exception:
                pass
        page.wait_for_timeout(300)
    assert frame is not None, "the classed sites were never drawn"
    for cls in ("high", "medium", "low"):
        drawn = frame.evaluate(f"document.querySelectorAll('path.sensitivity-{cls}').length")
        assert drawn == int(expected.get(cls, 0)), cls
    areas = frame.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length")
    assert areas > len(atlas.sites), "the Amazon and protected-area layers were not drawn"
    shot(page, "environment_es")
    assert page.errors == []
    assert {urlsplit(u).hostname for u in page.outside_requests} <= {TILE_HOST}


def test_home_partners_and_exports_render_offline_in_japanese(page, app_url, atlas):
    from geo.sources import sources_table
    from geo.stakeholders import headline
    from geo.tables import format_number

    page.goto(f"{app_url}/?lang=ja")
    figures = headline(atlas, len(sources_table(atlas)))
    page.get_by_text(t("home.japan_sites", "ja")).wait_for(timeout=30_000)
    page.get_by_text("173億米ドル").wait_for()
    assert page.get_by_text(format_number(figures.sites, "ja"), exact=True).count() >= 1
    settle(page)
    page.get_by_role("link", name=t("nav.network", "ja")).first.click()
    page.locator('[data-testid="stGraphVizChart"] svg g.node').first.wait_for(timeout=30_000)
    nodes = page.locator('[data-testid="stGraphVizChart"] svg g.node').count()
    assert nodes > 20, "the partner graph was not drawn"
    assert page.get_by_text("三菱商事").count() >= 1
    shot(page, "partners_ja")
    settle(page)
    page.get_by_role("link", name=t("nav.trade", "ja")).first.click()
    page.get_by_role("heading", name=t("trade.title", "ja")).wait_for(timeout=30_000)
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
                 ).first.wait_for(timeout=30_000)
    settle(page)
    shot(page, "exports_ja")
    assert page.errors == []
    assert {urlsplit(u).hostname for u in page.outside_requests} <= {TILE_HOST}


def test_downloads_open_in_geopandas_with_the_rows_shown(page, app_url, atlas, tmp_path):
    import geopandas as gpd

    page.goto(f"{app_url}/map?lang=en")
    map_frame(page)
    settle(page)
    page.get_by_text(t("filter.japan_only", "en")).click()
    linked = atlas.sites[atlas.sites["japan_linked"]]
    page.get_by_text(t("map.count", "en", n=len(linked), total=len(atlas.sites))).wait_for()
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("map.download", "en")).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert "japan" in path.name
    assert sorted(gpd.read_file(path)["id"]) == sorted(linked["id"])

    page.get_by_role("link", name=t("nav.downloads", "en")).click()
    page.get_by_role("heading", name=t("dl.title", "en")).wait_for(timeout=30_000)
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("dl.gpkg_all", "en")).click()
    gpkg = tmp_path / info.value.suggested_filename
    info.value.save_as(gpkg)
    import pyogrio
    assert len(pyogrio.list_layers(gpkg)) >= 6
    assert len(gpd.read_file(gpkg, layer="sites")) == len(atlas.sites)
    shot(page, "downloads_en")
    assert page.errors == []


STREAMLIT_PROBE = ("/_stcore/health", "/_stcore/host-config")


def _strict_page(browser, viewport: tuple[int, int] = (1600, 900)):
    """A page that records every console error, failed request and error response, with the
    internet unplugged: anything not on 127.0.0.1 is aborted. The only tolerated failures are
    Streamlit's own probes of a deep link's path for its server (404, then it tries the root)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  accept_downloads=True)
    page = context.new_page()
    page.problems, page.probes, page.console_404 = [], 0, 0

    def on_response(response):
        if response.status >= 400:
            if response.status == 404 and response.url.endswith(STREAMLIT_PROBE):
                page.probes += 1
            else:
                page.problems.append(f"{response.status} {response.url}")

    def on_console(message):
        if message.type != "error":
            return
        if "status of 404" in message.text:
            page.console_404 += 1
        else:
            page.problems.append(f"console: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
    return context, page


def _clean(page) -> list[str]:
    extra_404 = page.console_404 - page.probes
    return page.problems + ([f"{extra_404} unexplained 404s"] if extra_404 > 0 else [])


def test_autoplay_advances_by_itself(browser, app_url, atlas):
    from geo.tour import load_tour

    stops, _ = load_tour(atlas)
    context, page = _strict_page(browser)
    try:
        page.goto(f"{app_url}/present?lang=en&stop=3&play=1&every=5")
        page.get_by_text(stops[2].title("en"), exact=True).wait_for(timeout=30_000)
        page.get_by_text(stops[3].title("en"), exact=True).wait_for(timeout=30_000)
        assert _clean(page) == []
    finally:
        context.close()


def test_the_take_away_map_opens_from_disk(browser, app_url, tmp_path):
    context, page = _strict_page(browser)
    try:
        page.goto(f"{app_url}/present?lang=es&stop=2")
        settle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name=t("tour.html", "es")).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        offline = browser.new_context()
        disk = offline.new_page()
        errors = []
        disk.on("pageerror", lambda e: errors.append(str(e)))
        disk.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        disk.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("file:", "data:")) else r.abort())
        disk.goto(path.as_uri())
        disk.locator(".leaflet-container").wait_for(timeout=15_000)
        assert disk.locator(".leaflet-marker-pane > *").count() >= 1
        assert errors == []
        disk.screenshot(path=str(ARTIFACTS / "takeaway_es.png"))
        offline.close()
    finally:
        context.close()


def _fast_layer_count(page, timeout_s: float = 90) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for f in page.frames:
            try:
                n = f.evaluate("window.atlasFastLayers || 0")
            except Exception:
                continue
            if n:
                return n
        page.wait_for_timeout(300)
    return 0


def test_an_uploaded_layer_is_drawn_and_screened_and_a_bad_one_explained(page, app_url, atlas,
                                                                         tmp_path):
    from bench.synthetic import concessions

    good = tmp_path / "catastro.gpkg"
    concessions(3000).to_file(good, engine="pyogrio")
    bad = tmp_path / "broken.gpkg"
    bad.write_bytes(b"this is not a GeoPackage")
    page.goto(f"{app_url}/environment?lang=ja")
    page.get_by_role("heading", name=t("env.title", "ja")).wait_for(timeout=60_000)
    settle(page)
    page.get_by_text(t("upload.title", "ja")).click()
    page.locator("input[type=file]").set_input_files(str(good))
    assert _fast_layer_count(page) == 3000
    page.get_by_text("catastro(GeoPackage、EPSG:4326)").wait_for()
    settle(page)
    shot(page, "environment_upload_ja")
    assert page.errors == []
    page.locator("input[type=file]").set_input_files(str(bad))  # replaces the good one
    message = t("upload.bad_type", "ja", suffix=".gpkg", allowed="").split("。")[0]
    page.get_by_text(message, exact=False).first.wait_for(timeout=30_000)
    assert page.get_by_text(t("env.title", "ja")).count() >= 1  # the page is still there
    assert page.errors == []


def _hostile_links() -> list[str]:
    urls = (ROOT / "tests" / "corpus" / "urls.txt").read_text(encoding="utf-8").split()
    pages = {}
    for url in urls:  # one link per page and kind of bad value, short enough to type
        key = (urlsplit(url).path, url.split("?", 1)[1].split("=", 1)[0])
        if len(url) < 300:
            pages.setdefault(key, url)
    # Every page once in a real browser, and a third of the markup links (the XSS-shaped ones);
    # test_hostile.py runs every page × parameter kind without a browser, in seconds.
    per_page = {}
    for url in pages.values():
        per_page.setdefault(urlsplit(url).path, url)
    markup = [u for u in urls if len(u) < 300 and any(m in u for m in ("<", "%3C", "{{"))]
    return list(dict.fromkeys([*per_page.values(), *markup[::3]]))


def test_hostile_links_open_without_dialogs_errors_or_scripts(browser, app_url):
    failures = {}
    for link in _hostile_links():
        context, page = _strict_page(browser)
        dialogs = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        try:
            page.goto(app_url + link)
            page.locator('[data-testid="stMain"]').first.wait_for(timeout=60_000)
            settle(page)
            problems = [p for p in _clean(page) if TILE_HOST not in p]
            problems += [f"dialog: {m}" for m in dialogs]
            if page.locator('[data-testid="stException"]').count():
                problems.append("exception shown")
            if problems:
                failures[link] = problems[:3]
            if "script" in link:
                shot(page, "hostile_link")
        finally:
            context.close()
    assert failures == {}


# --- Map-first layouts (issue #15): measured in the page, at the viewports people use ---------

MAP_SHARE_JS = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const r = f.getBoundingClientRect(), w = innerWidth, h = innerHeight;
  const x = Math.max(0, Math.min(r.right, w) - Math.max(r.left, 0));
  const y = Math.max(0, Math.min(r.bottom, h) - Math.max(r.top, 0));
  return {share: x * y / (w * h), top: r.top, left: r.left,
          scroll_width: document.documentElement.scrollWidth, width: w};
}"""
# Labels the map has placed inside its own view, and how many pairs of them overlap.
LABELS_JS = """() => {
  const shown = sel => [...document.querySelectorAll(sel)].filter(el => {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth &&
      r.bottom <= innerHeight && cs.display !== 'none' && cs.visibility !== 'hidden' &&
      Number(cs.opacity) > 0;
  });
  const places = shown('.atlas-place-label'), depts = shown('.atlas-dept-label'),
        water = shown('.atlas-water-label');
  // A place is its dot and its name (the gap between them is empty map).
  const boxes = [...places.flatMap(el => [...el.children]), ...depts, ...water]
      .map(el => el.getBoundingClientRect()).filter(r => r.width > 0);
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 &&
        b.top < a.bottom - 1) overlaps++;
  }
  return {places: places.map(e => e.textContent), depts: depts.map(e => e.textContent),
          water: water.map(e => e.textContent), overlaps: overlaps};
}"""
MARKERS_JS = """() => ({
  own: document.querySelectorAll('.leaflet-marker-pane [data-site-id]').length,
  clusters: [...document.querySelectorAll('.leaflet-marker-pane .atlas-cluster')].map(c => ({
    n: Number(c.textContent), ring: c.firstElementChild.style.background.includes('conic')})),
  layers_collapsed: !!document.querySelector('.leaflet-control-layers') &&
    !document.querySelector('.leaflet-control-layers-expanded'),
  center: [map.getCenter().lat, map.getCenter().lng], zoom: map.getZoom()})"""


def _clean_but_tiles(page) -> list[str]:
    """The explorer may ask for online tiles (shown only when they load): each refused tile is
    one failed request and one console line, and nothing else may go wrong."""
    problems = _clean(page)
    tiles = [p for p in problems if TILE_HOST in p]
    blocked = [p for p in problems if p == "console: Failed to load resource: net::ERR_FAILED"]
    rest = [p for p in problems if p not in tiles and p not in blocked]
    return rest + (["more blocked requests than tiles"] if len(blocked) > len(tiles) else [])


def labels_settled(page, frame, minimum: int, timeout_s: float = 15) -> dict:
    """The labels in view once the map has stopped moving (a tour stop flies there)."""
    deadline = time.monotonic() + timeout_s
    seen = frame.evaluate(LABELS_JS)
    while time.monotonic() < deadline:
        page.wait_for_timeout(700)
        now = frame.evaluate(LABELS_JS)
        if now == seen and len(now["places"]) >= minimum:
            return now
        seen = now
    return seen


def record(name: str, value) -> None:
    """Measurements for the closing note, next to the screenshots."""
    path = ARTIFACTS / "layout_measures.json"
    data = json.loads(path.read_text()) if path.is_file() else {}
    data[name] = value
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_explorer_is_map_first_with_colours_labels_and_search(browser, app_url, atlas, lang):
    context, page = _strict_page(browser, (1440, 900))
    try:
        page.goto(f"{app_url}/map?lang={lang}")
        frame = map_frame(page)
        assert drawn_sites(page, frame, len(atlas.sites)) == len(atlas.sites)
        settle(page)
        layout = page.evaluate(MAP_SHARE_JS)
        markers = frame.evaluate(MARKERS_JS)
        labels = labels_settled(page, frame, 10)
        record(f"explorer_1440x900_{lang}", {**layout, **markers, **labels})
        shot(page, f"explorer_{lang}")
        assert layout["share"] >= 0.5, layout
        assert markers["layers_collapsed"]
        # Only symbols that truly collide share a disc, and the disc shows their colours.
        assert markers["own"] >= 0.6 * len(atlas.sites), markers
        assert all(c["ring"] for c in markers["clusters"]), markers["clusters"]
        assert len(labels["places"]) + len(labels["depts"]) >= 10, labels
        assert labels["overlaps"] == 0, labels
        if lang == "ja":
            assert "リマ" in labels["places"], labels["places"]

        # A Japanese reader types the Latin name in full-width letters and sees the katakana one.
        name = site_name(atlas.sites.set_index("id").loc["yanacocha"], lang)
        query = "yanacocha" if lang == "en" else "ｙａｎａｃｏｃｈａ"
        box = page.get_by_placeholder(t("search.placeholder", lang))
        box.fill(query)
        box.press("Enter")
        page.get_by_role("button", name=re.compile(f"^{re.escape(name)} ")).first.click()
        card = page.locator(".st-key-site_details")
        card.get_by_text(name, exact=True).wait_for(timeout=30_000)
        settle(page)
        site = atlas.sites.set_index("id").loc["yanacocha"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            lat, lon = frame.evaluate(MARKERS_JS)["center"]
            if abs(lat - site["lat"]) < 0.05 and abs(lon - site["lon"]) < 0.05:
                break
            page.wait_for_timeout(300)
        assert abs(lat - site["lat"]) < 0.05 and abs(lon - site["lon"]) < 0.05
        assert card.bounding_box()["y"] < 900, "the details card is below the fold"
        shot(page, f"explorer_search_{lang}")
        assert _clean_but_tiles(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ja", "es"])
def test_the_whole_tour_plays_offline_full_screen_among_named_places(browser, app_url, atlas,
                                                                      lang):
    """Every stop by ArrowRight, offline: its title, its place in the URL, a map on most of a
    1080p screen showing the site among named places and water, labels never on each other."""
    from geo.tour import load_tour

    stops, _ = load_tour(atlas)
    context, page = _strict_page(browser, (1920, 1080))
    counts = {}
    try:
        page.goto(f"{app_url}/present?lang={lang}&stop=1")
        for i, stop in enumerate(stops):
            page.get_by_text(stop.title(lang), exact=True).wait_for(timeout=30_000)
            page.get_by_text(t("tour.step", lang, n=i + 1, of=len(stops))).wait_for()
            settle(page)
            assert f"stop={i + 1}" in page.url
            frame = map_frame(page)
            labels = labels_settled(page, frame, 5)
            layout = page.evaluate(MAP_SHARE_JS)
            counts[stop.id] = {"places": len(labels["places"]), "water": labels["water"],
                               "depts": len(labels["depts"]), "share": round(layout["share"], 3),
                               "overlaps": labels["overlaps"]}
            shot(page, f"tour_{lang}_{i + 1}_{stop.id}")
            assert layout["share"] >= 0.7, (stop.id, layout)
            assert len(labels["places"]) >= 5, (stop.id, labels)
            if stop.site_id:
                assert labels["water"], (stop.id, "no river or lake named in view")
            assert labels["overlaps"] == 0, (stop.id, labels)
            page.keyboard.press("ArrowRight")
        page.get_by_text(stops[0].title(lang), exact=True).wait_for(timeout=30_000)
        title = page.locator(".tour-title").first
        size = float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        counts["title_px"] = size
        assert size >= 36, "a stop's title must read from three metres on a 1080p screen"
        assert _clean(page) == []
    finally:
        record(f"tour_1920x1080_{lang}", counts)
        context.close()


def test_presentation_fits_a_720p_projector(browser, app_url):
    context, page = _strict_page(browser, (1280, 720))
    try:
        page.goto(f"{app_url}/present?lang=es&stop=2")
        frame = map_frame(page)
        settle(page)
        layout = page.evaluate(MAP_SHARE_JS)
        assert frame.evaluate("document.querySelector('.atlas-legend-ctl').classList"
                              ".contains('folded')"), "a 720p map keeps its legend folded"
        record("tour_1280x720_es", layout)
        shot(page, "tour_es_720p")
        assert layout["share"] >= 0.7, layout
        next_button = page.get_by_role("button", name=re.compile(t("tour.next", "es")))
        assert next_button.bounding_box()["y"] + 20 < 720, "the controls fell off the screen"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/present?lang=ja&stop=2", "/map?lang=en"])
def test_a_phone_gets_the_map_first_without_sideways_scrolling(browser, app_url, path):
    context, page = _strict_page(browser, (390, 844))
    try:
        page.goto(app_url + path)
        frame = map_frame(page)
        settle(page)
        layout = page.evaluate(MAP_SHARE_JS)
        record(f"phone_390x844{path}", layout)
        shot(page, "phone_" + re.sub(r"\W+", "_", path).strip("_"))
        assert layout["scroll_width"] <= layout["width"] + 1, layout
        assert layout["top"] < 120 and layout["share"] >= 0.4, layout
        assert frame.evaluate("document.querySelector('.atlas-legend-ctl').classList"
                              ".contains('folded')"), "the legend should fold on a phone"
        if path.startswith("/present"):
            card = page.locator(".tour-facts").first
            card.scroll_into_view_if_needed()
            assert float(card.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 15
    finally:
        context.close()


def test_a_shared_link_as_the_very_first_visit_shows_its_page(browser, atlas):
    """The QR visitor may be the first after the server starts: no 'page not found'."""
    from geo.tour import load_tour

    stops, _ = load_tour(atlas)
    with _serve("streamlit_first_visit.log") as url:
        context, page = _strict_page(browser, (390, 844))
        try:
            page.goto(f"{url}/present?lang=ja&stop=3")
            page.get_by_text(stops[2].title("ja"), exact=True).wait_for(timeout=60_000)
            settle(page)
            text = page.inner_text("body")
            assert "Page not found" not in text and "not found" not in text.lower()
        finally:
            context.close()


def test_online_the_app_fetches_official_layers_by_itself_and_draws_the_cadastre(browser,
                                                                                 tmp_path):
    """Stand-ins of every official service on loopback, the app started with its daily
    refresh on: nobody runs a command, the layers arrive, the cadastre draws on canvas and a
    site card lists the rights around it."""
    from geo import amazon
    from tests.arcgis_stub import Stub, mirrors_for, peru_services

    cache = tmp_path / "cache"
    with Stub(peru_services(amazon.law(), cadastre_count=5000)) as stub, _serve(
            "streamlit_online.log", env={"ATLAS_AUTO_REFRESH": "1", "ATLAS_CACHE_DIR": str(cache),
                                         "ATLAS_SERVICE_MIRRORS": json.dumps(mirrors_for(stub))}
    ) as url:
        _first_visit(browser, url)  # the visit that starts the refresh: it must not wait for it
        state = cache / "refresh" / "state.json"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and '"done"' not in (
                state.read_text() if state.exists() else ""):
            time.sleep(0.5)
        results = json.loads(state.read_text())["results"]
        assert set(results.values()) == {"ok"}, results
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("http://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
        page.goto(f"{url}/map?lang=es")
        picker = page.get_by_label(t("env.official_layers", "es"))
        picker.wait_for(timeout=60_000)
        picker.click()
        page.get_by_role("option").filter(has_text="Derechos mineros").first.click()
        page.keyboard.press("Escape")
        assert _fast_layer_count(page) == 4995  # 5,000 rows, five multipart rights dissolved
        box = page.get_by_placeholder(t("search.placeholder", "es"))
        box.fill("Antamina")
        box.press("Enter")
        page.locator(".st-key-explorer_search_hit_0 button").first.click()
        page.get_by_text(t("site.rights", "es")).wait_for(timeout=30_000)
        shot(page, "explorer_official_es")
        context.close()
