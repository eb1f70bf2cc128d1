"""The legend as a control on the map itself, folded behind a button on small screens.

Below the map it was out of sight on a booth screen and below the fold on a laptop. It is part
of the stable base map (the same for every filter), so adding it never remounts the map.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from geo.filters import FilterOptions
from geo.i18n import t
from geo.symbols import legend_html

# Small maps (phones, a 720p projector) start with the legend folded; big ones open.
OPEN_WIDER_THAN_PX = 700
OPEN_TALLER_THAN_PX = 760


def _js_string(text: str) -> str:
    """A JS string literal that cannot close the script or start a template expression."""
    return (json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("{", "\\u007b").replace("}", "\\u007d"))


class LegendControl(MacroElement):
    """``html`` must already be escaped: it is written into innerHTML."""

    _template = Template("""
{% macro header(this, kwargs) %}<style>
.atlas-legend-ctl{background:rgba(255,255,255,.94);border-radius:6px;
 box-shadow:0 1px 4px rgba(0,0,0,.3);font:11.5px/1.3 system-ui,sans-serif;color:#222;
 max-width:min(240px,62vw)}
.atlas-legend-ctl .atlas-legend{font-size:11.5px!important;line-height:1.3!important}
.atlas-legend-ctl .atlas-legend span{margin:0 2px 2px 0!important;min-width:47%;
 white-space:normal!important}
.atlas-legend-ctl button{all:unset;cursor:pointer;display:block;padding:5px 9px;font-weight:700}
.atlas-legend-ctl .atlas-legend-body{padding:0 9px 7px;max-height:42vh;overflow:auto}
.atlas-legend-ctl.folded .atlas-legend-body{display:none}
.atlas-legend-ctl img{width:15px;height:15px;vertical-align:middle}
</style>{% endmacro %}
{% macro script(this, kwargs) %}
(function(){
  var ctl = L.control({position: {{ this.position_js }}});
  ctl.onAdd = function(){
    var div = L.DomUtil.create('div', 'atlas-legend-ctl leaflet-control');
    var btn = L.DomUtil.create('button', 'atlas-legend-toggle', div);
    btn.textContent = {{ this.title_js }};
    btn.setAttribute('aria-expanded', 'true');
    var body = L.DomUtil.create('div', 'atlas-legend-body', div);
    body.innerHTML = {{ this.html_js }};
    function fold(f){
      div.classList.toggle('folded', f); btn.setAttribute('aria-expanded', String(!f));
    }
    var size = {{ this.parent_map }}.getSize();
    fold(size.x < {{ this.open_wider_than }} || size.y < {{ this.open_taller_than }});
    L.DomEvent.on(btn, 'click', function(e){
      L.DomEvent.stop(e); fold(!div.classList.contains('folded'));
    });
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  ctl.addTo({{ this.parent_map }});
})();
{% endmacro %}
""")

    def __init__(self, html: str, title: str, position: str = "bottomleft"):
        super().__init__()
        self._name = "LegendControl"
        self.html_js = _js_string(html)
        self.title_js = _js_string(title)
        self.position_js = _js_string(position)
        self.open_wider_than = OPEN_WIDER_THAN_PX
        self.open_taller_than = OPEN_TALLER_THAN_PX
        self.parent_map = ""

    def render(self, **kwargs):
        self.parent_map = self._parent.get_name()
        super().render(**kwargs)


def site_legend_html(options: FilterOptions, lang: str) -> str:
    """Colours of the minerals present, shapes of the stages, the Japan ring (escaped)."""
    return legend_html(options.minerals, options.statuses, lang, {
        "colour": t("legend.colour", lang), "shape": t("legend.shape", lang),
        "japan": t("legend.japan", lang), "cluster": t("legend.cluster", lang)})
