"""Views of notebook 30-trace-resolution: who cites one central resolution (in preparation or in
follow-up), the lags to provincial follow-ups (unknown, not censored, where the citing articles
are undated; censored only where no article cites it), why a lag cannot
be computed when it cannot, and the formulas that travel with it (its own citation text excluded)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.compare import central_catalogue, citations, sort_by_group, timeliness, widespread_formulas

from .common import figure, wrap

__all__ = ["resolution_citations", "resolution_reports", "resolution_follow_ups", "lag_message",
           "citation_spans", "resolution_formulas", "plot_lags"]

# After a citation, its title: a quotation ("“Về xây dựng ...”") or a "về ..." clause up to its first
# comma outside quotes (the catalogued subject, commas and all, is masked separately), up to this
# many characters; it belongs to the citation, not to the province's own words.
TITLE_REACH = 250
_TITLE = re.compile(
    r"\s*(?:[,(]?\s*(?:khóa|khoá)\s+\w+\s*\)?\s*)?(?:,\s*)?(?:của\s+[^,;.“\"]{0,80}?\s*)?"
    r"(?:(?:về\s+)?[“\"][^”\"]{1,%d}[”\"]|về\s+(?:[^.;:,“”\"]|[“\"][^”\"]*[”\"]){1,%d})" % (TITLE_REACH, TITLE_REACH),
    re.IGNORECASE,
)


def resolution_citations(tables: dict, key: str, date_basis: str = "issued") -> pd.DataFrame:
    """Every reference citing `key` (directly, or a document the plenum or congress `key` issued),
    with its phase ("preparation" or "follow-up") and the central date."""
    cited = citations(tables["references"], date_basis=date_basis, documents=tables["documents"])
    return cited[cited["key"] == key].reset_index(drop=True)


def resolution_reports(tables: dict, key: str, grouping: str = "province", date_basis: str = "issued") -> pd.DataFrame:
    """Documents that cite `key`: province, date, title, mentions, phase (preparation / follow-up)."""
    cited = resolution_citations(tables, key, date_basis)
    columns = [grouping, "published", "phase", "title", "mentions", "doc_id"]
    if cited.empty:
        return pd.DataFrame(columns=columns)
    counts = cited.groupby(["doc_id", "phase"]).size().rename("mentions").reset_index()
    docs = tables["documents"].merge(counts, on="doc_id")
    out = docs[columns].copy()
    out[grouping] = out[grouping].fillna("(no province)")
    out = out.sort_values(["published", "doc_id"], na_position="last", kind="stable")
    return sort_by_group(out, [grouping], grouping)


def resolution_follow_ups(tables: dict, key: str, grouping: str = "province", date_basis: str = "issued") -> pd.DataFrame:
    """Per province that cites `key`, the lag from the central date to the first provincial
    follow-up; where none is named, the first dated citation in the corpus ("cited_no_instrument")
    or, when every citing article is undated, an unknown lag ("cited_undated", with the approximate
    date written in the text when there is one); provinces that only prepared for it are listed with
    status "preparation_only" and no lag."""
    lags = timeliness(tables["documents"], tables["references"], tables["sentences"], grouping=grouping,
                      keys=[key], date_basis=date_basis)
    columns = [grouping, "central_date", "date_basis", "n_citing_documents", "n_preparation_documents",
               "n_follow_ups", "first_follow_up_key", "first_follow_up_issued", "lag_days", "status",
               "censored", "duration_days", "first_report_published", "report_lag_days",
               "n_undated_citing_documents", "approx_report_date", "approx_report_lag_days"]
    lags = lags[(lags["n_citing_documents"] > 0) | (lags["n_preparation_documents"] > 0)]
    return sort_by_group(lags[columns], [grouping], grouping)


def lag_message(tables: dict, key: str, lags: pd.DataFrame, grouping: str = "province",
                date_basis: str = "issued") -> str:
    """In words: what the lag table shows, and why lags are missing where they are.

    Never leaves an empty table unexplained: no central date (and why), no citing article with a
    province, only preparation, no dated follow-up document named, no dated citing article.
    """
    cited = resolution_citations(tables, key, date_basis)
    n_docs = cited["doc_id"].nunique()
    no_group = cited.merge(tables["documents"][["doc_id", grouping]], on="doc_id")[grouping].isna()
    unplaced = cited.loc[no_group.to_numpy(), "doc_id"].nunique() if len(cited) else 0
    parts = []
    if n_docs == 0:
        return f"No article in this corpus cites {key}."
    basis = cited["date_basis"].dropna().iloc[0] if cited["date_basis"].notna().any() else "no date"
    undated = bool(cited["central_date"].isna().all())
    if undated:
        remedy = ("name the year as the resolution parameter" if basis.startswith("year not stated")
                  else f"another date basis may have one (now {date_basis!r})")
        parts.append(f"No lag can be computed: the date of {key} is not known to the day ({basis}); {remedy}.")
    else:
        parts.append(f"Lags start from {cited['central_date'].dropna().iloc[0]} ({basis}).")
    if unplaced:
        parts.append(f"{unplaced} of {n_docs} citing articles have no {grouping} and are left out of the table.")
    if lags.empty:
        if unplaced:
            parts.append("No citing article has a province, so the table is empty.")
        return " ".join(parts)
    groups = f"{len(lags)} {grouping.replace('_', ' ')}" + ("s cite" if len(lags) != 1 else " cites")
    if undated:
        parts.append(f"{groups} it.")
        return " ".join(parts)
    count = lags["status"].value_counts()
    observed, prep = int(count.get("observed", 0)), int(count.get("preparation_only", 0))
    no_instrument, undated_only = int(count.get("cited_no_instrument", 0)), int(count.get("cited_undated", 0))
    censored = int(count.get("censored", 0))
    parts.append(f"{groups} it: {observed} with a dated follow-up document (lag observed), "
                 f"{no_instrument} with a dated citing article but no dated follow-up document named (no lag; "
                 f"the first dated citation in this corpus is shown instead), {undated_only} whose citing articles "
                 "are all undated (lag unknown: 'cited, undated'; not censored, they do report on it)"
                 + (f", {censored} censored" if censored else "")
                 + (f", {prep} only before it, in preparation (no lag: citing it before it existed is not "
                    "implementing it)" if prep else "") + ".")
    if observed == 0 and (no_instrument + undated_only):
        parts.append("No citing article names a provincial plan, programme, resolution or directive with its "
                     "issue date in the same sentence, so no follow-up lag is observed.")
    reported = int(lags["report_lag_days"].notna().sum())
    if reported:
        single = int((lags["report_lag_days"].notna() & (lags["n_citing_documents"] == 1)).sum())
        parts.append(f"{reported} have a first dated citation in this corpus (report_lag_days: the date of whichever "
                     "article the corpus holds, not a delay in implementing it)"
                     + (f"; {single} of them rest on a single article (n=1), which is not a finding" if single else "")
                     + ".")
    early = int((lags["report_lag_days"] < 0).sum())
    if early:
        parts.append(f"{early} cite it after its {'plenum' if key.startswith('plenum') else 'event'} met but before "
                     f"{cited['central_date'].dropna().iloc[0]} (negative report lag): the clock of this basis "
                     f"({date_basis!r}: {basis}) starts after the meeting; date_basis='closed' counts from the closing "
                     "day when the catalogue knows it to the day.")
    approx = int(lags["approx_report_lag_days"].notna().sum())
    if approx:
        parts.append(f"{approx} undated citing articles' provinces have a date written in the article's first "
                     "paragraphs (approx_report_date: approximate, an event the article reports, not its "
                     "publication date).")
    return " ".join(parts)


def _title_pattern(key: str) -> re.Pattern | None:
    """The subject of `key`'s catalogued title(s) ("... về đẩy mạnh học tập và làm theo tư tưởng,
    đạo đức, phong cách Hồ Chí Minh" -> that phrase), matched whatever the punctuation and case."""
    catalogue = central_catalogue()
    rows = catalogue[(catalogue["key"] == key) | (catalogue["event"] == key) & (catalogue["kind"] == "document")]
    subjects = []
    for title in rows["label_vi"].dropna():
        subject = re.split(r"\svề\s", title, maxsplit=1)[-1] if " về " in title else None
        # the leading verbs vary between citations ("đẩy mạnh việc học tập ..." / "học tập ...")
        subject = re.sub(r"^(?:(?:tiếp\s+tục|đẩy\s+mạnh|tăng\s+cường|nâng\s+cao)\s+)+(?:việc\s+)?", "", subject or "",
                         flags=re.IGNORECASE)
        words = re.findall(r"[^\W_]+", subject)
        if len(words) >= 4:
            subjects.append(r"[\W_]+".join(re.escape(w) for w in words))
    return re.compile("|".join(subjects), re.IGNORECASE) if subjects else None


