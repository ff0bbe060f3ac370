"""Distinctive vocabulary: weighted log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation for
Identifying the Content of Political Conflict", Political Analysis 16(4), section 3.5. For word
``w`` with counts ``y_iw`` in group i (``n_i`` tokens) and ``y_jw`` in group j:

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior is informative: ``a_w = alpha0 * pi_w`` with ``pi_w`` the share of ``w`` among the
counted tokens of the whole corpus passed in, and ``a0 = sum_w a_w = alpha0``. ``alpha0`` is the
prior's weight in pseudo-tokens (default 500): larger values shrink rare words harder towards the
corpus rate. Positive z means "more typical of group A".

Tokens counted: the ``norm`` of every token whose ``is_stop`` is False (the build marks
underthesea stopwords, the officialese stoplist and punctuation/numbers), which also contains a
letter and is not number-like, is not in ``extra_stopwords``, and is not noise
(:func:`is_noise_word`: a place name of the gazetteer, a Roman numeral, a fragment of a document
code, a person's name (three syllables or more after a common surname), page furniture;
``analysis/data/vocabulary-noise.yaml``). That a Lạng Sơn article says
"Lạng Sơn" and cites "khóa XII" tells nothing about how it reports. Multiword tokens ("học tập")
are one word.

Ties in z are broken by the word (Unicode order), so the output is deterministic. A group with no
counted token gives an empty table, not an error; with a single word type in the comparison the
odds are undefined and delta and z are NaN.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml

from analysis.config import data_file
from analysis.extract import gazetteer
from analysis.read.normalize import fold

from ._common import check_grouping, doc_groups, is_content_word, order_groups

__all__ = ["is_noise_word", "log_odds_dirichlet", "word_counts", "distinctive_words", "distinctive_words_by_group"]

DEFAULT_ALPHA0 = 500.0

_RESULT_COLUMNS = ["word", "count_a", "count_b", "rate_a", "rate_b", "prior", "delta",
                   "variance", "z"]


_ROMAN = re.compile(r"[ivxlc]+")
_TERM_WORDS = {"khóa", "khoá", "thứ", "lần", "đại hội", "lần thứ", "hội nghị", "nhiệm kỳ"}
_PLACE_PREFIXES = ("tỉnh ", "huyện ", "thành phố ", "tp ", "tp. ", "thị xã ", "quận ", "xã ", "đảng bộ ")


@lru_cache(maxsize=1)
def _noise_lists() -> tuple[frozenset, frozenset, frozenset]:
    data = yaml.safe_load(data_file("vocabulary_noise").read_text(encoding="utf-8")) or {}
    codes = frozenset(fold(str(w)) for w in (data.get("code_fragments") or []) + (data.get("regions") or []))
    furniture = frozenset(fold(str(w)) for w in data.get("furniture") or ())
    surnames = frozenset(fold(str(w)) for w in data.get("surnames") or ())
    return codes, furniture, surnames


@lru_cache(maxsize=1)
def _place_names() -> frozenset:
    names = {fold(n) for n in gazetteer.province_surface_forms()}
    names |= {fold(n) for n in gazetteer.district_surface_forms()}
    names |= {fold(n).replace(" - ", "-") for n in names}
    return frozenset(names)


@lru_cache(maxsize=65536)
def is_noise_word(norm: str) -> bool:
    """A token that says where, who or what document, not how: a place name, a person's name, a
    Roman numeral, a code fragment, page furniture, or anything with a digit or a slash.

    >>> [is_noise_word(w) for w in ["lạng sơn", "huyện mường lát", "xii", "khóa xv", "tw", "05-ct", "chi bộ"]]
    [True, True, True, True, True, True, False]
    >>> is_noise_word("phạm minh chính"), is_noise_word("kết nạp")
    (True, False)
    """
    if not isinstance(norm, str):
        return True
    if re.search(r"[\d/]", norm):
        return True
    codes, furniture, surnames = _noise_lists()
    if norm in codes or norm in furniture or _ROMAN.fullmatch(norm):
        return True
    syllables = norm.split()
    if len(syllables) >= 3 and syllables[0] in surnames:
        return True  # a person's name
    places = _place_names()
    if norm in places or any(norm.startswith(p) and norm[len(p):] in places for p in _PLACE_PREFIXES):
        return True
    head, _, last = norm.rpartition(" ")
    return bool(head) and head in _TERM_WORDS and _ROMAN.fullmatch(last) is not None


def log_odds_dirichlet(counts_a: pd.Series, counts_b: pd.Series,
                       background: pd.Series | None = None,
                       alpha0: float = DEFAULT_ALPHA0) -> pd.DataFrame:
    """Weighted log-odds (A vs B) with an informative Dirichlet prior, from word counts.

    ``counts_a``/``counts_b`` map word -> count. ``background`` (word -> count) sets the prior
    shares; by default it is ``counts_a + counts_b``. Returns columns ``word, count_a, count_b,
    rate_a, rate_b`` (per counted token), ``prior`` (a_w), ``delta, variance, z``, sorted by z
    descending then word.

    >>> a = pd.Series({"đột phá": 6, "nghị quyết": 10})
    >>> b = pd.Series({"nghị quyết": 10, "hạn chế": 4})
    >>> out = log_odds_dirichlet(a, b, alpha0=10)
    >>> out["word"].tolist()
    ['đột phá', 'nghị quyết', 'hạn chế']
    >>> bool(out.loc[out.word == "đột phá", "z"].iloc[0] > 0 > out.loc[out.word == "hạn chế", "z"].iloc[0])
    True
    """
    if not alpha0 > 0:
        raise ValueError("alpha0 must be positive")
    counts_a = counts_a[counts_a > 0].astype(float)
    counts_b = counts_b[counts_b > 0].astype(float)
    n_a, n_b = float(counts_a.sum()), float(counts_b.sum())
    if n_a == 0 or n_b == 0:
        return pd.DataFrame(columns=_RESULT_COLUMNS)
    words = sorted(set(counts_a.index) | set(counts_b.index))
    if background is None:
        background = counts_a.add(counts_b, fill_value=0)
    background = background.reindex(words).fillna(0).astype(float)
    if background.sum() == 0:
        raise ValueError("background has no counts for the words compared")
    # every compared word needs a positive prior, or a word absent from both the background
    # and one group would get log(0); give such words the smallest positive background count
    floor = background[background > 0].min()
    background = background.where(background > 0, floor)
    pi = background / background.sum()
    prior = alpha0 * pi
    y_a = counts_a.reindex(words).fillna(0).to_numpy()
    y_b = counts_b.reindex(words).fillna(0).to_numpy()
    a_w = prior.to_numpy()
    a0 = float(a_w.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((y_a + a_w) / (n_a + a0 - y_a - a_w))
                 - np.log((y_b + a_w) / (n_b + a0 - y_b - a_w)))
    # With a single word type the "other words" term is 0 and the odds are undefined: NaN, not inf.
    delta = np.where(np.isfinite(delta), delta, np.nan)
    variance = 1.0 / (y_a + a_w) + 1.0 / (y_b + a_w)
    out = pd.DataFrame({
        "word": words, "count_a": y_a.astype(int), "count_b": y_b.astype(int),
        "rate_a": y_a / n_a, "rate_b": y_b / n_b, "prior": a_w, "delta": delta,
        "variance": variance, "z": delta / np.sqrt(variance),
    })
    z_key = np.nan_to_num(-out["z"].to_numpy(), nan=np.inf)  # undefined z sorts last
    order = np.lexsort((np.array(words, dtype=object), z_key))
    return out.iloc[order].reset_index(drop=True)


def word_counts(tokens: pd.DataFrame, doc_ids=None,
                extra_stopwords: list[str] | None = None) -> pd.Series:
    """Counts of counted word norms (see module docstring) in the given documents.

    >>> t = pd.DataFrame({"doc_id": ["a"] * 4, "norm": ["học tập", ",", "98%", "học tập"],
    ...                   "is_stop": [False, True, False, False]})
    >>> word_counts(t).to_dict()
    {'học tập': 2}
    """
    table = tokens
    if doc_ids is not None:
        table = table[table["doc_id"].isin(set(doc_ids))]
    keep = ~table["is_stop"].fillna(False).astype(bool) & table["norm"].map(_counted).astype(bool)
    if extra_stopwords:
        keep &= ~table["norm"].isin(set(extra_stopwords))
    counts = table.loc[keep, "norm"].value_counts()
    counts.index.name = "word"
    return counts.sort_index().rename("count")


@lru_cache(maxsize=65536)
def _counted(norm) -> bool:
    return is_content_word(norm) and not is_noise_word(norm)


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return sorted(str(v) for v in value)


def distinctive_words(tokens: pd.DataFrame, documents: pd.DataFrame, group_a,
                      group_b=None, grouping: str = "province", alpha0: float = DEFAULT_ALPHA0,
                      min_count: int = 1, extra_stopwords: list[str] | None = None) -> pd.DataFrame:
    """Words distinctive of group A against group B (or against every other document).

    ``group_a``/``group_b`` are a value or a list of values of the ``grouping`` column; with
    ``group_b=None`` B is every document in ``documents`` that is not in A (including documents
    without a known group). The prior comes from all documents in ``documents``. Words with
    ``count_a + count_b < min_count`` are dropped after scoring. Returns the columns of
    :func:`log_odds_dirichlet` plus ``group_a, group_b, n_a, n_b`` (counted tokens), sorted by
    z descending then word.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Lạng Sơn", "An Giang"]})
    >>> toks = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "is_stop": [False] * 4,
    ...                      "norm": ["biên giới", "nghị quyết", "nghị quyết", "đồng bằng"]})
    >>> distinctive_words(toks, docs, "Lạng Sơn", alpha0=4)["word"].tolist()
    ['biên giới', 'nghị quyết', 'đồng bằng']
    """
    check_grouping(grouping)
    a_values = _as_list(group_a)
    groups = documents.set_index("doc_id")[grouping]
    in_a = groups[groups.isin(a_values)].index
    if group_b is None:
        b_values = ["(rest)"]
        in_b = groups.index.difference(in_a)
    else:
        b_values = _as_list(group_b)
        if set(a_values) & set(b_values):
            raise ValueError("group_a and group_b overlap")
        in_b = groups[groups.isin(b_values)].index
    counts_a = word_counts(tokens, in_a, extra_stopwords)
    counts_b = word_counts(tokens, in_b, extra_stopwords)
    background = word_counts(tokens, documents["doc_id"], extra_stopwords)
    out = log_odds_dirichlet(counts_a, counts_b, background, alpha0)
    out = out[out["count_a"] + out["count_b"] >= min_count].reset_index(drop=True)
    out["group_a"] = "; ".join(a_values)
    out["group_b"] = "; ".join(b_values)
    out["n_a"] = int(counts_a.sum())
    out["n_b"] = int(counts_b.sum())
    return out


def distinctive_words_by_group(tokens: pd.DataFrame, documents: pd.DataFrame,
                               grouping: str = "province", alpha0: float = DEFAULT_ALPHA0,
                               top: int | None = 20, min_count: int = 1,
                               extra_stopwords: list[str] | None = None) -> pd.DataFrame:
    """Each group against the rest: the ``top`` words by z per group (all words if None).

    Returns ``<grouping>, rank`` (1 = most distinctive) and the columns of
    :func:`distinctive_words`, sorted by group then rank.
    """
    check_grouping(grouping)
    parts = []
    # count once per document, then sum per group: one pass over the tokens, not one per group
    doc_ids = set(documents["doc_id"])
    table = tokens[tokens["doc_id"].isin(doc_ids)]
    keep = ~table["is_stop"].fillna(False).astype(bool) & table["norm"].map(_counted).astype(bool)
    if extra_stopwords:
        keep &= ~table["norm"].isin(set(extra_stopwords))
    per_doc = table.loc[keep].groupby(["doc_id", "norm"]).size()
    background = per_doc.groupby(level="norm").sum()
    background.index.name = "word"
    groups_of = documents.set_index("doc_id")[grouping]
    for group in order_groups(doc_groups(documents, grouping).unique()):
        in_a = set(groups_of[groups_of == group].index)
        mask = per_doc.index.get_level_values("doc_id").isin(in_a)
        counts_a = per_doc[mask].groupby(level="norm").sum()
        counts_b = per_doc[~mask].groupby(level="norm").sum()
        for counts in (counts_a, counts_b):
            counts.index.name = "word"
        table = log_odds_dirichlet(counts_a.sort_index().rename("count"), counts_b.sort_index().rename("count"),
                                   background.sort_index().rename("count"), alpha0)
        table = table[table["count_a"] + table["count_b"] >= min_count].reset_index(drop=True)
        table["group_a"] = group
        table["group_b"] = "(rest)"
        table["n_a"] = int(counts_a.sum())
        table["n_b"] = int(counts_b.sum())
        if top is not None:
            table = table.head(top)
        table.insert(0, "rank", np.arange(1, len(table) + 1))
        table.insert(0, grouping, group)
        parts.append(table)
    if not parts:
        return pd.DataFrame(columns=[grouping, "rank", *_RESULT_COLUMNS])
    return pd.concat(parts, ignore_index=True)
