"""Dictionary coding of sentences with a researcher-editable codebook, densities and KWIC.

The codebook (``analysis/codebook.yaml``; see ``docs/codebook.md``) lists categories (stage,
channel, audience, level, voice) and codes, each with Vietnamese terms. Matching works on the
word tokens of :mod:`analysis.tokens`:

- a term is a sequence of folded syllables ("học tập" -> ``("học", "tập")``), compared with the
  syllables of the sentence's tokens, so it matches whether underthesea joined the compound
  into one token or not, and whatever the case or tone-mark style ("Hoà" = "hòa");
- a one-syllable term must be a whole token unless the codebook says otherwise, so "xã" does
  not match inside the word "xã hội" and "cần" not inside "cần thiết";
- ``requires`` / ``excludes`` / ``excludes_near`` give context conditions, ``suppressed_by``
  drops a code from sentences in which another code matched;
- within a category, a match lying inside a longer match of the same category is dropped
  ("cán bộ chủ chốt" is a key cadre, not also a generic "cán bộ"; "chỉ đạt" is a limitation,
  not an achievement).

Every match becomes one record with the offsets of the matched text in the clean document
text, so any count can be traced back to its quotation.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.text import fold
from analysis.tokens import Token, tokenize_sentences

__all__ = [
    "CODEBOOK_PATH",
    "CodebookError",
    "Codebook",
    "Code",
    "Term",
    "load_codebook",
    "code_sentences",
    "code_text",
    "codes_per_sentence",
    "densities",
    "kwic",
    "CODING_COLUMNS",
    "KWIC_COLUMNS",
]

CODEBOOK_PATH = Path(__file__).resolve().parent / "codebook.yaml"
CODING_COLUMNS = ["sentence_index", "category", "code", "term", "match", "start", "end"]
KWIC_COLUMNS = ["doc_id", "sentence_index", "start", "end", "left", "match", "right"]


class CodebookError(ValueError):
    """The codebook file is malformed; the message names the file and the bad entry."""


# --------------------------------------------------------------------------- phrases

# Punctuation written next to a word in a term ("cán bộ, công chức") is its own token in text.
_EDGE_PUNCT = re.compile(r"^([,;:!?“”\"'()\[\]…]*)(.*?)([,;:!?“”\"'()\[\]…]*)$")


def phrase_syllables(phrase: str) -> tuple[str, ...]:
    """Folded syllables of a codebook phrase, with edge punctuation split off.

    >>> phrase_syllables("Cán bộ, Công Chức")
    ('cán', 'bộ', ',', 'công', 'chức')
    >>> phrase_syllables("Uỷ ban")
    ('ủy', 'ban')
    """
    out: list[str] = []
    for chunk in fold(unicodedata.normalize("NFC", phrase)).split():
        lead, core, trail = _EDGE_PUNCT.match(chunk).groups()
        out.extend(lead)
        if core:
            out.append(core)
        out.extend(trail)
    return tuple(out)


@dataclass(frozen=True)
class Term:
    """One codebook term with its context conditions (phrases are folded syllable tuples)."""

    text: str
    syllables: tuple[str, ...]
    whole_token: bool
    requires: tuple[tuple[str, ...], ...] = ()
    requires_window: int | None = None
    excludes: tuple[tuple[str, ...], ...] = ()
    excludes_near: tuple[tuple[str, ...], ...] = ()
    near_window: int | None = None


@dataclass(frozen=True)
class Code:
    """One code of a category, as declared in the codebook."""

    name: str
    category: str
    label: str
    gloss_en: str
    definition: str
    examples: tuple[str, ...]
    terms: tuple[Term, ...]
    excludes: tuple[tuple[str, ...], ...] = ()
    excludes_near: tuple[tuple[str, ...], ...] = ()
    near_window: int | None = None
    suppressed_by: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``"category:code"``, the unambiguous name used by :func:`kwic`."""
        return f"{self.category}:{self.name}"


