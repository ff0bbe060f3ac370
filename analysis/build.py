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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from .corpus import Source, iter_sources
from .paths import CACHE, PROCESSED, SEEDS
from .pipeline import (ALL_TABLES, READ_TABLES, TABLES, column_length, pipeline_version, process_source, source_key,
                       stage_versions, to_columns)

__all__ = ["build", "load", "BuildSummary", "COLUMNS", "corpus_fingerprint"]

# Column order (and so the schema) of every table; rows are sorted by the leading key columns.
COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "path", "format", "encoding", "raw_sha256", "url", "title", "published", "author",
                  "author_role", "outlet", "province", "province_2025", "province_confidence", "province_evidence",
                  "published_evidence", "n_chars",
                  "n_paragraphs", "n_sentences", "n_words", "n_removed", "variables", "text"],
    "removals": ["doc_id", "removal_index", "kind", "rule", "line", "text"],
    "manifest": ["path", "line", "format", "bytes", "sha256", "encoding", "status", "reason", "doc_id",
                 "duplicate_of"],
    "sentences": ["doc_id", "sentence_index", "paragraph", "start", "end", "text"],
    "tokens": ["doc_id", "sentence_index", "position", "start", "end", "token", "norm", "is_stop"],
    "claims": ["doc_id", "claim_index", "kind", "text", "start", "end", "sentence_index", "sentence", "low", "high",
               "qualifier", "numerator", "denominator", "value", "unit", "unit_expanded", "unit_kind", "subject",
               "consistent", "paired_percent", "paired_fraction"],
    "references": ["doc_id", "ref_index", "kind", "text", "start", "end", "sentence_index", "sentence", "key",
                   "number", "doc_type", "issuer", "issued", "level", "issuing_body", "term", "congress",
                   "congress_level", "term_years", "plenum", "year"],
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
    unchanged: bool = False

    def render(self) -> str:
        lines = [
            f"corpus   {self.corpus}",
            f"tables   {self.out}",
            f"inputs   {self.inputs}: {self.parsed} parsed, {self.skipped} skipped, {self.duplicates} duplicate"
            + (" (unchanged since the last build: tables kept)" if self.unchanged else f" ({self.cached} from cache)"),
            "rows     " + ", ".join(f"{name} {count}" for name, count in self.rows.items()),
        ]
        for path, reason in self.skipped_reasons[:15]:
            lines.append(f"skipped  {path}: {reason}")
        if len(self.skipped_reasons) > 15:
            lines.append(f"skipped  ... and {len(self.skipped_reasons) - 15} more (see the manifest table)")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Cache: one pickle per input unit and stage, keyed by content and by the stage's version.


class _Cache:
    """Stage "read" results under data/cache/read-<version>/, codings under code-<versions>/."""

    def __init__(self, root: Path | None):
        read_version, code_version = stage_versions()
        self.read_root = root / f"read-{read_version}" if root else None
        self.code_root = root / f"code-{read_version}-{code_version}" if root else None

    @staticmethod
    def _get(root: Path | None, key: str):
        if root is None:
            return None
        try:
            with open(root / key[:2] / f"{key}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    @staticmethod
    def _put(root: Path | None, key: str, value) -> None:
        if root is None:
            return
        path = root / key[:2] / f"{key}.pickle"
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def get(self, key: str) -> tuple[dict | None, list | None]:
        return self._get(self.read_root, key), self._get(self.code_root, key)

    def put(self, key: str, result: dict, read_cached: bool) -> None:
        if not read_cached:
            self._put(self.read_root, key, {name: result[name] for name in READ_TABLES})
        self._put(self.code_root, key, result["codings"])


@contextmanager
def _atomic_path(path: Path) -> Iterator[str]:
    """Yield a temporary path beside `path`; once written, it is synced and renamed over `path`
    (a crash before the rename leaves the old file as it was)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    with _atomic_path(path) as tmp:
        Path(tmp).write_bytes(data)


# ---------------------------------------------------------------------------------------------
# Engines: each maps the per-document function over work items, yielding results in input order.
# A work item is (key, source, cached read result or None); source None means "fully cached".


def _work(item: tuple[str, Source | None, dict | None]) -> tuple[str, dict | None]:
    key, source, read_result = item
    if source is None:
        return key, None
    return key, process_source(source, read_result)


def _run_serial(items: Iterable) -> Iterator[tuple[str, dict | None]]:
    for item in items:
        yield _work(item)


def _run_processes(items: Iterable, jobs: int) -> Iterator[tuple[str, dict | None]]:
    """Process-pool engine with a bounded window of work in flight (Executor.map would submit the
    whole corpus at once and hold every input's bytes in memory); results come back in order."""
    from collections import deque

    window = max(2, jobs * 4)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque = deque()
        for item in items:
            if item[1] is None:  # fully cached: nothing to send to a worker
                pending.append(item[0])
            else:
                pending.append(pool.submit(_work, item))
            while len(pending) > window:
                yield _resolve(pending.popleft())
        while pending:
            yield _resolve(pending.popleft())


def _resolve(entry) -> tuple[str, dict | None]:
    return (entry, None) if isinstance(entry, str) else entry.result()


def _run_dask(items: Iterable, scheduler) -> Iterator[tuple[str, dict | None]]:
    try:
        from dask.distributed import Client
    except ImportError:  # pragma: no cover - depends on the optional extra
        raise SystemExit("the Dask engine needs the optional extra: pip install -e '.[dask]'") from None
    client = Client(scheduler) if isinstance(scheduler, str) else scheduler
    try:
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) >= 256:
                yield from client.gather(client.map(_work, batch, pure=False))
                batch = []
        if batch:
            yield from client.gather(client.map(_work, batch, pure=False))
    finally:
        if isinstance(scheduler, str):
            client.close()


def corpus_fingerprint(corpus: Path) -> str:
    """A cheap fingerprint of the corpus files (names, sizes, modification times) for staleness."""
    digest = hashlib.sha256()
    paths = [corpus] if corpus.is_file() else sorted(p for p in corpus.rglob("*") if p.is_file())
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.relative_to(corpus) if path != corpus else path.name}\0{stat.st_size}\0"
                      f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


