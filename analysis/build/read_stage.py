"""Stage "read" of one input unit: decode, clean, sentences, word tokens, extraction.

Tokenizing dominates the cost of the whole build, so this stage's result is what the cache keeps;
its version (`analysis.build.versions`) covers exactly the modules imported from here and the
data files they read.
"""
from __future__ import annotations

import json

from analysis.coding.tokens import tokenize_sentences
from analysis.extract import extract_document
from analysis.read import Document, ManifestEntry, SkipFile, Source, read_source, sentence_at, split_sentences

from .records import LiveObjects, ReadResult, to_columns

__all__ = ["read_stage", "READ_TABLES"]

READ_TABLES = ("documents", "removals", "manifest", "sentences", "tokens", "claims", "references")


def _manifest_row(source: Source, status: str, reason: str | None, doc_id=None, encoding=None) -> dict:
    return ManifestEntry.of(source, status, reason, doc_id, encoding).as_row()


def read_stage(source: Source) -> tuple[ReadResult, LiveObjects | None]:
    """The read result of one unit, and the live sentence/token objects of a parsed document.

    Never raises for bad input: an unusable unit is a `skipped` manifest row with its reason;
    an unexpected error inside the pipeline is one too, marked ``error`` (not cached).
    """
    try:
        document = read_source(source)
    except SkipFile as reason:
        return ReadResult(_manifest_row(source, "skipped", str(reason))), None
    except Exception as error:  # a bug must not stop the corpus: record it and go on
        return ReadResult(_manifest_row(source, "skipped",
                                        f"internal error while reading: {type(error).__name__}: {error}"),
                          error=True), None
    try:
        tables, live = _document_tables(document)
    except Exception as error:
        return ReadResult(_manifest_row(source, "skipped",
                                        f"internal error while processing: {type(error).__name__}: {error}",
                                        document.doc_id, document.encoding), error=True), None
    return ReadResult(_manifest_row(source, "parsed", None, document.doc_id, document.encoding), tables), live


def _token_columns(doc_id: str, text: str, sentences) -> tuple[dict[str, list], list[list], int]:
    # Tokens go straight into columns: one dict per word would cost more than the matching itself.
    # (`is_stop` is stage "code"'s: editing a stoplist must not re-tokenize.)
    columns: dict[str, list] = {name: [] for name in ("doc_id", "sentence_index", "position", "start", "end",
                                                       "token", "norm")}
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
    columns["position"] = list(range(len(columns["start"])))
    columns["doc_id"] = [doc_id] * len(columns["start"])
    return columns, token_lists, n_words


def _extracted_rows(doc_id: str, extracted: dict, sentences) -> dict[str, list[dict]]:
    starts = [s.start for s in sentences]
    rows: dict[str, list[dict]] = {}
    for kind, index_name in (("claims", "claim_index"), ("references", "ref_index")):
        rows[kind] = []
        for i, record in enumerate(extracted.get(kind) or []):
            row = {"doc_id": doc_id, index_name: i}
            row.update(record)
            if "sentence_index" not in row:
                sentence = sentence_at(sentences, record["start"], starts)
                row["sentence_index"] = sentence.index if sentence else None
            rows[kind].append(row)
    return rows


def _document_row(document: Document, extracted: dict, n_sentences: int, n_words: int) -> dict:
    text = document.text
    return {
        "doc_id": document.doc_id,
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
        "date_in_text": extracted.get("date_in_text"),
        "date_in_text_evidence": extracted.get("date_in_text_evidence"),
        "n_chars": len(text),
        "n_paragraphs": text.count("\n") + 1 if text else 0,
        "n_sentences": n_sentences,
        "n_words": n_words,
        "n_removed": len(document.removals),
        "variables": json.dumps(document.variables, sort_keys=True, ensure_ascii=False),
        "text": text,
    }


def _document_tables(document: Document) -> tuple[dict[str, dict[str, list]], LiveObjects]:
    doc_id, text = document.doc_id, document.text
    sentences = split_sentences(text)
    tokens, token_lists, n_words = _token_columns(doc_id, text, sentences)
    extracted = extract_document(text, document.variables, sentences=sentences)
    rows = _extracted_rows(doc_id, extracted, sentences)
    tables = {
        "documents": to_columns([_document_row(document, extracted, len(sentences), n_words)]),
        "removals": to_columns([{"doc_id": doc_id, "removal_index": i, "kind": r.kind, "rule": r.rule,
                                 "line": r.line, "text": r.text} for i, r in enumerate(document.removals)]),
        "sentences": to_columns([{"doc_id": doc_id, "sentence_index": s.index, "paragraph": s.paragraph,
                                  "start": s.start, "end": s.end, "text": s.text} for s in sentences]),
        "tokens": tokens,
        "claims": to_columns(rows["claims"]),
        "references": to_columns(rows["references"]),
    }
    return tables, LiveObjects(sentences, token_lists)
