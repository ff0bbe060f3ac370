"""Reporting profiles: what share of each document's sentences is coded stage/channel/audience/...

Definitions (the choice is exposed, not hidden):

* A sentence "carries" a code when the ``codings`` table has at least one row for that
  (doc_id, sentence_index, category, code); several term matches in one sentence count once.
* Document share (``denominator="sentences"``, the default) = sentences carrying the code / all
  sentences of the document. With ``denominator="coded"`` the denominator is the sentences
  carrying any code of the same category, so the shares of a category sum to at least 1 (a
  sentence can carry several codes).
* Group estimate = the mean of the document shares (every document weighs the same, so one long
  article does not dominate its province), with a percentile bootstrap over documents (seeded)
  and the pooled share (sum of coded sentences / sum of denominators) for comparison.
* A group with fewer than two documents has a degenerate interval (low = high = estimate); it is
  flagged ``ci_degenerate`` so that a one-article province is visibly uncertain; so is a group
  whose documents all have the same value (a zero-width interval, labelled "all 4 at 0.00"). An interval over
  fewer than ``MIN_DOCUMENTS`` (3) documents is not shown as a finding: ``ci_shown`` is False and
  ``interval`` says "n=1" or "n=2" instead of "[low, high]".
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import (MIN_DOCUMENTS, add_members, sort_by_group, bootstrap_means, check_grouping, doc_groups,
                      interval_label, percentile_interval, stable_seed)

__all__ = ["sentence_codes", "document_profiles", "group_profiles", "reporting_profiles"]

DENOMINATORS = ("sentences", "coded")


def sentence_codes(codings: pd.DataFrame, categories: list[str] | None = None) -> pd.DataFrame:
    """One row per (doc_id, sentence_index, category, code): the sentences carrying each code.

    >>> c = pd.DataFrame({"doc_id": ["d", "d", "d"], "sentence_index": [0, 0, 1],
    ...                   "category": ["stage"] * 3, "code": ["quan_triet"] * 3})
    >>> len(sentence_codes(c))
    2
    """
    cols = ["doc_id", "sentence_index", "category", "code"]
    table = codings[cols]
    if categories is not None:
        table = table[table["category"].isin(categories)]
    return (table.drop_duplicates().sort_values(cols, kind="stable").reset_index(drop=True))


def _sentence_counts(documents: pd.DataFrame, sentences: pd.DataFrame | None) -> pd.Series:
    counts = pd.Series(0, index=pd.Index(documents["doc_id"].astype(str), name="doc_id"), dtype=float)
    if "n_sentences" in documents.columns:
        counts = pd.Series(documents["n_sentences"].astype(float).to_numpy(), index=counts.index)
    if sentences is not None and not sentences.empty:
        observed = sentences.groupby("doc_id")["sentence_index"].nunique()
        observed = observed[observed.index.isin(counts.index)]
        counts.loc[observed.index] = observed.astype(float)
    return counts


def document_profiles(documents: pd.DataFrame, sentences: pd.DataFrame | None,
                      codings: pd.DataFrame, categories: list[str] | None = None,
                      denominator: str = "sentences",
                      codes: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Share of each document's sentences carrying each code, with the counts behind it.

    Every document gets a row for every (category, code) observed anywhere in ``codings`` (or
    listed in ``codes``), zeros included, so that means over documents are right.

    Returns columns ``doc_id, category, code, n_coded, denominator, share`` (``share`` is NaN
    when the denominator is 0), sorted by doc_id, category, code. Sentence counts come from
    ``sentences`` (distinct sentence_index) or, for documents absent there, ``n_sentences``.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "n_sentences": [4]})
    >>> cod = pd.DataFrame({"doc_id": ["a", "a"], "sentence_index": [0, 2],
    ...                     "category": ["stage", "stage"], "code": ["quan_triet", "kiem_tra"]})
    >>> document_profiles(docs, None, cod)[["code", "n_coded", "denominator", "share"]].to_dict("records")
    [{'code': 'kiem_tra', 'n_coded': 1, 'denominator': 4, 'share': 0.25}, {'code': 'quan_triet', 'n_coded': 1, 'denominator': 4, 'share': 0.25}]
    """
    if denominator not in DENOMINATORS:
        raise ValueError(f"denominator must be one of {DENOMINATORS}, got {denominator!r}")
    columns = ["doc_id", "category", "code", "n_coded", "denominator", "share"]
    doc_ids = documents["doc_id"].astype(str)
    carried = sentence_codes(codings, categories)
    carried = carried[carried["doc_id"].isin(set(doc_ids))]
    pairs = carried[["category", "code"]].drop_duplicates()
    if codes:
        extra = pd.DataFrame([(cat, code) for cat, cl in codes.items() for code in cl
                              if categories is None or cat in categories],
                             columns=["category", "code"])
        pairs = pd.concat([pairs, extra]).drop_duplicates()
    if pairs.empty or documents.empty:
        return pd.DataFrame(columns=columns)
    pairs = pairs.sort_values(["category", "code"]).reset_index(drop=True)
    grid = (pd.DataFrame({"doc_id": sorted(doc_ids.unique())})
            .merge(pairs, how="cross"))
    n_coded = carried.groupby(["doc_id", "category", "code"]).size().rename("n_coded")
    grid = grid.merge(n_coded.reset_index(), on=["doc_id", "category", "code"], how="left")
    grid["n_coded"] = grid["n_coded"].fillna(0).astype(int)
    if denominator == "sentences":
        counts = _sentence_counts(documents, sentences)
        counts = counts.groupby(level=0).max()
        grid["denominator"] = grid["doc_id"].map(counts).fillna(0).astype(int)
    else:
        coded_any = (carried.drop_duplicates(["doc_id", "sentence_index", "category"])
                     .groupby(["doc_id", "category"]).size().rename("denominator"))
        grid = grid.merge(coded_any.reset_index(), on=["doc_id", "category"], how="left")
        grid["denominator"] = grid["denominator"].fillna(0).astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        grid["share"] = np.where(grid["denominator"] > 0,
                                 grid["n_coded"] / grid["denominator"].where(grid["denominator"] > 0, 1),
                                 np.nan)
    return (grid[columns].sort_values(["doc_id", "category", "code"], kind="stable")
            .reset_index(drop=True))


