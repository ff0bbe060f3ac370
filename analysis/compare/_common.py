"""Shared helpers for the comparative methods: groupings, seeded bootstrap, regrouping notes.

Every public function in :mod:`analysis.compare` takes ``grouping="province"`` or
``grouping="province_2025"``: the name of the ``documents`` column that defines the groups being
compared. Documents whose grouping is missing are left out of group-level results (they still count in
document-level tables).
"""
from __future__ import annotations

import re
import warnings
import zlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.extract import gazetteer
from analysis.read.normalize import collation_key
from analysis.params import check_choice

# The documents columns that define groups: pre-2025 provinces (63) or those of 1 July 2025 (34).
GROUPINGS = ("province", "province_2025")

# A token is "content" when it has at least one letter; punctuation and bare numbers are not.
_HAS_LETTER = re.compile(r"[^\W\d_]")


def check_grouping(grouping: str) -> str:
    """Validate a grouping (the ``documents`` column that defines the groups) and return it.

    Raises `analysis.params.ParameterError` (a ValueError) listing the valid groupings.

    >>> check_grouping("province_2025")
    'province_2025'
    """
    check_choice("grouping", grouping, GROUPINGS, "grouping")
    return grouping


def is_content_word(norm: object) -> bool:
    """True when a token norm contains a letter (not punctuation, not a bare number).

    >>> is_content_word("học tập"), is_content_word("98%"), is_content_word(","), is_content_word("2011")
    (True, False, False, False)
    """
    if not isinstance(norm, str):
        return False
    return bool(_HAS_LETTER.search(norm)) and not _is_number_like(norm)


def _is_number_like(norm: str) -> bool:
    # "98%", "8/8", "54.986", "2023-2030": digits with separators only
    return bool(re.fullmatch(r"[\d.,/%\-–]+", norm))


def doc_groups(documents: pd.DataFrame, grouping: str) -> pd.Series:
    """Map doc_id -> group value (grouping column), dropping documents without a group."""
    check_grouping(grouping)
    if grouping not in documents.columns:
        raise KeyError(f"documents has no column {grouping!r}")
    groups = documents.set_index("doc_id")[grouping]
    groups = groups[groups.notna() & (groups.astype("string").str.len() > 0)]
    return groups.astype(str)


# Below this many documents a bootstrap interval is not a finding: with two documents it only says
# that the two differ. Comparisons default to groups with at least this many documents, and
# intervals over fewer are reported as "n=1"/"n=2" and never drawn.
MIN_DOCUMENTS = 3


def interval_label(low: float, high: float, n: int, digits: int = 2) -> str:
    """The interval as shown in tables: "[0.20, 0.80]", or "n=2" when fewer than MIN_DOCUMENTS
    documents stand behind it, "n=0" when nothing is defined. When every document has the same
    value the bootstrap interval has no width, which is no evidence of certainty: the label says
    so rather than showing "[0.00, 0.00]".

    >>> interval_label(0.2, 0.8, 5), interval_label(0.2, 1.0, 2), interval_label(float("nan"), float("nan"), 0)
    ('[0.20, 0.80]', 'n=2', 'n=0')
    >>> interval_label(0.0, 0.0, 4)
    'all 4 at 0.00'
    """
    if n < MIN_DOCUMENTS or low != low or high != high:
        return f"n={n}"
    if low == high:
        return f"all {n} at {low:.{digits}f}"
    return f"[{low:.{digits}f}, {high:.{digits}f}]"


def stable_seed(seed: int, *labels: object) -> np.random.Generator:
    """A generator seeded by ``seed`` and labels, independent of which other groups exist.

    Seeding per group (rather than drawing groups in sequence from one generator) means that
    adding a province to the corpus does not change the interval of another one.
    """
    entropy = [int(seed)] + [zlib.crc32(str(label).encode("utf-8")) for label in labels]
    return np.random.default_rng(entropy)


def bootstrap_means(
    values: np.ndarray, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Percentile-bootstrap replicates of column means, resampling rows (documents).

    ``values`` is (n_documents, n_columns) and may hold NaN (a document without a defined value
    for a column); NaN rows are ignored within each replicate (nanmean). Returns
    (n_boot, n_columns); an all-NaN replicate column stays NaN.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    n = values.shape[0]
    if n == 0:
        return np.full((n_boot, values.shape[1]), np.nan)
    idx = rng.integers(0, n, size=(n_boot, n))
    # How often each document is drawn in each replicate; then weighted means as matrix
    # products, so memory stays (n_boot x n) + (n_boot x k), never (n_boot x n x k).
    counts = np.bincount((np.arange(n_boot)[:, None] * n + idx).ravel(),
                         minlength=n_boot * n).reshape(n_boot, n).astype(float)
    defined = ~np.isnan(values)
    totals = counts @ np.where(defined, values, 0.0)
    weights = counts @ defined.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weights > 0, totals / np.where(weights > 0, weights, 1.0), np.nan)


