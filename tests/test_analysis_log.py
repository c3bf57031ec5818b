"""The analyses logged beside the stored articles (geo.web.analysis_log) and the store's quick list():
a restarted server reads mentions and events instead of parsing again, and a bad log never breaks a page."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from geo.text.readers import article_from_text
from geo.text.store import CorpusStore
from geo.web.analysis_log import EventLog, MentionSnapshot, code_fingerprint
from geo.web.event_cache import EventCache
from geo.web.mention_cache import MentionCache, article_key

TEXTS = ["Gunmen killed 12 villagers near Djibo on Sunday.", "Troops left Niamey for Gao on 3 March 2024.",
         "Des hommes armés ont attaqué Ménaka, tuant 5 civils.", "ECOWAS ministers met in Abuja; Malian officials stayed away."]


def articles() -> list:
    return [article_from_text(text, title=f"Report {n}", date=f"2024-03-{n + 10}") for n, text in enumerate(TEXTS)]


def mention_cache(folder: Path, fingerprint: str | None = None, save_after: int = 1) -> MentionCache:
    return MentionCache(snapshot=MentionSnapshot(folder, fingerprint), save_after=save_after)


def plain(table) -> pd.DataFrame:  # noqa: ANN001 - a mentions GeoDataFrame
    """The table's values as text, geometry as WKT: what a user sees, whatever the dtypes."""
    return pd.DataFrame(table).assign(geometry=table.geometry.to_wkt()).astype(str).reset_index(drop=True)


def test_a_restarted_server_reads_mentions_and_events_without_parsing(tmp_path: Path) -> None:
    first, first_events = mention_cache(tmp_path), EventCache(log=EventLog(tmp_path))
    table, events = first.table(articles()), first_events.table(articles())
    assert first.parsed == 4 and first_events.coded == 4 and len(events) >= 2
    again, again_events = mention_cache(tmp_path), EventCache(log=EventLog(tmp_path))
    reread, reread_events = again.table(articles()), again_events.table(articles())
    assert again.parsed == 0 and again_events.coded == 0
    pd.testing.assert_frame_equal(plain(reread), plain(table))  # points and empty geometries alike
    assert reread_events.drop(columns="geometry").astype(str).equals(events.drop(columns="geometry").astype(str))
    assert set(again.of(articles()[0])["surface"]) == {"Djibo"} and again.parsed == 0


def test_the_snapshot_waits_for_enough_new_articles(tmp_path: Path) -> None:
    cache = mention_cache(tmp_path, save_after=3)
    cache.table(articles()[:2])
    assert not list((tmp_path / ".analyses").glob("*.parquet"))  # two parsed: not yet worth a write
    cache.table(articles())
    restarted = mention_cache(tmp_path, save_after=3)
    restarted.table(articles())
    assert restarted.parsed == 0


def test_a_save_extends_the_kept_table_to_the_same_table_as_a_rebuild(tmp_path: Path) -> None:
    cache = mention_cache(tmp_path, save_after=100)
    cache.table(articles()[:3])
    cache.of(articles()[3])  # the save
    extended = cache.table(articles())
    pd.testing.assert_frame_equal(plain(extended), plain(MentionCache().table(articles())))
    removed = cache.table(articles()[1:])  # a removal drops that article's rows from the kept table
    pd.testing.assert_frame_equal(plain(removed), plain(MentionCache().table(articles()[1:])))
    edited = [article_from_text("Troops left Kidal.", title="Report 0"), *articles()[1:]]
    assert "Kidal" in set(cache.table(edited)["surface"]) and "Djibo" not in set(cache.table(edited)["surface"])


