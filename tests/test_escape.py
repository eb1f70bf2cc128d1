"""Data never becomes markup: not in popups, tooltips, markdown or folium's JS literals."""

from __future__ import annotations

from geo.escape import escape, escape_markdown, markdown_link
from geo.owners import owners_of
from geo.popup import format_share, popup_html, tooltip_text

HOSTILE = "<script>alert(1)</script> `${document.cookie}` \\ \"'&"


def test_escape_neutralises_html_and_template_literals():
    out = escape(HOSTILE)
    for dangerous in ("<", ">", "`", "${", "\\", '"', "'"):
        assert dangerous not in out
    assert "&lt;script&gt;" in out and "&#96;" in out and "&#36;&#123;" in out and "&#92;" in out
    assert escape(None) == ""


def test_data_cannot_reach_branca_second_template_pass():
    """branca re-parses rendered scripts as Jinja: unescaped, this marker would show 49."""
    import folium

    hostile = "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}"
    m = folium.Map(tiles=None)
    folium.Marker((0, 0), tooltip=escape(hostile), popup=escape(hostile)).add_to(m)
    html = m.get_root().render()
    assert html.count("&#123;&#123; 7*7 &#125;&#125; &#123;% if 1 %&#125;x") == 2
    assert "49 x" not in html and "{{ 7*7" not in html


def test_markdown_escaping_keeps_text_literal():
    assert escape_markdown("**bold** [x](http://e) <b>") == (
        r"\*\*bold\*\* \[x\]\(http\://e\) \<b\>")
    assert markdown_link("Source", "https://e.org/a b(c)") == (
        "[Source](https://e.org/a%20b%28c%29)")


def test_popup_of_a_hostile_site_is_inert(mini_atlas):
    site = mini_atlas.sites.set_index("id", drop=False).loc["echo"]
    html = popup_html(site, owners_of(mini_atlas, "echo", "en"), "en")
    assert "<script>" not in html and "`" not in html and "${" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Echo &amp; Sons" in html
    assert 'href="https://example.org/echo?a=1&amp;b=2"' in html
    tip = tooltip_text(site)
    assert "<script>" not in tip and "`" not in tip


def test_popup_lists_owners_with_shares_and_marks_japanese_ones(mini_atlas):
    site = mini_atlas.sites.set_index("id", drop=False).loc["alpha"]
    html = popup_html(site, owners_of(mini_atlas, "alpha", "ja"), "ja")
    assert html.index("Global Miner (test)") < html.index("日本商事")  # bigger stake first
    assert "60%" in html and "40%" in html
    japanese_item = html[html.rindex("<li", 0, html.index("日本商事")):html.index("日本商事")]
    assert "font-weight:600" in japanese_item
    assert "銅、モリブデン、銀" in html


def test_share_format():
    assert format_share(33.75) == "33.75%"
    assert format_share(40.0) == "40%"
    assert format_share(float("nan")) == ""
