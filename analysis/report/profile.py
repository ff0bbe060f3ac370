"""Views of notebook 10-profile-province: one province's reports, citations, follow-ups, claims,
profile against the corpus, and their figures."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare import (document_candour, document_formalism, document_genres, document_profiles, genre_adjusted,
                              group_profiles)

from .audit import sort_claims
from .common import figure, in_group, label_code

__all__ = ["province_candour", "province_genres", "province_documents", "province_references", "province_follow_ups", "province_claims", "profile_against_corpus", "plot_timeline", "plot_profile_against_corpus", "words_toward", "plot_distinctive_words"]


def province_documents(tables: dict, province: str, grouping: str = "province") -> pd.DataFrame:
    """The province's reports: date, title, outlet, author, words; dated first, oldest first."""
    docs = in_group(tables["documents"], province, grouping)
    out = docs[["published", "title", "outlet", "author", "n_words", "doc_id"]].copy()
    return out.sort_values(["published", "doc_id"], na_position="last").reset_index(drop=True)


def province_references(tables: dict, province: str, grouping: str = "province") -> pd.DataFrame:
    """Which resolutions the province's reports cite, by level and key, with mention counts."""
    docs = in_group(tables["documents"], province, grouping)
    refs = tables["references"][tables["references"]["doc_id"].isin(docs["doc_id"])]
    table = (refs.groupby(["level", "kind", "key"], dropna=False)
             .agg(mentions=("text", "size"), documents=("doc_id", "nunique"), example=("text", "first"))
             .reset_index())
    level_order = {"central": 0, "state": 1, "provincial": 2, "district": 3}
    table = table.assign(_order=table["level"].map(level_order).fillna(9))
    return table.sort_values(["_order", "mentions", "key"], ascending=[True, False, True]).drop(columns="_order") \
        .reset_index(drop=True)


def province_follow_ups(tables: dict, province: str, grouping: str = "province") -> pd.DataFrame:
    """The province's own numbered documents (plans, programmes, resolutions, directives) that its
    reports cite, with issue dates when stated."""
    docs = in_group(tables["documents"], province, grouping)
    refs = tables["references"]
    own = refs[refs["doc_id"].isin(docs["doc_id"]) & (refs["kind"] == "document")
               & refs["level"].isin(["provincial", "district"])]
    table = own[["key", "doc_type", "issuer", "issued", "level", "text", "doc_id"]].drop_duplicates(["key", "issued"])
    return table.sort_values(["issued", "key"], na_position="last").reset_index(drop=True)


def province_claims(tables: dict, province: str, grouping: str = "province") -> pd.DataFrame:
    """Every quantitative claim of the province's reports with the sentence it comes from."""
    docs = in_group(tables["documents"], province, grouping)
    claims = tables["claims"][tables["claims"]["doc_id"].isin(docs["doc_id"])]
    columns = ["doc_id", "kind", "text", "qualifier", "low", "high", "numerator", "denominator", "value", "unit",
               "subject", "consistent", "sentence"]
    return sort_claims(claims[columns], ["doc_id"])  # values sorted as numbers, not as text


def province_candour(tables: dict, province: str, grouping: str = "province") -> pd.DataFrame:
    """Candour of each of the province's reports, its ``reading`` beside it: a report with no
    limitation and no achievement sentence has no candour ("undefined: ..."), not candour 0, as in
    notebook 20's group table."""
    documents = tables["documents"]
    table = document_candour(documents, tables["codings"])
    table = table[table["doc_id"].isin(in_group(documents, province, grouping)["doc_id"])]
    columns = ["doc_id", "n_sentences", "n_limitation", "n_achievement", "candour", "reading", "limitation_share",
               "achievement_share"]
    return table[columns].reset_index(drop=True)


