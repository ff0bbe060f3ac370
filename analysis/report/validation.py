"""Views of notebook 90-validate-extraction: agreement tables and figures."""
from __future__ import annotations

import pandas as pd

from analysis.validate import FROZEN_SPLITS, REAL_AGREEMENT

from .common import figure

__all__ = ["plot_agreement", "real_text_agreement", "real_text_frozen", "real_text_provenance"]


def real_text_agreement(level: str = "category") -> pd.DataFrame:
    """The committed scores of the codebook on the real-text set (``real-agreement.csv``, written by
    ``python -m analysis validate-real``): one row per split and category (or code), frozen
    held-out splits first, then dev."""
    table = pd.read_csv(REAL_AGREEMENT, keep_default_na=False, na_values={c: [""] for c in
                        ("precision", "recall", "f1", "kappa", "kappa_mean")})
    table = table[table["level"] == level]
    columns = ["split", "category"] + (["code"] if level == "code" else []) + [
        "n", "tp", "fp", "fn", "precision", "recall", "f1", "kappa"]
    order = {split: rank for rank, split in enumerate((*FROZEN_SPLITS, "dev"))}
    return (table[columns].assign(_o=table["split"].map(order)).sort_values(["_o", "category"], kind="stable")
            .drop(columns="_o").reset_index(drop=True))


def real_text_frozen(agreement: pd.DataFrame) -> pd.DataFrame:
    """The rows of the frozen splits only, each labelled "category (split)" for a figure.

    >>> table = pd.DataFrame({"split": ["dev", "heldout", "heldout2"], "category": ["voice"] * 3, "kappa": [0.9, 0.7, 0.7]})
    >>> real_text_frozen(table)["label"].tolist()
    ['voice (heldout)', 'voice (heldout2)']
    """
    frozen = agreement[agreement["split"].isin(FROZEN_SPLITS)].copy()
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
