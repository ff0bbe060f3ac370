"""Read a folder (or a list of files) of scraped articles into clean, normalised documents.

Load inputs (`sources`) -> decode (`decode`) -> normalise (`normalize.normalize_text`) -> clean
(`clean`), recording every removal. `read_source` turns one input unit into a `Document` or
raises `SkipFile` with a reason a researcher can act on; `Deduplicator` decides duplicates in
input order. The build runs exactly these steps per document (`analysis.build.pipeline`), and
`read_corpus` is the same path without the later stages: both give the same manifest rows,
with the same reasons.

>>> from analysis.config import SEEDS
>>> result = read_corpus([SEEDS])
>>> sorted(result.manifest_frame()["status"].unique().tolist())
['parsed', 'skipped']
"""
from __future__ import annotations

import hashlib
import os
from typing import Iterable

from .clean import clean_text, load_rules
from .decode import decode_bytes
from .normalize import normalize_text
from .records import CorpusResult, Document, ManifestEntry, SkipFile, Source
from .sources import DEFAULT_MAX_BYTES, html_to_text, iter_sources

__all__ = ["read_source", "read_corpus", "doc_id_for", "Deduplicator"]


def doc_id_for(normalised: str) -> str:
    """Stable document id: the first 12 hex digits of the SHA-256 of the normalised text.

    Normalised text does not depend on the chrome rules, so editing the rules keeps ids stable;
    the same article saved in NFC and NFD, or in UTF-8 and Windows-1258, gets the same id.

    >>> doc_id_for("Tỉnh ủy")
    '785a821d38d8'
    """
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def read_source(source: Source, rules=None) -> Document:
    """Turn one input unit into a Document; raises `SkipFile` with the reason when it cannot."""
    if source.error:
        raise SkipFile(source.error)
    assert source.data is not None
    text, encoding, notes = decode_bytes(source.data)
    variables = dict(source.variables)
    if source.format == "html":
        text, html_vars = html_to_text(text)
        for key, value in html_vars.items():
            variables.setdefault(key, value)
        encoding = f"{encoding}+html"
    normalised = normalize_text(text)
    if not normalised:
        raise SkipFile("no text: the file holds only whitespace" if source.data.strip() == b"" or not text.strip()
                       else "no text left after normalisation")
    clean, removals = clean_text(normalised, rules)
    if not clean.strip():
        raise SkipFile("no article text left after removing site chrome (every line matched a chrome rule)")
    return Document(
        doc_id=doc_id_for(normalised),
        path=source.shown_path,
        format=source.format,
        encoding=encoding,
        text=clean,
        raw_sha256=hashlib.sha256(source.data).hexdigest(),
        variables=variables,
        removals=notes + removals,
    )


class Deduplicator:
    """Duplicates in input order: the same normalised text (doc_id) or the same clean text.

    >>> dedupe = Deduplicator()
    >>> dedupe.original_of("aaa", "Tỉnh ủy", "a.txt"), dedupe.original_of("bbb", "Tỉnh ủy", "b.txt")
    (None, ('aaa', 'a.txt'))
    """

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[str, str]] = {}
        self._by_text: dict[str, tuple[str, str]] = {}

    def original_of(self, doc_id: str, clean_text: str, path: str) -> tuple[str, str] | None:
        """(doc_id, path) of the earlier document this one duplicates, or None (then it is recorded)."""
        text_key = hashlib.sha256(clean_text.encode("utf-8")).hexdigest()
        original = self._by_id.get(doc_id) or self._by_text.get(text_key)
        if original is None:
            self._by_id[doc_id] = self._by_text[text_key] = (doc_id, path)
        return original

    @staticmethod
    def reason(original: tuple[str, str]) -> str:
        """The manifest reason of a duplicate of ``original`` (doc_id, path)."""
        doc_id, path = original
        return f"same article text as {path} (doc {doc_id})"

    @staticmethod
    def entry(source: Source, encoding: str | None, original: tuple[str, str]) -> ManifestEntry:
        """The manifest entry of a duplicate."""
        return ManifestEntry.of(source, "duplicate", Deduplicator.reason(original), original[0], encoding,
                                duplicate_of=original[0])


def read_corpus(paths: Iterable[str | os.PathLike] | str | os.PathLike, follow_symlinks: bool = False,
                max_bytes: int = DEFAULT_MAX_BYTES) -> CorpusResult:
    """Read every article under `paths` (folders and/or files) into documents plus a manifest
    (``follow_symlinks`` and ``max_bytes`` as for `iter_sources`).

    Duplicates (the same normalised text, or the same clean text, under another name or line)
    are listed in the manifest with the document they duplicate and are not returned twice.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    documents: list[Document] = []
    manifest: list[ManifestEntry] = []
    dedupe = Deduplicator()
    rules = load_rules()
    for source in iter_sources(paths, follow_symlinks=follow_symlinks, max_bytes=max_bytes):
        try:
            document = read_source(source, rules)
        except SkipFile as reason:
            manifest.append(ManifestEntry.of(source, "skipped", str(reason)))
            continue
        original = dedupe.original_of(document.doc_id, document.text, document.path)
        if original is not None:
            manifest.append(Deduplicator.entry(source, document.encoding, original))
            continue
        documents.append(document)
        manifest.append(ManifestEntry.of(source, "parsed", None, document.doc_id, document.encoding))
    return CorpusResult(documents, manifest)
