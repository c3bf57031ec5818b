"""Names and tags placed in the browser so that none covers another: co-located force-site tags fanned
out round their point (`SiteFan`), then the place names around theirs (`PlaceLabels`).  Templates as in
`geo.map.elements` (options through ``tojson``).
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement

from geo.map.elements import Template

__all__ = ["PlaceLabels", "SiteFan"]


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
