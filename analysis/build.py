"""Build the tidy tables from a corpus folder: load inputs / process each document / save tables.

`build()` streams input units through `analysis.pipeline.process_source` (in-process, in a pool of
worker processes, or on a Dask cluster), caches each unit's records by content hash and pipeline
version, decides duplicates in input order, and writes every table as Parquet atomically (a temp
file renamed over the old one), so a build killed mid-way leaves the previous tables readable.

`load()` is what notebooks call: the tables, rebuilt first when missing or stale, silently.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from .corpus import Source, iter_sources
from .paths import CACHE, PROCESSED, SEEDS
from .pipeline import TABLES, pipeline_version, process_source, source_key

__all__ = ["build", "load", "BuildSummary", "COLUMNS", "corpus_fingerprint"]

# Column order (and so the schema) of every table; rows are sorted by the leading key columns.
COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "path", "format", "encoding", "raw_sha256", "url", "n_chars", "n_paragraphs",
                  "n_sentences", "n_removed", "variables", "text"],
    "removals": ["doc_id", "removal_index", "kind", "rule", "line", "text"],
    "manifest": ["path", "line", "format", "bytes", "sha256", "encoding", "status", "reason", "doc_id",
                 "duplicate_of"],
    "sentences": ["doc_id", "sentence_index", "paragraph", "start", "end", "text"],
    "tokens": ["doc_id", "sentence_index", "position", "start", "end", "token", "norm", "is_stop"],
    "claims": ["doc_id", "claim_index", "kind", "text", "start", "end", "sentence_index", "sentence"],
    "references": ["doc_id", "ref_index", "kind", "text", "start", "end", "sentence_index", "sentence"],
    "codings": ["doc_id", "sentence_index", "category", "code", "term", "start", "end"],
}
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "removals": ["doc_id", "removal_index"],
    "manifest": ["path"],
    "sentences": ["doc_id", "sentence_index"],
    "tokens": ["doc_id", "position"],
    "claims": ["doc_id", "claim_index"],
    "references": ["doc_id", "ref_index"],
    "codings": ["doc_id", "sentence_index", "start", "category", "code"],
}
BUILD_INFO = "build.json"


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

    def render(self) -> str:
        lines = [
            f"corpus   {self.corpus}",
            f"tables   {self.out}",
            f"inputs   {self.inputs}: {self.parsed} parsed, {self.skipped} skipped, {self.duplicates} duplicate"
            f" ({self.cached} from cache)",
            "rows     " + ", ".join(f"{name} {count}" for name, count in self.rows.items()),
        ]
        for path, reason in self.skipped_reasons[:15]:
            lines.append(f"skipped  {path}: {reason}")
        if len(self.skipped_reasons) > 15:
            lines.append(f"skipped  ... and {len(self.skipped_reasons) - 15} more (see the manifest table)")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Cache: one pickle per input unit, keyed by content and pipeline version.


class _Cache:
    def __init__(self, root: Path | None):
        self.root = root / pipeline_version() if root else None

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> dict | None:
        if self.root is None:
            return None
        try:
            with open(self._path(key), "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def put(self, key: str, value: dict) -> None:
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------------------
# Engines: each maps process_source over units, yielding (unit, result) in input order.


def _process_with_key(item: tuple[Source | None, str]) -> tuple[str, dict | None]:
    source, key = item
    if source is None:  # found in the cache: nothing to do, the slot only keeps the order
        return key, None
    return key, process_source(source)


def _run_serial(items: Iterable[tuple[Source, str]]) -> Iterator[tuple[str, dict]]:
    for item in items:
        yield _process_with_key(item)


def _run_processes(items: Iterable[tuple[Source, str]], jobs: int) -> Iterator[tuple[str, dict]]:
    # Executor.map keeps input order; chunks keep the inter-process overhead small.
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_process_with_key, items, chunksize=4)


def _run_dask(items: Iterable[tuple[Source, str]], scheduler: str) -> Iterator[tuple[str, dict]]:
    try:
        from dask.distributed import Client
    except ImportError:  # pragma: no cover - depends on the optional extra
        raise SystemExit("the Dask engine needs the optional extra: pip install -e '.[dask]'") from None
    client = scheduler if not isinstance(scheduler, str) else Client(scheduler)
    try:
        batch: list[tuple[Source, str]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= 256:
                yield from client.gather(client.map(_process_with_key, batch, pure=False))
                batch = []
        if batch:
            yield from client.gather(client.map(_process_with_key, batch, pure=False))
    finally:
        if isinstance(scheduler, str):
            client.close()


# ---------------------------------------------------------------------------------------------


def corpus_fingerprint(corpus: Path) -> str:
    """A cheap fingerprint of the corpus files (names, sizes, modification times) for staleness."""
    digest = hashlib.sha256()
    paths = [corpus] if corpus.is_file() else sorted(p for p in corpus.rglob("*") if p.is_file())
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.relative_to(corpus) if path != corpus else path.name}\0{stat.st_size}\0"
                      f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    columns = list(COLUMNS[name])
    for row in rows[:1]:
        columns += [key for key in row if key not in columns]
    frame = pd.DataFrame(rows, columns=columns)
    if not frame.empty:
        frame = frame.sort_values(SORT_KEYS[name], kind="mergesort").reset_index(drop=True)
    return frame


def _write_table(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(
    corpus: str | os.PathLike = SEEDS,
    out: str | os.PathLike = PROCESSED,
    jobs: int | None = None,
    scheduler=None,
    cache_dir: str | os.PathLike | None = CACHE,
    progress: bool | None = None,
) -> BuildSummary:
    """Build every table from `corpus` into `out` and return a summary.

    jobs: worker processes (default: all cores; 1 runs in-process). scheduler: a Dask scheduler
    address ("tcp://host:port") or a `dask.distributed.Client` to run on a cluster instead.
    cache_dir: per-document cache (None disables it). progress: a bar on stderr (default: only
    when stderr is a terminal).
    """
    corpus, out = Path(corpus), Path(out)
    if not corpus.exists():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    out.mkdir(parents=True, exist_ok=True)
    cache = _Cache(Path(cache_dir) if cache_dir else None)
    jobs = jobs or os.cpu_count() or 1
    if progress is None:
        progress = sys.stderr.isatty()

    summary = BuildSummary(corpus=_shown(corpus), out=_shown(out))
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    cached_results: dict[str, dict] = {}

    def pending() -> Iterator[tuple[Source, str]]:
        for source in iter_sources([corpus]):
            key = source_key(source)
            hit = cache.get(key)
            if hit is not None:
                cached_results[key] = hit
            yield source, key

    def results() -> Iterator[tuple[str, dict, bool]]:
        # Units found in the cache skip the engine; the rest go through it, order kept.
        todo = _needs_work(pending(), cached_results)
        if scheduler is not None:
            engine = _run_dask(todo, scheduler)
        elif jobs > 1:
            engine = _run_processes(todo, jobs)
        else:
            engine = _run_serial(todo)
        yield from _merge_in_order(engine, cached_results, summary)

    seen_ids: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    done = 0
    for key, result, from_cache in results():
        if not from_cache:
            cache.put(key, result)
        done += 1
        if progress:
            print(f"\rbuilding: {done} inputs", end="", file=sys.stderr, flush=True)
        summary.inputs += 1
        manifest = result["manifest"][0]
        if manifest["status"] != "parsed":
            summary.skipped += 1
            summary.skipped_reasons.append((manifest["path"], manifest["reason"]))
            rows["manifest"].append(manifest)
            continue
        document = result["documents"][0]
        text_key = hashlib.sha256(document["text"].encode()).hexdigest()
        original = seen_ids.get(document["doc_id"]) or seen_text.get(text_key)
        if original is not None:
            summary.duplicates += 1
            rows["manifest"].append(dict(manifest, status="duplicate", duplicate_of=original,
                                         reason=f"same article text as doc {original}"))
            continue
        seen_ids[document["doc_id"]] = document["doc_id"]
        seen_text[text_key] = document["doc_id"]
        summary.parsed += 1
        for name in TABLES:
            rows[name].extend(result[name])
    if progress:
        print(file=sys.stderr)

    frames = {name: _frame(name, rows[name]) for name in TABLES}
    for name, frame in frames.items():
        _write_table(frame, out / f"{name}.parquet")
        summary.rows[name] = len(frame)
    info = {"pipeline_version": pipeline_version(), "corpus_fingerprint": corpus_fingerprint(corpus),
            "corpus": summary.corpus, "tables": summary.rows}
    _atomic_write_bytes(out / BUILD_INFO, (json.dumps(info, indent=2, sort_keys=True) + "\n").encode())
    return summary


def _needs_work(items: Iterator[tuple[Source, str]], cached: dict) -> Iterator[tuple[Source, str]]:
    for source, key in items:
        if key not in cached:
            yield source, key
        else:
            yield None, key  # a placeholder keeps the order; _merge_in_order fills it from the cache


def _merge_in_order(engine_results, cached: dict, summary: BuildSummary):
    for key, result in engine_results:
        if result is None:
            summary.cached += 1
            yield key, cached.pop(key), True
        else:
            yield key, result, False


def _shown(path: Path) -> str:
    """A path as shown in summaries and tables: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def tables_dir(corpus: str | os.PathLike = SEEDS) -> Path:
    """Where the tables of a corpus live: data/processed/ for seeds/, data/processed-<name>/ else."""
    corpus = Path(corpus).resolve()
    if corpus == SEEDS.resolve():
        return PROCESSED
    from .figures import slug

    return PROCESSED.parent / f"processed-{slug(corpus.name)}-{hashlib.sha256(str(corpus).encode()).hexdigest()[:6]}"