@dataclass(frozen=True)
class Codebook:
    """A validated codebook: categories in file order, codes in file order."""

    categories: dict[str, dict[str, str]]
    codes: tuple[Code, ...]
    path: str = ""
    _by_first: dict[str, tuple[tuple[Code, Term], ...]] = field(default_factory=dict, repr=False)

    def code(self, name: str) -> Code:
        """Look a code up by ``"code"`` or ``"category:code"``; KeyError lists valid names."""
        for c in self.codes:
            if name in (c.name, c.key):
                return c
        raise KeyError(f"unknown code {name!r}; valid codes: {', '.join(c.key for c in self.codes)}")

    def codes_in(self, category: str) -> list[Code]:
        return [c for c in self.codes if c.category == category]

    def table(self) -> pd.DataFrame:
        """The codebook as a tidy table: one row per term (for notebooks and the README)."""
        rows = [
            {"category": c.category, "code": c.name, "label": c.label, "gloss_en": c.gloss_en,
             "term": t.text, "requires": "; ".join(" ".join(p) for p in t.requires),
             "excludes": "; ".join(" ".join(p) for p in t.excludes + t.excludes_near)}
            for c in self.codes for t in c.terms
        ]
        return pd.DataFrame(rows, columns=["category", "code", "label", "gloss_en", "term", "requires", "excludes"])


# --------------------------------------------------------------------------- loading

_CODE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_KEYS = {"code", "category", "label", "gloss_en", "definition", "examples", "terms",
              "excludes", "excludes_near", "near_window", "suppressed_by"}
_TERM_KEYS = {"term", "requires", "requires_window", "excludes", "excludes_near", "near_window", "whole_token"}
_TOP_KEYS = {"version", "description", "categories", "codes"}


def _phrase_list(value: Any, where: str, key: str) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CodebookError(f"{where}: '{key}' must be a list of non-empty strings, got {value!r}")
    return tuple(phrase_syllables(v) for v in value)


def _window(value: Any, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CodebookError(f"{where}: '{key}' must be a non-negative integer, got {value!r}")
    return value


def _text_field(entry: Mapping, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CodebookError(f"{where}: missing or empty '{key}'")
    return value.strip()


def _parse_term(raw: Any, where: str) -> Term:
    if isinstance(raw, str):
        raw = {"term": raw}
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{where}: a term must be a string or a mapping with 'term', got {raw!r}")
    text = raw.get("term")
    if not isinstance(text, str) or not text.strip():
        raise CodebookError(f"{where}: empty term")
    syllables = phrase_syllables(text)
    where = f"{where} ({text!r})"
    unknown = sorted(set(raw) - _TERM_KEYS)
    if unknown:
        raise CodebookError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_TERM_KEYS)}")
    whole = raw.get("whole_token", len(syllables) == 1)
    if not isinstance(whole, bool):
        raise CodebookError(f"{where}: 'whole_token' must be true or false, got {whole!r}")
    requires = _phrase_list(raw.get("requires"), where, "requires")
    if "requires_window" in raw and not requires:
        raise CodebookError(f"{where}: 'requires_window' given without 'requires'")
    near = _phrase_list(raw.get("excludes_near"), where, "excludes_near")
    if "near_window" in raw and not near:
        raise CodebookError(f"{where}: 'near_window' given without 'excludes_near'")
    return Term(
        text=text.strip(), syllables=syllables, whole_token=whole, requires=requires,
        requires_window=_window(raw.get("requires_window"), where, "requires_window"),
        excludes=_phrase_list(raw.get("excludes"), where, "excludes"),
        excludes_near=near, near_window=_window(raw.get("near_window"), where, "near_window"),
    )


