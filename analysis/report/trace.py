"""Views of notebook 30-trace-resolution: who cites one central resolution, the lags to provincial
follow-ups (censored where none is observed), and the formulas that travel with it."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare import timeliness, widespread_formulas

from .common import figure

__all__ = ["resolution_reports", "resolution_follow_ups", "resolution_formulas", "plot_lags"]


def resolution_reports(tables: dict, key: str, grouping: str = "province") -> pd.DataFrame:
    """Documents that cite `key`: province, date, title, mentions."""
    refs = tables["references"][tables["references"]["key"] == key]
    counts = refs.groupby("doc_id").size().rename("mentions").reset_index()
    docs = tables["documents"].merge(counts, on="doc_id")
    out = docs[[grouping, "published", "title", "mentions", "doc_id"]]
    return out.sort_values([grouping, "published", "doc_id"], na_position="last").reset_index(drop=True)


def resolution_follow_ups(tables: dict, key: str, grouping: str = "province") -> pd.DataFrame:
    """Per province, the lag from the central issue date to the first provincial follow-up,
    censored (not zero) where none is observed."""
    lags = timeliness(tables["documents"], tables["references"], tables["sentences"], grouping=grouping)
    lags = lags[lags["key"] == key]
    columns = [grouping, "central_issued", "n_citing_documents", "n_follow_ups", "first_follow_up_key",
               "first_follow_up_issued", "lag_days", "status", "censored", "duration_days", "first_report_published",
               "report_lag_days"]
    lags = lags[lags["n_citing_documents"] > 0] if "n_citing_documents" in lags else lags
    return lags[[c for c in columns if c in lags]].sort_values(grouping).reset_index(drop=True)


def resolution_formulas(tables: dict, key: str, grouping: str = "province", top: int = 15) -> pd.DataFrame:
    """Formulas (passages shared across provinces) in the documents that cite `key`."""
    citing = tables["references"].loc[tables["references"]["key"] == key, "doc_id"].unique()
    documents = tables["documents"][tables["documents"]["doc_id"].isin(citing)]
    tokens = tables["tokens"][tables["tokens"]["doc_id"].isin(citing)]
    if documents[grouping].nunique() < 2:
        return pd.DataFrame(columns=["formula", "n_documents", "n_groups", "groups"])
    formulas = widespread_formulas(tokens, documents, grouping=grouping, top=top)
    return formulas[["formula", "n_tokens", "n_documents", "n_groups", "groups"]].reset_index(drop=True)


def plot_lags(lags: pd.DataFrame, grouping: str = "province", title: str = ""):
    """Observed lags as bars; censored provinces as hollow bars to the end of observation."""
    data = lags.sort_values(grouping).reset_index(drop=True)
    fig, ax = figure(6.5, 0.4 * len(data) + 1.4)
    if data.empty:  # no issue date in the catalogue, or no province to follow: say so, no empty axis
        ax.set_title(title or "Lag to the first provincial follow-up")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.text(0.5, 0.5, "No lag to show: the resolution has no issue date in the catalogue,\n"
                "or no citing province could be followed", transform=ax.transAxes, ha="center", va="center",
                fontsize=9, color="#555555")
        return fig
    y = np.arange(len(data))
    observed = data["status"] == "observed"
    ax.barh(y[observed], data.loc[observed, "lag_days"], label="first follow-up observed")
    ax.barh(y[~observed], data.loc[~observed, "duration_days"], fill=False, hatch="//", edgecolor="#888888",
            label="censored: no follow-up seen by the last article")
    ax.set_yticks(y, data[grouping])
    ax.set_xlabel("days after the central resolution was issued")
    ax.set_title(title or "Lag to the first provincial follow-up")
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / (len(data) + 2)), ncol=2)
    return fig
