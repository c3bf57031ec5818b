"""How the briefing map looks, as data: colours, line styles, operator symbols, basemaps and HTML helpers.

Nothing here draws; `geo.map.layers` reads these tables, and the legend is generated from the same tables so
the map and its legend cannot disagree.

>>> operator_symbol("France").code
'FR'
>>> operator_symbol("Unknown Legion").code  # unknown operators get a neutral grey symbol
'?'
>>> escape_text("${alert(1)} <b>")
'&#36;{alert(1)} &lt;b&gt;'
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlparse

import xyzservices.providers as xyz

SEA_COLOUR = "#dde6ee"
COUNTRY_FILL = "#f4f1ea"
BORDER_COLOUR = "#5b5b5b"
REGION_COLOUR = "#9a9a9a"
LIPTAKO_COLOUR = "#b2182b"
LIPTAKO_CASING = "#ffffff"  # a white line under the dashed outline: it stands out on every fill
AES_FILL = "#e3a53c"
MENTION_COLOUR = "#1b7837"
NEW_MENTION_COLOUR = "#7b3294"  # purple ring: places of an article just added (ColorBrewer PRGn, with the green)
BADGE_COLOUR = "#35424a"
WEST_AFRICA_BOUNDS = [[4.0, -18.0], [25.0, 16.0]]  # [[south, west], [north, east]]
MAX_ZOOM = 12

ATTRIBUTION = (
    'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain) · '
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)

# Online basemaps a user may add when there is a network (definitions from xyzservices).
ONLINE_TILES = {
    "OpenStreetMap": xyz.OpenStreetMap.Mapnik,
    "CartoDB Positron": xyz.CartoDB.Positron,
    "Esri World Imagery (satellite)": xyz.Esri.WorldImagery,
}

RIVER_COLOUR = "#4a90c2"

# The slide's sources line (plain text; the map's attribution control carries the same credits as links).
SOURCES_TEXT = ("boundaries Natural Earth (public domain); places GeoNames (CC BY 4.0); memberships and "
                "force sites: public sources, one per row (in each site's details)")

# Site tags: width in pixels of a tag for a code of n characters, and its height.
SITE_TAG_HEIGHT = 18


def site_tag_width(code: str) -> int:
    """Width in pixels of a site tag showing ``code``.

    >>> site_tag_width("FR"), site_tag_width("CIA")
    (24, 31)
    """
    return 10 + 7 * len(code)


@dataclass(frozen=True)
class StatusStyle:
    """How one ECOWAS status is drawn: an outline (colour, dash) and a light fill."""

    label: str
    outline: str
    dash: str | None
    fill: str


# ECOWAS status -> style.  The outline always carries the status; the fill too, except on AES members
# (whose fill shows the alliance).  Statuses not listed (not_yet_member, dissolved) stay neutral.
ECOWAS_STYLES: dict[str, StatusStyle] = {
    "member": StatusStyle("ECOWAS member", "#2166ac", None, "#c6dbef"),
    "suspended": StatusStyle("ECOWAS member, suspended", "#e66101", "8 5", "#fdd0a2"),
    "withdrawn": StatusStyle("Withdrawn from ECOWAS", "#7b3294", "2 6", "#e7d4e8"),
}
ECOWAS_WEIGHT = 2.6


@dataclass(frozen=True)
class OperatorSymbol:
    """A force-site operator's marker: a short code on a coloured tag."""

    code: str
    colour: str
    text: str = "#ffffff"


OPERATOR_SYMBOLS: dict[str, OperatorSymbol] = {
    "France": OperatorSymbol("FR", "#0055a4"),
    "USA": OperatorSymbol("US", "#b22234"),
    "USA (CIA)": OperatorSymbol("CIA", "#5c0a14"),
    "Germany": OperatorSymbol("DE", "#222222"),
    "Italy": OperatorSymbol("IT", "#009246"),
    "Belgium": OperatorSymbol("BE", "#f2c500", "#222222"),
    "Russia": OperatorSymbol("RU", "#6a3d9a"),
    "UN": OperatorSymbol("UN", "#5b92e5"),
    "EU": OperatorSymbol("EU", "#003399", "#ffcc00"),
    "European states (French-led)": OperatorSymbol("TK", "#4f7f9f"),  # Task Force Takuba
    "Turkey": OperatorSymbol("TR", "#e4572e"),
    "G5 Sahel": OperatorSymbol("G5", "#8c6d31"),
}
UNKNOWN_OPERATOR = OperatorSymbol("?", "#777777")


def operator_symbol(operator: str) -> OperatorSymbol:
    """The symbol of an operator (a grey '?' tag for operators without one)."""
    return OPERATOR_SYMBOLS.get(operator, UNKNOWN_OPERATOR)


def mention_radius(count: int) -> float:
    """Circle radius in pixels for a place mentioned ``count`` times: area grows with the count."""
    return round(min(4.0 + 3.0 * count ** 0.5, 24.0), 1)


# Gazetteer features drawn as a ring: a large area, region or river reduced to one approximate point.
EXTENDED_FEATURES: frozenset[str] = frozenset({"area", "region", "province", "river", "lake", "sea", "continent"})

SENTENCE_MAX_CHARS = 240
# One symbol per ACLED event type (geo.events): a letter on a colour, readable in print and on a projector.
EVENT_SYMBOLS: dict[str, tuple[str, str]] = {
    "Battles": ("B", "#b2182b"),
    "Explosions/Remote violence": ("E", "#e66101"),
    "Violence against civilians": ("V", "#5e3c99"),
    "Protests": ("P", "#2166ac"),
    "Riots": ("R", "#1a9850"),
    "Strategic developments": ("S", "#4d4d4d"),
}
UNKNOWN_EVENT_SYMBOL = ("?", "#777777")
SENTENCES_PER_PLACE = 6


def escape_text(value: object) -> str:
    """HTML-escape text for a popup or tooltip.

    Also escapes '$' and '`' because folium puts popup and tooltip HTML inside JavaScript template
    literals, where '${...}' would run and a backtick would end the literal.
    """
    return html.escape(str(value), quote=True).replace("$", "&#36;").replace("`", "&#96;")


def truncate(text: str, max_chars: int = SENTENCE_MAX_CHARS) -> str:
    """``text`` cut to ``max_chars`` characters (on a word boundary when possible) with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars].rsplit(" ", 1)[0] or text[:max_chars]
    return cut + "…"


def link_html(url: str) -> str:
    """An escaped link for http(s) URLs (opened in a new tab, ``rel="noopener"``); other text escaped."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        label = parsed.netloc.removeprefix("www.")
        return (f'<a href="{escape_text(url)}" target="_blank" rel="noopener noreferrer">'
                f"{escape_text(label)}</a>")
    return escape_text(url)


def sources_html(sources: str) -> str:
    """' ; '-separated sources as escaped links and text."""
    parts = [part for part in (s.strip() for s in str(sources).split(" ; ")) if part]
    return ", ".join(link_html(part) for part in parts)