def _parse_code(raw: Any, index: int, categories: Mapping, source: str) -> Code:
    where = f"{source}: codes[{index}]"
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{where}: a code must be a mapping, got {raw!r}")
    name = raw.get("code")
    if not isinstance(name, str) or not _CODE_NAME.match(name):
        raise CodebookError(f"{where}: 'code' must be a lower-case identifier (a-z, 0-9, _), got {name!r}")
    where = f"{source}: code '{name}' (codes[{index}])"
    unknown = sorted(set(raw) - _CODE_KEYS)
    if unknown:
        raise CodebookError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_CODE_KEYS)}")
    category = raw.get("category")
    if category not in categories:
        raise CodebookError(f"{where}: unknown category {category!r}; declared categories: {', '.join(categories)}")
    gloss = _text_field(raw, "gloss_en", where)
    definition = _text_field(raw, "definition", where)
    label = raw.get("label", name)
    if not isinstance(label, str) or not label.strip():
        raise CodebookError(f"{where}: 'label' must be a non-empty string")
    examples = raw.get("examples")
    if not isinstance(examples, list) or not examples or not all(isinstance(e, str) and e.strip() for e in examples):
        raise CodebookError(f"{where}: 'examples' must be a non-empty list of sentences")
    terms_raw = raw.get("terms")
    if not isinstance(terms_raw, list) or not terms_raw:
        raise CodebookError(f"{where}: empty term list ('terms' must be a non-empty list)")
    terms = tuple(_parse_term(t, f"{where} terms[{i}]") for i, t in enumerate(terms_raw))
    seen: dict[tuple[str, ...], int] = {}
    for i, term in enumerate(terms):
        if term.syllables in seen:
            raise CodebookError(f"{where}: duplicate term {term.text!r} (terms[{seen[term.syllables]}] and terms[{i}])")
        seen[term.syllables] = i
    near = _phrase_list(raw.get("excludes_near"), where, "excludes_near")
    if "near_window" in raw and not near:
        raise CodebookError(f"{where}: 'near_window' given without 'excludes_near'")
    suppressed = raw.get("suppressed_by") or []
    if not isinstance(suppressed, list) or not all(isinstance(s, str) for s in suppressed):
        raise CodebookError(f"{where}: 'suppressed_by' must be a list of code names")
    return Code(
        name=name, category=category, label=label.strip(), gloss_en=gloss, definition=definition,
        examples=tuple(e.strip() for e in examples), terms=terms,
        excludes=_phrase_list(raw.get("excludes"), where, "excludes"),
        excludes_near=near, near_window=_window(raw.get("near_window"), where, "near_window"),
        suppressed_by=tuple(suppressed),
    )


