"""The store's snapshot index (geo.text.store_index): a fresh process takes the articles of unchanged files from
``<store>/.index/articles.parquet`` instead of reading them, reads every changed one, and is never broken by a
snapshot it cannot read or a folder it cannot write.  Real files in tmp_path; each CorpusStore stands for a
separate process; reads are counted by wrapping the real reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import geo.text.store as store_module
from geo.text.article import Article
from geo.text.readers import article_from_text, read_article_file
from geo.text.store import BUNDLED_DIR, CorpusStore
from geo.text.store_index import index_path, read_snapshot

TEXTS = ["Troops reached Gao on Monday.", "Des hommes armés ont attaqué Ménaka, tuant 5 civils.",
         "Convoys left Niamey for Agadez.", "ECOWAS ministers met in Abuja; Malian officials stayed away.",
         "Gunmen killed 12 villagers near Djibo on Sunday."]
OLD_NS = (time.time_ns() - 3_600 * 10**9) // 10**9 * 10**9  # an hour ago: stamps the store may snapshot


def saved_folder(tmp_path: Path, count: int = len(TEXTS)) -> Path:
    """A store folder holding `count` saved articles (one without a date) whose files are an hour old."""
    folder = tmp_path / "store"
    store = CorpusStore(folder, bundled=None)
    for n, text in enumerate(TEXTS[:count]):
        store.add(article_from_text(text, title=f"Report {n}", date=None if n == 1 else f"2024-03-{n + 10}",
                                    source="Sahel Daily"))
    for n, path in enumerate(sorted(folder.glob("*.md"))):
        os.utime(path, ns=(OLD_NS, OLD_NS + n))
    return folder


def snapshot(folder: Path, bundled: Path | None = None) -> list[Article]:
    """List `folder` with a fresh store that writes its snapshot; the articles listed."""
    listed = CorpusStore(folder, bundled=bundled, snapshot_after=1).list()
    assert index_path(folder).is_file()
    return listed


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the store reads from disk (the real reader, counted)."""
    names: list[str] = []

    def counting(path: Path) -> Article:
        names.append(Path(path).name)
        return read_article_file(path)

    monkeypatch.setattr(store_module, "read_article_file", counting)
    return names


def test_a_fresh_store_reads_no_file_whose_stamp_matches(tmp_path: Path, reads: list[str]) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    reads.clear()
    fresh = CorpusStore(folder, bundled=None)
    assert fresh.list() == listed and reads == [] and fresh.errors == []
    assert [a.date is None for a in listed] == [n == 1 for n in range(len(TEXTS))]  # a null date comes back
    fresh.add(article_from_text("Troops left Zinder for Tessaoua.", title="Zinder"))  # and the store works on
    assert len(fresh.list()) == len(TEXTS) + 1


def test_a_save_before_the_first_list_does_not_skip_the_snapshot(tmp_path: Path, reads: list[str]) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    fresh = CorpusStore(folder, bundled=None)
    added = fresh.add(article_from_text("Troops left Zinder for Tessaoua.", title="Zinder"), existing=listed)
    reads.clear()
    assert fresh.list() == [*listed, added] and reads == []


def test_the_snapshot_survives_moving_the_folder(tmp_path: Path, reads: list[str]) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    moved = folder.rename(tmp_path / "moved")
    reads.clear()
    assert CorpusStore(moved, bundled=None).list() == listed and reads == []  # rows are keyed by file name


@pytest.mark.parametrize("change", ["text and size", "same size, new time", "new size, same time"])
def test_an_edited_file_is_read_again(tmp_path: Path, reads: list[str], change: str) -> None:
    folder = saved_folder(tmp_path)
    snapshot(folder)
    path = sorted(folder.glob("*.md"))[2]
    before = path.stat()
    replacement = {"text and size": "Arlit", "same size, new time": "Tahoua", "new size, same time": "Arlit"}[change]
    path.write_text(path.read_text(encoding="utf-8").replace("Agadez", replacement), encoding="utf-8")
    mtime = before.st_mtime_ns if change == "new size, same time" else before.st_mtime_ns + 1_000_000
    os.utime(path, ns=(mtime, mtime))
    assert (path.stat().st_size == before.st_size) == (change == "same size, new time")
    reads.clear()
    listed = CorpusStore(folder, bundled=None).list()
    assert reads == [path.name]
    assert [a.text for a in listed if "Niamey" in a.text] == [f"Convoys left Niamey for {replacement}."]


