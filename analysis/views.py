"""What the notebooks show: parameter checks, per-province and per-resolution views, and figures.

The comparative statistics live in `analysis.compare`; this module selects and labels their
results for one notebook section each, so that notebooks stay a sequence of short calls. Every
function returns a sorted DataFrame or a matplotlib figure in the house style.
"""
from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd

from .notebook import ParameterError, check_choice

__all__ = [
    "UNITS", "check_unit", "province_choices", "check_province", "select_provinces", "code_labels",
    "label_code", "central_catalogue", "cited_central_resolutions", "resolve_resolution",
    "province_documents", "province_references", "province_follow_ups", "province_claims",
    "profile_against_corpus", "citation_matrix", "resolution_reports", "resolution_follow_ups",
    "resolution_formulas", "plot_timeline", "plot_profile_against_corpus", "plot_distinctive_words",
    "plot_candour", "plot_profile_heatmap", "plot_claim_ranges", "plot_citation_matrix",
    "plot_formulaic_share", "plot_lags", "plot_heaping", "plot_agreement",
]

UNITS = ("province", "province_2025")
UNIT_LABEL = {"province": "province (pre-2025, 63)", "province_2025": "province (2025, 34)"}


# ------------------------------------------------------------------------------ parameters


def check_unit(unit: str) -> None:
    check_choice("unit", unit, UNITS, "grouping unit")


def province_choices(documents: pd.DataFrame, unit: str = "province") -> list[str]:
    """Provinces (of `unit`) that have at least one document in the corpus, sorted."""
    return sorted(documents[unit].dropna().unique().tolist()) if unit in documents else []


def check_province(province: str, documents: pd.DataFrame, unit: str = "province") -> None:
    """Fail with the list of provinces in the corpus when `province` has no documents."""
    check_unit(unit)
    check_choice("province", province, province_choices(documents, unit), f"{unit} in this corpus")


def select_provinces(provinces, documents: pd.DataFrame, unit: str = "province", min_documents: int = 1) -> list[str]:
    """Resolve the `provinces` parameter ("all" or a list) to provinces with >= min_documents."""
    check_unit(unit)
    counts = documents[unit].value_counts()
    available = sorted(counts[counts >= min_documents].index.tolist())
    if provinces == "all":
        chosen = available
    elif isinstance(provinces, (list, tuple)):
        unknown = [p for p in provinces if p not in available]
        if unknown:
            raise ParameterError(f"parameter 'provinces': {unknown} have fewer than {min_documents} document(s) "
                                 f"in this corpus (or are not {unit} names); valid: {', '.join(available)}")
        chosen = sorted(provinces)
    else:
        raise ParameterError(f"parameter 'provinces' must be \"all\" or a list of names, got {provinces!r}")
    if not chosen:
        raise ParameterError(f"no {unit} has {min_documents} or more documents; lower min_documents")
    return chosen


# ------------------------------------------------------------------------------ labels


@lru_cache(maxsize=1)
def code_labels() -> dict[str, str]:
    """code -> "label (English gloss)", e.g. "quan_triet" -> "quán triệt (internalising)"."""
    from .coding import load_codebook

    return {c.name: f"{c.label} ({c.gloss_en})" for c in load_codebook().codes}


def label_code(code: str) -> str:
    """Vietnamese label and English gloss of a code, or of each code in "a; b"."""
    if not isinstance(code, str):
        return str(code)
    return "; ".join(code_labels().get(part, part) for part in code.split("; "))


@lru_cache(maxsize=1)
def central_catalogue() -> pd.DataFrame:
    """The central resolutions and congresses with their issue dates (analysis/data)."""
    from .compare import central_resolutions

    return central_resolutions()


def _central_references(references: pd.DataFrame) -> pd.DataFrame:
    central = references[references["level"] == "central"]
    return central[central["key"].notna() & ~central["key"].astype(str).str.contains(r"\?")]


def cited_central_resolutions(references: pd.DataFrame, documents: pd.DataFrame, unit: str = "province",
                              min_provinces: int = 1) -> pd.DataFrame:
    """Central resolutions, congresses and plenums cited in the corpus, with how many provinces
    and documents cite them (most cited first)."""
    central = _central_references(references).merge(documents[["doc_id", unit]], on="doc_id")
    table = (central.groupby("key")
             .agg(n_provinces=(unit, "nunique"), n_documents=("doc_id", "nunique"), n_mentions=("text", "size"),
                  example=("text", "first"))
             .reset_index())
    catalogue = central_catalogue()[["key", "label_en", "issued"]] if len(central_catalogue()) else None
    if catalogue is not None:
        table = table.merge(catalogue, on="key", how="left")
    table = table[table["n_provinces"] >= min_provinces]
    return table.sort_values(["n_provinces", "n_documents", "key"], ascending=[False, False, True]).reset_index(drop=True)


