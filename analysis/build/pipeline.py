"""The per-document function every build engine calls: read -> clean -> extract -> tokenize -> code.

`process_source` takes one input unit (a file, or a line of a .jsonl file) and returns plain,
picklable records for every table. It holds no global state that a worker process could not
rebuild, so the same function runs in-process, in a process pool, or on a Dask cluster; the build
assembles the tables from its results (and decides duplicates, which need the whole corpus).

Work is split in two stages with their own versions, so that the cache can keep the expensive
part: stage "read" (decode, clean, extract, sentences, word tokens: tokenizing dominates) and
stage "code" (the codebook applied to the tokens: cheap). Editing the codebook re-codes from the
cached tokens and reads nothing again.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from analysis.coding import Token, code_sentences, load_codebook, officialese_stoplist, stopwords, tokenize_sentences
from analysis.config import PACKAGE
from analysis.extract import extract_document
from analysis.read import ManifestEntry, Sentence, SkipFile, Source, read_source, sentence_at, split_sentences
from analysis.schema import TABLE_NAMES

__all__ = ["process_source", "read_stage", "code_stage", "pipeline_version", "stage_versions", "source_key",
           "to_columns", "column_length", "TABLES", "READ_TABLES"]

# Tables assembled from the per-document records, in the order the README documents them (the
# build adds `densities`, derived from `codings` and `documents`).
TABLES = tuple(name for name in TABLE_NAMES if name != "densities")
READ_TABLES = ("documents", "removals", "manifest", "sentences", "tokens", "claims", "references")

_PACKAGE = PACKAGE
# Files whose content changes the results of each stage (reports/figures/notebooks do not).
_READ_FILES = (
    "read/__init__.py", "read/records.py", "read/sources.py", "read/decode.py", "read/normalize.py", "read/clean.py",
    "read/sentences.py", "read/corpus.py", "build/pipeline.py", "coding/tokens.py", "schema.py",
    "extract/__init__.py", "extract/document.py", "extract/numbers.py", "extract/dates.py", "extract/gazetteer.py",
    "extract/metadata.py", "extract/province.py", "extract/references.py", "extract/claims.py",
)
_READ_DATA_EXCLUDED = ("central-resolutions.csv", "codebook.yaml", "claim-kinds.yaml", "validation")  # used by comparisons, not by the pipeline
_CODE_FILES = ("coding/__init__.py", "coding/codebook.py", "coding/matching.py", "data/codebook.yaml")
_NUMBER = re.compile(r"[\d.,%/–-]+")


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def stage_versions() -> tuple[str, str]:
    """(read version, code version): hashes of the code and data files each stage depends on."""
    read_files = [_PACKAGE / name for name in _READ_FILES]
    read_files += [p for p in sorted((_PACKAGE / "data").glob("*")) if p.name not in _READ_DATA_EXCLUDED]
    code_files = [_PACKAGE / name for name in _CODE_FILES]
    return _digest(read_files), _digest(code_files)


def pipeline_version() -> str:
    """One version string for the whole pipeline (both stages)."""
    read_version, code_version = stage_versions()
    return f"{read_version}-{code_version}"


def source_key(source: Source) -> str:
    """Content key of one input unit: its bytes, variables and identity (without versions)."""
    digest = hashlib.sha256()
    digest.update(source.path.encode())
    digest.update(str(source.line).encode())
    digest.update(source.data or b"")
    digest.update(json.dumps(source.variables, sort_keys=True, ensure_ascii=False).encode())
    digest.update((source.error or "").encode())
    return digest.hexdigest()


def to_columns(records: list[dict]) -> dict[str, list]:
    """Records (dicts) -> {column: values}; columns missing from a record get None.

    The build concatenates column lists, which is much faster than building frames from millions
    of small dicts (the tokens table has one row per word).
    """
    columns: dict[str, list] = {}
    for i, record in enumerate(records):
        for key in record:
            if key not in columns:
                columns[key] = [None] * i
        for key, values in columns.items():
            values.append(record.get(key))
    return columns


def column_length(columns: dict[str, list]) -> int:
    return len(next(iter(columns.values()))) if columns else 0


def _manifest_record(source: Source, status: str, reason: str | None, doc_id=None, encoding=None) -> dict:
    return ManifestEntry.of(source, status, reason, doc_id, encoding).as_row()


_LIVE = "_live"  # key of the in-process sentence/token objects in a fresh stage "read" result


def read_stage(source: Source) -> dict:
    """Stage "read": records (lists of dicts) of every table but `codings`. Never raises for bad
    input: an unusable unit, or an unexpected error inside the pipeline, becomes a `skipped`
    manifest record. A parsed document's result also holds its sentence and token objects under
    ``"_live"`` (for `process_source`; not a table, not cached)."""
    result: dict = {name: [] for name in READ_TABLES}
    try:
        document = read_source(source)
    except SkipFile as reason:
        result["manifest"].append(_manifest_record(source, "skipped", str(reason)))
        return result
    except Exception as error:  # a bug must not stop the corpus: record it and go on
        result["manifest"].append(
            _manifest_record(source, "skipped", f"internal error while reading: {type(error).__name__}: {error}"))
        return result
    try:
        records = _document_records(document)
    except Exception as error:
        result["manifest"].append(
            _manifest_record(source, "skipped", f"internal error while processing: {type(error).__name__}: {error}",
                             document.doc_id, document.encoding))
        return result
    result.update(records)
    result["manifest"] = [_manifest_record(source, "parsed", None, document.doc_id, document.encoding)]
    return result


def code_stage(read_result: dict, live: tuple | None = None) -> dict[str, list]:
    """Stage "code": the codebook applied to a document's sentences and cached word tokens.

    Takes the columnar result of stage "read" and returns the `codings` columns. ``live``: the
    sentence and token objects stage "read" just made in this process, if any (saves rebuilding
    them from the columns).
    """
    documents = read_result["documents"]
    if not column_length(documents):
        return {}
    text, doc_id = documents["text"][0], documents["doc_id"][0]
    sentences, tokens_by_sentence = live if live is not None else _objects_from_columns(read_result, text)
    codings = code_sentences(text, sentences, tokens_by_sentence, load_codebook())
    return to_columns([{"doc_id": doc_id, **{k: c[k] for k in ("sentence_index", "category", "code", "term",
                                                                  "start", "end")}} for c in codings])


def _objects_from_columns(read_result: dict, text: str) -> tuple[list, list[list]]:
    """Sentence and token objects of one document, rebuilt from its cached stage "read" columns."""
    sentences_table = read_result["sentences"]
    sentences = [Sentence(i, p, a, b, text) for i, p, a, b in zip(
        sentences_table.get("sentence_index", []), sentences_table.get("paragraph", []),
        sentences_table.get("start", []), sentences_table.get("end", []))]
    tokens_by_sentence: list[list[Token]] = [[] for _ in sentences]
    tokens_table = read_result["tokens"]
    for i, a, b, surface, norm in zip(tokens_table.get("sentence_index", []), tokens_table.get("start", []),
                                      tokens_table.get("end", []), tokens_table.get("token", []),
                                      tokens_table.get("norm", [])):
        tokens_by_sentence[i].append(Token(a, b, surface, norm))
    return sentences, tokens_by_sentence


def process_source(source: Source, read_result: dict | None = None) -> dict:
    """Both stages for one unit, as columns per table (stage "read" skipped when its cached,
    columnar result is given). The manifest stays a list with one record."""
    live = None
    if read_result is None:
        records = read_stage(source)
        live = records.pop(_LIVE, None)
        result = {name: (records[name] if name == "manifest" or isinstance(records[name], dict)
                         else to_columns(records[name])) for name in READ_TABLES}
    else:
        result = dict(read_result)
    try:
        result["codings"] = code_stage(result, live)
    except Exception as error:
        doc_id = result["documents"]["doc_id"][0] if column_length(result["documents"]) else None
        failed = {name: {} for name in TABLES}
        failed["manifest"] = [_manifest_record(source, "skipped",
                                               f"internal error while coding: {type(error).__name__}: {error}",
                                               doc_id)]
        return failed
    return result


def _document_records(document) -> dict:
    doc_id = document.doc_id
    text = document.text
    sentences = split_sentences(text)
    records: dict = {name: [] for name in READ_TABLES if name != "manifest"}
    records["removals"] = [
        {"doc_id": doc_id, "removal_index": i, "kind": r.kind, "rule": r.rule, "line": r.line, "text": r.text}
        for i, r in enumerate(document.removals)
    ]
    records["sentences"] = [
        {"doc_id": doc_id, "sentence_index": s.index, "paragraph": s.paragraph, "start": s.start, "end": s.end,
         "text": s.text}
        for s in sentences
    ]
    stop = stopwords() | officialese_stoplist()
    # Tokens go straight into columns: one dict per word would cost more than the matching itself.
    columns: dict[str, list] = {name: [] for name in ("doc_id", "sentence_index", "position", "start", "end",
                                                       "token", "norm", "is_stop")}
    n_words = 0
    token_lists = tokenize_sentences(text, sentences)
    for sentence, tokens in zip(sentences, token_lists):
        for token in tokens:
            is_word = token.is_word
            n_words += is_word
            columns["sentence_index"].append(sentence.index)
            columns["start"].append(token.start)
            columns["end"].append(token.end)
            columns["token"].append(token.text)
            columns["norm"].append(token.norm)
            columns["is_stop"].append(not is_word or token.norm in stop or _NUMBER.fullmatch(token.norm) is not None)
    columns["position"] = list(range(len(columns["start"])))
    columns["doc_id"] = [doc_id] * len(columns["start"])
    records["tokens"] = columns

    extracted = extract_document(text, document.variables, sentences=sentences)
    starts = [s.start for s in sentences]
    for kind, table, index_name in (("claims", "claims", "claim_index"), ("references", "references", "ref_index")):
        for i, record in enumerate(extracted.get(kind) or []):
            row = {"doc_id": doc_id, index_name: i}
            row.update(record)
            if "sentence_index" not in row:
                sentence = sentence_at(sentences, record["start"], starts)
                row["sentence_index"] = sentence.index if sentence else None
            records[table].append(row)

    row = {
        "doc_id": doc_id,
        "path": document.path,
        "format": document.format,
        "encoding": document.encoding,
        "raw_sha256": document.raw_sha256,
        "url": document.variables.get("url"),
        "title": extracted.get("title"),
        "published": extracted.get("published"),
        "author": extracted.get("author"),
        "author_role": extracted.get("author_role"),
        "outlet": extracted.get("outlet"),
        "province": extracted.get("province"),
        "province_2025": extracted.get("province_2025"),
        "province_confidence": extracted.get("province_confidence"),
        "province_evidence": json.dumps(extracted.get("province_evidence") or [], ensure_ascii=False),
        "published_evidence": extracted.get("published_evidence"),
        "n_chars": len(text),
        "n_paragraphs": text.count("\n") + 1 if text else 0,
        "n_sentences": len(sentences),
        "n_words": n_words,
        "n_removed": len(document.removals),
        "variables": json.dumps(document.variables, sort_keys=True, ensure_ascii=False),
        "text": text,
    }
    records["documents"] = [row]
    records[_LIVE] = (sentences, token_lists)  # for stage "code" in this process; never cached
    return records
