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

Tokens counted: the ``norm`` of every token whose ``is_stop`` is False (the build marks the general
stopwords of underthesea and stopwords-iso minus the protected codebook words, the officialese
stoplist and punctuation/numbers: :mod:`analysis.coding.stoplists`), which also contains a
letter and is not number-like, is not in ``extra_stopwords``, and is not noise. Noise is what says
where, who, when or which document rather than how a province reports, or is no word at all
(lists in ``analysis/data/vocabulary-noise.yaml``):

- per word (:func:`is_noise_word`): a place name of the gazetteer (also after "tỉnh", "huyện"),
  a region ("trung du", "phía bắc"), a country of two syllables or more, a Roman numeral, a
  fragment of a document code, a person's name (three syllables or more after a common surname),
  page furniture (weekdays, time zones, outlet codes), a numeral written in words, an ordinal or a
  unit ("hai", "thứ sáu", "triệu", "usd"), a form of address of speeches ("thưa", "xin", "chúng
  ta"), a single letter, a short token that is no Vietnamese syllable ("tuv", "đh", "grdp"),
  syllables glued together ("trêncột"), a digit, a slash or punctuation inside ("kinh tế-xã");
- in context (:func:`noise_token_mask`, on the tokens' surface with its case): capitalised words
  naming a place, region or country ("Lạng Sơn", "Trung Quốc"), any capitalised words after a
  place word, which drops with them ("xã Tân Phú", "sông Hậu"; "tỉnh" and "xã" as levels stay),
  a region in any case ("vùng trung du và miền núi phía Bắc"), a person's name: two capitalised
  syllables or more starting with a surname ("Tô Lâm", "Tòng Thị Phóng"), with a title before it
  ("ông", "Đại tướng"), the honorific "Bác" ("Bác Hồ"), an isolated upper-case abbreviation ("SA"
  of a date line), a multiword token cut across a name or a numeral ("Tuyên giáo Thành" of "Ban
  Tuyên giáo Thành ủy", "XI nhiệm kỳ") and the rest of the word it cut ("ủy").

That a Lạng Sơn article says "Lạng Sơn", quotes the General Secretary by name and cites "khóa XII"
tells nothing about how it reports. Multiword tokens ("học tập") are one word, and so is a compound
the segmenter split, recognised by its halves always standing together in the compared documents
("nâng | cao" counts as "nâng cao": :func:`_join_split_compounds`). Without a ``token`` column (the
surface) only the per-word rules apply.

Ties in z are broken by the word (Unicode order), so the output is deterministic. A group with no
counted token gives an empty table, not an error; with a single word type in the comparison the
odds are undefined and delta and z are NaN.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml

from analysis.config import data_file
from analysis.extract import gazetteer
from analysis.read.normalize import fold

from ._common import check_grouping, doc_groups, is_content_word, order_groups
from .formulas import citation_spans

__all__ = ["is_noise_word", "noise_token_mask", "cited_token_mask", "log_odds_dirichlet", "word_counts", "distinctive_words", "distinctive_words_by_group"]

DEFAULT_ALPHA0 = 500.0

_RESULT_COLUMNS = ["word", "count_a", "count_b", "rate_a", "rate_b", "prior", "delta",
                   "variance", "z"]


_ROMAN = re.compile(r"[ivxlc]+")
_TERM_WORDS = {"khóa", "khoá", "thứ", "lần", "đại hội", "lần thứ", "hội nghị", "nhiệm kỳ"}
_PLACE_PREFIXES = ("tỉnh ", "huyện ", "thành phố ", "tp ", "tp. ", "thị xã ", "quận ", "xã ", "đảng bộ ")


@dataclass(frozen=True)
class _Noise:
    codes: frozenset
    furniture: frozenset
    surnames: frozenset
    token_surnames: frozenset
    regions: frozenset
    countries: frozenset
    place_prefixes: frozenset
    person_titles: frozenset
    honorifics: frozenset
    numerals: frozenset
    ordinal_heads: frozenset
    units: frozenset
    address: frozenset


@lru_cache(maxsize=1)
def _noise() -> _Noise:
    data = yaml.safe_load(data_file("vocabulary_noise").read_text(encoding="utf-8")) or {}

    def folded(*keys) -> frozenset:
        return frozenset(fold(" ".join(str(w).split())) for k in keys for w in data.get(k) or ())

    outlets = yaml.safe_load(data_file("outlets").read_text(encoding="utf-8")) or {}
    return _Noise(
        codes=folded("code_fragments", "regions"),
        furniture=folded("furniture") | frozenset(fold(str(code)) for code in outlets),
        surnames=folded("surnames", "name_surnames"), token_surnames=folded("surnames"), regions=folded("regions"), countries=folded("countries"),
        place_prefixes=folded("place_prefixes"), person_titles=folded("person_titles"),
        honorifics=folded("honorifics"), numerals=folded("numerals", "units"),
        ordinal_heads=folded("ordinal_heads"), units=folded("units"), address=folded("address"))


@lru_cache(maxsize=1)
def _place_names() -> frozenset:
    names = {fold(n) for n in gazetteer.province_surface_forms()}
    names |= {fold(n) for n in gazetteer.district_surface_forms()}
    names |= {fold(n).replace(" - ", "-") for n in names}
    return frozenset(names)


# A Vietnamese syllable: an optional initial consonant, one to three vowels, an optional final
# consonant (tone marks stripped first). "tuv", "đh", "gmt", "grdp" and "trêncột" are not syllables.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
                       r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_VIETNAMESE_MARKS = re.compile("[đăâêôơư\u0300\u0301\u0303\u0309\u0323]")


@lru_cache(maxsize=65536)
def _not_a_syllable(piece: str) -> bool:
    """A space-free piece that is no Vietnamese syllable and is short (an abbreviation: "tuv",
    "gmt") or carries Vietnamese diacritics (syllables glued together: "trêncột"). Foreign words
    ("covid", "online") pass; so does a piece with an apostrophe ("h'mông")."""
    if "'" in piece or "’" in piece:
        return False
    bare = unicodedata.normalize("NFD", piece).translate(_TONES)
    if _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)):
        return False
    return len(piece) <= 4 or _VIETNAMESE_MARKS.search(unicodedata.normalize("NFD", piece)) is not None


_INNER_PUNCTUATION = re.compile(r"[^\w\s'’]")


@lru_cache(maxsize=65536)
def is_noise_word(norm: str) -> bool:
    """A token that says where, who, when or what document, not how, or that is no word: a place
    name, a person's name, a Roman numeral, a code fragment, page furniture, a numeral or unit, a
    form of address, a single letter, an abbreviation, or anything with a digit or punctuation.

    >>> [is_noise_word(w) for w in ["lạng sơn", "huyện mường lát", "xii", "khóa xv", "tw", "05-ct", "chi bộ"]]
    [True, True, True, True, True, True, False]
    >>> is_noise_word("phạm minh chính"), is_noise_word("kết nạp")
    (True, False)
    >>> [is_noise_word(w) for w in ["kinh tế-xã", "tuv", "đh", "trêncột", "thứ sáu", "hai", "usd", "thưa", "k"]]
    [True, True, True, True, True, True, True, True, True]
    >>> [is_noise_word(w) for w in ["trung du", "phía bắc", "covid", "khát vọng", "số lượng", "lần"]]
    [True, True, False, False, False, False]
    """
    if not isinstance(norm, str):
        return True
    if re.search(r"[\d/]", norm) or _INNER_PUNCTUATION.search(norm):
        return True
    noise = _noise()
    if (norm in noise.codes or norm in noise.furniture or norm in noise.address or _ROMAN.fullmatch(norm)
            or (" " in norm and norm in noise.countries)):  # "anh", "đức", "ý" are words too
        return True
    syllables = norm.split()
    if sum(len(s) for s in syllables) <= 1:
        return True  # a single letter
    if any(_not_a_syllable(s) for s in syllables):
        return True
    if len(syllables) >= 3 and syllables[0] in noise.token_surnames:
        return True  # a person's name
    if _is_numeral(syllables, noise):
        return True
    places = _place_names()
    if norm in places or any(norm.startswith(p) and norm[len(p):] in places for p in _PLACE_PREFIXES):
        return True
    head, _, last = norm.rpartition(" ")
    return bool(head) and head in _TERM_WORDS and _ROMAN.fullmatch(last) is not None


def _is_numeral(syllables: list[str], noise: _Noise) -> bool:
    """Every syllable part of a numeral, unit or ordinal head ("thứ", "lần thứ"); one at least a
    numeral or unit ("hai", "thứ sáu", "triệu đồng"; not "lần")."""
    words = noise.numerals | noise.ordinal_heads
    i, number = 0, False
    while i < len(syllables):
        two = " ".join(syllables[i:i + 2])
        if i + 1 < len(syllables) and two in words:
            number, i = number or two in noise.numerals, i + 2
        elif syllables[i] in words:
            number, i = number or syllables[i] in noise.numerals, i + 1
        else:
            return False
    return number


# --- names and fragments in running text (they need the tokens' case and their neighbours) ---

_UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x1F00))
                         if c.isalpha() and c.isupper() and len(c.lower()) == 1}))