def citation_spans(tables: dict, key: str, date_basis: str = "issued") -> pd.DataFrame:
    """Offsets of the citations of `key` together with the title written after them
    ("Nghị quyết số 12-NQ/TW ngày 16/1/2012 của ... “Một số vấn đề cấp bách ...”"), and of its
    catalogued subject wherever a citing document repeats it: ``doc_id, start, end``."""
    cited = resolution_citations(tables, key, date_basis)
    texts = tables["documents"].set_index("doc_id")["text"]
    subject = _title_pattern(key)
    rows = []
    for doc_id in sorted(cited["doc_id"].unique()) if subject is not None else []:
        text = texts.get(doc_id)
        for match in subject.finditer(text) if isinstance(text, str) else ():
            rows.append({"doc_id": doc_id, "start": match.start(), "end": match.end()})
    for row in cited.itertuples(index=False):
        text = texts.get(row.doc_id)
        end = int(row.end)
        if isinstance(text, str):
            title = _TITLE.match(text, end)
            if title:
                end = title.end()
        rows.append({"doc_id": row.doc_id, "start": int(row.start), "end": end})
    return pd.DataFrame(rows, columns=["doc_id", "start", "end"])


def resolution_formulas(tables: dict, key: str, grouping: str = "province", top: int = 15,
                        date_basis: str = "issued", kinds=("formula",)) -> pd.DataFrame:
    """Formulas (passages shared across provinces) in the documents that cite `key`, with the
    citation of `key` itself and its title left out (a resolution's name is not a formula that
    travels with it: every citing article prints it), and so every other citation, quoted title,
    title of office, institution name and catalogue title
    (:func:`analysis.compare.formulas.citation_spans`). Each phrase has the kind of
    :func:`analysis.compare.formulas.formula_kind`, as in notebook 20; by default only kind
    "formula" is listed (``kinds=None``: also news-reporting boilerplate, "reporting", and names
    that slipped through, "citation")."""
    columns = ["formula", "kind", "n_tokens", "n_documents", "n_groups", "groups"]
    spans = citation_spans(tables, key, date_basis)
    citing = spans["doc_id"].unique()
    documents = tables["documents"][tables["documents"]["doc_id"].isin(citing)]
    if documents[grouping].nunique() < 2:
        return pd.DataFrame(columns=columns)
    tokens = tables["tokens"][tables["tokens"]["doc_id"].isin(citing)].copy()
    inside = np.zeros(len(tokens), dtype=bool)
    for doc_id, part in spans.groupby("doc_id"):
        in_doc = (tokens["doc_id"] == doc_id).to_numpy()
        for start, end in zip(part["start"], part["end"]):
            inside |= in_doc & (tokens["start"] >= start).to_numpy() & (tokens["end"] <= end).to_numpy()
    # A token of the citation becomes a word no other document has, so no shared passage spans it.
    masked = "cite" + tokens["doc_id"].astype(str) + "x" + tokens["position"].astype(str)
    tokens.loc[inside, "norm"] = masked[inside]
    tokens.loc[inside, "token"] = masked[inside]
    # Other citations with their titles, quotations and titles of office are left out too
    # (widespread_formulas' default). The citations of `key` are not passed again: their extent is
    # known above from the catalogue's title, where the generic rule would run to the clause's end.
    references = tables["references"][tables["references"]["doc_id"].isin(citing)]
    own = resolution_citations(tables, key, date_basis)[["doc_id", "start", "end"]]
    keys = pd.MultiIndex.from_frame(references[["doc_id", "start", "end"]].astype({"start": int, "end": int}))
    own_keys = pd.MultiIndex.from_frame(own.astype({"start": int, "end": int}))
    references = references[~keys.isin(own_keys)]
    formulas = widespread_formulas(tokens, documents, grouping=grouping, top=top, references=references,
                                   kinds=kinds)
    return formulas[columns].reset_index(drop=True)


