"""Per-document extraction: clean text -> metadata, province, references and claims (the parse contract in the README).

``extract_document`` is a pure function of the clean text and the document's variables: no I/O
besides lazily loaded, read-only rule files (units, abbreviations, outlets, gazetteer), no NER or
POS tagging. Every record's ``start``/``end`` index the clean text it was given.
"""
from __future__ import annotations

from analysis.read.sentences import sentence_at, split_sentences

from .claims import extract_claims
from .gazetteer import province_2025, resolve_province
from .metadata import extract_metadata
from .province import detect_province
from .references import extract_references

__all__ = ["extract_document"]


def extract_document(text: str, variables: dict | None = None, sentences=None) -> dict:
    """Extract every contract field from one clean document.

    ``variables``: jsonl metadata (``title``, ``published``, ``author``, ``outlet``, ``province``);
    a valid given value wins over detection. ``sentences``: ``split_sentences(text)`` if the
    caller already has it (computed otherwise).

    >>> doc = extract_document("Thứ năm, 20/01/2022\\nLạng Sơn quán triệt nghị quyết\\n"
    ...                        "LSO - Tỉnh ủy Lạng Sơn đã mở 468 lớp, tỷ lệ tham gia đạt trên 98%.")
    >>> doc["published"], doc["outlet"], doc["province"], [c["text"] for c in doc["claims"]]
    ('2022-01-20', 'LSO', 'Lạng Sơn', ['468 lớp', 'trên 98%'])
    """
    text = text or ""
    variables = dict(variables or {})
    if sentences is None:
        sentences = split_sentences(text)
    meta = extract_metadata(text, variables)
    title_span = tuple(meta["title_span"]) if meta["title_span"] else None
    detected = detect_province(text, title=meta["title"], outlet=meta["outlet"], title_span=title_span,
                               url=variables.get("url"), published=meta["published"])
    province = detected["province"]
    province_new = detected["province_2025"]
    confidence = detected["confidence"]
    evidence = list(detected["evidence"])
    given = resolve_province(variables.get("province")) if isinstance(variables.get("province"), str) else None
    if given:
        if given != province:
            evidence = ["variables: " + str(variables.get("province"))] + evidence
        province, confidence = given, 1.0
        province_new = province_2025(given)
    references = extract_references(text, province=province, published=meta["published"])
    masked = [(r["start"], r["end"]) for r in references if r["kind"] in ("document", "plenum")]
    # Congress spans carry Roman numerals and term years only: mask their "nhiệm kỳ" years too.
    masked += [(r["start"], r["end"]) for r in references if r["kind"] == "congress"]
    claims = extract_claims(text, sentences=sentences, masked=masked)
    _attach_sentences(references, sentences)
    return {
        "title": meta["title"],
        "published": meta["published"],
        "published_evidence": meta["published_evidence"],
        "date_in_text": meta["date_in_text"],
        "date_in_text_evidence": meta["date_in_text_evidence"],
        "author": meta["author"],
        "author_role": meta["author_role"],
        "outlet": meta["outlet"],
        "province": province,
        "province_2025": province_new,
        "province_confidence": float(confidence),
        "province_evidence": evidence,
        "claims": claims,
        "references": references,
    }


def _attach_sentences(records: list[dict], sentences) -> None:
    starts = [s.start for s in sentences]
    for record in records:
        sentence = sentence_at(sentences, record["start"], starts)
        record["sentence"] = sentence.text if sentence else None
        record["sentence_index"] = sentence.index if sentence else None
