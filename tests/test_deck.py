"""The briefing deck (.pptx): read back with python-pptx, hostile article text, LibreOffice renders every slide."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
import struct
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from geo.export import cli as export_cli
from geo.export.common import ExportError
from geo.events.table import events_table
from geo.export.deck import event_notes, export_deck, force_rows, liptako_bounds, notes_for
from geo.export.deck_slides import clean
from geo.facts import boundaries
from geo.geoparse.table import mentions_table
from geo.map.options import MapOptions
from geo.text.readers import article_from_text

# Between France's exit from Niger (Dec 2023) and from Chad (Jan 2025): N'Djamena is on, Niamey is off.
AS_OF = dt.date(2024, 6, 1)
SECOND = dt.date(2023, 9, 16)
SENTENCE = "French troops left Niamey for Gao, then Ouagadougou and Menaka."
HOSTILE_TITLE = "=cmd|' /C calc'!A0 \x00\x01\x08\x0b\x1f <script>alert(1)</script> & Co"
EVENT_SENTENCE = "Gunmen killed 12 civilians in Djibo on Saturday."
HOSTILE_TEXT = "Soldiers reached Dori\x00\x07 near <script>alert(2)</script> =HYPERLINK(\"x\") Djibo."


def _expected_slides(as_of: dt.date, maps: int) -> int:
    """Title, map slides, force tables (10 rows a slide), membership tables (16 countries: 2), sources."""
    return 1 + maps + math.ceil(len(force_rows(as_of)) / 10) + 2 + 1


def _png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", blob[16:24])


@pytest.fixture(scope="module")
def mentions() -> gpd.GeoDataFrame:
    return mentions_table([
        article_from_text(SENTENCE, title="Sample withdrawal", date="2023-09-10"),
        article_from_text(HOSTILE_TEXT, title=HOSTILE_TITLE, date="2024-05-01"),
    ])


def _events() -> gpd.GeoDataFrame:
    return events_table([article_from_text(EVENT_SENTENCE, title="Attack near Djibo", date="2024-05-20")])


@pytest.fixture(scope="module")
def deck(chromium: object, mentions: gpd.GeoDataFrame, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    path = tmp_path_factory.mktemp("deck") / "briefing.pptx"
    started = time.perf_counter()
    options = MapOptions(as_of=AS_OF)
    options = MapOptions(as_of=AS_OF, layers=options.layers | {"events"})  # the events layer on: their notes too
    export_deck(options, mentions, path, second_date=SECOND, browser=chromium, events=_events())
    return path, time.perf_counter() - started


def test_clean_drops_xml_invalid_characters() -> None:
    assert clean("a\x00b\x0bc\ud800d\ufffe e\tf\ng") == "abcd e f g"
    assert clean("x" * 50, 10) == "x" * 9 + "…"
    assert clean("line\x00one\nline two", one_line=False) == "lineone\nline two"


def test_liptako_bounds_hold_the_polygon_with_a_margin() -> None:
    south, west, north, east = liptako_bounds(MapOptions(as_of=AS_OF))
    minx, miny, maxx, maxy = boundaries.load_liptako_gourma(boundaries.DEFAULT_DEFINITION).total_bounds
    assert south < miny and west < minx and north > maxy and east > maxx
    assert north - south < 2 * (maxy - miny)


def test_force_rows_follow_the_date() -> None:
    sites = {row[1] for row in force_rows(AS_OF)}
    assert any(name.startswith("N Djamena - Base aerienne 172") for name in sites)  # France, Chad, to Jan 2025
    assert not any(name.startswith("Niamey - Base aerienne projetee") for name in sites)  # France left Niger Dec 2023
    assert any(name.startswith("Niamey - Base aerienne projetee") for name in (r[1] for r in force_rows(SECOND)))


def test_event_notes_give_date_type_place_deaths_and_sentence() -> None:
    notes = event_notes(_events())
    assert "2024-05-18: Violence against civilians / Attack at Djibo (killed 12)" in notes  # Saturday before
    assert EVENT_SENTENCE in notes
    assert event_notes(_events(), (-40.0, 100.0, -30.0, 110.0)) == "" and event_notes(None) == ""


def test_notes_keep_sentences_and_respect_bounds(mentions: gpd.GeoDataFrame) -> None:
    assert SENTENCE in notes_for(mentions)
    far = notes_for(mentions, (-40.0, 100.0, -30.0, 110.0))
    assert "No article mentions a place inside this view" in far


@pytest.mark.parametrize("kwargs, message", [
    ({"second_date": dt.date(1990, 1, 1)}, "second date: 1990-01-01 is outside the dates the map covers"),
    ({"second_date": AS_OF}, "is the as-of date"),
    ({"second_date": "2023-09-16"}, "second date must be a date"),
])
def test_bad_second_date_is_refused_before_any_drawing(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(ExportError, match=re.escape(message)):
        export_deck(MapOptions(as_of=AS_OF), None, tmp_path / "d.pptx", **kwargs)
    assert not list(tmp_path.iterdir())


def test_bad_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_deck(MapOptions(as_of=AS_OF), None, tmp_path / "missing" / "d.pptx")
    with pytest.raises(ExportError, match="should end in .pptx"):
        export_deck(MapOptions(as_of=AS_OF), None, tmp_path / "d.ppt")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # root writes anywhere
            with pytest.raises(ExportError, match="permission denied"):
                export_deck(MapOptions(as_of=AS_OF), None, locked / "d.pptx")
    finally:
        locked.chmod(0o700)


@pytest.mark.slow
@pytest.mark.browser
def test_deck_reads_back(deck: tuple[Path, float]) -> None:
    path, seconds = deck
    print(f"deck with 3 pictures in {seconds:.1f} s, {path.stat().st_size:,} bytes")
    prs = Presentation(str(path))
    assert len(prs.slides) == _expected_slides(AS_OF, maps=4)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    slides = list(prs.slides)
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "UNCLASSIFIED // FOR BRIEFING" in texts[0] and "made offline with Sahel Briefing Map" in texts[0]
    assert "1 Jun 2024" in texts[0] and "16 Sep 2023" in texts[0]
    # Map slides: one 1920x1080 PNG each (the pair slide: two), inside the slide, with notes.
    for index, count in ((1, 1), (2, 1), (3, 2), (4, 1)):
        pictures = [s for s in slides[index].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == count, index
        for picture in pictures:
            assert picture.image.content_type == "image/png"
            assert _png_size(picture.image.blob) == (1920, 1080)
            assert picture.left >= 0 and picture.top >= 0
            assert picture.left + picture.width <= prs.slide_width
            assert picture.top + picture.height <= prs.slide_height
    assert "Liptako-Gourma" in texts[4]
    for index in (1, 2, 4):
        notes = slides[index].notes_slide.notes_text_frame.text
        assert "Places from the articles" in notes
    assert SENTENCE in slides[1].notes_slide.notes_text_frame.text
    assert EVENT_SENTENCE in slides[1].notes_slide.notes_text_frame.text  # the events layer is on
    # Tables: native, text at 12 pt or more; the right sites for the date.
    tables = [s.table for slide in slides[5:-1] for s in slide.shapes if s.has_table]
    assert len(tables) == len(slides) - 6
    assert any("(1/2)" in text for text in texts)
    cells = [[cell.text for cell in row.cells] for table in tables for row in table.rows]
    sizes = {run.font.size.pt for table in tables for row in table.rows for cell in row.cells
             for p in cell.text_frame.paragraphs for run in p.runs}
    assert min(sizes) >= 12
    forces = [row for row in cells if len(row) == 7]
    assert any(r[0] == "France" and r[2] == "TCD" and r[1].startswith("N Djamena") for r in forces)
    assert not any(r[0] == "France" and r[2] == "NER" for r in forces)
    members = {row[0]: row for row in cells if len(row) == 5}
    assert members["Niger (NER)"][1] == "member" and members["Senegal (SEN)"][3] == "member"
    assert "Sources" in texts[-1] and "GeoNames" in texts[-1] and "Sample withdrawal" in texts[-1]
    # Table slides carry the whole sources in their notes (the table shortens them to fit).
    table_notes = [slide.notes_slide.notes_text_frame.text for slide in slides[5:-1]]
    assert all(table_notes)
    force_note = next(text for text in table_notes if text.startswith("Foreign-force sites"))
    assert "France, N Djamena" in force_note and "http" in force_note
    assert any("ECOWAS, Niger: suspended since 2023-12-10" in text for text in table_notes)


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_article_text_round_trips_safely(deck: tuple[Path, float]) -> None:
    path, _ = deck
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                data = archive.read(name)
                ET.fromstring(data)  # every part is well-formed XML
                assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data), name
                assert b"<script>" not in data, name  # escaped as &lt;script&gt;
    prs = Presentation(str(path))
    sources = "\n".join(s.text_frame.text for s in list(prs.slides)[-1].shapes if s.has_text_frame)
    assert "=cmd|' /C calc'!A0 <script>alert(1)</script> & Co" in sources
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in prs.slides if slide.has_notes_slide)
    assert "<script>alert(2)</script>" in notes and "\x00" not in notes


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it (apt-get install -y libreoffice-impress)")
    return found


def _convert(soffice: str, source: Path, fmt: str, out_dir: Path, profile: Path) -> Path:
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                    "--outdir", str(out_dir), str(source)], check=True, timeout=120, capture_output=True)
    result = out_dir / f"{source.stem}.{fmt}"
    assert result.exists(), f"LibreOffice wrote no {fmt}"
    return result


@pytest.mark.slow
@pytest.mark.browser
def test_libreoffice_renders_every_slide(deck: tuple[Path, float], tmp_path: Path) -> None:
    soffice = _soffice()
    path, _ = deck
    profile = tmp_path / "lo-profile"
    pdf = _convert(soffice, path, "pdf", tmp_path, profile)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
    assert pages == len(Presentation(str(path)).slides)
    # A picture of the map slide for the README: a copy of the deck with that slide only, drawn by LibreOffice.
    prs = Presentation(str(path))
    slide_ids = prs.slides._sldIdLst  # python-pptx has no public slide removal
    for slide_id in list(slide_ids)[2:] + list(slide_ids)[:1]:
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    single = tmp_path / "map-slide.pptx"
    prs.save(str(single))
    png = _convert(soffice, single, "png", tmp_path, profile)
    width, height = _png_size(png.read_bytes())
    assert abs(width / height - 16 / 9) < 0.01
    if os.environ.get("SCREENSHOT_DIR"):  # SCREENSHOT_DIR=docs refreshes the README's deck picture
        shutil.copyfile(png, Path(os.environ["SCREENSHOT_DIR"]) / "deck.png")


@pytest.mark.slow
@pytest.mark.browser
def test_cli_writes_a_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.pptx"
    assert export_cli.main(["--format", "pptx", "--out", str(out), "--as-of", "2025-01-29", "--no-liptako-zoom",
                            "--handling", "TEST ONLY", "--layers", "alliance,liptako",
                            "--articles", "data/articles"]) == 0
    prs = Presentation(str(out))
    assert len(prs.slides) == _expected_slides(dt.date(2025, 1, 29), maps=1)
    assert "TEST ONLY" in "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)


def test_cli_refuses_bad_deck_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.pptx"
    assert export_cli.main(["--format", "pptx", "--out", str(out), "--as-of", "2025-01-29",
                            "--second-date", "2025-01-29"]) == 2
    assert "is the --as-of date" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        export_cli.main(["--format", "pptx", "--out", str(out), "--second-date", "1990-01-01"])
    assert "outside the dates" in capsys.readouterr().err
    assert export_cli.main(["--format", "pptx", "--out", str(tmp_path / "deck.pdf")]) == 2
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.browser
def test_saved_views_become_map_slides_that_look_where_the_view_looked(
        chromium: object, mentions: gpd.GeoDataFrame, tmp_path: Path) -> None:
    from geo.map.views import SavedView, view_bounds

    path = tmp_path / "views.pptx"
    views = [SavedView("Tri-border <b>zoom</b>", SECOND, frozenset({"alliance", "liptako"}), (14.9, 0.2, 7)),
             SavedView("West Africa", AS_OF, frozenset({"alliance", "forces"}))]
    export_deck(MapOptions(as_of=AS_OF), mentions, path, liptako_zoom=False, saved_views=views, browser=chromium)
    slides = list(Presentation(str(path)).slides)
    titles = [next((s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text), "")
              for slide in slides]
    assert "Tri-border <b>zoom</b> — as of 16 Sep 2023" in titles and "West Africa — as of 1 Jun 2024" in titles
    assert len(slides) == _expected_slides(AS_OF, maps=3)
    zoomed = slides[titles.index("Tri-border <b>zoom</b> — as of 16 Sep 2023")]
    assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in zoomed.shapes)
    # At zoom 7 (32,768 px round the world) a 1920-px-wide picture spans 21.1 degrees of longitude.
    south, west, north, east = view_bounds((14.9, 0.2, 7), 1920, 1080)
    assert abs(east - west - 1920 * 360 / 32768) < 1e-9 and south < 14.9 < north and abs((west + east) / 2 - 0.2) < 1e-9