_LOWER = "".join(sorted({c for c in map(chr, range(0x61, 0x1F00))
                         if c.isalpha() and c.islower() and len(c.upper()) == 1}))
_CAP = f"[{re.escape(_UPPER)}][{re.escape(_LOWER)}]*"
# A run of capitalised syllables separated by single spaces ("Tòng Thị Phóng", "Lạng Sơn"); an
# all-capitals word ("TCCS", "SA") is not one.
_RUN = re.compile(rf"(?<![^\W\d_]){_CAP}(?: {_CAP})*(?![^\W\d_])")
_CAPS_WORD = re.compile(rf"[{re.escape(_UPPER)}]{{2,6}}")
_CAPS = re.compile(rf"[{re.escape(_UPPER)}\W\d_]*[{re.escape(_UPPER)}][{re.escape(_UPPER)}\W\d_]*")
_ROMAN_SURFACE = re.compile(r"[IVXLC]+")
_MAX_NAME = 5  # syllables of a person's name at most


@lru_cache(maxsize=65536)
def _cut_token(surface: str) -> bool:
    """A multiword token cut across a boundary: a lower-case syllable followed by a capitalised
    one ("Tuyên giáo Thành" of "Ban Tuyên giáo Thành ủy") or an upper-case Roman numeral inside
    ("XI nhiệm kỳ")."""
    pieces = surface.split()
    if len(pieces) < 2:
        return False
    if any(_ROMAN_SURFACE.fullmatch(p) for p in pieces):
        return True
    seen_lower = False
    for piece in pieces:
        if piece[:1].isupper():
            if seen_lower:
                return True
        elif piece[:1].isalpha():
            seen_lower = True
    return False


