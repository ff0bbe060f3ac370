"""Build the tidy tables from a corpus folder: load inputs / process each document / save tables.

`build()` streams input units through `pipeline.process_source` (in-process, in a pool of
worker processes, or on a Dask cluster), caches each unit's records by content hash and pipeline
version, decides duplicates in input order (`analysis.read.Deduplicator`, the same rule as
`read_corpus`), and writes every table as Parquet atomically (a temp file renamed over the old
one), so a build killed mid-way leaves the previous tables readable.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from analysis.config import CACHE, PROCESSED, SEEDS
from analysis.read import Deduplicator, Source, iter_sources
from analysis.schema import TABLE_NAMES

from .cache import Cache
from .engines import run_dask, run_processes, run_serial
from .files import atomic_write_bytes
from .pipeline import TABLES, pipeline_version, source_key, to_columns
from .tables import SPOOLED, Accumulator, densities_frame, table_frame, write_table

__all__ = ["build", "BuildSummary", "corpus_fingerprint", "BUILD_INFO"]

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


def corpus_fingerprint(corpus: Path) -> str:
    """A cheap fingerprint of the corpus files (names, sizes, modification times) for staleness."""
    digest = hashlib.sha256()
    paths = [corpus] if corpus.is_file() else sorted(p for p in corpus.rglob("*") if p.is_file())
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.relative_to(corpus) if path != corpus else path.name}\0{stat.st_size}\0"
                      f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


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
    cache = Cache(Path(cache_dir) if cache_dir else None)
    jobs = jobs or os.cpu_count() or 1
    if progress is None:
        progress = sys.stderr.isatty()

    summary = BuildSummary(corpus=_shown(corpus), out=_shown(out))
    inputs_digest, n_inputs = _inputs_digest(corpus)
    previous = _read_info(out)
    if (previous.get("inputs_digest") == inputs_digest and previous.get("pipeline_version") == pipeline_version()
            and all((out / f"{name}.parquet").exists() for name in TABLE_NAMES)):
        # Nothing changed since the last build: the tables on disk are this build's tables.
        summary.inputs, summary.cached = previous["inputs"], previous["inputs"]
        summary.parsed, summary.skipped, summary.duplicates = (previous["parsed"], previous["skipped"],
                                                               previous["duplicates"])
        summary.rows = dict(previous["tables"])
        summary.skipped_reasons = [tuple(item) for item in previous.get("skipped_reasons", [])]
        summary.unchanged = True
        return summary
    rows = {name: Accumulator(SPOOLED.get(name)) for name in TABLES}
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
        engine = run_dask(work_items(), scheduler)
    elif jobs > 1:
        engine = run_processes(work_items(), jobs)
    else:
        engine = run_serial(work_items())

    dedupe = Deduplicator()
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
        original = dedupe.original_of(doc_id, text, manifest["path"])
        if original is not None:
            summary.duplicates += 1
            rows["manifest"].extend(to_columns([dict(manifest, status="duplicate", doc_id=original[0],
                                                     duplicate_of=original[0], reason=Deduplicator.reason(original))]))
            continue
        summary.parsed += 1
        for name in TABLES:
            rows[name].extend(to_columns(result[name]) if name == "manifest" else result[name])
    if progress:
        print(file=sys.stderr)

    frames = {name: table_frame(name, rows[name]) for name in TABLES}
    del rows
    frames["densities"] = densities_frame(frames["codings"], frames["documents"])
    for name, frame in frames.items():  # the tables, then densities (derived from codings)
        write_table(name, frame, out / f"{name}.parquet")
        summary.rows[name] = len(frame)
    info = {"pipeline_version": pipeline_version(), "corpus_fingerprint": corpus_fingerprint(corpus),
            "inputs_digest": inputs_digest, "corpus": summary.corpus, "tables": summary.rows,
            "inputs": summary.inputs, "parsed": summary.parsed, "skipped": summary.skipped,
            "duplicates": summary.duplicates, "skipped_reasons": summary.skipped_reasons}
    atomic_write_bytes(out / BUILD_INFO, (json.dumps(info, indent=2, sort_keys=True) + "\n").encode())
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

