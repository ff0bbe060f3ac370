"""Dictionary coding of sentences with the codebook, and per-document densities.

Matching works on the word tokens of :mod:`analysis.coding.tokens`:

- a term is a sequence of folded syllables ("học tập" -> ``("học", "tập")``), compared with the
  syllables of the sentence's tokens, so it matches whether underthesea joined the compound
  into one token or not, and whatever the case or tone-mark style ("Hoà" = "hòa");
- a one-syllable term must be a whole token unless the codebook says otherwise, so "xã" does
  not match inside the word "xã hội" and "cần" not inside "cần thiết";
- ``requires`` / ``excludes`` / ``excludes_near`` give context conditions (in which ``#`` stands
  for any number: "thứ năm, #" is a weekday in a date line), ``at_start`` keeps a
  term to the opening words of the sentence (after any bullet or list number: "- ", "1.", "a)"),
  ``suppressed_by`` drops a code from sentences in which another code matched;
- within a category, a match lying inside a longer match of the same category is dropped
  ("cán bộ chủ chốt" is a key cadre, not also a generic "cán bộ"; "chỉ đạt" is a limitation,
  not an achievement).

Every match becomes one record with the offsets of the matched text in the clean document
text, so any count can be traced back to its quotation.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from .codebook import Code, Codebook, Term, load_codebook
from .tokens import Token, tokenize_sentences

__all__ = ["code_sentences", "code_text", "codes_per_sentence", "densities", "SentenceView", "group_tokens",
           "CODING_COLUMNS", "CITED_TITLE_CATEGORIES", "drop_inside_cited_titles"]

CODING_COLUMNS = ["sentence_index", "category", "code", "term", "match", "start", "end"]


# --------------------------------------------------------------------------- matching

class SentenceView:
    """The syllables of one sentence with their offsets and token boundaries."""

    __slots__ = ("syl", "starts", "ends", "tok_start", "tok_end", "first", "_occ", "_positions")

    def __init__(self, tokens: Sequence[Token]):
        syl: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        tok_start: list[bool] = []
        tok_end: list[bool] = []
        for tok in tokens:
            if " " not in tok.text:  # one syllable (most tokens): skip the regex
                syl.append(tok.norm)
                starts.append(tok.start)
                ends.append(tok.end)
                tok_start.append(True)
                tok_end.append(True)
                continue
            pieces = [(m.start(), m.end()) for m in re.finditer(r"\S+", tok.text)]
            for k, (a, b) in enumerate(pieces):
                syl.append(tok.norm[a:b])
                starts.append(tok.start + a)
                ends.append(tok.start + b)
                tok_start.append(k == 0)
                tok_end.append(k == len(pieces) - 1)
        self.syl, self.starts, self.ends = syl, starts, ends
        self.tok_start, self.tok_end = tok_start, tok_end
        self.first = _first_word(syl)
        self._occ: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        self._positions: dict[str, list[int]] | None = None

    def fits(self, i: int, syllables: tuple[str, ...], whole_token: bool) -> bool:
        j = i + len(syllables)
        if j > len(self.syl):
            return False
        if tuple(self.syl[i:j]) != syllables and not (
                NUMBER in syllables and all(p == s or (p == NUMBER and _DIGIT.search(s))
                                            for p, s in zip(syllables, self.syl[i:j]))):
            return False
        return not whole_token or (self.tok_start[i] and self.tok_end[j - 1])

    def occurrences(self, phrase: tuple[str, ...]) -> list[tuple[int, int]]:
        """Syllable spans [i, j) where a context phrase occurs (whole token if one syllable)."""
        found = self._occ.get(phrase)
        if found is None:
            if self._positions is None:  # built once per sentence, on the first context lookup
                self._positions = {}
                for i, syllable in enumerate(self.syl):
                    self._positions.setdefault(syllable, []).append(i)
                    if _DIGIT.search(syllable):
                        self._positions.setdefault(NUMBER, []).append(i)
            whole = len(phrase) == 1
            found = [(i, i + len(phrase)) for i in self._positions.get(phrase[0], ())
                     if self.fits(i, phrase, whole)]
            self._occ[phrase] = found
        return found


NUMBER = "#"  # in a context phrase, stands for any syllable with a digit ("20", "20/01/2022", "5,2")
_DIGIT = re.compile(r"\d")
_NO_LETTER = re.compile(r"^[\W\d_]+$")
_LIST_MARK = re.compile(r"^(?:[a-zđ]|[ivx]+)[.)]?$")


# A connective that links a sentence to the one before ("Cùng với đó, tăng cường ...") leaves the
# verb after it at the start of the clause: a task list goes on after it as it began.
OPENING_CONNECTIVES = tuple(tuple(c.split()) for c in (
    "cùng với đó", "bên cạnh đó", "đồng thời", "ngoài ra", "mặt khác", "theo đó", "tiếp đó",
    "song song với đó", "trên cơ sở đó", "từ đó", "qua đó"))


def _first_word(syl: Sequence[str]) -> int:
    """Index of the sentence's first word after a leading bullet or list number ("-", "+", "1.",
    "2)", "a)", "II.", "(3)") and an opening connective ("Cùng với đó,", "Đồng thời"): what a
    term marked ``at_start`` must begin with.

    >>> _first_word(["-", "đồng", "thời", ",", "tăng", "cường"])
    4
    """
    i = 0
    while i < len(syl):
        if _NO_LETTER.match(syl[i]):
            i += 1
        elif _LIST_MARK.match(syl[i]) and (syl[i][-1] in ".)" or (i + 1 < len(syl) and syl[i + 1] in (".", ")"))):
            i += 1
        else:
            break
    for connective in OPENING_CONNECTIVES:
        if tuple(syl[i:i + len(connective)]) == connective:
            i += len(connective)
            if i < len(syl) and syl[i] == ",":
                i += 1
            break
    return i


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Syllables strictly between two spans (0 when they touch or overlap)."""
    return max(b[0] - a[1], a[0] - b[1], 0)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _near(view: SentenceView, span, phrases, window: int | None) -> bool:
    for phrase in phrases:
        for occ in view.occurrences(phrase):
            if window is None or _gap(span, occ) <= window:
                return True
    return False


