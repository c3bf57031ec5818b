"""The briefing map's own Leaflet elements: each class owns its template and declares its assets as data
(folium's plugin style).  Options reach the JavaScript through Jinja's ``tojson`` filter, which escapes
``<``, ``>``, ``&`` and ``'``: no string can end the <script> or inject markup.
"""

from __future__ import annotations

from typing import Any

import folium.plugins
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Environment

from geo.map.style import COUNTRY_FILL

__all__ = ["Attribution", "FillFrame", "NoPopups", "FitExtent", "LegendFollowsLayers", "Locator", "MapPanel", "PlaceLabels", "PlaceSearch",
           "SiteFan", "SlideLayout"]

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



class SiteFan(MacroElement):
    """Fans out force-site tags that would cover one another: after every zoom, the sites whose points lie
    within ``reach`` pixels of each other (single linkage) form a group, and their tags go round the group's centre on a
    circle big enough for them all, each with a leader line to a dot on its own point.  Every tag stays
    visible and opens its own details.  Reads the markers whose GeoJSON properties have ``site_id`` and
    whose icon holds a ``.sbm-site`` tag and an ``svg.sbm-leader`` (`geo.map.layers.forces`).  Fires
    ``sbm:fanned`` on the map when done (the place labels then avoid the tags)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                this._map = map;
                this._layout = L.bind(this.layout, this);
                map.on('zoomend viewreset resize', this._layout);
                setTimeout(this._layout, 0);
            },
            onRemove: function(map) { map.off('zoomend viewreset resize', this._layout); },
            layout: function() {
                var map = this._map;
                if (!map) { return; }
                var reach = {{ this.reach|tojson }}, gap = {{ this.gap|tojson }};
                var sites = [];
                map.eachLayer(function(layer) {
                    var props = layer.feature && layer.feature.properties;
                    if (!props || !props.site_id || !layer.getLatLng || !layer._icon) { return; }
                    var tag = layer._icon.querySelector('.sbm-site');
                    if (!tag) { return; }
                    sites.push({layer: layer, tag: tag, id: String(props.site_id),
                                line: layer._icon.querySelector('svg.sbm-leader line'),
                                dot: layer._icon.querySelector('.sbm-dot'),
                                w: tag.offsetWidth || 24, h: tag.offsetHeight || 18,
                                p: map.latLngToLayerPoint(layer.getLatLng())});
                });
                sites.sort(function(a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; });
                // Groups: points closer than `reach` to another point of the group (single linkage).
                var groups = [];
                sites.forEach(function(s) {
                    var joined = null;
                    groups = groups.filter(function(g) {
                        var near = g.members.some(function(o) { return o.p.distanceTo(s.p) < reach; });
                        if (!near) { return true; }
                        if (joined) { joined.members = joined.members.concat(g.members); return false; }
                        g.members.push(s);
                        joined = g;
                        return true;
                    });
                    if (!joined) { groups.push({members: [s]}); }
                });
                groups.forEach(function(g) {
                    var x = 0, y = 0, widest = 0;
                    g.members.forEach(function(s) { x += s.p.x; y += s.p.y; widest = Math.max(widest, s.w, s.h); });
                    g.c = L.point(x / g.members.length, y / g.members.length);
                    var n = g.members.length;
                    g.r = n === 1 ? 0 : Math.max(reach, n * (widest + gap) / (2 * Math.PI) * 1.3);
                });
                // Each group in turn (the biggest first) takes the first ring, of growing radius and turned
                // step by step, whose tags touch no tag placed before: fans of nearby groups never overlap.
                groups.sort(function(a, b) { return b.members.length - a.members.length || a.c.y - b.c.y; });
                var taken = [];
                function hits(box) {
                    return taken.some(function(o) {
                        return box.l < o.r + gap / 2 && o.l < box.r + gap / 2 && box.t < o.b + gap / 2 && o.t < box.b + gap / 2;
                    });
                }
                groups.forEach(function(g) {
                    var n = g.members.length;
                    // Round the circle in the order of the points' own bearings: leader lines do not cross much.
                    g.members.sort(function(a, b) {
                        return Math.atan2(a.p.y - g.c.y, a.p.x - g.c.x) - Math.atan2(b.p.y - g.c.y, b.p.x - g.c.x)
                            || (a.id < b.id ? -1 : 1);
                    });
                    var radii = n === 1 ? [0, 20, 30, 42, 56, 72] : [g.r, g.r * 1.3, g.r * 1.7, g.r * 2.2, g.r * 2.8];
                    var best = null;
                    for (var ri = 0; ri < radii.length && !(best && best.clash === 0); ri++) {
                        var turns = radii[ri] === 0 ? 1 : 8;
                        for (var t = 0; t < turns && !(best && best.clash === 0); t++) {
                            var start = (n === 2 ? Math.PI : -Math.PI / 2) + t * Math.PI / 4 / Math.max(1, n / 2);
                            var spots = g.members.map(function(s, k) {
                                var angle = start + (n === 2 ? Math.PI * k : 2 * Math.PI * k / n);
                                var x = g.c.x + radii[ri] * Math.cos(angle), y = g.c.y + radii[ri] * Math.sin(angle);
                                if (n === 1 && radii[ri] === 0) { x = s.p.x; y = s.p.y; }
                                return {x: x, y: y, l: x - s.w / 2, t: y - s.h / 2, r: x + s.w / 2, b: y + s.h / 2};
                            });
                            var clash = spots.filter(hits).length;
                            if (!best || clash < best.clash) { best = {spots: spots, clash: clash}; }
                        }
                    }
                    g.members.forEach(function(s, k) {
                        var spot = best.spots[k];
                        taken.push(spot);
                        var dx = spot.x - s.p.x, dy = spot.y - s.p.y;
                        s.tag.style.left = Math.round(dx - s.w / 2) + 'px';
                        s.tag.style.top = Math.round(dy - s.h / 2) + 'px';
                        if (s.line) { s.line.setAttribute('x2', Math.round(dx)); s.line.setAttribute('y2', Math.round(dy)); }
                        var fanned = Math.abs(dx) + Math.abs(dy) > 0.5;
                        s.layer._icon.classList.toggle('sbm-fanned', fanned);
                        s.layer._icon.setAttribute('data-fan', String(n));
                        // The popup opens above the tag, not on the hidden point.
                        s.layer.options.icon.options.popupAnchor = [Math.round(dx), Math.round(dy - s.h / 2)];
                    });
                });
                map.fire('sbm:fanned');
            }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, reach: int = 30, gap: int = 6) -> None:
        super().__init__()
        self._name = "SiteFan"
        self.reach = reach
        self.gap = gap


class PlaceLabels(MacroElement):
    """Names written on the map (force-site towns, the most-mentioned places), placed in the browser after
    every move so that no two overlap: in the given order, each label takes the first free spot around
    its point (right, left, above, below, the diagonals, then further out with a leader line), avoiding
    the labels placed before it, the site tags, the mention circles and the country names.  A place label
    that finds no spot is left out; so is one whose point is off the map.

    ``labels``: dicts with text, lat, lon, kind ('site' or 'place') (`geo.map.data.map_labels`); the
    text is set as text, never as HTML.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                this._map = map;
                var pane = map.getPane('sbm-labels') || map.createPane('sbm-labels');
                pane.classList.add('leaflet-zoom-hide');
                this._root = L.DomUtil.create('div', 'sbm-labels', pane);
                this._layout = L.bind(this.layout, this);
                map.on('moveend resize sbm:fanned', this._layout);
                setTimeout(this._layout, 0);
            },
            onRemove: function(map) {
                map.off('moveend resize sbm:fanned', this._layout);
                L.DomUtil.remove(this._root);
            },
            layout: function() {
                var map = this._map, root = this._root;
                if (!map || !root) { return; }
                var labels = {{ this.labels|tojson }};
                var container = map.getContainer(), frame = container.getBoundingClientRect();
                var size = map.getSize(), margin = 3;
                root.innerHTML = '';
                function box(r) { return {l: r.left - frame.left, t: r.top - frame.top, r: r.right - frame.left,
                                          b: r.bottom - frame.top}; }
                function hit(a, b, pad) { return a.l < b.r + pad && a.r + pad > b.l && a.t < b.b + pad && a.b + pad > b.t; }
                var hard = [], soft = [];
                container.querySelectorAll('.sbm-fan .sbm-site').forEach(function(tag) { hard.push(box(tag.getBoundingClientRect())); });
                container.querySelectorAll('.sbm-badge').forEach(function(b) { soft.push(box(b.getBoundingClientRect())); });
                container.querySelectorAll('.country-label').forEach(function(el) {
                    if (!el.firstChild) { return; }
                    var range = document.createRange();
                    range.selectNodeContents(el);
                    var r = range.getBoundingClientRect();
                    if (r.width) { soft.push(box(r)); }
                });
                map.eachLayer(function(layer) {
                    var props = layer.feature && layer.feature.properties;
                    if (props && props.gazetteer_id && layer.getRadius && layer.getLatLng) {
                        var p = map.latLngToContainerPoint(layer.getLatLng()), r = layer.getRadius();
                        soft.push({l: p.x - r, t: p.y - r, r: p.x + r, b: p.y + r, circle: true});
                    }
                });
                var directions = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1],
                                  [0.5, -1], [-0.5, -1], [0.5, 1], [-0.5, 1]];
                var distances = [3, 8, 16, 28, 44, 64, 90];
                var placed = [];
                labels.forEach(function(label) {
                    var anchor = map.latLngToContainerPoint([label.lat, label.lon]);
                    if (anchor.x < 0 || anchor.y < 0 || anchor.x > size.x || anchor.y > size.y) { return; }
                    var el = L.DomUtil.create('div', 'sbm-label sbm-label-' + label.kind, root);
                    el.textContent = label.text;
                    el.setAttribute('data-kind', label.kind);
                    var w = el.offsetWidth, h = el.offsetHeight, chosen = null;
                    var own = 0;  // a mention circle at the anchor: start outside it
                    soft.forEach(function(o) {
                        if (o.circle && Math.abs((o.l + o.r) / 2 - anchor.x) < 1 && Math.abs((o.t + o.b) / 2 - anchor.y) < 1) {
                            own = Math.max(own, (o.r - o.l) / 2);
                        }
                    });
                    for (var pass = 0; pass < 2 && !chosen; pass++) {
                        var blockers = pass === 0 ? hard.concat(soft) : hard;
                        for (var i = 0; i < distances.length && !chosen; i++) {
                            for (var k = 0; k < directions.length && !chosen; k++) {
                                var ux = directions[k][0], uy = directions[k][1], d = distances[i] + own;
                                var cx = anchor.x + ux * (w / 2 + d), cy = anchor.y + uy * (h / 2 + d);
                                var c = {l: cx - w / 2, t: cy - h / 2, r: cx + w / 2, b: cy + h / 2, d: distances[i]};
                                if (c.l < margin || c.t < margin || c.r > size.x - margin || c.b > size.y - margin) { continue; }
                                if (placed.some(function(o) { return hit(c, o, 2); })) { continue; }
                                if (blockers.some(function(o) { return hit(c, o, 1); })) { continue; }
                                chosen = c;
                            }
                        }
                    }
                    if (!chosen) { L.DomUtil.remove(el); return; }
                    placed.push(chosen);
                    var at = map.containerPointToLayerPoint([chosen.l, chosen.t]);
                    el.style.left = Math.round(at.x) + 'px';
                    el.style.top = Math.round(at.y) + 'px';
                    if (chosen.d > 16) {  // far from its point: a thin line leads back to it
                        var near = L.point(Math.max(chosen.l, Math.min(anchor.x, chosen.r)),
                                           Math.max(chosen.t, Math.min(anchor.y, chosen.b)));
                        var from = map.containerPointToLayerPoint(anchor), to = map.containerPointToLayerPoint(near);
                        var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
                        svg.setAttribute('class', 'sbm-label-leader');
                        var line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
                        line.setAttribute('x1', from.x); line.setAttribute('y1', from.y);
                        line.setAttribute('x2', to.x); line.setAttribute('y2', to.y);
                        svg.appendChild(line);
                        root.insertBefore(svg, root.firstChild);
                    }
                });
            }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, labels: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.labels = labels