def load(
    tables: Iterable[str] | str | None = None,
    out: str | os.PathLike | None = None,
    corpus: str | os.PathLike = SEEDS,
    rebuild: str = "if-stale",
) -> dict[str, pd.DataFrame] | pd.DataFrame:
    """Return the built tables (all, a list of names, or one name), building them first when they
    are missing or stale (the corpus or the pipeline changed). Prints nothing.

    out: the tables folder (default: data/processed/ for seeds/, a folder per other corpus).
    rebuild: "if-stale" (default), "never" (fail when missing) or "always".
    """
    corpus = Path(corpus)
    if not corpus.is_absolute() and not corpus.exists():
        corpus = SEEDS.parent / corpus  # notebooks run in notebooks/: resolve against the project
    out = Path(out) if out is not None else tables_dir(corpus)
    names = list(TABLES) if tables is None else [tables] if isinstance(tables, str) else list(tables)
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; the tables are: {', '.join(TABLES)}")
    if rebuild == "always" or (rebuild == "if-stale" and _stale(out, corpus)):
        if not corpus.exists():
            raise FileNotFoundError(f"corpus folder not found: {corpus}")
        build(corpus, out, jobs=1, progress=False)
    missing = [n for n in names if not (out / f"{n}.parquet").exists()]
    if missing:
        raise FileNotFoundError(f"tables {missing} not found in {out}; run `python -m analysis build`")
    frames = {n: pd.read_parquet(out / f"{n}.parquet") for n in names}
    return frames[names[0]] if isinstance(tables, str) else frames


def _stale(out: Path, corpus: Path) -> bool:
    try:
        info = json.loads((out / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    if any(not (out / f"{n}.parquet").exists() for n in TABLES):
        return True
    if info.get("pipeline_version") != pipeline_version():
        return True
    return corpus.exists() and info.get("corpus_fingerprint") != corpus_fingerprint(corpus)
