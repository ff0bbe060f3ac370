"""Shared by the notebook views: provinces in a corpus, parameter checks, human labels for codes
and central resolutions, and the house figure helpers."""
from __future__ import annotations

import csv
import re
import textwrap
from functools import lru_cache

import matplotlib.pyplot as plt
import pandas as pd

from analysis.coding import load_codebook
from analysis.config import DATA
from analysis.compare import central_resolutions
from analysis.compare._common import GROUPINGS, check_grouping
from analysis.extract.references import extract_references
from analysis.params import ParameterError, check_choice

__all__ = ["GROUPINGS", "GROUPING_LABEL", "check_grouping", "province_choices", "check_province", "select_provinces", "code_labels", "label_code", "central_catalogue", "central_references", "cited_central_resolutions", "resolve_resolution", "in_group", "wrap", "figure", "roman", "resolution_label", "is_central_key"]

GROUPING_LABEL = {"province": "province (pre-2025, 63)", "province_2025": "province (2025, 34)"}


def province_choices(documents: pd.DataFrame, grouping: str = "province") -> list[str]:
    """Provinces (of `grouping`) that have at least one document in the corpus, sorted."""
    return sorted(documents[grouping].dropna().unique().tolist()) if grouping in documents else []


def check_province(province: str, documents: pd.DataFrame, grouping: str = "province") -> None:
    """Fail with the list of provinces in the corpus when `province` has no documents."""
    check_grouping(grouping)
    check_choice("province", province, province_choices(documents, grouping), f"{grouping} in this corpus")


def select_provinces(provinces, documents: pd.DataFrame, grouping: str = "province", min_documents: int = 1) -> list[str]:
    """Resolve the `provinces` parameter ("all" or a list) to provinces with >= min_documents."""
    check_grouping(grouping)
    counts = documents[grouping].value_counts()
    available = sorted(counts[counts >= min_documents].index.tolist())
    if provinces == "all":
        chosen = available
    elif isinstance(provinces, (list, tuple)):
        unknown = [p for p in provinces if p not in available]
        if unknown:
            raise ParameterError(f"parameter 'provinces': {unknown} have fewer than {min_documents} document(s) "
                                 f"in this corpus (or are not {grouping} names); valid: {', '.join(available)}")
        chosen = sorted(provinces)
    else:
        raise ParameterError(f"parameter 'provinces' must be \"all\" or a list of names, got {provinces!r}")
    if not chosen:
        raise ParameterError(f"no {grouping} has {min_documents} or more documents; lower min_documents")
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
    """The central resolutions and congresses with their issue dates (analysis/data)."""
    return central_resolutions()


def central_references(references: pd.DataFrame) -> pd.DataFrame:
    central = references[references["level"] == "central"]
    return central[central["key"].notna() & ~central["key"].astype(str).str.contains(r"\?")]


def cited_central_resolutions(references: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                              min_provinces: int = 1) -> pd.DataFrame:
    """Central resolutions, congresses and plenums cited in the corpus, with how many provinces
    and documents cite them (most cited first)."""
    central = central_references(references).merge(documents[["doc_id", grouping]], on="doc_id")
    table = (central.groupby("key")
             .agg(n_provinces=(grouping, "nunique"), n_documents=("doc_id", "nunique"), n_mentions=("text", "size"),
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


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_KEY = re.compile(r"^(?:plenum:(?P<term>\d+|\?):(?P<plenum>\d+|\?)|congress:(?P<level>[a-z]+):(?P<congress>\d+|\?))$")
_CONGRESS_VI = {"national": "Đại hội {n} của Đảng", "provincial": "Đại hội Đảng bộ tỉnh lần thứ {n}",
                "district": "Đại hội Đảng bộ huyện lần thứ {n}", "commune": "Đại hội Đảng bộ xã lần thứ {n}"}
_CONGRESS_EN = {"national": "{o} National Party Congress", "provincial": "{o} provincial Party congress",
                "district": "{o} district Party congress", "commune": "{o} commune Party congress"}


def roman(number) -> str:
    """Roman numerals as khóa and congresses are written.

    >>> roman(11), roman(19), roman("?")
    ('XI', 'XIX', '?')
    """
    try:
        n = int(number)
    except (TypeError, ValueError):
        return str(number)
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _ordinal(number) -> str:
    try:
        n = int(number)
    except (TypeError, ValueError):
        return str(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@lru_cache(maxsize=1)
def _catalogue_labels() -> dict[str, str]:
    """key -> label_en from the central catalogue (central-events.csv, or the older
    central-resolutions.csv), read with the csv module so that only `key` and `label_en` matter."""
    for name in ("central-events.csv", "central-resolutions.csv"):
        path = DATA / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                return {row["key"]: (row.get("label_en") or "").strip() for row in csv.DictReader(handle)
                        if row.get("key")}
    return {}


def is_central_key(value) -> bool:
    """True for congress and plenum keys ("plenum:11:4", "congress:national:12")."""
    return isinstance(value, str) and bool(_KEY.match(value))


def resolution_label(key) -> str:
    """A human label for a resolution key, from its pattern alone, with the catalogue's English
    label when it has one.

    >>> resolution_label("plenum:14:2")
    'Hội nghị Trung ương 2 khóa XIV (plenum 2, 14th term)'
    >>> resolution_label("plenum:?:4")
    'Hội nghị Trung ương 4 (plenum 4, term not stated)'
    >>> resolution_label("congress:provincial:19")
    'Đại hội Đảng bộ tỉnh lần thứ XIX (19th provincial Party congress)'
    >>> resolution_label("07-NQ/TW") .startswith("07-NQ/TW")
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
        en = f"plenum {match['plenum']}, " + (f"{_ordinal(match['term'])} term" if known else "term not stated")
    else:
        level = match["level"]
        vi = _CONGRESS_VI.get(level, "Đại hội ({level}) lần thứ {n}").format(n=roman(match["congress"]), level=level)
        en = _CONGRESS_EN.get(level, "{o} " + level + " congress").format(o=_ordinal(match["congress"]))
    return f"{vi} ({english or en})"


def in_group(documents: pd.DataFrame, province: str, grouping: str) -> pd.DataFrame:
    return documents[documents[grouping] == province]


def wrap(label: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(label, width))


def figure(width: float, height: float):
    return plt.subplots(figsize=(width, height))
