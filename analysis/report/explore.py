"""What is in a corpus: documents, sources, lengths, cleaning audit, skips, duplicates, coverage.

Pure functions on the built tables (`analysis.load()`), each returning a sorted DataFrame that
notebook 00-explore-corpus shows, and a few plotting functions in the house style.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import pandas as pd

from analysis.compare import document_genres, order_groups, sort_by_group
from analysis.compare.genre import genre_rules
from analysis.extract.gazetteer import PROVINCES, PROVINCES_2025, members_2025, province_2025

__all__ = [
    "genre_counts",
    "document_overview", "manifest_summary", "problem_inputs", "removal_audit", "removal_examples",
    "coverage", "coverage_gaps", "unplaced_documents", "sources", "site_of", "plot_document_lengths", "plot_removals", "plot_coverage",
]


def document_overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per parsed document: file, format, encoding, size, sentences, lines removed, and the
    extracted metadata when the build has it (province, published, outlet, title)."""
    documents = tables["documents"]
    columns = ["doc_id", "path", "format", "encoding", "n_chars", "n_sentences", "n_removed"]
    extra = [c for c in ["province", "province_2025", "published", "outlet", "title"] if c in documents]
    return documents[columns + extra].sort_values(["path", "doc_id"]).reset_index(drop=True)


def manifest_summary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Inputs by status and format: nothing read is unaccounted for."""
    manifest = tables["manifest"]
    summary = manifest.groupby(["status", "format"], dropna=False).size().rename("inputs").reset_index()
    return summary.sort_values(["status", "format"]).reset_index(drop=True)


def problem_inputs(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every input that did not become a document, with the reason (skips and duplicates)."""
    manifest = tables["manifest"]
    problems = manifest[manifest["status"] != "parsed"][["path", "status", "reason", "duplicate_of"]]
    return problems.sort_values(["status", "path"]).reset_index(drop=True)


def removal_audit(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Lines removed by the cleaner, per document, kind and rule, with the characters removed."""
    removals = tables["removals"].merge(tables["documents"][["doc_id", "path"]], on="doc_id", how="left")
    removals = removals.assign(chars=removals["text"].str.len())
    audit = (removals.groupby(["path", "kind", "rule"], dropna=False)
             .agg(lines=("text", "size"), chars=("chars", "sum")).reset_index())
    return audit.sort_values(["path", "kind", "rule"]).reset_index(drop=True)


def removal_examples(tables: dict[str, pd.DataFrame], width: int = 80) -> pd.DataFrame:
    """The text of each removal, shortened to `width` characters, in document order."""
    removals = tables["removals"].merge(tables["documents"][["doc_id", "path"]], on="doc_id", how="left")
    shortened = removals["text"].where(removals["text"].str.len() <= width,
                                       removals["text"].str.slice(0, width - 1) + "…")
    out = removals.assign(removed=shortened)[["path", "removal_index", "kind", "rule", "removed"]]
    return out.sort_values(["path", "removal_index"]).reset_index(drop=True)


def coverage(tables: dict[str, pd.DataFrame], grouping: str = "province") -> pd.DataFrame:
    """Documents per province (or 2025 province) and publication year; undated and unplaced
    documents are counted under "(no date)" / "(unknown)" rather than dropped."""
    documents = tables["documents"]
    if grouping not in documents:
        return pd.DataFrame(columns=[grouping, "year", "documents"])
    year = documents["published"].str.slice(0, 4).fillna("(no date)") if "published" in documents \
        else pd.Series("(no date)", index=documents.index)
    frame = pd.DataFrame({grouping: documents[grouping].fillna("(unknown)"), "year": year})
    counts = frame.groupby([grouping, "year"]).size().rename("documents").reset_index()
    return sort_by_group(counts, [grouping, "year"], grouping)


def coverage_gaps(tables: dict[str, pd.DataFrame], grouping: str = "province") -> pd.DataFrame:
    """Provinces with no article in the corpus: missing coverage, not evidence of inaction. Each
    pre-2025 province is listed with the 2025 province it became part of; each 2025 province with
    the pre-2025 provinces it was formed from (no column of zeros: every row has none)."""
    documents = tables["documents"]
    universe = PROVINCES if grouping == "province" else PROVINCES_2025
    present = set(documents[grouping].dropna()) if grouping in documents else set()
    missing = [p for p in universe if p not in present]
    if grouping == "province":
        return pd.DataFrame({grouping: missing, "part of (2025)": [province_2025(p) for p in missing]})
    members = members_2025()
    return pd.DataFrame({grouping: missing, "formed from (pre-2025)": [", ".join(members.get(p, [])) for p in missing]})


def unplaced_documents(tables: dict[str, pd.DataFrame], grouping: str = "province") -> pd.DataFrame:
    """Documents without a province, each with the reason the province detector recorded ("no
    province: tie between ...", "after 1 July 2025: placed in the 2025 province ...")."""
    documents = tables["documents"]
    columns = ["path", "published", "title", "province_2025", "reason"]
    if grouping not in documents:
        return pd.DataFrame(columns=columns)
    unplaced = documents[documents[grouping].isna()].copy()
    unplaced["reason"] = unplaced["province_evidence"].map(_first_evidence) if "province_evidence" in unplaced \
        else None
    return unplaced[[c for c in columns if c in unplaced]].sort_values("path").reset_index(drop=True)


def _first_evidence(value) -> str | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    items = list(value) if value is not None else []
    return str(items[0]) if items else None


def plot_document_lengths(overview: pd.DataFrame):
    """Horizontal bars: clean characters per document, labelled by file."""
    data = overview.sort_values("n_chars")
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(data) + 1.2))
    ax.barh(data["path"], data["n_chars"])
    ax.set_xlabel("characters of clean text")
    ax.set_ylabel("")
    ax.set_title("Document length after cleaning")
    return fig


