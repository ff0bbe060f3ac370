"""Views of notebook 90-validate-extraction: agreement figures."""
from __future__ import annotations

import pandas as pd

from .common import figure

__all__ = ["plot_agreement"]


def plot_agreement(agreement: pd.DataFrame, value: str = "kappa", label: str = "category"):
    data = agreement.sort_values(label)
    fig, ax = figure(5.5, 0.4 * len(data) + 1.3)
    ax.barh(data[label], data[value])
    ax.axvline(0.8, color="#888888", linestyle="--", linewidth=0.8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"{value} (dashed: 0.8)")
    ax.set_title(f"Agreement with hand-checked data: {value}")
    return fig
