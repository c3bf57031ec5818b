"""The briefing map: the layer registry, styles, the data each layer draws, Leaflet elements with their own
templates, and the assembly of a folium map.

Imports: facts, geoparse, text and the base modules.  Never export or web.
"""