def _excluded(view: SentenceView, span, phrases) -> bool:
    return any(_overlaps(span, occ) for phrase in phrases for occ in view.occurrences(phrase))


def _match_sentence(view: SentenceView, codebook: Codebook, use_model: bool = True,
                    vetoed: set | None = None) -> list[tuple[Code, Term, int, int]]:
    """Codebook matches of one sentence (voice decided by the model when it fits the codebook).
    ``vetoed`` collects the voice codes a term was found for but excluded by its context: the
    codebook's explicit decision that the sentence does not carry that code."""
    return _match_sentences([view], codebook, use_model, vetoed)[0]


def _match_sentences(views: Sequence[SentenceView], codebook: Codebook, use_model: bool = True,
                     vetoed: set | None = None) -> list[list[tuple[Code, Term, int, int]]]:
    """:func:`_match_sentence` for the sentences of one document: the voice model decides them in
    one batch (a tree ensemble's cost is mostly per call, not per row)."""
    matched = [_codebook_matches(view, codebook) for view in views]
    if vetoed is not None:
        for _, excluded in matched:
            vetoed.update(excluded)
    model = _voice_model_for(codebook) if use_model else None
    if model is None:
        return [kept for kept, _ in matched]
    from .voice_model import sentence_features
    features = [sentence_features(view.syl, view.first,
                                  [(c.name, t.text, a, b) for c, t, a, b in kept if c.category == "voice"])
                for view, (kept, _) in zip(views, matched)]
    decisions = model.decide_many(features)
    return [_decide_voice(view, kept, codebook, feats, decided, excluded)
            for view, (kept, excluded), feats, decided in zip(views, matched, features, decisions)]


def _codebook_matches(view: SentenceView, codebook: Codebook) -> tuple[list[tuple[Code, Term, int, int]], set[str]]:
    """The codebook's matches of one sentence and the voice codes it excluded there."""
    hits: list[tuple[Code, Term, int, int]] = []
    excluded_codes: set[str] = set()
    for i, first in enumerate(view.syl):
        for code, term in codebook._by_first.get(first, ()):
            if (term.at_start and i != view.first) or not view.fits(i, term.syllables, term.whole_token):
                continue
            span = (i, i + len(term.syllables))
            if term.requires and not _near(view, span, term.requires, term.requires_window):
                continue
            if (_excluded(view, span, term.excludes) or _excluded(view, span, code.excludes)
                    or (term.excludes_near and _near(view, span, term.excludes_near, term.near_window))
                    or (code.excludes_near and _near(view, span, code.excludes_near, code.near_window))):
                if code.category == "voice":
                    excluded_codes.add(code.name)
                continue
            hits.append((code, term, span[0], span[1]))
    # Within a category, drop a match that lies inside a longer match (or repeats an equal one
    # of the same code, e.g. two terms of one code on the same words).
    kept = []
    for h in hits:
        code, _, a, b = h
        dominated = False
        for other in hits:
            if other is h or other[0].category != code.category:
                continue
            oa, ob = other[2], other[3]
            if oa <= a and b <= ob and (ob - oa > b - a):
                dominated = True
                break
        if not dominated:
            kept.append(h)
    present = {code.name for code, _, _, _ in kept}
    kept = [h for h in kept if not any(s in present for s in h[0].suppressed_by)]
    excluded_codes -= {code.name for code, _, _, _ in kept}
    return kept, excluded_codes