def parse_codebook(data: Any, source: str = "codebook") -> Codebook:
    """Validate an already-parsed codebook mapping (see :func:`load_codebook`)."""
    if not isinstance(data, Mapping):
        raise CodebookError(f"{source}: the codebook must be a mapping with 'categories' and 'codes'")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise CodebookError(f"{source}: unknown top-level key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}")
    categories_raw = data.get("categories")
    if not isinstance(categories_raw, Mapping) or not categories_raw:
        raise CodebookError(f"{source}: 'categories' must be a non-empty mapping of category name -> description")
    categories: dict[str, dict[str, str]] = {}
    for cat, info in categories_raw.items():
        where = f"{source}: category {cat!r}"
        if not isinstance(cat, str) or not _CODE_NAME.match(cat):
            raise CodebookError(f"{where}: category names must be lower-case identifiers")
        if not isinstance(info, Mapping):
            raise CodebookError(f"{where}: must be a mapping with 'gloss_en' and 'definition'")
        categories[cat] = {"gloss_en": _text_field(info, "gloss_en", where),
                           "definition": _text_field(info, "definition", where)}
    codes_raw = data.get("codes")
    if not isinstance(codes_raw, list) or not codes_raw:
        raise CodebookError(f"{source}: 'codes' must be a non-empty list")
    codes: list[Code] = []
    first_seen: dict[str, int] = {}
    for i, raw in enumerate(codes_raw):
        code = _parse_code(raw, i, categories, source)
        if code.name in first_seen:
            raise CodebookError(
                f"{source}: duplicate code '{code.name}' (codes[{first_seen[code.name]}] and codes[{i}]); "
                "code names must be unique in the codebook")
        first_seen[code.name] = i
        codes.append(code)
    for i, code in enumerate(codes):
        for other in code.suppressed_by:
            if other not in first_seen:
                raise CodebookError(f"{source}: code '{code.name}' (codes[{i}]): 'suppressed_by' names unknown code {other!r}")
    by_first: dict[str, list[tuple[Code, Term]]] = {}
    for code in codes:
        for term in code.terms:
            by_first.setdefault(term.syllables[0], []).append((code, term))
    return Codebook(categories, tuple(codes), source, {k: tuple(v) for k, v in by_first.items()})


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Codebook:
    import yaml

    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{name}: not UTF-8 text ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        place = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CodebookError(f"{name}: invalid YAML{place}: {problem}") from None
    return parse_codebook(data, name)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook (default: the packaged ``analysis/codebook.yaml``).

    Raises :class:`CodebookError` naming the file and the bad entry: invalid YAML (with line
    and column), unknown category, duplicate code or term, empty term list, missing gloss or
    definition, wrongly typed ``requires``/``excludes``/windows, unknown keys. Results are
    cached per file version.

    >>> cb = load_codebook()
    >>> list(cb.categories)
    ['stage', 'channel', 'audience', 'level', 'voice']
    >>> cb.code("stage:quan_triet").label
    'quán triệt'
    """
    p = Path(path) if path is not None else CODEBOOK_PATH
    try:
        stat = p.stat()
    except OSError as exc:
        raise CodebookError(f"{p.name}: cannot read the codebook ({exc.strerror})") from None
    return _load_cached(str(p.resolve()), stat.st_mtime_ns, stat.st_size)


# --------------------------------------------------------------------------- matching

class _SentenceView:
    """The syllables of one sentence with their offsets and token boundaries."""

    __slots__ = ("syl", "starts", "ends", "tok_start", "tok_end", "_occ", "_positions")

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
        self._occ: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        self._positions: dict[str, list[int]] | None = None

    def fits(self, i: int, syllables: tuple[str, ...], whole_token: bool) -> bool:
        j = i + len(syllables)
        if j > len(self.syl) or tuple(self.syl[i:j]) != syllables:
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
            whole = len(phrase) == 1
            found = [(i, i + len(phrase)) for i in self._positions.get(phrase[0], ())
                     if self.fits(i, phrase, whole)]
            self._occ[phrase] = found
        return found


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Syllables strictly between two spans (0 when they touch or overlap)."""
    return max(b[0] - a[1], a[0] - b[1], 0)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _near(view: _SentenceView, span, phrases, window: int | None) -> bool:
    for phrase in phrases:
        for occ in view.occurrences(phrase):
            if window is None or _gap(span, occ) <= window:
                return True
    return False


def _excluded(view: _SentenceView, span, phrases) -> bool:
    return any(_overlaps(span, occ) for phrase in phrases for occ in view.occurrences(phrase))


def _match_sentence(view: _SentenceView, codebook: Codebook) -> list[tuple[Code, Term, int, int]]:
    hits: list[tuple[Code, Term, int, int]] = []
    for i, first in enumerate(view.syl):
        for code, term in codebook._by_first.get(first, ()):
            if not view.fits(i, term.syllables, term.whole_token):
                continue
            span = (i, i + len(term.syllables))
            if term.requires and not _near(view, span, term.requires, term.requires_window):
                continue
            if _excluded(view, span, term.excludes) or _excluded(view, span, code.excludes):
                continue
            if term.excludes_near and _near(view, span, term.excludes_near, term.near_window):
                continue
            if code.excludes_near and _near(view, span, code.excludes_near, code.near_window):
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
    return [h for h in kept if not any(s in present for s in h[0].suppressed_by)]


def _group_tokens(sentences: Sequence, tokens) -> list[list[Token]]:
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