def province_genres(tables: dict, province: str, grouping: str = "province") -> pd.DataFrame:
    """The genre of each of the province's reports (with the words that decided it) and its
    candour and formalism beside what its genre leads one to expect in the whole corpus
    (``analysis.compare.genre``: ``*_expected`` is the genre's corpus mean, ``*_excess`` the value
    minus it; ``adjusted_candour`` and ``adjusted_formalism`` are False when the genre has too few
    documents with that measure in the corpus, and the document is then its own expectation).
    Sorted by genre, then doc_id."""
    documents, codings = tables["documents"], tables["codings"]
    genres = document_genres(documents, tables.get("sentences"), codings)
    candour = genre_adjusted(document_candour(documents, codings), genres, "candour")
    formalism = genre_adjusted(document_formalism(documents, codings), genres, "formalism")
    table = (genres[["doc_id", "genre", "genre_evidence", "evidence_part"]]
             .merge(candour[["doc_id", "candour", "candour_expected", "candour_excess", "adjusted"]], on="doc_id")
             .merge(formalism[["doc_id", "formalism", "formalism_expected", "formalism_excess", "adjusted"]], on="doc_id",
                    suffixes=("_candour", "_formalism")))
    table = table[table["doc_id"].isin(in_group(documents, province, grouping)["doc_id"])]
    return table.sort_values(["genre", "doc_id"], kind="stable").reset_index(drop=True)


