"""Shared and formulaic language: passages shared between documents, formulaic share, formulas,
and exact/near-duplicate (syndicated) documents.

Matching grouping. Passages are matched on the lower-cased, tone-canonical ``norm`` of the tokens,
skipping punctuation (a norm with no letter or digit). By default each multiword token is split
into its syllables (``match_on="syllable"``): underthesea's word segmentation depends on context,
so the same phrase can be cut into words differently in two articles, while its syllables are
the same. Every count called "tokens" below is in match units (syllables by default). With
``match_on="token"`` the tokens are used as they are.

Shingles. A shingle is ``n`` consecutive match units (default 6 syllables, about four words: the
length of the shortest stock formulas such as "đưa nghị quyết vào cuộc sống"). Shingles are
indexed in a dict from hash to postings, so the work grows with the corpus, not with the number
of document pairs.

Passages. Two documents share a passage where they share shingles on the same diagonal (the
same offset between positions); shingles whose coverage overlaps or touches are merged, and each
merged run is then extended left and right token by token while the norms still agree, so the
reported passages are maximal. For the pairwise listing, shingles found in more than
``max_documents`` documents (default 50) are not used to *propose* pairs: such ubiquitous
formulas would produce a quadratic number of uninformative pairs. They are not lost: extension
walks through them inside a passage proposed by rarer shingles, and they still count towards the
formulaic share and the formula list.

Formulaic share. The fraction of a document's match units covered by a shared phrase of kind
"formula" that also occurs in a document of ANOTHER group (``grouping``: province or 2025 province). Documents of
the same group do not count, so a province quoting its own earlier articles is not "formulaic";
``shared_share`` is the same with any other document. Exclude syndicated copies first
(:func:`near_duplicates` and :func:`analysis.compare.documents_without_duplicates`), or a
reprint in another province's paper makes its source look formulaic.

Widespread formulas. Maximal phrases made of shingles found in documents of at least two groups
(:func:`widespread_formulas`), one row per phrase, with the same exclusion of citations: no shingle
may touch a word of a reference, the title written after it, a quoted passage, a title of office,
an institution name or the province's own congress or document ("Ban Thường vụ Tỉnh ủy", "Nghị
quyết Đại hội Đảng bộ tỉnh lần thứ XVII"), or a catalogue title repeated without its number
(:mod:`analysis.compare.names`), so the name of the resolution every article cites is not listed as
a formula. A phrase's documents and groups are those holding all its shingles. Each phrase has a
kind (:func:`formula_kind`): "formula" (the province's officialese), "reporting" (news-reporting
boilerplate: ``analysis/data/reporting-frames.txt``) or "citation" (a name the marking missed);
only "formula" counts in the formulaic share. The rules in words: ``docs/codebook.md``, "Formulas".

Near-duplicates. Jaccard similarity of the documents' shingle sets (``n=5`` by default); a pair
is flagged when Jaccard >= ``threshold`` (default 0.8: a handful of edited words in an article
of a few hundred syllables stays above it, two articles about the same conference from
different papers stay far below). Containment (shared / smaller set) is reported too.
"""
from __future__ import annotations

import hashlib
import re
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.config import data_file
from analysis.extract.cited_titles import cited_title_spans
from analysis.read.normalize import fold

from ._common import check_grouping, doc_groups, order_groups
from .names import institution_spans, title_spans

__all__ = ["match_sequences", "shared_passages", "formulaic_share", "widespread_formulas",
           "near_duplicates", "citation_spans", "formula_kind", "FORMULA_KINDS"]

DEFAULT_N = 6
DEFAULT_MAX_DOCUMENTS = 50
MATCH_ON_CHOICES = ("syllable", "token")

_ALNUM = re.compile(r"[^\W_]")
_NON_SPACE = re.compile(r"\S+")


# Memo of the costly, pure steps shared by several functions of a notebook (the match units of the
# tokens, the citation spans of the documents), keyed on a hash of the CONTENT of the columns they
# read: an edited or filtered table hashes differently and is computed afresh, never served stale.
_MEMO: OrderedDict = OrderedDict()
_MEMO_SIZE = 8


