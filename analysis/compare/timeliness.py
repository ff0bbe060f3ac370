"""Timeliness: how fast each province followed up central resolutions and congresses.

Central dates come from ``analysis/data/central-resolutions.csv`` (documented, with sources, in
``docs/central-resolutions.md``): national congresses X–XIV, numbered Central Committee plenums
and the Politburo/Secretariat documents the corpus cites. Only rows with ``date_precision ==
"day"`` give lags; the others are reported with status ``central_undated``.

Follow-ups. A citation of central key K is a ``references`` row whose ``key`` is K (for a
document code such as "03-CT/TW", a reference carrying a different issue date is a different
document that happens to share the number, and is ignored). A follow-up of K is a reference to a
provincial or district document (``level`` in {"provincial", "district"}) of a follow-up type
(``doc_type`` in KH, CTr, NQ, CT by default: plans, programmes, resolutions, directives), with
an issue date on or after K's date, found in a document that cites K and within the same
``window``:

* ``window="sentence"`` (default): the same sentence as the citation. Provincial articles name
  the central document and the province's own instrument together ("Thực hiện Chỉ thị số
  10-CT/TW ngày 30-3-2007 ..., Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 29-CT/TU ngày
  20-5-2008"); a wider window attributes one resolution's plan to another cited nearby.
* ``window="paragraph"`` or ``"document"``: wider and looser.

Lag = first follow-up's issue date - central date, in days. Reports are the documents citing K,
with their publication dates (``report_lag_days`` = first publication on or after the central
date - central date).

Censoring. A group with no dated follow-up for K is censored, not zero: ``lag_days`` is NaN,
``censored`` True, and ``duration_days`` = censoring date - central date (the time it was
observed without a follow-up), for survival analysis. The censoring date is a parameter, by
default the latest ``published`` date in ``documents``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.config import data_file

from ._common import add_members, check_grouping, doc_groups

__all__ = ["central_resolutions", "citations", "follow_up_events", "timeliness"]

CENTRAL_FILE = data_file("central_resolutions")
FOLLOW_UP_TYPES = ("KH", "CTr", "NQ", "CT")
FOLLOW_UP_LEVELS = ("provincial", "district")
WINDOWS = ("sentence", "paragraph", "document")


@lru_cache(maxsize=1)
def _central_cached() -> pd.DataFrame:
    table = pd.read_csv(CENTRAL_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    table = table.replace({"": None})
    table["term"] = pd.to_numeric(table["term"], errors="coerce").astype("Int64")
    return table


def central_resolutions() -> pd.DataFrame:
    """The central resolutions/congresses table (a copy), one row per ``key``.

    Columns: key, kind, label_vi, label_en, issued ("YYYY-MM-DD" or None), date_precision,
    issued_approx, date_basis, term, issuer, documents, confidence, source, note.

    >>> t = central_resolutions()
    >>> t.set_index("key").loc["plenum:11:4", "issued"]
    '2012-01-16'
    >>> t.set_index("key").loc["congress:national:12", "issued"]
    '2016-01-28'
    """
    return _central_cached().copy()


def _to_date(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d", errors="coerce")


def _window_ids(refs: pd.DataFrame, sentences: pd.DataFrame | None, window: str) -> pd.Series:
    """For each reference, the id of the sentence/paragraph/document that contains it."""
    if window == "document":
        return refs["doc_id"].astype(str)
    if window == "sentence" and "sentence_index" in refs.columns and refs["sentence_index"].notna().all():
        # the build's references table carries the sentence index: no offset lookup needed
        return refs["doc_id"].astype(str) + "\x1f" + refs["sentence_index"].astype(int).astype(str)
    if sentences is None or sentences.empty:
        if window == "sentence" and "sentence" in refs.columns and refs["sentence"].notna().all():
            return refs["doc_id"].astype(str) + "\x1f" + refs["sentence"].astype(str)
        raise ValueError(f"window={window!r} needs the sentences table")
    ids = pd.Series(index=refs.index, dtype=object)
    by_doc = {d: part.sort_values("start") for d, part in sentences.groupby("doc_id")}
    for d, part in refs.groupby("doc_id"):
        sent = by_doc.get(d)
        if sent is None:
            ids.loc[part.index] = str(d) + "\x1f?"
            continue
        starts = sent["start"].to_numpy()
        row = np.searchsorted(starts, part["start"].to_numpy(), side="right") - 1
        row = np.clip(row, 0, len(sent) - 1)
        field = "sentence_index" if window == "sentence" else "paragraph"
        ids.loc[part.index] = [f"{d}\x1f{v}" for v in sent[field].to_numpy()[row]]
    return ids


def citations(references: pd.DataFrame, central: pd.DataFrame | None = None) -> pd.DataFrame:
    """References that cite a key of the central table, with the central date attached.

    A document-code citation whose own ``issued`` date differs from the table's is dropped (same
    number, different document). Returns the reference columns plus ``central_issued``,
    ``date_precision``, ``confidence``, sorted by doc_id, start.
    """
    central = central_resolutions() if central is None else central
    cols = ["key", "issued", "date_precision", "confidence", "kind"]
    table = central[cols].rename(columns={"issued": "central_issued", "kind": "central_kind"})
    cited = references.merge(table, on="key", how="inner")
    same_number_other_doc = (
        (cited["central_kind"] == "document") & cited["issued"].notna()
        & cited["central_issued"].notna() & (cited["issued"] != cited["central_issued"])
    )
    cited = cited[~same_number_other_doc].drop(columns=["central_kind"])
    return cited.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def follow_up_events(documents: pd.DataFrame, references: pd.DataFrame,
                     sentences: pd.DataFrame | None = None, central: pd.DataFrame | None = None,
                     window: str = "sentence", follow_up_types=FOLLOW_UP_TYPES,
                     follow_up_issuers=None) -> pd.DataFrame:
    """Every (citation of a central key, dated provincial follow-up) pair, with evidence.

    Returns ``doc_id, key, central_issued, follow_up_key, follow_up_type, follow_up_issuer,
    follow_up_issued, lag_days, start, end, text`` (the follow-up reference's offsets and text),
    one row per distinct (doc_id, key, follow-up reference), sorted by key, doc_id,
    follow_up_issued, start. ``follow_up_issuers`` (None: any) restricts issuers, e.g.
    ("TU", "HU", "ĐU") for Party committees only.
    """
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}")
    columns = ["doc_id", "key", "central_issued", "follow_up_key", "follow_up_type",
               "follow_up_issuer", "follow_up_issued", "lag_days", "start", "end", "text"]
    refs = references[references["doc_id"].isin(set(documents["doc_id"]))].copy()
    if refs.empty:
        return pd.DataFrame(columns=columns)
    refs["_window"] = _window_ids(refs, sentences, window)
    cited = citations(refs, central)
    cited = cited[cited["date_precision"] == "day"]
    is_follow = (refs["level"].isin(FOLLOW_UP_LEVELS) & refs["doc_type"].isin(follow_up_types)
                 & refs["issued"].notna())
    if follow_up_issuers is not None:
        is_follow &= refs["issuer"].isin(follow_up_issuers)
    follow = refs[is_follow][["_window", "key", "doc_type", "issuer", "issued", "start", "end", "text"]]
    follow = follow.rename(columns={"key": "follow_up_key", "doc_type": "follow_up_type",
                                    "issuer": "follow_up_issuer", "issued": "follow_up_issued"})
    pairs = cited[["doc_id", "key", "central_issued", "_window"]].drop_duplicates().merge(
        follow, on="_window", how="inner")
    pairs["lag_days"] = (_to_date(pairs["follow_up_issued"]).to_numpy()
                         - _to_date(pairs["central_issued"]).to_numpy()) / np.timedelta64(1, "D")
    pairs = pairs[pairs["lag_days"] >= 0]
    pairs = pairs.drop_duplicates(["doc_id", "key", "start", "end"])
    return (pairs[columns].sort_values(["key", "doc_id", "follow_up_issued", "start"], kind="stable")
            .reset_index(drop=True))


def timeliness(documents: pd.DataFrame, references: pd.DataFrame,
               sentences: pd.DataFrame | None = None, grouping: str = "province",
               central: pd.DataFrame | None = None, keys=None, window: str = "sentence",
               censor_date: str | None = None, follow_up_types=FOLLOW_UP_TYPES,
               follow_up_issuers=None) -> pd.DataFrame:
    """Per group and central key: first follow-up, lag in days, censoring, first report.

    ``keys`` defaults to every central key cited in the corpus. Every group with documents gets
    a row for every key, whether or not it cites it. Columns: ``<grouping>, key, label_en,
    central_issued, date_precision, confidence, n_documents, n_citing_documents,
    n_follow_ups, first_follow_up_key, first_follow_up_issued, follow_up_doc_id,
    follow_up_start, follow_up_end, lag_days, status`` ("observed", "censored" or
    "central_undated"), ``censored, censor_date, duration_days, first_report_doc_id,
    first_report_published, report_lag_days``; plus the 2025 regrouping note for
    ``grouping="province_2025"``. Sorted by key, group.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "province": ["Lạng Sơn"], "published": ["2015-07-08"]})
    >>> refs = pd.DataFrame({"doc_id": ["a", "a"], "key": ["10-CT/TW", "29-CT/TU"], "start": [10, 80],
    ...     "end": [18, 88], "text": ["10-CT/TW", "29-CT/TU"], "sentence": ["s", "s"],
    ...     "level": ["central", "provincial"], "doc_type": ["CT", "CT"], "issuer": ["TW", "TU"],
    ...     "issued": ["2007-03-30", "2008-05-20"]})
    >>> row = timeliness(docs, refs).iloc[0]
    >>> row["key"], row["first_follow_up_key"], float(row["lag_days"]), bool(row["censored"])
    ('10-CT/TW', '29-CT/TU', 417.0, False)
    """
    check_grouping(grouping)
    central = central_resolutions() if central is None else central
    groups = doc_groups(documents, grouping)
    docs = documents[documents["doc_id"].isin(groups.index)]
    refs = references[references["doc_id"].isin(set(docs["doc_id"]))]
    cited = citations(refs, central)
    if keys is None:
        keys = sorted(cited["key"].unique())
    keys = list(keys)
    events = follow_up_events(docs, refs, sentences, central, window, follow_up_types,
                              follow_up_issuers)
    published = _to_date(docs["published"]) if "published" in docs.columns else pd.Series(dtype="datetime64[ns]")
    if censor_date is not None:
        censor = pd.Timestamp(censor_date)
    else:
        censor = published.max() if published.notna().any() else pd.NaT
    pub_by_doc = dict(zip(docs["doc_id"], published))
    meta = central.set_index("key")
    rows = []
    for key in keys:
        info = meta.loc[key] if key in meta.index else None
        c_issued = info["issued"] if info is not None else None
        precision = info["date_precision"] if info is not None else None
        c_date = pd.Timestamp(c_issued) if (c_issued and precision == "day") else pd.NaT
        for group in sorted(groups.unique()):
            members = groups.index[groups == group]
            citing = sorted(set(cited.loc[(cited["key"] == key) & cited["doc_id"].isin(members), "doc_id"]))
            ev = events[(events["key"] == key) & events["doc_id"].isin(members)]
            row = {grouping: group, "key": key,
                   "label_en": info["label_en"] if info is not None else None,
                   "central_issued": c_issued, "date_precision": precision,
                   "confidence": info["confidence"] if info is not None else None,
                   "n_documents": len(members), "n_citing_documents": len(citing),
                   "n_follow_ups": int(ev[["follow_up_key", "follow_up_issued"]].drop_duplicates().shape[0]),
                   "first_follow_up_key": None, "first_follow_up_issued": None,
                   "follow_up_doc_id": None, "follow_up_start": np.nan, "follow_up_end": np.nan,
                   "lag_days": np.nan, "status": "censored", "censored": True,
                   "censor_date": censor.strftime("%Y-%m-%d") if pd.notna(censor) else None,
                   "duration_days": np.nan, "first_report_doc_id": None,
                   "first_report_published": None, "report_lag_days": np.nan}
            if pd.isna(c_date):
                row.update(status="central_undated", censored=False)
            elif not ev.empty:
                first = ev.sort_values(["follow_up_issued", "doc_id", "start"], kind="stable").iloc[0]
                row.update(first_follow_up_key=first["follow_up_key"],
                           first_follow_up_issued=first["follow_up_issued"],
                           follow_up_doc_id=first["doc_id"], follow_up_start=float(first["start"]),
                           follow_up_end=float(first["end"]), lag_days=float(first["lag_days"]),
                           status="observed", censored=False,
                           duration_days=float(first["lag_days"]))
            elif pd.notna(censor) and censor >= c_date:
                row["duration_days"] = float((censor - c_date) / pd.Timedelta(days=1))
            if pd.notna(c_date):
                reports = sorted((pub_by_doc[d], d) for d in citing
                                 if pd.notna(pub_by_doc.get(d)) and pub_by_doc[d] >= c_date)
                if reports:
                    when, doc = reports[0]
                    row.update(first_report_doc_id=doc,
                               first_report_published=when.strftime("%Y-%m-%d"),
                               report_lag_days=float((when - c_date) / pd.Timedelta(days=1)))
            rows.append(row)
    columns = [grouping, "key", "label_en", "central_issued", "date_precision", "confidence",
               "n_documents", "n_citing_documents", "n_follow_ups", "first_follow_up_key",
               "first_follow_up_issued", "follow_up_doc_id", "follow_up_start", "follow_up_end",
               "lag_days", "status", "censored", "censor_date", "duration_days",
               "first_report_doc_id", "first_report_published", "report_lag_days"]
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["key", grouping], kind="stable").reset_index(drop=True)
    return add_members(out, grouping, documents)
