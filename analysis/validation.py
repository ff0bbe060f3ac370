"""Agreement between hand codes and the codebook's automatic codes.

Both inputs are *wide* tables with one row per sentence: an ``id`` column and one column per
category holding the codes present in that sentence, separated by semicolons (the format of
``tests/data/hand-coded-sentences.csv``). :func:`auto_codes` produces that table from sentences
with the codebook, so the usual call is::

    hand = pd.read_csv("tests/data/hand-coded-sentences.csv", dtype=str, keep_default_na=False)
    agreement(hand, auto_codes(hand))

Each code is a sentence-level presence/absence decision. Per code we report the 2x2 counts,
precision, recall, F1 and Cohen's kappa. Per category we report the same statistics on the
*pooled* decisions (every sentence x every code of the category, i.e. micro-averaged), and also
``kappa_mean``, the unweighted mean of the per-code kappas, which gives rare codes equal weight.
Kappa is 1.0 when both coders agree on every decision and neither varies (chance agreement 1).
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.coding import Codebook, code_text, load_codebook

__all__ = ["auto_codes", "agreement", "split_codes", "AGREEMENT_COLUMNS"]

AGREEMENT_COLUMNS = ["level", "category", "code", "n", "tp", "fp", "fn", "tn",
                     "precision", "recall", "f1", "kappa", "kappa_mean"]


def split_codes(cell) -> list[str]:
    """Codes in one cell ("a;b" -> ["a", "b"]), sorted; empty and NaN cells give []."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return sorted({c.strip() for c in str(cell).split(";") if c.strip()})


def auto_codes(sentences: pd.DataFrame, codebook: Codebook | None = None,
               text_column: str = "sentence") -> pd.DataFrame:
    """Code each sentence with the codebook into the wide hand-coding format (id + categories)."""
    codebook = codebook or load_codebook()
    rows = []
    for sid, text in zip(sentences["id"], sentences[text_column]):
        found: dict[str, set[str]] = {cat: set() for cat in codebook.categories}
        for r in code_text(str(text), codebook):
            found[r["category"]].add(r["code"])
        rows.append({"id": sid, **{cat: ";".join(sorted(codes)) for cat, codes in found.items()}})
    return pd.DataFrame(rows, columns=["id", *codebook.categories])


def _stats(tp: int, fp: int, fn: int, tn: int) -> dict:
    n = tp + fp + fn + tn
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    if n == 0:
        kappa = float("nan")
    else:
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        kappa = (1.0 if po == 1 else 0.0) if pe == 1 else (po - pe) / (1 - pe)
    return {"n": n, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision,
            "recall": recall, "f1": f1, "kappa": kappa}


def agreement(hand: pd.DataFrame, auto: pd.DataFrame, codebook: Codebook | None = None,
              categories: Sequence[str] | None = None) -> pd.DataFrame:
    """Precision, recall, F1 and Cohen's kappa of ``auto`` against ``hand``, per code and category.

    Rows are matched on ``id`` (sentences missing from ``auto`` count as coded with nothing).
    Codes are those of the codebook plus any other code that appears in either table, so a hand
    code the codebook lacks shows up with recall 0. Returns columns ``level`` ("code" or
    "category"), ``category, code`` (empty for category rows), ``n, tp, fp, fn, tn, precision,
    recall, f1, kappa, kappa_mean``, rounded to 3 decimals, in codebook order.

    >>> h = pd.DataFrame({"id": ["a", "b"], "voice": ["limitation", ""]})
    >>> agreement(h, h, categories=["voice"]).query("level == 'category'")[["n", "kappa"]].values.tolist()
    [[6.0, 1.0]]
    """
    codebook = codebook or load_codebook()
    categories = list(categories or codebook.categories)
    auto_by_id = {str(i): row for i, row in auto.set_index(auto["id"].astype(str)).iterrows()}
    rows = []
    for cat in categories:
        hand_sets = [set(split_codes(v)) for v in hand[cat]]
        auto_sets = [set(split_codes(auto_by_id[str(i)][cat])) if str(i) in auto_by_id and cat in auto.columns
                     else set() for i in hand["id"]]
        codes = [c.name for c in codebook.codes_in(cat)] if cat in codebook.categories else []
        extra = sorted(set().union(*hand_sets, *auto_sets) - set(codes))
        pooled = [0, 0, 0, 0]
        per_code_kappa = []
        for code in codes + extra:
            tp = sum(code in h and code in a for h, a in zip(hand_sets, auto_sets))
            fp = sum(code not in h and code in a for h, a in zip(hand_sets, auto_sets))
            fn = sum(code in h and code not in a for h, a in zip(hand_sets, auto_sets))
            tn = len(hand_sets) - tp - fp - fn
            stats = _stats(tp, fp, fn, tn)
            per_code_kappa.append(stats["kappa"])
            pooled = [p + v for p, v in zip(pooled, (tp, fp, fn, tn))]
            rows.append({"level": "code", "category": cat, "code": code, **stats, "kappa_mean": float("nan")})
        stats = _stats(*pooled)
        valid = [k for k in per_code_kappa if k == k]
        mean = sum(valid) / len(valid) if valid else float("nan")
        rows.append({"level": "category", "category": cat, "code": "", **stats, "kappa_mean": mean})
    out = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    for col in ["precision", "recall", "f1", "kappa", "kappa_mean"]:
        out[col] = out[col].astype("float64").round(3)
    return out
