"""Views of notebook 20-compare-provinces: the citation matrix and the figures of profiles,
participation claims, formulaic share and candour."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator
import pandas as pd

from analysis.compare import MIN_DOCUMENTS, order_groups, sort_by_group
from analysis.compare.timeliness import set_aside_citations

from .common import (GROUPING_LABEL, central_references, cited_central_resolutions, code_labels, figure, label_code,
                     resolution_short_label, small_sample_warning, wrap)

__all__ = ["citation_matrix", "citations_set_aside", "plot_profile_heatmap", "participation_note", "plot_claim_ranges", "plot_citation_matrix", "plot_formulaic_share", "plot_candour", "plot_genre_excess"]


def citation_matrix(tables: dict, provinces: list[str], grouping: str = "province", min_provinces: int = 1) -> pd.DataFrame:
    """Documents of each province citing each central resolution (rows: provinces; columns: keys).

    Columns are the Party centre's policy documents with their year, national congresses and
    plenums with their term; what is not counted is listed by ``citations_set_aside``."""
    documents = tables["documents"][tables["documents"][grouping].isin(provinces)]
    cited = cited_central_resolutions(tables["references"], documents, grouping, min_provinces)
    central = central_references(tables["references"]).merge(documents[["doc_id", grouping]], on="doc_id")
    central = central[central["key"].isin(cited["key"])]
    matrix = central.groupby([grouping, "key"])["doc_id"].nunique().unstack(fill_value=0)
    matrix = matrix.reindex(index=provinces, columns=cited["key"].tolist(), fill_value=0)
    matrix.columns.name = "central resolution"
    counts = documents.groupby(grouping)["doc_id"].nunique()
    matrix.attrs["n_documents"] = {p: int(counts.get(p, 0)) for p in provinces}  # for the figure's labels
    return matrix


def citations_set_aside(tables: dict, provinces: list[str], grouping: str = "province") -> pd.DataFrame:
    """Citations of the centre the matrix does not count, with the reason: documents of central Party
    agencies (Văn phòng, Ban Tuyên giáo, Quân ủy Trung ương...), documents of the centre that are not
    policy documents (công văn, thông báo, kế hoạch), and ambiguous citations (a code whose year or a
    plenum whose term the article does not settle) listed with their candidate keys."""
    documents = tables["documents"][tables["documents"][grouping].isin(provinces)]
    return set_aside_citations(tables["references"], documents, grouping)


def plot_profile_heatmap(profiles: pd.DataFrame, category: str, grouping: str = "province"):
    """Share of sentences per code (columns) and province (rows); each cell also shows the width
    of its bootstrap interval, so thinly documented provinces are visibly uncertain."""
    data = profiles[profiles["category"] == category]
    share = data.pivot(index=grouping, columns="code", values="share")
    width = (data.assign(w=data["ci_high"] - data["ci_low"]).pivot(index=grouping, columns="code", values="w"))
    shown = data.pivot(index=grouping, columns="code", values="ci_shown")
    defined = data.pivot(index=grouping, columns="code", values="n_documents_defined")
    # rows in dictionary order of the groups; columns in the codebook's order (for stage, the order of
    # the implementation chain, nghiên cứu ... sơ kết, tổng kết), not alphabetical by code name
    rows = order_groups(share.index)
    columns = sorted(share.columns, key=list(code_labels()).index)
    share, width, shown, defined = (t.reindex(index=rows, columns=columns) for t in (share, width, shown, defined))
    docs = data.groupby(grouping)["n_documents"].first()
    fig, ax = figure(1.0 * share.shape[1] + 2.5, 0.5 * share.shape[0] + 1.8)
    image = ax.imshow(share.to_numpy(dtype=float), cmap="viridis", aspect="auto", vmin=0)
    for i in range(share.shape[0]):
        for j in range(share.shape[1]):
            value, spread = share.iat[i, j], width.iat[i, j]
            if value == value:
                interval = f"±{spread / 2:.2f}" if bool(shown.iat[i, j]) else f"n={int(defined.iat[i, j])}"
                ax.text(j, i, f"{value:.2f}\n{interval}", ha="center", va="center", fontsize=6.5,
                        color="white" if value < np.nanmax(share.to_numpy(dtype=float)) * 0.6 else "black")
    ax.set_xticks(range(share.shape[1]), [wrap(label_code(c)) for c in share.columns], rotation=40, ha="right",
                  fontsize=7.5)
    ax.set_yticks(range(share.shape[0]), [f"{p} (n={docs[p]})" for p in share.index])
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="share of sentences")
    ax.set_title(f"Reporting profile by {GROUPING_LABEL.get(grouping, grouping)}: {category}\n(cell: share of sentences ± half the 95% bootstrap "
                 f"interval; under {MIN_DOCUMENTS} documents no interval, only n)")
    return fig


def participation_note(claims: pd.DataFrame, provinces: list[str], grouping: str = "province") -> str:
    """What section 2 can and cannot compare: the provinces with a province-wide participation or
    completion claim (with their documents), the claims about sub-provincial units set aside, and,
    under the sample rules, whether this is a comparison at all.

    >>> c = pd.DataFrame({"province": ["A", "B"], "unit_level": ["province", "sub-unit"], "units": ["", "TX Sông Mây"],
    ...                   "n_claims": [2, 1], "doc_ids": ["a1", "b1"]})
    >>> print(participation_note(c, ["A", "B", "C"]))
    Province-wide participation or completion claims: 1 of 3 provinces (A: 2 claims, 1 document). Not drawn as a province's rate: 1 claim about sub-provincial units (B: TX Sông Mây), listed in the table. This is not a comparison: fewer than 2 provinces state a province-wide figure backed by 3 documents or more.
    """
    noun = "provinces" if grouping == "province" else "groups"
    wide = claims[claims["unit_level"] == "province"]
    sub = claims[claims["unit_level"] == "sub-unit"]

    def docs(part):
        return len({d for ids in part["doc_ids"] for d in str(ids).split("; ") if d})

    parts = []
    for group in order_groups(wide[grouping].unique()):
        part = wide[wide[grouping] == group]
        n, k = int(part["n_claims"].sum()), docs(part)
        parts.append(f"{group}: {n} claim{'s' if n != 1 else ''}, {k} document{'s' if k != 1 else ''}")
    text = (f"Province-wide participation or completion claims: {len(parts)} of {len(provinces)} {noun}"
            + (f" ({'; '.join(parts)})." if parts else "."))
    if not sub.empty:
        n_sub = int(sub["n_claims"].sum())
        units = "; ".join(f"{g}: {', '.join(dict.fromkeys(u for u in sub.loc[sub[grouping] == g, 'units'] if u))}"
                          for g in order_groups(sub[grouping].unique()))
        text += (f" Not drawn as a province's rate: {n_sub} claim{'s' if n_sub != 1 else ''} about sub-provincial "
                 f"units ({units}), listed in the table.")
    backed = [g for g in wide[grouping].unique() if docs(wide[wide[grouping] == g]) >= MIN_DOCUMENTS]
    if len(backed) < 2:
        text += (f" This is not a comparison: fewer than 2 {noun} state a province-wide figure backed by "
                 f"{MIN_DOCUMENTS} documents or more.")
    elif len(backed) < len(parts):
        text += (f" Only {len(backed)} {noun} have {MIN_DOCUMENTS} documents or more behind their figures; "
                 "for the others a difference is not a finding.")
    return text


def plot_claim_ranges(claims: pd.DataFrame, grouping: str = "province", max_rows: int = 40):
    """Province-wide participation/completion claims (``unit_level`` "province"; a district's,
    a town's or the military Party committee's figure is not the province's rate): a line from the
    lowest to the highest value stated, a dot at the median, one row per province × audience; at
    most ``max_rows`` rows (the rows with the most documents behind them; the table beside the
    figure has them all). Rows say n (documents); the title says how many sub-unit claims are left out."""
    data = claims[claims["unit_level"] == "province"] if "unit_level" in claims.columns else claims
    n_sub = int(claims.loc[claims["unit_level"] == "sub-unit", "n_claims"].sum()) if "unit_level" in claims.columns else 0
    if len(data) > max_rows:
        data = data.sort_values(["n_documents", "n_claims", grouping], ascending=[False, False, True]).head(max_rows)
    data = sort_by_group(data, [grouping, "audience", "claim_type"], grouping)
    fig, ax = figure(7, 0.32 * max(len(data), 1) + 1.6)
    y = np.arange(len(data))
    ax.hlines(y, data["low_min"], data["high_max"], linewidth=3, alpha=0.6)
    ax.plot(data["mid_median"], y, "o", color="black", markersize=4)
    ax.set_yticks(y, [f"{p} · {label_code(a)} · {t} (n={n})" for p, a, t, n in
                      zip(data[grouping], data["audience"], data["claim_type"], data["n_documents"])],
                  fontsize=7)
    if data.empty:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "no province-wide participation or completion claim", transform=ax.transAxes,
                ha="center", va="center", fontsize=9, color="#555555")
    ax.invert_yaxis()
    ax.set_xlim(0, max(100.0, float(data["high_max"].max()) if len(data) else 0.0) * 1.03)
    ax.set_xlabel("percent claimed (line: lowest to highest stated; ranges kept as ranges; n = documents)")
    left_out = f"; {n_sub} claim{'s' if n_sub != 1 else ''} about sub-provincial units not drawn" if n_sub else ""
    ax.set_title("Participation and completion claims by audience (tỷ lệ tham gia, hoàn thành)\n"
                 f"province-wide claims only{left_out}", fontsize=10)
    return fig


def plot_citation_matrix(matrix: pd.DataFrame):
    """Heatmap of :func:`citation_matrix`: one-line resolution labels on the x axis (the table and
    its CSV carry the full ones), each province with its number of documents, integer counts."""
    fig, ax = figure(0.3 * matrix.shape[1] + 3.5, 0.42 * matrix.shape[0] + 3.2)
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            if matrix.iat[i, j]:
                ax.text(j, i, str(int(matrix.iat[i, j])), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(matrix.shape[1]), [resolution_short_label(k) for k in matrix.columns], rotation=90,
                  fontsize=7)
    n_documents = matrix.attrs.get("n_documents", {})
    ax.set_yticks(range(matrix.shape[0]), [f"{p} (n={n_documents[p]})" if p in n_documents else str(p)
                                           for p in matrix.index])
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, label="documents citing")
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    ax.set_title("Which central resolutions each province cites (n = documents of the province)")
    return fig


def plot_formulaic_share(shares: pd.DataFrame, grouping: str = "province"):
    """One dot per document (one colour: colour means nothing here) and each group's median, groups
    in dictionary order from the top, each with its n."""
    data = shares.sort_values([grouping, "doc_id"])
    groups = order_groups(data[grouping].dropna().unique())
    fig, ax = figure(6.5, 0.4 * len(groups) + 1.5)
    for i, group in enumerate(groups):
        values = data.loc[data[grouping] == group, "formulaic_share"].dropna()
        ax.plot(values, np.full(len(values), i), "o", color="C0", alpha=0.55,
                label="one document" if i == 0 else None)
        if len(values):
            ax.plot([values.median()], [i], "|", color="black", markersize=14, markeredgewidth=2,
                    label="median of the group" if i == 0 else None)
    counts = data.groupby(grouping)["doc_id"].nunique()
    ax.set_yticks(range(len(groups)), [f"{g} (n={counts[g]})" for g in groups])
    ax.set_ylim(len(groups) - 0.5, -0.5)  # the first group at the top
    ax.set_xlim(0, max(0.5, float(data["formulaic_share"].max() or 0) * 1.1))
    ax.set_xlabel("formulaic share: fraction of a document's own words in formulas shared with other provinces\n"
                  "(citations, quoted titles, institution names and news-reporting frames left out)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("How formulaic is each report?")
    return fig


def _dots_with_intervals(ax, data: pd.DataFrame, value: str, grouping: str, n_column: str) -> None:
    """One row per group: a dot with its bootstrap interval where ``ci_shown``, else an open grey
    circle (no interval under MIN_DOCUMENTS documents); rows labelled with the group and its n."""
    y = np.arange(len(data))
    shown = data["ci_shown"].astype(bool).to_numpy()
    ax.errorbar(data[value][shown], y[shown], xerr=[(data[value] - data["ci_low"])[shown],
                (data["ci_high"] - data[value])[shown]], fmt="o", capsize=3)
    ax.plot(data[value][~shown], y[~shown], "o", mfc="none", color="grey")
    ax.set_yticks(y, [f"{g} (n={n})" for g, n in zip(data[grouping], data[n_column])])


def plot_candour(candour: pd.DataFrame, grouping: str = "province"):
    data = candour.dropna(subset=["candour"]).sort_values("candour").reset_index(drop=True)
    fig, ax = figure(6, 0.35 * len(data) + 1.3)
    _dots_with_intervals(ax, data, "candour", grouping, "n_documents_defined")
    ax.set_xlim(0, 1)
    ax.set_xlabel("candour = limitation / (limitation + achievement) sentences (hạn chế vs. đạt, hoàn thành)")
    ax.set_title(f"How candid are the reports? (open circle: fewer than {MIN_DOCUMENTS} documents, no interval;\n"
                 "groups with no limitation or achievement sentence have no candour and are not drawn)")
    return fig


def plot_genre_excess(table: pd.DataFrame, measure: str, grouping: str = "province"):
    """The excess of :func:`analysis.compare.genre_comparison` per group: a dot at observed -
    expected with its bootstrap interval (an open circle and no interval under ``MIN_DOCUMENTS``
    documents with a value), a line at 0 (scoring as its genres lead one to expect), groups sorted
    by excess, each with its n; groups without a value are not drawn and are named in the title."""
    excess = f"{measure}_excess"
    data = table.dropna(subset=[excess]).sort_values([excess, grouping]).reset_index(drop=True)
    missing = table.loc[table[excess].isna(), grouping].tolist()
    fig, ax = figure(6.5, 0.35 * len(data) + 1.6)
    ax.axvline(0, color="#888888", linewidth=0.8)
    _dots_with_intervals(ax, data, excess, grouping, "n_defined")
    ax.set_xlim(-1, 1)
    what = {"candour": "limitation sentences (hạn chế)", "formalism": "procedural outputs (hình thức)"}.get(measure, measure)
    ax.set_xlabel(f"{measure}: observed - expected from the genre mix (above 0: more {what} than its genres carry)")
    title = (f"{measure.capitalize()} against what the genre mix leads one to expect\n(open circle: fewer than "
             f"{MIN_DOCUMENTS} documents, no interval")
    title += f"; no value: {', '.join(missing)})" if missing else ")"
    ax.set_title(title)
    return fig