def noise_token_mask(tokens: pd.DataFrame) -> np.ndarray:
    """Which rows of ``tokens`` are names or fragments that only their context reveals.

    Needs the columns ``doc_id, position, token`` (the surface, with its case) and ``norm``;
    without ``token`` nothing is marked. Marked: a run of capitalised words naming a place of the
    gazetteer, a country or a region ("Lạng Sơn", "Trung Quốc"; a one-syllable country only as a
    whole token), with the word before it when that is a place word ("tỉnh", "xã", "sông"); any
    capitalised run after a place word ("xã Tân Phú", "sông Hậu"); a region written in any case
    ("trung du và miền núi phía Bắc"); a person's name: two capitalised syllables or more
    starting with a surname ("Tô Lâm"), with a title just before it ("ông", "Đại tướng"); an
    honorific ("Bác", "Bác Hồ"); an isolated upper-case abbreviation ("SA" of a date line); a
    token cut across a boundary (:func:`_cut_token`) and the one-syllable rest of the word it cut
    ("ủy" after "Tuyên giáo Thành"); the last token of a document when it is a word (the excerpt
    was cut off, perhaps inside that word). Every token a marked span overlaps is marked. Returns a boolean array in the row order of ``tokens``.
    """
    n = len(tokens)
    if n == 0 or not {"token", "doc_id", "position", "norm"} <= set(tokens.columns):
        return np.zeros(n, dtype=bool)
    noise = _noise()
    doc = pd.factorize(tokens["doc_id"])[0]
    pos = tokens["position"].to_numpy()
    order = np.lexsort((pos, doc))
    if (order == np.arange(n)).all():
        order = None
    surf_codes, surf_uniques = pd.factorize(tokens["token"])  # a missing value: -1, the "" appended
    norm_codes, norm_uniques = pd.factorize(tokens["norm"])
    clean = np.array([" ".join(str(u).split()) for u in surf_uniques] + [""], dtype=object)
    norm_clean = np.array([" ".join(str(u).split()) for u in norm_uniques] + [""], dtype=object)
    if order is not None:
        surf_codes, norm_codes, doc = surf_codes[order], norm_codes[order], doc[order]
    # per distinct surface / norm (cheap): the token-level facts
    cut = np.array([_cut_token(s) for s in clean], dtype=bool)[surf_codes]
    caps_word = np.array([bool(_CAPS_WORD.fullmatch(s)) for s in clean], dtype=bool)[surf_codes]
    caps_any = np.array([len(s) > 1 and bool(_CAPS.fullmatch(s)) and any(c.isalpha() for c in s) for s in clean],
                        dtype=bool)[surf_codes]
    prefix = np.array([s in noise.place_prefixes for s in norm_clean], dtype=bool)[norm_codes]
    title = np.array([s in noise.person_titles for s in norm_clean], dtype=bool)[norm_codes]
    # an upper-case word whose neighbours are not upper case: an abbreviation, not a headline
    same_prev = np.r_[False, doc[1:] == doc[:-1]]
    same_next = np.r_[doc[1:] == doc[:-1], False]
    prev_caps = np.r_[False, caps_any[:-1]] & same_prev
    next_caps = np.r_[caps_any[1:], False] & same_next
    # the rest of a word a cut token split ("ủy" after "Tuyên giáo Thành") is a fragment too
    one_syllable = np.array([" " not in s and s[:1].islower() for s in clean], dtype=bool)[surf_codes]
    cut_rest = np.r_[False, cut[:-1]] & same_prev & one_syllable
    marked = cut | cut_rest | (caps_word & ~prev_caps & ~next_caps)
    # a document whose last token is a word ends without punctuation: an excerpt cut off, maybe in
    # the middle of that word ("... tổ chức hội nghị tro"), so its last word is not counted
    is_word = np.array([any(c.isalpha() for c in s) for s in clean], dtype=bool)[surf_codes]
    marked |= ~same_next & is_word
    # one string of the surfaces, a newline between documents, to find capitalised runs
    surfaces = clean[surf_codes]
    lengths = np.fromiter(map(len, surfaces), dtype=np.int64, count=n)
    gap = np.where(same_next, 1, 2)  # " " inside a document, " \n" after its last token
    starts = np.concatenate(([0], np.cumsum(lengths + gap)[:-1]))
    ends = starts + lengths
    seps = np.where(same_next, " ", " \n").astype(object)
    text = "".join(np.column_stack((surfaces, seps)).ravel().tolist())
    spans: list[tuple[int, int]] = []
    names = _place_names() | noise.countries | noise.regions
    runs = [(m.start(), m.end(), m.group()) for m in _RUN.finditer(text)]
    run_starts = np.fromiter((r[0] for r in runs), dtype=np.int64, count=len(runs))
    run_at = np.searchsorted(starts, run_starts, side="right") - 1
    aligned = starts[run_at] == run_starts
    after_prefix = aligned & (run_at > 0) & prefix[run_at - 1] & same_prev[run_at]
    whole = aligned & (ends[run_at] == np.fromiter((r[1] for r in runs), dtype=np.int64, count=len(runs)))
    singles = noise.countries | noise.honorifics
    for (a, b, run), at, is_after_prefix, is_whole in zip(runs, run_at.tolist(), after_prefix.tolist(),
                                                         whole.tolist()):
        if is_after_prefix:
            spans.append((int(starts[at - 1]), b))  # "xã Tân Phú", "sông Hậu"
            continue
        if " " not in run:
            if is_whole and _fold(run) in singles:
                spans.append((a, b))
            continue
        syllables = run.split(" ")
        folded = [_fold(x) for x in syllables]
        offsets = [0]
        for x in syllables:
            offsets.append(offsets[-1] + len(x) + 1)
        i = 0
        while i < len(syllables):
            found = 0
            for k in range(min(len(syllables) - i, 6), 1, -1):  # the longest name first
                if " ".join(folded[i:i + k]) in names:
                    found = k
                    break
            start = a + offsets[i]
            if found:
                spans.append((start, a + offsets[i + found] - 1))
                i += found
                continue
            honorific = folded[i] in noise.honorifics
            if honorific or (folded[i] in noise.surnames and i + 1 < len(syllables)):
                tok = int(np.searchsorted(starts, start, side="right")) - 1
                if starts[tok] == start:  # a name starts a token
                    last = min(len(syllables), i + _MAX_NAME)
                    first = int(starts[tok - 1]) if tok > 0 and title[tok - 1] and same_prev[tok] else start
                    spans.append((first, a + offsets[last] - 1))
                    i = last
                    continue
            i += 1
    # regions written in lower case ("trung du và miền núi phía Bắc"): on the folded surfaces
    _mark_phrases(norm_clean, norm_codes, same_next, noise.regions, spans, starts)
    if spans:
        span_starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
        span_ends = np.fromiter((e for _, e in spans), dtype=np.int64, count=len(spans))
        first = np.searchsorted(ends, span_starts, side="right")
        last = np.searchsorted(starts, span_ends, side="left")
        delta = np.zeros(n + 1, dtype=np.int64)
        np.add.at(delta, first, 1)
        np.add.at(delta, last, -1)
        marked |= np.cumsum(delta)[:n] > 0
    if order is None:
        return marked
    out = np.zeros(n, dtype=bool)
    out[order] = marked
    return out


