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

Formulaic share. The fraction of a document's match units covered by at least one shingle that
also occurs in a document of ANOTHER group (``grouping``: province or 2025 province). Documents of
the same group do not count, so a province quoting its own earlier articles is not "formulaic";
``shared_share`` is the same with any other document. Exclude syndicated copies first
(:func:`near_duplicates` and :func:`analysis.compare.documents_without_duplicates`), or a
reprint in another province's paper makes its source look formulaic.

Widespread formulas. Phrases made of shingles found in documents of at least two groups
(:func:`widespread_formulas`), with the same exclusion of citations: no shingle may touch a word of
a reference, the title written after it, a quoted passage or a title of office, so the name of the
resolution every article cites is not listed as a formula. A phrase's documents and groups are
those of its shingles.

Near-duplicates. Jaccard similarity of the documents' shingle sets (``n=5`` by default); a pair
is flagged when Jaccard >= ``threshold`` (default 0.8: a handful of edited words in an article
of a few hundred syllables stays above it, two articles about the same conference from
different papers stay far below). Containment (shared / smaller set) is reported too.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import check_grouping, doc_groups, order_groups

__all__ = ["match_sequences", "shared_passages", "formulaic_share", "widespread_formulas",
           "near_duplicates"]

DEFAULT_N = 6
DEFAULT_MAX_DOCUMENTS = 50
MATCH_ON_CHOICES = ("syllable", "token")

_ALNUM = re.compile(r"[^\W_]")
_NON_SPACE = re.compile(r"\S+")


@dataclass
class _Doc:
    doc_id: str
    norms: list[str]
    starts: np.ndarray
    ends: np.ndarray


