"""The map out of the dashboard: a self-contained HTML page, PNG/PDF slides drawn by Chromium, and the layers as
GeoJSON, GeoPackage, KML and CSV.

Imports: map, facts, geoparse, text and the base modules.  Never web.
"""