def resolve_resolution(query: str, references: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Turn "Đại hội XII", "Trung ương 4 khóa XI", "07-NQ/TW" or a key into a cited central key.

    Fails with the list of central resolutions cited in the corpus when nothing matches.
    """
    from .references import extract_references

    cited = cited_central_resolutions(references, documents)
    keys = cited["key"].tolist()
    if query in keys:
        return query
    candidates = []
    for prefix in ("", "Nghị quyết "):
        for record in extract_references(prefix + query):
            if record.get("key") and record.get("level") in (None, "central"):
                candidates.append(record["key"])
        if candidates:
            break
    for key in candidates:
        if key in keys:
            return key
    shown = "; ".join(f"{k} ({e})" for k, e in zip(cited["key"], cited["example"]))
    understood = f" (understood as {candidates[0]})" if candidates else ""
    raise ParameterError(f"parameter 'resolution': {query!r}{understood} is not a central resolution cited in "
                         f"this corpus; valid: {shown}")


# ------------------------------------------------------------------------------ one province


def _in_group(documents: pd.DataFrame, province: str, unit: str) -> pd.DataFrame:
    return documents[documents[unit] == province]


def province_documents(tables: dict, province: str, unit: str = "province") -> pd.DataFrame:
    """The province's reports: date, title, outlet, author, words; dated first, oldest first."""
    docs = _in_group(tables["documents"], province, unit)
    out = docs[["published", "title", "outlet", "author", "n_words", "doc_id"]].copy()
    return out.sort_values(["published", "doc_id"], na_position="last").reset_index(drop=True)


def province_references(tables: dict, province: str, unit: str = "province") -> pd.DataFrame:
    """Which resolutions the province's reports cite, by level and key, with mention counts."""
    docs = _in_group(tables["documents"], province, unit)
    refs = tables["references"][tables["references"]["doc_id"].isin(docs["doc_id"])]
    table = (refs.groupby(["level", "kind", "key"], dropna=False)
             .agg(mentions=("text", "size"), documents=("doc_id", "nunique"), example=("text", "first"))
             .reset_index())
    level_order = {"central": 0, "state": 1, "provincial": 2, "district": 3}
    table = table.assign(_order=table["level"].map(level_order).fillna(9))
    return table.sort_values(["_order", "mentions", "key"], ascending=[True, False, True]).drop(columns="_order") \
        .reset_index(drop=True)


def province_follow_ups(tables: dict, province: str, unit: str = "province") -> pd.DataFrame:
    """The province's own numbered documents (plans, programmes, resolutions, directives) that its
    reports cite, with issue dates when stated."""
    docs = _in_group(tables["documents"], province, unit)
    refs = tables["references"]
    own = refs[refs["doc_id"].isin(docs["doc_id"]) & (refs["kind"] == "document")
               & refs["level"].isin(["provincial", "district"])]
    table = own[["key", "doc_type", "issuer", "issued", "level", "text", "doc_id"]].drop_duplicates(["key", "issued"])
    return table.sort_values(["issued", "key"], na_position="last").reset_index(drop=True)


def province_claims(tables: dict, province: str, unit: str = "province") -> pd.DataFrame:
    """Every quantitative claim of the province's reports with the sentence it comes from."""
    docs = _in_group(tables["documents"], province, unit)
    claims = tables["claims"][tables["claims"]["doc_id"].isin(docs["doc_id"])]
    columns = ["doc_id", "kind", "text", "qualifier", "low", "high", "numerator", "denominator", "value", "unit",
               "subject", "consistent", "sentence"]
    return claims[columns].sort_values(["doc_id", "kind", "text"]).reset_index(drop=True)


def profile_against_corpus(tables: dict, province: str, unit: str = "province", category: str = "stage",
                           n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Share of sentences with each code of `category`: the province against the whole corpus,
    each with a bootstrap interval over documents."""
    from .compare import document_profiles, group_profiles

    documents, sentences, codings = tables["documents"], tables["sentences"], tables["codings"]
    profiles = document_profiles(documents, sentences, codings)
    by_group = group_profiles(profiles, documents, unit=unit, n_boot=n_boot, seed=seed)
    mine = by_group[(by_group[unit] == province) & (by_group["category"] == category)]
    everyone = _corpus_profile(profiles, documents, n_boot, seed)
    everyone = everyone[everyone["category"] == category]
    merged = mine[["code", "n_documents", "share", "ci_low", "ci_high"]].merge(
        everyone[["code", "n_documents", "share", "ci_low", "ci_high"]], on="code", suffixes=("", "_corpus"))
    merged.insert(1, "label", merged["code"].map(label_code))
    return merged.sort_values(["share_corpus", "code"], ascending=[False, True]).reset_index(drop=True)


def _corpus_profile(profiles: pd.DataFrame, documents: pd.DataFrame, n_boot: int, seed: int) -> pd.DataFrame:
    from .compare import group_profiles

    everyone = documents.assign(province="(corpus)")
    return group_profiles(profiles, everyone, unit="province", n_boot=n_boot, seed=seed)


# ------------------------------------------------------------------------------ many provinces


def citation_matrix(tables: dict, provinces: list[str], unit: str = "province", min_provinces: int = 1) -> pd.DataFrame:
    """Documents of each province citing each central resolution (rows: provinces; columns: keys)."""
    documents = tables["documents"][tables["documents"][unit].isin(provinces)]
    cited = cited_central_resolutions(tables["references"], documents, unit, min_provinces)
    central = _central_references(tables["references"]).merge(documents[["doc_id", unit]], on="doc_id")
    central = central[central["key"].isin(cited["key"])]
    matrix = central.groupby([unit, "key"])["doc_id"].nunique().unstack(fill_value=0)
    matrix = matrix.reindex(index=provinces, columns=cited["key"].tolist(), fill_value=0)
    matrix.columns.name = "central resolution"
    return matrix


# ------------------------------------------------------------------------------ one resolution


def resolution_reports(tables: dict, key: str, unit: str = "province") -> pd.DataFrame:
    """Documents that cite `key`: province, date, title, mentions."""
    refs = tables["references"][tables["references"]["key"] == key]
    counts = refs.groupby("doc_id").size().rename("mentions").reset_index()
    docs = tables["documents"].merge(counts, on="doc_id")
    out = docs[[unit, "published", "title", "mentions", "doc_id"]]
    return out.sort_values([unit, "published", "doc_id"], na_position="last").reset_index(drop=True)


def resolution_follow_ups(tables: dict, key: str, unit: str = "province") -> pd.DataFrame:
    """Per province, the lag from the central issue date to the first provincial follow-up,
    censored (not zero) where none is observed."""
    from .compare import timeliness

    lags = timeliness(tables["documents"], tables["references"], tables["sentences"], unit=unit)
    lags = lags[lags["key"] == key]
    columns = [unit, "central_issued", "n_citing_documents", "n_follow_ups", "first_follow_up_key",
               "first_follow_up_issued", "lag_days", "status", "censored", "duration_days", "first_report_published",
               "report_lag_days"]
    lags = lags[lags["n_citing_documents"] > 0] if "n_citing_documents" in lags else lags
    return lags[[c for c in columns if c in lags]].sort_values(unit).reset_index(drop=True)


def resolution_formulas(tables: dict, key: str, unit: str = "province", top: int = 15) -> pd.DataFrame:
    """Formulas (passages shared across provinces) in the documents that cite `key`."""
    from .compare import widespread_formulas

    citing = tables["references"].loc[tables["references"]["key"] == key, "doc_id"].unique()
    documents = tables["documents"][tables["documents"]["doc_id"].isin(citing)]
    tokens = tables["tokens"][tables["tokens"]["doc_id"].isin(citing)]
    if documents[unit].nunique() < 2:
        return pd.DataFrame(columns=["formula", "n_documents", "n_groups", "groups"])
    formulas = widespread_formulas(tokens, documents, unit=unit, top=top)
    return formulas[["formula", "n_tokens", "n_documents", "n_groups", "groups"]].reset_index(drop=True)


# ------------------------------------------------------------------------------ figures


def _wrap(label: str, width: int = 30) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width))


def _fig(width: float, height: float):
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def plot_timeline(documents: pd.DataFrame, follow_ups: pd.DataFrame, title: str):
    """Reports (circles) and the province's own dated documents (triangles) on one time axis."""
    fig, ax = _fig(7, 2.4)
    dated = documents.dropna(subset=["published"])
    ax.scatter(pd.to_datetime(dated["published"]), np.ones(len(dated)), s=60, label="report published", zorder=3)
    issued = follow_ups.dropna(subset=["issued"])
    ax.scatter(pd.to_datetime(issued["issued"]), np.zeros(len(issued)), marker="^", s=60,
               label="own document issued (kế hoạch, nghị quyết, ...)", zorder=3)
    for i, (x, label) in enumerate(zip(pd.to_datetime(issued["issued"]), issued["key"])):
        # alternate above/below so that documents issued close together stay readable
        ax.annotate(label, (x, 0), textcoords="offset points", xytext=(0, 8 if i % 2 == 0 else -16), ha="center",
                    fontsize=7)
    ax.set_yticks([0, 1], ["own documents", "reports"])
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlabel("date")
    undated = len(documents) - len(dated)
    ax.set_title(title + (f" ({undated} undated report(s) not shown)" if undated else ""))
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.3), ncol=2)
    return fig