def match_sequences(tokens: pd.DataFrame, doc_ids=None, match_on: str = "syllable") -> dict[str, _Doc]:
    """Per document, the sequence of match units (norm, start, end), punctuation skipped.

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
    postings: dict[int, list[str]] = defaultdict(list)
    for d in sorted(shingles):
        for h in dict.fromkeys(shingles[d]):  # distinct, in order
            postings[h].append(d)
    return shingles, postings


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
# After a cited document: "của Bộ Chính trị", a date, then "về <title>" up to the clause's end.
_TITLE_AFTER = re.compile(
    r"^(?:\s*\((?:khóa|khoá)[^)]{1,12}\))?(?:\s*,?\s*(?:ngày\s+)?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})?"
    r"(?:\s*(?:của|do)\s+[^,;.()“\"]{2,60}?)??(?:\s*,?\s*(?:ngày\s+)?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})?"
    r"\s*,?\s*(?P<title>về\s+[^;.()\n]{3,300})", re.IGNORECASE)


# Titles of office in protocol lists ("Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ
# chức Trung ương"): the head of the title, then capitalised words. They name who spoke, not how.
_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯ"
_OFFICE = re.compile(
    r"(?:Phó\s+)?(?:Ủy viên|Uỷ viên|Bí thư|Trưởng [Bb]an|Chủ tịch|Bộ trưởng|Thứ trưởng|Trưởng [Đđ]oàn|"
    r"Thường trực|Chánh [Vv]ăn phòng|Chủ nhiệm|Giám đốc|Tổng Bí thư|Trưởng [Kk]hoa)"
    rf"(?:\s+(?:[{_UPPER}][\w]*|và|dự khuyết|[Tt]hường trực|[Tt]hường vụ))+")


def citation_spans(documents: pd.DataFrame, references: pd.DataFrame | None = None) -> dict[str, list[tuple[int, int]]]:
    """Character spans of each document's text that cite rather than report: the text of every
    reference (``references`` table: "Nghị quyết số 55-NQ/TW", "Hội nghị Trung ương 4 khóa XII"),
    the title that follows a cited document ("... của Bộ Chính trị về đẩy mạnh ...", up to the end
    of the clause), every quoted passage of three words or more ("Học tập và làm theo ..."), and
    titles of office in protocol lists ("Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng").

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ['Tỉnh ủy học tập Chỉ thị 05-CT/TW về đẩy mạnh việc học; '
    ...                      'phát động thi "Đảng, Bác Hồ với quê hương".']})
    >>> refs = pd.DataFrame({"doc_id": ["d"], "start": [16], "end": [32]})
    >>> [docs.text[0][a:b] for a, b in citation_spans(docs, refs)["d"]]
    ['Chỉ thị 05-CT/TW', 'về đẩy mạnh việc học', '"Đảng, Bác Hồ với quê hương"']
    """
    out: dict[str, list[tuple[int, int]]] = {}
    texts = _texts(documents)
    if references is not None and not references.empty:
        for doc_id, start, end in zip(references["doc_id"].astype(str), references["start"], references["end"]):
            text = texts.get(doc_id)
            out.setdefault(doc_id, []).append((int(start), int(end)))
            if text is None:
                continue
            title = _TITLE_AFTER.match(text[int(end):int(end) + 400])
            if title:
                out[doc_id].append((int(end) + title.start("title"), int(end) + title.end("title")))
    for doc_id, text in texts.items():
        if not isinstance(text, str):
            continue
        for m in _QUOTED.finditer(text):
            if len(m.group(1).split()) >= _MIN_QUOTED_WORDS:
                out.setdefault(doc_id, []).append((m.start(), m.end()))
        for m in _OFFICE.finditer(text):
            out.setdefault(doc_id, []).append((m.start(), m.end()))
    return {d: sorted(set(spans)) for d, spans in out.items()}


def _inside(doc: _Doc, spans: list[tuple[int, int]]) -> np.ndarray:
    """Which match units of a document lie inside any of the spans."""
    mask = np.zeros(len(doc.norms), dtype=bool)
    for a, b in spans:
        mask |= (doc.starts >= a) & (doc.ends <= b)
    return mask


def formulaic_share(tokens: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province",
                    n: int = DEFAULT_N, match_on: str = "syllable",
                    references: pd.DataFrame | None = None, exclude_citations: bool = True) -> pd.DataFrame:
    """Per document, the fraction of its tokens inside passages also found in other groups.

    Citations are not the province's language: with ``exclude_citations`` (default), the words of
    :func:`citation_spans` (references, the titles of cited documents, quoted passages; needs the
    ``text`` column of ``documents``, and ``references`` for the codes and titles) are left out
    of both the numerator and the denominator, so that a report which quotes the title of the
    resolution it implements is not "formulaic" for that reason (``n_tokens_cited`` counts them).

    Returns ``doc_id, <grouping>, n_tokens, n_tokens_cited, n_tokens_formulaic, formulaic_share,
    n_tokens_shared, shared_share`` sorted by doc_id. ``formulaic_share`` counts shingles shared with a document
    of another known group and is NaN for a document without a group; ``shared_share`` counts
    shingles shared with any other document. Both are NaN for a document with no token.

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
    groups_of: dict[int, frozenset] = {}  # memo: the known groups of the documents holding a shingle

    def known_groups(h: int) -> frozenset:
        found = groups_of.get(h)
        if found is None:
            found = groups_of[h] = frozenset(groups[o] for o in postings[h] if o in groups)
        return found

    cited_spans = citation_spans(documents, references) if exclude_citations else {}
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
            docs = postings[h]
            if len(docs) < 2:
                continue
            any_other[pos:pos + n] = True
            held_by = known_groups(h)
            if group is not None and len(held_by) > 1:  # d's own group is one of them
                other_group[pos:pos + n] = True
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
                        references: pd.DataFrame | None = None, exclude_citations: bool = True) -> pd.DataFrame:
    """The most widespread formulas: phrases found in many documents of many groups.

    A shingle is widespread when it occurs in at least ``min_documents`` documents of at least
    ``min_groups`` distinct known groups. Within each document, consecutive widespread shingles
    found in exactly the same set of documents are joined into one phrase (so a long formula is
    one row, not a dozen overlapping 6-grams); a phrase's documents and groups are those of its
    shingles, so every row has at least ``min_documents`` documents and ``min_groups`` groups.
    Where the set of documents changes inside a longer phrase, the phrase comes out as two
    overlapping rows ("thực hiện nghị quyết đại hội" in four documents, "hiện nghị quyết đại
    hội xi" in three).

    Citations are not formulas of the province's own: with ``exclude_citations`` (default), no
    shingle may touch a word of :func:`citation_spans` (the references, with ``references``; the
    titles written after them; quoted passages; titles of office; ``documents`` needs ``text``),
    so "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" is not a formula because every
    article cites it.
    Returns ``formula`` (norms joined by spaces), ``n_tokens, n_documents, n_groups, groups``
    ("; "-joined), ``example_doc_id, example_start, example_end, example_text`` (the first
    document, by doc_id, where the phrase occurs), sorted by n_groups, n_documents, n_tokens
    (all descending) then formula; the first ``top`` rows (all with None).

    >>> def toks(d, s):
    ...     return [{"doc_id": d, "position": i, "start": 0, "end": 0, "norm": w} for i, w in enumerate(s.split())]
    >>> t = pd.DataFrame(toks("a", "quyết tâm đưa nghị quyết vào cuộc sống") + toks("b", "sớm đưa nghị quyết vào cuộc sống"))
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "province": ["Nam Định", "Thái Bình"]})
    >>> widespread_formulas(t, docs)[["formula", "n_documents", "n_groups"]].to_dict("records")
    [{'formula': 'đưa nghị quyết vào cuộc sống', 'n_documents': 2, 'n_groups': 2}]
    """
    check_grouping(grouping)
    columns = ["formula", "n_tokens", "n_documents", "n_groups", "groups", "example_doc_id",
               "example_start", "example_end", "example_text"]
    doc_ids = sorted(documents["doc_id"].astype(str).unique())
    groups = doc_groups(documents, grouping).to_dict()
    units = match_sequences(tokens, doc_ids, match_on)
    if exclude_citations:
        cited_spans = citation_spans(documents, references)
        for d, doc in units.items():
            cited = _inside(doc, cited_spans.get(d, []))
            if cited.any():  # a cited word matches nothing: no shingle through it is shared
                norms = list(doc.norms)
                for i in np.flatnonzero(cited):
                    norms[i] = f"\x00{d}\x00{i}"
                units[d] = _Doc(doc.doc_id, norms, doc.starts, doc.ends)
    shingles, postings = _index(units, n)
    texts = _texts(documents)

    widespread: dict[int, bool] = {}  # memo per shingle

    def is_widespread(h: int) -> bool:
        found = widespread.get(h)
        if found is None:
            docs = postings[h]
            found = widespread[h] = (len(docs) >= min_documents and
                                     len({groups[o] for o in docs if o in groups}) >= min_groups)
        return found

    phrase_docs: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    phrase_length: dict[str, int] = {}
    phrase_holders: dict[str, list[str]] = {}  # the documents holding every shingle of the phrase
    for d in doc_ids:
        seq = shingles.get(d, [])
        pos = 0
        while pos < len(seq):
            h = seq[pos]
            if not is_widespread(h):
                pos += 1
                continue
            key = postings[h]
            last = pos
            while last + 1 < len(seq) and postings[seq[last + 1]] == key and is_widespread(seq[last + 1]):
                last += 1
            doc = units[d]
            phrase = " ".join(doc.norms[pos:last + n])
            phrase_length[phrase] = last + n - pos
            phrase_holders[phrase] = key
            phrase_docs[phrase].setdefault(d, (int(doc.starts[pos]), int(doc.ends[last + n - 1])))
            pos = last + 1
    rows = []
    for phrase, where in phrase_docs.items():
        # the documents of its shingles: the phrase may be cut out differently in some of them (a
        # neighbouring shingle shared by other documents there), but it is theirs too
        docs = sorted(phrase_holders[phrase])
        group_names = order_groups({groups[o] for o in docs if o in groups})
        first = min(where)
        s, e = where[first]
        text = texts.get(first)
        rows.append({
            "formula": phrase, "n_tokens": phrase_length[phrase], "n_documents": len(docs),
            "n_groups": len(group_names), "groups": "; ".join(group_names),
            "example_doc_id": first, "example_start": s, "example_end": e,
            "example_text": text[s:e] if isinstance(text, str) else phrase,
        })
    out = pd.DataFrame(rows, columns=columns)
    if out.empty:
        return out
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
