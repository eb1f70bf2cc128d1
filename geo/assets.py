"""Front-end assets served by the app itself, so the map draws with no internet at all.

folium's HTML pulls Leaflet and friends from CDNs; offline, streamlit-folium waits for those
scripts forever and draws nothing. We install pinned npm packages at set-up (package.json /
package-lock.json), copy the few files we need into ``static/vendor`` (git-ignored, served by
Streamlit's static serving) and rewrite every asset link of a map here, in one place.

Run ``python -m geo.assets`` after cloning; the README's two commands do it for you.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from geo import foliumfix
from geo.paths import NODE_MODULES, ROOT, VENDOR_DIR, VENDOR_URL

foliumfix.install()  # every map we build passes through here (localize_map)


@dataclass(frozen=True)
class VendorFile:
    package: str
    path: str  # inside the npm package

    @property
    def source(self) -> Path:
        return NODE_MODULES / self.package / self.path

    @property
    def target(self) -> Path:
        return VENDOR_DIR / self.package / self.path

    @property
    def url(self) -> str:
        return f"{VENDOR_URL}/{self.package}/{self.path}"


LEAFLET_JS = VendorFile("leaflet", "dist/leaflet.js")
LEAFLET_CSS = VendorFile("leaflet", "dist/leaflet.css")
JQUERY_JS = VendorFile("jquery", "dist/jquery.min.js")
CLUSTER_JS = VendorFile("leaflet.markercluster", "dist/leaflet.markercluster.js")
CLUSTER_CSS = VendorFile("leaflet.markercluster", "dist/MarkerCluster.css")
CLUSTER_DEFAULT_CSS = VendorFile("leaflet.markercluster", "dist/MarkerCluster.Default.css")
COUNTRIES_TOPOJSON = VendorFile("world-atlas", "countries-10m.json")
LEAFLET_IMAGES = tuple(
    VendorFile("leaflet", f"dist/images/{name}")
    for name in ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png",
                 "marker-shadow.png")
)

VENDOR_FILES = (
    LEAFLET_JS, LEAFLET_CSS, JQUERY_JS, CLUSTER_JS, CLUSTER_CSS, CLUSTER_DEFAULT_CSS,
    COUNTRIES_TOPOJSON, *LEAFLET_IMAGES,
)

# folium names each asset; we map the name, not the URL, so a folium upgrade that bumps a CDN
# version still lands on our copy. jQuery stays because folium's popups are built with $().
LOCAL_ASSETS: dict[str, VendorFile] = {
    "leaflet": LEAFLET_JS,
    "jquery": JQUERY_JS,
    "leaflet_css": LEAFLET_CSS,
    "markerclusterjs": CLUSTER_JS,
    "markerclustercss": CLUSTER_CSS,
    "markerclusterdefaultcss": CLUSTER_DEFAULT_CSS,
}
# Bootstrap, glyphicons, Font Awesome and awesome-markers style folium's own icons and widgets,
# none of which we use; dropping them saves ~400 kB and four requests per map.
UNUSED_ASSETS = frozenset({
    "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers", "awesome_markers_css",
    "awesome_markers_font_css", "awesome_rotate_css",
})


class OfflineAssetError(RuntimeError):
    """A map element wants an asset we do not serve; it would break offline rendering."""


def localize_links(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for name, url in links:
        if name in UNUSED_ASSETS:
            continue
        if name not in LOCAL_ASSETS:
            raise OfflineAssetError(
                f"asset {name!r} ({url}) has no local copy: add it to geo/assets.py")
        out.append((name, LOCAL_ASSETS[name].url))
    return out


def localize_map(element) -> None:
    """Point every JS/CSS link of a folium element tree at our own static copies."""
    for child in _walk(element):
        for attr in ("default_js", "default_css"):
            links = getattr(child, attr, None)
            if links:
                setattr(child, attr, localize_links(list(links)))


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def missing_vendor_files() -> list[Path]:
    return [f.target for f in VENDOR_FILES if not f.target.is_file()]


def install(run_npm: bool = True) -> None:
    """Install the pinned npm packages (if needed) and copy what we serve into static/vendor."""
    if run_npm and any(not f.source.is_file() for f in VENDOR_FILES):
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is required once at set-up to fetch the pinned map assets")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=ROOT, check=True)
    for f in VENDOR_FILES:
        if not f.source.is_file():
            raise SystemExit(f"missing {f.source}: run `npm ci` in {ROOT}")
        f.target.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.target.with_suffix(f.target.suffix + ".tmp")
        shutil.copyfile(f.source, tmp)
        tmp.replace(f.target)
    print(f"map assets ready in {VENDOR_DIR.relative_to(ROOT)} ({len(VENDOR_FILES)} files)")


if __name__ == "__main__":
    install(run_npm="--no-npm" not in sys.argv[1:])
