"""Shared by the notebook views: provinces in a corpus, parameter checks, human labels for codes
and central resolutions, and the house figure helpers."""
from __future__ import annotations

import re
import textwrap
from functools import lru_cache

import matplotlib.pyplot as plt
import pandas as pd

from analysis.coding import load_codebook
from analysis.compare import central_catalogue as _central_catalogue
from analysis.compare import citations
from analysis.compare.timeliness import citation_standing
from analysis.compare import MIN_DOCUMENTS, order_groups
from analysis.compare._common import GROUPINGS, check_grouping
from analysis.extract.numbers import to_roman
from analysis.extract.references import extract_references
from analysis.params import ParameterError, check_choice

__all__ = ["small_sample_warning", "sample_note", "GROUPINGS", "GROUPING_LABEL", "check_grouping", "province_choices", "check_province", "select_provinces", "code_labels", "label_code", "central_catalogue", "central_references", "cited_central_resolutions", "resolve_resolution", "in_group", "wrap", "figure", "roman", "resolution_label", "resolution_short_label", "is_central_key", "interval_beside"]

GROUPING_LABEL = {"province": "province (pre-2025, 63)", "province_2025": "province (2025, 34)"}


def province_choices(documents: pd.DataFrame, grouping: str = "province") -> list[str]:
    """Provinces (of `grouping`) that have at least one document in the corpus, sorted."""
    return order_groups(documents[grouping].dropna().unique().tolist()) if grouping in documents else []


def check_province(province: str, documents: pd.DataFrame, grouping: str = "province") -> None:
    """Fail with the list of provinces in the corpus when `province` has no documents."""
    check_grouping(grouping)
    check_choice("province", province, province_choices(documents, grouping), f"{grouping} in this corpus")


def small_sample_warning(documents: pd.DataFrame, groups: list[str], grouping: str = "province",
                         min_documents: int = MIN_DOCUMENTS,
                         measures: str = "a share, a candour value or a distinctive word",
                         withheld: str = "no interval is drawn") -> str:
    """The warning a comparison opens with when its groups are thin: how many groups have fewer
    than ``min_documents`` documents and what cannot be concluded from them ("" when none).
    ``measures`` names what the notebook compares, ``withheld`` what it does not show for thin
    groups (notebooks 10 and 20 draw no interval; 40 gives no heaping rate).

    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "province": ["A", "A", "A", "B"]})
    >>> print(small_sample_warning(docs, ["A", "B"]))
    WARNING: 1 of 2 provinces have fewer than 3 documents (B: 1). For them a share, a candour value or a distinctive word describes one or two articles, not the province: no interval is drawn, and differences involving them are not findings.
    >>> print(small_sample_warning(docs, ["A", "B"], measures="a count of claims", withheld="no heaping rate is given"))
    WARNING: 1 of 2 provinces have fewer than 3 documents (B: 1). For them a count of claims describes one or two articles, not the province: no heaping rate is given, and differences involving them are not findings.
    """
    counts = documents[documents[grouping].isin(groups)].groupby(grouping)["doc_id"].nunique()
    counts = counts.reindex(groups, fill_value=0)
    thin = counts[counts < min_documents]
    if thin.empty:
        return ""
    listed = ", ".join(f"{g}: {int(n)}" for g, n in thin.items())
    noun = "provinces" if grouping == "province" else "groups"
    return (f"WARNING: {len(thin)} of {len(counts)} {noun} have fewer than {min_documents} documents ({listed}). "
            f"For them {measures} describes one or two articles, not the "
            f"province: {withheld}, and differences involving them are not findings.")


def sample_note(documents: pd.DataFrame, groups: list[str], grouping: str = "province",
                min_documents: int = MIN_DOCUMENTS,
                measures: str = "a share, a candour value or a distinctive word",
                withheld: str = "no interval is drawn") -> str:
    """The line a notebook opens with: the warning of :func:`small_sample_warning`, or the
    document counts when every group has enough.

    >>> docs = pd.DataFrame({"doc_id": list("abc"), "province": ["A", "A", "A"]})
    >>> sample_note(docs, ["A"])
    'Documents per province: A 3.'
    """
    warning = small_sample_warning(documents, groups, grouping, min_documents, measures, withheld)
    if warning:
        return warning
    counts = documents[documents[grouping].isin(groups)].groupby(grouping)["doc_id"].nunique()
    noun = "province" if grouping == "province" else "group"
    return f"Documents per {noun}: " + ", ".join(f"{g} {int(counts.get(g, 0))}" for g in groups) + "."


