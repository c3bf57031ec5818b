"""The analyses logged beside the stored articles (geo.web.analysis_log) and the store's quick list():
a restarted server reads mentions and events instead of parsing again, and a bad log never breaks a page."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from geo.text.readers import article_from_text
from geo.text.store import CorpusStore
from geo.web.analysis_log import AnalysisLog
from geo.web.event_cache import EventCache
from geo.web.mention_cache import MentionCache, article_key

TEXTS = ["Gunmen killed 12 villagers near Djibo on Sunday.", "Troops left Niamey for Gao on 3 March 2024.",
         "Des hommes armés ont attaqué Ménaka, tuant 5 civils.", "ECOWAS ministers met in Abuja; Malian officials stayed away."]


def articles() -> list:
    return [article_from_text(text, title=f"Report {n}", date=f"2024-03-{n + 10}") for n, text in enumerate(TEXTS)]


def mention_cache(folder: Path, fingerprint: str | None = None) -> MentionCache:
    return MentionCache(log=AnalysisLog(folder, "mentions", fingerprint))


def test_a_restarted_server_reads_mentions_and_events_without_parsing(tmp_path: Path) -> None:
    first, first_events = mention_cache(tmp_path), EventCache(log=AnalysisLog(tmp_path, "events"))
    table, events = first.table(articles()), first_events.table(articles())
    assert first.parsed == 4 and first_events.coded == 4 and len(events) >= 2
    again, again_events = mention_cache(tmp_path), EventCache(log=AnalysisLog(tmp_path, "events"))
    reread, reread_events = again.table(articles()), again_events.table(articles())
    assert again.parsed == 0 and again_events.coded == 0
    assert reread.drop(columns="geometry").equals(table.drop(columns="geometry"))
    assert list(reread.geometry.to_wkt()) == list(table.geometry.to_wkt())  # points and empty geometries alike
    assert reread_events.drop(columns="geometry").astype(str).equals(events.drop(columns="geometry").astype(str))


def test_a_half_written_line_costs_one_parse_and_is_not_glued_to_the_next(tmp_path: Path) -> None:
    cache = mention_cache(tmp_path)
    cache.table(articles()[:3])
    log = AnalysisLog(tmp_path, "mentions")
    with log.path.open("ab") as handle:  # a save killed half way through its line
        handle.write(b'{"key": ["x", "y", "", "", "z"], "items": [{"art')
    again = mention_cache(tmp_path)
    again.table(articles())
    assert again.parsed == 1  # only the article that was never logged
    entries = AnalysisLog(tmp_path, "mentions").read()
    assert len(entries) == 4 and article_key(articles()[3]) in entries


@pytest.mark.parametrize("line", [
    "[" * 100_000 + "]" * 100_000,  # nesting deeper than json's recursion limit
    '{"key": ["a", "b"], "items": []}',  # a key of the wrong length
    '{"key": [1, 2, 3, 4, 5], "items": []}',
    '{"key": ["a", "b", "c", "d", "e"], "items": [{"start": "one"}]}',
    '{"key": ["a", "b", "c", "d", "e"], "items": "not a list"}',
    "\ud800 not json",
    "null",
])
def test_a_line_that_is_not_ours_is_skipped(tmp_path: Path, line: str) -> None:
    cache = mention_cache(tmp_path)
    expected = cache.table(articles())
    log = AnalysisLog(tmp_path, "mentions")
    with log.path.open("ab") as handle:
        handle.write(line.encode("utf-8", "surrogatepass") + b"\n")
    again = mention_cache(tmp_path)
    assert again.table(articles()).drop(columns="geometry").equals(expected.drop(columns="geometry"))
    assert again.parsed == 0 and again._log is not None and again._log.skipped == 1


def test_a_new_version_of_the_parser_parses_again_and_removes_the_old_log(tmp_path: Path) -> None:
    mention_cache(tmp_path, "old-version").table(articles())
    assert (tmp_path / ".analyses" / "old-version.mentions.jsonl").exists()
    newer = mention_cache(tmp_path, "new-version")
    newer.table(articles())
    assert newer.parsed == 4
    assert sorted(p.name for p in (tmp_path / ".analyses").iterdir()) == ["new-version.mentions.jsonl"]


def test_lines_of_edited_articles_are_compacted_away(tmp_path: Path) -> None:
    cache = MentionCache(records_of=lambda article: [], log=AnalysisLog(tmp_path, "mentions"))
    for version in range(1_200):  # the same article edited 1,200 times: one live line, 1,199 stale
        cache.table([article_from_text(f"Version {version}.", title="Edited")])
    restarted = MentionCache(records_of=lambda article: [], log=AnalysisLog(tmp_path, "mentions"))
    last = article_from_text("Version 1199.", title="Edited")
    restarted.table([last])
    assert restarted.parsed == 0
    lines = (tmp_path / ".analyses").glob("*.mentions.jsonl").__next__().read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["key"] == list(article_key(last))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_the_log_cannot_be_written_to_still_gives_the_mentions(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        cache = mention_cache(tmp_path)
        assert set(cache.table(articles())["surface"]) >= {"Djibo", "Gao", "Ménaka"}
    finally:
        tmp_path.chmod(0o700)


def test_read_only_log_file_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / ".analyses").mkdir()
    blocked = AnalysisLog(tmp_path, "mentions")
    blocked.path.mkdir()  # a folder where the log should be: appends fail, the page does not
    cache = MentionCache(log=blocked)
    assert "Djibo" in set(cache.table(articles())["surface"])


# ---------------------------------------------------------------- the store's quick list()


_AGED = [1_700_000_000_000_000_000]


def age(folder: Path, again: bool = False) -> None:
    """Give the folder a stamp old enough to be trusted (see geo.text.store): a new one each time, as the
    kernel would, unless ``again`` (an edit in place leaves the stamp as it was)."""
    if not again:
        _AGED[0] += 1_000_000
    os.utime(folder, ns=(_AGED[0], _AGED[0]))


def test_list_answers_from_memory_while_no_file_came_or_went(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path, bundled=None, rescan_after_s=3_600)
    store.add(article_from_text("Convoys left Niamey for Agadez.", title="Convoy"))
    age(tmp_path)
    first = store.list()
    path = next(tmp_path.glob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("Agadez", "Arlit"), encoding="utf-8")
    age(tmp_path, again=True)  # an edit in place leaves the folder's stamp as it was
    assert store.list()[0].text == first[0].text  # documented: seen at the next full scan
    store.rescan_after_s = 0
    assert "Arlit" in store.list()[0].text


def test_list_sees_another_process_saves_and_removals_at_once(tmp_path: Path) -> None:
    store, other = CorpusStore(tmp_path, bundled=None, rescan_after_s=3_600), CorpusStore(tmp_path, bundled=None)
    store.add(article_from_text("Troops reached Gao.", title="Gao"))
    age(tmp_path)
    assert len(store.list()) == 1
    added = other.add(article_from_text("Troops reached Kidal.", title="Kidal"))
    assert [a.title for a in store.list()] == ["Gao", "Kidal"]
    age(tmp_path)
    store.list()
    other.list()
    other.remove(added.id)
    assert [a.title for a in store.list()] == ["Gao"]
