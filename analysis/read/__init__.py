"""Stage 1, read: bytes -> clean text, one `Document` per article, every input in the manifest.

Modules, in the order of the flow: `sources` (input units from folders, .jsonl lines, HTML
extraction), `decode` (encodings, binary and legacy-font detection), `normalize` (NFC, one
tone-mark style, whitespace; length-preserving helpers `fold` and `canonical_tones`), `clean`
(site chrome and repeated paragraphs, recorded), `sentences` (segmentation with offsets),
`corpus` (one input unit -> a document, duplicates, `read_corpus`), `records` (the typed
records). This stage imports nothing else from the package but `config`.
"""
from __future__ import annotations

from .clean import clean_text, load_rules
from .corpus import Deduplicator, doc_id_for, read_corpus, read_source
from .decode import decode_bytes
from .normalize import canonical_tones, collation_key, fold, normalize_text, slug, strip_diacritics
from .records import CorpusResult, Document, ManifestEntry, Removal, SkipFile, Source, shown_path
from .sentences import Sentence, sentence_at, split_sentences
from .sources import DEFAULT_MAX_BYTES, SUPPORTED_EXTENSIONS, iter_sources, safe_text

__all__ = [
    "clean_text", "load_rules", "Deduplicator", "doc_id_for", "read_corpus", "read_source", "decode_bytes",
    "canonical_tones", "collation_key", "fold", "normalize_text", "slug", "strip_diacritics", "CorpusResult", "Document",
    "ManifestEntry", "Removal", "SkipFile", "Source", "shown_path", "Sentence", "sentence_at",
    "split_sentences", "SUPPORTED_EXTENSIONS", "iter_sources", "safe_text", "DEFAULT_MAX_BYTES",
]