def _mark_phrases(norm_clean: np.ndarray, norm_codes: np.ndarray, same_next: np.ndarray, phrases: frozenset,
                  spans: list, starts: np.ndarray) -> None:
    """Spans of the phrases (folded, space-separated) that start at a token, in any case."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        parts = tuple(phrase.split())
        by_first.setdefault(parts[0], []).append(parts)
    for parts_list in by_first.values():
        parts_list.sort(key=len, reverse=True)
    candidate = np.array([s.split(" ", 1)[0] in by_first for s in norm_clean], dtype=bool)[norm_codes]
    for at in np.flatnonzero(candidate).tolist():
        syllables = norm_clean[norm_codes[at]].split()
        j = at
        while len(syllables) < 8 and same_next[j]:
            j += 1
            syllables += norm_clean[norm_codes[j]].split()
        for parts in by_first[syllables[0]]:
            if tuple(syllables[:len(parts)]) == parts:
                length = sum(len(p) for p in parts) + len(parts) - 1
                spans.append((int(starts[at]), int(starts[at]) + length))
                break


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return fold(text)


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
    background = background.reindex(words).fillna(0).astype(float).to_numpy()
    return _log_odds_arrays(np.array(words, dtype=object), counts_a.reindex(words).fillna(0).to_numpy(),
                            counts_b.reindex(words).fillna(0).to_numpy(), background, alpha0)


def word_counts(tokens: pd.DataFrame, doc_ids=None,
                extra_stopwords: list[str] | None = None) -> pd.Series:
    """Counts of counted word norms (see module docstring) in the given documents.

    >>> t = pd.DataFrame({"doc_id": ["a"] * 4, "norm": ["học tập", ",", "98%", "học tập"],
    ...                   "is_stop": [False, True, False, False]})
    >>> word_counts(t).to_dict()
    {'học tập': 2}
    """
    _, _, word_codes, words = _counted_tokens(tokens, doc_ids, extra_stopwords)
    return _as_counts(np.bincount(word_codes, minlength=len(words)), words)


def _as_counts(counts: np.ndarray, words: np.ndarray) -> pd.Series:
    present = counts > 0
    out = pd.Series(counts[present].astype(np.int64), index=pd.Index(words[present], name="word"), name="count")
    return out


def cited_token_mask(tokens: pd.DataFrame, documents: pd.DataFrame,
                     references: pd.DataFrame | None = None) -> np.ndarray:
    """Which rows of ``tokens`` overlap a citation span of their document
    (:func:`analysis.compare.formulas.citation_spans`: references and the titles after them,
    quoted passages, titles of office, institution names, the province's own congresses and
    documents, catalogue titles). Needs ``start``/``end`` in ``tokens`` and ``text`` in
    ``documents``; without them nothing is marked.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Ban Thường vụ Tỉnh ủy họp ở tỉnh."]})
    >>> toks = pd.DataFrame({"doc_id": ["d"] * 5, "start": [0, 14, 22, 26, 28], "end": [13, 21, 25, 27, 32],
    ...                      "norm": ["ban thường vụ", "tỉnh ủy", "họp", "ở", "tỉnh"]})
    >>> cited_token_mask(toks, docs).tolist()
    [True, True, False, False, False]
    """
    n = len(tokens)
    if n == 0 or "text" not in documents.columns or not {"start", "end"} <= set(tokens.columns):
        return np.zeros(n, dtype=bool)
    wanted = set(tokens["doc_id"].astype(str).unique())
    docs = documents[documents["doc_id"].astype(str).isin(wanted)]
    refs = None
    if references is not None and not references.empty:
        refs = references[references["doc_id"].astype(str).isin(wanted)]
    spans = citation_spans(docs, refs)
    if not spans:
        return np.zeros(n, dtype=bool)
    # one axis for all documents: document k's offsets shifted by k * stride
    doc_codes, doc_names = pd.factorize(tokens["doc_id"].astype(str))
    starts = tokens["start"].to_numpy(dtype=np.int64)
    ends = tokens["end"].to_numpy(dtype=np.int64)
    stride = int(max(ends.max(initial=0), max((b for sp in spans.values() for _, b in sp), default=0))) + 2
    span_starts, span_ends = [], []
    for k, name in enumerate(doc_names):
        for a, b in _merged(spans.get(name, [])):
            span_starts.append(k * stride + a)
            span_ends.append(k * stride + b)
    if not span_starts:
        return np.zeros(n, dtype=bool)
    span_starts, span_ends = np.array(span_starts), np.array(span_ends)
    token_starts, token_ends = doc_codes * stride + starts, doc_codes * stride + ends
    # the last span starting before the token ends overlaps it when it ends after the token starts
    at = np.searchsorted(span_starts, token_ends, side="left") - 1
    return (at >= 0) & (span_ends[np.clip(at, 0, None)] > token_starts)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _counted_tokens(tokens: pd.DataFrame, doc_ids=None, extra_stopwords: list[str] | None = None,
                    documents: pd.DataFrame | None = None, references: pd.DataFrame | None = None,
                    exclude_citations: bool = False):
    """The tokens (in the given documents) that count as words: not stopwords, not noise
    (:func:`is_noise_word` per norm, :func:`noise_token_mask` in context), not extra stopwords,
    and, with ``exclude_citations``, not inside a citation (:func:`cited_token_mask`).

    Returns ``(documents, doc_codes, word_codes, words)``: per counted token the index of its
    doc_id in ``documents`` and of its norm in ``words`` (sorted, Unicode order)."""
    table = tokens
    if doc_ids is not None:
        inside = table["doc_id"].isin(set(doc_ids)).to_numpy()
        if not inside.all():
            table = table[inside]
    norm_codes, norm_uniques = pd.factorize(table["norm"])
    norm_uniques = list(norm_uniques)
    counted = np.array([_counted(u) for u in norm_uniques] + [False], dtype=bool)
    keep = counted[norm_codes] & ~table["is_stop"].fillna(False).astype(bool).to_numpy()
    if extra_stopwords:
        extra = set(extra_stopwords)
        keep &= np.array([u in extra for u in norm_uniques] + [False], dtype=bool)[norm_codes] == False  # noqa: E712
    keep &= ~noise_token_mask(table)
    reading = _reading_order(table)  # shared by the two neighbour rules below
    keep &= ~_ordinal_before_number(table, reading)
    if exclude_citations and documents is not None:
        keep &= ~cited_token_mask(table, documents, references)
    doc_codes, documents = pd.factorize(table["doc_id"])
    row_words = np.asarray(table["norm"], dtype=object)
    joined, keep = _join_split_compounds(table, row_words, keep, reading)
    if joined is not None:  # some words are pairs the segmenter left apart: count those strings
        row_words = joined
        codes, uniques = pd.factorize(pd.Series(row_words[keep], dtype=object))
        order = sorted(range(len(uniques)), key=lambda i: str(uniques[i]))
        rank = np.empty(len(uniques), dtype=np.int64)
        rank[order] = np.arange(len(order))
        words = np.array([str(uniques[i]) for i in order], dtype=object)
        return (np.asarray(list(documents), dtype=object), doc_codes[keep], rank[codes], words)
    order = sorted(range(len(norm_uniques)), key=lambda i: str(norm_uniques[i]))
    rank = np.empty(len(norm_uniques) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    words = np.array([str(norm_uniques[i]) for i in order], dtype=object)
    return (np.asarray(list(documents), dtype=object), doc_codes[keep], rank[norm_codes[keep]], words)


def _reading_order(table: pd.DataFrame):
    """``(order, docs)``: the rows in reading order (document, then position) and each sorted
    row's document code; None without a ``position`` column."""
    if "position" not in table.columns:
        return None
    doc_codes = pd.factorize(table["doc_id"])[0]
    order = np.lexsort((table["position"].to_numpy(), doc_codes))
    return order, doc_codes[order]


