"""Article genre: what an article *is*, so that comparisons do not read genre as behaviour.

Party-press reporting comes in a few fixed genres (news of a congress, of a study conference, a
review of results, the text of a document, contest news, commentary), and each genre has its own
vocabulary: a study-conference report is procedural by construction, a sơ kết/tổng kết review is
where shortcomings and their causes are written down (the self-criticism format of Party
reviews). A province represented only by conference news therefore looks "formalist" and
"uncandid" next to one represented by a review, whatever either province does. This module labels
every document with a genre by documented rules (``analysis/data/genre-rules.yaml``; definitions
in ``docs/codebook.md``, "Article genre") and sets per-document measures beside what their genre leads one to expect
(:func:`genre_adjusted`, :func:`genre_mix`).

Rules, in brief: the units read are the title (when the text does not open with it) and the first
sentences of the lede; the first unit in which any cue matches decides, and within it the genre
listed first in the rules file wins (document, contest, review, dissemination, congress, other,
commentary). Without a cue, the lede's stage codings decide (``so_tong_ket`` -> review,
``quan_triet``/``hoc_tap`` -> dissemination), else ``other``. Every label carries its evidence: the
matched words, where they were (title, lede or codings) and their offsets in the clean text.

Validated against 72 hand-labelled articles of the development corpus
(``analysis/data/validation/genre-labels.csv``; ``analysis.validate_genre``).
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml

from analysis.config import data_file
from analysis.params import check_choice
from analysis.read import fold, split_sentences

from ._common import (MIN_DOCUMENTS, add_members, bootstrap_means, check_grouping, doc_groups, interval_label,
                      percentile_interval, sort_by_group, stable_seed)
from .candour import document_candour
from .formalism import document_formalism

__all__ = ["GENRES", "MIN_GENRE_DOCUMENTS", "genre_rules", "document_genre", "document_genres",
           "genre_mix", "genre_means", "genre_adjusted", "group_genre_adjusted", "genre_comparison"]

# A genre needs this many documents with a defined value in the corpus before its mean is used to
# adjust: below it, the genre's mean is mostly the documents themselves, and they stay unadjusted.
MIN_GENRE_DOCUMENTS = 5


@dataclass(frozen=True)
class _Genre:
    name: str
    gloss: str
    cues: tuple[re.Pattern, ...]
    title_only: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class GenreRules:
    """The parsed rules file: genres in precedence order, lede size, the codings fallback."""

    genres: tuple[_Genre, ...]
    lede_sentences: int
    min_words: int
    codings_fallback: tuple[tuple[str, str, str], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(g.name for g in self.genres)


@lru_cache(maxsize=None)
def genre_rules() -> GenreRules:
    """Load ``analysis/data/genre-rules.yaml`` (cached).

    >>> genre_rules().names
    ('document', 'contest', 'review', 'dissemination', 'congress', 'other', 'commentary')
    """
    raw = yaml.safe_load(data_file("genre_rules").read_text(encoding="utf-8"))
    genres = []
    for entry in raw["genres"]:
        genres.append(_Genre(entry["name"], entry.get("gloss", ""),
                             tuple(re.compile(fold(c)) for c in entry.get("cues", [])),
                             tuple(re.compile(fold(c)) for c in entry.get("title_only", []))))
    fallback = tuple((f["category"], f["code"], f["genre"]) for f in raw.get("codings_fallback", []))
    names = [g.name for g in genres]
    if "other" not in names or len(set(names)) != len(names):
        raise ValueError("genre-rules.yaml: genres must be unique and include 'other'")
    bad = [g for _, _, g in fallback if g not in names]
    if bad:
        raise ValueError(f"genre-rules.yaml: codings_fallback names unknown genres {bad}")
    return GenreRules(tuple(genres), int(raw.get("lede_sentences", 3)), int(raw.get("min_words", 5)), fallback)


GENRES = genre_rules().names

_WORD = re.compile(r"[^\W\d_]+")


def _units(title: object, text: str, sentences: list[tuple[int, int, int]], rules: GenreRules):
    """(part, unit text, offset of the unit in text or None, sentence_index) in reading order.

    The title comes first. When the text contains it near the top, the lede is the substantive
    sentences after it (site banners and date lines above a title are not the lede); otherwise
    the lede is the first substantive sentences of the text.
    """
    units = []
    lede_from = 0
    if isinstance(title, str) and title.strip():
        clean = title.strip()
        at = fold(text[: len(clean) + 400]).find(fold(clean))
        units.append(("title", clean, at if at >= 0 else None, None))
        if at >= 0:
            lede_from = at + len(clean)
    lede = 0
    for index, start, end in sentences:
        if end <= lede_from:
            continue
        start = max(start, lede_from)
        chunk = text[start:end]
        if len(_WORD.findall(chunk)) < rules.min_words:
            continue
        units.append(("lede", chunk, start, index))
        lede += 1
        if lede == rules.lede_sentences:
            break
    return units


def _match(unit: str, part: str, rules: GenreRules):
    folded = fold(unit)
    for genre in rules.genres:
        patterns = genre.cues + (genre.title_only if part == "title" else ())
        for pattern in patterns:
            m = pattern.search(folded)
            if m:
                return genre.name, m, pattern.pattern
    return None


def document_genre(text: str, title: object = None, sentences: list[tuple[int, int, int]] | None = None,
                   lede_codes: list[tuple[int, str, str]] | None = None) -> dict:
    """The genre of one document and its evidence.

    ``sentences`` are ``(sentence_index, start, end)`` in ``text`` (split here when None);
    ``lede_codes`` are ``(sentence_index, category, code)`` codings, used only when no cue matches.
    Returns ``genre, genre_evidence`` (the matched words), ``evidence_part`` ("title", "lede",
    "codings" or "none"), ``evidence_start, evidence_end`` (offsets in ``text``, None when the
    title is not part of the text or nothing matched) and ``genre_rule`` (the cue).

    >>> document_genre("Sáng 7-9, Tỉnh ủy tổ chức Hội nghị sơ kết 3 năm thực hiện Nghị quyết.")["genre"]
    'review'
    >>> r = document_genre("Sáng 5/6, Huyện ủy tổ chức hội nghị học tập, quán triệt Nghị quyết Đại hội.")
    >>> r["genre"], r["genre_evidence"], r["evidence_part"]
    ('dissemination', 'tổ chức hội nghị học tập', 'lede')
    >>> document_genre("Chiều 3/10, Đại hội đại biểu Đảng bộ tỉnh lần thứ XX bế mạc sau ba ngày làm việc.")["genre"]
    'congress'
    >>> document_genre("Ảnh minh họa.")["genre"], document_genre("Ảnh minh họa.")["evidence_part"]
    ('other', 'none')
    """
    rules = genre_rules()
    if sentences is None:
        sentences = [(i, s.start, s.end) for i, s in enumerate(split_sentences(text))]
    units = _units(title, text, sentences, rules)
    for part, unit, offset, _index in units:
        found = _match(unit, part, rules)
        if found:
            genre, m, rule = found
            start = offset + m.start() if offset is not None else None
            end = offset + m.end() if offset is not None else None
            return {"genre": genre, "genre_evidence": unit[m.start():m.end()], "evidence_part": part,
                    "evidence_start": start, "evidence_end": end, "genre_rule": rule}
    lede_index = {i for part, _, _, i in units if i is not None}
    carried = {(c, k) for i, c, k in (lede_codes or []) if i in lede_index}
    for category, code, genre in rules.codings_fallback:
        if (category, code) in carried:
            return {"genre": genre, "genre_evidence": f"{category}:{code}", "evidence_part": "codings",
                    "evidence_start": None, "evidence_end": None, "genre_rule": f"codings {category}:{code}"}
    return {"genre": "other", "genre_evidence": "", "evidence_part": "none", "evidence_start": None,
            "evidence_end": None, "genre_rule": "no cue"}


GENRE_COLUMNS = ["doc_id", "genre", "genre_evidence", "evidence_part", "evidence_start", "evidence_end",
                 "genre_rule"]


def document_genres(documents: pd.DataFrame, sentences: pd.DataFrame | None = None,
                    codings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: ``doc_id`` and the columns of :func:`document_genre`, sorted by doc_id.

    ``documents`` needs ``doc_id`` and ``text`` (``title`` is used when present); ``sentences``
    (the built table) saves re-splitting; ``codings`` enables the stage fallback.

    >>> docs = pd.DataFrame({"doc_id": ["b", "a"], "title": [None, "Xã A trao giải cuộc thi tìm hiểu Nghị quyết"],
    ...                      "text": ["Sáng 2/3, Tỉnh ủy tổ chức hội nghị quán triệt Chỉ thị 35 của Bộ Chính trị.",
    ...                               "Xã A trao giải cuộc thi tìm hiểu Nghị quyết\\n\\nSáng nay, xã A trao giải."]})
    >>> document_genres(docs)[["doc_id", "genre", "evidence_part"]].to_dict("records")
    [{'doc_id': 'a', 'genre': 'contest', 'evidence_part': 'title'}, {'doc_id': 'b', 'genre': 'dissemination', 'evidence_part': 'lede'}]
    """
    by_doc_sentences: dict[str, list[tuple[int, int, int]]] = {}
    if sentences is not None and not sentences.empty:
        ordered = sentences.sort_values(["doc_id", "sentence_index"], kind="stable")
        for doc_id, part in ordered.groupby("doc_id", sort=False):
            by_doc_sentences[str(doc_id)] = list(zip(part["sentence_index"].astype(int),
                                                     part["start"].astype(int), part["end"].astype(int)))
    by_doc_codes: dict[str, list[tuple[int, str, str]]] = {}
    if codings is not None and not codings.empty:
        for doc_id, part in codings.groupby("doc_id", sort=False):
            by_doc_codes[str(doc_id)] = list(zip(part["sentence_index"].astype(int), part["category"].astype(str),
                                                 part["code"].astype(str)))
    rows = []
    titles = documents["title"] if "title" in documents.columns else pd.Series([None] * len(documents))
    for doc_id, text, title in zip(documents["doc_id"].astype(str), documents["text"], titles):
        text = text if isinstance(text, str) else ""
        row = document_genre(text, title if isinstance(title, str) else None, by_doc_sentences.get(doc_id),
                             by_doc_codes.get(doc_id))
        rows.append({"doc_id": doc_id, **row})
    out = pd.DataFrame(rows, columns=GENRE_COLUMNS)
    for col in ("evidence_start", "evidence_end"):
        out[col] = pd.array(out[col], dtype="Int64")
    return out.sort_values("doc_id", kind="stable").reset_index(drop=True)


