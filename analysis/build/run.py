"""Build the tidy tables from a corpus folder: load inputs / process each document / save tables.

`build()` streams input units through `pipeline.process_source` (in-process, in a pool of
worker processes, or on a Dask cluster), caches each unit's checksummed results by content hash
and stage version, decides duplicates in input order (`analysis.read.Deduplicator`, the same rule
as `read_corpus`), and writes every table as Parquet into a new generation folder that becomes
current by one rename (`generations.TableStore`): a build killed at any moment leaves the
previous complete set, and a set whose digests do not match is never trusted. Memory stays flat
in the number of documents: rows are spilled into the new generation's folder in buckets of
doc_id while documents are processed, and each table is written in bucket order, sorted a few
buckets at a time (`spool`); only the manifest (one row per input, sorted by path) is held whole.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator

import pyarrow as pa
from tqdm import tqdm

from analysis.coding.codebook import load_codebook
from analysis.coding.tokens import tokenizer_info
from analysis.config import CACHE, PROCESSED, SEEDS
from analysis.read import DEFAULT_MAX_BYTES, Deduplicator, Source, iter_sources
from analysis.schema import TABLE_NAMES
from analysis.schema import TABLES as TABLE_SCHEMAS

from .cache import Cache
from .engines import run_dask, run_processes, run_serial
from .generations import BUILD_INFO, TableStore
from .pipeline import TABLES, pipeline_version, source_key
from .records import DocumentResult, to_columns
from .spool import Spool, write_buckets
from .tables import Accumulator, densities_frame, table_frame, write_table
from .versions import library_versions

__all__ = ["build", "BuildSummary", "corpus_fingerprint", "BUILD_INFO"]

# Rows of each table collected as Python lists before they become one compact Arrow batch in the
# spool (documents carry their whole text); other tables: `_DEFAULT_BATCH_ROWS`.
SPOOLED: dict[str, int] = {"tokens": 20_000, "sentences": 10_000, "codings": 10_000, "documents": 500}
_DEFAULT_BATCH_ROWS = 5_000
_DENSITY_DOCUMENTS = 2_000  # documents per densities row group (times every code of the codebook)
_SPILL_FOLDER = ".spill"  # inside the generation being written: never taken for a table


@dataclass
class BuildSummary:
    corpus: str
    out: str
    inputs: int = 0
    parsed: int = 0
    skipped: int = 0
    duplicates: int = 0
    cached: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    skipped_reasons: list[tuple[str, str]] = field(default_factory=list)
    unchanged: bool = False
    cache_corrupt: list[str] = field(default_factory=list)  # cache entries that failed their checksum

    def render(self) -> str:
        lines = [
            f"corpus   {self.corpus}",
            f"tables   {self.out}",
            f"inputs   {self.inputs}: {self.parsed} parsed, {self.skipped} skipped, {self.duplicates} duplicate"
            + (" (unchanged since the last build: tables kept)" if self.unchanged else f" ({self.cached} from cache)"),
            "rows     " + ", ".join(f"{name} {count}" for name, count in self.rows.items()),
        ]
        if self.cache_corrupt:
            lines.append(f"cache    {len(self.cache_corrupt)} corrupt entries recomputed")
            lines += [f"corrupt  {entry}" for entry in self.cache_corrupt[:5]]
        for path, reason in self.skipped_reasons[:15]:
            lines.append(f"skipped  {path}: {reason}")
        if len(self.skipped_reasons) > 15:
            lines.append(f"skipped  ... and {len(self.skipped_reasons) - 15} more (see the manifest table)")
        return "\n".join(lines)


@dataclass(frozen=True)
class InputOptions:
    follow_symlinks: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES

    def sources(self, corpus: Path) -> Iterator[Source]:
        return iter_sources([corpus], follow_symlinks=self.follow_symlinks, max_bytes=self.max_bytes)


def corpus_fingerprint(corpus: Path) -> str:
    """A cheap fingerprint of the corpus entries (names, types, sizes, modification times) for
    staleness; never opens a file (FIFOs and devices are only stat-ed)."""
    digest = hashlib.sha256()
    if corpus.is_file():
        entries = [(corpus, corpus.name)]
    else:
        entries = []
        for folder, dirs, files in os.walk(corpus):
            dirs.sort()
            for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
                path = Path(folder, name)
                entries.append((path, path.relative_to(corpus).as_posix()))
    for path, shown in entries:
        try:
            stat = path.lstat()
            size, mtime, mode = stat.st_size, stat.st_mtime_ns, stat.st_mode
        except OSError:
            size = mtime = mode = -1
        digest.update(f"{shown}\0{mode}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def build(
    corpus: str | os.PathLike = SEEDS,
    out: str | os.PathLike = PROCESSED,
    jobs: int | None = None,
    scheduler=None,
    cache_dir: str | os.PathLike | None = CACHE,
    progress: bool | None = None,
    follow_symlinks: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BuildSummary:
    """Build every table from `corpus` into `out` and return a summary.

    jobs: worker processes (default: all cores; 1 runs in-process). scheduler: a Dask scheduler
    address ("tcp://host:port") or a `dask.distributed.Client` to run on a cluster instead.
    cache_dir: per-document cache (None disables it). progress: a bar on stderr (default: only
    when stderr is a terminal). follow_symlinks: read symbolic links that lead outside the corpus
    folder (skipped by default). max_bytes: larger files are skipped with their size.
    Another build into the same `out` is waited for (one lock per tables folder).
    """
    corpus, out = Path(corpus), Path(out)
    if not corpus.exists():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    store = TableStore(out)
    options = InputOptions(follow_symlinks, max_bytes)
    with store.lock():
        # Taken before any input is read: an edit made while this build runs makes its tables stale.
        fingerprint = corpus_fingerprint(corpus)
        load_codebook()  # a malformed codebook stops the build here, clearly, before any document
        summary = BuildSummary(corpus=_shown(corpus), out=_shown(out))
        inputs_digest, n_inputs = _inputs_digest(corpus, options)
        if _kept_unchanged(store, inputs_digest, options, summary):
            return summary
        _build_generation(store, corpus, options, Cache(Path(cache_dir) if cache_dir else None),
                          _engine_for(jobs, scheduler), summary, fingerprint,
                          progress=sys.stderr.isatty() if progress is None else progress, total=n_inputs)
    return summary


def _build_generation(store: TableStore, corpus: Path, options: InputOptions, cache: Cache, engine,
                      summary: BuildSummary, fingerprint: str, progress: bool, total: int) -> None:
    """Process every input and write every table into a new generation, then make it current.

    The generation is staged from the start: rows spill into it while documents are processed.
    It becomes current only in `store.commit`; a failure removes it, and one left by a kill (no
    build.json, never trusted) is pruned by the next build."""
    folder = store.new_generation()
    rows = _Rows(Spool(folder / _SPILL_FOLDER, [name for name in TABLES if name != "manifest"],
                       {name: SPOOLED.get(name, _DEFAULT_BATCH_ROWS) for name in TABLES}))
    try:
        inputs_digest = _process_corpus(corpus, options, cache, engine, summary, rows, progress, total)
        info = {"pipeline_version": pipeline_version(), "corpus_fingerprint": fingerprint,
                "inputs_digest": inputs_digest, "options": _options_info(options), "corpus": summary.corpus,
                "inputs": summary.inputs, "parsed": summary.parsed, "skipped": summary.skipped,
                "duplicates": summary.duplicates, "skipped_reasons": summary.skipped_reasons,
                "tokenizer": tokenizer_info(), "libraries": library_versions()}
        _write_tables(folder, rows, summary)
        rows.spool.close()  # before the commit: a committed generation holds its tables only
        store.commit(folder, list(TABLE_NAMES), dict(info, tables=summary.rows))
    except BaseException:
        rows.spool.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise


class _Rows:
    """Where a build's rows go: the manifest (one row per input, sorted by path rather than
    doc_id, small) in memory; every other table into the bucketed spool."""

    def __init__(self, spool: Spool) -> None:
        self.spool = spool
        self.manifest = Accumulator()

    def extend(self, name: str, columns: dict[str, list]) -> None:
        if name == "manifest":
            self.manifest.extend(columns)
        else:
            self.spool.extend(name, columns)


def _options_info(options: InputOptions) -> dict:
    return {"follow_symlinks": options.follow_symlinks, "max_bytes": options.max_bytes}


def _kept_unchanged(store: TableStore, inputs_digest: str, options: InputOptions, summary: BuildSummary) -> bool:
    """Fill ``summary`` from the current set and return True when it is this build's result: same
    inputs, same pipeline, and every table matching the digest its build recorded."""
    verified = store.verified(TABLE_NAMES)
    if verified is None:
        return False
    _, previous = verified
    if (previous.get("inputs_digest") != inputs_digest or previous.get("pipeline_version") != pipeline_version()
            or previous.get("options") != _options_info(options)):
        return False
    summary.inputs = summary.cached = previous["inputs"]
    summary.parsed, summary.skipped, summary.duplicates = previous["parsed"], previous["skipped"], previous["duplicates"]
    summary.rows = dict(previous["tables"])
    summary.skipped_reasons = [tuple(item) for item in previous.get("skipped_reasons", [])]
    summary.unchanged = True
    return True


def _engine_for(jobs: int | None, scheduler):
    jobs = jobs or os.cpu_count() or 1
    if scheduler is not None:
        return lambda items: run_dask(items, scheduler)
    if jobs > 1:
        return lambda items: run_processes(items, jobs)
    return run_serial


def _process_corpus(corpus: Path, options: InputOptions, cache: Cache, engine, summary: BuildSummary,
                    rows: _Rows, progress: bool, total: int) -> str:
    """Run every input through the engine, adding its rows to ``rows``; return the digest of the
    inputs actually read (what the tables are the result of)."""
    cached: dict[str, DocumentResult] = {}
    digest = hashlib.sha256()

    def work_items() -> Iterator[tuple[str, Source | None, object]]:
        for source in options.sources(corpus):
            key = source_key(source)
            digest.update(key.encode())
            hit = cache.get(key)
            summary.cache_corrupt.extend(hit.corrupt)
            if hit.read is not None and hit.code is not None:
                cached[key] = DocumentResult(hit.read, hit.code)
                yield key, None, None  # nothing to compute; the slot keeps the input order
            else:
                yield key, source, hit.read

    dedupe = Deduplicator()
    with tqdm(total=total, desc="building", unit="input", file=sys.stderr, disable=not progress) as bar:
        for key, result in engine(work_items()):
            if result is None:
                result = cached.pop(key)
                summary.cached += 1
            else:
                _store(cache, key, result)
            bar.update()
            _accumulate(result, rows, dedupe, summary)
    return digest.hexdigest()


def _store(cache: Cache, key: str, result: DocumentResult) -> None:
    """Cache both stages' results; nothing that an exception made (such a unit is retried)."""
    if result.read.error:
        return
    cache.put_read(key, result.read)
    if result.code is not None:
        cache.put_code(key, result.code)


