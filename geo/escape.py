"""HTML escaping that also survives folium's JavaScript template literals.

folium writes popup and tooltip HTML into backtick strings that end up in ``innerHTML``.
``html.escape`` alone leaves the backtick, ``${`` and the backslash, each of which can end the
literal or run code; they become character references, which render identically.
Braces too: branca parses each element's rendered script as a Jinja template a second time, so
a ``{{ … }}`` in the data would be evaluated on the server (checked in folium 0.20/branca 0.8).
"""

from __future__ import annotations

import html

_EXTRA = str.maketrans({"`": "&#96;", "\\": "&#92;", "$": "&#36;", "{": "&#123;",
                         "}": "&#125;"})


def escape(value: object) -> str:
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def escape_markdown(value: object) -> str:
    """Data shown through st.markdown stays literal text: no links, no emphasis, no HTML."""
    if value is None:
        return ""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(value))


def markdown_link(text: str, url: str) -> str:
    """A markdown link whose URL cannot close the link early."""
    safe_url = str(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{escape_markdown(text)}]({safe_url})"
