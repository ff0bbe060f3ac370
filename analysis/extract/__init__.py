"""Stage 2, extract: per document, pure functions clean text -> records with offsets.

Modules: `numbers` and `dates` (Vietnamese number, Roman numeral and date parsing), `metadata`
(title, publication date, byline, outlet mark), `gazetteer` (underthesea's address data: 63
provinces, their districts, the 2025 mapping to 34) and `province` (which province an article is
about), `references` (document codes, congresses, plenums), `claims` (percentages, fractions,
counts), and `document` (`extract_document`: all of them for one document). Imports `read`
(normalisation, sentences), `config` and `schema` only.
"""
from __future__ import annotations

from .document import extract_document

__all__ = ["extract_document"]
