"""Views of notebook 40-audit-claims: the round-number heaping figure."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .common import figure

__all__ = ["plot_heaping"]


def plot_heaping(heaping: pd.DataFrame, grouping: str = "province"):
    data = heaping.sort_values(grouping).reset_index(drop=True)
    fig, ax = figure(6.5, 0.45 * len(data) + 1.4)
    y = np.arange(len(data))
    ax.barh(y - 0.2, data["share_multiple_of_5"], height=0.4, label="multiple of 5 (expected 0.2)")
    ax.barh(y + 0.2, data["share_multiple_of_10"], height=0.4, label="multiple of 10 (expected 0.1)")
    ax.axvline(0.2, color=ax.containers[0].patches[0].get_facecolor() if len(data) else "#0072B2",
               linestyle="--", linewidth=0.8)
    ax.axvline(0.1, color="#E69F00", linestyle="--", linewidth=0.8)
    ax.set_yticks(y, [f"{p} (n={n})" for p, n in zip(data[grouping], data["n_values"])])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of stated percentages")
    ax.set_title("Round-number heaping in percentage claims")
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / (len(data) + 2)), ncol=2)
    return fig