def group_profiles(doc_profiles: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                   n_boot: int = 2000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Group (province) profiles: mean document share with a seeded bootstrap CI over documents.

    Returns one row per (group, category, code): ``<grouping>, category, code, n_documents,
    n_documents_defined`` (documents with a non-zero denominator), ``n_coded, denominator``
    (sums), ``share`` (mean of document shares), ``pooled_share`` (n_coded / denominator),
    ``ci_low, ci_high`` (percentile bootstrap of the mean, resampling documents with
    replacement, ``n_boot`` replicates, generator seeded by ``seed`` and the group name),
    ``ci_degenerate`` (fewer than two documents with a defined share, or all of them equal: the
    interval has no width and cannot show the uncertainty), ``ci_shown`` (at least ``MIN_DOCUMENTS`` defined documents) and
    ``interval`` ("[0.20, 0.80]" or "n=2"), and for ``grouping="province_2025"`` the regrouping note ``members``,
    ``members_in_corpus``. Sorted by group, category, code.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Lạng Sơn", "Lạng Sơn"]})
    >>> prof = pd.DataFrame({"doc_id": ["a", "b"], "category": ["stage"] * 2, "code": ["quan_triet"] * 2,
    ...                      "n_coded": [1, 3], "denominator": [4, 4], "share": [0.25, 0.75]})
    >>> row = group_profiles(prof, docs, n_boot=200).iloc[0]
    >>> float(row["share"]), float(row["pooled_share"]), bool(row["ci_degenerate"])
    (0.5, 0.5, False)
    """
    check_grouping(grouping)
    columns = [grouping, "category", "code", "n_documents", "n_documents_defined", "n_coded",
               "denominator", "share", "pooled_share", "ci_low", "ci_high", "ci_degenerate", "ci_shown",
               "interval"]
    groups = doc_groups(documents, grouping)
    table = doc_profiles.assign(**{grouping: doc_profiles["doc_id"].map(groups)}).dropna(subset=[grouping])
    if table.empty:
        return add_members(pd.DataFrame(columns=columns), grouping, documents)
    rows = []
    for group, part in table.groupby(grouping, sort=True):
        wide = (part.set_index(["doc_id", "category", "code"])["share"]
                .unstack(["category", "code"]).sort_index())
        wide = wide.reindex(columns=sorted(wide.columns))
        reps = bootstrap_means(wide.to_numpy(), n_boot, stable_seed(seed, grouping, group))
        low, high = percentile_interval(reps, ci)
        sums = part.groupby(["category", "code"])[["n_coded", "denominator"]].sum()
        for j, (category, code) in enumerate(wide.columns):
            shares = wide[(category, code)]
            defined = int(shares.notna().sum())
            n_coded = int(sums.loc[(category, code), "n_coded"])
            denom = int(sums.loc[(category, code), "denominator"])
            rows.append({
                grouping: group, "category": category, "code": code,
                "n_documents": int(len(shares)), "n_documents_defined": defined,
                "n_coded": n_coded, "denominator": denom,
                "share": float(shares.mean()) if defined else np.nan,
                "pooled_share": n_coded / denom if denom else np.nan,
                "ci_low": float(low[j]) if defined else np.nan,
                "ci_high": float(high[j]) if defined else np.nan,
                "ci_degenerate": defined < 2 or float(low[j]) == float(high[j]),
                "ci_shown": defined >= MIN_DOCUMENTS,
                "interval": interval_label(float(low[j]), float(high[j]), defined) if defined else "n=0",
            })
    out = sort_by_group(pd.DataFrame(rows, columns=columns), [grouping, "category", "code"], grouping)
    return add_members(out.reset_index(drop=True), grouping, documents)


def reporting_profiles(documents: pd.DataFrame, sentences: pd.DataFrame | None,
                       codings: pd.DataFrame, grouping: str = "province",
                       categories: list[str] | None = None, denominator: str = "sentences",
                       n_boot: int = 2000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Document profiles aggregated to ``grouping`` in one call (see :func:`group_profiles`)."""
    docs = document_profiles(documents, sentences, codings, categories, denominator)
    return group_profiles(docs, documents, grouping=grouping, n_boot=n_boot, seed=seed, ci=ci)
