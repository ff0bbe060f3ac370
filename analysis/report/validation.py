"""Views of notebook 90-validate-extraction: agreement tables and figures."""
from __future__ import annotations

import pandas as pd

from analysis.validate import FROZEN_SPLITS, REAL_AGREEMENT, _stats

from .common import figure

__all__ = ["plot_agreement", "pooled_frozen", "real_text_agreement", "real_text_frozen", "real_text_provenance"]


FROZEN_POOLED = "frozen (both)"


def real_text_agreement(level: str = "category", path=None) -> pd.DataFrame:
    """The committed scores of the codebook on the real-text set (``real-agreement.csv``, written by
    ``python -m analysis validate-real``): one row per split and category (or code), frozen
    held-out splits first, then both frozen splits pooled (``"frozen (both)"``: their counts
    summed, scores recomputed), then dev."""
    table = pd.read_csv(path or REAL_AGREEMENT, keep_default_na=False, na_values={c: [""] for c in
                        ("precision", "recall", "f1", "kappa", "kappa_mean")})
    table = table[table["level"] == level]
    table = pd.concat([table, pooled_frozen(table)], ignore_index=True)
    columns = ["split", "category"] + (["code"] if level == "code" else []) + [
        "n", "tp", "fp", "fn", "precision", "recall", "f1", "kappa"]
    order = {split: rank for rank, split in enumerate((*FROZEN_SPLITS, FROZEN_POOLED, "dev"))}
    return (table[columns].assign(_o=table["split"].map(order)).sort_values(["_o", "category"], kind="stable")
            .drop(columns="_o").reset_index(drop=True))


def pooled_frozen(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the frozen splits summed per category and code, scores recomputed from the counts.

    >>> rows = pd.DataFrame({"split": ["heldout", "heldout2"], "level": ["category"] * 2, "category": ["voice"] * 2,
    ...                      "code": ["", ""], "n": [10, 10], "tp": [2, 3], "fp": [1, 0], "fn": [0, 1], "tn": [7, 6]})
    >>> pooled_frozen(rows)[["split", "n", "tp", "kappa"]].values.tolist()
    [['frozen (both)', 20, 5, 0.762]]
    """
    frozen = table[table["split"].isin(FROZEN_SPLITS)]
    rows = []
    for (level, category, code), group in frozen.groupby(["level", "category", "code"], sort=False):
        counts = [int(group[c].sum()) for c in ("tp", "fp", "fn", "tn")]
        stats = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in _stats(*counts).items()}
        rows.append({"split": FROZEN_POOLED, "level": level, "category": category, "code": code, **stats})
    return pd.DataFrame(rows)


def real_text_frozen(agreement: pd.DataFrame) -> pd.DataFrame:
    """The rows of the frozen splits only, each labelled "category (split)" for a figure.

    >>> table = pd.DataFrame({"split": ["dev", "heldout", "heldout2", "frozen (both)"], "category": ["voice"] * 4,
    ...                       "kappa": [0.9, 0.7, 0.7, 0.7]})
    >>> real_text_frozen(table)["label"].tolist()
    ['voice (heldout)', 'voice (heldout2)', 'voice (frozen (both))']
    """
    frozen = agreement[agreement["split"].isin((*FROZEN_SPLITS, FROZEN_POOLED))].copy()
    frozen["label"] = frozen["category"] + " (" + frozen["split"] + ")"
    return frozen.reset_index(drop=True)


def real_text_provenance() -> pd.DataFrame:
    """Which corpus and date the committed real-text scores come from."""
    table = pd.read_csv(REAL_AGREEMENT, dtype=str, keep_default_na=False)
    return table[["corpus_sha256", "scored_on"]].drop_duplicates().reset_index(drop=True)


def plot_agreement(agreement: pd.DataFrame, value: str = "kappa", label: str = "category"):
    data = agreement.sort_values(label)
    fig, ax = figure(5.5, 0.4 * len(data) + 1.3)
    ax.barh(data[label], data[value])
    ax.invert_yaxis()  # read from the top in the order of the table
    ax.axvline(0.8, color="#888888", linestyle="--", linewidth=0.8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"{value} (dashed: 0.8)")
    ax.set_title(f"Agreement with hand-checked data: {value}")
    return fig
