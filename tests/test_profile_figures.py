"""Figures of 10-profile-province: the province against the corpus carries n for both sides; the distinctive words are the ones that lean toward the province."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.report.profile import plot_distinctive_words, plot_profile_against_corpus  # noqa: E402


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


def test_genre_excess_figure_sorts_by_excess_marks_small_groups_and_names_the_undefined():
    from analysis.report.comparison import plot_genre_excess
    table = pd.DataFrame({
        "province": ["Kon Tum", "Sóc Trăng", "Quảng Trị", "Lạng Sơn"],
        "n_defined": [5, 2, 4, 0], "candour_excess": [0.10, -0.30, -0.05, float("nan")],
        "ci_low": [-0.05, -0.30, -0.20, float("nan")], "ci_high": [0.25, -0.30, 0.10, float("nan")],
        "ci_shown": [True, False, True, False]})
    fig = plot_genre_excess(table, "candour")
    ax = fig.axes[0]
    # bottom to top by excess, each with its n; the group without a value is named, not drawn
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Sóc Trăng (n=2)", "Quảng Trị (n=4)", "Kon Tum (n=5)"]
    assert "no value: Lạng Sơn" in ax.get_title()
    assert ax.get_xlim() == (-1.0, 1.0)
    # two intervals drawn (n >= 3), one open circle without an interval (n = 2)
    open_circles = [line for line in ax.lines if line.get_markerfacecolor() == "none"]
    assert len(open_circles) == 1 and list(open_circles[0].get_xdata()) == [-0.30]
    plt.close(fig)


def test_distinctive_words_figure_draws_only_words_that_lean_toward_the_province():
    # a province with few counted words: two words lean toward it, the rest are words it writes
    # less than the other provinces or never, which the figure once drew as its "distinctive" words
    words = pd.DataFrame({"word": ["trân trọng", "chính trị", "triển khai", "anh dũng", "bám"],
                          "count_a": [2, 3, 1, 0, 0], "docs_a": [2, 2, 1, 0, 0], "z": [2.66, 0.63, -0.01, -0.06, -0.06],
                          "n_a": [122] * 5, "n_b": [12507] * 5})
    fig = plot_distinctive_words(words, "Distinctive words: Hưng Yên", top=15)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["chính trị  (3 uses, 2 docs)", "trân trọng  (2 uses, 2 docs)"]
    plt.close(fig)
