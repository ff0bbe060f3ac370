"""Builders of small planted tables with exactly the build's columns, for the compare tests.

``make_corpus`` takes documents as dicts (doc_id, province, published, text, optional
province_2025) and returns documents, sentences and tokens tables whose offsets index ``text``.
Tokens are syllables, except the phrases listed in ``multiword`` which become one token with a
space inside, as underthesea writes them ("học tập"). ``code_terms`` writes codings rows by
finding terms inside a given sentence.
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.read.normalize import fold

_SENTENCE = re.compile(r".+?(?:[.!?](?=\s|$)|$)")
_TOKEN = re.compile(r"\w+|[^\w\s]")
FIXTURE_STOPWORDS = frozenset({"và", "của", "các", "đã", "được", "trong", "là", "có", "những", "với"})


def _province_2025(name):
    if name is None:
        return None
    from analysis.extract.gazetteer import province_2025

    return province_2025(name)


def split_sentences(text: str):
    """(index, paragraph, start, end) for each sentence: split at . ! ? and newlines."""
    out = []
    paragraph = 0
    pos = 0
    for line in text.split("\n"):
        for m in _SENTENCE.finditer(line):
            piece = m.group(0)
            stripped = piece.strip()
            if not stripped:
                continue
            start = pos + m.start() + (len(piece) - len(piece.lstrip()))
            out.append((len(out), paragraph, start, start + len(stripped)))
        if line.strip():
            paragraph += 1
        pos += len(line) + 1
    return out


def tokenize(text: str, multiword: tuple[str, ...] = ()):
    """(start, end, surface) tokens: syllables and punctuation, multiword phrases joined."""
    raw = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    folded_words = [tuple(fold(w).split()) for w in multiword]
    out = []
    i = 0
    while i < len(raw):
        for parts in sorted(folded_words, key=len, reverse=True):
            k = len(parts)
            if k > 1 and tuple(fold(t[2]) for t in raw[i:i + k]) == parts and all(
                    raw[i + j + 1][0] - raw[i + j][1] == 1 for j in range(k - 1)):
                out.append((raw[i][0], raw[i + k - 1][1], text[raw[i][0]:raw[i + k - 1][1]]))
                i += k
                break
        else:
            out.append(raw[i])
            i += 1
    return out


def make_corpus(docs: list[dict], multiword: dict[str, tuple[str, ...]] | None = None):
    """documents, sentences, tokens DataFrames for planted documents."""
    multiword = multiword or {}
    doc_rows, sent_rows, tok_rows = [], [], []
    for d in docs:
        text = d["text"]
        sents = split_sentences(text)
        toks = tokenize(text, multiword.get(d["doc_id"], ()))
        doc_rows.append({
            "doc_id": d["doc_id"], "path": f"fixtures/{d['doc_id']}.txt", "title": d.get("title"),
            "published": d.get("published"), "author": None, "outlet": d.get("outlet"),
            "province": d.get("province"),
            "province_2025": d.get("province_2025", _province_2025(d.get("province"))),
            "n_words": sum(1 for t in toks if re.search(r"\w", t[2])),
            "n_sentences": len(sents), "text": text, "duplicate_of": d.get("duplicate_of"),
        })
        for index, paragraph, start, end in sents:
            sent_rows.append({"doc_id": d["doc_id"], "sentence_index": index,
                              "paragraph": paragraph, "start": start, "end": end,
                              "text": text[start:end]})
        starts = [s[2] for s in sents]
        for position, (start, end, surface) in enumerate(toks):
            sentence_index = max([i for i, s in enumerate(starts) if s <= start], default=0)
            norm = fold(surface)
            tok_rows.append({
                "doc_id": d["doc_id"], "sentence_index": sentence_index, "position": position,
                "start": start, "end": end, "token": surface, "norm": norm,
                "is_stop": (not re.search(r"[^\W\d_]", norm)) or norm in FIXTURE_STOPWORDS,
            })
    return pd.DataFrame(doc_rows), pd.DataFrame(sent_rows), pd.DataFrame(tok_rows)


def code_terms(sentences: pd.DataFrame, items: list[tuple[str, int, str, str, str]]) -> pd.DataFrame:
    """Codings rows from (doc_id, sentence_index, category, code, term): the term must occur
    in that sentence; its offsets are found there."""
    rows = []
    for doc_id, index, category, code, term in items:
        sent = sentences[(sentences.doc_id == doc_id) & (sentences.sentence_index == index)].iloc[0]
        at = sent["text"].find(term)
        assert at >= 0, f"{term!r} not in sentence {index} of {doc_id}: {sent['text']!r}"
        rows.append({"doc_id": doc_id, "sentence_index": index, "category": category,
                     "code": code, "term": term, "start": int(sent["start"]) + at,
                     "end": int(sent["start"]) + at + len(term)})
    return pd.DataFrame(rows, columns=["doc_id", "sentence_index", "category", "code", "term",
                                       "start", "end"])