def _ordinal_before_number(table: pd.DataFrame, reading=None) -> np.ndarray:
    """Rows that are an ordinal head ("thứ", "lần", "số") written right before a number or a Roman
    numeral ("kỳ họp thứ 8", "lần thứ XV"): part of an ordinal, not a word.

    >>> t = pd.DataFrame({"doc_id": ["d"] * 4, "position": range(4), "norm": ["họp", "thứ", "8", "thứ"]})
    >>> _ordinal_before_number(t).tolist()
    [False, True, False, False]
    """
    reading = reading if reading is not None else _reading_order(table)
    if table.empty or reading is None:
        return np.zeros(len(table), dtype=bool)
    order, docs = reading
    norms = table["norm"].to_numpy(dtype=object)[order]
    heads = _noise().ordinal_heads
    codes, uniques = pd.factorize(pd.Series(norms, dtype=object))  # per distinct norm, then per row
    is_head = np.array([n in heads for n in uniques] + [False], dtype=bool)[codes]
    is_number = np.array([isinstance(n, str) and (n[:1].isdigit() or _ROMAN.fullmatch(n) is not None)
                          for n in uniques] + [False], dtype=bool)[codes]
    marked = np.zeros(len(norms), dtype=bool)
    marked[:-1] = is_head[:-1] & is_number[1:] & (docs[1:] == docs[:-1])
    out = np.zeros(len(norms), dtype=bool)
    out[order] = marked
    return out


