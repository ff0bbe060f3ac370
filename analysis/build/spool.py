"""Tables spilled to disk while documents are processed, then written sorted a few buckets at a time.

The build's memory must not grow with the corpus, so no table is held whole. Rows arrive
document by document in input order; every few thousand rows a table's batch becomes an Arrow
table typed by the schema, split into buckets, and is kept in memory until the spool holds
``SPILL_BYTES`` in all; then each table's held rows are written as one *run*: an Arrow IPC file
(LZ4: spill files favour speed) with one record batch per non-empty bucket. A row's bucket is
decided by its ``doc_id`` alone: 256 buckets split by the first two hex digits, a split that is
monotone in string order (``_bucket_of``), so every table's sort keys (``doc_id`` first) put all
of bucket 0 before bucket 1, and so on.

At write time the buckets are read back in ascending order from every run (in run order, so rows
keep their input order); consecutive buckets are gathered into a group of about
``ROW_GROUP_ROWS`` rows, sorted by the table's sort keys with Arrow's stable sort, and appended
as one row group to a `pyarrow.parquet.ParquetWriter`: only one group is in memory at a time.
The result has the same values in the same order as sorting the whole table in memory; only the
Parquet layout differs (row groups cut at bucket boundaries; they depend on the rows alone, not
on how they were spilled, so equal tables are equal bytes).
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.schema import TABLES

from .files import atomic_path
from .tables import Accumulator, table_frame

__all__ = ["Spool", "BUCKETS", "ROW_GROUP_ROWS", "SPILL_BYTES", "write_buckets"]

BUCKETS = 256
# Bucket b holds doc_ids d with _BOUNDS[b-1] <= d < _BOUNDS[b]: "00".."ff" for SHA-256 ids, and
# still monotone for any other string (an id that is not hex falls between the nearest bounds).
_BOUNDS = [f"{b:02x}" for b in range(1, BUCKETS)]
_BOUNDS_ARRAY = np.array(_BOUNDS)

# Rows per Parquet row group (cut at the first bucket boundary past it): large enough for fast
# reads, small enough to hold and sort while writing. Documents carry their whole text; these
# others a sentence or a line of it.
ROW_GROUP_ROWS: dict[str, int] = {"documents": 2_000, "sentences": 25_000, "claims": 25_000,
                                  "references": 25_000, "removals": 25_000}
_DEFAULT_ROW_GROUP_ROWS = 100_000
# Arrow bytes held in memory (all tables together) before they are written out as runs.
SPILL_BYTES = 32 << 20
_IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")


def _bucket_of(doc_ids: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Bucket of each doc_id (a missing id sorts last, as in pandas and Arrow: the last bucket)."""
    values = pc.fill_null(doc_ids, "\U0010ffff").to_numpy(zero_copy_only=False).astype(str)
    return np.searchsorted(_BOUNDS_ARRAY, values, side="right")


def _to_arrow(name: str, rows: Accumulator) -> pa.Table:
    """One batch of rows as an Arrow table of the schema's types (the conversions of
    `table_frame`, without its sort: buckets are sorted at write time)."""
    schema = TABLES[name].arrow_schema
    frame = table_frame(name, rows, sort=False)
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False).replace_schema_metadata(None)


class _TableSpool:
    """One table: the batch being filled (column lists), Arrow slices held per bucket, and the
    runs on disk."""

    def __init__(self, name: str, folder: Path, batch_rows: int) -> None:
        self.name, self.folder, self.batch_rows = name, folder, batch_rows
        self.batch = Accumulator()
        self.held: dict[int, list[pa.Table]] = {}  # bucket -> slices, in input order
        self.held_bytes = 0
        self.runs: list[tuple[Path, dict[int, int]]] = []  # (file, {bucket: batch index})
        self.files: list[pa.OSFile] = []  # the runs, opened at write time, closed after
        self.readers: list[pa.ipc.RecordBatchFileReader] = []

    def extend(self, columns: dict[str, list]) -> None:
        self.batch.extend(columns)
        if self.batch.length >= self.batch_rows:
            self.convert()

    def convert(self) -> None:
        """The batch as Arrow, split by bucket now (one small copy), so a spill copies one
        bucket at a time."""
        if not self.batch.length:
            return
        table = _to_arrow(self.name, self.batch)
        self.batch = Accumulator()
        buckets = _bucket_of(table.column("doc_id"))
        order = np.argsort(buckets, kind="stable")  # stable: input order within a bucket
        table, buckets = table.take(pa.array(order)), buckets[order]
        self.held_bytes += table.nbytes
        starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
        for start, end in zip(starts, list(starts[1:]) + [len(buckets)]):
            self.held.setdefault(int(buckets[start]), []).append(table.slice(start, end - start))

    def spill(self) -> None:
        """Write the held rows as one run: a record batch per non-empty bucket, rows in input order."""
        self.convert()
        if not self.held:
            return
        path = self.folder / f"{self.name}-{len(self.runs):05d}.arrow"
        schema = TABLES[self.name].arrow_schema
        index: dict[int, int] = {}
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema, options=_IPC_OPTIONS) as writer:
            for i, bucket in enumerate(sorted(self.held)):
                index[bucket] = i
                writer.write_batch(pa.concat_tables(self.held.pop(bucket)).combine_chunks().to_batches()[0])
        self.held, self.held_bytes = {}, 0
        self.runs.append((path, index))

    def bucket(self, bucket: int) -> pa.Table | None:
        """The bucket's rows from every run, in run order (None when it has none)."""
        for path, _ in self.runs[len(self.readers):]:
            self.files.append(pa.OSFile(str(path)))
            self.readers.append(pa.ipc.open_file(self.files[-1]))
        parts = [reader.get_batch(index[bucket]) for reader, (_, index) in zip(self.readers, self.runs)
                 if bucket in index]
        return pa.Table.from_batches(parts, schema=TABLES[self.name].arrow_schema) if parts else None

    def close(self) -> None:
        """Close the runs (one table's at a time are open: a large corpus has many runs)."""
        self.readers = []
        for handle in self.files:
            handle.close()
        self.files = []


