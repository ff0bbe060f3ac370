"""Views of notebook 40-audit-claims: claims with their province (or "(no province)"), claim types
per province, and the round-number heaping figure."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare import CLAIM_TYPES, NO_GROUP, claim_contexts, order_groups, sort_by_group

from .common import figure

__all__ = ["claims_with_group", "claim_types_by_group", "claims_by_kind", "claim_numbers", "sort_claims", "claims_listing",
           "plot_heaping"]


def claims_with_group(tables: dict, grouping: str = "province") -> pd.DataFrame:
    """Every claim with its document's group; documents without one are kept as "(no province)"."""
    groups = tables["documents"][["doc_id", grouping]]
    out = tables["claims"].merge(groups, on="doc_id", how="left")
    out[grouping] = out[grouping].fillna(NO_GROUP)
    return out


def claim_types_by_group(tables: dict, grouping: str = "province") -> pd.DataFrame:
    """Percentages and fractions per group and claim type (participation in study, grading of members
    and organisations, admission, completion, targets, rates of change, other), restated headline
    figures counted once; one row per group, ``n_documents`` first."""
    ctx = claim_contexts(tables["claims"], tables["codings"], tables["sentences"])
    ctx = ctx[ctx["repeat_of"].isna()]
    groups = tables["documents"].set_index("doc_id")[grouping]
    ctx = ctx.assign(**{grouping: ctx["doc_id"].map(groups).fillna(NO_GROUP)})
    table = ctx.pivot_table(index=grouping, columns="claim_type", values="claim_index", aggfunc="count",
                            fill_value=0).reindex(columns=list(CLAIM_TYPES), fill_value=0)
    docs = tables["documents"].assign(**{grouping: tables["documents"][grouping].fillna(NO_GROUP)})
    table.insert(0, "n_documents", docs.groupby(grouping)["doc_id"].nunique().reindex(table.index).fillna(0).astype(int))
    table.columns.name = None
    return table.loc[order_groups(table.index)].reset_index()


def claims_by_kind(claims: pd.DataFrame, grouping: str = "province") -> pd.DataFrame:
    """Number of claims per group and kind (percent, fraction, count), groups in Vietnamese
    dictionary order and "(no province)" last.

    >>> c = pd.DataFrame({"province": ["Bình Định", "Bạc Liêu", "(no province)"], "kind": ["count"] * 3})
    >>> claims_by_kind(c)["province"].tolist()
    ['Bạc Liêu', 'Bình Định', '(no province)']
    """
    counts = claims.groupby([grouping, "kind"]).size().rename("claims").reset_index()
    return sort_by_group(counts, [grouping, "kind"], grouping)


def claim_numbers(claims: pd.DataFrame) -> pd.DataFrame:
    """Numeric sort keys of claims: ``_n1`` (a percentage's low bound, a fraction's numerator, a
    count's value) and ``_n2`` (a percentage's high bound, a fraction's denominator), so that a
    listing puts "9%" before "21%" before "100%" (as text "100%" came first)."""
    def num(name):
        return pd.to_numeric(claims[name], errors="coerce") if name in claims.columns else pd.Series(np.nan, index=claims.index)
    kind = claims["kind"]
    first = num("low").where(kind == "percent", num("numerator").where(kind == "fraction", num("value")))
    second = num("high").where(kind == "percent", num("denominator").where(kind == "fraction", np.nan))
    return pd.DataFrame({"_n1": first, "_n2": second}, index=claims.index)


def sort_claims(claims: pd.DataFrame, by: list[str], grouping: str | None = None) -> pd.DataFrame:
    """``claims`` sorted by ``by`` (the group column, if any, in dictionary order), then kind, then
    numerically by value (:func:`claim_numbers`), then text.

    >>> c = pd.DataFrame({"kind": ["percent"] * 3, "text": ["100%", "21%", "9%"], "low": [100.0, 21.0, 9.0],
    ...                   "high": [100.0, 21.0, 9.0]})
    >>> sort_claims(c, [])["text"].tolist()
    ['9%', '21%', '100%']
    """
    keyed = pd.concat([claims, claim_numbers(claims)], axis=1)
    keys = [*by, "kind", "_n1", "_n2", "text"]
    if grouping is not None:
        keyed = sort_by_group(keyed, keys, grouping)
    else:
        keyed = keyed.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)
    return keyed.drop(columns=["_n1", "_n2"])