class _quiet_nanmean:
    """Silence numpy's "Mean of empty slice" warning: an all-NaN slice is a real NaN result."""

    def __enter__(self):
        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", category=RuntimeWarning)
        return self

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def percentile_interval(replicates: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper percentile bounds of bootstrap replicates (columns), NaN-aware."""
    if not 0 < ci < 1:
        raise ValueError(f"ci must be in (0, 1), got {ci}")
    alpha = (1 - ci) / 2
    with _quiet_nanmean():
        low = np.nanquantile(replicates, alpha, axis=0)
        high = np.nanquantile(replicates, 1 - alpha, axis=0)
    return low, high


def province_members(grouping: str = "province_2025", groups: Iterable[str] | None = None,
                     documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which pre-2025 provinces each group contains (the 2025 regrouping note).

    For ``grouping="province_2025"`` each 2025 province lists the old provinces merged into it
    (from :func:`analysis.gazetteer.members_2025`) and, when ``documents`` is given, the old
    provinces actually present in the corpus for it. For ``grouping="province"`` every province
    contains itself. Columns: the grouping column, ``members`` ("; "-joined), ``n_members``,
    ``members_in_corpus``, ``n_members_in_corpus``.

    >>> province_members("province_2025", ["Bắc Ninh"])[["province_2025", "members"]].iloc[0].tolist()
    ['Bắc Ninh', 'Bắc Giang; Bắc Ninh']
    """
    check_grouping(grouping)
    if grouping == "province_2025":
        table = gazetteer.members_2025()
    else:
        table = {p: [p] for p in gazetteer.PROVINCES}
    wanted = list(table) if groups is None else sorted(set(groups))
    in_corpus: dict[str, list[str]] = {}
    if documents is not None and grouping in documents.columns:
        pairs = documents[["province", grouping]].dropna().drop_duplicates()
        for new, old in zip(pairs[grouping], pairs["province"]):
            in_corpus.setdefault(str(new), []).append(str(old))
    rows = []
    for group in wanted:
        members = list(table.get(group, []))
        present = sorted(set(in_corpus.get(group, [])), key=gazetteer.sort_key)
        rows.append({
            grouping: group,
            "members": "; ".join(members),
            "n_members": len(members),
            "members_in_corpus": "; ".join(present),
            "n_members_in_corpus": len(present),
        })
    out = pd.DataFrame(rows, columns=[grouping, "members", "n_members", "members_in_corpus",
                                      "n_members_in_corpus"])
    return out.sort_values(grouping, kind="stable").reset_index(drop=True)


NO_GROUP = "(no province)"   # documents whose province is unknown stay in the audit under this label


def _group_key(value) -> str:
    # placeholders ("(no province)", "(unknown)") and missing values after every named group
    if not isinstance(value, str):
        return "\uffff\uffff"
    return "\uffff" + collation_key(value) if value.startswith("(") else collation_key(value)


def group_order_key(values: pd.Series) -> pd.Series:
    """Sort key for a column of group names in Vietnamese dictionary order ("(no province)" and
    missing values last).

    >>> frame = pd.DataFrame({"province": ["Hưng Yên", "(no province)", "Bình Định", "Hải Phòng", "Bạc Liêu"]})
    >>> frame.sort_values("province", key=group_order_key)["province"].tolist()
    ['Bạc Liêu', 'Bình Định', 'Hải Phòng', 'Hưng Yên', '(no province)']
    """
    return values.map(_group_key)


def sort_by_group(table: pd.DataFrame, by: list[str], grouping: str) -> pd.DataFrame:
    """Stable sort of ``table`` by ``by``, the ``grouping`` column in Vietnamese dictionary order
    (Python's code-point order would put "Bình" before "Bạc" and "Hưng Yên" before "Hải Phòng")."""
    return table.sort_values(by, key=lambda s: group_order_key(s) if s.name == grouping else s,
                             kind="stable").reset_index(drop=True)


def order_groups(names) -> list:
    """Group names in Vietnamese dictionary order, "(no province)" last.

    >>> order_groups(["Đà Nẵng", "(no province)", "Cần Thơ", "Điện Biên", "Cà Mau"])
    ['Cà Mau', 'Cần Thơ', 'Đà Nẵng', 'Điện Biên', '(no province)']
    """
    return sorted(names, key=_group_key)


def add_members(table: pd.DataFrame, grouping: str, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Append the regrouping note (``members``, ``members_in_corpus``) for 2025 provinces."""
    if grouping != "province_2025":
        return table
    if table.empty:
        return table.assign(members=pd.Series(dtype=object), members_in_corpus=pd.Series(dtype=object))
    note = province_members(grouping, table[grouping].dropna().astype(str).unique(), documents)
    return table.merge(note[[grouping, "members", "members_in_corpus"]], on=grouping, how="left")


def documents_without_duplicates(documents: pd.DataFrame,
                                 near_duplicates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Drop exact duplicates (``duplicate_of`` set) and the non-canonical copy of each near-duplicate.

    ``near_duplicates`` is the output of :func:`analysis.compare.formulas.near_duplicates`; the
    document named in its ``drop`` column is removed (only rows with ``is_near_duplicate``).
    """
    keep = documents
    if "duplicate_of" in keep.columns:
        keep = keep[keep["duplicate_of"].isna()]
    if near_duplicates is not None and not near_duplicates.empty:
        flagged = near_duplicates[near_duplicates["is_near_duplicate"].astype(bool)]
        keep = keep[~keep["doc_id"].isin(set(flagged["drop"]))]
    return keep.sort_values("doc_id", kind="stable").reset_index(drop=True)
