"""Stage 3, code: word tokens, the codebook, dictionary coding of sentences, densities, KWIC.

Modules: `tokens` (underthesea word tokens with exact offsets), `crf` (a faster exact decoder of
underthesea's word-segmentation CRF), `stoplists` (stopword lists), `codebook` (the
validated codebook of ``analysis/data/codebook.yaml``), `matching` (codes per sentence, densities)
and `kwic` (keyword in context). Imports `read`, `config` and `schema` only.
"""
from __future__ import annotations

from .codebook import Code, Codebook, CodebookError, Term, load_codebook, parse_codebook, phrase_syllables
from .kwic import KWIC_COLUMNS, kwic
from .matching import CODING_COLUMNS, code_sentences, code_text, codes_per_sentence, densities
from .stoplists import officialese_stoplist, stopwords
from .tokens import Token, tokenize, tokenize_sentences, word_count

__all__ = ["Code", "Codebook", "CodebookError", "Term", "load_codebook", "parse_codebook", "phrase_syllables",
           "KWIC_COLUMNS", "kwic", "CODING_COLUMNS", "code_sentences", "code_text", "codes_per_sentence",
           "densities", "Token", "officialese_stoplist", "stopwords", "tokenize", "tokenize_sentences",
           "word_count"]
