"""Leaflet's JavaScript and CSS without a network, from the installed package folium-offline.

folium links Leaflet, jQuery, Bootstrap and its plugins from CDNs.  folium-offline ships the same files
(for folium 0.20.0) keyed by those CDN URLs; this module serves them locally:

- `write_static_assets(folder)` writes them as files, for Streamlit's static serving;
- `use_local_assets(map, base_url)` points one map's links at those files (per instance, never on the
  class, so other maps in the process are untouched);
- `bundle_map_scripts(map, folder, base_url)` joins the map's scripts into one file: streamlit-folium
  loads scripts one after the other, so five files cost five round trips before the map can start.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import branca.element
import folium
import folium.elements

from geo.files import write_atomically


@lru_cache(maxsize=1)
def bundled_assets() -> dict[str, str]:
    """CDN URL -> file content, for every JS/CSS file folium-offline embeds.

    folium-offline (0.20.0.2) has no public API for its files: it keeps them in the module-level table
    ``offlinefolium.elements._res``, keyed by CDN URL.  This is the one place that reads it; a clear
    error (and tests/test_mapview.py) says so if an upgrade renames it.
    """
    from offlinefolium import elements as offline_elements

    table = getattr(offline_elements, "_res", None)
    if not isinstance(table, dict) or not table:
        raise RuntimeError("folium-offline no longer has its asset table offlinefolium.elements._res "
                           "(folium-offline upgraded?): update geo.map.assets.bundled_assets")
    return dict(table)


def local_name(url: str) -> str:
    """A stable, safe file name for a CDN URL: '<8 hex of the URL hash>-<basename>'."""
    basename = re.sub(r"[^A-Za-z0-9._-]", "_", url.rstrip("/").rsplit("/", 1)[-1]) or "asset"
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return f"{digest}-{basename}"


def write_static_assets(folder: Path) -> int:
    """Write every bundled asset under `folder` (only files whose content changed). Returns the count."""
    folder.mkdir(parents=True, exist_ok=True)
    for url, content in bundled_assets().items():
        target = folder / local_name(url)
        data = content.encode("utf-8")
        if not target.exists() or target.read_bytes() != data:
            write_atomically(target, data)
    return len(bundled_assets())


def walk_elements(root: branca.element.Element) -> Iterator[branca.element.Element]:
    """`root` and every element under it, depth first (the order streamlit-folium collects assets in)."""
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from walk_elements(child)


def use_local_assets(folium_map: folium.Map, base_url: str) -> list[str]:
    """Point every JS/CSS link of this map (and its children) at `base_url`/<local name>.

    Returns the URLs that folium-offline does not bundle (they stay remote; callers decide whether that
    is acceptable).
    """
    missing: list[str] = []
    assets = bundled_assets()

    def localise(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
        result = []
        for name, url in links:
            if url.startswith(base_url.rstrip("/") + "/"):
                result.append((name, url))  # already local (a bundle)
            elif url in assets:
                result.append((name, f"{base_url.rstrip('/')}/{local_name(url)}"))
            else:
                missing.append(url)
                result.append((name, url))
        return result

    for element in walk_elements(folium_map):
        if isinstance(element, folium.elements.JSCSSMixin):
            # Instance attributes shadow the class lists: other maps keep their own links.
            element.default_js = localise(list(element.default_js))
            element.default_css = localise(list(element.default_css))
    return missing


@lru_cache(maxsize=16)
def _script_bundle(urls: tuple[str, ...]) -> tuple[str, bytes]:
    """(file name, content) of the scripts at `urls` joined in that order."""
    assets = bundled_assets()
    # A newline and ';' between files: a file without a final newline or semicolon cannot run into the next.
    content = "\n;\n".join(assets[url] for url in urls).encode("utf-8")
    return f"{hashlib.sha256(content).hexdigest()[:16]}-map-scripts.js", content


def bundle_map_scripts(folium_map: folium.Map, folder: Path, base_url: str,
                       groups: Sequence[branca.element.Element] = ()) -> str:
    """Make this map load all its scripts (and those of `groups`, layers drawn on it later) from one file,
    `folder`/<hash>-map-scripts.js, served at `base_url`; style sheets are pointed at the local copies
    (`use_local_assets`).  Returns the file's URL.  Scripts run in the order streamlit-folium would have
    loaded them (the map's, then its children's, depth first, then the groups').  Raises KeyError for a
    script folium-offline does not bundle.
    """
    roots = [folium_map, *groups]
    loaders = [element for root in roots for element in walk_elements(root)
               if isinstance(element, folium.elements.JSCSSMixin)]
    urls: list[str] = []
    for element in loaders:
        urls += [url for _, url in element.default_js if url not in urls]
    missing = [url for url in urls if url not in bundled_assets()]
    if missing:
        raise KeyError(f"scripts not bundled by folium-offline: {missing}")
    name, content = _script_bundle(tuple(urls))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        write_atomically(target, content)
    url = f"{base_url.rstrip('/')}/{name}"
    for element in loaders:
        element.default_js = []
    for root in roots:
        use_local_assets(root, base_url)  # type: ignore[arg-type]
    folium_map.default_js = [("map_scripts", url)]
    return url
