"""The slides of a briefing deck, drawn with python-pptx: title, map, pair, table, sources, speaker notes.

Every text goes through `clean`: characters XML 1.0 cannot hold (C0 controls, lone surrogates, U+FFFE/FFFF)
are removed, so an article title with ``\\x00`` cannot break the file; python-pptx escapes ``<`` and ``&``.
One font everywhere: Arial (LibreOffice draws it with the metric-compatible Liberation Sans).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

__all__ = ["FONT", "SLIDE_HEIGHT", "SLIDE_WIDTH", "add_map_slide", "add_pair_slide", "add_sources_slide",
           "add_table_slides", "add_title_slide", "clean", "set_notes"]

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
FONT = "Arial"
TITLE_BAR = Inches(0.8)
NAVY = RGBColor(0x1F, 0x2A, 0x44)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
GREY = RGBColor(0x55, 0x55, 0x55)
MIN_PT = 12
# XML 1.0 refuses these (tab, newline and carriage return are allowed but turned into spaces where a line is meant).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
BLANK_LAYOUT = 6


def clean(text: object, limit: int | None = None, *, one_line: bool = True) -> str:
    """``text`` safe for the slide XML: invalid characters dropped, runs of white space (one line) collapsed,
    cut at ``limit`` characters with an ellipsis.

    >>> clean("a\\x00b\\x1f <script>  c", 8)
    'ab <scr…'
    """
    value = _INVALID_XML.sub("", "" if text is None else str(text))
    if one_line:
        value = _SPACES.sub(" ", value).strip()
    if limit is not None and len(value) > limit:
        value = value[: max(limit - 1, 0)].rstrip() + "…"
    return value


def _style(run: Any, size: float, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    run.font.name = FONT
    run.font.size = Pt(max(size, MIN_PT))
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour


def _text_box(slide: Any, left: int, top: int, width: int, height: int, lines: Sequence[tuple[str, float, bool]],
              colour: RGBColor | None = None) -> Any:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean(text)
        _style(run, size, bold=bold, colour=colour)
    return box


def _title_bar(slide: Any, title: str) -> None:
    bar = slide.shapes.add_shape(1, 0, 0, SLIDE_WIDTH, TITLE_BAR)  # 1: rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = NAVY
    bar.line.fill.background()
    _text_box(slide, Inches(0.3), Inches(0.1), SLIDE_WIDTH - Inches(0.6), TITLE_BAR - Inches(0.2),
              [(clean(title, 110), 24, True)], colour=WHITE)


def _footer(slide: Any, handling: str) -> None:
    if handling:
        _text_box(slide, Inches(0.3), SLIDE_HEIGHT - Inches(0.42), SLIDE_WIDTH - Inches(0.6), Inches(0.4),
                  [(clean(handling, 120), 12, True)], colour=GREY)


def _blank(prs: Any) -> Any:
    return prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])


def add_title_slide(prs: Any, title: str, subtitle: str, handling: str) -> Any:
    slide = _blank(prs)
    band = slide.shapes.add_shape(1, 0, Inches(2.2), SLIDE_WIDTH, Inches(2.4))
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    _text_box(slide, Inches(0.8), Inches(2.4), SLIDE_WIDTH - Inches(1.6), Inches(1.2),
              [(clean(title, 120), 40, True)], colour=WHITE)
    _text_box(slide, Inches(0.8), Inches(3.6), SLIDE_WIDTH - Inches(1.6), Inches(0.8),
              [(subtitle, 22, False)], colour=WHITE)
    _text_box(slide, Inches(0.8), Inches(5.2), SLIDE_WIDTH - Inches(1.6), Inches(1.4),
              [(handling, 18, True), ("made offline with Sahel Briefing Map", 14, False)], colour=GREY)
    return slide


def _fit(picture_px: tuple[int, int], left: int, top: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The largest box of the picture's aspect inside (left, top, width, height), centred."""
    ratio = picture_px[0] / picture_px[1]
    if width / height > ratio:
        fitted_h, fitted_w = height, int(height * ratio)
    else:
        fitted_w, fitted_h = width, int(width / ratio)
    return left + (width - fitted_w) // 2, top + (height - fitted_h) // 2, fitted_w, fitted_h


