"""Serve a map's large GeoJSON layers as files instead of embedding them in the page.

Embedded, the country, region and river geometry makes most of the map page's script, which
streamlit-folium re-processes on every run and the browser parses before the map appears (sizes and times:
README, "The dashboard").  `link_layer_data` writes each large `folium.GeoJson`'s data to a folder that
Streamlit serves (``static/``), under a name made of its content hash, and switches the layer to
folium's own ``embed=False`` path: the page loads the file with a synchronous ``$.ajax``, so layers keep
their order and every style, tooltip and popup works as before.

The Python side keeps each feature's id and properties (folium renders the per-feature styles from
them) but not its geometry, which now lives only in the file.  Exports never call this: an exported
page must embed everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import branca.element
import folium

from geo.map.assets import walk_elements
from geo.files import write_atomically

LINK_MIN_BYTES = 20_000  # smaller layers stay embedded: a request costs more than it saves
KEEP_FILES = 300  # the most recently used files kept in the folder; older ones are removed


def _write_once(folder: Path, name: str, payload: bytes) -> None:
    """Write `payload` as folder/name unless it is there; atomic, so a browser never reads half a file."""
    target = folder / name
    if target.exists():
        os.utime(target)  # recently used: kept by `_prune`
        return
    write_atomically(target, payload)


def _prune(folder: Path, keep: int) -> None:
    files = sorted((p for p in folder.glob("*.json") if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in files[keep:]:
        stale.unlink(missing_ok=True)


def link_layer_data(roots: branca.element.Element | Sequence[branca.element.Element], folder: Path, base_url: str,
                    min_bytes: int = LINK_MIN_BYTES, keep: int = KEEP_FILES) -> list[str]:
    """Move every embedded GeoJson layer of at least `min_bytes` under `roots` (a map, or groups drawn on
    it) to `folder`/<hash>.json, loaded by the page from `base_url`/<hash>.json.  Returns the file names
    the page now loads.

    >>> import tempfile, folium
    >>> m = folium.Map()
    >>> shape = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    >>> layer = folium.GeoJson({"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "id": "a", "properties": {"name": "A"}, "geometry": shape}]}).add_to(m)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     names = link_layer_data(m, Path(folder), "/app/static/layers", min_bytes=0)
    ...     (Path(folder) / names[0]).read_text()[:30]
    '{"type":"FeatureCollection","f'
    >>> layer.embed, layer.embed_link == f"/app/static/layers/{names[0]}", layer.data["features"][0]["geometry"]
    (False, True, None)
    """
    folder.mkdir(parents=True, exist_ok=True)
    linked = []
    elements = [element for root in ([roots] if isinstance(roots, branca.element.Element) else roots)
                for element in walk_elements(root)]
    for element in elements:
        if not isinstance(element, folium.GeoJson) or not element.embed:
            continue
        payload = json.dumps(element.data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(payload) < min_bytes:
            continue
        features = element.data.get("features")
        if not isinstance(features, list) or any("id" not in feature for feature in features):
            continue  # folium styles a linked layer by feature id: without ids it must stay embedded
        name = hashlib.sha256(payload).hexdigest()[:32] + ".json"
        _write_once(folder, name, payload)
        element.embed = False
        element.embed_link = f"{base_url.rstrip('/')}/{name}"
        element.data = {**element.data, "features": [{**feature, "geometry": None} for feature in features]}
        linked.append(name)
    _prune(folder, keep)
    return linked