def test_a_removed_file_is_not_listed_and_a_new_one_is_read(tmp_path: Path, reads: list[str]) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    removed = min(folder.glob("*.md"))
    removed.unlink()
    other = CorpusStore(folder, bundled=None)
    added = other.add(article_from_text("Troops left Zinder for Tessaoua.", title="Zinder"))
    reads.clear()
    fresh = CorpusStore(folder, bundled=None)
    assert fresh.list() == [a for a in listed if a.title != "Report 0"] + [added]
    assert reads == [Path(other._paths[added.id]).name]  # only the file the snapshot does not hold


def test_a_store_with_a_snapshot_sees_another_process_at_once(tmp_path: Path) -> None:
    folder = saved_folder(tmp_path)
    snapshot(folder)
    store, other = CorpusStore(folder, bundled=None, rescan_after_s=3_600), CorpusStore(folder, bundled=None)
    assert len(store.list()) == len(TEXTS)
    added = other.add(article_from_text("Troops left Zinder for Tessaoua.", title="Zinder"))
    assert store.list()[-1] == added
    other.list()
    other.remove(added.id)
    assert added not in store.list()


def test_the_snapshot_holds_only_added_articles(tmp_path: Path) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder, bundled=BUNDLED_DIR)
    rows = pq.read_table(index_path(folder)).to_pylist()
    added = listed[-len(TEXTS):]
    assert len(listed) > len(TEXTS) and [row["id"] for row in rows] == [a.id for a in added]
    assert sorted(row["name"] for row in rows) == sorted(p.name for p in folder.glob("*.md"))
    assert all("/" not in row["name"] for row in rows)
    stamps = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.md")}
    assert {row["name"]: (row["size"], row["mtime_ns"]) for row in rows} == stamps
    assert rows[1]["date"] is None and rows[0]["date"] == "2024-03-10"


