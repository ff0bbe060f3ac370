"""Shared helpers for the comparative methods: grouping units, seeded bootstrap, regrouping notes.

Every public function in :mod:`analysis.compare` takes ``unit="province"`` or
``unit="province_2025"``: the name of the ``documents`` column that defines the groups being
compared. Documents whose unit is missing are left out of group-level results (they still count in
document-level tables).
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

UNITS = ("province", "province_2025")

# A token is "content" when it has at least one letter; punctuation and bare numbers are not.
_HAS_LETTER = re.compile(r"[^\W\d_]")


def check_unit(unit: str) -> str:
    """Validate a grouping unit name and return it.

    >>> check_unit("province_2025")
    'province_2025'
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, got {unit!r}")
    return unit


def is_word(norm: object) -> bool:
    """True when a token norm contains a letter (not punctuation, not a bare number).

    >>> is_word("học tập"), is_word("98%"), is_word(","), is_word("2011")
    (True, False, False, False)
    """
    if not isinstance(norm, str):
        return False
    return bool(_HAS_LETTER.search(norm)) and not _is_number_like(norm)


def _is_number_like(norm: str) -> bool:
    # "98%", "8/8", "54.986", "2023-2030": digits with separators only
    return bool(re.fullmatch(r"[\d.,/%\-–]+", norm))


def doc_groups(documents: pd.DataFrame, unit: str) -> pd.Series:
    """Map doc_id -> group value (unit column), dropping documents without a group."""
    check_unit(unit)
    if unit not in documents.columns:
        raise KeyError(f"documents has no column {unit!r}")
    groups = documents.set_index("doc_id")[unit]
    groups = groups[groups.notna() & (groups.astype("string").str.len() > 0)]
    return groups.astype(str)


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
        import warnings

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


def province_members(unit: str = "province_2025", groups: Iterable[str] | None = None,
                     documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which pre-2025 provinces each group contains (the 2025 regrouping note).

    For ``unit="province_2025"`` each 2025 province lists the old provinces merged into it
    (from :func:`analysis.gazetteer.members_2025`) and, when ``documents`` is given, the old
    provinces actually present in the corpus for it. For ``unit="province"`` every province
    contains itself. Columns: the unit column, ``members`` ("; "-joined), ``n_members``,
    ``members_in_corpus``, ``n_members_in_corpus``.

    >>> province_members("province_2025", ["Bắc Ninh"])[["province_2025", "members"]].iloc[0].tolist()
    ['Bắc Ninh', 'Bắc Giang; Bắc Ninh']
    """
    check_unit(unit)
    from analysis import gazetteer  # lazy: the gazetteer loads underthesea's address data

    if unit == "province_2025":
        table = gazetteer.members_2025()
    else:
        table = {p: [p] for p in gazetteer.PROVINCES}
    wanted = list(table) if groups is None else sorted(set(groups))
    in_corpus: dict[str, list[str]] = {}
    if documents is not None and unit in documents.columns:
        pairs = documents[["province", unit]].dropna().drop_duplicates()
        for new, old in zip(pairs[unit], pairs["province"]):
            in_corpus.setdefault(str(new), []).append(str(old))
    rows = []
    for group in wanted:
        members = list(table.get(group, []))
        present = sorted(set(in_corpus.get(group, [])), key=gazetteer.sort_key)
        rows.append({
            unit: group,
            "members": "; ".join(members),
            "n_members": len(members),
            "members_in_corpus": "; ".join(present),
            "n_members_in_corpus": len(present),
        })
    out = pd.DataFrame(rows, columns=[unit, "members", "n_members", "members_in_corpus",
                                      "n_members_in_corpus"])
    return out.sort_values(unit, kind="stable").reset_index(drop=True)


def add_members(table: pd.DataFrame, unit: str, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Append the regrouping note (``members``, ``members_in_corpus``) for 2025 provinces."""
    if unit != "province_2025":
        return table
    if table.empty:
        return table.assign(members=pd.Series(dtype=object), members_in_corpus=pd.Series(dtype=object))
    note = province_members(unit, table[unit].dropna().astype(str).unique(), documents)
    return table.merge(note[[unit, "members", "members_in_corpus"]], on=unit, how="left")


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