def plot_removals(audit: pd.DataFrame):
    """Stacked bars: characters removed per document by kind of removal."""
    table = audit.pivot_table(index="path", columns="kind", values="chars", aggfunc="sum", fill_value=0)
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(table) + 1.2))
    left = pd.Series(0, index=table.index)
    for kind in table.columns:
        ax.barh(table.index, table[kind], left=left, label=kind)
        left = left + table[kind]
    ax.set_xlabel("characters removed")
    ax.set_title("What the cleaner removed (site chrome, repeats)")
    ax.legend(frameon=False, fontsize=8)
    return fig


def site_of(url) -> str:
    """The web site an article was collected from: the URL's host without "www.", lower case;
    "(no URL)" for a file without one.

    >>> site_of("https://www.BaoLangSon.vn/tin-tuc/123"), site_of(None), site_of("tệp.txt")
    ('baolangson.vn', '(no URL)', '(no URL)')
    """
    if not isinstance(url, str) or "://" not in url:
        return "(no URL)"
    host = (urlsplit(url.strip()).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    return host or "(no URL)"


def sources(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Documents per web site (the host of each article's URL: most jsonl corpora carry no outlet
    mark in the text), outlet code (the "LSO -", "(TUAG)-" mark of the newspaper) and format."""
    documents = tables["documents"]
    outlet = documents["outlet"].fillna("(no outlet mark)") if "outlet" in documents \
        else pd.Series("(no outlet mark)", index=documents.index)
    site = documents["url"].map(site_of) if "url" in documents \
        else pd.Series("(no URL)", index=documents.index)
    frame = pd.DataFrame({"site": site, "outlet": outlet, "format": documents["format"]})
    return frame.groupby(["site", "outlet", "format"]).size().rename("documents").reset_index() \
        .sort_values(["documents", "site", "outlet"], ascending=[False, True, True]).reset_index(drop=True)


def plot_coverage(counts: pd.DataFrame, grouping: str = "province"):
    """Documents per province (rows, in Vietnamese dictionary order, "(unknown)" last) and
    publication year (columns: every year from the first to the last, so that a year without
    articles shows as an empty column instead of vanishing; "(no date)" first)."""
    table = counts.pivot_table(index=grouping, columns="year", values="documents", aggfunc="sum", fill_value=0)
    years = sorted(int(y) for y in table.columns if str(y).isdigit())
    columns = [c for c in table.columns if not str(c).isdigit()]
    if years:
        columns += [str(y) for y in range(years[0], years[-1] + 1)]
    rows = order_groups([r for r in table.index if r != "(unknown)"]) + [r for r in table.index if r == "(unknown)"]
    table = table.reindex(index=rows, columns=columns, fill_value=0)
    fig, ax = plt.subplots(figsize=(0.6 * table.shape[1] + 2.5, 0.4 * table.shape[0] + 1.5))
    image = ax.imshow(table.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            if table.iat[i, j]:
                ax.text(j, i, str(int(table.iat[i, j])), ha="center", va="center", fontsize=8)
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), table.index)
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, label="documents")
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    ax.set_title("Coverage: documents per province and publication year\n(an empty cell or column: no article collected, not inaction)")
    return fig


def genre_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Documents per article genre (``analysis.compare.genre``), in the order of the rules, with
    the gloss of each genre and where the deciding words were (title, lede, stage codings, none)."""
    genres = document_genres(tables["documents"], tables.get("sentences"), tables.get("codings"))
    rules = genre_rules()
    counts = genres.groupby(["genre", "evidence_part"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=list(rules.names), columns=["title", "lede", "codings", "none"], fill_value=0)
    out = pd.DataFrame({"genre": rules.names, "meaning": [g.gloss for g in rules.genres],
                        "n_documents": counts.sum(axis=1).to_numpy()})
    for part in counts.columns:
        out[f"by_{part}"] = counts[part].to_numpy()
    return out