_MODELS: dict[int, tuple[Codebook, object]] = {}


def _voice_model_for(codebook: Codebook):
    """The voice model if it was trained on this codebook's voice terms, else None (a codebook
    without voice, or another codebook, keeps its own voice terms)."""
    entry = _MODELS.get(id(codebook))
    if entry is None or entry[0] is not codebook:
        from .voice_model import codebook_fingerprint, load_voice_model
        model = None
        if any(c.category == "voice" for c in codebook.codes):
            candidate = load_voice_model()
            model = candidate if candidate.codebook_sha256 == codebook_fingerprint(codebook) else None
        entry = _MODELS[id(codebook)] = (codebook, model)
    return entry[1]


def _decide_voice(view: SentenceView, hits: list, codebook: Codebook, features: dict, decided: dict,
                  vetoed: set[str]) -> list:
    """Voice codes as the model decided them (``decided``: code -> evidence feature): a code it
    assigns keeps the codebook's matches as evidence, or, with none, points at the words that
    weighed most; a matched code it rejects is dropped; a code the codebook explicitly excluded in
    this sentence (and matched nowhere else in it) is not assigned."""
    chosen = {code: f for code, f in decided.items() if code not in vetoed}
    out = [h for h in hits if h[0].category != "voice" or h[0].name in chosen]
    for code, feature in chosen.items():
        if any(h[0].name == code for h in out):
            continue
        a, b = features[feature]
        words = " ".join(view.syl[a:b])
        out.append((codebook.code(code), Term(text=f"model: {words}", syllables=tuple(view.syl[a:b]),
                                              whole_token=False), a, b))
    return out


def group_tokens(sentences: Sequence, tokens) -> list[list[Token]]:
    """Accept tokens per sentence (list of lists) or one flat list, return per sentence."""
    tokens = list(tokens)
    if len(tokens) == len(sentences) and all(isinstance(t, (list, tuple)) for t in tokens):
        return [list(t) for t in tokens]
    flat = [t for t in tokens if isinstance(t, Token)]
    grouped: list[list[Token]] = [[] for _ in sentences]
    k = 0
    for si, s in enumerate(sentences):
        while k < len(flat) and flat[k].end <= s.start:
            k += 1
        while k < len(flat) and flat[k].start < s.end:
            grouped[si].append(flat[k])
            k += 1
    return grouped


def code_sentences(text: str, sentences: Sequence, tokens=None, codebook: Codebook | None = None,
                   use_model: bool = True) -> list[dict]:
    """Code every sentence of one document; one record per matched term.

    ``sentences`` are objects with ``index``, ``start``, ``end`` (``analysis.read.sentences.Sentence``);
    ``tokens`` are the word tokens per sentence (``tokenize_sentences``) or one flat list (they are
    computed when None). Records have keys ``sentence_index, category, code, term, match, start,
    end``: ``term`` is the codebook term, ``match`` the text as written, ``start``/``end`` its
    offsets in ``text``. Records are sorted by position; a document without sentences gives [].
    Use :func:`codes_per_sentence` to count sentences rather than matches.

    >>> from analysis.read.sentences import split_sentences
    >>> doc = "Tỉnh ủy đã quán triệt Nghị quyết. Một số nơi chưa là đảng viên."
    >>> [(r["sentence_index"], r["code"], r["match"]) for r in code_sentences(doc, split_sentences(doc))]
    [(0, 'tinh', 'Tỉnh ủy'), (0, 'quan_triet', 'quán triệt')]
    """
    codebook = codebook or load_codebook()
    sentences = list(sentences)
    if not sentences:
        return []
    per_sentence = tokenize_sentences(text, sentences) if tokens is None else group_tokens(sentences, tokens)
    order = {code.name: k for k, code in enumerate(codebook.codes)}
    records: list[dict] = []
    views = [SentenceView(toks) for toks in per_sentence]
    for sentence, view, matches in zip(sentences, views, _match_sentences(views, codebook, use_model)):
        for code, term, a, b in matches:
            start, end = view.starts[a], view.ends[b - 1]
            records.append({
                "sentence_index": int(sentence.index), "category": code.category, "code": code.name,
                "term": term.text, "match": text[start:end], "start": start, "end": end,
                "_order": order[code.name],
            })
    records.sort(key=lambda r: (r["sentence_index"], r["start"], r["end"], r["_order"]))
    for r in records:
        del r["_order"]
    return records


@dataclass(frozen=True)
class _WholeText:
    index: int
    start: int
    end: int