# A one-syllable word that stands next to the same word in at least SPLIT_SHARE of its at least
# SPLIT_MIN occurrences is half of a compound the word segmenter left apart ("nâng | cao", "diễn |
# ra", "điểm | cầu", "xếp | loại", "còn | thấp"): the pair is counted as one word, so that a
# distinctive-word list reads "nâng cao", "xếp loại" instead of the fragments "nâng", "loại".
SPLIT_SHARE = 0.8
SPLIT_MIN = 5


def _join_split_compounds(table: pd.DataFrame, row_words: np.ndarray, keep: np.ndarray, reading=None):
    """``(row_words, keep)`` with split compounds joined (see ``SPLIT_SHARE``): at the left token of
    each pair the joined word, counted when it is a counted word (not noise), the right token no
    longer counted. ``(None, keep)`` when nothing is joined, or when ``table`` lacks the
    ``position``, ``start`` and ``end`` that say which tokens are neighbours.

    >>> toks = pd.DataFrame({"doc_id": ["d"] * 12, "position": range(12),
    ...     "start": [i * 5 for i in range(12)], "end": [i * 5 + 4 for i in range(12)],
    ...     "norm": ["nâng", "cao", "hiệu", "quả"] * 3})
    >>> words, keep = _join_split_compounds(toks, np.asarray(toks["norm"], dtype=object), np.ones(12, bool))
    >>> words is None   # three occurrences: too few to say
    True
    """
    n = len(table)
    if n == 0 or not {"position", "start", "end"} <= set(table.columns):
        return None, keep
    order, docs = reading if reading is not None else _reading_order(table)
    starts = table["start"].to_numpy()[order]
    ends = table["end"].to_numpy()[order]
    norms = row_words[order]
    # per distinct norm, then spread to the rows: the corpus has far fewer norms than tokens
    codes, uniques = pd.factorize(pd.Series(norms, dtype=object))
    uniques = list(uniques)
    is_syllable = np.array([isinstance(w, str) and " " not in w and w.isalpha() for w in uniques] + [False],
                           dtype=bool)[codes]
    # the next token is a neighbour when it is in the same document, one space away, and a word
    adjacent = np.zeros(n, dtype=bool)
    adjacent[:-1] = (docs[1:] == docs[:-1]) & (starts[1:] - ends[:-1] <= 1)
    is_word = np.array([isinstance(w, str) and any(ch.isalpha() for ch in w) for w in uniques] + [False],
                       dtype=bool)[codes]
    next_ok = adjacent & np.r_[is_word[1:], False]
    prev_ok = np.r_[False, adjacent[:-1]] & np.r_[False, is_word[:-1]]
    kept = keep[order]
    candidates = kept & is_syllable
    if not candidates.any():
        return None, keep
    frame = pd.DataFrame({"w": norms, "i": np.arange(n)})[candidates]
    nxt = pd.Series(np.r_[norms[1:], None], dtype=object)[candidates]
    prv = pd.Series(np.r_[None, norms[:-1]], dtype=object)[candidates]
    nxt = nxt.where(next_ok[candidates])
    prv = prv.where(prev_ok[candidates])
    totals = frame["w"].value_counts()
    partners: dict[tuple, str] = {}  # (word, "next"/"prev") -> its neighbour
    for side, column in (("next", nxt), ("prev", prv)):
        pairs = pd.DataFrame({"w": frame["w"].to_numpy(), "x": column.to_numpy()}).dropna()
        if pairs.empty:
            continue
        counts = pairs.groupby(["w", "x"]).size().reset_index(name="k")
        counts["total"] = counts["w"].map(totals)
        strong = counts[(counts["total"] >= SPLIT_MIN) & (counts["k"] >= SPLIT_SHARE * counts["total"])]
        not_words = _noise().ordinal_heads | _noise().numerals  # "kỳ họp | thứ 8": an ordinal, no compound
        for w, x in zip(strong["w"], strong["x"]):
            if x not in not_words:
                partners[(w, side)] = x
    if not partners:
        return None, keep
    joined = norms.copy()
    new_keep = kept.copy()
    consumed = np.zeros(n, dtype=bool)
    with_partner = {w for w, _ in partners}
    rows = np.flatnonzero(candidates & np.array([w in with_partner for w in uniques] + [False], dtype=bool)[codes])
    for i in rows:
        if consumed[i]:
            continue
        w = norms[i]
        if partners.get((w, "next")) is not None and next_ok[i] and norms[i + 1] == partners[(w, "next")]:
            left, right = i, i + 1
        elif partners.get((w, "prev")) is not None and prev_ok[i] and norms[i - 1] == partners[(w, "prev")]:
            left, right = i - 1, i
        else:
            continue
        if consumed[left] or consumed[right]:
            continue
        compound = f"{norms[left]} {norms[right]}"
        joined[left] = compound
        new_keep[left] = _counted(compound)
        new_keep[right] = False
        consumed[left] = consumed[right] = True
    if not consumed.any():
        return None, keep
    out_words = np.empty(n, dtype=object)
    out_keep = np.empty(n, dtype=bool)
    out_words[order] = joined
    out_keep[order] = new_keep
    return out_words, out_keep


