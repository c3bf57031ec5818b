"""The map out of the dashboard: a self-contained HTML page, PNG/PDF slides drawn by Chromium, and the layers as
GeoJSON, GeoPackage, KML and CSV.

Modules, one job each:

- `common`: the format names (FORMATS, PICTURE_FORMATS, DATA_FORMATS), ExportError, `safe_export_name`, atomic
  text writes.
- `html`: `export_html`, one HTML file with the bundled assets inlined (`inline_assets`).
- `picture`: `export_picture`, that page drawn by Chromium (Playwright) as PNG or PDF, offline.
- `gis`: `layer_frames`, `metadata` and `export_layers` (GeoJSON, GeoPackage, KML, the mentions or events CSV).
- `kml`: the KML document, written with simplekml, every text escaped.
- `dispatch`: `export(options, mentions, path, fmt, events=...)` for any format; events go wherever the map
  goes when its events layer is on.
- `cli`: ``python -m geo export ...`` (`add_arguments`, `cli`, `main`).

Every file is written atomically (a temporary file in the target folder, then ``os.replace``).

Imports: map, facts, events, geoparse, text and the base modules.  Never web.
"""
