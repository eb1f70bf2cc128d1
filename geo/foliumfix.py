"""Render folium maps in one Jinja pass.

branca's ``MacroElement.render`` wraps each element's rendered header, html and script in a new
``Element``, whose constructor compiles that text as a *new* Jinja template and renders it a
second time (branca 0.8, folium 0.20). Two costs follow: a template compile per element (about
two thirds of a map's render time: 0.45 s → 0.14 s for the explorer's 102 sites), and any
``{{ … }}`` or ``{% … %}`` that reached the output from data is evaluated on the server.

:func:`install` replaces that one method with the same logic adding the parts as plain text.
The output is byte-identical for templates without Jinja syntax in their *output* — folium's
never have any; tests/test_biglayers.py compares whole maps rendered both ways. Escaping data
(geo.escape) stays as the first line of defence.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement
from folium.map import Popup
from jinja2 import Template

_ORIGINAL_RENDER = MacroElement.render
_ORIGINAL_POPUP_RENDER = Popup.render


class RawText(Element):
    """Text added to a figure as-is: rendering it returns it, nothing is parsed."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def _render_once(self: MacroElement, **kwargs) -> None:
    figure = self.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    module = self._template.module.__dict__
    for part, target in (("header", figure.header), ("html", figure.html),
                         ("script", figure.script)):
        macro = module.get(part)
        if macro is not None:
            target.add_child(RawText(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


def _render_popup_once(self: Popup, **kwargs) -> None:
    """folium's ``Popup.render`` has the same second pass of its own: one per site, per rerun."""
    for child in self._children.values():
        child.render(**kwargs)
    figure = self.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    figure.script.add_child(RawText(self._template.render(this=self, kwargs=kwargs)),
                            name=self.get_name())


def install() -> None:
    MacroElement.render = _render_once
    Popup.render = _render_popup_once


def uninstall() -> None:
    """For the tests that compare against branca's own rendering."""
    MacroElement.render = _ORIGINAL_RENDER
    Popup.render = _ORIGINAL_POPUP_RENDER