# --- genre mix and genre-adjusted comparisons ------------------------------------------------------

def genre_mix(genres: pd.DataFrame, documents: pd.DataFrame, grouping: str = "province") -> pd.DataFrame:
    """Documents per genre in each group: ``<grouping>, n_documents, genre_mix`` (e.g. "congress 2,
    congress 1", largest first, ties in the order of the rules) and one ``n_<genre>`` column per genre, sorted by group.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "province": ["X", "X", "Y"]})
    >>> g = pd.DataFrame({"doc_id": ["a", "b", "c"], "genre": ["review", "congress", "review"]})
    >>> genre_mix(g, docs)[["province", "n_documents", "genre_mix", "n_review"]].to_dict("records")
    [{'province': 'X', 'n_documents': 2, 'genre_mix': 'review 1, congress 1', 'n_review': 1}, {'province': 'Y', 'n_documents': 1, 'genre_mix': 'review 1', 'n_review': 1}]
    """
    check_grouping(grouping)
    groups = doc_groups(documents, grouping)
    table = genres.assign(**{grouping: genres["doc_id"].map(groups)}).dropna(subset=[grouping])
    columns = [grouping, "n_documents", "genre_mix"] + [f"n_{g}" for g in GENRES]
    if table.empty:
        return add_members(pd.DataFrame(columns=columns), grouping, documents)
    counts = table.groupby([grouping, "genre"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(GENRES), fill_value=0)
    out = pd.DataFrame({grouping: counts.index, "n_documents": counts.sum(axis=1).to_numpy(),
                        "genre_mix": [_mix_label(row) for _, row in counts.iterrows()]})
    for genre in GENRES:
        out[f"n_{genre}"] = counts[genre].to_numpy().astype(int)
    out = sort_by_group(out[columns], [grouping], grouping)
    return add_members(out, grouping, documents)


def _mix_label(counts: pd.Series) -> str:
    items = [(int(n), g) for g, n in counts.items() if n]
    return ", ".join(f"{g} {n}" for n, g in sorted(items, key=lambda x: (-x[0], GENRES.index(x[1]))))


def genre_means(doc_values: pd.DataFrame, genres: pd.DataFrame, value: str,
                min_documents: int = MIN_GENRE_DOCUMENTS) -> pd.DataFrame:
    """The reference for adjustment: per genre, ``n_documents``, ``n_defined`` (documents with a
    value), ``mean`` and ``adjusts`` (at least ``min_documents`` defined values), over every
    document of ``doc_values`` (pass the whole corpus, not the provinces being compared).

    >>> vals = pd.DataFrame({"doc_id": list("abc"), "candour": [0.2, 0.4, float("nan")]})
    >>> g = pd.DataFrame({"doc_id": list("abc"), "genre": ["review"] * 3})
    >>> genre_means(vals, g, "candour", min_documents=2).to_dict("records")
    [{'genre': 'review', 'n_documents': 3, 'n_defined': 2, 'mean': 0.30000000000000004, 'adjusts': True}]
    """
    table = doc_values[["doc_id", value]].merge(genres[["doc_id", "genre"]], on="doc_id", how="left")
    table["genre"] = table["genre"].fillna("other")
    rows = []
    for genre, part in table.groupby("genre", sort=False):
        defined = part[value].dropna().to_numpy(dtype=float)
        rows.append({"genre": genre, "n_documents": len(part), "n_defined": len(defined),
                     "mean": float(defined.mean()) if len(defined) else np.nan,
                     "adjusts": len(defined) >= min_documents})
    out = pd.DataFrame(rows, columns=["genre", "n_documents", "n_defined", "mean", "adjusts"])
    order = {g: i for i, g in enumerate(GENRES)}
    return out.sort_values("genre", key=lambda s: s.map(order).fillna(len(order)), kind="stable").reset_index(drop=True)


def genre_adjusted(doc_values: pd.DataFrame, genres: pd.DataFrame, value: str,
                   min_documents: int = MIN_GENRE_DOCUMENTS) -> pd.DataFrame:
    """Each document's ``value`` beside what its genre leads one to expect.

    ``<value>_expected`` is the mean of the document's genre over the documents of
    ``doc_values`` with a defined value (pass the whole corpus), and ``<value>_excess`` is
    ``value - <value>_expected``: above 0, the document scores higher than its genre usually
    does. Both stay on the scale of the measure (an expectation is a mean of values in [0, 1],
    an excess lies in [-1, 1]), which an additive "adjusted value" would not. A document of a
    genre with fewer than ``min_documents`` defined values is its own expectation (``adjusted``
    False, excess 0): its genre's mean would be mostly itself. Undefined stays undefined.
    Returns ``doc_id, genre, <value>, genre_mean, <value>_expected, <value>_excess, adjusted``,
    sorted by doc_id.

    >>> vals = pd.DataFrame({"doc_id": list("abcd"), "candour": [0.0, 0.2, 0.6, 0.8]})
    >>> g = pd.DataFrame({"doc_id": list("abcd"), "genre": ["congress", "congress", "review", "review"]})
    >>> genre_adjusted(vals, g, "candour", min_documents=2)[["doc_id", "candour_expected", "candour_excess"]].round(2).to_dict("records")
    [{'doc_id': 'a', 'candour_expected': 0.1, 'candour_excess': -0.1}, {'doc_id': 'b', 'candour_expected': 0.1, 'candour_excess': 0.1}, {'doc_id': 'c', 'candour_expected': 0.7, 'candour_excess': -0.1}, {'doc_id': 'd', 'candour_expected': 0.7, 'candour_excess': 0.1}]
    """
    means = genre_means(doc_values, genres, value, min_documents).set_index("genre")
    table = doc_values[["doc_id", value]].merge(genres[["doc_id", "genre"]], on="doc_id", how="left")
    table["genre"] = table["genre"].fillna("other")
    table["genre_mean"] = table["genre"].map(means["mean"]).astype(float)
    table["adjusted"] = table["genre"].map(means["adjusts"]).fillna(False).astype(bool)
    expected = np.where(table["adjusted"], table["genre_mean"], table[value]).astype(float)
    table[f"{value}_expected"] = np.where(table[value].notna(), expected, np.nan)
    table[f"{value}_excess"] = table[value] - table[f"{value}_expected"]
    columns = ["doc_id", "genre", value, "genre_mean", f"{value}_expected", f"{value}_excess", "adjusted"]
    return table[columns].sort_values("doc_id", kind="stable").reset_index(drop=True)


def group_genre_adjusted(doc_values: pd.DataFrame, genres: pd.DataFrame, documents: pd.DataFrame, value: str,
                         grouping: str = "province", min_documents: int = MIN_GENRE_DOCUMENTS,
                         n_boot: int = 2000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Each group's mean ``value`` beside what its genre mix leads one to expect (indirect
    standardisation, in differences).

    ``doc_values`` and ``genres`` cover the reference corpus (the genre means come from all of
    them); ``documents`` says which documents are grouped and how (e.g. only the provinces being
    compared). Returns ``<grouping>, n_documents, genre_mix, n_defined, <value>`` (mean over the
    defined documents), ``<value>_expected`` (the mean of their genres' corpus means: what a
    province with this genre mix scores if it reports like the corpus within each genre),
    ``<value>_excess`` (observed - expected, in [-1, 1]: above 0, more than its genres lead one to
    expect), ``interval`` (of the excess: "[-0.20, 0.10]", "n=2", "all 4 at 0.00"),
    ``n_unadjusted`` (defined documents of genres with fewer than ``min_documents`` defined
    values in the corpus: their own expectation, excess 0), ``ci_low, ci_high`` (seeded
    percentile bootstrap of the excess over documents) and ``ci_shown`` (from ``MIN_DOCUMENTS``
    defined documents), sorted by group.

    >>> vals = pd.DataFrame({"doc_id": list("abcd"), "candour": [0.0, 0.2, 0.6, 0.8]})
    >>> g = pd.DataFrame({"doc_id": list("abcd"), "genre": ["congress", "congress", "review", "review"]})
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "province": ["X", "X", "Y", "Y"]})
    >>> out = group_genre_adjusted(vals, g, docs, "candour", min_documents=2, n_boot=50)
    >>> out[["province", "candour", "candour_expected", "candour_excess"]].round(2).to_dict("records")
    [{'province': 'X', 'candour': 0.1, 'candour_expected': 0.1, 'candour_excess': 0.0}, {'province': 'Y', 'candour': 0.7, 'candour_expected': 0.7, 'candour_excess': 0.0}]
    """
    check_grouping(grouping)
    adjusted = genre_adjusted(doc_values, genres, value, min_documents)
    groups = doc_groups(documents, grouping)
    table = adjusted.assign(**{grouping: adjusted["doc_id"].map(groups)}).dropna(subset=[grouping])
    mix = genre_mix(genres[genres["doc_id"].isin(table["doc_id"])], documents, grouping).set_index(grouping)
    columns = [grouping, "n_documents", "genre_mix", "n_defined", value, f"{value}_expected", f"{value}_excess",
               "interval", "n_unadjusted", "ci_low", "ci_high", "ci_shown"]
    rows = []
    for group, part in table.groupby(grouping, sort=True):
        part = part.sort_values("doc_id")
        defined = part.dropna(subset=[value])
        raw = defined[value].to_numpy(dtype=float)
        excess = defined[f"{value}_excess"].to_numpy(dtype=float)
        reps = bootstrap_means(excess, n_boot, stable_seed(seed, grouping, group, "genre-adjusted"))
        low, high = percentile_interval(reps, ci)
        n = len(excess)
        rows.append({
            grouping: group, "n_documents": len(part), "genre_mix": mix.loc[group, "genre_mix"],
            "n_defined": n, value: float(raw.mean()) if n else np.nan,
            f"{value}_expected": float(defined[f"{value}_expected"].mean()) if n else np.nan,
            f"{value}_excess": float(excess.mean()) if n else np.nan,
            "n_unadjusted": int((~defined["adjusted"]).sum()),
            "ci_low": float(low[0]) if n else np.nan, "ci_high": float(high[0]) if n else np.nan,
            "ci_shown": n >= MIN_DOCUMENTS,
            "interval": interval_label(float(low[0]), float(high[0]), n) if n else "n=0",
        })
    out = sort_by_group(pd.DataFrame(rows, columns=columns), [grouping], grouping)
    return add_members(out, grouping, documents)


def genre_comparison(documents: pd.DataFrame, codings: pd.DataFrame, genres: pd.DataFrame,
                     measure: str = "candour", grouping: str = "province", compared: pd.DataFrame | None = None,
                     min_documents: int = MIN_GENRE_DOCUMENTS, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Candour or formalism per group, observed beside what the group's genre mix leads one to
    expect, in one call for the notebooks.

    ``documents``, ``codings`` and ``genres`` are the whole corpus (the reference for the genre
    means); ``compared`` (default: all of ``documents``) the documents whose groups are shown.
    See :func:`group_genre_adjusted` for the columns.
    """
    check_choice("measure", measure, ("candour", "formalism"), "measure")
    values = (document_candour(documents, codings) if measure == "candour"
              else document_formalism(documents, codings))
    return group_genre_adjusted(values, genres, compared if compared is not None else documents, measure,
                                grouping=grouping, min_documents=min_documents, n_boot=n_boot, seed=seed)


