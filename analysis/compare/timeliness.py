"""Timeliness: how fast each province followed up central resolutions and congresses.

The central catalogue. ``analysis/data/central-events.csv`` lists national congresses and Central
Committee plenums (opening and closing day, national study conference when known);
``analysis/data/central-documents.csv`` lists central documents keyed ``<number>-<type>/TW:<year>``
with the date line each carries and the plenum or congress that issued it (``event``); both are
documented with sources in ``docs/central-resolutions.md``. ``central_catalogue()`` joins them into
one row per central key.

The date lags start from (``date_basis``, one of ``DATE_BASES``, chosen explicitly):

* ``"issued"`` (default): the document's own date line ("ngày 16/1/2012"); for a plenum cited by
  name, the date line of the first document it issued in the catalogue (none when none is
  catalogued); for a congress, its closing day (a congress's resolution is dated the day it
  closes);
* ``"closed"``: the closing day of the plenum or congress (a document takes its event's closing
  day; a Politburo or Secretariat document, which has no event, gets no date);
* ``"study_conference"``: the national conference that studied and disseminated it (events and
  their documents only).

No basis falls back on another: one table never mixes bases (``docs/central-resolutions.md``).
Every row says which date it used (``date_basis`` column, in words). A date known only to the
month is no basis for a lag in days: such keys are ``central_undated``. A central document that is
not in the catalogue takes the issue date that the citing articles themselves print, the date
most of them agree on (``date_basis`` says "printed by k of n citing references").

Citations. A reference cites central key K when its ``key`` is K (document keys carry their year:
``35-CT/TW:2019`` and ``35-CT/TW:2024`` are different directives), or when it cites a document of
the catalogue that plenum or congress K issued (``12-NQ/TW:2012`` cites ``plenum:11:4``).

What is counted. Only the Party centre's policy documents (the Central Committee's, the
Politburo's and the Secretariat's "/TW" documents of the types in
``analysis.extract.references.CENTRAL_POLICY_TYPES``: NQ, CT, KL, QĐ, QĐi, QC, HD), national
congresses and Central Committee plenums are central keys here (``citation_standing``). Set apart,
not dropped (``set_aside_citations`` lists them with the reason): documents of central Party
agencies (``central_role`` "agency": "13402-CV/VPTW" of the Central Party Office, "847-NQ/QUTW"
of the Central Military Commission), documents of the centre that are not policy documents
(dispatches, notices, plans: "CV", "TB", "KH"), and ambiguous citations - a code whose year the
article does not settle ("35-CT/TW": 35-CT/TW:2019 or 35-CT/TW:2024), a plenum whose term it does
not state ("plenum:?:4"). An ambiguous citation is not a document of its own: its candidates are
listed beside it, and ``timeliness`` does not give it a row unless asked for by ``keys``.

Preparation is not implementation. A citation in an article published before the event opened (or
before the document's date; an event known only to its month counts from the month's first day,
so a report late in May 2014 on the May 2014 plenum is not preparation for the resolution it issued
in June), or in an undated article where a preparation cue stands just before
it ("tiến tới Đại hội XIII"; ``analysis/data/preparation-cues.txt``), is ``preparation``: it is
counted apart and never enters a lag or a censoring duration. An article has one date, so when one
citation of K in an undated article is preparation, all its citations of K are. An article without
``published`` but with ``date_in_text`` (the approximate date written in its first paragraphs,
``analysis/extract/metadata.py``) is placed by that date instead: before the event, preparation;
on or after it, follow-up (``dated_by`` says which date placed each citation). ``date_in_text``
is used for nothing else but the approximate report lag below; it is never a publication date.

Follow-ups. A follow-up of K is a reference to a provincial or district document (``level`` in
{"provincial", "district"}) of a follow-up type (``doc_type`` in KH, CTr, NQ, CT by default:
plans, programmes, resolutions, directives), with an issue date on or after K's date, found in a
document that cites K (not in preparation) and within the same ``window``:

* ``window="sentence"`` (default): the same sentence as the citation. Provincial articles name
  the central document and the province's own instrument together ("Thực hiện Chỉ thị số
  10-CT/TW ngày 30-3-2007 ..., Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 29-CT/TU ngày
  20-5-2008"); a wider window attributes one resolution's plan to another cited nearby.
* ``window="paragraph"`` or ``"document"``: wider and looser.

Lag = first follow-up's issue date - central date, in days. ``report_lag_days`` = the
publication date of the group's first dated citing (follow-up phase) article - central date: the
first dated citation *in this corpus*, not a delay in implementing (which article a corpus of
excerpts happens to hold decides it; ``n_citing_documents`` says how many it rests on, and one
article is not a finding). It is negative when the article appeared after the event met but before
the central date (on the "issued" basis a plenum's resolution may be dated weeks after the plenum).
``approx_report_lag_days``: the same from ``date_in_text`` of the citing articles without
``published``, approximate and never mixed into ``report_lag_days``.

Status. "observed": a dated follow-up document (``lag_days``). "cited_no_instrument": citing
articles in follow-up, at least one dated, none naming a dated provincial instrument (no follow-up
lag; ``report_lag_days`` is the first dated citation). "cited_undated": citing articles in follow-up,
none with ``published``: the lag is unknown (not censored: the articles report on it, we only do not
know when). "preparation_only", "central_undated" as named.

Censoring. Only a group with no citing article at all is censored ("censored"): ``lag_days`` is
NaN, ``censored`` True, and ``duration_days`` = censoring date - central date, the window the
corpus observes. The censoring date is a parameter, by default the latest ``published`` date in
``documents``. For a corpus of excerpts this is not evidence of non-implementation: a province's
missing articles are missing from the corpus, not from the province.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.config import data_file
from analysis.extract.references import CENTRAL_POLICY_TYPES, DOC_TYPE_NAMES, central_standing, is_central_agency

from ._common import add_members, check_grouping, doc_groups, sort_by_group

__all__ = ["central_catalogue", "central_dates", "citations", "follow_up_events", "timeliness",
           "DATE_BASES", "preparation_cues", "citation_standing", "set_aside_citations", "STANDINGS"]

FOLLOW_UP_TYPES = ("KH", "CTr", "NQ", "CT")
FOLLOW_UP_LEVELS = ("provincial", "district")
WINDOWS = ("sentence", "paragraph", "document")
DATE_BASES = ("issued", "closed", "study_conference")
# How far before a citation (in characters of its sentence) a preparation cue may stand:
# "tiến tới Đại hội", "chào mừng thành công Đại hội": a few words, not the whole sentence.
PREPARATION_REACH = 30

_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

CATALOGUE_COLUMNS = ["key", "kind", "event", "term", "label_vi", "label_en", "issuing_body", "issued",
                     "opened", "closed", "study_conference", "date_precision", "confidence", "source"]


def _read(name: str) -> pd.DataFrame:
    table = pd.read_csv(data_file(name), dtype=str, keep_default_na=False, encoding="utf-8", comment=None)
    return table.replace({"": None})


@lru_cache(maxsize=1)
def _catalogue_cached() -> pd.DataFrame:
    events = _read("central-events")
    documents = _read("central-documents")
    day_docs = documents[documents["issued"].fillna("").str.fullmatch(_FULL_DATE.pattern)]
    first_line = day_docs.dropna(subset=["event"]).groupby("event")["issued"].min()
    events = events.assign(event=events["key"], issued=events["key"].map(first_line), issuing_body=None)
    timing = events.set_index("key")[["opened", "closed", "study_conference", "term"]]
    documents = documents.join(timing, on="event")
    documents = documents.assign(kind="document", label_vi=documents["title_vi"])
    table = pd.concat([events[CATALOGUE_COLUMNS], documents[CATALOGUE_COLUMNS]], ignore_index=True)
    table["term"] = pd.to_numeric(table["term"], errors="coerce").astype("Int64")
    return table.sort_values("key", kind="stable").reset_index(drop=True)


def central_catalogue() -> pd.DataFrame:
    """The central catalogue (a copy), one row per key: congresses and plenums (``kind`` congress /
    plenum, ``event`` = their own key) and central documents (``kind`` document, ``event`` = the
    plenum or congress that issued them, with its opening and closing days).

    Columns: key, kind, event, term, label_vi, label_en, issuing_body, issued (a document's date
    line; an event's first document's), opened, closed, study_conference, date_precision,
    confidence, source.

    >>> t = central_catalogue().set_index("key")
    >>> t.loc["12-NQ/TW:2012", ["issued", "event"]].tolist()
    ['2012-01-16', 'plenum:11:4']
    >>> t.loc["plenum:11:4", "issued"], t.loc["congress:national:13", "closed"]
    ('2012-01-16', '2021-02-01')
    """
    return _catalogue_cached().copy()


def _full(value) -> str | None:
    return value if isinstance(value, str) and _FULL_DATE.fullmatch(value) else None


def central_dates(catalogue: pd.DataFrame | None = None, date_basis: str = "issued") -> pd.DataFrame:
    """Per catalogue key, the date lags start from under ``date_basis``, and in words which date it is.

    Returns ``key, central_date`` ("YYYY-MM-DD" or None when not known to the day), ``date_basis``.

    >>> d = central_dates(date_basis="closed").set_index("key")
    >>> bool(pd.isna(d.loc["12-NQ/TW:2012", "central_date"])), d.loc["congress:national:13", "central_date"]
    (True, '2021-02-01')
    """
    if date_basis not in DATE_BASES:
        raise ValueError(f"date_basis must be one of {DATE_BASES}, got {date_basis!r}")
    catalogue = central_catalogue() if catalogue is None else catalogue
    rows = []
    for row in catalogue.itertuples(index=False):
        is_event = row.kind != "document"
        has_event = isinstance(row.event, str)
        if date_basis == "issued":
            if _full(row.issued):
                date, basis = row.issued, ("date line of its first resolution" if is_event else "its date line")
            elif row.kind == "congress":
                date, basis = _full(row.closed), "closing day (a congress's resolution is dated the day it closes)"
            else:
                date, basis = None, ("no resolution of it catalogued" if is_event else "its date line")
        elif date_basis == "closed":
            date = _full(row.closed) if (is_event or has_event) else None
            basis = "closing day" + ("" if is_event else f" of {row.event}" if has_event else " (no plenum or congress)")
        else:
            date = _full(row.study_conference) if (is_event or has_event) else None
            basis = "national study conference" + ("" if is_event or has_event else " (no plenum or congress)")
        rows.append({"key": row.key, "central_date": date, "date_basis": basis + ("" if date else ", not known to the day")})
    return pd.DataFrame(rows, columns=["key", "central_date", "date_basis"])


@lru_cache(maxsize=1)
def preparation_cues() -> tuple[str, ...]:
    """The preparation cues of ``analysis/data/preparation-cues.txt`` (lower case)."""
    cues = []
    for line in data_file("preparation-cues").read_text(encoding="utf-8").splitlines():
        cue = line.split("#", 1)[0].strip().lower()
        if cue:
            cues.append(cue)
    return tuple(cues)


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


# A reference's standing: counted in the citation matrix and timeliness, or set apart and why.
STANDINGS = ("counted", "ambiguous", "central agency", "not a policy document")
_AMBIGUOUS_KEY = re.compile(r"^(?:plenum:\?:|congress:national:\?)")


def _is_ambiguous(key) -> bool:
    """A central key that does not name one document or event: a code without its year, a plenum
    without its term, a national congress without its number."""
    if not isinstance(key, str):
        return True
    if key.startswith(("plenum:", "congress:")):
        return bool(_AMBIGUOUS_KEY.match(key))
    return ":" not in key


def citation_standing(references: pd.DataFrame, catalogue: pd.DataFrame | None = None,
                      documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The central references (``level`` "central"), each with its
    ``standing`` (one of ``STANDINGS``), its ``candidates`` (an ambiguous citation's catalogue keys,
    "; "-joined, else "") and the ``reason`` in words ("" when counted).

    * "central agency": a document of a central Party agency ("13402-CV/VPTW", "847-NQ/QUTW");
    * "not a policy document": a document of the centre of a type outside ``CENTRAL_POLICY_TYPES``
      (a công văn, a thông báo, a kế hoạch);
    * "ambiguous": a policy document whose year, a plenum whose term or a national congress whose
      number the article does not settle; its candidates are the catalogue's documents with that
      code (issued by the article's ``published`` date when ``documents`` gives it) or its plenums
      of that number (opened by then);
    * "counted": everything else.

    >>> refs = pd.DataFrame({"doc_id": ["a"] * 4, "kind": ["document"] * 3 + ["plenum"],
    ...     "key": ["35-CT/TW", "13402-CV/VPTW", "12-NQ/TW:2012", "plenum:?:4"], "text": ["35-CT/TW", "", "", ""],
    ...     "level": ["central"] * 4, "doc_type": ["CT", "CV", "NQ", None], "issuer": ["TW", "VPTW", "TW", None]})
    >>> t = citation_standing(refs)
    >>> t["standing"].tolist()
    ['ambiguous', 'central agency', 'counted', 'ambiguous']
    >>> t["candidates"].iloc[0]
    '35-CT/TW:2019; 35-CT/TW:2024'
    """
    catalogue = central_catalogue() if catalogue is None else catalogue
    refs = references[references["level"] == "central"].copy()
    columns = list(references.columns) + ["standing", "candidates", "reason"]
    if refs.empty:
        return pd.DataFrame(columns=columns)
    published = (refs["doc_id"].map(documents.drop_duplicates("doc_id").set_index("doc_id")["published"])
                 if documents is not None and "published" in documents.columns else pd.Series(None, index=refs.index))
    docs = catalogue[catalogue["kind"] == "document"]
    by_code = docs.groupby(docs["key"].str.split(":").str[0])
    issued_of = docs.set_index("key")["issued"]
    plenums = catalogue[catalogue["kind"] == "plenum"]
    standing, candidates, reasons = [], [], []
    for row, date in zip(refs.itertuples(index=False), published):
        date = date if isinstance(date, str) else None
        where = f"published {date}" if date else "undated"
        kind = central_standing(row.kind, row.level, getattr(row, "doc_type", None), getattr(row, "issuer", None))
        if kind == "agency":
            standing.append("central agency")
            candidates.append("")
            reasons.append(f"issued by a central Party agency ({row.issuer}), "
                           "not the Central Committee, Politburo or Secretariat")
            continue
        if kind == "not policy":
            name = DOC_TYPE_NAMES.get(row.doc_type, row.doc_type)
            standing.append("not a policy document")
            candidates.append("")
            reasons.append(f"a {name} ({row.doc_type}) of the Party centre: not one of the policy types "
                           f"{', '.join(CENTRAL_POLICY_TYPES)}")
            continue
        if not _is_ambiguous(row.key):
            standing.append("counted")
            candidates.append("")
            reasons.append("")
            continue
        standing.append("ambiguous")
        if row.key.startswith("plenum:"):
            number = row.key.split(":")[2]
            rows = plenums[plenums["key"].str.fullmatch(rf"plenum:\d+:{number}")]
            if date:
                rows = rows[rows["opened"].isna() | (rows["opened"].fillna("") <= date)]
            candidates.append("; ".join(sorted(rows["key"], key=lambda k: int(k.split(":")[1]))))
            reasons.append(f"plenum {number} named without its term ({where}); no other mention, Central "
                           "Committee term or printed subject in the article settles it")
        elif row.key.startswith("congress:"):
            candidates.append("")
            reasons.append("national congress named without its number")
        else:
            code = row.key.split("@")[0]
            keys = sorted(by_code.get_group(code)["key"]) if code in by_code.groups else []
            if date:
                keys = [k for k in keys if not isinstance(issued_of[k], str) or issued_of[k] <= date]
            candidates.append("; ".join(keys))
            if not keys:
                reasons.append(f"year not stated and the code is not in the catalogue ({where}): it cannot be told "
                               "apart from another document of the same number")
            elif len(keys) == 1:
                reasons.append(f"year not stated ({where}); the catalogue's only document with this code may not "
                               "be the one meant")
            else:
                reasons.append(f"year not stated ({where}); {len(keys)} catalogue documents share the code and no "
                               "date, term, congress or subject in the article tells them apart")
    refs["standing"], refs["candidates"], refs["reason"] = standing, candidates, reasons
    return refs[columns].reset_index(drop=True)


