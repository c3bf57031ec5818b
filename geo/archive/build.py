"""The Dask engine: plan the partitions, run one task per partition, compact each month, commit the new files.

Three ways to run the same tasks:
- ``workers=0``: in this process, one task after another (synchronous; for tests and debugging);
- default: a `distributed.LocalCluster` of ``workers`` processes (the machine's cores), one thread each;
- ``scheduler="tcp://HOST:PORT"``: an existing Dask cluster.  Its workers must import this package and see
  the archive folder (the same path on a shared file system), since they write the staged files themselves.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from geo.archive import layout
from geo.archive.compact import compact_month
from geo.archive.ingest import PARTITION_SIZE, FieldMap, Partition, plan_partitions

MERGE_AT = 4  # a month folder with this many files of earlier runs is merged into the next run's file
from geo.archive.progress import Progress
from geo.archive.tasks import PartitionResult, WarmUp, process_partition
from geo.files import write_atomically


@dataclass
class BuildSummary:
    """What a build did, for the command line's last lines."""

    read: int = 0
    parsed: int = 0
    rejected: int = 0
    skipped: int = 0
    mentions: int = 0
    partitions: int = 0
    workers: int = 0
    seconds: float = 0.0
    recovered: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*self.recovered,
                f"{self.partitions} partition(s) on {self.workers} worker(s) in {self.seconds:.1f} s",
                f"read {self.read}, parsed {self.parsed}, rejected {self.rejected}, "
                f"skipped {self.skipped} (already in the archive), mentions {self.mentions}"]


def _run_here(partitions: list[Partition], staging: str, known: layout.KnownHashes, fields: FieldMap,
              progress: Progress, events: bool) -> list[PartitionResult]:
    results = []
    for partition in partitions:
        results.append(process_partition(partition, staging, known, fields, events))
        progress.advance()
    return results


def _run_on(client: object, partitions: list[Partition], staging: str, known: layout.KnownHashes,
            fields: FieldMap,
            progress: Progress, events: bool) -> list[PartitionResult]:
    """Submit one task per partition to `client`; the first failure cancels the rest and is raised."""
    from distributed import as_completed

    client.register_plugin(WarmUp())  # type: ignore[attr-defined]
    # Sent once to every worker, not once per task.
    known_future = client.scatter(known, broadcast=True, hash=False) if len(known) else known  # type: ignore
    run = Path(staging).name
    futures = [client.submit(process_partition, partition, staging, known_future, fields, events,  # type: ignore
                             key=f"archive-{run}-{partition.index:05d}", pure=False)
               for partition in partitions]
    results = []
    try:
        for future in as_completed(futures):
            results.append(future.result())
            progress.advance()
    except BaseException:
        client.cancel(futures)  # type: ignore[attr-defined]
        raise
    return sorted(results, key=lambda result: result.index)