@lru_cache(maxsize=65536)
def _counted(norm) -> bool:
    return is_content_word(norm) and not is_noise_word(norm)


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return sorted(str(v) for v in value)


# A word must be written in at least this many of a group's documents (or in all of them, when the
# group has fewer) to be listed as distinctive of the group: word counts are bursty (Church and Gale
# 1995; Madsen, Kauchak and Elkan 2005), and a word one article repeats (the prizes of its contest,
# the crops of its model farm) describes that article's topic, not the province's language.
MIN_GROUP_DOCUMENTS = 2


def _document_frequency(doc_codes: np.ndarray, word_codes: np.ndarray, n_words: int):
    """(document code, word code) of every distinct pair: in how many documents each word is."""
    pairs = np.unique(doc_codes.astype(np.int64) * n_words + word_codes.astype(np.int64))
    return pairs // n_words, pairs % n_words


def _spread_filter(table: pd.DataFrame, words: np.ndarray, docs_a: np.ndarray, docs_b: np.ndarray,
                   n_docs_a: int, n_docs_b: int, min_group_documents: int) -> pd.DataFrame:
    """Add ``docs_a``/``docs_b`` (the documents of each side using the word) and keep a word
    distinctive of A (z >= 0) when A uses it in at least ``min(min_group_documents, n_docs_a)``
    documents, and one distinctive of B likewise in B."""
    if table.empty:
        table.insert(table.columns.get_loc("count_a") + 1, "docs_a", [])
        table.insert(table.columns.get_loc("count_b") + 1, "docs_b", [])
        return table
    position = np.searchsorted(words, table["word"].to_numpy(dtype=object).astype(str))
    table.insert(table.columns.get_loc("count_a") + 1, "docs_a", docs_a[position].astype(int))
    table.insert(table.columns.get_loc("count_b") + 1, "docs_b", docs_b[position].astype(int))
    need_a = max(1, min(min_group_documents, n_docs_a))
    need_b = max(1, min(min_group_documents, n_docs_b))
    toward_a = table["z"].fillna(0).to_numpy() >= 0
    keep = np.where(toward_a, table["docs_a"].to_numpy() >= need_a, table["docs_b"].to_numpy() >= need_b)
    return table[keep].reset_index(drop=True)