def set_aside_citations(references: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                        catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Citations of the centre that the citation matrix and timeliness do not count, per group and
    key: ``<grouping>, key, standing, n_documents, candidates, reason, example`` (``citation_standing``;
    one reason per key and group: the first document's). Sorted by standing, key, group.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Hà Nam", "Tây Ninh"], "published": [None, "2020-05-01"]})
    >>> refs = pd.DataFrame({"doc_id": ["a", "b"], "kind": ["document"] * 2, "key": ["13402-CV/VPTW", "35-CT/TW"],
    ...     "text": ["Văn bản số 13402-CV/VPTW", "Chỉ thị 35-CT/TW"], "level": ["central", "central"],
    ...     "doc_type": ["CV", "CT"], "issuer": ["VPTW", "TW"]})
    >>> out = set_aside_citations(refs, docs)
    >>> out[["province", "key", "standing", "candidates"]].values.tolist()
    [['Tây Ninh', '35-CT/TW', 'ambiguous', '35-CT/TW:2019'], ['Hà Nam', '13402-CV/VPTW', 'central agency', '']]
    """
    check_grouping(grouping)
    columns = [grouping, "key", "standing", "n_documents", "candidates", "reason", "example"]
    groups = doc_groups(documents, grouping)
    refs = references[references["doc_id"].isin(groups.index)]
    table = citation_standing(refs, catalogue, documents)
    table = table[table["standing"] != "counted"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    table = table.assign(**{grouping: table["doc_id"].map(groups)}).sort_values(["doc_id", "start"] if "start" in table
                                                                               else ["doc_id"], kind="stable")
    out = (table.groupby([grouping, "key", "standing"], sort=False)
           .agg(n_documents=("doc_id", "nunique"), candidates=("candidates", "first"), reason=("reason", "first"),
                example=("text", "first")).reset_index())
    out["_s"] = out["standing"].map({s: i for i, s in enumerate(STANDINGS)})
    out = sort_by_group(out, ["_s", "key", grouping], grouping)
    return out[columns].reset_index(drop=True)


def printed_dates(references: pd.DataFrame, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Central documents cited but not in the catalogue, dated by what the citing references print.

    The date most citing references agree on wins (ties: the earliest); ``date_basis`` says how many
    agree. A code cited without a date and without a year gets no date, and ``date_basis`` says why
    (listing the catalogue documents with that code when there are several). Returns ``key,
    central_date, date_basis``.
    """
    catalogue = central_catalogue() if catalogue is None else catalogue
    cols = ["key", "central_date", "date_basis"]
    docs = references[(references["kind"] == "document") & (references["level"] == "central")
                      & references["doc_type"].isin(CENTRAL_POLICY_TYPES)
                      & ~references["issuer"].map(is_central_agency)
                      & ~references["key"].isin(set(catalogue["key"]))]
    if docs.empty:
        return pd.DataFrame(columns=cols)
    counts = docs[docs["issued"].notna()].groupby(["key", "issued"]).size().rename("n").reset_index()
    counts = counts.sort_values(["key", "n", "issued"], ascending=[True, False, True], kind="stable")
    best = counts.groupby("key").first()
    total = docs.groupby("key").size()
    by_code = catalogue[catalogue["kind"] == "document"].groupby(catalogue["key"].str.split(":").str[0])["key"].agg(list)
    rows = []
    for key in sorted(total.index):
        if key in best.index:
            rows.append((key, best.loc[key, "issued"],
                         f"printed by {best.loc[key, 'n']} of {total[key]} citing references (not in the catalogue)"))
        elif key in by_code.index:
            rows.append((key, None, "year not stated; the catalogue has " + ", ".join(sorted(by_code[key]))))
        else:
            rows.append((key, None, "not in the catalogue, and no citing article prints its date"))
    return pd.DataFrame(rows, columns=cols)


def citations(references: pd.DataFrame, catalogue: pd.DataFrame | None = None, date_basis: str = "issued",
              documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """References that cite a central key, with the central date and the citation's phase.

    One row per (reference, cited key): a reference to ``12-NQ/TW:2012`` gives a row for that key
    and one for ``plenum:11:4`` (``via`` = the document key). Adds ``central_date``,
    ``date_basis``, ``date_precision``, ``confidence``, ``event_start`` (the day the event opened,
    or the central date) and, when ``documents`` (with ``published``) is given, ``published`` and
    ``phase``: "preparation" or "follow-up" (see the module notes). Sorted by doc_id, start, key.
    """
    catalogue = central_catalogue() if catalogue is None else catalogue
    dates = pd.concat([central_dates(catalogue, date_basis), printed_dates(references, catalogue)],
                      ignore_index=True)
    meta = catalogue.set_index("key")
    direct = references[references["key"].isin(set(dates["key"]))].assign(via=None)
    docs_with_event = meta[(meta["kind"] == "document") & meta["event"].notna()]["event"]
    by_event = references[references["key"].isin(set(docs_with_event.index))]
    by_event = by_event.assign(via=by_event["key"], key=by_event["key"].map(docs_with_event))
    cited = pd.concat([direct, by_event], ignore_index=True).merge(dates, on="key", how="left")
    cited["date_precision"] = np.where(cited["central_date"].notna(), "day", "not to the day")
    cited["confidence"] = cited["key"].map(meta["confidence"]).fillna("citing articles")
    opened = cited["key"].map(meta["opened"]).map(_full)
    is_event = cited["key"].str.startswith(("congress:", "plenum:"))
    cited["event_start"] = opened.where(is_event & opened.notna(), cited["central_date"])
    # An event known only to its month ("2014-05") may have opened on the month's first day: a
    # citation is preparation only when published before that day, not before the (later) date of
    # the resolution the event produced
    month = cited["key"].map(meta["opened"]).map(lambda v: v if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}", v) else None)
    earliest = cited["event_start"].where(~(is_event & opened.isna() & month.notna()), month + "-01")
    if documents is not None and "published" in documents.columns:
        dated = documents[["doc_id", "published"]].assign(
            date_in_text=documents["date_in_text"] if "date_in_text" in documents.columns else None)
        cited = cited.merge(dated, on="doc_id", how="left")
        cited["dated_by"] = np.where(cited["published"].notna(), "published",
                                     np.where(cited["date_in_text"].notna(), "date in text (approximate)", "undated"))
        cited["phase"] = _phases(cited, earliest.to_numpy())
    return cited.sort_values(["doc_id", "start", "key"], kind="stable").reset_index(drop=True)


def _phases(cited: pd.DataFrame, earliest=None) -> pd.Series:
    """"preparation" for a citation published before its event started (``earliest``: the first
    day it may have started; by default ``event_start``), or undated and preceded by a preparation
    cue; "follow-up" otherwise."""
    published = cited["published"].where(cited["published"].notna(), None)
    if "date_in_text" in cited.columns:  # an undated article is placed by the date written in it
        published = published.where(published.notna(), cited["date_in_text"].where(cited["date_in_text"].notna(), None))
    starts = cited["event_start"] if earliest is None else earliest
    before = [isinstance(p, str) and isinstance(s, str) and p < s for p, s in zip(published, starts)]
    cue = _cue_before(cited)
    undated = [not isinstance(p, str) for p in published]
    prep = pd.Series([b or (u and c) for b, u, c in zip(before, undated, cue)], index=cited.index)
    # one article, one date: a preparation citation makes the article's other citations of the key
    # preparation too (an undated article that says "tiến tới Đại hội XIII" once was written before it)
    undated_prep = prep & pd.Series(undated, index=cited.index)
    if undated_prep.any():
        pairs = set(zip(cited.loc[undated_prep, "doc_id"], cited.loc[undated_prep, "key"]))
        prep |= pd.Series([(d, k) in pairs for d, k in zip(cited["doc_id"], cited["key"])], index=cited.index)
    return pd.Series(np.where(prep, "preparation", "follow-up"), index=cited.index)


def _cue_before(cited: pd.DataFrame) -> list[bool]:
    if "sentence" not in cited.columns:
        return [False] * len(cited)
    pattern = re.compile(r"(?:^|\W)(?:" + "|".join(re.escape(c) for c in preparation_cues()) + r")(?:\W|$)")
    out = []
    for sentence, text in zip(cited["sentence"], cited["text"]):
        if not isinstance(sentence, str) or not isinstance(text, str) or text not in sentence:
            out.append(False)
            continue
        at = sentence.index(text)
        out.append(bool(pattern.search(sentence[max(0, at - PREPARATION_REACH):at].lower())))
    return out


def follow_up_events(documents: pd.DataFrame, references: pd.DataFrame,
                     sentences: pd.DataFrame | None = None, catalogue: pd.DataFrame | None = None,
                     window: str = "sentence", follow_up_types=FOLLOW_UP_TYPES,
                     follow_up_issuers=None, date_basis: str = "issued") -> pd.DataFrame:
    """Every (citation of a central key, dated provincial follow-up) pair, with evidence.

    Preparation citations are left out. Returns ``doc_id, key, central_date, follow_up_key,
    follow_up_type, follow_up_issuer, follow_up_issued, lag_days, start, end, text`` (the
    follow-up reference's offsets and text), one row per distinct (doc_id, key, follow-up
    reference), sorted by key, doc_id, follow_up_issued, start. ``follow_up_issuers`` (None: any)
    restricts issuers, e.g. ("TU", "HU", "ĐU") for Party committees only.
    """
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}")
    columns = ["doc_id", "key", "central_date", "follow_up_key", "follow_up_type",
               "follow_up_issuer", "follow_up_issued", "lag_days", "start", "end", "text"]
    refs = references[references["doc_id"].isin(set(documents["doc_id"]))].copy()
    if refs.empty:
        return pd.DataFrame(columns=columns)
    refs["_window"] = _window_ids(refs, sentences, window)
    cited = citations(refs, catalogue, date_basis, documents)
    cited = cited[cited["central_date"].notna() & (cited["phase"] == "follow-up")]
    is_follow = (refs["level"].isin(FOLLOW_UP_LEVELS) & refs["doc_type"].isin(follow_up_types)
                 & refs["issued"].notna())
    if follow_up_issuers is not None:
        is_follow &= refs["issuer"].isin(follow_up_issuers)
    follow = refs[is_follow][["_window", "key", "doc_type", "issuer", "issued", "start", "end", "text"]]
    follow = follow.rename(columns={"key": "follow_up_key", "doc_type": "follow_up_type",
                                    "issuer": "follow_up_issuer", "issued": "follow_up_issued"})
    pairs = cited[["doc_id", "key", "central_date", "_window"]].drop_duplicates().merge(
        follow, on="_window", how="inner")
    pairs["lag_days"] = (_to_date(pairs["follow_up_issued"]).to_numpy()
                         - _to_date(pairs["central_date"]).to_numpy()) / np.timedelta64(1, "D")
    pairs = pairs[pairs["lag_days"] >= 0]
    pairs = pairs.drop_duplicates(["doc_id", "key", "start", "end"])
    return (pairs[columns].sort_values(["key", "doc_id", "follow_up_issued", "start"], kind="stable")
            .reset_index(drop=True))


TIMELINESS_COLUMNS = [
    "key", "label_en", "central_date", "date_basis", "date_precision", "confidence", "n_documents",
    "n_citing_documents", "n_preparation_documents", "n_follow_ups", "first_follow_up_key",
    "first_follow_up_issued", "follow_up_doc_id", "follow_up_start", "follow_up_end", "lag_days",
    "status", "censored", "censor_date", "duration_days", "first_report_doc_id",
    "first_report_published", "report_lag_days", "n_undated_citing_documents", "approx_report_date",
    "approx_report_lag_days"]


def timeliness(documents: pd.DataFrame, references: pd.DataFrame,
               sentences: pd.DataFrame | None = None, grouping: str = "province",
               catalogue: pd.DataFrame | None = None, keys=None, window: str = "sentence",
               censor_date: str | None = None, follow_up_types=FOLLOW_UP_TYPES,
               follow_up_issuers=None, date_basis: str = "issued") -> pd.DataFrame:
    """Per group and central key: first follow-up, lag in days, censoring, first report.

    ``keys`` defaults to every central key cited in the corpus. Every group with documents gets
    a row for every key, whether or not it cites it. Columns: ``<grouping>`` then
    ``TIMELINESS_COLUMNS``: the central date and its basis, documents citing it in follow-up
    (``n_citing_documents``) and in preparation (``n_preparation_documents``), the first dated
    follow-up and its lag, ``status`` ("observed", "cited_no_instrument", "cited_undated",
    "censored", "preparation_only" or "central_undated"; see the module notes), censoring (only
    without any citing article), the first dated citation in the corpus (``report_lag_days``) and,
    from citing articles without ``published``, how many and the approximate first citation
    (``approx_report_date``, ``approx_report_lag_days``, from ``date_in_text``); plus the 2025 regrouping note for
    ``grouping="province_2025"``. Sorted by key, group.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "province": ["Lạng Sơn"], "published": ["2015-07-08"]})
    >>> refs = pd.DataFrame({"doc_id": ["a", "a"], "kind": ["document", "document"],
    ...     "key": ["10-CT/TW:2007", "29-CT/TU:2008@Lạng Sơn"], "start": [10, 80],
    ...     "end": [18, 88], "text": ["10-CT/TW", "29-CT/TU"], "sentence": ["s", "s"],
    ...     "level": ["central", "provincial"], "doc_type": ["CT", "CT"], "issuer": ["TW", "TU"],
    ...     "issued": ["2007-03-30", "2008-05-20"]})
    >>> row = timeliness(docs, refs).iloc[0]
    >>> row["key"], row["first_follow_up_key"], float(row["lag_days"]), bool(row["censored"])
    ('10-CT/TW:2007', '29-CT/TU:2008@Lạng Sơn', 417.0, False)
    """
    check_grouping(grouping)
    catalogue = central_catalogue() if catalogue is None else catalogue
    groups = doc_groups(documents, grouping)
    docs = documents[documents["doc_id"].isin(groups.index)]
    refs = references[references["doc_id"].isin(set(docs["doc_id"]))]
    cited = citations(refs, catalogue, date_basis, docs)
    # an ambiguous citation ("35-CT/TW", year not settled) is no document of its own: no row unless asked for
    keys = sorted(k for k in cited["key"].unique() if not _is_ambiguous(k)) if keys is None else list(keys)
    events = follow_up_events(docs, refs, sentences, catalogue, window, follow_up_types,
                              follow_up_issuers, date_basis)
    published = _to_date(docs["published"]) if "published" in docs.columns else pd.Series(dtype="datetime64[ns]")
    censor = pd.Timestamp(censor_date) if censor_date is not None else (
        published.max() if published.notna().any() else pd.NaT)

    out = _group_key_frame(groups, keys, grouping)
    if out.empty:
        return add_members(pd.DataFrame(columns=[grouping] + TIMELINESS_COLUMNS), grouping, documents)
    out = out.merge(_key_facts(keys, catalogue, cited), on="key", how="left")
    out = out.merge(_citing_counts(cited, groups, grouping), on=[grouping, "key"], how="left")
    out = out.merge(_first_follow_ups(events, groups, grouping), on=[grouping, "key"], how="left")
    out = out.merge(_first_reports(cited, groups, grouping), on=[grouping, "key"], how="left")
    out = out.merge(_undated_reports(cited, groups, grouping), on=[grouping, "key"], how="left")
    for column in ("n_citing_documents", "n_preparation_documents", "n_follow_ups", "n_undated_citing_documents"):
        out[column] = out[column].fillna(0).astype(int)
    out = _status(out, censor)
    out = sort_by_group(out[[grouping] + TIMELINESS_COLUMNS], ["key", grouping], grouping)
    return add_members(out, grouping, documents)


def _group_key_frame(groups: pd.Series, keys: list, grouping: str) -> pd.DataFrame:
    sizes = groups.value_counts().rename("n_documents").rename_axis(grouping).reset_index()
    return sizes.merge(pd.DataFrame({"key": keys}, dtype=object), how="cross")


def _key_facts(keys: list, catalogue: pd.DataFrame, cited: pd.DataFrame) -> pd.DataFrame:
    facts = pd.DataFrame({"key": keys}, dtype=object)
    meta = catalogue.set_index("key")
    facts["label_en"] = facts["key"].map(meta["label_en"])
    known = cited.drop_duplicates("key").set_index("key")
    for column in ("central_date", "date_basis", "date_precision", "confidence"):
        facts[column] = facts["key"].map(known[column]) if column in known else None
    return facts


def _citing_counts(cited: pd.DataFrame, groups: pd.Series, grouping: str) -> pd.DataFrame:
    if cited.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in
                             (grouping, "key", "n_citing_documents", "n_preparation_documents")})
    frame = cited[["doc_id", "key", "phase"]].drop_duplicates().assign(**{grouping: lambda d: d["doc_id"].map(groups)})
    counts = (frame.groupby([grouping, "key", "phase"])["doc_id"].nunique().unstack("phase")
              .reindex(columns=["follow-up", "preparation"]).fillna(0).astype(int))
    counts.columns = ["n_citing_documents", "n_preparation_documents"]
    return counts.reset_index()


