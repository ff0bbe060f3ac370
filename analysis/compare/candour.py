"""Candour: how much a document admits limitations against how much it claims achievements.

Per document, ``n_limitation`` and ``n_achievement`` count the sentences carrying the limitation
and achievement codes (several term matches in one sentence count once; a sentence carrying both
counts in both). ``candour = n_limitation / (n_limitation + n_achievement)``, NaN when a document
has neither (it says nothing either way, which is not the same as candour 0).

Per group, ``candour`` is the mean over documents with a defined value, with a seeded percentile
bootstrap over those documents; ``pooled_candour`` divides the summed counts.

Undefined is not zero: a group whose documents carry no limitation and no achievement sentence has
no candour (``reading`` "undefined: no limitation or achievement sentence"); 0 means achievements
were claimed and no limitation admitted ("0: achievements only"). Intervals over fewer than
``MIN_DOCUMENTS`` documents are not findings (``ci_shown`` False, ``interval`` "n=2").
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import (MIN_DOCUMENTS, add_members, sort_by_group, bootstrap_means, check_grouping, doc_groups,
                      interval_label, percentile_interval, stable_seed)

__all__ = ["document_candour", "group_candour"]


def document_candour(documents: pd.DataFrame, codings: pd.DataFrame,
                     limitation_code: str = "limitation", achievement_code: str = "achievement",
                     category: str | None = "voice") -> pd.DataFrame:
    """Limitation and achievement sentences per document, and their ratio.

    ``category`` restricts the codings considered (None: any category carrying those codes).
    Returns ``doc_id, n_sentences, n_limitation, n_achievement, candour, limitation_share,
    achievement_share`` (the last two per sentence of the document, NaN without a sentence
    count), ``reading`` (what the candour value means, in the words of :func:`group_candour`: a
    document with neither kind of sentence has no candour, which tables show as an empty cell
    beside shares of 0, so the reading says "undefined" in words), one row per document, sorted
    by doc_id.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "n_sentences": [10, 5]})
    >>> cod = pd.DataFrame({"doc_id": ["a", "a", "a", "a"], "sentence_index": [1, 1, 2, 3],
    ...     "category": ["voice"] * 4, "code": ["limitation", "limitation", "achievement", "achievement"]})
    >>> document_candour(docs, cod)[["doc_id", "n_limitation", "n_achievement", "candour"]].to_dict("records")
    [{'doc_id': 'a', 'n_limitation': 1, 'n_achievement': 2, 'candour': 0.3333333333333333}, {'doc_id': 'b', 'n_limitation': 0, 'n_achievement': 0, 'candour': nan}]
    >>> document_candour(docs, cod)["reading"].tolist()
    ['both limitations and achievements', 'undefined: no limitation or achievement sentence']
    """
    table = codings
    if category is not None:
        table = table[table["category"] == category]
    carried = table[["doc_id", "sentence_index", "code"]].drop_duplicates()
    counts = carried.groupby(["doc_id", "code"]).size().unstack(fill_value=0)
    out = pd.DataFrame({"doc_id": sorted(documents["doc_id"].astype(str).unique())})
    n_sent = documents.drop_duplicates("doc_id").set_index("doc_id").get("n_sentences")
    out["n_sentences"] = out["doc_id"].map(n_sent) if n_sent is not None else np.nan
    for name, code in (("n_limitation", limitation_code), ("n_achievement", achievement_code)):
        series = counts[code] if code in counts.columns else pd.Series(dtype=int)
        out[name] = out["doc_id"].map(series).fillna(0).astype(int)
    total = out["n_limitation"] + out["n_achievement"]
    out["candour"] = (out["n_limitation"] / total.where(total > 0)).astype(float)
    n_sent_f = pd.to_numeric(out["n_sentences"], errors="coerce").astype(float)
    out["limitation_share"] = out["n_limitation"] / n_sent_f.where(n_sent_f > 0)
    out["achievement_share"] = out["n_achievement"] / n_sent_f.where(n_sent_f > 0)
    out["reading"] = [_reading(np.array([c])[~np.isnan([c])], lim, ach)
                      for c, lim, ach in zip(out["candour"], out["n_limitation"], out["n_achievement"])]
    return out.reset_index(drop=True)


def _reading(defined: np.ndarray, n_limitation: int, n_achievement: int) -> str:
    """What the number means, in words, next to it."""
    if not len(defined):
        return "undefined: no limitation or achievement sentence"
    if n_limitation == 0:
        return "0: achievements only, no limitation admitted"
    if n_achievement == 0:
        return "1: limitations only, no achievement claimed"
    return "both limitations and achievements"


def group_candour(doc_candour: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                  n_boot: int = 2000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Candour per group with a seeded bootstrap CI over documents.

    Returns ``<grouping>, n_documents, n_documents_defined, n_limitation, n_achievement, candour``
    (mean of defined document values), ``pooled_candour``, ``ci_low, ci_high``,
    ``ci_degenerate`` (fewer than two defined documents, or all equal), ``ci_shown`` and ``interval`` (see the
    module), ``reading`` (what the value means: undefined, 0, 1 or both), plus the 2025 regrouping note for
    ``grouping="province_2025"``. Sorted by group.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Bắc Ninh", "Bắc Ninh"]})
    >>> dc = pd.DataFrame({"doc_id": ["a", "b"], "n_limitation": [1, 0], "n_achievement": [1, 2],
    ...                    "candour": [0.5, 0.0]})
    >>> group_candour(dc, docs, n_boot=100)[["candour", "pooled_candour"]].iloc[0].tolist()
    [0.25, 0.25]
    """
    check_grouping(grouping)
    columns = [grouping, "n_documents", "n_documents_defined", "n_limitation", "n_achievement",
               "candour", "pooled_candour", "ci_low", "ci_high", "ci_degenerate", "ci_shown", "interval",
               "reading"]
    groups = doc_groups(documents, grouping)
    table = doc_candour.assign(**{grouping: doc_candour["doc_id"].map(groups)}).dropna(subset=[grouping])
    rows = []
    for group, part in table.groupby(grouping, sort=True):
        values = part.sort_values("doc_id")["candour"].to_numpy(dtype=float)
        defined = values[~np.isnan(values)]
        reps = bootstrap_means(defined, n_boot, stable_seed(seed, grouping, group))
        low, high = percentile_interval(reps, ci)
        lim, ach = int(part["n_limitation"].sum()), int(part["n_achievement"].sum())
        rows.append({
            grouping: group, "n_documents": len(part), "n_documents_defined": len(defined),
            "n_limitation": lim, "n_achievement": ach,
            "candour": float(defined.mean()) if len(defined) else np.nan,
            "pooled_candour": lim / (lim + ach) if lim + ach else np.nan,
            "ci_low": float(low[0]) if len(defined) else np.nan,
            "ci_high": float(high[0]) if len(defined) else np.nan,
            "ci_degenerate": len(defined) < 2 or float(low[0]) == float(high[0]),
            "ci_shown": len(defined) >= MIN_DOCUMENTS,
            "interval": interval_label(float(low[0]), float(high[0]), len(defined)) if len(defined) else "n=0",
            "reading": _reading(defined, lim, ach),
        })
    out = sort_by_group(pd.DataFrame(rows, columns=columns), [grouping], grouping)
    return add_members(out, grouping, documents)