def _content_key(frame: pd.DataFrame | None, columns) -> str | None:
    """SHA-256 of the named columns' values (those present), in row order; None for no frame."""
    if frame is None:
        return None
    present = [c for c in columns if c in frame.columns]
    digest = hashlib.sha256(repr((present, len(frame))).encode())
    if present and len(frame):
        digest.update(pd.util.hash_pandas_object(frame[present], index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _memoised(key: tuple, compute):
    """The value computed for ``key`` (the last _MEMO_SIZE kept); callers must not mutate it."""
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    value = compute()
    _MEMO[key] = value
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return value


@dataclass
class _Doc:
    doc_id: str
    norms: list[str]
    starts: np.ndarray
    ends: np.ndarray


def match_sequences(tokens: pd.DataFrame, doc_ids=None, match_on: str = "syllable") -> dict[str, _Doc]:
    """Per document, the sequence of match units (norm, start, end), punctuation skipped.

    Memoised on the content of ``tokens`` (see :func:`_memoised`): the formulaic share and the
    formula list of one notebook read the tokens once.

    Returns a dict doc_id -> object with ``norms`` (list of str), ``starts``, ``ends`` (character
    offsets into the clean text). Multiword tokens are split into syllables when the surface
    (``token`` column) and the norm have the same number of space-separated parts.

    >>> t = pd.DataFrame({"doc_id": ["a"] * 3, "position": [0, 1, 2], "start": [0, 8, 10],
    ...                   "end": [7, 9, 15], "token": ["Học tập", ",", "Đảng"],
    ...                   "norm": ["học tập", ",", "đảng"]})
    >>> u = match_sequences(t)["a"]
    >>> u.norms, u.starts.tolist(), u.ends.tolist()
    (['học', 'tập', 'đảng'], [0, 4, 10], [3, 7, 15])
    """
    if match_on not in MATCH_ON_CHOICES:
        raise ValueError(f"match_on must be one of {MATCH_ON_CHOICES}")
    wanted = None if doc_ids is None else tuple(sorted({str(d) for d in doc_ids}))
    key = ("match_sequences", _content_key(tokens, ("doc_id", "position", "start", "end", "token", "norm")),
           wanted, match_on)
    return dict(_memoised(key, lambda: _match_sequences(tokens, doc_ids, match_on)))


def _match_sequences(tokens: pd.DataFrame, doc_ids, match_on: str) -> dict[str, _Doc]:
    table = tokens
    if doc_ids is not None:
        table = table[table["doc_id"].isin(set(doc_ids))]
    table = table.sort_values(["doc_id", "position"], kind="stable")
    has_surface = "token" in table.columns
    out: dict[str, _Doc] = {}
    for doc_id, part in table.groupby("doc_id", sort=True):
        norms: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        surfaces = part["token"].tolist() if has_surface else [None] * len(part)
        for norm, start, end, surface in zip(part["norm"].tolist(), part["start"].tolist(),
                                             part["end"].tolist(), surfaces):
            if not isinstance(norm, str) or not _ALNUM.search(norm):
                continue
            parts = norm.split()
            if match_on == "syllable" and len(parts) > 1 and isinstance(surface, str):
                spans = list(_NON_SPACE.finditer(surface))
                if len(spans) == len(parts):
                    for piece, span in zip(parts, spans):
                        if _ALNUM.search(piece):
                            norms.append(piece)
                            starts.append(int(start) + span.start())
                            ends.append(int(start) + span.end())
                    continue
            norms.append(norm if match_on == "token" else " ".join(parts))
            starts.append(int(start))
            ends.append(int(end))
        out[str(doc_id)] = _Doc(str(doc_id), norms, np.array(starts, dtype=int),
                                np.array(ends, dtype=int))
    return out


def _shingles(doc: _Doc, n: int) -> list[int]:
    norms = doc.norms
    return [hash(tuple(norms[i:i + n])) for i in range(len(norms) - n + 1)]


def _index(units: dict[str, _Doc], n: int):
    """Shingle hashes per document and, per hash, the sorted list of documents containing it."""
    shingles = {d: _shingles(doc, n) for d, doc in units.items()}
    return shingles, _postings(shingles)


def _postings(shingles: dict[str, list[int]]) -> dict[int, list[str]]:
    postings: dict[int, list[str]] = defaultdict(list)
    for d in sorted(shingles):
        for h in dict.fromkeys(shingles[d]):  # distinct, in order
            postings[h].append(d)
    return postings


def _masked_shingles(units: dict[str, _Doc], shingles: dict[str, list[int]], cited_spans: dict,
                     n: int) -> dict[str, list[int]]:
    """The shingles with every shingle touching a cited word replaced by a hash no other document
    has (as if the cited words were masked, without hashing every shingle again)."""
    out = dict(shingles)
    for d, spans in cited_spans.items():
        if d not in units or not spans:
            continue
        cited = _inside(units[d], spans)
        if not cited.any():
            continue
        seq = list(shingles[d])
        touched = np.convolve(cited.astype(np.int64), np.ones(n, dtype=np.int64))[n - 1:n - 1 + len(seq)] > 0
        for pos in np.flatnonzero(touched).tolist():
            seq[pos] = hash(("\x00cited", d, pos))
        out[d] = seq
    return out


def _texts(documents: pd.DataFrame | None) -> dict[str, str]:
    if documents is None or "text" not in documents.columns:
        return {}
    return dict(zip(documents["doc_id"].astype(str), documents["text"]))


def shared_passages(tokens: pd.DataFrame, documents: pd.DataFrame | None = None, n: int = DEFAULT_N,
                    max_documents: int = DEFAULT_MAX_DOCUMENTS, min_tokens: int | None = None,
                    match_on: str = "syllable") -> pd.DataFrame:
    """Maximal passages shared by pairs of documents, with character offsets in both.

    ``documents`` (optional) restricts the documents compared and supplies ``text`` for the
    ``text`` column (else the norms joined by spaces). Passages shorter than ``min_tokens``
    (default ``n``) are dropped. Returns ``doc_a, doc_b`` (doc_a < doc_b), ``start_a, end_a,
    start_b, end_b`` (``text_a[start_a:end_a]`` is the passage in A), ``n_tokens`` (match
    units), ``text`` (from A), sorted by doc_a, doc_b, start_a, start_b.

    >>> import pandas as pd
    >>> rows = []
    >>> for d, s in [("a", "x1 x2 một hai ba bốn năm sáu bảy"), ("b", "một hai ba bốn năm sáu bảy y1")]:
    ...     pos = 0
    ...     for i, w in enumerate(s.split()):
    ...         start = s.index(w, pos); pos = start + len(w)
    ...         rows.append({"doc_id": d, "position": i, "start": start, "end": pos, "token": w, "norm": w})
    >>> shared_passages(pd.DataFrame(rows))[["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "n_tokens"]].to_dict("records")
    [{'doc_a': 'a', 'doc_b': 'b', 'start_a': 6, 'end_a': 32, 'start_b': 0, 'end_b': 26, 'n_tokens': 7}]
    """
    columns = ["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "n_tokens", "text"]
    if n < 1:
        raise ValueError("n must be at least 1")
    min_tokens = n if min_tokens is None else min_tokens
    doc_ids = None if documents is None else documents["doc_id"].astype(str)
    units = match_sequences(tokens, doc_ids, match_on)
    shingles, postings = _index(units, n)
    positions: dict[int, dict[str, list[int]]] = {}
    for d in sorted(shingles):
        for pos, h in enumerate(shingles[d]):
            docs = postings[h]
            if 2 <= len(docs) <= max_documents:
                positions.setdefault(h, {}).setdefault(d, []).append(pos)
    # (doc_a, doc_b) -> list of (diagonal, pos_a)
    hits: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for h, by_doc in positions.items():
        docs = sorted(by_doc)
        for i, da in enumerate(docs):
            for db in docs[i + 1:]:
                for pa in by_doc[da]:
                    for pb in by_doc[db]:
                        hits[(da, db)].append((pb - pa, pa))
    texts = _texts(documents)
    rows = []
    for (da, db) in sorted(hits):
        a, b = units[da], units[db]
        for start_a, end_a, diag in _passages_for_pair(a.norms, b.norms, hits[(da, db)], n):
            length = end_a - start_a
            if length < min_tokens:
                continue
            start_b, end_b = start_a + diag, end_a + diag
            c0, c1 = int(a.starts[start_a]), int(a.ends[end_a - 1])
            text = texts.get(da)
            rows.append({
                "doc_a": da, "doc_b": db, "start_a": c0, "end_a": c1,
                "start_b": int(b.starts[start_b]), "end_b": int(b.ends[end_b - 1]),
                "n_tokens": length,
                "text": text[c0:c1] if isinstance(text, str) else " ".join(a.norms[start_a:end_a]),
            })
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["doc_a", "doc_b", "start_a", "start_b"], kind="stable").reset_index(drop=True)


def _passages_for_pair(norms_a: list[str], norms_b: list[str], hits: list[tuple[int, int]],
                       n: int) -> list[tuple[int, int, int]]:
    """Merge shingle hits of one document pair into maximal passages (start_a, end_a, diagonal)."""
    found: set[tuple[int, int, int]] = set()
    by_diag: dict[int, list[int]] = defaultdict(list)
    for diag, pa in hits:
        by_diag[diag].append(pa)
    for diag in sorted(by_diag):
        starts = sorted(set(by_diag[diag]))
        runs: list[list[int]] = []
        for pa in starts:
            if runs and pa - runs[-1][1] <= n:  # coverage overlaps or touches: same passage
                runs[-1][1] = pa
            else:
                runs.append([pa, pa])
        for first, last in runs:
            s, e = first, last + n
            if norms_a[s:e] != norms_b[s + diag:e + diag]:  # a hash collision: not a real match
                continue
            while s > 0 and s + diag > 0 and norms_a[s - 1] == norms_b[s + diag - 1]:
                s -= 1
            while e < len(norms_a) and e + diag < len(norms_b) and norms_a[e] == norms_b[e + diag]:
                e += 1
            found.add((s, e, diag))
    # extension can make two runs on one diagonal reach the same passage; keep distinct ones
    merged: list[tuple[int, int, int]] = []
    for s, e, diag in sorted(found, key=lambda t: (t[2], t[0], -t[1])):
        if merged and merged[-1][2] == diag and s <= merged[-1][1]:
            ps, pe, _ = merged[-1]
            merged[-1] = (ps, max(pe, e), diag)
        else:
            merged.append((s, e, diag))
    return sorted(merged, key=lambda t: (t[0], t[2]))


# A quoted passage ("...", “...”) of at least this many words is a title, a slogan or a quotation:
# words the province did not choose.
_MIN_QUOTED_WORDS = 3
_QUOTED = re.compile(r"[“\"«]([^”\"»\n]{3,400})[”\"»]")

# Titles of office in protocol lists ("Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ
# chức Trung ương"): the head of the title, then capitalised words. They name who spoke, not how.
_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯ"
# After "Phó" the press often writes the rest in lower case ("Phó bí thư Thường trực Thành ủy",
# "Phó chủ tịch HĐND thành phố", "Phó trưởng Ban Thường trực ..."), so the head may be lower case there.
_OFFICE_TAIL = rf"(?:\s+(?:[{_UPPER}][\w]*|và|dự khuyết|[Tt]hường trực|[Tt]hường vụ))+"
_OFFICE = re.compile(
    r"(?:Phó\s+(?:[Bb]í thư|[Cc]hủ tịch|[Tt]rưởng [Bb]an|[Tt]rưởng [Đđ]oàn|[Cc]hủ nhiệm|[Gg]iám đốc|"
    r"[Cc]hánh [Vv]ăn phòng|[Tt]rưởng [Kk]hoa|[Tt]hủ tướng|[Tt]hường trực)"
    r"|(?:Phó\s+)?(?:Ủy viên|Uỷ viên|Bí thư|Trưởng [Bb]an|Chủ tịch|Bộ trưởng|Thứ trưởng|Trưởng [Đđ]oàn|"
    r"Thường trực|Chánh [Vv]ăn phòng|Chủ nhiệm|Giám đốc|Tổng Bí thư|Trưởng [Kk]hoa|Thủ tướng))" + _OFFICE_TAIL)
# "nguyên" before a title means "former" ("nguyên Ủy viên Bộ Chính trị", "các đồng chí nguyên lãnh
# đạo tỉnh"): part of the protocol. The word and the space after it are one span (the title after it is
# matched by _OFFICE); after it the press also writes the title in lower case ("Nguyên phó chủ tịch UBND tỉnh").
# Both patterns open with the literal word, so the scan stays fast.
_FORMER = re.compile(
    r"\b[Nn]guyên\s+(?=(?:là\s+)?(?:[Ll]ãnh đạo|[Pp]hó\s|[Tt]rưởng\s|[Bb]í thư|[Cc]hủ tịch|[ỦủUu][ỷy] viên|"
    r"[Gg]iám đốc|[Cc]hủ nhiệm|[Tt]hường trực|[Bb]ộ trưởng|[Tt]hứ trưởng|[Tt]hủ tướng|[Tt]ổng [Bb]í thư))")
_FORMER_LOWER = re.compile(
    r"\b[Nn]guyên\s+(?:phó\s+)?(?:bí thư|chủ tịch|trưởng [Bb]an|trưởng [Kk]hoa|trưởng [Đđ]oàn|giám đốc|chủ nhiệm|"
    r"thủ tướng)" + _OFFICE_TAIL)


def citation_spans(documents: pd.DataFrame, references: pd.DataFrame | None = None) -> dict[str, list[tuple[int, int]]]:
    """Character spans of each document's text that cite rather than report: the text of every
    reference (``references`` table: "Nghị quyết số 55-NQ/TW", "Hội nghị Trung ương 4 khóa XII"),
    the title that follows a cited document ("... của Bộ Chính trị về đẩy mạnh ...", up to the end
    of the clause), every quoted passage of three words or more ("Học tập và làm theo ..."),
    titles of office in protocol lists ("Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng"), names of
    Party and state bodies, of the province's own congresses and of their documents ("Ban Thường
    vụ Tỉnh ủy", "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII": :func:`analysis.compare.names.institution_spans`)
    and catalogue titles repeated without their number ("học tập và làm theo tư tưởng, đạo đức,
    phong cách Hồ Chí Minh": :func:`analysis.compare.names.title_spans`).

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ['Tỉnh ủy học tập Chỉ thị 05-CT/TW về đẩy mạnh việc học; '
    ...                      'phát động thi "Đảng, Bác Hồ với quê hương".']})
    >>> refs = pd.DataFrame({"doc_id": ["d"], "start": [16], "end": [32]})
    >>> [docs.text[0][a:b] for a, b in citation_spans(docs, refs)["d"]]
    ['Tỉnh ủy', 'Chỉ thị 05-CT/TW', 'về đẩy mạnh việc học', '"Đảng, Bác Hồ với quê hương"']
    """
    key = ("citation_spans", _content_key(documents, ("doc_id", "text")),
           _content_key(references, ("doc_id", "start", "end")))
    spans = _memoised(key, lambda: _citation_spans(documents, references))
    return {d: list(s) for d, s in spans.items()}


def _citation_spans(documents: pd.DataFrame, references: pd.DataFrame | None) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    texts = _texts(documents)
    if references is not None and not references.empty:
        for doc_id, start, end in zip(references["doc_id"].astype(str), references["start"], references["end"]):
            text = texts.get(doc_id)
            out.setdefault(doc_id, []).append((int(start), int(end)))
            if text is None:
                continue
            out[doc_id].extend(cited_title_spans(text, [end]))
    for doc_id, text in texts.items():
        if not isinstance(text, str):
            continue
        for m in _QUOTED.finditer(text):
            if len(m.group(1).split()) >= _MIN_QUOTED_WORDS:
                out.setdefault(doc_id, []).append((m.start(), m.end()))
        for m in _OFFICE.finditer(text):
            out.setdefault(doc_id, []).append((m.start(), m.end()))
        for pattern in (_FORMER, _FORMER_LOWER):
            for m in pattern.finditer(text):
                out.setdefault(doc_id, []).append((m.start(), m.end()))
        found = institution_spans(text) + title_spans(text)
        if found:
            out.setdefault(doc_id, []).extend(found)
    return {d: sorted(set(spans)) for d, spans in out.items()}


def _inside(doc: _Doc, spans: list[tuple[int, int]]) -> np.ndarray:
    """Which match units of a document lie inside any of the spans."""
    mask = np.zeros(len(doc.norms), dtype=bool)
    for a, b in spans:
        mask |= (doc.starts >= a) & (doc.ends <= b)
    return mask


# --- kinds of shared phrases ---

FORMULA_KINDS = ("formula", "reporting", "citation")


@lru_cache(maxsize=1)
def _reporting_frames() -> tuple[tuple[str, ...], ...]:
    """The reporting frames of ``analysis/data/reporting-frames.txt`` as folded syllables."""
    frames = set()
    for line in data_file("reporting_frames").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        words = re.findall(r"[^\W_]+", fold(line))
        if words:
            frames.add(tuple(words))
    return tuple(sorted(frames))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    k = len(part)
    return any(words[i:i + k] == part for i in range(len(words) - k + 1))


@lru_cache(maxsize=65536)
def formula_kind(formula: str, citations: bool = True) -> str:
    """The kind of a phrase shared across groups, decided in this order:

    1. ``"citation"`` (only with ``citations``): at least half of its syllables lie in an
       institution name or a catalogue title found in the phrase itself
       (:func:`analysis.compare.names.institution_spans`, :func:`~analysis.compare.names.title_spans`):
       a name the citation marking of the full text missed (written differently there);
    2. ``"reporting"``: it contains a reporting frame of ``analysis/data/reporting-frames.txt``
       ("tại hội nghị", "dự hội nghị", "điểm cầu", "tổ chức hội nghị", "phát biểu"): the genre
       of event news (who met, who attended, who spoke), not the language of implementation;
    3. ``"formula"``: the rest, the officialese a province shares with others ("đưa nghị quyết
       vào cuộc sống", "trong sạch, vững mạnh", "quán triệt sâu sắc").

    Only ``"formula"`` counts in the formulaic share.

    >>> [formula_kind(f) for f in ["đưa nghị quyết vào cuộc sống", "dự hội nghị tại điểm cầu",
    ...                            "ban chấp hành đảng bộ tỉnh khóa xv"]]
    ['formula', 'reporting', 'citation']
    """
    words = tuple(re.findall(r"[^\W_]+", fold(formula)))
    if not words:
        return "formula"
    if citations:
        text = " ".join(words)
        covered = np.zeros(len(text), dtype=bool)
        for a, b in institution_spans(text) + title_spans(text):
            covered[a:b] = True
        inside = sum(1 for m in re.finditer(r"\S+", text) if covered[m.start():m.end()].all())
        if 2 * inside >= len(words):
            return "citation"
    padded = " " + " ".join(words) + " "
    if any(" " + " ".join(frame) + " " in padded for frame in _reporting_frames()):
        return "reporting"
    return "formula"


# --- maximal shared phrases ---

@dataclass
class _Phrases:
    """Maximal shared phrases: ``docs`` (phrase -> documents holding all its shingles), ``root``
    (phrase -> the row it is listed under), ``occurrences`` (doc -> (first unit, end unit, phrase))."""
    docs: dict
    root: dict
    occurrences: dict


def _phrases_of(tokens, documents, references, grouping, n, match_on, exclude_citations, min_documents,
                min_groups, compute) -> _Phrases:
    """:func:`_shared_phrases` memoised on the content of what it depends on (the formulaic share
    and the formula list of a notebook find the same phrases)."""
    key = ("phrases", _content_key(tokens, ("doc_id", "position", "start", "end", "token", "norm")),
           _content_key(documents, ("doc_id", grouping, "text")),
           _content_key(references, ("doc_id", "start", "end")) if exclude_citations else None,
           grouping, n, match_on, exclude_citations, min_documents, min_groups)
    return _memoised(key, compute)


def _shared_phrases(units: dict[str, _Doc], groups: dict, n: int, min_documents: int,
                    min_groups: int, shingles: dict[str, list[int]] | None = None,
                    postings: dict[int, list[str]] | None = None) -> _Phrases:
    """Maximal phrases of widespread shingles, merged into their containers (see
    :func:`widespread_formulas`); ``shingles`` (per document) and their ``postings`` when already
    computed."""
    if shingles is None:
        shingles = {d: _shingles(doc, n) for d, doc in units.items()}
    if postings is None:
        postings = _postings(shingles)
    # document sets are interned: an id per distinct set, intersections memoised on pairs of ids
    sets: list[frozenset] = []
    set_id: dict[frozenset, int] = {}
    id_of_hash: dict[int, int] = {}
    wide: list[bool] = []
    meets: dict[tuple[int, int], int] = {}

    def intern(docs: frozenset) -> int:
        found = set_id.get(docs)
        if found is None:
            found = set_id[docs] = len(sets)
            sets.append(docs)
            wide.append(len(docs) >= min_documents and
                        len({groups[o] for o in docs if o in groups}) >= min_groups)
        return found

    narrow = intern(frozenset())  # every shingle in fewer than min_documents documents

    def of_hash(h: int) -> int:
        found = id_of_hash.get(h)
        if found is None:
            docs = postings[h]
            found = id_of_hash[h] = intern(frozenset(docs)) if len(docs) >= max(min_documents, 2) else narrow
        return found

    def meet(a: int, b: int) -> int:
        if a == b or b < 0:
            return a
        if a < 0:
            return b
        key = (a, b) if a < b else (b, a)
        found = meets.get(key)
        if found is None:
            found = meets[key] = intern(sets[a] & sets[b])
        return found

    phrase_docs: dict[tuple, frozenset] = {}
    occurrences: dict[str, list[tuple[int, int, tuple]]] = {}
    for d in sorted(shingles):
        ids = [of_hash(h) for h in shingles[d]]
        norms = units[d].norms
        found: list[tuple[int, int, tuple]] = []
        pos = 0
        while pos < len(ids):
            if not wide[ids[pos]]:
                pos += 1
                continue
            last = pos  # the run of widespread shingles pos..last
            while last + 1 < len(ids) and wide[ids[last + 1]]:
                last += 1
            for first, end, docs in _stretches(ids[pos:last + 1], meet, wide):
                phrase = tuple(norms[pos + first:pos + end + n])
                phrase_docs[phrase] = sets[docs]
                found.append((pos + first, pos + end + n, phrase))
            pos = last + 1
        if found:
            occurrences[d] = found
    groups_of = {docs: frozenset(groups[o] for o in docs if o in groups) for docs in set(phrase_docs.values())}
    root = _merge_contained(phrase_docs, {p: groups_of[docs] for p, docs in phrase_docs.items()}, n)
    return _Phrases(phrase_docs, root, occurrences)


def _stretches(ids: list[int], meet, wide) -> list[tuple[int, int, int]]:
    """The maximal stretches ``(first, last, set id)`` of a run of widespread shingles (their
    document-set ids) whose intersection is still widespread: two pointers, each stretch ending
    after the one before, over a queue of two stacks so that each shingle enters and leaves the
    intersection once (intersection has no inverse)."""
    if ids.count(ids[0]) == len(ids):  # the same documents all along: one stretch
        return [(0, len(ids) - 1, ids[0])]
    whole = -1
    for item in ids:
        whole = meet(whole, item)
    if wide[whole]:
        return [(0, len(ids) - 1, whole)]
    out = []
    front: list[int] = []  # intersections of the window's oldest items, from each item to the split
    back_agg = -1  # intersection of the newest items (-1: none)
    back_items: list[int] = []
    j, reach = -1, -1
    for i in range(len(ids)):
        if j < i:  # empty window: start it at i
            front, back_items, back_agg, j = [], [ids[i]], ids[i], i
        while j + 1 < len(ids):
            joined = meet(meet(front[-1] if front else -1, back_agg), ids[j + 1])
            if not wide[joined]:
                break
            back_items.append(ids[j + 1])
            back_agg = meet(back_agg, ids[j + 1])
            j += 1
        if j > reach:
            out.append((i, j, meet(front[-1] if front else -1, back_agg)))
            reach = j
        if reach == len(ids) - 1:
            break
        # drop item i from the window
        if not front:
            agg = -1
            for item in reversed(back_items):
                agg = meet(agg, item)
                front.append(agg)
            back_items, back_agg = [], -1
        front.pop()
    return out


def _merge_contained(phrase_docs: dict[tuple, frozenset], phrase_groups: dict[tuple, frozenset],
                     n: int) -> dict[tuple, tuple]:
    """Each phrase's row: a phrase found inside a longer shared phrase that is written in every
    group the shorter one is written in is listed as that longer phrase (the longest such, then
    the one with more documents, then the first in order), and so on up the chain; otherwise as
    itself."""
    # a container is written in the same groups: index the phrases by their groups and shingles
    by_shingle: dict[tuple, list[tuple]] = defaultdict(list)
    for phrase in phrase_docs:
        key = phrase_groups[phrase]
        for shingle in {phrase[i:i + n] for i in range(len(phrase) - n + 1)}:
            by_shingle[(key, shingle)].append(phrase)
    parent: dict[tuple, tuple] = {}
    for phrase, docs in phrase_docs.items():
        k = len(phrase)
        best = None
        for other in by_shingle[(phrase_groups[phrase], phrase[:n])]:
            if len(other) <= k:
                continue
            if not _contains(other, phrase):
                continue
            key = (-len(other), -len(phrase_docs[other]), other)
            if best is None or key < best[0]:
                best = (key, other)
        if best is not None:
            parent[phrase] = best[1]
    root: dict[tuple, tuple] = {}
    for phrase in phrase_docs:
        top = phrase
        while top in parent:
            top = parent[top]
        root[phrase] = top
    return root


def formulaic_share(tokens: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                    n: int = DEFAULT_N, match_on: str = "syllable",
                    references: pd.DataFrame | None = None, exclude_citations: bool = True) -> pd.DataFrame:
    """Per document, the fraction of its tokens inside formulas also found in other groups.

    A token is formulaic when it lies in a phrase shared with a document of another known group
    whose kind is ``"formula"`` (the phrases and kinds of :func:`widespread_formulas`, with at
    least two documents of two groups): reporting frames ("dự hội nghị tại điểm cầu") and names
    that slipped through the citation marking are shared, but not the province's formulaic
    language.

    Citations are not the province's language: with ``exclude_citations`` (default), the words of
    :func:`citation_spans` (references, the titles of cited documents, quoted passages, titles of
    office, institution names and catalogue titles; needs the ``text`` column of ``documents``,
    and ``references`` for the codes and titles) are left out of both the numerator and the
    denominator, and no shared phrase runs through them, so that a report which quotes the title of
    the resolution it implements is not "formulaic" for that reason (``n_tokens_cited`` counts
    them). Without it, citations count as words and shared names are kind "formula".

    Returns ``doc_id, <grouping>, n_tokens, n_tokens_cited, n_tokens_formulaic, formulaic_share,
    n_tokens_shared, shared_share`` sorted by doc_id. ``formulaic_share`` is NaN for a document
    without a group; ``shared_share`` counts shingles shared with any other document, of any kind.
    Both are NaN for a document with no token.

    >>> import pandas as pd
    >>> def toks(d, s):
    ...     return [{"doc_id": d, "position": i, "start": 0, "end": 0, "norm": w} for i, w in enumerate(s.split())]
    >>> t = pd.DataFrame(toks("a", "p q r s t u v") + toks("b", "p q r s t u w") + toks("c", "k l m"))
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "province": ["X", "Y", "X"]})
    >>> formulaic_share(t, docs)[["doc_id", "n_tokens_formulaic", "formulaic_share"]].to_dict("records")
    [{'doc_id': 'a', 'n_tokens_formulaic': 6, 'formulaic_share': 0.8571428571428571}, {'doc_id': 'b', 'n_tokens_formulaic': 6, 'formulaic_share': 0.8571428571428571}, {'doc_id': 'c', 'n_tokens_formulaic': 0, 'formulaic_share': 0.0}]
    """
    check_grouping(grouping)
    doc_ids = sorted(documents["doc_id"].astype(str).unique())
    groups = doc_groups(documents, grouping).to_dict()
    units = match_sequences(tokens, doc_ids, match_on)
    shingles, postings = _index(units, n)
    cited_spans = citation_spans(documents, references) if exclude_citations else {}
    phrases = _phrases_of(tokens, documents, references, grouping, n, match_on, exclude_citations, 2, 2,
                          lambda: _shared_phrases(units, groups, n, 2, 2,
                                                  _masked_shingles(units, shingles, cited_spans, n)))
    kinds: dict[tuple, str] = {}

    def kind_of(phrase: tuple) -> str:
        top = phrases.root[phrase]
        found = kinds.get(top)
        if found is None:
            found = kinds[top] = formula_kind(" ".join(top), exclude_citations)
        return found

    rows = []
    for d in doc_ids:
        group = groups.get(d)
        seq = shingles.get(d, [])
        n_all = len(units[d].norms) if d in units else 0
        cited = _inside(units[d], cited_spans.get(d, [])) if d in units else np.zeros(0, dtype=bool)
        n_tok = n_all - int(cited.sum())
        other_group = np.zeros(n_all, dtype=bool)
        any_other = np.zeros(n_all, dtype=bool)
        for pos, h in enumerate(seq):
            if len(postings[h]) >= 2:
                any_other[pos:pos + n] = True
        if group is not None:
            for first, end, phrase in phrases.occurrences.get(d, ()):
                if kind_of(phrase) == "formula":
                    other_group[first:end] = True
        other_group &= ~cited
        any_other &= ~cited
        rows.append({
            "doc_id": d, grouping: group, "n_tokens": n_tok, "n_tokens_cited": int(cited.sum()),
            "n_tokens_formulaic": int(other_group.sum()),
            "formulaic_share": (other_group.sum() / n_tok) if (n_tok and group is not None) else np.nan,
            "n_tokens_shared": int(any_other.sum()),
            "shared_share": (any_other.sum() / n_tok) if n_tok else np.nan,
        })
    return pd.DataFrame(rows, columns=["doc_id", grouping, "n_tokens", "n_tokens_cited", "n_tokens_formulaic",
                                       "formulaic_share", "n_tokens_shared", "shared_share"])


def widespread_formulas(tokens: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                        n: int = DEFAULT_N, min_documents: int = 2, min_groups: int = 2,
                        top: int | None = 50, match_on: str = "syllable",
                        references: pd.DataFrame | None = None, exclude_citations: bool = True,
                        kinds=None) -> pd.DataFrame:
    """The most widespread formulas: maximal phrases found in many documents of many groups, one
    row each, with their kind.

    A shingle is widespread when it occurs in at least ``min_documents`` documents of at least
    ``min_groups`` distinct known groups. In each document, a run of consecutive widespread
    shingles is cut into its maximal stretches that enough documents of enough groups hold
    together (all the stretch's shingles); each stretch is a phrase, and its documents are those
    that hold all its shingles. So a long formula is one row, not a dozen overlapping 6-grams,
    and where one article writes a longer form than another ("học tập và làm theo ..." /
    "làm theo ..."), the longer form is the phrase as long as it is itself widespread.

    One phrase, one row: a phrase contained in a longer phrase of the list that is written in every
    group the shorter one is written in is merged into that longer phrase (the longest such). A row's
    ``n_documents``/``n_groups``/``groups`` are the documents holding the row's own phrase (never
    the sum of its pieces'); ``n_documents_any`` counts those holding it or a phrase merged into
    it, ``n_merged`` how many phrases were merged into it. A short formula written in groups
    where the longer form is not stays a row of its own ("đưa nghị quyết vào cuộc sống" in ten
    provinces is not swallowed by "quyết tâm đưa nghị quyết vào cuộc sống" in two), so merging
    never lowers a row's number of groups.

    Citations are not formulas of the province's own: with ``exclude_citations`` (default), no
    shingle may touch a word of :func:`citation_spans` (the references, with ``references``; the
    titles written after them; quoted passages; titles of office; institution names and the
    province's own congresses and documents; catalogue titles repeated without number;
    ``documents`` needs ``text``), so "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của
    Đảng" is not a formula because every article cites it. Each row has a ``kind``
    (:func:`formula_kind`): "formula", "reporting" (news-reporting boilerplate) or "citation" (a
    name that slipped through); ``kinds`` keeps only the rows of those kinds (all by default).

    Returns ``formula`` (norms joined by spaces), ``kind, n_tokens, n_documents, n_groups, groups``
    ("; "-joined), ``n_documents_any, n_merged, example_doc_id, example_start, example_end,
    example_text`` (the first document, by doc_id, where the phrase occurs), sorted by n_groups,
    n_documents, n_tokens (all descending) then formula; the first ``top`` rows (all with None).

    >>> def toks(d, s):
    ...     return [{"doc_id": d, "position": i, "start": 0, "end": 0, "norm": w} for i, w in enumerate(s.split())]
    >>> t = pd.DataFrame(toks("a", "quyết tâm đưa nghị quyết vào cuộc sống") + toks("b", "sớm đưa nghị quyết vào cuộc sống"))
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Nam Định", "Thái Bình"]})
    >>> widespread_formulas(t, docs)[["formula", "kind", "n_documents", "n_groups"]].to_dict("records")
    [{'formula': 'đưa nghị quyết vào cuộc sống', 'kind': 'formula', 'n_documents': 2, 'n_groups': 2}]
    """
    check_grouping(grouping)
    columns = ["formula", "kind", "n_tokens", "n_documents", "n_groups", "groups", "n_documents_any", "n_merged",
               "example_doc_id", "example_start", "example_end", "example_text"]
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        unknown = sorted(set(kinds) - set(FORMULA_KINDS))
        if unknown:
            raise ValueError(f"unknown kinds {unknown}; kinds are {', '.join(FORMULA_KINDS)}")
    doc_ids = sorted(documents["doc_id"].astype(str).unique())
    groups = doc_groups(documents, grouping).to_dict()
    units = match_sequences(tokens, doc_ids, match_on)

    def compute() -> _Phrases:
        shingles = None
        if exclude_citations:
            shingles = _masked_shingles(units, {d: _shingles(doc, n) for d, doc in units.items()},
                                        citation_spans(documents, references), n)
        return _shared_phrases(units, groups, n, min_documents, min_groups, shingles)

    phrases = _phrases_of(tokens, documents, references, grouping, n, match_on, exclude_citations,
                          min_documents, min_groups, compute)
    texts = _texts(documents)
    where: dict[tuple, dict[str, tuple[int, int]]] = defaultdict(dict)
    for d in doc_ids:
        doc = units.get(d)
        for first, end, phrase in phrases.occurrences.get(d, ()):
            where[phrase].setdefault(d, (int(doc.starts[first]), int(doc.ends[end - 1])))
    members: dict[tuple, list[tuple]] = defaultdict(list)
    for phrase, head in phrases.root.items():
        members[head].append(phrase)
    rows = []
    for head, merged in members.items():
        docs = sorted(phrases.docs[head])
        group_names = order_groups({groups[o] for o in docs if o in groups})
        any_docs = set().union(*(phrases.docs[p] for p in merged))
        first = min(where[head])
        s, e = where[head][first]
        text = texts.get(first)
        formula = " ".join(head)
        rows.append({
            "formula": formula, "kind": formula_kind(formula, exclude_citations), "n_tokens": len(head),
            "n_documents": len(docs), "n_groups": len(group_names), "groups": "; ".join(group_names),
            "n_documents_any": len(any_docs), "n_merged": len(merged) - 1,
            "example_doc_id": first, "example_start": s, "example_end": e,
            "example_text": text[s:e] if isinstance(text, str) else formula,
        })
    out = pd.DataFrame(rows, columns=columns)
    if kinds is not None:
        out = out[out["kind"].isin(kinds)]
    if out.empty:
        return out.reset_index(drop=True)
    out = out.sort_values(["n_groups", "n_documents", "n_tokens", "formula"],
                          ascending=[False, False, False, True], kind="stable").reset_index(drop=True)
    return out if top is None else out.head(top).reset_index(drop=True)


def near_duplicates(tokens: pd.DataFrame, documents: pd.DataFrame, n: int = 5,
                    threshold: float = 0.8, max_documents: int = DEFAULT_MAX_DOCUMENTS,
                    match_on: str = "syllable") -> pd.DataFrame:
    """Pairs of documents that are exact or near-duplicate copies (syndication).

    Candidate pairs share at least one shingle found in at most ``max_documents`` documents;
    for each, the exact Jaccard similarity of the two shingle sets is computed. Returns the
    pairs with Jaccard >= ``threshold``: ``doc_a, doc_b`` (doc_a < doc_b), ``jaccard,
    containment, n_shingles_a, n_shingles_b, n_shared, kind`` ("exact" when the two match-grouping
    sequences are identical, else "near"), ``is_near_duplicate`` (True), ``keep`` and ``drop``
    (the canonical copy is the earlier ``published``, then the longer one, then the smaller
    doc_id), sorted by doc_a, doc_b. Exclude with
    :func:`analysis.compare.documents_without_duplicates`.

    >>> def toks(d, s):
    ...     return [{"doc_id": d, "position": i, "start": 0, "end": 0, "norm": w} for i, w in enumerate(s.split())]
    >>> text = "ban thường vụ tỉnh ủy tổ chức hội nghị quán triệt nghị quyết trung ương tám khóa mười ba"
    >>> t = pd.DataFrame(toks("orig", text) + toks("copy", text.replace("tám", "8")))
    >>> docs = pd.DataFrame({"doc_id": ["orig", "copy"], "published": ["2024-01-15", "2024-01-16"]})
    >>> # 19 syllables, 15 five-syllable shingles each; the edit changes 4 of them: 11 / 19
    >>> near_duplicates(t, docs, threshold=0.5)[["jaccard", "kind", "keep", "drop"]].round(3).to_dict("records")
    [{'jaccard': 0.579, 'kind': 'near', 'keep': 'orig', 'drop': 'copy'}]
    """
    columns = ["doc_a", "doc_b", "jaccard", "containment", "n_shingles_a", "n_shingles_b",
               "n_shared", "kind", "is_near_duplicate", "keep", "drop"]
    doc_ids = sorted(documents["doc_id"].astype(str).unique())
    units = match_sequences(tokens, doc_ids, match_on)
    shingles, postings = _index(units, n)
    sets = {d: set(s) for d, s in shingles.items()}
    candidates: set[tuple[str, str]] = set()
    for h, docs in postings.items():
        if 2 <= len(docs) <= max_documents:
            for i, da in enumerate(docs):
                for db in docs[i + 1:]:
                    candidates.add((da, db))
    meta = documents.drop_duplicates("doc_id").set_index(documents.drop_duplicates("doc_id")["doc_id"].astype(str))
    rows = []
    for da, db in sorted(candidates):
        sa, sb = sets[da], sets[db]
        shared = len(sa & sb)
        union = len(sa) + len(sb) - shared
        jaccard = shared / union if union else 0.0
        if jaccard < threshold:
            continue
        keep, drop = sorted((da, db), key=lambda d: _canonical_key(meta, d, units))
        rows.append({
            "doc_a": da, "doc_b": db, "jaccard": jaccard,
            "containment": shared / min(len(sa), len(sb)),
            "n_shingles_a": len(sa), "n_shingles_b": len(sb), "n_shared": shared,
            "kind": "exact" if units[da].norms == units[db].norms else "near",
            "is_near_duplicate": True, "keep": keep, "drop": drop,
        })
    return pd.DataFrame(rows, columns=columns)


def _canonical_key(meta: pd.DataFrame, doc_id: str, units: dict[str, _Doc]):
    published = meta["published"].get(doc_id) if "published" in meta.columns else None
    published = published if isinstance(published, str) and published else "9999-99-99"
    return (published, -len(units[doc_id].norms), doc_id)
