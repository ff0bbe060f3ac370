"""`python -m analysis parse FILE...`: the parse contract, one JSON object per input unit.

Each object has the keys of `analysis.schema.CONTRACT_KEYS`: doc_id, path, title, published,
author, outlet, province, province_2025 (plus province_confidence and province_evidence), claims,
references and skipped (null, or the reason the input could not be read). A .jsonl file yields
one object per line. The records come from the build's own per-document stage
(`read_stage.read_stage`), so parse and the tables can never disagree.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from analysis.read import iter_sources, safe_text, shown_path
from analysis.schema import CONTRACT_KEYS, CONTRACT_RECORD_KEYS

from .read_stage import read_stage
from .records import rows_of

__all__ = ["parse_files"]


def parse_files(paths: Iterable[str | Path]) -> Iterator[dict]:
    """Yield the contract record of every input unit in `paths` (files or folders), in order."""
    for given in (Path(p) for p in paths):
        yield from _parse_one(given)


def _parse_one(given: Path) -> Iterator[dict]:
    for source in iter_sources([given]):
        result, _ = read_stage(source)
        manifest = result.manifest
        shown = (safe_text(given.as_posix()) if given.is_file() or not given.exists()
                 else f"{safe_text(given.as_posix())}/{source.path}")
        path = shown_path(shown, source.line)
        if manifest["status"] != "parsed":
            yield {key: None for key in CONTRACT_KEYS} | {
                "path": path, "claims": [], "references": [], "skipped": manifest["reason"]}
            continue
        document = rows_of(result.table("documents"))[0]
        record = {key: document.get(key) for key in CONTRACT_KEYS if key in document}
        record["path"] = path
        record["province_evidence"] = json.loads(document["province_evidence"] or "[]")
        for kind in ("claims", "references"):
            record[kind] = [{key: row.get(key) for key in CONTRACT_RECORD_KEYS[kind]} for row in rows_of(result.table(kind))]
        record["skipped"] = None
        yield {key: record.get(key) for key in CONTRACT_KEYS}
