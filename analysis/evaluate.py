"""How far to trust the tables: extraction and coding measured against hand-checked data.

- Extraction: the golden files ``tests/golden/extract/<seed>.json`` list, for each seed, every
  claim and reference (read and checked by hand) and the metadata. `extraction_scores` matches
  the built `claims` and `references` tables against them by (document, kind, text as written)
  and reports precision, recall and F1 per kind, plus how often the parsed fields of matched
  records (values, qualifier, unit, subject; type, issuer, date, level, key) equal the golden ones.
- Coding: the hand-coded sentences ``tests/data/hand-coded-sentences.csv`` (coded by reading,
  with a held-out split) against the codebook, through `analysis.validation.agreement`.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd

from .paths import ROOT

__all__ = ["GOLDEN_EXTRACT", "HAND_CODED", "load_golden", "extraction_scores", "field_accuracy",
           "metadata_accuracy", "coding_agreement"]

GOLDEN_EXTRACT = ROOT / "tests" / "golden" / "extract"
HAND_CODED = ROOT / "tests" / "data" / "hand-coded-sentences.csv"

CLAIM_FIELDS = ("low", "high", "qualifier", "numerator", "denominator", "value", "unit", "subject", "consistent")
REFERENCE_FIELDS = ("key", "doc_type", "issuer", "issued", "level", "term", "congress", "congress_level", "plenum")
METADATA_FIELDS = ("title", "published", "author", "outlet", "province", "province_2025")


def load_golden(folder: Path = GOLDEN_EXTRACT) -> dict[str, dict]:
    """Golden extraction records by seed file stem."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def _documents_by_stem(documents: pd.DataFrame) -> dict[str, str]:
    return {Path(path).stem: doc_id for path, doc_id in zip(documents["path"], documents["doc_id"])}


def extraction_scores(documents: pd.DataFrame, claims: pd.DataFrame, references: pd.DataFrame,
                      golden: dict[str, dict] | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per record kind (percent, fraction, count, document, congress,
    plenum), matching records by document, kind and text as written (a multiset: a claim written
    twice must be found twice)."""
    golden = golden if golden is not None else load_golden()
    by_stem = _documents_by_stem(documents)
    counts: dict[str, Counter] = {}
    for stem, gold in golden.items():
        doc_id = by_stem.get(stem)
        for table_name, table in (("claims", claims), ("references", references)):
            expected = Counter((r["kind"], r["text"]) for r in gold[table_name])
            found_rows = table[table["doc_id"] == doc_id] if doc_id else table.iloc[0:0]
            found = Counter(zip(found_rows["kind"], found_rows["text"]))
            for kind in sorted({k for k, _ in expected} | {k for k, _ in found}):
                e = Counter({key: n for key, n in expected.items() if key[0] == kind})
                f = Counter({key: n for key, n in found.items() if key[0] == kind})
                tally = counts.setdefault(f"{table_name}:{kind}", Counter())
                tally["tp"] += sum((e & f).values())
                tally["fp"] += sum((f - e).values())
                tally["fn"] += sum((e - f).values())
    rows = []
    for name, tally in sorted(counts.items()):
        table_name, kind = name.split(":")
        tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else float("nan")
        rows.append({"table": table_name, "kind": kind, "golden": tp + fn, "found": tp + fp, "tp": tp, "fp": fp,
                     "fn": fn, "precision": precision, "recall": recall, "f1": f1})
    return pd.DataFrame(rows)


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and a != a):
        return b is None or (isinstance(b, float) and b != b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    return str(a) == str(b)


def field_accuracy(documents: pd.DataFrame, claims: pd.DataFrame, references: pd.DataFrame,
                   golden: dict[str, dict] | None = None) -> pd.DataFrame:
    """For records found with the right text, how often each parsed field equals the golden value."""
    golden = golden if golden is not None else load_golden()
    by_stem = _documents_by_stem(documents)
    tallies: dict[tuple[str, str], list[int]] = {}
    for stem, gold in golden.items():
        doc_id = by_stem.get(stem)
        for table_name, table, fields in (("claims", claims, CLAIM_FIELDS), ("references", references, REFERENCE_FIELDS)):
            rows = table[table["doc_id"] == doc_id].to_dict("records") if doc_id else []
            pool: dict[tuple, list[dict]] = {}
            for row in rows:
                pool.setdefault((row["kind"], row["text"]), []).append(row)
            for expected in gold[table_name]:
                candidates = pool.get((expected["kind"], expected["text"]))
                if not candidates:
                    continue
                found = candidates.pop(0)
                for name in fields:
                    if name in expected:
                        tally = tallies.setdefault((table_name, name), [0, 0])
                        tally[0] += _same(expected[name], found.get(name))
                        tally[1] += 1
    rows = [{"table": t, "field": f, "checked": n, "correct": c, "accuracy": c / n if n else float("nan")}
            for (t, f), (c, n) in sorted(tallies.items())]
    return pd.DataFrame(rows)


def metadata_accuracy(documents: pd.DataFrame, golden: dict[str, dict] | None = None) -> pd.DataFrame:
    """Per seed and metadata field: the golden value, the extracted one, and whether they agree."""
    golden = golden if golden is not None else load_golden()
    by_stem = {Path(p).stem: row for p, row in zip(documents["path"], documents.to_dict("records"))}
    rows = []
    for stem, gold in golden.items():
        found = by_stem.get(stem, {})
        for name in METADATA_FIELDS:
            if name in gold["metadata"]:
                expected, got = gold["metadata"][name], found.get(name)
                rows.append({"seed": stem, "field": name, "golden": expected, "extracted": got,
                             "correct": _same(expected, got)})
    return pd.DataFrame(rows)


def coding_agreement(split: str | None = None) -> pd.DataFrame:
    """Precision, recall, F1 and Cohen's kappa of the codebook against the hand-coded sentences
    (all of them, or one split: "dev" or "heldout")."""
    from .validation import agreement, auto_codes

    hand = pd.read_csv(HAND_CODED, dtype=str, keep_default_na=False)
    if split is not None:
        hand = hand[hand["split"] == split]
    return agreement(hand, auto_codes(hand))