def code_sentences(text: str, sentences: Sequence, tokens=None, codebook: Codebook | None = None) -> list[dict]:
    """Code every sentence of one document; one record per matched term.

    ``sentences`` are objects with ``index``, ``start``, ``end`` (``analysis.segment.Sentence``);
    ``tokens`` are the word tokens per sentence (``tokenize_sentences``) or one flat list (they are
    computed when None). Records have keys ``sentence_index, category, code, term, match, start,
    end``: ``term`` is the codebook term, ``match`` the text as written, ``start``/``end`` its
    offsets in ``text``. Records are sorted by position; a document without sentences gives [].
    Use :func:`codes_per_sentence` to count sentences rather than matches.

    >>> from analysis.segment import split_sentences
    >>> doc = "Tỉnh ủy đã quán triệt Nghị quyết. Một số nơi chưa là đảng viên."
    >>> [(r["sentence_index"], r["code"], r["match"]) for r in code_sentences(doc, split_sentences(doc))]
    [(0, 'tinh', 'Tỉnh ủy'), (0, 'quan_triet', 'quán triệt')]
    """
    codebook = codebook or load_codebook()
    sentences = list(sentences)
    if not sentences:
        return []
    per_sentence = tokenize_sentences(text, sentences) if tokens is None else _group_tokens(sentences, tokens)
    order = {code.name: k for k, code in enumerate(codebook.codes)}
    records: list[dict] = []
    for sentence, toks in zip(sentences, per_sentence):
        view = _SentenceView(toks)
        for code, term, a, b in _match_sentence(view, codebook):
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


def code_text(sentence: str, codebook: Codebook | None = None) -> list[dict]:
    """Code one string as a single sentence (for tests, validation and quick checks).

    >>> sorted({r["code"] for r in code_text("Cần đẩy mạnh tuyên truyền trên mạng xã hội.")})
    ['mang_xa_hoi', 'prescription', 'tuyen_truyen']
    """
    if not sentence.strip():
        return []
    whole = _WholeText(0, 0, len(sentence))
    return code_sentences(sentence, [whole], tokenize_sentences(sentence, [whole]), codebook)


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


# --------------------------------------------------------------------------- KWIC

def _documents(table_or_docs) -> list[tuple[str, str]]:
    if isinstance(table_or_docs, pd.DataFrame):
        missing = {"doc_id", "text"} - set(table_or_docs.columns)
        if missing:
            raise ValueError(f"kwic needs a documents table with columns doc_id and text; missing {sorted(missing)}")
        pairs = zip(table_or_docs["doc_id"], table_or_docs["text"])
    elif isinstance(table_or_docs, Mapping):
        pairs = table_or_docs.items()
    elif isinstance(table_or_docs, str):
        pairs = [("", table_or_docs)]
    else:
        pairs = ((getattr(d, "doc_id"), getattr(d, "text")) for d in table_or_docs)
    return [(str(doc_id), text if isinstance(text, str) else "") for doc_id, text in pairs]


def _context(text: str, tokens: list[Token], first: int, last: int, window: int) -> tuple[str, str]:
    """Left/right context: ``window`` word tokens each side (punctuation between them kept)."""
    left_start = None
    count = 0
    for k in range(first - 1, -1, -1):
        if tokens[k].is_word:
            count += 1
        left_start = tokens[k].start
        if count >= window:
            break
    right_end = None
    count = 0
    for k in range(last + 1, len(tokens)):
        if tokens[k].is_word:
            count += 1
        right_end = tokens[k].end
        if count >= window:
            break
    left = text[left_start:tokens[first].start] if left_start is not None else ""
    right = text[tokens[last].end:right_end] if right_end is not None else ""
    return " ".join(left.split()), " ".join(right.split())


