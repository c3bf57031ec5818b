"""How the map fits the page that shows it: a slide's layout beside its panel (`SlideLayout`), the
dashboard's frame height (`FillFrame`), no popups where the dashboard shows details itself (`NoPopups`)
and the extent a one-page map opens on (`FitExtent`).  Templates as in `geo.map.elements`.
"""

from __future__ import annotations

from branca.element import MacroElement

from geo.map.elements import Template

__all__ = ["FillFrame", "FitExtent", "NoPopups", "SlideLayout"]


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
