"""geo.text (decoding, HTML, front matter, readers, store): real files with real bytes, hostile inputs, storage that survives a restart."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pytest

from geo.text.article import MAX_FILE_BYTES, Article, ArticleError
from geo.text.readers import article_from_text, load_corpus, read_article_bytes, read_article_file, read_jsonl
from geo.text.store import BUNDLED_DIR, CorpusStore, default_store_dir

FRENCH = "Les autorités nigériennes à Niamey ont annoncé l’accord ; l’armée est arrivée à Gao."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("data", [
    FRENCH.encode("utf-8"),
    b"\xef\xbb\xbf" + FRENCH.encode("utf-8"),
    FRENCH.encode("utf-16"),  # with BOM
    FRENCH.encode("utf-16-le"),  # no BOM
    FRENCH.encode("cp1252"),
], ids=["utf8", "utf8-bom", "utf16", "utf16-no-bom", "cp1252"])
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes) -> None:
    article = read_article_file(write(tmp_path, "note.txt", data))
    assert article.text == FRENCH
    assert article.title == FRENCH
    assert "\ufeff" not in article.text


def test_mixed_line_encodings_decode_line_by_line(tmp_path: Path) -> None:
    lines = ["Première ligne à Bamako", "Deuxième ligne : l’armée à Ménaka", "Troisième, déjà vue à Agadez"]
    data = (lines[0].encode("utf-8") + b"\r\n" + lines[1].encode("cp1252") + b"\r\n" + lines[2].encode("utf-8")
            + b" " + "et encore là".encode("cp1252"))
    article = read_article_bytes(data, "mixed.txt")
    assert article.text == "\n".join(lines) + " et encore là"
    assert "Ã" not in article.text and "\ufffd" not in article.text


def test_newlines_normalised_and_nfc(tmp_path: Path) -> None:
    decomposed = "Se\u0301gou\r\nMe\u0301naka\rDori"
    article = read_article_bytes(decomposed.encode("utf-8"), "a.md")
    assert article.text == "Ségou\nMénaka\nDori"


def test_implausible_legacy_text_is_not_silently_garbled() -> None:
    russian = ("Войска покинули базу в Нигере. " * 20).encode("cp1251")
    assert read_article_bytes(russian, "ru.txt").text.startswith("Войска покинули")  # via charset-normalizer
    undefined = b"Gao " + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40  # bytes cp1252 does not define
    with pytest.raises(ArticleError, match="save it as UTF-8"):
        read_article_bytes(undefined, "odd.txt")


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \n\r\n ", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG image"),
    ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(500), "ZIP archive"),
    ("noise.md", bytes(range(1, 32)) * 40, "binary"),
    ("report.pdf", b"%PDF-1.7", "not supported"),
    ("report", b"text", "not supported"),
    ("doc.docx", b"PK\x03\x04", "not supported"),
])
def test_bad_files_are_refused_with_a_clear_message(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    with pytest.raises(ArticleError, match=words) as info:
        read_article_file(write(tmp_path, name, data))
    assert name.split(".")[0] in str(info.value)  # the message names the file


def test_oversize_file_refused_fast_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # 50 MB, sparse: instant to create
        handle.truncate(50_000_000)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    started = time.perf_counter()
    with pytest.raises(ArticleError, match=r"50\.0 MB; the limit is 10 MB"):
        read_article_file(path)
    assert time.perf_counter() - started < 0.5
    with pytest.raises(ArticleError, match="limit is 10 MB"):
        read_article_bytes(b"a" * (MAX_FILE_BYTES + 1), "upload.txt")


def test_long_single_lines_never_hang() -> None:
    started = time.perf_counter()
    with pytest.raises(ArticleError, match="characters of text; the limit is 2,000,000"):
        read_article_bytes(b"a" * 5_000_000, "line.txt")
    line = "Le fleuve Niger a débordé à Gao, l’été dernier. " * 38_000  # 1.9 M characters, one line
    legacy = read_article_bytes(line.encode("cp1252"), "line.md")
    assert legacy.text == line.strip() and 100 < len(legacy.title) <= 120
    markup = read_article_bytes(b"<p>" + b"<b>x</b>" * 600_000 + b"</p>", "line.html")
    assert markup.text == "x" * 600_000
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("markup", [
    "<a " * 200_000, "<!--" + "a" * 5_000_000, "</" * 1_000_000, "<![CDATA[" * 200_000, "<!" * 1_000_000,
    "<?" * 1_000_000, '<a href="' + "x" * 5_000_000, "<script>" + "</" * 1_000_000, "&" * 5_000_000,
    "<div>" * 1_000_000, "<table><tr><td>" * 300_000, "<a><b>" * 500_000,
], ids=["unclosed-tags", "comment", "end-tags", "cdata", "bang", "pi", "attr", "script", "amp", "deep-divs",
        "deep-tables", "misnested"])
def test_pathological_html_is_linear(markup: str) -> None:
    started = time.perf_counter()
    try:
        read_article_bytes(("<p>Niamey</p>" + markup).encode(), "evil.html")
    except ArticleError as exc:  # too much text is fine, hanging is not
        assert "limit" in str(exc)
    assert time.perf_counter() - started < 10


# ---------------------------------------------------------------- HTML


HTML = """<!DOCTYPE html><html><head>
<meta charset="utf-8"><title>Niger: US forces leave Agadez &amp; Niamey</title>
<meta property="article:published_time" content="2024-08-05T18:30:00Z">
<meta property="og:site_name" content="Sahel Daily">
<style>body { color: red } p::after { content: "STYLE" }</style>
<script>alert(1); document.write("<p>SCRIPT</p>")</script>
</head><body onload="alert('onload')">
<noscript>NOSCRIPT</noscript><template><p>TEMPLATE</p></template><iframe src="x">IFRAME</iframe>
<!-- COMMENT <p>hidden</p> -->
<h1>Headline</h1>
<p onclick="alert(2)">The base near   Agadez&nbsp;closed.<br>Second line &lt;b&gt; &eacute;t&eacute; &#8217;</p>
<p><img src=x onerror="alert(3)">Troops left <a href="javascript:alert(4)">Niamey</a>.</p>
</body></html>"""


def test_html_becomes_inert_text_with_metadata() -> None:
    article = read_article_bytes(HTML.encode("utf-8"), "page.html")
    assert article.title == "Niger: US forces leave Agadez & Niamey"
    assert article.date == date(2024, 8, 5)
    assert article.source == "Sahel Daily"
    assert article.text == ("Headline\n\nThe base near Agadez closed.\nSecond line <b> été ’\n\n"
                            "Troops left Niamey.")
    for leaked in ("alert", "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "COMMENT", "hidden", "onclick",
                   "javascript", "color"):
        assert leaked not in article.text


def test_html_title_falls_back_to_h1_and_meta_date_name() -> None:
    page = b'<meta name="date" content="2023-12-22"><h1>Last  French troops</h1><p>Body.</p>'
    article = read_article_bytes(page, "p.htm")
    assert (article.title, article.date, article.text) == ("Last French troops", date(2023, 12, 22),
                                                           "Last French troops\n\nBody.")


def test_html_declared_legacy_charset() -> None:
    page = '<meta charset="windows-1252"><p>Sévaré, l’aéroport</p>'.encode("cp1252")
    assert read_article_bytes(page, "p.html").text == "Sévaré, l’aéroport"


def test_double_encoded_utf8_is_repaired_in_files_but_not_in_json_lines(tmp_path: Path) -> None:
    """Text once decoded as cp1252 and saved again as UTF-8 ("MÃ©naka") is read as written ("Ménaka");
    JSON lines keep their text exactly, because annotated offsets point into it."""
    mojibake = "Les autorités nigériennes à Ménaka, l’été dernier.".encode("utf-8").decode("cp1252")
    assert read_article_bytes(mojibake.encode("utf-8"), "scraped.txt").text == (
        "Les autorités nigériennes à Ménaka, l’été dernier.")
    assert read_article_bytes(FRENCH.encode("utf-8"), "clean.txt").text == FRENCH  # clean text untouched
    lines = write(tmp_path, "a.jsonl", json.dumps({"id": "a", "text": mojibake}).encode("utf-8"))
    assert read_jsonl(lines)[0][0].text == mojibake


def test_saved_file_names_are_ascii_for_every_script(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path, bundled=None)
    for title in ("Нигер: новые войска", "Straße nach Œuvre", "النيجر", "../../etc"):
        store.add(article_from_text(f"Text about Niamey: {title}", title=title))
    names = sorted(p.name[:-16] for p in tmp_path.glob("*.md"))
    assert names == ["etc", "lnyjr", "niger-novye-voiska", "strasse-nach-oeuvre"]


def test_html_without_text_is_refused() -> None:
    with pytest.raises(ArticleError, match="no article text"):
        read_article_bytes(b"<script>alert(1)</script><style>p{}</style>", "empty.html")


# ---------------------------------------------------------------- front matter, pasted text


def test_front_matter_is_parsed_and_removed(tmp_path: Path) -> None:
    text = ('---\ntitle: "Niamey: the treaty"\ndate: 2024-07-06\nsource: Sahel Daily\nignored: x\n---\n\n'
            "# Heading\n\nBody with *Markdown* kept as written.\n")
    article = read_article_file(write(tmp_path, "Treaty Day!.md", text.encode()))
    assert article.title == "Niamey: the treaty"
    assert article.date == date(2024, 7, 6)
    assert article.source == "Sahel Daily"
    assert article.text == "# Heading\n\nBody with *Markdown* kept as written."
    assert article.id == "treaty-day" and article.origin == "Treaty Day!.md"


def test_without_front_matter_title_is_first_line(tmp_path: Path) -> None:
    article = read_article_bytes(b"\n\n   " + b"Long title " * 30 + b"\nBody", "x.txt")
    assert len(article.title) <= 120 and article.title.startswith("Long title") and article.title.endswith("…")
    assert article.date is None and article.source == ""
    bad = read_article_bytes(b"---\ntitle: T\ndate: not a date\n---\nBody", "y.md")
    assert bad.title == "T" and bad.date is None
    unclosed = read_article_bytes(b"---\nNo closing line\nBody", "z.md")
    assert unclosed.text.startswith("---")


def test_pasted_text() -> None:
    article = article_from_text("  Niamey\r\nLe fleuve Niger est en crue à Gao et à Niamey, dans la région.  ",
                                date="2024-09-01", source="https://example.org/x")
    again = article_from_text("Niamey\nLe fleuve Niger est en crue à Gao et à Niamey, dans la région.")
    assert article.id == again.id and article.id.startswith("pasted-")
    assert article.origin == "pasted" and article.title == "Niamey" and article.date == date(2024, 9, 1)
    assert article.language == "fr"
    with pytest.raises(ArticleError, match="empty"):
        article_from_text(" \n ")
    with pytest.raises(ArticleError, match="limit"):
        article_from_text("x" * 2_000_001)


# ---------------------------------------------------------------- folders and JSON lines


def test_load_corpus_keeps_good_files_and_reports_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path, "a.txt", b"First article about Gao.")
    write(tmp_path / "sub", "a.md", b"Second article about Kidal.")
    write(tmp_path / "sub", "bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path, "image.png", b"\x89PNG")  # unsupported: ignored inside folders
    write(tmp_path, "copy.html", b"<p>First article about Gao.</p>")
    articles, errors = load_corpus([tmp_path])
    assert [a.text for a in articles] == ["First article about Gao.", "Second article about Kidal."]
    assert len({a.id for a in articles}) == 2
    assert [Path(p).name for p, _ in errors] == ["copy.html", "bad.txt"]
    assert "PNG" in errors[1][1] and "Same text" in errors[0][1]
    _, errors = load_corpus([tmp_path / "missing.txt"])
    assert "could not be read" in errors[0][1]


def test_read_jsonl_reports_bad_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "d1", "text": "Niamey\r\nAgadez", "title": "One", "date": "2024-04-10"}),
             "{not json", json.dumps({"id": "d2"}), json.dumps(["list"]), "",
             json.dumps({"doc_id": 7, "text": "Ouagadougou"})]
    path = write(tmp_path, "docs.jsonl", "\n".join(lines).encode())
    articles, errors = read_jsonl(path)
    assert [(a.id, a.text, a.title) for a in articles] == [("d1", "Niamey\r\nAgadez", "One"),
                                                           ("7", "Ouagadougou", "Ouagadougou")]
    assert articles[0].date == date(2024, 4, 10)
    assert [where.rsplit(":", 1)[1] for where, _ in errors] == ["2", "3", "4"]
    assert errors[1][1].startswith("line 3:") and "text" in errors[1][1]


# ---------------------------------------------------------------- storage


def make(text: str, title: str = "A title") -> Article:
    return article_from_text(text, title=title, date="2024-01-28", source="Sahel Daily")


def test_store_add_list_remove_and_restart(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "added", bundled=BUNDLED_DIR)
    bundled = store.list()
    saved = store.add(make("Ouagadougou et Bamako quittent la CEDEAO."))
    assert saved.title == "A title" and saved.date == date(2024, 1, 28) and saved.source == "Sahel Daily"
    assert saved.origin == "pasted"
    restarted = CorpusStore(tmp_path / "added", bundled=BUNDLED_DIR)
    listed = restarted.list()
    assert listed[: len(bundled)] == bundled and listed[-1] == saved
    assert not restarted.is_bundled(saved.id) and restarted.is_bundled(bundled[0].id)
    with pytest.raises(ArticleError, match="read-only"):
        restarted.remove(bundled[0].id)
    restarted.remove(saved.id)
    assert CorpusStore(tmp_path / "added", bundled=BUNDLED_DIR).list() == bundled
    with pytest.raises(ArticleError, match="No article"):
        restarted.remove(saved.id)


def test_store_duplicates_and_id_collisions(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path, bundled=None)
    first = store.add(read_article_bytes(b"Text about Dori.", "report.txt"))
    assert store.add(read_article_bytes(b"Text about Dori.", "other.txt")) == first
    second = store.add(read_article_bytes(b"Other text about Djibo.", "report.txt"))
    assert first.id == "report" and second.id.startswith("report-")
    assert len(store.list()) == 2 and len(list(tmp_path.iterdir())) == 2
    bundled_text = CorpusStore(tmp_path / "x").list()[0]
    assert CorpusStore(tmp_path / "x").add(bundled_text) == bundled_text  # same text as a sample
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("title", ["../../etc/passwd", "a/b\\c", "\x00", "x" * 10_000, "\u202eevil\u200fgpj.exe",
                                   "..", "CON", " ", "نيامي"])
def test_hostile_titles_give_safe_names(tmp_path: Path, title: str) -> None:
    folder = tmp_path / "store"
    store = CorpusStore(folder, bundled=None)
    saved = store.add(make(f"Body for {title[:20]!r}", title=title))
    files = list(folder.iterdir())
    assert len(files) == 1
    name = files[0].name
    assert files[0].resolve().parent == folder.resolve()
    assert name.endswith(".md") and len(name) <= 80 and name.isascii()
    assert all(ch.isalnum() or ch in "-." for ch in name) and not name.startswith(".")
    assert "\u202e" not in saved.title and "\x00" not in saved.title and len(saved.title) <= 120
    assert list(tmp_path.iterdir()) == [folder]  # nothing escaped the folder


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = CorpusStore(tmp_path, bundled=None)
    store.add(make("Saved article about Tillabéri."))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        store.add(make("Another article about Ménaka."))
    assert len(list(tmp_path.iterdir())) == 1  # the temporary file was removed, the old one is intact


def test_unreadable_file_in_store_is_reported_not_fatal(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path, bundled=None)
    store.add(make("Good article about Niamey."))
    write(tmp_path, "broken.md", b"\x89PNG\r\n\x1a\n\x00")
    articles = store.list()
    assert len(articles) == 1 and store.errors and "PNG" in store.errors[0][1]


def test_default_store_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SAHEL_CORPUS_DIR", str(tmp_path / "c"))
    assert CorpusStore().folder == tmp_path / "c"
    monkeypatch.delenv("SAHEL_CORPUS_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_dir() == tmp_path / "sahel-briefing-map" / "articles"


# ---------------------------------------------------------------- bundled samples


def test_bundled_samples() -> None:
    articles, errors = load_corpus([BUNDLED_DIR])
    assert errors == [] and 5 <= len(articles) <= 6
    assert {a.language for a in articles} == {"en", "fr"}
    for article in articles:
        assert article.title and article.date and article.source.startswith("Sample article written for")
        assert 250 <= article.words <= 500, (article.id, article.words)
        assert not article.text.startswith("---")
    assert all(date(2023, 1, 1) <= a.date <= date(2025, 12, 31) for a in articles if a.date)


def test_a_dateline_dates_an_article_given_no_date() -> None:
    english = read_article_bytes("Title\n\nBAMAKO, 14 March 2025 — Troops left Gao.".encode(), "a.txt")
    french = read_article_bytes("NIAMEY, 3 mars 2025 (AFP) - L'armée est arrivée à Tillabéri.".encode(), "b.md")
    pasted = article_from_text("OUAGADOUGOU (Reuters), March 4, 2024 - Protesters gathered.")
    assert (english.date, french.date, pasted.date) == (date(2025, 3, 14), date(2025, 3, 3), date(2024, 3, 4))
    given = read_article_bytes(b"---\ndate: 2025-03-20\n---\nBAMAKO, 14 March 2025 - Troops left.", "c.md")
    assert given.date == date(2025, 3, 20)  # a date the user gave wins
    assert article_from_text("BAMAKO, 14 March 2025 - x", date="2025-03-21").date == date(2025, 3, 21)
    for undated in ("Gao, 3 mars 2025: a town, not a dateline in capitals.", "BAMAKO, 31 février 2025 - x",
                    "Troops left Gao on 14 March 2025."):
        assert article_from_text(undated).date is None, undated


def test_store_reads_a_file_again_only_when_it_changed(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path, bundled=None)
    saved = store.add(make("Convoys left Niamey for Agadez."))
    first = store.list()
    assert store.list()[0] is first[0]  # unchanged file: the article read before
    path = next(tmp_path.glob("*.md"))
    text = path.read_text(encoding="utf-8").replace("Agadez", "Arlit")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert "Arlit" in store.list()[0].text and store.list()[0].id == saved.id
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    assert store.list() == [] and "PNG" in store.errors[0][1]


def test_store_sweeps_temporaries_a_killed_save_left(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".a.md.x1.tmp", tmp_path / ".b.md.x2.tmp"
    stale.write_text("half an article")
    fresh.write_text("a save in progress")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    CorpusStore(tmp_path, bundled=None)
    assert not stale.exists() and fresh.exists()