# Columns whose values mix numbers and strings across records; stored as strings.
_STRING_COLUMNS = {"references": ("number",)}


# Tables that can be millions of rows, and whose columns are never missing: their column lists
# are turned into compact DataFrames (NumPy integers, Arrow strings) every so many rows, so the
# build does not hold every token of the corpus as Python objects.
_SPOOLED: dict[str, int] = {"tokens": 200_000, "sentences": 50_000, "codings": 100_000}


class _Accumulator:
    """Column lists of one table, extended document by document (C-speed list.extend); with
    ``chunk_rows``, spilled into a compact DataFrame chunk whenever that many rows are held."""

    def __init__(self, chunk_rows: int | None = None) -> None:
        self.columns: dict[str, list] = {}
        self.length = 0
        self.chunks: list[pd.DataFrame] = []
        self.chunk_rows = chunk_rows

    def extend(self, columns: dict[str, list]) -> None:
        n = column_length(columns)
        if not n:
            return
        for key, values in columns.items():
            if key not in self.columns:
                self.columns[key] = [None] * self.length
            self.columns[key].extend(values)
        self.length += n
        for key, values in self.columns.items():
            if len(values) < self.length:
                values.extend([None] * (self.length - len(values)))
        if self.chunk_rows and self.length >= self.chunk_rows:
            self.chunks.append(pd.DataFrame(self.columns))
            self.columns = {key: [] for key in self.columns}
            self.length = 0


def _frame(name: str, rows: _Accumulator) -> pd.DataFrame:
    columns = list(COLUMNS[name]) + [key for key in rows.columns if key not in COLUMNS[name]]
    frame = pd.DataFrame({key: rows.columns.get(key, [None] * rows.length) for key in columns}, columns=columns)
    if rows.chunks:  # an empty remainder would turn every column into objects: leave it out
        parts = [chunk.reindex(columns=columns) for chunk in rows.chunks] + ([frame] if rows.length else [])
        frame = pd.concat(parts, ignore_index=True)
        rows.chunks = []
    for column in _STRING_COLUMNS.get(name, ()):
        frame[column] = frame[column].map(lambda v: None if v is None or v != v else str(v)).astype(object)
    for column in frame.columns:  # lists and dicts (evidence, extra fields) are stored as JSON text
        if name in ("tokens", "sentences") or frame[column].dtype != object:
            continue  # all-scalar tables: skip a scan of millions of rows
        if frame[column].map(lambda v: isinstance(v, (list, dict))).any():
            frame[column] = frame[column].map(
                lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v)
    if not frame.empty:
        frame = frame.sort_values(SORT_KEYS[name], kind="mergesort").reset_index(drop=True)
    return frame


