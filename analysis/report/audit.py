"""Views of notebook 40-audit-claims: claims with their province (or "(no province)"), claim types
per province, and the round-number heaping figure."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare import CLAIM_TYPES, NO_GROUP, claim_contexts, order_groups, sort_by_group

from .common import figure

__all__ = ["claims_with_group", "claim_types_by_group", "claims_by_kind", "claims_listing", "plot_heaping"]


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


def claims_listing(claims: pd.DataFrame, grouping: str = "province", max_rows: int = 60) -> pd.DataFrame:
    """The first ``max_rows`` claims with what was parsed from them, by group (dictionary order,
    "(no province)" last), kind and text."""
    columns = [grouping, "kind", "text", "qualifier", "low", "high", "numerator", "denominator", "value",
               "unit", "subject"]
    return sort_by_group(claims[columns], [grouping, "kind", "text"], grouping).head(max_rows).round(2)


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