def _accumulate(result: DocumentResult, rows: _Rows, dedupe: Deduplicator,
                summary: BuildSummary) -> None:
    """Add one unit's rows to the tables (a skip or a duplicate adds only its manifest row)."""
    summary.inputs += 1
    manifest = result.manifest
    if manifest["status"] != "parsed":
        summary.skipped += 1
        summary.skipped_reasons.append((manifest["path"], manifest["reason"]))
        rows.extend("manifest", to_columns([manifest]))
        return
    documents = result.table("documents")
    doc_id, text = documents["doc_id"][0], documents["text"][0]
    original = dedupe.original_of(doc_id, text, manifest["path"])
    if original is not None:
        summary.duplicates += 1
        rows.extend("manifest", to_columns([dict(manifest, status="duplicate", doc_id=original[0],
                                                 duplicate_of=original[0], reason=Deduplicator.reason(original))]))
        return
    summary.parsed += 1
    for name in TABLES:
        rows.extend(name, result.table(name))


def _write_tables(folder: Path, rows: _Rows, summary: BuildSummary) -> None:
    """Write every table into the staged generation: the manifest from memory, the others from
    the spool in bucket order (same values and order as one in-memory sort)."""
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if name == "manifest":
            frame = table_frame(name, rows.manifest)
            write_table(name, frame, path)
            summary.rows[name] = len(frame)
        else:
            summary.rows[name] = write_buckets(name, rows.spool.buckets(name), path)
    schema = TABLE_SCHEMAS["densities"].arrow_schema

    def densities_of(buckets: list[int], documents: pa.Table) -> pa.Table:
        # Per document: these buckets' densities need only their own documents and codings.
        codings = [part for part in map(partial(rows.spool.bucket, "codings"), buckets) if part is not None]
        frame = densities_frame(pa.concat_tables(codings).to_pandas() if codings else None, documents.to_pandas())
        return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)

    documents = ((bucket, part.select(["doc_id", "n_words"])) for bucket, part in rows.spool.buckets("documents"))
    summary.rows["densities"] = write_buckets("densities", documents, folder / "densities.parquet",
                                              transform=densities_of, group_rows=_DENSITY_DOCUMENTS)
    summary.rows = {name: summary.rows[name] for name in TABLE_NAMES}


def _inputs_digest(corpus: Path, options: InputOptions) -> tuple[str, int]:
    """Digest of every input unit's content key, in order (equal digests mean equal inputs), and
    the number of units."""
    digest = hashlib.sha256()
    count = 0
    for source in options.sources(corpus):
        digest.update(source_key(source).encode())
        count += 1
    return digest.hexdigest(), count


def _shown(path: Path) -> str:
    """A path as shown in summaries and tables: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()