def _densities(codings: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document and code: matches and coded sentences, raw and per 1,000 words (every code of
    the codebook for every document, zeros included, so absences count)."""
    from .coding import densities

    return densities(codings, dict(zip(documents["doc_id"], documents["n_words"].fillna(0).astype(int))))


def _write_table(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    with _atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


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
    inputs_digest, n_inputs = _inputs_digest(corpus)
    previous = _read_info(out)
    if (previous.get("inputs_digest") == inputs_digest and previous.get("pipeline_version") == pipeline_version()
            and all((out / f"{name}.parquet").exists() for name in ALL_TABLES)):
        # Nothing changed since the last build: the tables on disk are this build's tables.
        summary.inputs, summary.cached = previous["inputs"], previous["inputs"]
        summary.parsed, summary.skipped, summary.duplicates = (previous["parsed"], previous["skipped"],
                                                               previous["duplicates"])
        summary.rows = dict(previous["tables"])
        summary.skipped_reasons = [tuple(item) for item in previous.get("skipped_reasons", [])]
        summary.unchanged = True
        return summary
    rows = {name: _Accumulator(_SPOOLED.get(name)) for name in TABLES}
    cached: dict[str, tuple[dict, list | None]] = {}

    def work_items() -> Iterator[tuple[str, Source | None, dict | None]]:
        for source in iter_sources([corpus]):
            key = source_key(source)
            read_hit, code_hit = cache.get(key)
            if read_hit is not None and code_hit is not None:
                cached[key] = (read_hit, code_hit)
                yield key, None, None  # nothing to compute; the slot keeps the input order
            else:
                if read_hit is not None:
                    cached[key] = (read_hit, None)
                yield key, source, read_hit

    if scheduler is not None:
        engine = _run_dask(work_items(), scheduler)
    elif jobs > 1:
        engine = _run_processes(work_items(), jobs)
    else:
        engine = _run_serial(work_items())

    seen_ids: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    for done, (key, result) in enumerate(engine, start=1):
        read_hit, code_hit = cached.pop(key, (None, None))
        if result is None:
            result = dict(read_hit, codings=code_hit)
            summary.cached += 1
        else:
            cache.put(key, result, read_cached=read_hit is not None)
        if progress:
            print("\r" + _progress_line(done, n_inputs), end="", file=sys.stderr, flush=True)
        summary.inputs += 1
        manifest = result["manifest"][0]
        if manifest["status"] != "parsed":
            summary.skipped += 1
            summary.skipped_reasons.append((manifest["path"], manifest["reason"]))
            rows["manifest"].extend(to_columns([manifest]))
            continue
        doc_id, text = result["documents"]["doc_id"][0], result["documents"]["text"][0]
        text_key = hashlib.sha256(text.encode()).hexdigest()
        original = seen_ids.get(doc_id) or seen_text.get(text_key)
        if original is not None:
            summary.duplicates += 1
            rows["manifest"].extend(to_columns([dict(manifest, status="duplicate", duplicate_of=original,
                                                     reason=f"same article text as doc {original}")]))
            continue
        seen_ids[doc_id] = doc_id
        seen_text[text_key] = doc_id
        summary.parsed += 1
        for name in TABLES:
            rows[name].extend(to_columns(result[name]) if name == "manifest" else result[name])
    if progress:
        print(file=sys.stderr)

    frames = {name: _frame(name, rows[name]) for name in TABLES}
    del rows
    frames["densities"] = _densities(frames["codings"], frames["documents"])
    for name, frame in frames.items():  # the tables, then densities (derived from codings)
        _write_table(frame, out / f"{name}.parquet")
        summary.rows[name] = len(frame)
    info = {"pipeline_version": pipeline_version(), "corpus_fingerprint": corpus_fingerprint(corpus),
            "inputs_digest": inputs_digest, "corpus": summary.corpus, "tables": summary.rows,
            "inputs": summary.inputs, "parsed": summary.parsed, "skipped": summary.skipped,
            "duplicates": summary.duplicates, "skipped_reasons": summary.skipped_reasons}
    _atomic_write_bytes(out / BUILD_INFO, (json.dumps(info, indent=2, sort_keys=True) + "\n").encode())
    return summary


def _inputs_digest(corpus: Path) -> tuple[str, int]:
    """Digest of every input unit's content key, in order (equal digests mean equal inputs), and
    the number of units."""
    digest = hashlib.sha256()
    count = 0
    for source in iter_sources([corpus]):
        digest.update(source_key(source).encode())
        count += 1
    return digest.hexdigest(), count


def _progress_line(done: int, total: int) -> str:
    """A one-line progress bar for terminals.

    >>> _progress_line(5, 20)
    'building [#####...............]  25% 5/20 inputs'
    """
    total = max(total, 1)
    filled = int(20 * min(done, total) / total)
    return f"building [{'#' * filled}{'.' * (20 - filled)}] {100 * done // total:3d}% {done}/{total} inputs"


def _read_info(out: Path) -> dict:
    try:
        return json.loads((out / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


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


_IN_PROCESS_LIMIT = 50  # files; above this, load() builds with a pool of worker processes


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
    names = list(ALL_TABLES) if tables is None else [tables] if isinstance(tables, str) else list(tables)
    unknown = [n for n in names if n not in ALL_TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; the tables are: {', '.join(ALL_TABLES)}")
    if rebuild == "always" or (rebuild == "if-stale" and _stale(out, corpus)):
        if not corpus.exists():
            raise FileNotFoundError(f"corpus folder not found: {corpus}")
        # A large corpus gets every core; a small one stays in-process (a worker pool costs seconds to start).
        n_files = 1 if corpus.is_file() else sum(1 for p in corpus.rglob("*") if p.is_file())
        build(corpus, out, jobs=1 if n_files <= _IN_PROCESS_LIMIT else None, progress=False)
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
    if any(not (out / f"{n}.parquet").exists() for n in ALL_TABLES):
        return True
    if info.get("pipeline_version") != pipeline_version():
        return True
    return corpus.exists() and info.get("corpus_fingerprint") != corpus_fingerprint(corpus)