def plot_profile_against_corpus(profile: pd.DataFrame, province: str, category: str):
    fig, ax = _fig(7, 0.38 * len(profile) + 1.3)
    y = np.arange(len(profile))
    for offset, suffix, label in ((-0.18, "", province), (0.18, "_corpus", "whole corpus")):
        share = profile[f"share{suffix}"]
        ax.errorbar(share, y + offset, xerr=[share - profile[f"ci_low{suffix}"], profile[f"ci_high{suffix}"] - share],
                    fmt="o", capsize=3, label=label)
    ax.set_yticks(y, profile["label"])
    ax.invert_yaxis()
    ax.set_xlabel("share of sentences with the code (95% bootstrap interval over documents)")
    ax.set_title(f"Reporting profile ({category}): {province} against the corpus")
    ax.legend(frameon=False, fontsize=8)
    return fig


def plot_distinctive_words(words: pd.DataFrame, title: str, top: int = 15):
    data = words.sort_values("z", ascending=False).head(top).iloc[::-1]
    fig, ax = _fig(6, 0.3 * len(data) + 1.2)
    ax.barh(data["word"], data["z"])
    ax.axvline(1.96, color="#888888", linewidth=0.8, linestyle="--")
    ax.set_xlabel("z-score of the weighted log-odds ratio (dashed: 1.96)")
    ax.set_title(title)
    return fig


