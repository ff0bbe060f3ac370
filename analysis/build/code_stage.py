"""Stage "code" of one document: the codebook applied to its sentences and cached word tokens
(without the stages named in the titles of the documents it cites), and the stopword marks of its
tokens.

Cheap next to stage "read": editing the codebook or a stoplist re-runs only this stage, from the
cached tokens.
"""
from __future__ import annotations

from analysis.coding.codebook import load_codebook
from analysis.coding.matching import code_sentences, drop_inside_cited_titles
from analysis.coding.stoplists import is_stop
from analysis.coding.tokens import Token
from analysis.extract.cited_titles import cited_title_spans
from analysis.read import Sentence

from .records import CodeResult, LiveObjects, ReadResult, column_length, to_columns

__all__ = ["code_stage"]

_CODING_FIELDS = ("sentence_index", "category", "code", "term", "start", "end")


def code_stage(read: ReadResult, live: LiveObjects | None = None) -> CodeResult:
    """The `codings` columns and the tokens' `is_stop` marks of one parsed document (empty for a
    skipped unit). ``live``: the sentence and token objects stage "read" just made in this
    process, if any."""
    documents = read.table("documents")
    if not column_length(documents):
        return CodeResult({}, [])
    text, doc_id = documents["text"][0], documents["doc_id"][0]
    if live is None:
        live = _objects_from_columns(read, text)
    codings = code_sentences(text, live.sentences, live.tokens_by_sentence, load_codebook())
    codings = drop_inside_cited_titles(codings, cited_title_spans(text, read.table("references").get("end", [])))
    stops = [is_stop(token.norm, token.is_word) for tokens in live.tokens_by_sentence for token in tokens]
    return CodeResult(to_columns([{"doc_id": doc_id, **{k: c[k] for k in _CODING_FIELDS}} for c in codings]), stops)


def _objects_from_columns(read: ReadResult, text: str) -> LiveObjects:
    """Sentence and token objects of one document, rebuilt from its cached stage "read" columns."""
    table = read.table("sentences")
    sentences = [Sentence(i, p, a, b, text) for i, p, a, b in zip(
        table.get("sentence_index", []), table.get("paragraph", []), table.get("start", []), table.get("end", []))]
    tokens_by_sentence: list[list[Token]] = [[] for _ in sentences]
    tokens = read.table("tokens")
    for i, a, b, surface, norm in zip(tokens.get("sentence_index", []), tokens.get("start", []),
                                      tokens.get("end", []), tokens.get("token", []), tokens.get("norm", [])):
        tokens_by_sentence[i].append(Token(a, b, surface, norm))
    return LiveObjects(sentences, tokens_by_sentence)
