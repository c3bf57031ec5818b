"""Facts as of a date: boundaries and the Liptako-Gourma polygons, memberships (AES, ECOWAS...) and foreign-force
sites, read from the committed data.

Imports: the base modules (and `geo.text`, `geo.geoparse` if ever needed).  Never map, export or web.
"""