def plot_candour(candour: pd.DataFrame, unit: str = "province"):
    data = candour.dropna(subset=["candour"]).sort_values("candour")
    fig, ax = _fig(6, 0.35 * len(data) + 1.3)
    y = np.arange(len(data))
    ax.errorbar(data["candour"], y, xerr=[data["candour"] - data["ci_low"], data["ci_high"] - data["candour"]],
                fmt="o", capsize=3)
    ax.set_yticks(y, [f"{p} (n={n})" for p, n in zip(data[unit], data["n_documents"])])
    ax.set_xlim(0, 1)
    ax.set_xlabel("candour = limitation / (limitation + achievement) sentences (hạn chế vs. đạt, hoàn thành)")
    ax.set_title("How candid are the reports?")
    return fig


def plot_profile_heatmap(profiles: pd.DataFrame, category: str, unit: str = "province"):
    """Share of sentences per code (columns) and province (rows); each cell also shows the width
    of its bootstrap interval, so thinly documented provinces are visibly uncertain."""
    data = profiles[profiles["category"] == category]
    share = data.pivot(index=unit, columns="code", values="share")
    width = (data.assign(w=data["ci_high"] - data["ci_low"]).pivot(index=unit, columns="code", values="w"))
    degenerate = data.pivot(index=unit, columns="code", values="ci_degenerate")
    docs = data.groupby(unit)["n_documents"].first()
    fig, ax = _fig(1.0 * share.shape[1] + 2.5, 0.5 * share.shape[0] + 1.8)
    image = ax.imshow(share.to_numpy(dtype=float), cmap="viridis", aspect="auto", vmin=0)
    for i in range(share.shape[0]):
        for j in range(share.shape[1]):
            value, spread = share.iat[i, j], width.iat[i, j]
            if value == value:
                interval = "no interval" if bool(degenerate.iat[i, j]) else f"±{spread / 2:.2f}"
                ax.text(j, i, f"{value:.2f}\n{interval}", ha="center", va="center", fontsize=6.5,
                        color="white" if value < np.nanmax(share.to_numpy(dtype=float)) * 0.6 else "black")
    ax.set_xticks(range(share.shape[1]), [_wrap(label_code(c)) for c in share.columns], rotation=40, ha="right",
                  fontsize=7.5)
    ax.set_yticks(range(share.shape[0]), [f"{p} (n={docs[p]})" for p in share.index])
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="share of sentences")
    ax.set_title(f"Reporting profile by {unit}: {category}\n(cell: share of sentences ± half the 95% bootstrap "
                 "interval; one document gives no interval)")
    return fig