def test_written_after_enough_reads_outside_the_lock_and_only_then(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = saved_folder(tmp_path)
    CorpusStore(folder, bundled=None, snapshot_after=len(TEXTS) + 1).list()
    assert not index_path(folder).exists()  # fewer reads than snapshot_after
    written, lock_free = [], []
    real = store_module.write_snapshot
    store = CorpusStore(folder, bundled=None, snapshot_after=len(TEXTS))

    def try_lock() -> None:
        lock_free.append(store._lock.acquire(timeout=5))
        store._lock.release()

    def watched(where: Path, rows: list) -> None:
        probe = threading.Thread(target=try_lock)  # another session, saving while the snapshot is written
        probe.start()
        probe.join()
        written.append(len(rows))
        real(where, rows)

    monkeypatch.setattr(store_module, "write_snapshot", watched)
    store.list()
    assert written == [len(TEXTS)] and lock_free == [True]
    store.add(article_from_text("Troops left Zinder for Tessaoua.", title="Zinder"))
    assert written == [len(TEXTS)]  # a save never writes the snapshot
    CorpusStore(folder, bundled=None, snapshot_after=1).list()  # reads only the new file, too young to keep
    path = next(folder.glob("zinder-*.md"))
    os.utime(path, ns=(OLD_NS, OLD_NS))
    CorpusStore(folder, bundled=None, snapshot_after=2).list()  # one read: fewer than snapshot_after
    CorpusStore(folder, bundled=None, snapshot_after=1).list()  # one read: a snapshot with it
    CorpusStore(folder, bundled=None, snapshot_after=1).list()  # nothing read: nothing written
    assert written == [len(TEXTS), len(TEXTS) + 1]


def test_a_file_read_just_after_its_change_is_not_snapshot(tmp_path: Path) -> None:
    folder = saved_folder(tmp_path)
    young = CorpusStore(folder, bundled=None).add(article_from_text("Troops left Zinder.", title="Zinder"))
    snapshot(folder)
    ids = [row["id"] for row in pq.read_table(index_path(folder)).to_pylist()]
    assert young.id not in ids and len(ids) == len(TEXTS)  # its stamp may not change at a second edit


# ---------------------------------------------------------------- snapshots that cannot be trusted


def _valid_table(folder: Path) -> pa.Table:
    return pq.read_table(index_path(folder))


def _replace_column(table: pa.Table, name: str, values: list) -> pa.Table:
    return table.set_column(table.column_names.index(name), name, pa.array(values, table.schema.field(name).type))


def _hostile(table: pa.Table, name: str, value: object) -> pa.Table:
    values = table.column(name).to_pylist()
    values[2] = value
    return _replace_column(table, name, values)


def _folder_in_its_place(path: Path, table: pa.Table) -> None:
    path.unlink()
    path.mkdir()
    pq.write_table(table, path / "part-0.parquet")  # Arrow would read a folder of parts as one table


BROKEN = {
    "garbage": lambda path, table: path.write_bytes(b"PAR1 this is not a parquet file PAR1"),
    "empty": lambda path, table: path.write_bytes(b""),
    "truncated": lambda path, table: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
    "a folder in its place": _folder_in_its_place,
    "a pipe in its place": lambda path, table: (path.unlink(), os.mkfifo(path)),
    "a device in its place": lambda path, table: (path.unlink(), path.symlink_to("/dev/zero")),
    "other columns": lambda path, table: pq.write_table(table.drop_columns(["language"]), path),
    "an extra column": lambda path, table: pq.write_table(table.append_column("x", pa.array([1] * len(table))), path),
    "sizes as text": lambda path, table: pq.write_table(table.set_column(
        1, "size", pa.array([str(v) for v in table.column("size").to_pylist()])), path),
    "text as bytes": lambda path, table: pq.write_table(table.set_column(
        table.column_names.index("text"), "text", pa.array([v.encode() for v in table.column("text").to_pylist()])),
        path),
    "a large string column": lambda path, table: pq.write_table(table.set_column(
        table.column_names.index("text"), "text", table.column("text").cast(pa.large_string())), path),
    "far more text than the articles": lambda path, table: pq.write_table(
        _replace_column(table, "text", ["Gao " * 1_000_000] * len(table)), path, compression="zstd"),
}


@pytest.mark.parametrize("damage", list(BROKEN))
def test_a_snapshot_that_cannot_be_read_is_ignored(tmp_path: Path, reads: list[str], damage: str) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    BROKEN[damage](index_path(folder), _valid_table(folder))
    assert read_snapshot(folder, max_bytes=2 * sum(p.stat().st_size for p in folder.glob("*.md"))) == {}
    reads.clear()
    fresh = CorpusStore(folder, bundled=None, snapshot_after=1)
    assert fresh.list() == listed and fresh.errors == [] and len(reads) == len(TEXTS)
    if damage != "a folder in its place":  # written again, whole (os.replace cannot replace a folder)
        assert index_path(folder).is_file() and not index_path(folder).is_symlink()
        reads.clear()
        assert CorpusStore(folder, bundled=None).list() == listed and reads == []


HOSTILE = {
    "a title with a bidi override": ("title", "\u202eevil"),
    "a title with a newline": ("title", "two\nlines"),
    "a title too long": ("title", "x" * 500),
    "text with a control character": ("text", "Troops reached Gao\x00 on Monday."),
    "text with a carriage return": ("text", "Troops\r\nreached Gao."),
    "text not in NFC": ("text", "Troops reached Me\u0301naka."),
    "empty text": ("text", ""),
    "text with blanks around it": ("text", "  Troops reached Gao.\n"),
    "null text": ("text", None),
    "an empty id": ("id", ""),
    "an unknown language": ("language", "de"),
    "a date that is not one": ("date", "yesterday"),
    "a date out of range": ("date", "2024-02-30"),
    "a null name": ("name", None),
    "a path for a name": ("name", "../../etc/passwd"),
    "a null size": ("size", None),
}


@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_a_hostile_row_is_ignored_and_its_file_read(tmp_path: Path, reads: list[str], hostile: str) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    name = sorted(folder.glob("*.md"))[2].name
    column, value = HOSTILE[hostile]
    pq.write_table(_hostile(_valid_table(folder), column, value), index_path(folder))
    reads.clear()
    fresh = CorpusStore(folder, bundled=None)
    assert fresh.list() == listed and fresh.errors == [] and reads == [name]


def test_a_row_for_a_file_with_another_stamp_is_not_trusted(tmp_path: Path, reads: list[str]) -> None:
    """A row whose stamp is not the file's is not used, whatever it holds."""
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    table = _hostile(_valid_table(folder), "text", "Forged text about Kidal.")
    pq.write_table(_hostile(table, "mtime_ns", table.column("mtime_ns").to_pylist()[2] + 1), index_path(folder))
    reads.clear()
    assert CorpusStore(folder, bundled=None).list() == listed and len(reads) == 1


# ---------------------------------------------------------------- folders that cannot be written


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` that no one can write to, root included (chattr +i on ext4), or the test is skipped."""
    os.chmod(folder, 0o555)
    immutable = False
    try:
        probe = folder / "probe"
        try:
            probe.touch()
        except OSError:
            pass
        else:  # root: permissions do not stop it
            probe.unlink()
            chattr = shutil.which("chattr")
            immutable = bool(chattr) and subprocess.run([chattr, "+i", str(folder)], capture_output=True,
                                                        check=False).returncode == 0
            if not immutable:
                pytest.skip("cannot make a folder read-only here (root, no chattr)")
        yield
    finally:
        if immutable:
            subprocess.run([shutil.which("chattr") or "chattr", "-i", str(folder)], check=True)
        os.chmod(folder, 0o755)


def test_a_read_only_index_folder_does_not_break_list(tmp_path: Path, reads: list[str]) -> None:
    folder = saved_folder(tmp_path)
    listed = snapshot(folder)
    before = index_path(folder).read_bytes()
    path = min(folder.glob("*.md"))
    os.utime(path, ns=(OLD_NS + 10**9, OLD_NS + 10**9))  # one file to read, hence a snapshot to write
    with read_only(folder / ".index"):
        reads.clear()
        fresh = CorpusStore(folder, bundled=None, snapshot_after=1)
        assert fresh.list() == listed and reads == [path.name]
        fresh.add(article_from_text("Troops left Zinder for Tessaoua.", title="Zinder"))
        assert len(fresh.list()) == len(TEXTS) + 1
    assert index_path(folder).read_bytes() == before
    assert [p.name for p in (folder / ".index").iterdir()] == ["articles.parquet"]  # no temporary left


def test_a_file_where_the_index_folder_goes_or_a_full_disk_do_not_break_list(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = saved_folder(tmp_path)
    (folder / ".index").write_bytes(b"not a folder")
    assert len(CorpusStore(folder, bundled=None, snapshot_after=1).list()) == len(TEXTS)
    (folder / ".index").unlink()

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert len(CorpusStore(folder, bundled=None, snapshot_after=1).list()) == len(TEXTS)
    assert not index_path(folder).exists() and list((folder / ".index").iterdir()) == []


def test_a_killed_snapshot_write_is_swept(tmp_path: Path) -> None:
    folder = saved_folder(tmp_path)
    (folder / ".index").mkdir()
    stale = folder / ".index" / ".articles.parquet.x1.tmp.parquet"
    stale.write_bytes(b"half a snapshot")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    CorpusStore(folder, bundled=None)
    assert not stale.exists()