def profile_against_corpus(tables: dict, province: str, grouping: str = "province", category: str = "stage",
                           n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Share of sentences with each code of `category`: the province against the whole corpus,
    each with a bootstrap interval over documents."""
    documents, sentences, codings = tables["documents"], tables["sentences"], tables["codings"]
    profiles = document_profiles(documents, sentences, codings)
    by_group = group_profiles(profiles, documents, grouping=grouping, n_boot=n_boot, seed=seed)
    mine = by_group[(by_group[grouping] == province) & (by_group["category"] == category)]
    everyone = _corpus_profile(profiles, documents, n_boot, seed)
    everyone = everyone[everyone["category"] == category]
    merged = mine[["code", "n_documents", "share", "ci_low", "ci_high", "ci_shown", "interval"]].merge(
        everyone[["code", "n_documents", "share", "ci_low", "ci_high"]], on="code", suffixes=("", "_corpus"))
    merged.insert(1, "label", merged["code"].map(label_code))
    return merged.sort_values(["share_corpus", "code"], ascending=[False, True]).reset_index(drop=True)


def _corpus_profile(profiles: pd.DataFrame, documents: pd.DataFrame, n_boot: int, seed: int) -> pd.DataFrame:
    everyone = documents.assign(province="(corpus)")
    return group_profiles(profiles, everyone, grouping="province", n_boot=n_boot, seed=seed)


def plot_timeline(documents: pd.DataFrame, follow_ups: pd.DataFrame, title: str):
    """Reports (circles) and the province's own dated documents (triangles) on one time axis;
    undated reports are counted in the title, and with nothing dated the axis says so instead of
    showing empty date ticks."""
    import matplotlib.dates as mdates  # only the timeline needs date ticks

    fig, ax = figure(7, 2.4)
    dated = documents.dropna(subset=["published"])
    issued = follow_ups.dropna(subset=["issued"])
    undated = len(documents) - len(dated)
    ax.set_yticks([0, 1], ["own documents", "reports"])
    ax.set_ylim(-0.6, 1.6)
    suffix = f" ({undated} undated report{'s' if undated != 1 else ''})" if undated else ""
    ax.set_title(title + suffix)
    if dated.empty and issued.empty:
        ax.set_xticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.text(0.5, 0.5, f"{undated} undated report{'s' if undated != 1 else ''} and no dated document of its own:"
                "\nnothing to place on a time line", transform=ax.transAxes, ha="center", va="center", fontsize=9,
                color="#555555")
        return fig
    ax.scatter(pd.to_datetime(dated["published"]), np.ones(len(dated)), s=60, label="report published", zorder=3)
    ax.scatter(pd.to_datetime(issued["issued"]), np.zeros(len(issued)), marker="^", s=60,
               label="own document issued (kế hoạch, nghị quyết, ...)", zorder=3)
    for i, (x, label) in enumerate(zip(pd.to_datetime(issued["issued"]), issued["key"])):
        # alternate above/below so that documents issued close together stay readable
        ax.annotate(label, (x, 0), textcoords="offset points", xytext=(0, 8 if i % 2 == 0 else -16), ha="center",
                    fontsize=7)
    dates = pd.concat([pd.to_datetime(dated["published"]), pd.to_datetime(issued["issued"])])
    low, high = dates.min(), dates.max()
    if (high - low).days < 180:  # one date (or a few close together): a year around them, not hour ticks
        middle = low + (high - low) / 2
        low, high = middle - pd.Timedelta(days=183), middle + pd.Timedelta(days=183)
    ax.set_xlim(low - pd.Timedelta(days=30), high + pd.Timedelta(days=30))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("date")
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.3), ncol=2)
    return fig


def plot_profile_against_corpus(profile: pd.DataFrame, province: str, category: str):
    fig, ax = figure(7, 0.38 * len(profile) + 1.3)
    y = np.arange(len(profile))
    for offset, suffix, label in ((-0.18, "", province), (0.18, "_corpus", "whole corpus")):
        share = profile[f"share{suffix}"]
        shown = profile["ci_shown"].astype(bool) if suffix == "" else pd.Series(True, index=profile.index)
        n = int(profile[f"n_documents{suffix}"].iloc[0]) if len(profile) else 0
        # under MIN_DOCUMENTS documents the interval is not a finding: dot only
        label = f"{label} (n={n}{'' if shown.all() else ', no interval'})"
        ax.errorbar(share, y + offset, xerr=[(share - profile[f"ci_low{suffix}"]).where(shown, 0),
                                             (profile[f"ci_high{suffix}"] - share).where(shown, 0)],
                    fmt="o", capsize=3 if shown.all() else 0, label=label)
    ax.set_yticks(y, profile["label"])
    ax.invert_yaxis()
    ax.set_xlabel("share of sentences with the code (95% bootstrap interval over documents)")
    ax.set_title(f"Reporting profile ({category}): {province} against the corpus")
    ax.legend(frameon=False, fontsize=8)
    return fig


def words_toward(words: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The ``top`` words of :func:`analysis.compare.distinctive_words` that lean toward the group
    (z > 0), most distinctive first. A group with few counted words gets a short list, never a tail
    of words it writes less often than the rest, or not at all.

    >>> words = pd.DataFrame({"word": ["vùng cao", "nghị quyết", "ngư dân"], "z": [2.1, -0.3, -1.2]})
    >>> words_toward(words)["word"].tolist()
    ['vùng cao']
    """
    toward = words[words["z"] > 0]
    return toward.sort_values(["z", "word"], ascending=[False, True], kind="stable").head(top).reset_index(drop=True)


def plot_distinctive_words(words: pd.DataFrame, title: str, top: int = 15):
    """The ``top`` words that lean toward the group (:func:`words_toward`), each labelled with its
    uses and the documents that write it in the group (``count_a``, ``docs_a`` of
    :func:`analysis.compare.distinctive_words`), and the title with the group's number of word
    tokens when the table has it."""
    data = words_toward(words, top).iloc[::-1]
    fig, ax = figure(6.5, 0.3 * len(data) + 1.2)
    if "docs_a" in data.columns:
        labels = [f"{w}  ({c} uses, {d} doc{'s' if d != 1 else ''})"
                  for w, c, d in zip(data["word"], data["count_a"], data["docs_a"])]
    else:
        labels = list(data["word"])
    ax.barh(range(len(data)), data["z"])
    ax.set_yticks(range(len(data)), labels)
    ax.axvline(1.96, color="#888888", linewidth=0.8, linestyle="--")
    ax.set_xlabel("z-score of the weighted log-odds ratio (dashed: 1.96)")
    if "n_a" in data.columns and len(data):
        title = f"{title}\n({int(data['n_a'].iloc[0]):,} counted words against {int(data['n_b'].iloc[0]):,})"
    ax.set_title(title)
    return fig