def claims_listing(claims: pd.DataFrame, grouping: str = "province", max_rows: int = 60) -> pd.DataFrame:
    """The first ``max_rows`` claims with what was parsed from them, by group (dictionary order,
    "(no province)" last), kind, value (numerically: "9%" before "100%") and text."""
    columns = [grouping, "kind", "text", "qualifier", "low", "high", "numerator", "denominator", "value",
               "unit", "subject"]
    return sort_claims(claims[columns], [grouping], grouping).head(max_rows).round(2)


def plot_heaping(heaping: pd.DataFrame, grouping: str = "province", overall: pd.DataFrame | None = None):
    """Shares of stated values that are multiples of 5 and of 10, against the 0.2 and 0.1 expected.

    Bars only for groups whose shares are given (``shown``: enough documents and values, see
    :func:`analysis.compare.round_number_heaping`); the others are listed by name with their "n=…"
    and no bar, as the other comparisons show n instead of an interval. ``overall`` (the
    ``grouping=None`` result) adds an "all documents" row at the top."""
    from analysis.compare import MIN_DOCUMENTS, MIN_HEAPING_VALUES

    data = sort_by_group(heaping, [grouping], grouping)
    if overall is not None and not overall.empty:
        top = overall.iloc[[0]].drop(columns=["scope"], errors="ignore").assign(**{grouping: "all documents"})
        top = top.assign(shown=True)  # the corpus-wide figure is always drawn, its n beside it
        data = pd.concat([top, data], ignore_index=True)
    shown = (data["shown"].astype(bool) if "shown" in data.columns else pd.Series(True, index=data.index)).to_numpy()
    fig, ax = figure(6.5, 0.45 * len(data) + 1.6)
    y = np.arange(len(data))
    five = data["share_multiple_of_5"].to_numpy(dtype=float)
    ten = data["share_multiple_of_10"].to_numpy(dtype=float)
    ax.barh(y[shown] - 0.2, five[shown], height=0.4, color="#0072B2", label="multiple of 5 (expected 0.2)")
    ax.barh(y[shown] + 0.2, ten[shown], height=0.4, color="#E69F00", label="multiple of 10 (expected 0.1)")
    ax.axvline(0.2, color="#0072B2", linestyle="--", linewidth=0.8)
    ax.axvline(0.1, color="#E69F00", linestyle="--", linewidth=0.8)
    samples = data["sample"] if "sample" in data.columns else pd.Series("", index=data.index)
    for i in np.flatnonzero(~shown):
        ax.text(0.01, y[i], f"too few for a rate ({samples.iloc[i]}): no bar", va="center", fontsize=7,
                color="#555555")
    n_docs = data["n_documents"] if "n_documents" in data.columns else pd.Series(np.nan, index=data.index)
    labels = [f"{p} (n={int(n)})" if d != d else f"{p} (n={int(n)} values, {int(d)} documents)" if ok else str(p)
              for p, n, d, ok in zip(data[grouping], data["n_values"], n_docs, shown)]
    ax.set_yticks(y, labels)
    # first province at the top, as in the tables; half a row of margin at both ends, so that the
    # first bars and the last row's note clear the frame
    ax.set_ylim(len(data) - 0.4, -0.6)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of stated percentages (reported results about Party work; targets, votes, contests left out)")
    ax.set_title(f"Round-number heaping in percentage claims\n(bars only with at least {MIN_DOCUMENTS} documents "
                 f"and {MIN_HEAPING_VALUES} values)", fontsize=10)
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.14 - 0.6 / (len(data) + 2)), ncol=2)
    return fig