def _drop_repeats(results: list[PartitionResult], staging: Path) -> None:
    """Keep a text repeated across partitions of one run only in its first partition (tasks dedupe within
    their own partition; only the client sees all of them)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    earlier: set[str] = set()
    for result in results:
        repeats = {digest for digest in result.hashes if digest in earlier}
        earlier.update(result.hashes)
        if not repeats:
            continue
        for relative in list(result.files):
            path = staging / relative
            table = pq.read_table(path)
            kept = table.filter(pc.invert(pc.is_in(table["article_hash"], value_set=pa_array(repeats))))
            if relative.startswith("mentions/"):
                result.mentions -= table.num_rows - kept.num_rows
            if kept.num_rows:
                pq.write_table(kept, path)  # the schema's metadata (GeoParquet "geo") is kept
            else:
                path.unlink()
                result.files.remove(relative)
        result.hashes = [digest for digest in result.hashes if digest not in repeats]
        result.parsed -= len(repeats)
        result.skipped += len(repeats)


def pa_array(values: Iterable[str]) -> object:
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


def _write_rejects(results: list[PartitionResult], staging: Path, archive: Path) -> None:
    """The archive's rejects: those of earlier runs, then this run's new ones (a record rejected again by a
    rerun of the same source is listed once), so no run hides what an earlier one could not read."""
    rejects: dict[tuple[object, ...], dict[str, object]] = {}
    try:
        earlier = (archive / layout.REJECTS).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        earlier = []
    for line in earlier:
        try:
            reject = json.loads(line)
        except ValueError:
            continue  # the file is ours; a damaged line is not worth stopping a build for
        if isinstance(reject, dict):
            rejects[(reject.get("source"), reject.get("record"), reject.get("reason"))] = reject
    for result in results:
        for reject in result.rejects:
            rejects.setdefault((reject.get("source"), reject.get("record"), reject.get("reason")), reject)
    lines = [json.dumps(reject, ensure_ascii=False) + "\n" for reject in rejects.values()]
    write_atomically(staging / layout.REJECTS, "".join(lines))


def _local_cluster(workers: int) -> object:
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        silence_logs=logging.ERROR)


def build_archive(sources: list[Path], out: Path, *, workers: int | None = None, scheduler: str | None = None,
                  fields: FieldMap | None = None, show_progress: bool | None = None,
                  partition_size: int = PARTITION_SIZE, events: bool = True) -> BuildSummary:
    """Add the articles of `sources` that are not yet in the archive `out` (created if needed); with
    ``events``, mentions that are an event's place carry its type and sub-type (costs about twice the parse).

    Raises SourceError / ArchiveError before anything is written when a source or the folder is unusable;
    any failure during the run leaves the archive as it was (the staging folder is removed).
    """
    started = time.perf_counter()
    fields = fields or FieldMap()
    out = Path(out)
    layout.check_archive_folder(out, create=True)
    partitions = plan_partitions([Path(source) for source in sources], partition_size)
    layout.initialise(out)
    summary = BuildSummary(partitions=len(partitions))
    with layout.locked(out):
        summary.recovered = layout.recover(out)
        known = layout.existing_hashes(out)
        staging = layout.new_staging(out)
        try:
            with _engine(workers, scheduler, bool(partitions)) as (client, summary.workers):
                progress = Progress(len(partitions), enabled=show_progress)
                try:
                    if client is None:
                        results = _run_here(partitions, str(staging), known, fields, progress, events)
                    else:
                        results = _run_on(client, partitions, str(staging), known, fields, progress, events)
                finally:
                    progress.close()
                _drop_repeats(results, staging)
                replaced = _take_in_earlier_runs(out, staging)
                _compact(client, staging)
            _write_rejects(results, staging, out)
            layout.commit(out, staging, replaced)
        except BaseException:
            if not (staging / layout.MANIFEST).exists():  # not committing yet: forget the run
                shutil.rmtree(staging, ignore_errors=True)
            raise
    for result in results:
        summary.read += result.read
        summary.parsed += result.parsed
        summary.rejected += result.rejected
        summary.skipped += result.skipped
        summary.mentions += result.mentions
    summary.seconds = time.perf_counter() - started
    return summary


def _take_in_earlier_runs(archive: Path, staging: Path) -> list[str]:
    """For each month this run touches whose archive folder already holds MERGE_AT files of earlier runs, link
    those files into the staging month so the run's compaction merges them too (one file per month again:
    DuckDB pays per file).  Returns the archive files the commit then removes (see layout.commit)."""
    import pyarrow.parquet as pq

    replaced = []
    for folder in sorted((staging / "mentions").iterdir()):
        earlier = sorted((archive / "mentions" / folder.name).glob("*.parquet"))
        if len(earlier) < MERGE_AT:
            continue
        schemas = {pq.read_schema(path).remove_metadata() for path in [*earlier, *folder.glob("*.parquet")]}
        if len(schemas) > 1:  # an archive from an older schema: leave its files as they are
            continue
        for path in earlier:
            os.link(path, folder / path.name)  # the same file, no copy; the archive's own stays until the commit
            replaced.append(str(path.relative_to(archive)))
    return replaced


def _compact(client: object | None, staging: Path) -> None:
    """One sorted file per month of this run (geo.archive.compact), a task per month on the cluster."""
    name = f"part-{staging.name}-month.parquet"
    folders = [str(folder) for folder in sorted((staging / "mentions").iterdir())
               if len(list(folder.glob("*.parquet"))) > 1]
    if client is None:
        for folder in folders:
            compact_month(Path(folder), name)
        return
    futures = client.map(_compact_folder, folders, name=name, pure=False)  # type: ignore[attr-defined]
    client.gather(futures)  # type: ignore[attr-defined]


def _compact_folder(folder: str, name: str) -> str:
    return compact_month(Path(folder), name)


@contextmanager
def _engine(workers: int | None, scheduler: str | None, needed: bool) -> Iterator[tuple[object | None, int]]:
    """(a distributed Client or None for this process, the number of workers) in the chosen way."""
    from distributed import Client

    if scheduler is not None:
        with Client(scheduler, timeout="10s") as client:
            yield client, len(client.nthreads())
    elif workers == 0 or not needed:
        yield None, 0
    else:
        count = workers or os.cpu_count() or 1
        with _local_cluster(count) as cluster, Client(cluster) as client:  # type: ignore[attr-defined]
            yield client, count
