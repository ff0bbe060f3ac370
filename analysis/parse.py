"""`python -m analysis parse FILE...`: the parse contract (design.md §4), one JSON object per input.

Each object has doc_id, path, title, published, author, outlet, province, province_2025 (plus
province_confidence and province_evidence), claims, references and skipped (null, or the reason
the input could not be read). A .jsonl file yields one object per line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .corpus import iter_sources
from .pipeline import read_stage

__all__ = ["parse_files", "CONTRACT_KEYS"]

CONTRACT_KEYS = ("doc_id", "path", "title", "published", "author", "outlet", "province", "province_2025",
                 "province_confidence", "province_evidence", "claims", "references", "skipped")
_INTERNAL = {"doc_id", "claim_index", "ref_index"}


def _clean(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in _INTERNAL}


def parse_files(paths: Iterable[str | Path]) -> Iterator[dict]:
    """Yield the contract record of every input unit in `paths` (files or folders), in order."""
    import json

    for given in (Path(p) for p in paths):
        yield from _parse_one(given, json)


def _parse_one(given: Path, json) -> Iterator[dict]:
    for source in iter_sources([given]):
        result = read_stage(source)
        manifest = result["manifest"][0]
        shown = given.as_posix() if given.is_file() or not given.exists() else (given / source.path).as_posix()
        manifest["path"] = shown if source.line is None else f"{shown}#L{source.line}"
        if manifest["status"] != "parsed":
            yield {key: None for key in CONTRACT_KEYS} | {
                "path": manifest["path"], "claims": [], "references": [], "skipped": manifest["reason"]}
            continue
        document = result["documents"][0]
        record = {key: document.get(key) for key in CONTRACT_KEYS if key in document}
        record["path"] = manifest["path"]
        record["province_evidence"] = json.loads(document["province_evidence"] or "[]")
        record["claims"] = [_clean(c) for c in result["claims"]]
        record["references"] = [_clean(r) for r in result["references"]]
        record["skipped"] = None
        yield {key: record.get(key) for key in CONTRACT_KEYS}