class SlideLayout(MacroElement):
    """A slide: the map keeps its own frame and a panel beside it (``side``: 'right') carries the
    (already escaped) ``html``: handling line, title, subtitle, date, legend, sources.  The map's scale
    bar and the locator move into the panel, under a north arrow.  The map container is narrowed to
    leave room for the panel (``width``: the panel's share of the page, in %), then fits ``bounds``
    ([[south, west], [north, east]]) inside its frame."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                var container = map.getContainer(), host = container.parentNode;
                this._map = map;
                this._panel = L.DomUtil.create('aside', 'sbm-side', host);
                this._panel.style.width = {{ this.width|tojson }} + '%';
                this._panel.innerHTML = {{ this.html|tojson }};
                this._width = container.style.width;
                container.style.width = (100 - {{ this.width|tojson }}) + '%';
                container.classList.add('sbm-slide-map');
                var tools = this._panel.querySelector('.sbm-side-tools');
                var scale = container.querySelector('.leaflet-control-scale');
                if (tools && scale) { tools.querySelector('.sbm-scale').appendChild(scale); }
                var locator = container.querySelector('.sbm-locator');
                var place = this._panel.querySelector('.sbm-side-locator');
                if (locator && place) { place.appendChild(locator); }
                // A long legend shrinks until it fits its panel (never below 11 px) instead of being cut.
                var legend = this._panel.querySelector('.sbm-legend');
                for (var size = 14; legend && size > 11 && legend.scrollHeight > legend.clientHeight + 1; size -= 0.5) {
                    legend.style.fontSize = size + 'px';
                    legend.querySelectorAll('h4').forEach(function(h) { h.style.fontSize = (size + 1) + 'px'; });
                }
                map.invalidateSize({pan: false});
                {% if this.bounds %}
                var fit = function() { map.fitBounds({{ this.bounds|tojson }}, {padding: [24, 24], animate: false}); };
                fit();
                // A zoom animation started before (a first fit) would end after this fit and undo it.
                if (map._animatingZoom) { map.once('zoomend', fit); }
                {% endif %}
            },
            onRemove: function(map) {
                var container = map.getContainer();
                container.style.width = this._width;
                container.classList.remove('sbm-slide-map');
                L.DomUtil.remove(this._panel);
                map.invalidateSize({pan: false});
            }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, bounds: list[list[float]] | None, width: float = 24.0) -> None:
        super().__init__()
        self._name = "SlideLayout"
        self.html = html
        self.bounds = bounds
        self.width = width


class FillFrame(MacroElement):
    """Inside the dashboard's frame (an iframe whose height the page sets, e.g. to the viewport's), the map
    follows the frame's height instead of the fixed pixel height it was created with.  Outside a frame (an
    exported file, a slide being drawn) it does nothing."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            if (window.parent === window) { return; }
            function fill() {
                var container = map.getContainer(), height = window.innerHeight;
                if (height > 100 && Math.abs(container.offsetHeight - height) > 1) {
                    container.style.height = height + 'px';
                    map.invalidateSize({pan: false});
                }
            }
            window.addEventListener('resize', fill);
            setTimeout(fill, 0);
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "FillFrame"


class NoPopups(MacroElement):
    """The map opens no popup (the dashboard shows a click's details in its side panel instead: a popup
    would say it twice, and its auto-pan would move the map under the controls).  Clicks still reach
    streamlit-folium, which reports the clicked feature's tooltip."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            // Every popup opens through Popup.openOn (a layer's click, map.openPopup): not on this map.
            var map = {{ this._parent.get_name() }}, openOn = L.Popup.prototype.openOn;
            L.Popup.prototype.openOn = function(target) {
                var on = arguments.length ? target : (this._source && this._source._map);
                return on === map ? this : openOn.apply(this, arguments);
            };
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "NoPopups"


class FitExtent(MacroElement):
    """Fits the map to ``bounds`` ([[south, west], [north, east]]) once everything is drawn."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [24, 24], animate: false});
        if ({{ this._parent.get_name() }}._animatingZoom) {
            {{ this._parent.get_name() }}.once('zoomend', function() {
                {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [24, 24], animate: false});
            });
        }
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitExtent"
        self.bounds = bounds