# --- validation against hand labels ----------------------------------------------------------------

# The draw of analysis/data/validation/genre-labels.csv (protocol in genre-labels.md): 72 of the
# development corpus's lines, the first 24 drawn frozen as held-out.
GENRE_SEED = 20261203
GENRE_SIZE = 72
GENRE_HELDOUT = 24
GENRE_LABEL_COLUMNS = ["id", "split", "line", "url", "sha256", "genre", "coder", "coded_on"]


def draw_genre_sample(n_lines: int, seed: int = GENRE_SEED, size: int = GENRE_SIZE) -> list[int]:
    """The 1-based line numbers drawn for the genre labels, in draw order.

    >>> draw_genre_sample(182)[:3]
    [33, 12, 45]
    """
    return random.Random(seed).sample(range(1, n_lines + 1), size)


def article_sha256(text: str) -> str:
    """SHA-256 of an article's ``text`` field as stored (UTF-8, no normalisation).

    >>> article_sha256("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_genre_labels(path=None) -> pd.DataFrame:
    """The hand-labelled genres (references only), checked: known columns, genres and splits."""
    table = pd.read_csv(path or data_file("genre_labels"), dtype={"line": int}, keep_default_na=False)
    if list(table.columns) != GENRE_LABEL_COLUMNS:
        raise ValueError(f"genre labels: columns {list(table.columns)}, expected {GENRE_LABEL_COLUMNS}")
    unknown = sorted(set(table["genre"]) - set(GENRES))
    if unknown:
        raise ValueError(f"genre labels: unknown genres {unknown}; valid: {', '.join(GENRES)}")
    return table


def match_labels(labels: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``labels`` with the ``doc_id`` of their document: by URL first, else by line of
    ``articles.jsonl`` (the documents' ``path`` "articles.jsonl#L33"); unmatched rows get None."""
    by_url = {}
    if "url" in documents.columns:
        by_url = {u: d for u, d in zip(documents["url"], documents["doc_id"]) if isinstance(u, str) and u}
    by_line = {}
    if "path" in documents.columns:
        for p, d in zip(documents["path"].astype(str), documents["doc_id"]):
            m = re.search(r"#L(\d+)$", p)
            if m:
                by_line.setdefault(int(m.group(1)), d)
    ids = [by_url.get(u) or by_line.get(int(line)) for u, line in zip(labels["url"], labels["line"])]
    return labels.assign(doc_id=ids)


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two labelings of the same items (NaN when chance agreement is 1).

    >>> cohen_kappa(["x", "x", "y", "y"], ["x", "x", "y", "x"])
    0.5
    """
    a, b = pd.Series(list(a)), pd.Series(list(b))
    if len(a) == 0:
        return float("nan")
    observed = float((a.to_numpy() == b.to_numpy()).mean())
    pa, pb = a.value_counts(normalize=True), b.value_counts(normalize=True)
    expected = float(sum(pa.get(k, 0.0) * pb.get(k, 0.0) for k in set(pa.index) | set(pb.index)))
    return float("nan") if expected == 1 else (observed - expected) / (1 - expected)


def genre_agreement(labels: pd.DataFrame, genres: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Rules against hand labels, per split and over all: ``split, n, n_matched, n_agree, accuracy,
    kappa`` (labels whose article is not among ``documents`` are counted in ``n`` only).

    >>> docs = pd.DataFrame({"doc_id": ["d1", "d2"], "url": ["u1", "u2"], "path": ["a#L1", "a#L2"]})
    >>> lab = pd.DataFrame({"split": ["dev", "dev"], "line": [1, 2], "url": ["u1", "u2"], "genre": ["review", "congress"]})
    >>> g = pd.DataFrame({"doc_id": ["d1", "d2"], "genre": ["review", "review"]})
    >>> genre_agreement(lab, g, docs)[["split", "n", "n_agree", "accuracy"]].to_dict("records")
    [{'split': 'dev', 'n': 2, 'n_agree': 1, 'accuracy': 0.5}, {'split': 'all', 'n': 2, 'n_agree': 1, 'accuracy': 0.5}]
    """
    matched = match_labels(labels, documents)
    auto = genres.set_index("doc_id")["genre"]
    matched["auto"] = matched["doc_id"].map(auto)
    rows = []
    splits = [s for s in ("dev", "heldout") if s in set(matched["split"])] + ["all"]
    for split in splits:
        part = matched if split == "all" else matched[matched["split"] == split]
        found = part.dropna(subset=["auto"])
        agree = int((found["genre"] == found["auto"]).sum())
        rows.append({"split": split, "n": len(part), "n_matched": len(found), "n_agree": agree,
                     "accuracy": agree / len(found) if len(found) else np.nan,
                     "kappa": cohen_kappa(found["genre"], found["auto"])})
    return pd.DataFrame(rows, columns=["split", "n", "n_matched", "n_agree", "accuracy", "kappa"])
