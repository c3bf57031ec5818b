"""The escaped HTML the layer builders (`geo.map.layers`) hand to Leaflet: feature popups, the force-site
tags and the legend swatches.  Every string that reaches HTML is escaped here (`geo.map.style.escape_text`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import folium
import pandas as pd
from branca.element import Html
from folium.utilities import escape_backticks

from geo.map import style as mapstyle
from geo.map.details import is_source_row
from geo.map.style import BORDER_COLOUR, LIPTAKO_CASING, LIPTAKO_COLOUR, SITE_TAG_HEIGHT, escape_text, site_tag_width

__all__ = ["event_text", "fan_tag", "folium_popup", "leader_swatch", "liptako_swatch", "place_popups", "popup_html",
           "site_tag", "swatch"]


# --- popups -------------------------------------------------------------------------------------------

def popup_html(title: str, rows: Iterable[tuple[str, str]], extra: str = "") -> str:
    """Escaped popup HTML: a bold title, a table of label/value rows (source rows as links) and
    ``extra`` (already escaped HTML)."""
    cells = "".join(
        f"<tr><th>{escape_text(label)}</th>"
        f"<td>{mapstyle.sources_html(value) if is_source_row(label) else escape_text(value)}</td></tr>"
        for label, value in rows
    )
    return f"<div class='sbm-popup'><b>{escape_text(title)}</b><table>{cells}</table>{extra}</div>"


def folium_popup(title: str, rows: Iterable[tuple[str, str]], extra: str = "") -> folium.Popup:
    """`popup_html` as a folium.Popup, for the layers drawn as single folium objects (not per feature)."""
    html = Html(escape_backticks(popup_html(title, rows, extra)), script=True)  # what folium.Popup(str) makes
    # Named after its content, not at random: the same map then renders to the same script, and st_folium
    # leaves the layers on screen alone when a rerun changes nothing instead of redrawing them all.
    html._id = hashlib.sha256(html.data.encode("utf-8")).hexdigest()[:32]
    # Panned clear of the title (top) and the zoom buttons (left) when it opens near the edge.
    return folium.Popup(html, max_width=380, auto_pan_padding_top_left=[60, 64], auto_pan_padding_bottom_right=[60, 40])


# --- legend swatches and site tags --------------------------------------------------------------------

def swatch(fill: str = "transparent", outline: str = BORDER_COLOUR, dash: str | None = None,
           width: int = 1, round_: bool = False) -> str:
    """A legend swatch: a small box (``round_``: a dot) with that fill and outline (``dash``: a Leaflet
    dashArray, shown dotted or dashed)."""
    border = "dotted" if dash and dash.startswith("2 ") else "dashed" if dash else "solid"
    radius = "50%" if round_ else "2px"
    return (f"<span style='display:inline-block;width:16px;height:11px;background:{fill};"
            f"border:{width}px {border} {outline};border-radius:{radius}'></span>")


def liptako_swatch() -> str:
    """The Liptako-Gourma polygon's legend swatch: its dashed outline over the white casing."""
    return (f"<span style='display:inline-block;width:16px;height:11px;background:{LIPTAKO_COLOUR}22;"
            f"border:2px dashed {LIPTAKO_COLOUR};outline:2px solid {LIPTAKO_CASING}'></span>")


def leader_swatch() -> str:
    """The legend's picture of a fanned tag: a leader line from a dot."""
    return ("<svg width='18' height='12' style='flex:none'><line x1='3' y1='9' x2='15' y2='3' stroke='#222' "
            "stroke-width='1.5'/><circle cx='3' cy='9' r='2.5' fill='#222'/></svg>")


def site_tag(code: str, colour: str, text: str, uncertain: bool = False) -> str:
    """A force site's tag as the legend shows it (``uncertain``: dashed)."""
    css = "sbm-site uncertain" if uncertain else "sbm-site"
    return f"<div class='{css}' style='background:{colour};color:{text}'>{escape_text(code)}</div>"


def fan_tag(code: str, colour: str, text: str, uncertain: bool) -> str:
    """A site's marker: its tag centred on the point, a leader line (drawn when the browser fans the
    tags of sites that share a place out around it, see `geo.map.label_elements.SiteFan`) and a dot on the
    true point.  Only the tag takes clicks."""
    width, height = site_tag_width(code), SITE_TAG_HEIGHT
    css = "sbm-site uncertain" if uncertain else "sbm-site"
    return (f"<svg class='sbm-leader' width='1' height='1'><line x1='0' y1='0' x2='0' y2='0'/></svg>"
            f"<span class='sbm-dot'></span>"
            f"<div class='{css}' style='left:{-width / 2:g}px;top:{-height / 2:g}px;width:{width}px;"
            f"height:{height}px;background:{colour};color:{text}'>{escape_text(code)}</div>")


# --- article text -------------------------------------------------------------------------------------

def event_text(value: object) -> str:
    """An events-table cell as text, "" where missing."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def _text_or(values: pd.Series, default: str) -> pd.Series:
    """Text, ``default`` where missing (vectorised: the dashboard's table may hold 100,000s of rows)."""
    return values.astype("string").fillna(default)


def place_popups(frame: pd.DataFrame, summary: pd.DataFrame) -> dict[str, str]:
    """Escaped popup HTML per place of ``summary`` (by gazetteer_id): its name and count, the first
    SENTENCES_PER_PLACE distinct sentences under their articles (title, date), and how many more the details
    panel lists.  Built from a handful of rows per place, never from all of them: a place named in 10,000
    articles gets a popup as small as one named once."""
    rows = frame[["gazetteer_id", "title", "date", "sentence"]].assign(
        title=lambda f: _text_or(f["title"], "Untitled"), date=lambda f: _text_or(f["date"], ""),
        sentence=lambda f: _text_or(f["sentence"], ""))
    articles = rows.drop_duplicates(["gazetteer_id", "title", "date"]).groupby("gazetteer_id").size()
    said = rows[rows["sentence"] != ""].drop_duplicates()
    sentences = said.groupby("gazetteer_id").size()
    listed: dict[str, list[str]] = {}
    for (place, title, date), lines in said.groupby("gazetteer_id", sort=False).head(mapstyle.SENTENCES_PER_PLACE) \
            .groupby(["gazetteer_id", "title", "date"], sort=False)["sentence"]:
        items = "".join(f"<li>“{escape_text(mapstyle.truncate(line))}”</li>" for line in lines)
        when = f" ({escape_text(date)})" if date else ""
        listed.setdefault(place, []).append(
            f"<div><b>{escape_text(title)}</b>{when}<ul style='margin:2px 0 6px 16px;padding:0'>{items}</ul></div>")
    popups = {}
    for place in summary.itertuples(index=False):
        total = int(sentences.get(place.gazetteer_id, 0))
        more = total - min(total, mapstyle.SENTENCES_PER_PLACE)
        tail = f"<i>… {more} more sentence(s) in the details panel</i>" if more else ""
        head = (f"<b>{escape_text(place.name)}</b> — {int(place.count)} mention(s) in "
                f"{int(articles.get(place.gazetteer_id, 0))} article(s)")
        popups[place.gazetteer_id] = (f"<div class='sbm-popup' style='max-height:260px;overflow-y:auto'>{head}"
                                      f"{''.join(listed.get(place.gazetteer_id, []))}{tail}</div>")
    return popups