def distinctive_words(tokens: pd.DataFrame, documents: pd.DataFrame, group_a,
                      group_b=None, grouping: str = "province", alpha0: float = DEFAULT_ALPHA0,
                      min_count: int = 1, extra_stopwords: list[str] | None = None,
                      references: pd.DataFrame | None = None, exclude_citations: bool = True,
                      min_group_documents: int = MIN_GROUP_DOCUMENTS) -> pd.DataFrame:
    """Words distinctive of group A against group B (or against every other document).

    A word is listed only when A writes it in at least ``min_group_documents`` of its documents
    (in all of them when A has fewer; ``docs_a`` says in how many): one article repeating a word
    is that article's topic (:data:`MIN_GROUP_DOCUMENTS`). Scoring is unchanged: the filter only
    leaves such words out of the list.

    Words a document cites are not its vocabulary: with ``exclude_citations`` (default) the
    tokens inside :func:`analysis.compare.formulas.citation_spans` are not counted (references
    with ``references``, the titles after them, quotations, titles of office, institution names,
    the province's own congresses and documents, catalogue titles; needs ``text`` in
    ``documents`` and ``start``/``end`` in ``tokens``), so "tỉnh" of "Nghị quyết Đại hội Đảng bộ
    tỉnh lần thứ XVII", cited in every report of one province, is not a word of that province.

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
    docs, doc_codes, word_codes, words = _counted_tokens(tokens, documents["doc_id"], extra_stopwords,
                                                         documents, references, exclude_citations)

    def counts_in(ids) -> pd.Series:
        rows = np.isin(docs, np.asarray(list(ids), dtype=object))[doc_codes]
        return _as_counts(np.bincount(word_codes[rows], minlength=len(words)), words)

    counts_a, counts_b = counts_in(in_a), counts_in(in_b)
    background = _as_counts(np.bincount(word_codes, minlength=len(words)), words)
    out = log_odds_dirichlet(counts_a, counts_b, background, alpha0)
    out = out[out["count_a"] + out["count_b"] >= min_count].reset_index(drop=True)
    pair_docs, pair_words = _document_frequency(doc_codes, word_codes, len(words))
    used = np.unique(doc_codes)  # documents with a counted word
    sides = []
    for ids in (in_a, in_b):
        on_side = np.isin(docs, np.asarray(list(ids), dtype=object))
        sides.append((np.bincount(pair_words[on_side[pair_docs]], minlength=len(words)), int(on_side[used].sum())))
    (docs_a, n_docs_a), (docs_b, n_docs_b) = sides
    out = _spread_filter(out, words, docs_a, docs_b, n_docs_a, n_docs_b, min_group_documents)
    out["group_a"] = "; ".join(a_values)
    out["group_b"] = "; ".join(b_values)
    out["n_a"] = int(counts_a.sum())
    out["n_b"] = int(counts_b.sum())
    return out


def distinctive_words_by_group(tokens: pd.DataFrame, documents: pd.DataFrame,
                               grouping: str = "province", alpha0: float = DEFAULT_ALPHA0,
                               top: int | None = 20, min_count: int = 1,
                               extra_stopwords: list[str] | None = None,
                               references: pd.DataFrame | None = None,
                               exclude_citations: bool = True,
                               min_group_documents: int = MIN_GROUP_DOCUMENTS) -> pd.DataFrame:
    """Each group against the rest: the ``top`` words by z per group (all words if None).
    Citations are left out, and words of a single document of the group are not listed, as in
    :func:`distinctive_words`. Only words that lean toward the group (z > 0) are listed: a group
    that writes few words has a short list rather than a tail of words it uses less than the
    rest, or not at all.

    Returns ``<grouping>, rank`` (1 = most distinctive) and the columns of
    :func:`distinctive_words`, sorted by group then rank.
    """
    check_grouping(grouping)
    # count once: a (group x word) matrix of counts, then each group against the rest in arrays
    docs, doc_codes, word_codes, words = _counted_tokens(tokens, documents["doc_id"], extra_stopwords,
                                                         documents, references, exclude_citations)
    groups_of = doc_groups(documents, grouping)
    groups = order_groups(groups_of.unique())
    group_index = {g: i for i, g in enumerate(groups)}
    group_by_doc = groups_of.to_dict()
    group_of_doc = np.array([group_index.get(group_by_doc.get(d), -1) for d in docs] + [-1], dtype=np.int64)
    doc_group = group_of_doc[doc_codes]
    n_words = len(words)
    background = np.bincount(word_codes, minlength=n_words).astype(float)
    known = doc_group >= 0
    by_group = np.bincount(doc_group[known] * n_words + word_codes[known],
                           minlength=len(groups) * n_words).reshape(len(groups), n_words).astype(float)
    pair_docs, pair_words = _document_frequency(doc_codes, word_codes, n_words)
    pair_group = group_of_doc[pair_docs]
    known_pairs = pair_group >= 0
    docs_by_group = np.bincount(pair_group[known_pairs] * n_words + pair_words[known_pairs],
                                minlength=len(groups) * n_words).reshape(len(groups), n_words)
    used = np.unique(doc_codes)
    documents_in_group = np.bincount(group_of_doc[used] % (len(groups) + 1), minlength=len(groups) + 1)
    docs_all = np.bincount(pair_words, minlength=n_words)  # every document, group known or not: the rest
    n_used = len(used)
    parts = []
    for g, group in enumerate(groups):
        y_a = by_group[g]
        y_b = background - y_a
        table = _log_odds_arrays(words, y_a, y_b, background, alpha0)
        # only the words toward the group are listed: drop the others before the spread filter
        table = table[(table["count_a"] + table["count_b"] >= min_count) & (table["z"] > 0)].reset_index(drop=True)
        table = _spread_filter(table, words, docs_by_group[g], docs_all - docs_by_group[g],
                               int(documents_in_group[g]), n_used - int(documents_in_group[g]), min_group_documents)
        table["group_a"] = group
        table["group_b"] = "(rest)"
        table["n_a"] = int(y_a.sum())
        table["n_b"] = int(y_b.sum())
        if top is not None:
            table = table.head(top)
        table.insert(0, "rank", np.arange(1, len(table) + 1))
        table.insert(0, grouping, group)
        parts.append(table)
    if not parts:
        return pd.DataFrame(columns=[grouping, "rank", *_RESULT_COLUMNS[:2], "docs_a", _RESULT_COLUMNS[2], "docs_b",
                                     *_RESULT_COLUMNS[3:]])
    return pd.concat(parts, ignore_index=True)


def _log_odds_arrays(words: np.ndarray, y_a: np.ndarray, y_b: np.ndarray, background: np.ndarray,
                     alpha0: float) -> pd.DataFrame:
    """:func:`log_odds_dirichlet` on aligned arrays (``words`` sorted), keeping the words counted
    in A or B (the one implementation of the formula; the by-group table calls it without building
    Series per group). Every compared word needs a positive prior, or a word absent from both the
    background and one group would get log(0): such words get the smallest positive background
    count. With a single word type the odds are undefined: NaN, not inf."""
    present = (y_a > 0) | (y_b > 0)
    n_a, n_b = float(y_a.sum()), float(y_b.sum())
    if n_a == 0 or n_b == 0:
        return pd.DataFrame(columns=_RESULT_COLUMNS)
    words, y_a, y_b, background = words[present], y_a[present], y_b[present], background[present]
    if background.sum() == 0:
        raise ValueError("background has no counts for the words compared")
    floor = background[background > 0].min()
    background = np.where(background > 0, background, floor)
    a_w = alpha0 * (background / background.sum())
    a0 = float(a_w.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((y_a + a_w) / (n_a + a0 - y_a - a_w))
                 - np.log((y_b + a_w) / (n_b + a0 - y_b - a_w)))
    delta = np.where(np.isfinite(delta), delta, np.nan)
    variance = 1.0 / (y_a + a_w) + 1.0 / (y_b + a_w)
    z = delta / np.sqrt(variance)
    order = np.lexsort((np.arange(len(words)), np.nan_to_num(-z, nan=np.inf)))  # words are sorted
    return pd.DataFrame({
        "word": words[order].astype(object), "count_a": y_a[order].astype(int), "count_b": y_b[order].astype(int),
        "rate_a": y_a[order] / n_a, "rate_b": y_b[order] / n_b, "prior": a_w[order], "delta": delta[order],
        "variance": variance[order], "z": z[order],
    })