def kwic(table_or_docs, query: str, window: int = 8, by: str = "term",
         codebook: Codebook | None = None,
         tokens: Mapping[str, Sequence[Token]] | None = None) -> pd.DataFrame:
    """Keyword-in-context: every occurrence of a term or a code, with word windows around it.

    ``table_or_docs`` is the documents table (a DataFrame with ``doc_id`` and ``text``: the clean
    text), a mapping ``{doc_id: text}``, or an iterable of objects with ``doc_id`` and ``text``
    (``analysis.corpus.Document``). Texts are segmented and tokenized on the fly unless
    ``tokens`` gives the cached tokens per doc_id (``analysis.tokens.tokenize`` output).

    - ``by="term"``: ``query`` is any word or phrase, matched like a codebook term: case- and
      tone-style-insensitive, on token boundaries for a single syllable, as a syllable sequence
      for a phrase.
    - ``by="code"``: ``query`` is ``"category:code"`` or a code name (``"stage:quan_triet"``,
      ``"quan_triet"``) or a whole category (``"voice"``); rows are the codebook's matches.

    Returns columns ``doc_id, sentence_index, start, end, left, match, right`` (and ``category,
    code, term`` when ``by="code"``), ``left``/``right`` holding ``window`` word tokens of context;
    sorted by doc_id and position.

    >>> kwic({"d1": "Hội nghị đã quán triệt, Học tập nghị quyết."}, "học tập", window=2)[["left", "match", "right"]].values.tolist()
    [['đã quán triệt,', 'Học tập', 'nghị quyết.']]
    """
    from analysis.segment import split_sentences

    if by not in ("term", "code"):
        raise ValueError(f"by must be 'term' or 'code', got {by!r}")
    if window < 0:
        raise ValueError("window must be >= 0")
    codebook = codebook or load_codebook()
    if by == "code":
        if query in codebook.categories:
            wanted = {c.name for c in codebook.codes_in(query)}
        else:
            wanted = {codebook.code(query).name}
        phrase = ()
    else:
        phrase = phrase_syllables(query)
        if not phrase:
            raise ValueError("empty kwic query")
    rows: list[dict] = []
    for doc_id, text in _documents(table_or_docs):
        sentences = split_sentences(text)
        if not sentences:
            continue
        if tokens is not None and doc_id in tokens:
            per_sentence = _group_tokens(sentences, tokens[doc_id])
        else:
            per_sentence = tokenize_sentences(text, sentences)
        flat = [t for ts in per_sentence for t in ts]
        starts_at = {t.start: k for k, t in enumerate(flat)}
        ends_at = {t.end: k for k, t in enumerate(flat)}
        hits: list[tuple[int, int, int, dict]] = []
        if by == "code":
            for r in code_sentences(text, sentences, per_sentence, codebook):
                if r["code"] in wanted:
                    hits.append((r["sentence_index"], r["start"], r["end"],
                                 {"category": r["category"], "code": r["code"], "term": r["term"]}))
        else:
            whole = len(phrase) == 1
            for sentence, toks in zip(sentences, per_sentence):
                view = _SentenceView(toks)
                for i in range(len(view.syl)):
                    if view.syl[i] == phrase[0] and view.fits(i, phrase, whole):
                        hits.append((sentence.index, view.starts[i], view.ends[i + len(phrase) - 1], {}))
        for sentence_index, start, end, extra in hits:
            first = starts_at.get(start)
            last = ends_at.get(end)
            if first is None:  # the match starts inside a token: use that token for the context
                first = max(k for k, t in enumerate(flat) if t.start <= start)
            if last is None:
                last = min(k for k, t in enumerate(flat) if t.end >= end)
            left, right = _context(text, flat, first, last, window)
            rows.append({"doc_id": doc_id, "sentence_index": int(sentence_index), "start": int(start),
                         "end": int(end), "left": left, "match": text[start:end], "right": right, **extra})
    columns = KWIC_COLUMNS + (["category", "code", "term"] if by == "code" else [])
    out = pd.DataFrame(rows, columns=columns)
    if not out.empty:
        sort_keys = ["doc_id", "start", "end"] + (["category", "code"] if by == "code" else [])
        out = out.sort_values(sort_keys, kind="stable").reset_index(drop=True)
    return out
