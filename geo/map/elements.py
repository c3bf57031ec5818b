"""The briefing map's own Leaflet elements: each class owns its template and declares its assets as data
(folium's plugin style).  Options reach the JavaScript through Jinja's ``tojson`` filter, which escapes
``<``, ``>``, ``&`` and ``'``: no string can end the <script> or inject markup.

This module holds the map's controls and panels (credits, title and legend panels, the legend that follows
the layer control, the locator inset, the place search) and the template environment every element module
uses; the placed names and fanned site tags are `geo.map.label_elements`, the fit to the page
`geo.map.page_elements`.
"""

from __future__ import annotations

from typing import Any

import folium.plugins
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Environment

from geo.map.style import COUNTRY_FILL

__all__ = ["Attribution", "LegendFollowsLayers", "Locator", "MapPanel", "PlaceSearch"]

# Jinja's own tojson (HTML-safe), keeping non-ASCII text readable in the page ("—", "é").
_TEMPLATES = Environment()
_TEMPLATES.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
Template = _TEMPLATES.from_string


class Attribution(MacroElement):
    """Adds data credits to Leaflet's attribution control (there may be no tile layer to carry them)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


class MapPanel(MacroElement):
    """A block of (already escaped) HTML on the map: a Leaflet control at ``position``, or, with
    position 'topcenter', a box centred at the top of the map container (kept in fullscreen).

    It is a Leaflet layer: put on a map it shows at once; put in a FeatureGroup it shows while the
    group is on the map and goes with it (the dashboard replaces the dated groups without a new map).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                var html = {{ this.html|tojson }};
                {% if this.position == "topcenter" %}
                this._box = L.DomUtil.create('div', {{ this.css_class|tojson }}, map.getContainer());
                this._box.innerHTML = html;
                // The box sits above the map's panes, popups included: it steps aside while an open
                // popup would lie under it, so the popup is always readable.
                this._clear = function(e) {
                    var closing = e && e.type === 'popupclose';
                    var popup = !closing && map._popup && map._popup.isOpen() && map._popup.getElement();
                    var hide = false;
                    if (popup) {
                        var p = popup.getBoundingClientRect(), b = this._box.getBoundingClientRect();
                        hide = p.left < b.right && p.right > b.left && p.top < b.bottom && p.bottom > b.top;
                    }
                    this._box.style.visibility = hide ? 'hidden' : '';
                };
                map.on('popupopen popupclose moveend', this._clear, this);
                this._map = map;
                {% else %}
                this._control = L.control({position: {{ this.position|tojson }}});
                this._control.onAdd = function() {
                    var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                    div.innerHTML = html;
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                this._control.addTo(map);
                {% endif %}
            },
            onRemove: function() {
                if (this._box) { this._map.off('popupopen popupclose moveend', this._clear, this); L.DomUtil.remove(this._box); }
                if (this._control) { this._control.remove(); }
            }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, css_class: str, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "MapPanel"
        self.html = html
        self.position = position
        self.css_class = css_class


class LegendFollowsLayers(MacroElement):
    """Hides a legend section while its layer is switched off in the map's own layer control (the
    sections carry the layer's control name in ``data-layer``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            function follow(event, shown) {
                document.querySelectorAll('.sbm-legend [data-layer]').forEach(function(section) {
                    if (section.getAttribute('data-layer') === event.name) {
                        section.style.display = shown ? '' : 'none';
                    }
                });
            }
            map.on('overlayadd', function(event) { follow(event, true); });
            map.on('overlayremove', function(event) { follow(event, false); });
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "LegendFollowsLayers"


class Locator(MacroElement):
    """An offline locator: a small inset of the region's countries (coarse outlines embedded in the page,
    no tiles) with a rectangle showing the part the map shows; it follows every pan and zoom.  Click
    its heading to fold it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var control = L.control({position: 'bottomleft'});
            control.onAdd = function() {
                var box = L.DomUtil.create('div', 'sbm-locator');
                var head = L.DomUtil.create('div', 'sbm-locator-head', box);
                head.textContent = 'Locator';
                var inset = L.DomUtil.create('div', 'sbm-locator-map', box);
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                L.DomEvent.on(head, 'click', function() { L.DomUtil.hasClass(box, 'folded')
                    ? L.DomUtil.removeClass(box, 'folded') : L.DomUtil.addClass(box, 'folded'); });
                setTimeout(function() {
                    var overview = L.map(inset, {attributionControl: false, zoomControl: false, dragging: false,
                        scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false,
                        touchZoom: false, zoomSnap: 0.1});
                    L.geoJson({{ this.outlines|tojson }}, {interactive: false, style: {{ this.style|tojson }}})
                        .addTo(overview);
                    overview.fitBounds(L.latLngBounds({{ this.bounds|tojson }}).pad(0.2));
                    var shown = L.rectangle(map.getBounds(), {interactive: false, color: '#c0392b', weight: 2,
                        fill: true, fillOpacity: 0.15}).addTo(overview);
                    map.on('moveend zoomend resize', function() { shown.setBounds(map.getBounds()); });
                }, 0);
                return box;
            };
            control.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, outlines: dict[str, Any], bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "Locator"
        self.outlines = outlines
        self.bounds = bounds
        self.style = {"color": "#666", "weight": 0.6, "fillColor": COUNTRY_FILL, "fillOpacity": 1.0}


class PlaceSearch(JSCSSMixin, MacroElement):
    """A search box (leaflet-search, bundled by folium-offline) over the map's own places and sites.

    folium.plugins.Search indexes one layer; this indexes, when it is added, every feature on the map
    whose GeoJSON properties have ``search`` (force sites, mentioned places), zooms to the match and opens
    its popup.  No geocoder, no network.  Like `MapPanel` it is a layer, so it can live in a group that
    is replaced with the dated layers; add it after the layers it should find.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                var index = L.layerGroup();
                map.eachLayer(function(layer) {
                    if (layer.feature && layer.feature.properties && layer.feature.properties.search) {
                        index.addLayer(layer);
                    }
                });
                this._control = new L.Control.Search({
                    layer: index, propertyName: 'search', initial: false, zoom: {{ this.zoom|tojson }},
                    collapsed: true, position: 'topleft', textPlaceholder: {{ this.placeholder|tojson }},
                    marker: {icon: false, animate: true, circle: {radius: 18, weight: 3, color: '#000', fill: false}}
                });
                this._control.on('search:locationfound', function(e) {
                    // The popups are bound to each feature: a click on the found marker opens its own.
                    if (e.layer && map.hasLayer(e.layer)) { e.layer.fire('click', {latlng: e.layer.getLatLng()}, true); }
                });
                map.addControl(this._control);
            },
            onRemove: function(map) {
                // leaflet-search leaves its 'resize' handler on the map: on the next resize (a new slide's
                // layout) it would read the removed control and throw, stopping the rest of that redraw.
                map.off('resize', this._control._handleAutoresize, this._control);
                map.removeControl(this._control);
            }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)
    default_js = folium.plugins.Search.default_js
    default_css = folium.plugins.Search.default_css

    def __init__(self, placeholder: str = "Search places and sites", zoom: int = 8) -> None:
        super().__init__()
        self._name = "PlaceSearch"
        self.zoom = zoom
        self.placeholder = placeholder
