"""A map as one self-contained HTML file: every script, style and image inlined, so it opens
from a USB stick with no server and no internet."""

from __future__ import annotations

import base64
import re

import folium

from geo.assets import VENDOR_FILES
from geo.paths import VENDOR_URL

_SCRIPT = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((?P<q>['\"]?)(?P<path>images/[^)'\"]+)(?P=q)\)")


def _vendor_text(url: str) -> str:
    for f in VENDOR_FILES:
        if f.url == url:
            path = f.target if f.target.is_file() else f.source
            return path.read_text(encoding="utf-8")
    raise ValueError(f"{url} is not one of our vendored assets")


def _inline_css_images(css: str, css_url: str) -> str:
    base = css_url.rsplit("/", 1)[0]

    def data_uri(match: re.Match) -> str:
        url = f"{base}/{match['path']}"
        for f in VENDOR_FILES:
            if f.url == url:
                path = f.target if f.target.is_file() else f.source
                encoded = base64.b64encode(path.read_bytes()).decode("ascii")
                return f"url(data:image/png;base64,{encoded})"
        return "none"

    return _CSS_URL.sub(data_uri, css)


def standalone_html(m: folium.Map, title: str) -> bytes:
    html = m.get_root().render()

    def script(match: re.Match) -> str:
        if not match["url"].startswith(VENDOR_URL):
            raise ValueError(f"external script {match['url']} cannot be inlined")
        return "<script>" + _vendor_text(match["url"]).replace("</script", "<\\/script") + \
            "</script>"

    def style(match: re.Match) -> str:
        if not match["url"].startswith(VENDOR_URL):
            raise ValueError(f"external stylesheet {match['url']} cannot be inlined")
        css = _inline_css_images(_vendor_text(match["url"]), match["url"])
        return f"<style>{css}</style>"

    html = _SCRIPT.sub(script, html)
    html = _STYLE.sub(style, html)
    html = html.replace("<head>", f"<head><title>{title}</title>", 1)
    return html.encode("utf-8")
