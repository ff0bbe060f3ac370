"""Keyword-in-context: every occurrence of a term or a code, with word windows around it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.read.sentences import split_sentences

from .codebook import Codebook, load_codebook, phrase_syllables
from .matching import SentenceView, code_sentences, group_tokens
from .tokens import Token, tokenize_sentences

__all__ = ["kwic", "KWIC_COLUMNS"]

KWIC_COLUMNS = ["doc_id", "sentence_index", "start", "end", "left", "match", "right"]


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
            per_sentence = group_tokens(sentences, tokens[doc_id])
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
                view = SentenceView(toks)
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

