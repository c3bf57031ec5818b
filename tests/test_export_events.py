"""Events in every export (issue 16): real articles, the real event coder, files read back.

With the events layer on, the HTML map draws them, GeoJSON / GeoPackage / KML hold the placed ones (as they hold
resolved mentions), the events CSV holds them all; with the layer off no file has an event.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from geo.events.table import events_table
from geo.export import cli as export_cli
from geo.export import gis
from geo.export.common import safe_export_name
from geo.export.dispatch import export
from geo.map import registry
from geo.map.options import MapOptions
from geo.map.style import EVENT_SYMBOLS
from geo.text.readers import article_from_text
from tests.conftest import REPO_ROOT

AS_OF = dt.date(2024, 3, 12)
EVENTS_ON = MapOptions(as_of=AS_OF, layers=registry.default_keys() | {"events"})
EVENTS_OFF = MapOptions(as_of=AS_OF)  # the default layers: events are off
KML = "{http://www.opengis.net/kml/2.2}"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example")'
RAID = "Gunmen killed 12 villagers in Gao on Sunday.\n\nGunmen killed 3 herders on Wednesday."
HOSTILE = (f"Jihadists {SCRIPT} attacked an army post in Menaka on Monday.\n\n"
           f"{FORMULA} Protesters marched in Niamey on Tuesday.")


@pytest.fixture(scope="module")
def events() -> gpd.GeoDataFrame:
    table = events_table([article_from_text(RAID, title="Raid near Gao", date=AS_OF),
                          article_from_text(HOSTILE, title="<b>Hostile</b>", date=AS_OF)])
    # What the coder makes of the text; every test below relies on it.
    assert sorted(table["place_name"].fillna("")) == ["", "Gao", "Ménaka", "Niamey"]
    return table


def _placed(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return events[events.geometry.notna() & ~events.geometry.is_empty]


def _event_features(path: Path) -> list[dict[str, object]]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [f["properties"] for f in features if f["properties"]["layer"] == "events"]


def test_geojson_has_the_placed_events_with_type_and_fatalities(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = export(EVENTS_ON, None, tmp_path / "map.geojson", "geojson", events=events)
    found = {p["place_name"]: p for p in _event_features(path)}
    assert set(found) == {"Gao", "Ménaka", "Niamey"}  # the event with no place cannot be a point
    assert found["Gao"]["type"] == "Violence against civilians" and found["Gao"]["fatalities"] == 12
    assert found["Ménaka"]["type"] == "Battles" and found["Ménaka"]["fatalities"] is None
    assert found["Ménaka"]["sentence"].startswith(f"Jihadists {SCRIPT}")  # raw, as README says
    assert all(p["as_of"] == "2024-03-12" and "geo.events" in p["source"] for p in found.values())
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert "events" in meta["layers"] and "every event is in the events CSV" in meta["source"]


def test_geopackage_has_an_events_table(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = export(EVENTS_ON, None, tmp_path / "map.gpkg", "gpkg", events=events)
    assert "events" in [name for name, _ in pyogrio.list_layers(path)]
    back = gpd.read_file(path, layer="events")
    assert len(back) == len(_placed(events)) and (back.geom_type == "Point").all()
    gao = back[back["place_name"] == "Gao"].iloc[0]
    assert gao["type"] == "Violence against civilians" and gao["fatalities"] == 12
    assert gao.geometry.distance(_placed(events).set_index("place_name").geometry["Gao"]) < 1e-9
    assert {"char_start", "char_end", "as_of", "source"} <= set(back.columns)


def test_kml_has_an_events_folder_with_escaped_descriptions(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = export(EVENTS_ON, None, tmp_path / "map.kml", "kml", events=events)
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    folders = {f.findtext(f"{KML}name"): f for f in root.iter(f"{KML}Folder")}
    placemarks = folders["events"].findall(f"{KML}Placemark")
    assert len(placemarks) == len(_placed(events))  # a placemark needs a place
    assert {e.tag.removeprefix(KML) for e in root.iter()}.isdisjoint({"script", "b"})
    battle = next(p for p in placemarks if p.findtext(f"{KML}name") == "Battles: Ménaka")
    description = battle.findtext(f"{KML}description")
    assert SCRIPT not in description and "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    assert SCRIPT in html.unescape(description)
    values = {d.get("name"): d.findtext(f"{KML}value") for d in battle.iter(f"{KML}Data")}
    assert SCRIPT in values["sentence"] and values["type"] == "Battles"  # ExtendedData: raw text
    styles = {s.get("id"): s for s in root.iter(f"{KML}Style")}
    assert battle.findtext(f"{KML}styleUrl") == "#event-battles"
    red = EVENT_SYMBOLS["Battles"][1]  # the map's colour, KML's aabbggrr
    assert styles["event-battles"].findtext(f"{KML}IconStyle/{KML}color") == f"ff{red[5:7]}{red[3:5]}{red[1:3]}"
    assert "only events at a known place" in root.findtext(f"{KML}Document/{KML}description")


def test_events_csv_holds_every_event_with_formulas_neutralised(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = export(EVENTS_ON, None, tmp_path / "events.csv", "events-csv", events=events)
    table = pd.read_csv(path, keep_default_na=False)
    assert len(table) == len(events)  # placed or not
    assert "" in set(table["place_name"])
    protest = table[table["type"] == "Protests"].iloc[0]
    assert protest["sentence"].startswith("'" + FORMULA)  # a spreadsheet shows it as text
    assert not any(str(v).startswith(("=", "+", "@")) for v in table.to_numpy().ravel())
    assert set(table["as_of"]) == {"2024-03-12"} and table["source"].str.contains("geo.events").all()
    mentions_csv = pd.read_csv(export(EVENTS_ON, None, tmp_path / "m.csv", "csv", events=events))
    assert "fatalities" not in mentions_csv.columns  # "csv" stays the mentions table
    assert safe_export_name("Sahel", AS_OF, "events-csv") == "sahel-2024-03-12-events.csv"


def test_html_draws_the_events_layer(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    page = export(EVENTS_ON, None, tmp_path / "map.html", "html", events=events).read_text(encoding="utf-8")
    assert "Violence against civilians: Gao, 2024-03-10" in page  # the marker's tooltip, as in the dashboard
    assert f"sbm-event' style='background:{EVENT_SYMBOLS['Battles'][1]}'>B</div>" in page
    assert "Events in the articles (3)" in page  # the legend counts the placed events
    assert SCRIPT not in page


def test_events_layer_off_exports_no_event(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    assert "events" not in gis.layer_frames(EVENTS_OFF, None, events)
    assert _event_features(export(EVENTS_OFF, None, tmp_path / "map.geojson", "geojson", events=events)) == []
    gpkg = export(EVENTS_OFF, None, tmp_path / "map.gpkg", "gpkg", events=events)
    assert "events" not in [name for name, _ in pyogrio.list_layers(gpkg)]
    root = ET.parse(export(EVENTS_OFF, None, tmp_path / "map.kml", "kml", events=events)).getroot()
    assert "events" not in {f.findtext(f"{KML}name") for f in root.iter(f"{KML}Folder")}
    page = export(EVENTS_OFF, None, tmp_path / "map.html", "html", events=events).read_text(encoding="utf-8")
    assert "Events in the articles" not in page and "Violence against civilians: Gao" not in page


def _write_articles(folder: Path) -> Path:
    folder.mkdir()
    for name, title, text in (("raid", "Raid near Gao", RAID), ("hostile", "Hostile", HOSTILE)):
        (folder / f"{name}.md").write_text(f"---\ntitle: {title}\ndate: {AS_OF.isoformat()}\n---\n\n{text}\n",
                                           encoding="utf-8")
    return folder


def test_cli_codes_and_writes_events_when_the_layer_is_asked_for(tmp_path: Path) -> None:
    articles = _write_articles(tmp_path / "articles")
    out = tmp_path / "events.geojson"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--as-of", AS_OF.isoformat(), "--layers", "forces,mentions,events",
         "--format", "geojson", "--out", str(out), "--articles", str(articles)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    found = {p["place_name"]: p for p in _event_features(out)}
    assert set(found) == {"Gao", "Ménaka", "Niamey"} and found["Gao"]["fatalities"] == 12
    assert "4 event(s)" in done.stderr

    # In process (the same code): the events table, and nothing about events with the default layers.
    table = tmp_path / "events.csv"
    assert export_cli.main(["--as-of", AS_OF.isoformat(), "--format", "events-csv", "--out", str(table),
                            "--articles", str(articles)]) == 0
    assert len(pd.read_csv(table)) == 4
    plain = tmp_path / "plain.geojson"
    assert export_cli.main(["--as-of", AS_OF.isoformat(), "--format", "geojson", "--out", str(plain),
                            "--articles", str(articles)]) == 0
    assert _event_features(plain) == []


def _colour_pixels(png: bytes, colour: str) -> int:
    """How many pixels of the picture are (nearly) ``colour``."""
    import numpy as np
    from PIL import Image

    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    with Image.open(io.BytesIO(png)) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=int)
    return int((np.abs(pixels - target).max(axis=-1) <= 6).sum())


def test_deck_map_slides_draw_the_events(chromium: object, events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    """One small map slide; the events' purple ('Violence against civilians') is on it only with events."""
    small = {"width": 800, "height": 450, "scale": 1, "liptako_zoom": False, "notes": False, "browser": chromium}
    purple = EVENT_SYMBOLS["Violence against civilians"][1]
    counts = []
    for name, table in (("with", events), ("without", None)):
        path = export(EVENTS_ON, None, tmp_path / f"{name}.pptx", "pptx", events=table, **small)
        with zipfile.ZipFile(path) as deck:
            pictures = [deck.read(n) for n in deck.namelist() if n.startswith("ppt/media/") and n.endswith(".png")]
        assert len(pictures) == 1  # the one map slide
        counts.append(_colour_pixels(pictures[0], purple))
    assert counts[0] > 20 and counts[1] == 0, counts  # a marker and its legend symbol: about 50 pixels