def plot_claim_ranges(claims: pd.DataFrame, unit: str = "province"):
    """Participation/completion claims: a line from the lowest to the highest value stated, a dot
    at the median, one row per province × audience."""
    data = claims.sort_values([unit, "audience", "claim_type"]).reset_index(drop=True)
    fig, ax = _fig(7, 0.32 * len(data) + 1.3)
    y = np.arange(len(data))
    ax.hlines(y, data["low_min"], data["high_max"], linewidth=3, alpha=0.6)
    ax.plot(data["mid_median"], y, "o", color="black", markersize=4)
    ax.set_yticks(y, [f"{p} · {label_code(a)} · {t}" for p, a, t in zip(data[unit], data["audience"], data["claim_type"])],
                  fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("percent claimed (line: lowest to highest stated; ranges kept as ranges)")
    ax.set_title("Participation and completion claims by audience (tỷ lệ tham gia, hoàn thành)")
    return fig


def plot_citation_matrix(matrix: pd.DataFrame):
    fig, ax = _fig(0.55 * matrix.shape[1] + 2.5, 0.45 * matrix.shape[0] + 2.2)
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            if matrix.iat[i, j]:
                ax.text(j, i, str(int(matrix.iat[i, j])), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(matrix.shape[0]), matrix.index)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="documents citing")
    ax.set_title("Which central resolutions each province cites")
    return fig


def plot_formulaic_share(shares: pd.DataFrame, unit: str = "province"):
    data = shares.sort_values([unit, "doc_id"])
    groups = sorted(data[unit].dropna().unique())
    fig, ax = _fig(6, 0.4 * len(groups) + 1.3)
    for i, group in enumerate(groups):
        values = data.loc[data[unit] == group, "formulaic_share"]
        ax.plot(values, np.full(len(values), i), "o", alpha=0.7)
    ax.set_yticks(range(len(groups)), groups)
    ax.set_xlim(0, max(0.5, float(data["formulaic_share"].max() or 0) * 1.1))
    ax.set_xlabel("formulaic share: fraction of a document's words in passages shared with other provinces")
    ax.set_title("How formulaic is each report?")
    return fig


def plot_lags(lags: pd.DataFrame, unit: str = "province", title: str = ""):
    """Observed lags as bars; censored provinces as hollow bars to the end of observation."""
    data = lags.sort_values(unit).reset_index(drop=True)
    fig, ax = _fig(6.5, 0.4 * len(data) + 1.4)
    y = np.arange(len(data))
    observed = data["status"] == "observed"
    ax.barh(y[observed], data.loc[observed, "lag_days"], label="first follow-up observed")
    ax.barh(y[~observed], data.loc[~observed, "duration_days"], fill=False, hatch="//", edgecolor="#888888",
            label="censored: no follow-up seen by the last article")
    ax.set_yticks(y, data[unit])
    ax.set_xlabel("days after the central resolution was issued")
    ax.set_title(title or "Lag to the first provincial follow-up")
    ax.legend(frameon=False, fontsize=7)
    return fig


def plot_heaping(heaping: pd.DataFrame, unit: str = "province"):
    data = heaping.sort_values(unit).reset_index(drop=True)
    fig, ax = _fig(6.5, 0.45 * len(data) + 1.4)
    y = np.arange(len(data))
    ax.barh(y - 0.2, data["share_multiple_of_5"], height=0.4, label="multiple of 5 (expected 0.2)")
    ax.barh(y + 0.2, data["share_multiple_of_10"], height=0.4, label="multiple of 10 (expected 0.1)")
    ax.axvline(0.2, color=ax.containers[0].patches[0].get_facecolor() if len(data) else "#0072B2",
               linestyle="--", linewidth=0.8)
    ax.axvline(0.1, color="#E69F00", linestyle="--", linewidth=0.8)
    ax.set_yticks(y, [f"{p} (n={n})" for p, n in zip(data[unit], data["n_values"])])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of stated percentages")
    ax.set_title("Round-number heaping in percentage claims")
    ax.legend(frameon=False, fontsize=7)
    return fig


def plot_agreement(agreement: pd.DataFrame, value: str = "kappa", label: str = "category"):
    data = agreement.sort_values(label)
    fig, ax = _fig(5.5, 0.4 * len(data) + 1.3)
    ax.barh(data[label], data[value])
    ax.axvline(0.8, color="#888888", linestyle="--", linewidth=0.8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"{value} (dashed: 0.8)")
    ax.set_title(f"Agreement with hand-checked data: {value}")
    return fig


def evidence(value) -> list:
    """Decode a JSON list column (province_evidence) for display."""
    return json.loads(value) if isinstance(value, str) and value.startswith("[") else []
