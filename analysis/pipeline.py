"""The per-document function every build engine calls: read -> clean -> extract -> code.

`process_source` takes one input unit (a file, or a line of a .jsonl file) and returns plain,
JSON-serialisable records for every table. It holds no global state that a worker process could
not rebuild, so the same function runs in-process, in a process pool, or on a Dask cluster; the
build assembles the tables from its results (and decides duplicates, which need the whole corpus).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .corpus import Source, SkipFile, read_source

__all__ = ["process_source", "pipeline_version", "TABLES"]

# Tables written by the build, in the order the README documents them.
TABLES = ("documents", "removals", "manifest", "sentences", "tokens", "claims", "references", "codings")

_PACKAGE = Path(__file__).resolve().parent
# Modules whose code changes what a document's records are (reports/figures/notebooks do not).
_PIPELINE_FILES = (
    "text.py", "corpus.py", "segment.py", "pipeline.py", "tokens.py", "coding.py", "extract.py",
    "numbers.py", "dates.py", "gazetteer.py", "metadata.py", "province.py", "references.py", "claims.py",
)


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of the code and data files that determine per-document results (the cache key)."""
    digest = hashlib.sha256()
    files = [_PACKAGE / name for name in _PIPELINE_FILES if (_PACKAGE / name).exists()]
    files += sorted((_PACKAGE / "data").glob("*"))
    files += sorted(_PACKAGE.glob("*.yaml"))
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def source_key(source: Source) -> str:
    """Cache key of one input unit: its bytes, its document variables and the pipeline version."""
    digest = hashlib.sha256()
    digest.update(pipeline_version().encode())
    digest.update(source.path.encode())
    digest.update(str(source.line).encode())
    digest.update(source.data or b"")
    digest.update(json.dumps(source.variables, sort_keys=True, ensure_ascii=False).encode())
    digest.update((source.error or "").encode())
    return digest.hexdigest()


def _manifest_record(source: Source, status: str, reason: str | None, doc_id=None, encoding=None) -> dict:
    return {
        "path": source.path if source.line is None else f"{source.path}#L{source.line}",
        "line": source.line,
        "format": source.format,
        "bytes": source.file_bytes,
        "sha256": source.file_sha256,
        "encoding": encoding,
        "status": status,
        "reason": reason,
        "doc_id": doc_id,
        "duplicate_of": None,
    }


def process_source(source: Source) -> dict:
    """Process one input unit into records for every table (plain dicts and lists).

    Never raises for bad input: an unreadable or unusable unit yields a `skipped` manifest record
    with its reason, and an unexpected error inside the pipeline yields a `skipped` record naming
    the error, so one bad document never stops a build.
    """
    result: dict = {name: [] for name in TABLES}
    try:
        document = read_source(source)
    except SkipFile as reason:
        result["manifest"].append(_manifest_record(source, "skipped", str(reason)))
        return result
    except Exception as error:  # a bug must not stop the corpus: record it and go on
        result["manifest"].append(
            _manifest_record(source, "skipped", f"internal error while reading: {type(error).__name__}: {error}")
        )
        return result
    try:
        records = _document_records(document)
    except Exception as error:
        result["manifest"].append(
            _manifest_record(source, "skipped",
                             f"internal error while processing: {type(error).__name__}: {error}",
                             document.doc_id, document.encoding)
        )
        return result
    result.update(records)
    result["manifest"] = [_manifest_record(source, "parsed", None, document.doc_id, document.encoding)]
    return result


def _document_records(document) -> dict:
    from .segment import split_sentences

    doc_id = document.doc_id
    text = document.text
    sentences = split_sentences(text)
    records: dict = {name: [] for name in TABLES if name != "manifest"}
    records["removals"] = [
        {"doc_id": doc_id, "removal_index": i, "kind": r.kind, "rule": r.rule, "line": r.line, "text": r.text}
        for i, r in enumerate(document.removals)
    ]
    records["sentences"] = [
        {"doc_id": doc_id, "sentence_index": s.index, "paragraph": s.paragraph, "start": s.start, "end": s.end,
         "text": s.text}
        for s in sentences
    ]
    row = {
        "doc_id": doc_id,
        "path": document.path,
        "format": document.format,
        "encoding": document.encoding,
        "raw_sha256": document.raw_sha256,
        "url": document.variables.get("url"),
        "n_chars": len(text),
        "n_paragraphs": text.count("\n") + 1 if text else 0,
        "n_sentences": len(sentences),
        "n_removed": len(document.removals),
        "variables": json.dumps(document.variables, sort_keys=True, ensure_ascii=False),
        "text": text,
    }
    records["documents"] = [row]
    return records