SHOWN = ("observed", "cited_no_instrument", "cited_undated", "censored")


# Extra margin (in rows) beyond the half row around the first and last rows of the lag figure.
LAG_ROW_MARGIN = 0.3


def plot_lags(lags: pd.DataFrame, grouping: str = "province", title: str = "", message: str = "",
              basis: str = ""):
    """Observed lags as bars; a province with a dated citing article but no follow-up document as a
    dot at its first dated citation in the corpus; a province whose citing articles are undated as
    "cited, undated" (a hollow diamond at the approximate date written in the text, when there is
    one), never a bar; a province citing nothing (censored) as a hollow bar over the corpus's
    observation window. Labels carry n (citing articles): n=1 is not a finding. Provinces that only
    prepared for the resolution, or a resolution without a date, get no mark; with nothing to draw,
    the figure says why (``message``). ``basis``: the date the clock starts from, in words."""
    data = sort_by_group(lags[lags["status"].isin(SHOWN)], [grouping], grouping)
    for column in ("report_lag_days", "approx_report_lag_days", "lag_days", "duration_days"):
        if column not in data.columns:
            data = data.assign(**{column: np.nan})
    fig, ax = figure(6.5, 0.4 * max(len(data), 2) + 1.4)
    if data.empty:  # say why, with no empty axis or meaningless ticks
        ax.axis("off")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(0.0, 0.5, wrap(message or "No lag to show: no dated follow-up and no province to follow.", 90),
                fontsize=8, va="center")
        ax.set_title(title or "Lag to the first provincial follow-up")
        return fig
    y = np.arange(len(data))
    status = data["status"].to_numpy()
    observed, censored = status == "observed", status == "censored"
    cited, undated = status == "cited_no_instrument", status == "cited_undated"
    if observed.any():
        ax.barh(y[observed], data.loc[observed, "lag_days"], label="first dated follow-up document")
    if censored.any():
        ax.barh(y[censored], data.loc[censored, "duration_days"], fill=False, hatch="//", edgecolor="#888888",
                label="no citing article in this corpus up to its last date (window observed; "
                      "excerpts: not evidence of non-implementation)")
    if cited.any():
        ax.plot(data.loc[cited, "report_lag_days"], y[cited], "o", color="#444444",
                label="no follow-up document named: first dated citation in this corpus")
    approx = undated & data["approx_report_lag_days"].notna().to_numpy()
    if approx.any():
        ax.plot(data.loc[approx, "approx_report_lag_days"], y[approx], "D", mfc="none", color="#444444",
                label="cited, undated: approximate date written in the text")
    for row in np.flatnonzero(undated & ~approx):
        ax.text(0, y[row], " cited, undated (lag unknown)", va="center", fontsize=7, color="#444444")
    ax.axvline(0, color="#bbbbbb", lw=0.8)
    if "n_citing_documents" in data.columns:  # n: the citing articles a province's mark rests on
        ax.set_yticks(y, [f"{g} (n={int(n)})" for g, n in zip(data[grouping], data["n_citing_documents"])])
    else:
        ax.set_yticks(y, data[grouping])
    # first province at the top, as in the tables; half a row of margin above the first and below
    # the last row, so their marks and "cited, undated" labels clear the title and the x axis
    # (with only dots and labels, autoscaling would put the first and last rows on the frame)
    ax.set_ylim(len(data) - 0.5 + LAG_ROW_MARGIN, -0.5 - LAG_ROW_MARGIN)
    ax.set_xlabel(wrap("days after the central date" + (f" ({basis})" if basis else ""), 90), fontsize=8)
    ax.set_title(wrap(title or "Lag to the first provincial follow-up", 70), pad=10)
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / (len(data) + 2)), ncol=1)
    return fig