@pytest.mark.parametrize("damage", ["garbage", "wrong columns", "wrong types", "folder", "truncated"])
def test_a_snapshot_that_cannot_be_trusted_means_parsing_again(tmp_path: Path, damage: str) -> None:
    expected = mention_cache(tmp_path).table(articles())
    path = MentionSnapshot(tmp_path).path
    if damage == "garbage":
        path.write_bytes(b"PAR1 not really parquet \x00\xff")
    elif damage == "wrong columns":
        pd.DataFrame({"surface": ["<script>"]}).to_parquet(path)
    elif damage == "wrong types":
        rows = pd.read_parquet(path)
        rows["start"] = "one"
        rows.to_parquet(path)
    elif damage == "folder":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(path.read_bytes()[:200])
    again = mention_cache(tmp_path)
    pd.testing.assert_frame_equal(plain(again.table(articles())), plain(expected))
    assert again.parsed == 4


def test_a_new_version_of_the_parser_parses_again_and_removes_the_old_files(tmp_path: Path) -> None:
    mention_cache(tmp_path, "old-version").table(articles())
    EventCache(log=EventLog(tmp_path, "old-version")).table(articles())
    assert {p.name for p in (tmp_path / ".analyses").iterdir()} == {"old-version.mentions.parquet",
                                                                    "old-version.events.jsonl"}
    newer, newer_events = mention_cache(tmp_path, "new-version"), EventCache(log=EventLog(tmp_path, "new-version"))
    newer.table(articles())
    newer_events.table(articles())
    assert newer.parsed == 4 and newer_events.coded == 4
    assert {p.name for p in (tmp_path / ".analyses").iterdir()} == {"new-version.mentions.parquet",
                                                                    "new-version.events.jsonl"}


def test_rows_of_edited_and_removed_articles_leave_the_snapshot(tmp_path: Path) -> None:
    cache = mention_cache(tmp_path)
    for version in range(30):  # the same article edited 30 times
        cache.table([article_from_text(f"Version {version}: troops left Gao.", title="Edited"), articles()[0]])
    rows = pd.read_parquet(MentionSnapshot(tmp_path).path)
    assert set(rows["article"]) == {article_from_text("Version 29: troops left Gao.").id, articles()[0].id}


def test_a_folder_the_snapshot_cannot_be_written_to_still_gives_the_mentions(tmp_path: Path) -> None:
    (tmp_path / ".analyses").mkdir()
    (tmp_path / ".analyses" / f"{code_fingerprint()}.mentions.parquet.tmp").mkdir()
    blocked = MentionSnapshot(tmp_path / "missing" / "deeper")
    (tmp_path / "missing").write_text("a file where the folder should be")
    cache = MentionCache(snapshot=blocked, save_after=1)
    assert {"Djibo", "Gao", "Ménaka"} <= set(cache.table(articles())["surface"])


# ---------------------------------------------------------------- the events log


def test_a_half_written_event_line_costs_one_coding_and_is_not_glued_to_the_next(tmp_path: Path) -> None:
    EventCache(log=EventLog(tmp_path)).table(articles()[:3])
    log = EventLog(tmp_path)
    with log.path.open("ab") as handle:  # a save killed half way through its line
        handle.write(b'{"key": ["x", "y", "", "", "z"], "items": [{"art')
    again = EventCache(log=EventLog(tmp_path))
    again.table(articles())
    assert again.coded == 1  # only the article that was never logged
    entries = EventLog(tmp_path).read()
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
def test_an_event_line_that_is_not_ours_is_skipped(tmp_path: Path, line: str) -> None:
    expected = EventCache(log=EventLog(tmp_path)).table(articles())
    with EventLog(tmp_path).path.open("ab") as handle:
        handle.write(line.encode("utf-8", "surrogatepass") + b"\n")
    log = EventLog(tmp_path)
    again = EventCache(log=log)
    assert again.table(articles()).drop(columns="geometry").equals(expected.drop(columns="geometry"))
    assert again.coded == 0 and log.skipped == 1


def test_an_event_log_that_cannot_be_written_still_gives_the_events(tmp_path: Path) -> None:
    (tmp_path / ".analyses").mkdir()
    blocked = EventLog(tmp_path)
    blocked.path.mkdir()  # a folder where the log should be: appends fail, the page does not
    assert "Violence against civilians" in set(EventCache(log=blocked).table(articles())["type"])


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
