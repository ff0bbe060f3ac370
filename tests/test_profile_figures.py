"""The province-against-corpus figure of 10-profile-province carries n for both sides."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.report.profile import plot_profile_against_corpus  # noqa: E402


def _profile(n_documents: int, shown: bool) -> pd.DataFrame:
    return pd.DataFrame({
        "code": ["hoc_tap", "quan_triet"], "label": ["học tập (study sessions)", "quán triệt (thorough briefing)"],
        "n_documents": [n_documents] * 2, "share": [0.10, 0.05], "ci_low": [0.02, 0.0], "ci_high": [0.2, 0.1],
        "ci_shown": [shown] * 2, "interval": ["[0.02, 0.20]", "[0.00, 0.10]"], "n_documents_corpus": [182] * 2,
        "share_corpus": [0.07, 0.1], "ci_low_corpus": [0.05, 0.08], "ci_high_corpus": [0.09, 0.12]})


def test_legend_names_n_for_the_province_and_the_corpus():
    fig = plot_profile_against_corpus(_profile(14, True), "An Giang", "stage")
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["An Giang (n=14)", "whole corpus (n=182)"]
    plt.close(fig)
    fig = plot_profile_against_corpus(_profile(2, False), "Hà Nam", "stage")
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["Hà Nam (n=2, no interval)",
                                                                           "whole corpus (n=182)"]
    plt.close(fig)
