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


def plot_heaping(heaping: pd.DataFrame, grouping: str = "province"):
    data = sort_by_group(heaping, [grouping], grouping)
    fig, ax = figure(6.5, 0.45 * len(data) + 1.4)
    y = np.arange(len(data))
    ax.barh(y - 0.2, data["share_multiple_of_5"], height=0.4, label="multiple of 5 (expected 0.2)")
    ax.barh(y + 0.2, data["share_multiple_of_10"], height=0.4, label="multiple of 10 (expected 0.1)")
    ax.axvline(0.2, color=ax.containers[0].patches[0].get_facecolor() if len(data) else "#0072B2",
               linestyle="--", linewidth=0.8)
    ax.axvline(0.1, color="#E69F00", linestyle="--", linewidth=0.8)
    ax.set_yticks(y, [f"{p} (n={n})" for p, n in zip(data[grouping], data["n_values"])])
    ax.invert_yaxis()  # first province at the top, as in the tables
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of stated percentages")
    ax.set_title("Round-number heaping in percentage claims")
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / (len(data) + 2)), ncol=2)
    return fig