def _first_follow_ups(events: pd.DataFrame, groups: pd.Series, grouping: str) -> pd.DataFrame:
    columns = [grouping, "key", "n_follow_ups", "first_follow_up_key", "first_follow_up_issued",
               "follow_up_doc_id", "follow_up_start", "follow_up_end", "lag_days"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    ev = events.assign(**{grouping: events["doc_id"].map(groups)})
    n = (ev.drop_duplicates([grouping, "key", "follow_up_key", "follow_up_issued"])
         .groupby([grouping, "key"]).size().rename("n_follow_ups"))
    first = (ev.sort_values([grouping, "key", "follow_up_issued", "doc_id", "start"], kind="stable")
             .groupby([grouping, "key"]).first())
    first = first.rename(columns={"follow_up_key": "first_follow_up_key", "follow_up_issued": "first_follow_up_issued",
                                  "doc_id": "follow_up_doc_id", "start": "follow_up_start", "end": "follow_up_end"})
    first = first.join(n).reset_index()
    first[["follow_up_start", "follow_up_end", "lag_days"]] = first[
        ["follow_up_start", "follow_up_end", "lag_days"]].astype(float)
    return first[columns]


def _first_reports(cited: pd.DataFrame, groups: pd.Series, grouping: str) -> pd.DataFrame:
    columns = [grouping, "key", "first_report_doc_id", "first_report_published", "report_lag_days"]
    # the first dated citing article in follow-up, even one published after the event met but before
    # the central date (a negative report lag: the clock of the "issued" basis starts later)
    reports = cited[(cited["phase"] == "follow-up") & cited["published"].notna() & cited["central_date"].notna()]
    if reports.empty:
        return pd.DataFrame(columns=columns)
    reports = reports.assign(**{grouping: reports["doc_id"].map(groups)})
    first = (reports.sort_values([grouping, "key", "published", "doc_id"], kind="stable")
             .groupby([grouping, "key"]).first().reset_index())
    first["report_lag_days"] = ((_to_date(first["published"]) - _to_date(first["central_date"]))
                                / pd.Timedelta(days=1)).astype(float)
    return first.rename(columns={"doc_id": "first_report_doc_id", "published": "first_report_published"})[columns]


def _undated_reports(cited: pd.DataFrame, groups: pd.Series, grouping: str) -> pd.DataFrame:
    """Per group and key: citing (follow-up) articles without ``published``, and the first
    ``date_in_text`` among them with its lag (approximate)."""
    columns = [grouping, "key", "n_undated_citing_documents", "approx_report_date", "approx_report_lag_days"]
    if cited.empty or "published" not in cited.columns:
        return pd.DataFrame(columns=columns)
    undated = cited[(cited["phase"] == "follow-up") & cited["published"].isna()]
    if undated.empty:
        return pd.DataFrame(columns=columns)
    undated = undated.assign(**{grouping: undated["doc_id"].map(groups)})
    n = undated.groupby([grouping, "key"])["doc_id"].nunique().rename("n_undated_citing_documents")
    texts = undated[undated["date_in_text"].notna() & undated["central_date"].notna()] if "date_in_text" in undated else undated.iloc[:0]
    first = texts.groupby([grouping, "key"])["date_in_text"].min().rename("approx_report_date")
    out = pd.concat([n, first], axis=1).reset_index()
    central = out["key"].map(cited.drop_duplicates("key").set_index("key")["central_date"])
    out["approx_report_lag_days"] = ((_to_date(out["approx_report_date"]).to_numpy() - _to_date(central).to_numpy())
                                     / np.timedelta64(1, "D")).astype(float)
    return out[columns]


def _status(out: pd.DataFrame, censor: pd.Timestamp) -> pd.DataFrame:
    dated = out["central_date"].notna()
    observed = dated & out["lag_days"].notna()
    cited = dated & ~observed & (out["n_citing_documents"] > 0)
    cited_dated = cited & out["first_report_published"].notna()
    preparation_only = dated & ~observed & (out["n_citing_documents"] == 0) & (out["n_preparation_documents"] > 0)
    out["status"] = np.select([~dated, observed, cited_dated, cited, preparation_only],
                              ["central_undated", "observed", "cited_no_instrument", "cited_undated", "preparation_only"],
                              "censored")
    out["censored"] = out["status"] == "censored"
    out["censor_date"] = censor.strftime("%Y-%m-%d") if pd.notna(censor) else None
    since = (censor - _to_date(out["central_date"])) / pd.Timedelta(days=1) if pd.notna(censor) else np.nan
    duration = pd.Series(since, index=out.index, dtype=float) if pd.notna(censor) else pd.Series(np.nan, index=out.index)
    out["duration_days"] = np.where(observed, out["lag_days"],
                                    np.where(out["censored"] & (duration >= 0), duration, np.nan))
    return out