class Spool:
    """Every doc_id-keyed table of a build, spilled into ``folder`` (removed by `close`)."""

    def __init__(self, folder: Path, names: tuple[str, ...] | list[str], batch_rows: dict[str, int],
                 spill_bytes: int | None = None) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.tables = {name: _TableSpool(name, folder, batch_rows.get(name, 5_000)) for name in names}
        self.spill_bytes = SPILL_BYTES if spill_bytes is None else spill_bytes

    def extend(self, name: str, columns: dict[str, list]) -> None:
        spool = self.tables[name]
        before = spool.held_bytes
        spool.extend(columns)
        if spool.held_bytes != before and sum(t.held_bytes for t in self.tables.values()) >= self.spill_bytes:
            self.spill()

    def spill(self) -> None:
        for spool in self.tables.values():
            spool.spill()

    def buckets(self, name: str) -> Iterator[tuple[int, pa.Table]]:
        """(bucket, rows) of the table, bucket 0 first, empty buckets skipped (everything held is
        spilled first)."""
        self.spill()
        spool = self.tables[name]
        try:
            for bucket in range(BUCKETS):
                part = spool.bucket(bucket)
                if part is not None:
                    yield bucket, part
        finally:
            spool.close()

    def bucket(self, name: str, bucket: int) -> pa.Table | None:
        """One bucket of a table (its runs stay open until `close`)."""
        return self.tables[name].bucket(bucket)

    def close(self) -> None:
        """Remove every spilled file (after the write, and after a failure)."""
        for spool in self.tables.values():
            spool.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _sorted(name: str, part: pa.Table) -> pa.Table:
    """Rows sorted by the table's sort keys: Arrow's sort is stable and puts nulls last, as the
    pandas mergesort of the in-memory build did."""
    return part.sort_by([(key, "ascending") for key in TABLES[name].sort_keys])


def write_buckets(name: str, buckets: Iterator[tuple[int, pa.Table]], path: Path,
                  transform: Callable[[list[int], pa.Table], pa.Table] | None = None,
                  group_rows: int | None = None) -> int:
    """Write the table at ``path`` (atomically) from its buckets in ascending order; return its
    number of rows. Consecutive buckets are gathered until they hold ``group_rows`` rows (default
    `ROW_GROUP_ROWS`), then sorted by the sort keys (or made into rows, in order, by
    ``transform(buckets, rows)``) and written as one row group: the groups depend on the rows
    alone, and only one is in memory. An empty table keeps its schema (no row group)."""
    schema = TABLES[name].arrow_schema
    limit = group_rows or ROW_GROUP_ROWS.get(name, _DEFAULT_ROW_GROUP_ROWS)
    written = 0
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        group: list[pa.Table] = []
        numbers: list[int] = []

        def flush() -> int:
            rows = pa.concat_tables(group)
            rows = transform(numbers, rows) if transform else _sorted(name, rows)
            if rows.num_rows:
                writer.write_table(rows.cast(schema), row_group_size=rows.num_rows)
            group.clear()
            numbers.clear()
            pa.default_memory_pool().release_unused()  # the allocator keeps freed pages otherwise
            return rows.num_rows

        for bucket, part in buckets:
            group.append(part)
            numbers.append(bucket)
            if sum(t.num_rows for t in group) >= limit:
                written += flush()
        if group:
            written += flush()
    return written
