"""Places in text: the gazetteer, recognition of names, the rules that score candidates, resolution, and the
mentions table built from articles.

Imports: `geo.text` and the base modules.  Never facts, map, export or web.
"""