def add_map_slide(prs: Any, title: str, picture: Path, picture_px: tuple[int, int], handling: str) -> Any:
    slide = _blank(prs)
    _title_bar(slide, title)
    area_top = TITLE_BAR + Inches(0.1)
    left, top, width, height = _fit(picture_px, Inches(0.2), area_top, SLIDE_WIDTH - Inches(0.4),
                                    SLIDE_HEIGHT - area_top - Inches(0.45))
    slide.shapes.add_picture(str(picture), left, top, Emu(width), Emu(height))
    _footer(slide, handling)
    return slide


def add_pair_slide(prs: Any, title: str, pictures: Sequence[tuple[str, Path, tuple[int, int]]],
                   handling: str) -> Any:
    """Two maps side by side, each with its caption (the before/after pair)."""
    slide = _blank(prs)
    _title_bar(slide, title)
    gap = Inches(0.2)
    half = (SLIDE_WIDTH - 3 * gap) // 2
    top = TITLE_BAR + Inches(0.7)
    for i, (caption, picture, px) in enumerate(pictures[:2]):
        left = gap + i * (half + gap)
        _text_box(slide, left, TITLE_BAR + Inches(0.15), half, Inches(0.5), [(caption, 18, True)])
        box = _fit(px, left, top, half, SLIDE_HEIGHT - top - Inches(0.5))
        slide.shapes.add_picture(str(picture), box[0], box[1], Emu(box[2]), Emu(box[3]))
    _footer(slide, handling)
    return slide


def add_table_slides(prs: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                     widths_in: Sequence[float], handling: str, rows_per_slide: int = 11,
                     empty: str = "nothing on record for this date") -> list[Any]:
    """Native tables of ``rows``, ``rows_per_slide`` a slide ("(2/3)" in the title when split), text at 12 pt."""
    chunks = [rows[i:i + rows_per_slide] for i in range(0, len(rows), rows_per_slide)] or [[]]
    slides = []
    for number, chunk in enumerate(chunks, 1):
        slide = _blank(prs)
        suffix = f" ({number}/{len(chunks)})" if len(chunks) > 1 else ""
        _title_bar(slide, title + suffix)
        body = chunk or [[empty] + [""] * (len(header) - 1)]
        top = TITLE_BAR + Inches(0.2)
        shape = slide.shapes.add_table(len(body) + 1, len(header), Inches(0.3), top,
                                       Inches(sum(widths_in)), Inches(0.4) * (len(body) + 1))
        table = shape.table
        for j, width in enumerate(widths_in):
            table.columns[j].width = Inches(width)
        for i, values in enumerate([list(header), *body]):
            for j, value in enumerate(values):
                cell = table.cell(i, j)
                cell.text = ""
                run = cell.text_frame.paragraphs[0].add_run()
                run.text = clean(value, 90)
                _style(run, 12, bold=i == 0)
                cell.margin_top = cell.margin_bottom = Inches(0.03)
        _footer(slide, handling)
        slides.append(slide)
    return slides


def add_sources_slide(prs: Any, title: str, data_lines: Sequence[str], article_lines: Sequence[str],
                      handling: str, max_articles: int = 8) -> Any:
    slide = _blank(prs)
    _title_bar(slide, title)
    lines: list[tuple[str, float, bool]] = [("Data", 16, True)] + [(line, 12, False) for line in data_lines]
    lines.append((f"Articles ({len(article_lines)})", 16, True))
    shown = list(article_lines[:max_articles])
    if len(article_lines) > max_articles:
        shown.append(f"… and {len(article_lines) - max_articles} more (see the mentions table)")
    lines += [(line, 12, False) for line in shown or ["no article loaded"]]
    _text_box(slide, Inches(0.4), TITLE_BAR + Inches(0.15), SLIDE_WIDTH - Inches(0.8),
              SLIDE_HEIGHT - TITLE_BAR - Inches(0.7), lines)
    _footer(slide, handling)
    return slide


def set_notes(slide: Any, text: str) -> None:
    """Speaker notes (cleaned, line breaks kept)."""
    slide.notes_slide.notes_text_frame.text = clean(text, one_line=False)