# Categories whose matches inside the title of a cited document are dropped. "Chỉ thị 01-CT/TW về
# nghiên cứu, học tập, quán triệt ... Nghị quyết" names stages in a title: nobody studied anything
# in that sentence. Levels and audiences in titles ("Nghị quyết Đại hội Đảng bộ tỉnh") still say
# whose document it is, so they stay; voice is decided on the whole sentence.
CITED_TITLE_CATEGORIES = ("stage",)


def drop_inside_cited_titles(records: list[dict], title_spans, categories=CITED_TITLE_CATEGORIES) -> list[dict]:
    """The coding records without the matches of ``categories`` that lie inside one of
    ``title_spans`` (the titles after cited documents:
    :func:`analysis.extract.cited_titles.cited_title_spans`).

    >>> records = [{"category": "stage", "code": "hoc_tap", "start": 40, "end": 47},
    ...            {"category": "stage", "code": "quan_triet", "start": 9, "end": 18},
    ...            {"category": "level", "code": "tinh", "start": 60, "end": 64}]
    >>> [r["code"] for r in drop_inside_cited_titles(records, [(35, 70)])]
    ['quan_triet', 'tinh']
    """
    if not title_spans:
        return records
    return [r for r in records
            if r["category"] not in categories or not any(a <= r["start"] and r["end"] <= b for a, b in title_spans)]


def code_text(sentence: str, codebook: Codebook | None = None, use_model: bool = True) -> list[dict]:
    """Code one string as a single sentence (for tests, validation and quick checks).

    >>> sorted({r["code"] for r in code_text("Cần đẩy mạnh tuyên truyền trên mạng xã hội.")})
    ['mang_xa_hoi', 'prescription', 'tuyen_truyen']
    """
    if not sentence.strip():
        return []
    whole = _WholeText(0, 0, len(sentence))
    return code_sentences(sentence, [whole], tokenize_sentences(sentence, [whole]), codebook, use_model)


def codes_per_sentence(codings: pd.DataFrame | Iterable[dict]) -> pd.DataFrame:
    """One row per (document, sentence, category, code) with the number of matches.

    Works on the records of :func:`code_sentences` or on the ``codings`` table (with ``doc_id``).
    """
    df = codings if isinstance(codings, pd.DataFrame) else pd.DataFrame(list(codings), columns=CODING_COLUMNS)
    keys = [k for k in ("doc_id", "sentence_index", "category", "code") if k in df.columns]
    if df.empty:
        return pd.DataFrame(columns=keys + ["matches"])
    out = df.groupby(keys, sort=True).size().rename("matches").reset_index()
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def densities(codings: pd.DataFrame, n_words_by_doc: Mapping[str, int] | pd.Series,
              codebook: Codebook | None = None) -> pd.DataFrame:
    """Per document, category and code: matches and coded sentences, raw and per 1,000 words.

    ``codings`` is the codings table (``doc_id, sentence_index, category, code, ...``);
    ``n_words_by_doc`` maps every document to its number of word tokens (punctuation excluded,
    see :func:`analysis.tokens.word_count`). The result is a complete grid: every document in
    ``n_words_by_doc`` times every code in the codebook, with zeros where nothing matched, so that
    absences count in comparisons. Columns: ``doc_id, category, code, n_words, matches,
    sentences, matches_per_1000, sentences_per_1000`` (per-1,000 values are NaN for a document
    with no words). Sorted by doc_id, then codebook order.
    """
    codebook = codebook or load_codebook()
    n_words = pd.Series(n_words_by_doc, dtype="float64") if not isinstance(n_words_by_doc, pd.Series) else n_words_by_doc
    grid = pd.DataFrame(
        [(str(doc), code.category, code.name, k) for doc in sorted(map(str, n_words.index))
         for k, code in enumerate(codebook.codes)],
        columns=["doc_id", "category", "code", "_order"],
    )
    if codings is not None and len(codings):
        df = codings.assign(doc_id=codings["doc_id"].astype(str))
        counts = df.groupby(["doc_id", "category", "code"]).agg(
            matches=("sentence_index", "size"), sentences=("sentence_index", "nunique")).reset_index()
    else:
        counts = pd.DataFrame(columns=["doc_id", "category", "code", "matches", "sentences"])
    out = grid.merge(counts, on=["doc_id", "category", "code"], how="left")
    out["matches"] = out["matches"].fillna(0).astype("int64")
    out["sentences"] = out["sentences"].fillna(0).astype("int64")
    by_doc = pd.Series(n_words.to_numpy(), index=n_words.index.map(str))
    words = out["doc_id"].map(by_doc).fillna(0).astype("int64")  # vectorised: one lookup per row is slow
    out.insert(3, "n_words", words)
    safe = words.where(words > 0)
    out["matches_per_1000"] = (out["matches"] * 1000 / safe).round(6)
    out["sentences_per_1000"] = (out["sentences"] * 1000 / safe).round(6)
    out = out.sort_values(["doc_id", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    return out

