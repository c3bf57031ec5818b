"""The archive pipeline on a generated archive in tmp_path, with real Parquet, real DuckDB and real Dask.

Articles are recombined from the paragraphs of the sample articles (data/articles/*.md), each with its own
closing line so that every text is distinct, and dates spread over three years.
"""

from __future__ import annotations

import gzip
import json
import re
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from geo.__main__ import main
from geo.archive import layout
from geo.archive.build import build_archive
from geo.archive.ingest import FieldMap, Reject, plan_partitions, read_partition
from geo.archive.query import Archive, QueryError, Window
from geo.archive.schema import MENTION_SCHEMA
from geo.resources import ARTICLES_DIR
from geo.web.local_server import free_port

REPO = Path(__file__).resolve().parent.parent
MENTION_KEY = ["article_hash", "start", "end", "kind"]


def _paragraphs() -> list[str]:
    found = []
    for path in sorted(ARTICLES_DIR.glob("2*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 60]
    return found


def make_records(count: int, seed: int = 7, first: int = 0) -> list[dict[str, object]]:
    """`count` distinct article records {"id", "text", "title", "date"}."""
    rng = random.Random(seed)
    paragraphs = _paragraphs()
    records = []
    for number in range(first, first + count):
        text = "\n\n".join(rng.sample(paragraphs, 2)) + f"\n\nDispatch number {number}."
        day = pd.Timestamp("2023-01-01") + pd.Timedelta(days=rng.randrange(3 * 365))
        records.append({"id": f"art-{number}", "title": f"Dispatch {number}", "text": text,
                        "date": day.strftime("%Y-%m-%d")})
    return records


def write_jsonl(path: Path, records: list[dict[str, object]], extra_lines: list[bytes] = ()) -> Path:
    lines = [json.dumps(record, ensure_ascii=False).encode() + b"\n" for record in records] + list(extra_lines)
    data = b"".join(lines)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def mentions_of(archive: Path) -> pd.DataFrame:
    """The archive's mentions without the geometry and partition columns, in a stable order."""
    table = ds.dataset(archive / "mentions", format="parquet", partitioning="hive").to_table()
    frame = table.drop_columns(["geometry"]).to_pandas()
    frame["month"] = frame["month"].astype(str)
    return frame.sort_values(MENTION_KEY).reset_index(drop=True)


def snapshot(archive: Path) -> dict[str, bytes]:
    """Every committed file of the archive (staging excluded) and its bytes."""
    return {str(p.relative_to(archive)): p.read_bytes() for p in sorted(archive.rglob("*"))
            if p.is_file() and layout.STAGING not in p.parts and p.name != ".lock"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "articles.jsonl", make_records(300))


@pytest.fixture(scope="module")
def local_archive(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built in this process (synchronous), in partitions of 60 articles."""
    out = tmp_path_factory.mktemp("archives") / "sync"
    build_archive([corpus], out, workers=0, partition_size=60, show_progress=False)
    return out


# ---- ingest ---------------------------------------------------------------------------------------------

def test_plain_jsonl_is_split_into_ranges_that_cover_every_line(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "a.jsonl", make_records(25))
    partitions = plan_partitions([source], size=10)
    assert [(p.first_record, p.kind) for p in partitions] == [(1, "jsonl"), (11, "jsonl"), (21, "jsonl")]
    read = [item for partition in partitions for item in read_partition(partition)]
    assert [article.id for article in read] == [f"art-{n}" for n in range(25)]


def test_gz_is_one_partition_and_reads_as_plain(tmp_path: Path) -> None:
    records = make_records(12)
    gz = write_jsonl(tmp_path / "a.jsonl.gz", records)
    plain = write_jsonl(tmp_path / "b.jsonl", records)
    (partition,) = plan_partitions([gz], size=5)
    assert partition.kind == "jsonl.gz"
    assert [a.text for a in read_partition(partition)] == \
        [a.text for p in plan_partitions([plain], size=5) for a in read_partition(p)]


def test_parquet_csv_and_folders_with_field_mapping(tmp_path: Path) -> None:
    records = make_records(9)
    renamed = [{"uid": r["id"], "body": r["text"], "published": r["date"]} for r in records]
    pq.write_table(__import__("pyarrow").Table.from_pylist(renamed), tmp_path / "a.parquet", row_group_size=4)
    pd.DataFrame(renamed).to_csv(tmp_path / "a.csv", index=False)
    folder = tmp_path / "files"
    folder.mkdir()
    for record in records[:3]:
        (folder / f"{record['id']}.md").write_text(f"---\ndate: {record['date']}\n---\n{record['text']}\n")
    fields = FieldMap(id="uid", text="body", date="published")
    for source in ("a.parquet", "a.csv"):
        read = [item for p in plan_partitions([tmp_path / source], size=4) for item in read_partition(p, fields)]
        assert [a.id for a in read] == [r["id"] for r in records], source
        assert [a.text for a in read] == [r["text"] for r in records]
        assert str(read[0].date) == records[0]["date"]
    files = [a for p in plan_partitions([folder], size=2) for a in read_partition(p)]
    assert [a.text for a in files] == [r["text"] for r in records[:3]]


def test_a_folder_of_data_files_is_read_and_an_empty_one_refused(tmp_path: Path) -> None:
    from geo.archive.ingest import SourceError

    folder = tmp_path / "shards"
    (folder / "deeper").mkdir(parents=True)
    records = make_records(9)
    write_jsonl(folder / "a.jsonl", records[:4])
    write_jsonl(folder / "deeper" / "b.jsonl.gz", records[4:])
    (folder / "note.md").write_text(records[0]["text"] + " And a note.")
    kinds = [p.kind for p in plan_partitions([folder], size=3)]
    assert kinds == ["jsonl", "jsonl", "jsonl.gz", "files"]
    read = [a for p in plan_partitions([folder], size=3) for a in read_partition(p)]
    assert len(read) == 10
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="holds no"):
        plan_partitions([tmp_path / "empty"])


def test_bad_records_are_rejected_with_reasons_and_counted(tmp_path: Path) -> None:
    good = make_records(5)
    source = write_jsonl(tmp_path / "mixed.jsonl", good[:2], [
        b"{not json\n",
        json.dumps({"id": "no-text"}).encode() + b"\n",
        json.dumps({"id": "empty", "text": "   "}).encode() + b"\n",
        json.dumps({"id": "bad-date", "text": "Gao.", "date": "31/31/2024"}).encode() + b"\n",
        b"\x00\x01\x02\xff\xfe binary \x00\x00\n",
        b"[1, 2]\n",
        json.dumps({"id": "huge", "text": "x" * 2_100_000}).encode() + b"\n",
        *[json.dumps(record).encode() + b"\n" for record in good[2:]],
    ])
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00PK\x03\x04" * 100)
    out = tmp_path / "archive"
    summary = build_archive([source, folder], out, workers=0, show_progress=False)
    rejects = [json.loads(line) for line in (out / layout.REJECTS).read_text().splitlines()]
    assert (summary.read, summary.parsed, summary.rejected) == (13, 5, 8)
    assert [(r["source"].rsplit("/", 1)[-1], r["record"]) for r in rejects] == [
        ("mixed.jsonl", n) for n in range(3, 10)] + [("binary.txt", 1)]
    reasons = " ".join(r["reason"] for r in rejects)
    for expected in ("Expecting property name", '"text" is missing or empty', "is not a date",
                     "not a text file", "expected a JSON object", "the limit is"):
        assert expected.lower() in reasons.lower(), expected
    assert pq.read_table(out / "articles").num_rows == 5
    # A later run keeps what earlier runs could not read, and lists a record rejected again only once.
    later = write_jsonl(tmp_path / "later.jsonl", make_records(7)[5:], [b"{still not json\n"])
    build_archive([source, later], out, workers=0, show_progress=False)
    again = [json.loads(line) for line in (out / layout.REJECTS).read_text().splitlines()]
    assert again[:len(rejects)] == rejects and [r["source"].rsplit("/", 1)[-1] for r in again[len(rejects):]] == [
        "later.jsonl"]


# ---- build ----------------------------------------------------------------------------------------------

def test_archive_layout_and_schema(local_archive: Path) -> None:
    frame = mentions_of(local_archive)
    assert set(MENTION_SCHEMA) | {"month"} == set(frame.columns)
    assert frame["month"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert (frame["month"] == frame["date"].dt.strftime("%Y-%m")).all()
    places = frame[frame["kind"] == "place"]
    assert places["admin1"].notna().any() and places["in_liptako"].any()
    assert (frame["sentence"].str.len() <= 300).all()
    events = frame.dropna(subset=["event_type"])
    assert len(events) and events["event_subtype"].notna().all() and (events["kind"] == "place").all()
    import geopandas as gpd

    geo = gpd.read_parquet(next((local_archive / "mentions").rglob("*.parquet")))
    assert geo.geometry.geom_type.dropna().eq("Point").all() and geo.crs is not None
    assert pq.read_table(local_archive / "articles").num_rows == 300
    assert not (local_archive / layout.STAGING).exists() or not any((local_archive / layout.STAGING).iterdir())


def test_a_mention_that_is_an_events_place_carries_its_type(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "raid.jsonl", [
        {"id": "raid", "date": "2024-03-12", "title": "Raid",
         "text": "Gunmen killed 12 villagers near Djibo on Sunday. The minister later flew back to Ouagadougou."}])
    coded = mentions_of(build_archive([source], tmp_path / "coded", workers=0, show_progress=False) and
                        tmp_path / "coded").set_index("surface")
    assert coded.loc["Djibo", ["event_type", "event_subtype"]].tolist() == ["Violence against civilians", "Attack"]
    assert coded["event_type"].isna()["Ouagadougou"]  # named, but not where anything happened
    plain = mentions_of(build_archive([source], tmp_path / "plain", workers=0, show_progress=False, events=False)
                        and tmp_path / "plain")
    assert plain["event_type"].isna().all() and len(plain) == len(coded)


@pytest.mark.slow
def test_two_worker_cluster_gives_the_same_mentions_as_one_process(corpus: Path, local_archive: Path,
                                                                   tmp_path: Path) -> None:
    summary = build_archive([corpus], tmp_path / "cluster", workers=2, partition_size=60, show_progress=False)
    assert summary.workers == 2 and summary.partitions == 5 and summary.parsed == 300
    pd.testing.assert_frame_equal(mentions_of(tmp_path / "cluster"), mentions_of(local_archive))


def test_a_second_run_adds_only_new_articles(corpus: Path, local_archive: Path, tmp_path: Path) -> None:
    records = make_records(300)
    out = tmp_path / "incremental"
    first = build_archive([write_jsonl(tmp_path / "first.jsonl", records[:120])], out, workers=0,
                          partition_size=60, show_progress=False)
    assert (first.parsed, first.skipped) == (120, 0)
    second = build_archive([corpus], out, workers=0, partition_size=60, show_progress=False)
    assert (second.read, second.parsed, second.skipped) == (300, 180, 120)
    third = build_archive([corpus], out, workers=0, show_progress=False)
    assert (third.parsed, third.skipped) == (0, 300)
    pd.testing.assert_frame_equal(mentions_of(out), mentions_of(local_archive))


def test_a_text_repeated_across_partitions_is_kept_once(tmp_path: Path) -> None:
    records = make_records(30)
    repeated = records + [{**records[3], "id": "copy-of-3"}, {**records[25], "id": "copy-of-25"}]
    out = tmp_path / "archive"
    summary = build_archive([write_jsonl(tmp_path / "a.jsonl", repeated)], out, workers=0, partition_size=10,
                            show_progress=False)
    assert (summary.parsed, summary.skipped) == (30, 2)
    articles = pq.read_table(out / "articles").to_pandas()
    assert len(articles) == 30 and articles["article_hash"].is_unique
    assert set(mentions_of(out)["article_id"]) <= {r["id"] for r in records}


def _big_record(paragraphs: int = 2_000) -> dict[str, object]:
    """One long article (distinct numbered paragraphs): its mentions file is far larger than any other's."""
    pool = _paragraphs()
    text = "\n\n".join(f"Report {n}: {pool[n % len(pool)]}" for n in range(paragraphs))
    return {"id": "very-long", "title": "Very long", "text": text, "date": "2024-05-05"}


def _limit_file_size(limit: int) -> None:
    """In the child: writing a file past `limit` bytes fails with EFBIG (Python ignores SIGXFSZ)."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.slow
def test_a_failing_write_leaves_the_archive_as_before(tmp_path: Path) -> None:
    """A real failure half way (the disk refuses a file: RLIMIT_FSIZE), no mock: exit 2, one line, the archive
    byte for byte as before, no staging left; the same run without the limit then adds everything."""
    out = tmp_path / "archive"
    build_archive([write_jsonl(tmp_path / "first.jsonl", make_records(40))], out, workers=0, show_progress=False)
    before = snapshot(out)
    records = make_records(120, first=500)
    source = write_jsonl(tmp_path / "more.jsonl", records[:60] + [_big_record()] + records[60:])
    command = [sys.executable, "-m", "geo", "archive", "build", str(source), "--out", str(out), "--workers", "0",
               "--partition-size", "30", "--no-progress"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                          preexec_fn=lambda: _limit_file_size(120_000))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert snapshot(out) == before
    assert not any((out / layout.STAGING).iterdir())
    summary = build_archive([source], out, workers=0, partition_size=30, show_progress=False)
    assert (summary.parsed, summary.skipped) == (121, 0)
    assert pq.read_table(out / "articles").num_rows == 161


@pytest.mark.slow
def test_a_killed_build_leaves_the_archive_as_before_and_the_next_run_cleans_up(corpus: Path,
                                                                              tmp_path: Path) -> None:
    out = tmp_path / "archive"
    build_archive([write_jsonl(tmp_path / "first.jsonl", make_records(40))], out, workers=0, show_progress=False)
    before = snapshot(out)
    command = [sys.executable, "-m", "geo", "archive", "build", str(corpus), "--out", str(out), "--workers", "0",
               "--partition-size", "20", "--no-progress"]
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not list((out / layout.STAGING).glob("*/articles/*.parquet")):  # half way: files are staged
            assert process.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert list((out / layout.STAGING).iterdir()), "the killed run's staging folder is left behind"
    assert snapshot(out) == before
    summary = build_archive([corpus], out, workers=0, show_progress=False)
    assert summary.recovered and "removed the staging folder" in summary.recovered[0]
    assert not any((out / layout.STAGING).iterdir())
    assert pq.read_table(out / "articles").num_rows == 300 and summary.parsed == 260


def test_an_interrupted_commit_is_finished_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "archive"
    build_archive([write_jsonl(tmp_path / "a.jsonl", make_records(20))], out, workers=0, show_progress=False)
    expected = snapshot(out)
    # Replay the commit of a second archive's files as if killed after the manifest and the first rename.
    other = tmp_path / "other"
    build_archive([write_jsonl(tmp_path / "b.jsonl", make_records(20, first=100))], other, workers=0,
                  show_progress=False)
    staging = layout.new_staging(out)
    for relative in ("articles", "mentions"):
        for path in (other / relative).rglob("*.parquet"):
            target = staging / path.relative_to(other)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    files = layout.staged_files(staging)
    (staging / layout.MANIFEST).write_text(json.dumps(files))
    (out / files[0]).parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging / files[0], out / files[0])
    assert layout.recover(out)[0].startswith("finished")
    assert set(snapshot(out)) == set(expected) | set(files)
    assert pq.read_table(out / "articles").num_rows == 40


def test_runs_into_the_same_months_are_merged_and_nothing_is_counted_twice(tmp_path: Path) -> None:
    from geo.archive.build import MERGE_AT

    out = tmp_path / "archive"
    day = {"date": "2024-03-12"}
    for run in range(MERGE_AT + 2):  # each run adds articles of the same month
        records = [{**record, **day} for record in make_records(3, seed=run, first=10 * run)]
        build_archive([write_jsonl(tmp_path / f"run{run}.jsonl", records)], out, workers=0, show_progress=False)
        month = out / "mentions" / "month=2024-03"
        assert len(list(month.glob("*.parquet"))) <= MERGE_AT, run
    frame = mentions_of(out)
    assert frame["article_id"].nunique() == 3 * (MERGE_AT + 2)
    assert not frame.duplicated(subset=["article_hash", "start", "end"]).any()  # each mention once
    assert Archive(out).counts("country", "month")["count"].sum() == len(_places(out)[_places(out)["country"].notna()])


def test_an_interrupted_merging_commit_removes_what_it_replaced(tmp_path: Path) -> None:
    out = tmp_path / "archive"
    build_archive([write_jsonl(tmp_path / "a.jsonl", make_records(10))], out, workers=0, show_progress=False)
    expected = mentions_of(out)
    # A commit that merged every month file into one new file, killed after its manifest and its renames.
    staging = layout.new_staging(out)
    replaced = sorted(str(p.relative_to(out)) for p in (out / "mentions").rglob("*.parquet"))
    for relative in replaced:
        target = staging / relative.replace("part-", "part-merged-")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((out / relative).read_bytes())
    files = layout.staged_files(staging)
    (staging / layout.MANIFEST).write_text(json.dumps({"add": files, "remove": replaced}))
    for relative in files:
        os.replace(staging / relative, out / relative)
    assert len(mentions_of(out)) == 2 * len(expected)  # at that moment, counted twice
    assert layout.recover(out)[0].startswith("finished")
    assert mentions_of(out).equals(expected)


@pytest.mark.slow
def test_a_real_cluster_runs_the_cli_through_scheduler(corpus: Path, local_archive: Path, tmp_path: Path) -> None:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1, the CLI with --scheduler: the same mentions."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).parent / "dask")
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # workers import geo, as a cluster's would from its install
    logs = tmp_path / "logs"
    logs.mkdir()
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]]
    commands += [[dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                  "--no-dashboard", "--name", f"w{n}"] for n in range(2)]
    processes = []
    try:
        for number, command in enumerate(commands):
            log = (logs / f"{number}.log").open("wb")
            processes.append(subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
                                              start_new_session=True))
            if number == 0:
                time.sleep(1.0)  # the workers retry anyway; this only saves them a reconnect
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        out = tmp_path / "cluster"
        done = subprocess.run([sys.executable, "-m", "geo", "archive", "build", str(corpus), "--out", str(out),
                               "--scheduler", address, "--partition-size", "60"],
                              cwd=REPO, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        lines = done.stderr.strip().splitlines()
        assert "on 2 worker(s)" in lines[-2] and lines[-1].startswith("read 300, parsed 300, rejected 0")
        pd.testing.assert_frame_equal(mentions_of(out), mentions_of(local_archive))
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.mark.slow  # the client waits its 10 s timeout
def test_an_unreachable_scheduler_is_one_line_and_exit_2(corpus: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    assert main(["archive", "build", str(corpus), "--out", str(tmp_path / "a"), "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: could not reach the Dask scheduler") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "a" / "articles").exists() or not any((tmp_path / "a" / "articles").iterdir())


# ---- queries --------------------------------------------------------------------------------------------

def _places(archive: Path) -> pd.DataFrame:
    frame = mentions_of(archive)
    return frame[(frame["kind"] == "place") & frame["place_id"].notna()]


@pytest.mark.parametrize("by,column", [("admin1", "admin1"), ("place", "place_id"), ("country", "country")])
@pytest.mark.parametrize("freq,rule", [("day", "D"), ("week", "W-SUN"), ("month", "M")])
def test_duckdb_counts_equal_pandas_groupby(local_archive: Path, by: str, column: str, freq: str,
                                           rule: str) -> None:
    window = Window(pd.Timestamp("2023-06-10").date(), pd.Timestamp("2024-09-20").date())
    got = Archive(local_archive).counts(by, freq, window)
    frame = _places(local_archive)
    frame = frame[(frame["date"] >= "2023-06-10") & (frame["date"] < "2024-09-21") & frame[column].notna()]
    frame = frame.assign(period=frame["date"].dt.to_period(rule).dt.start_time.astype("datetime64[us]"))
    got = got.assign(period=pd.to_datetime(got["period"]).astype("datetime64[us]"))
    expected = frame.groupby(["period", column]).size().rename("count").reset_index()
    merged = got.rename(columns={"key": column}).merge(expected, on=["period", column], how="outer",
                                                       suffixes=("", "_pandas"))
    assert len(got) == len(expected) and (merged["count"] == merged["count_pandas"]).all()


@pytest.mark.parametrize("baseline,shift", [("4w", 28), ("52w", 364)])
def test_change_against_a_baseline_equals_pandas(local_archive: Path, baseline: str, shift: int) -> None:
    start, end = pd.Timestamp("2025-03-03"), pd.Timestamp("2025-03-30")
    got = Archive(local_archive).change("admin1", Window(start.date(), end.date()), baseline, liptako=True)
    frame = _places(local_archive)
    frame = frame[frame["in_liptako"] & frame["admin1"].notna()]

    def count(first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
        inside = frame[(frame["date"] >= first) & (frame["date"] <= last)]
        return inside.groupby("admin1").size()

    shifted = pd.Timedelta(days=shift)
    expected = pd.concat([count(start, end).rename("count"),
                          count(start - shifted, end - shifted).rename("baseline_count")], axis=1).fillna(0)
    got = got.set_index("key")
    assert set(got.index) == set(expected.index) and len(got) > 0
    for key, row in expected.iterrows():
        assert (got.at[key, "count"], got.at[key, "baseline_count"]) == (row["count"], row["baseline_count"])
        assert got.at[key, "change"] == row["count"] - row["baseline_count"]
        if row["baseline_count"]:
            assert got.at[key, "change_pct"] == pytest.approx((row["count"] - row["baseline_count"])
                                                              / row["baseline_count"], abs=1e-4)
    assert str(got["baseline_start"].iloc[0]) == str((start - shifted).date())


def test_trend_and_top_articles_of_a_place(local_archive: Path) -> None:
    archive = Archive(local_archive)
    frame = _places(local_archive)
    place = frame["place_id"].value_counts().index[0]
    trend = archive.trend(place, "month")
    expected = frame[frame["place_id"] == place].groupby(frame["date"].dt.strftime("%Y-%m")).size()
    assert list(trend["count"]) == list(expected) and trend["count"].sum() == expected.sum()
    top = archive.top_articles(place, 5)
    per_article = frame[frame["place_id"] == place].groupby("article_id").size()
    assert len(top) == 5 and list(top["mentions"]) == sorted(per_article, reverse=True)[:5]
    assert top["title"].str.startswith("Dispatch ").all() and all(len(s) >= 1 for s in top["sentences"])


@pytest.mark.parametrize("event_type", ["any", "Violence against civilians", "Battles"])
def test_counts_of_event_places_equal_pandas(local_archive: Path, event_type: str) -> None:
    archive = Archive(local_archive)
    frame = _places(local_archive)
    frame = frame[frame["event_type"].notna()]
    if event_type != "any":
        frame = frame[frame["event_type"] == event_type]
    regional = frame[frame["admin1"].notna()]
    expected = regional.groupby(regional["date"].dt.strftime("%Y-%m")).size().to_dict()
    got = archive.counts("admin1", "month", event_type=event_type)
    assert expected and got.groupby(got["period"].astype(str).str[:7])["count"].sum().to_dict() == expected
    place = frame["place_id"].value_counts().index[0]
    assert archive.trend(place, "month", event_type=event_type)["count"].sum() == (frame["place_id"] == place).sum()
    assert archive.places(event_type=event_type)["count"].sum() == frame["lat"].notna().sum()


def test_user_values_are_parameters_not_sql(local_archive: Path) -> None:
    archive = Archive(local_archive)
    assert archive.trend("x' OR 1=1 --", "month").empty
    with pytest.raises(QueryError):
        archive.counts("admin1; DROP TABLE x", "month")
    with pytest.raises(QueryError):
        archive.change("admin1", Window(pd.Timestamp("2024-01-01").date(), pd.Timestamp("2024-03-31").date()), "4w")


# ---- command line ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_jsonl_input_agrees_with_the_mentions_command(local_archive: Path, tmp_path: Path) -> None:
    records = make_records(300)[:40]
    source = write_jsonl(tmp_path / "some.jsonl", records)
    out = tmp_path / "mentions.jsonl"
    subprocess.run([sys.executable, "-m", "geo", "mentions", "--input-jsonl", str(source), "--out", str(out)],
                   cwd=REPO, check=True, capture_output=True)
    theirs = pd.read_json(out, lines=True, dtype=False)
    fields = ["article", "start", "end", "surface", "kind", "name", "feature", "gazetteer_id", "iso3", "confidence"]
    theirs = theirs[fields].rename(columns={"article": "article_id", "gazetteer_id": "place_id", "iso3": "country"})
    ours = mentions_of(local_archive)
    ours = ours[ours["article_id"].isin({r["id"] for r in records})]
    ours = ours[theirs.columns]
    key = ["article_id", "start", "end", "kind"]
    theirs = theirs.sort_values(key).reset_index(drop=True).astype(ours.dtypes.to_dict())
    pd.testing.assert_frame_equal(ours.sort_values(key).reset_index(drop=True), theirs, check_dtype=False)


def test_cli_build_and_query(corpus: Path, local_archive: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "counts.csv"
    assert main(["archive", "query", str(local_archive), "--by", "country", "--freq", "month",
                 "--from", "2024-01-01", "--to", "2024-06-30", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["period", "key", "count"] and table["count"].sum() > 0
    assert main(["archive", "query", str(local_archive), "--baseline", "52w", "--liptako", "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and {"key", "count", "baseline_count", "change", "change_pct"} <= set(lines[0])
    assert main(["archive", "query", str(local_archive), "--by", "country", "--freq", "week", "--format", "jsonl"]) == 0
    weeks = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["archive", "query", str(local_archive), "--by", "country", "--event-type", "any"]) == 0
    assert "period,key,count" in capsys.readouterr().out
    assert weeks and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", week["period"]) for week in weeks)  # dates, as in CSV
    small = write_jsonl(tmp_path / "small.jsonl", make_records(8))
    assert main(["archive", "build", str(small), "--out", str(tmp_path / "new"), "--workers", "0"]) == 0
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("read 8, parsed 8, rejected 0")


@pytest.mark.parametrize("arguments,message", [
    (["build", "{missing}", "--out", "{tmp}/a"], "does not exist"),
    (["build", "{corpus}", "--out", "{notdir}"], "non-empty folder that is not an archive"),
    (["build", "{weird}", "--out", "{tmp}/b"], "unsupported source type"),
    (["build", "{corpus}", "--out", "{tmp}/c", "--workers", "-1"], "--workers"),
    (["query", "{tmp}"], "is not an archive"),
    (["query", "{archive}", "--from", "2024-02-30"], "is not a date"),
    (["query", "{archive}", "--from", "2024-05-01", "--to", "2024-01-01"], "is after"),
    (["query", "{archive}", "--baseline", "4w", "--from", "2024-01-01", "--to", "2024-12-31"], "longer than"),
    (["query", "{archive}", "--out", "{tmp}"], "is a folder"),
    (["query", "{archive}", "--top", "3"], "--place"),
])
def test_cli_errors_exit_2_with_one_line(arguments: list[str], message: str, corpus: Path, local_archive: Path,
                                         tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notdir").mkdir()
    (tmp_path / "notdir" / "x.txt").write_text("x")
    (tmp_path / "weird.xlsx").write_text("x")
    values = {"missing": tmp_path / "nope.jsonl", "tmp": tmp_path, "notdir": tmp_path / "notdir",
              "corpus": corpus, "archive": local_archive, "weird": tmp_path / "weird.xlsx"}
    assert main(["archive", *[a.format(**values) for a in arguments]]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_cli_error_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "geo", "archive", "query", str(tmp_path), "--by", "place"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.startswith("error: ")


def test_rejects_are_plain_records() -> None:
    assert Reject("a.jsonl", 3, "bad").to_record() == {"source": "a.jsonl", "record": 3, "reason": "bad"}