def select_provinces(provinces, documents: pd.DataFrame, grouping: str = "province",
                     min_documents: int = MIN_DOCUMENTS) -> list[str]:
    """Resolve the `provinces` parameter ("all" or a list) to the provinces compared.

    "all" means the provinces with at least ``min_documents`` documents; when none reaches it (a
    small corpus such as the seeds), every province with a document, under the warning of
    :func:`small_sample_warning`. A list names provinces explicitly: each must have a document in
    the corpus, and thin ones are compared under the same warning.
    """
    check_grouping(grouping)
    counts = documents[grouping].value_counts()
    present = order_groups(counts[counts >= 1].index.tolist())
    if provinces == "all":
        chosen = order_groups(counts[counts >= min_documents].index.tolist()) or present
    elif isinstance(provinces, (list, tuple)):
        unknown = [p for p in provinces if p not in present]
        if unknown:
            raise ParameterError(f"parameter 'provinces': {unknown} have no document in this corpus "
                                 f"(or are not {grouping} names); valid: {', '.join(present)}")
        chosen = order_groups(provinces)
    else:
        raise ParameterError(f"parameter 'provinces' must be \"all\" or a list of names, got {provinces!r}")
    if not chosen:
        raise ParameterError(f"no {grouping} has a document in this corpus")
    return chosen


@lru_cache(maxsize=1)
def code_labels() -> dict[str, str]:
    """code -> "label (English gloss)", e.g. "quan_triet" -> "quán triệt (internalising)"."""
    return {c.name: f"{c.label} ({c.gloss_en})" for c in load_codebook().codes}


def label_code(code: str) -> str:
    """Vietnamese label and English gloss of a code, or of each code in "a; b"."""
    if not isinstance(code, str):
        return str(code)
    return "; ".join(code_labels().get(part, part) for part in code.split("; "))


@lru_cache(maxsize=1)
def central_catalogue() -> pd.DataFrame:
    """The central catalogue: congresses, plenums and central documents with their dates (analysis/data)."""
    return _central_catalogue()


def central_references(references: pd.DataFrame) -> pd.DataFrame:
    """The references the citation matrix counts: the Party centre's policy documents with their
    year, national congresses and plenums with their number and term (``compare.citation_standing``
    "counted"); central agencies' documents, other types and ambiguous citations are set apart
    (``compare.set_aside_citations``)."""
    standing = citation_standing(references)
    return standing[standing["standing"] == "counted"].drop(columns=["standing", "candidates", "reason"])


def cited_central_resolutions(references: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                              min_provinces: int = 1) -> pd.DataFrame:
    """Central resolutions, congresses and plenums cited in the corpus, with how many provinces
    and documents cite them (most cited first)."""
    central = central_references(references).merge(documents[["doc_id", grouping]], on="doc_id")
    table = (central.groupby("key")
             .agg(n_provinces=(grouping, "nunique"), n_documents=("doc_id", "nunique"), n_mentions=("text", "size"),
                  example=("text", "first"))
             .reset_index())
    catalogue = central_catalogue()[["key", "label_en", "issued"]]
    table = table.merge(catalogue, on="key", how="left")
    table = table[table["n_provinces"] >= min_provinces]
    return table.sort_values(["n_provinces", "n_documents", "key"], ascending=[False, False, True]).reset_index(drop=True)


