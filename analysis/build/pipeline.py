"""The per-document function every build engine calls: read -> clean -> extract -> tokenize -> code.

`process_source` takes one input unit (a file, or a line of a .jsonl file) and returns a typed
`DocumentResult` (column lists per table). It holds no global state that a worker process could
not rebuild, so the same function runs in-process, in a process pool, or on a Dask cluster; the
build assembles the tables from its results (and decides duplicates, which need the whole corpus).

Work is split in two stages with their own versions, so that the cache can keep the expensive
part: stage "read" (`read_stage`: decode, clean, extract, sentences, word tokens; tokenizing
dominates) and stage "code" (`code_stage`: the codebook applied to the tokens; cheap). Editing
the codebook re-codes from the cached tokens and reads nothing again. Each stage's version is
derived from the modules it imports and the data files they read (`versions`).
"""
from __future__ import annotations

import hashlib
import json

from analysis.read import Source
from analysis.schema import TABLE_NAMES

from . import code_stage as _code
from . import read_stage as _read
from .read_stage import READ_TABLES
from .records import DocumentResult, ReadResult
from .versions import current_stage_versions

__all__ = ["process_source", "pipeline_version", "stage_versions", "source_key", "TABLES", "READ_TABLES"]

# Tables assembled from the per-document records, in the order the README documents them (the
# build adds `densities`, derived from `codings` and `documents`).
TABLES = tuple(name for name in TABLE_NAMES if name != "densities")


def stage_versions() -> tuple[str, str]:
    """(read version, code version): derived from each stage's modules, data files and libraries."""
    return current_stage_versions()


def pipeline_version() -> str:
    """One version string for the whole pipeline (both stages)."""
    read_version, code_version = stage_versions()
    return f"{read_version}-{code_version}"


def source_key(source: Source) -> str:
    """Content key of one input unit: its bytes, variables and identity (without versions)."""
    digest = hashlib.sha256()
    digest.update(source.path.encode("utf-8", "surrogateescape"))
    digest.update(str(source.line).encode())
    digest.update(source.data or b"")
    digest.update(json.dumps(source.variables, sort_keys=True, ensure_ascii=True).encode())
    digest.update((source.error or "").encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def process_source(source: Source, read: ReadResult | None = None) -> DocumentResult:
    """Both stages for one unit (stage "read" skipped when its cached result is given). A coding
    error is reported in the result (``coding_error``), never raised."""
    live = None
    if read is None:
        read, live = _read.read_stage(source)
    try:
        code = _code.code_stage(read, live)
    except Exception as error:
        return DocumentResult(read, None, f"{type(error).__name__}: {error}")
    return DocumentResult(read, code)
