"""The briefing map as ONE self-contained HTML page: bundled scripts and style sheets inlined, nothing fetched.

- `export_html(options, mentions, events=...)`: the page, with Leaflet and its plugins inlined (from folium-offline, see
  `geo.map.assets`); opening it fetches nothing, except the online tile layer when ``options.tiles`` is set.
- `inline_assets(page)`: the inlining itself; refuses a page that would still fetch a script, style or font.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import geopandas as gpd

from geo.export.common import ExportError, _plain, _write_text
from geo.map.assemble import build_map, title_text
from geo.map.assets import bundled_assets
from geo.map.options import MapOptions
from geo.map.style import ATTRIBUTION

__all__ = ["export_html", "inline_assets"]

_ASSET_TAG = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*[\"']([^\"']*)[\"'][^>]*>\s*</script\s*>|<link\b[^>]*>",
                        re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\b([a-z-]+)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.IGNORECASE)
_REMOTE_LEFT = re.compile(r"<(?:script|img|iframe|embed|source|audio|video|object)\b[^>]*?\b(?:src|data)\s*="
                          r"|<link\b[^>]*?\bhref\s*=|@import\b|url\(\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def _local_css(css: str, refused: list[str]) -> str:
    """CSS whose url(...) references are data: or in-document (#...) only; others become an empty
    data: URL and are listed in ``refused`` (folium-offline lacks some Font Awesome fonts)."""
    def replace(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "#")):
            return match.group(0)
        refused.append(target)
        return "url(data:,)"

    return _CSS_URL.sub(replace, css)


def _inline_script(code: str) -> str:
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE) + "</script>"


def _inline_style(css: str) -> str:
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE) + "</style>"


def inline_assets(page: str) -> tuple[str, list[str]]:
    """Replace each ``<script src>`` / ``<link rel=stylesheet href>`` of a bundled asset with the inline
    asset (each asset once).  Returns (HTML, references refused inside the inlined CSS).

    Raises ExportError if any other script, style sheet, font or image reference is left in the page's
    own markup (the inlined assets are checked by `_local_css`, not rescanned).
    """
    assets, done, refused = bundled_assets(), set(), []

    def inline(match: re.Match[str]) -> str:
        if _kept(match, assets):
            return match.group(0)
        url = match.group(1) or _attributes(match.group(0))["href"]
        if url in done:
            return ""
        done.add(url)
        if match.group(1) is not None:
            return _inline_script(assets[url])
        return _inline_style(_local_css(assets[url], refused))

    result = _ASSET_TAG.sub(inline, page)  # re.sub never rescans what it inserted
    own_markup = _ASSET_TAG.sub(lambda m: m.group(0) if _kept(m, assets) else "", page)
    left = sorted({m.group(0)[:120] for m in _REMOTE_LEFT.finditer(own_markup)})
    if left:
        raise ExportError("the HTML would still fetch these (no bundled copy): " + "; ".join(left))
    return result, refused


def _attributes(tag: str) -> dict[str, str]:
    return {k.lower(): v for k, v in _ATTRIBUTE.findall(tag)}


def _kept(match: re.Match[str], assets: dict[str, str]) -> bool:
    """Whether `inline_assets` leaves this tag as it is (not a bundled script or style sheet)."""
    if match.group(1) is not None:
        return match.group(1) not in assets
    attributes = _attributes(match.group(0))
    return "stylesheet" not in attributes.get("rel", "").lower() or attributes.get("href", "") not in assets


def _head_extras(options: MapOptions) -> str:
    stamp = html.escape(options.as_of.isoformat(), quote=True)
    sources = html.escape(_plain(ATTRIBUTION), quote=True)
    return (f"<title>{html.escape(title_text(options))}</title>"
            f'<meta name="dcterms.date" content="{stamp}"><meta name="dcterms.source" content="{sources}">')


def export_html(options: MapOptions, mentions: gpd.GeoDataFrame | None = None, path: Path | None = None, *,
                events: gpd.GeoDataFrame | None = None) -> str:
    """The briefing map as ONE self-contained HTML page (also written to ``path`` when given).

    Nothing is fetched when it opens, except the online tile layer if ``options.tiles`` is set.  The
    title, the as-of stamp, the legend and the data credits are on the map.  ``events`` (a
    `geo.events.table.events_table`) is drawn when the events layer is on, as in the dashboard.
    """
    page = build_map(options, mentions, events).get_root().render()
    page, _refused = inline_assets(page)
    page = page.replace("<head>", "<head>" + _head_extras(options), 1)
    if path is not None:
        _write_text(Path(path), page)
    return page