def resolve_resolution(query: str, references: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Turn "Đại hội XII", "Trung ương 4 khóa XI", "07-NQ/TW", "35-CT/TW 2019" or a key into a cited
    central key.

    Keys cited directly or through a document of the catalogue (a plenum cited as its resolution
    "12-NQ/TW:2012") count. A code without its year matches the one cited key with that code
    ("07-NQ/TW" -> "07-NQ/TW:2016"); when the corpus cites several years, the error lists them
    (an exact key, year-less ones included, is always taken as given).
    Fails with the list of central resolutions cited in the corpus when nothing matches.
    """
    cited = cited_central_resolutions(references, documents)
    keys = sorted(set(cited["key"]) | set(citations(references)["key"]))
    if query in keys:
        return query  # a key is itself, even "35-CT/TW" (citations whose year is not known)
    candidates = []
    year = re.search(r"(?:19|20)\d{2}\s*$", query)
    for prefix in ("", "Nghị quyết "):
        for record in extract_references(prefix + query):
            if record.get("key") and record.get("level") in (None, "central"):
                key = record["key"]
                if year and record["kind"] == "document" and ":" not in key:
                    key = f"{key}:{year.group().strip()}"
                candidates.append(key)
        if candidates:
            break
    for key in candidates:
        years = [k for k in keys if k.startswith(key + ":")]
        if key in keys and not years:
            return key
        if len(years) == 1 and key not in keys:
            return years[0]
        if years:
            years = ([key] if key in keys else []) + years
            raise ParameterError(f"parameter 'resolution': {query!r} is cited in several years in this corpus; "
                                 f"choose one: {', '.join(years)} (a key without a year: citations whose year is not known)")
    shown = "; ".join(f"{k} ({e})" for k, e in zip(cited["key"], cited["example"]))
    understood = f" (understood as {candidates[0]})" if candidates else ""
    raise ParameterError(f"parameter 'resolution': {query!r}{understood} is not a central resolution cited in "
                         f"this corpus; valid: {shown}")


_KEY = re.compile(r"^(?:plenum:(?P<term>\d+|\?):(?P<plenum>\d+|\?)|congress:(?P<level>[a-z]+):(?P<congress>\d+|\?))"
                  r"(?:@(?P<province>.+))?$")
_CONGRESS_VI = {"national": "Đại hội {n} của Đảng", "provincial": "Đại hội Đảng bộ tỉnh lần thứ {n}",
                "district": "Đại hội Đảng bộ huyện lần thứ {n}", "commune": "Đại hội Đảng bộ xã lần thứ {n}",
                "cell": "Đại hội Chi bộ lần thứ {n}", "local": "Đại hội lần thứ {n}"}
_CONGRESS_EN = {"national": "{o} National Party Congress", "provincial": "{o} provincial Party congress",
                "district": "{o} district Party congress", "commune": "{o} commune Party congress",
                "cell": "{o} Party-cell congress", "local": "{o} congress, level not stated (not national)"}


def roman(number) -> str:
    """Roman numerals as khóa and congresses are written; anything else as it is.

    >>> roman(11), roman(19), roman("?")
    ('XI', 'XIX', '?')
    """
    try:
        return to_roman(int(number))
    except (TypeError, ValueError):
        return str(number)


def _ordinal(number) -> str:
    try:
        n = int(number)
    except (TypeError, ValueError):
        return str(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@lru_cache(maxsize=1)
def _catalogue_labels() -> dict[str, str]:
    """key -> label_en from the central catalogue (events and documents)."""
    catalogue = _central_catalogue()
    return {key: str(label).strip() for key, label in zip(catalogue["key"], catalogue["label_en"])
            if isinstance(label, str) and label.strip()}


def is_central_key(value) -> bool:
    """True for congress and plenum keys ("plenum:11:4", "congress:national:12")."""
    return isinstance(value, str) and bool(_KEY.match(value))


def resolution_label(key) -> str:
    """A human label for a resolution key, from its pattern alone, with the catalogue's English
    label when it has one.

    >>> resolution_label("plenum:11:4")
    'Hội nghị Trung ương 4 khóa XI (4th plenum, 11th Central Committee)'
    >>> resolution_label("plenum:?:4")
    'Hội nghị Trung ương 4 (plenum 4, term not stated)'
    >>> resolution_label("congress:provincial:19")
    'Đại hội Đảng bộ tỉnh lần thứ XIX (19th provincial Party congress)'
    >>> resolution_label("congress:provincial:15@Gia Lai")
    'Đại hội Đảng bộ tỉnh lần thứ XV, Gia Lai (15th provincial Party congress, Gia Lai)'
    >>> resolution_label("12-NQ/TW:2012").startswith("12-NQ/TW:2012 (")
    True
    """
    if not isinstance(key, str):
        return "" if key is None or key != key else str(key)
    english = _catalogue_labels().get(key, "")
    match = _KEY.match(key)
    if match is None:
        return f"{key} ({english})" if english else key
    if match["plenum"]:
        known = match["term"] != "?"
        vi = f"Hội nghị Trung ương {match['plenum']}" + (f" khóa {roman(match['term'])}" if known else "")
        # the catalogue's wording ("4th plenum, 11th Central Committee"), so labels read alike
        en = (f"{_ordinal(match['plenum'])} plenum, {_ordinal(match['term'])} Central Committee" if known
              else f"plenum {match['plenum']}, term not stated")
    else:
        level = match["level"]
        vi = _CONGRESS_VI.get(level, "Đại hội ({level}) lần thứ {n}").format(n=roman(match["congress"]), level=level)
        en = _CONGRESS_EN.get(level, "{o} " + level + " congress").format(o=_ordinal(match["congress"]))
    if match["province"]:
        vi, en = f"{vi}, {match['province']}", f"{en}, {match['province']}"
    return f"{vi} ({english or en})"


def resolution_short_label(key) -> str:
    """A one-line label for a resolution key, short enough for a figure's axis: a plenum as the
    press abbreviates it ("TƯ 4 khóa XI") with its English gloss, a congress by its number, a
    document by its code and year. :func:`resolution_label` gives the full label.

    >>> resolution_short_label("plenum:11:4")
    'TƯ 4 khóa XI (4th plenum, 11th CC)'
    >>> resolution_short_label("congress:national:13")
    'Đại hội XIII (13th Congress)'
    >>> resolution_short_label("05-CT/TW:2016")
    '05-CT/TW, 2016'
    >>> resolution_short_label("congress:provincial:15@Gia Lai")
    'Đại hội tỉnh XV, Gia Lai (15th provincial congress)'
    """
    if not isinstance(key, str):
        return "" if key is None or key != key else str(key)
    match = _KEY.match(key)
    if match is None:
        code, _, year = key.partition(":")
        return f"{code}, {year}" if year.isdigit() else key
    if match["plenum"]:
        if match["term"] == "?":
            return f"TƯ {match['plenum']} (plenum {match['plenum']}, term not stated)"
        return (f"TƯ {match['plenum']} khóa {roman(match['term'])} "
                f"({_ordinal(match['plenum'])} plenum, {_ordinal(match['term'])} CC)")
    level, number = match["level"], match["congress"]
    vi_level = {"national": "", "provincial": " tỉnh", "district": " huyện", "commune": " xã",
                "cell": " chi bộ"}.get(level, "")
    en_level = "" if level == "national" else f" {level}"
    en = f"{_ordinal(number)}{en_level} {'Congress' if level == 'national' else 'congress'}"
    place = f", {match['province']}" if match["province"] else ""
    return f"Đại hội{vi_level} {roman(number)}{place} ({en})"


def interval_beside(table: pd.DataFrame, value: str) -> pd.DataFrame:
    """The table with its ``interval`` (and ``reading``) columns moved right after ``value``, so
    that a wide table shows each value with its uncertainty before the bookkeeping columns.

    >>> t = pd.DataFrame({"province": ["X"], "share": [0.2], "ci_low": [0.1], "interval": ["[0.10, 0.30]"]})
    >>> interval_beside(t, "share").columns.tolist()
    ['province', 'share', 'interval', 'ci_low']
    """
    moved = [c for c in ("interval", "reading") if c in table.columns and c != value]
    rest = [c for c in table.columns if c not in moved]
    at = rest.index(value) + 1
    return table[rest[:at] + moved + rest[at:]]


def in_group(documents: pd.DataFrame, province: str, grouping: str) -> pd.DataFrame:
    return documents[documents[grouping] == province]


def wrap(label: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(label, width))


def figure(width: float, height: float):
    return plt.subplots(figsize=(width, height))
